"""The PostgreSQL side of the register, for an office whose clerks share one register over the
network: a transaction-level advisory lock per series while a number is chosen."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from docgen.errors import RegisterError

# How long a clerk waits for another build holding the same series before giving up.
LOCK_TIMEOUT = "60s"


def lock_key(key: str) -> int:
    """A stable signed 64-bit advisory-lock key for a series (the same in every process and on
    every machine, unlike Python's ``hash``)."""
    digest = hashlib.sha256(f"docgen-register:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def mask_password(url: str) -> str:
    """``postgresql://clerk:secret@host/db`` → ``postgresql://clerk:***@host/db`` for messages."""
    return re.sub(r"(//[^:/@]*):[^@/]*@", r"\1:***@", url)


def _driver() -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is installed with the test extra
        raise RegisterError(
            "a PostgreSQL register needs the psycopg package",
            code="REGISTER-DRIVER",
            hint="pip install 'psycopg[binary]'",
        ) from exc
    return psycopg


class PostgresDialect:
    name = "postgresql"
    id_column = "BIGSERIAL PRIMARY KEY"

    def __init__(self, url: str) -> None:
        self.url = url
        self.target = mask_password(url)

    @property
    def errors(self) -> tuple[type[Exception], ...]:
        return (_driver().Error,)

    def connect(self) -> Any:
        psycopg = _driver()
        try:
            # autocommit: no implicit transactions; the register opens its own
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=15)
            conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RegisterError(
                f"cannot reach the PostgreSQL register {self.target}: {first}",
                code="REGISTER-OPEN",
            ) from exc
        return conn

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def begin(self, conn: Any) -> None:
        conn.execute("BEGIN")

    def lock(self, conn: Any, key: str) -> None:
        # held until COMMIT or ROLLBACK; READ COMMITTED statements after it see every number
        # committed by the previous holder
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(key),))

    def has_table(self, conn: Any, name: str) -> bool:
        row = conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()
        return row is not None and row[0] is not None

    def is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, _driver().errors.UniqueViolation)

    def is_busy(self, exc: BaseException) -> bool:
        errors = _driver().errors
        return isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled)
