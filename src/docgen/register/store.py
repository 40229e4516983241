"""The document-number register ("sổ đăng ký văn bản đi"): opened on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from docgen.errors import RegisterError
from docgen.register.awards import AwardBook
from docgen.register.backup import Backups
from docgen.register.base import Dialect
from docgen.register.book import GoldenBook
from docgen.register.issuing import Issuing
from docgen.register.log import LogBook
from docgen.register.postgres import PostgresDialect
from docgen.register.signatures import SignatureBook
from docgen.register.sqlite import SQLiteDialect
from docgen.register.voiding import Voiding
from docgen.register.withdrawal import Withdrawing


class Register(
    Issuing, Voiding, GoldenBook, Withdrawing, LogBook, Backups, AwardBook, SignatureBook
):
    """The register over one database. Each operation opens its own connection, so one
    ``Register`` can serve a whole build and several processes can share the database.

    One implementation of the logic runs on both databases through a small dialect adapter
    (``sqlite.py``, ``postgres.py``): connection, placeholders, the lock taken before a number
    is chosen, and which driver errors mean "busy" or "duplicate"."""


def open_register(target: str | Path, *, workspace: str = "", create: bool = False) -> Register:
    """Open the register at ``target`` (migrating an older one) for the workspace whose
    identity is ``workspace``. A target that is not a register yet is refused
    (REGISTER-MISSING) unless ``create``: a mistyped path never becomes a new, empty register.

    * ``postgresql://user@host/db`` (or ``postgres://``): a PostgreSQL database;
    * ``sqlite:///relative/file.sqlite`` or ``sqlite:////absolute/file.sqlite`` (the SQLAlchemy
      convention), or a plain filesystem path: an SQLite file.
    """
    dialect = _dialect(target)
    if isinstance(dialect, SQLiteDialect):
        dialect.create = create
    register = Register(dialect, workspace=workspace, create=create)
    register.migrate()
    return register


def register_exists(target: str | Path) -> bool:
    """False for an SQLite register whose file is not there yet (nothing is created); a
    PostgreSQL register is taken to exist (opening it says whether it can be reached)."""
    dialect = _dialect(target)
    return not isinstance(dialect, SQLiteDialect) or dialect.path.exists()


def register_file(target: str | Path) -> Path | None:
    """The file of an SQLite register, None for a PostgreSQL one."""
    dialect = _dialect(target)
    return dialect.path if isinstance(dialect, SQLiteDialect) else None


def _dialect(target: str | Path) -> Dialect:
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresDialect(text)
    if text.startswith("sqlite:"):
        path = text.removeprefix("sqlite:///")
        if path == text or not path:
            raise RegisterError(
                f"{text}: an SQLite register URL is sqlite:///relative/path or "
                "sqlite:////absolute/path",
                code="REGISTER-URL",
            )
        return SQLiteDialect(Path(path))
    if "://" in text:
        raise RegisterError(
            f"{text}: the register is an SQLite file path, sqlite:///… or postgresql://…",
            code="REGISTER-URL",
        )
    return SQLiteDialect(Path(text))
