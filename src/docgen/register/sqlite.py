"""The SQLite side of the register: one file, WAL, and a whole-database write lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from docgen.errors import RegisterError

# How long a clerk waits for another build holding the register before giving up (seconds).
BUSY_TIMEOUT_S = 60


class SQLiteDialect:
    name = "sqlite"
    id_column = "INTEGER PRIMARY KEY AUTOINCREMENT"
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = path
        self.target = str(path)
        self.create = create  # make the file (and its folders) when it is not there

    def connect(self) -> sqlite3.Connection:
        if not self.create and not self.path.is_file():
            raise RegisterError(
                f"{self.path} is not a docgen register: there is no such file",
                code="REGISTER-MISSING",
                hint="check the register's path (--register, DOCGEN_REGISTER, "
                "data/settings.yaml); to start a new register there, run docgen register init",
            )
        try:
            if self.create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; the register opens its own
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise RegisterError(
                f"cannot open the register {self.path}: {exc}", code="REGISTER-OPEN"
            ) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            # WAL: readers (register list) never block the clerk who is taking a number
            conn.execute("PRAGMA journal_mode=WAL")
            # a number once committed must survive a power cut: the document already shows it
            conn.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            conn.close()
            raise RegisterError(
                f"cannot open the register {self.path}: {exc}",
                code="REGISTER-OPEN",
                hint="is this file a docgen register (an SQLite database)?",
            ) from exc
        return conn

    def sql(self, statement: str) -> str:
        return statement

    def begin(self, conn: Any) -> None:
        # IMMEDIATE takes the database's write lock now, before the highest number is read:
        # two processes can never both read the same maximum
        conn.execute("BEGIN IMMEDIATE")

    def lock(self, conn: Any, key: str) -> None:
        """Nothing to do: the BEGIN IMMEDIATE transaction already holds the one write lock."""

    def has_table(self, conn: Any, name: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.IntegrityError)

    def is_busy(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
