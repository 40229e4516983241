"""The document-number register ("sổ đăng ký văn bản đi"), on SQLite or PostgreSQL.

One implementation of the logic runs on both databases through a small backend adapter
(connection, placeholders, the lock taken before a number is chosen, DDL differences).

A number is taken inside one transaction that also records the entry; the caller renders and
writes the document inside that transaction, and the entry is committed only when the caller
reports the file written (``slot.complete``). A failure anywhere rolls back: no gap.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from docgen.errors import RegisterError
from docgen.register.policy import NumberingPolicy
from docgen.symbols import format_symbol, number_line

SCHEMA_VERSION = 2

_COLUMNS = (
    "id, issuer, series, number, symbol, date, kind, type_abbr, subject, signer, recipients, "
    "spec, output, sha256, state, created_at, updated_at, voided_at, void_reason"
)


@dataclass(frozen=True)
class IssueRequest:
    """What a document asks of the register."""

    issuer: str
    issuer_abbr: str
    system: Literal["party", "state"]
    kind: str
    type_abbr: str | None
    date: dt.date
    subject: str
    signer: str
    recipients: Sequence[str]
    spec: str  # the spec's path relative to the workspace: its identity
    number: int | None = None  # None: the next number; an int: given by hand


@dataclass(frozen=True)
class Entry:
    id: int
    issuer: str
    series: str
    number: int
    symbol: str
    date: dt.date
    kind: str
    type_abbr: str | None
    subject: str
    signer: str
    recipients: list[str]
    spec: str
    output: str | None
    sha256: str | None
    state: Literal["reserved", "issued", "voided"]
    created_at: str
    updated_at: str | None
    voided_at: str | None
    void_reason: str | None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Entry:
        values = list(row)
        values[5] = dt.date.fromisoformat(values[5])
        values[10] = json.loads(values[10])
        return cls(*values)


@dataclass
class Slot:
    """A number held for one document while it is being written."""

    number: int
    symbol: str
    line: str  # "Số 1247-KH/HVCTQG" / "Số: 05/KH-UBND"
    rebuilt: bool  # the spec already had this number
    entry_id: int
    output: str | None = None
    sha256: str | None = None
    completed: bool = field(default=False)

    def complete(self, output_path: str, sha256: str) -> None:
        """The document is written: keep the number."""
        self.output, self.sha256, self.completed = output_path, sha256, True


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Backend(Protocol):
    name: str
    target: str

    def connect(self) -> Any: ...

    def sql(self, statement: str) -> str: ...

    def begin_locked(self, conn: Any, issuer: str) -> None: ...

    def ddl(self, version: int) -> list[str]: ...

    def has_table(self, conn: Any, name: str) -> bool: ...


def _ddl_v1(id_column: str) -> list[str]:
    return [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"""CREATE TABLE IF NOT EXISTS entries (
            id {id_column},
            issuer TEXT NOT NULL,
            series TEXT NOT NULL,
            number INTEGER NOT NULL,
            symbol TEXT NOT NULL,
            date TEXT NOT NULL,
            kind TEXT NOT NULL,
            type_abbr TEXT,
            subject TEXT NOT NULL,
            signer TEXT NOT NULL,
            recipients TEXT NOT NULL,
            spec TEXT NOT NULL,
            output TEXT,
            sha256 TEXT,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            voided_at TEXT,
            void_reason TEXT,
            UNIQUE (series, number)
        )""",
        # one live (not voided) entry per spec: the number bound to it
        "CREATE UNIQUE INDEX IF NOT EXISTS entries_live_spec ON entries (spec) "
        "WHERE state <> 'voided'",
    ]


# Forward migrations: version → statements that bring version-1 to version.
_MIGRATIONS: dict[int, list[str]] = {
    2: ["ALTER TABLE entries ADD COLUMN updated_at TEXT"],
}


class SQLiteBackend:
    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.target = str(path)

    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=60000")
        return conn

    def sql(self, statement: str) -> str:
        return statement

    def begin_locked(self, conn: Any, issuer: str) -> None:
        # IMMEDIATE takes the write lock now, before the highest number is read
        conn.execute("BEGIN IMMEDIATE")

    def ddl(self, version: int) -> list[str]:
        return _ddl_v1("INTEGER PRIMARY KEY AUTOINCREMENT") if version == 1 else []

    def has_table(self, conn: Any, name: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None


class PostgresBackend:
    name = "postgresql"

    def __init__(self, url: str) -> None:
        self.target = url

    def connect(self) -> Any:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a test/extra dependency
            raise RegisterError(
                "a PostgreSQL register needs the psycopg package",
                code="REGISTER-DRIVER",
                hint="pip install 'psycopg[binary]'",
            ) from exc
        try:
            return psycopg.connect(self.target, autocommit=True)
        except psycopg.OperationalError as exc:
            raise RegisterError(
                f"cannot reach the PostgreSQL register: {str(exc).strip().splitlines()[0]}",
                code="REGISTER-CONNECT",
            ) from exc

    def sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    def begin_locked(self, conn: Any, issuer: str) -> None:
        conn.execute("BEGIN")
        # one lock per issuer, released at commit/rollback: numbers are chosen one at a time
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"docgen:{issuer}",))

    def ddl(self, version: int) -> list[str]:
        return _ddl_v1("BIGSERIAL PRIMARY KEY") if version == 1 else []

    def has_table(self, conn: Any, name: str) -> bool:
        row = conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()
        return row is not None and row[0] is not None


def open_register(target: str | Path) -> Register:
    """A path or ``sqlite:///path`` → SQLite; ``postgresql://…`` → PostgreSQL."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return Register(PostgresBackend(text))
    if text.startswith("sqlite:///"):
        text = text.removeprefix("sqlite://")
    return Register(SQLiteBackend(Path(text)))


class Register:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._migrated = False

    # -- plumbing -------------------------------------------------------------------------------
    @contextmanager
    def _connection(self) -> Iterator[Any]:
        conn = self.backend.connect()
        try:
            if not self._migrated:
                self.migrate(conn)
            yield conn
        finally:
            conn.close()

    def _exec(self, conn: Any, statement: str, params: Sequence[Any] = ()) -> Any:
        return conn.execute(self.backend.sql(statement), tuple(params))

    def schema_version(self, conn: Any) -> int:
        """0 for a new database."""
        if not self.backend.has_table(conn, "meta"):
            return 0
        found = self._exec(conn, "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(found[0]) if found else 0

    def migrate(self, conn: Any) -> None:
        """Create the schema, or bring an older one forward; refuse a newer one."""
        version = self.schema_version(conn)
        if version > SCHEMA_VERSION:
            raise RegisterError(
                f"the register {self.backend.target} was written by a newer docgen "
                f"(schema {version}; this one knows up to {SCHEMA_VERSION})",
                code="REGISTER-SCHEMA",
                hint="upgrade docgen",
            )
        if version < SCHEMA_VERSION:
            self.backend.begin_locked(conn, "__schema__")
            try:
                version = self.schema_version(conn)  # another process may have done it
                if version == 0:
                    for statement in self.backend.ddl(1):
                        self._exec(conn, statement)
                    version = 1
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in _MIGRATIONS[step]:
                        self._exec(conn, statement)
                    version = step
                self._exec(conn, "DELETE FROM meta WHERE key = 'schema_version'")
                self._exec(
                    conn,
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        self._migrated = True

    # -- reading --------------------------------------------------------------------------------
    def entries(self, issuer: str | None = None, year: int | None = None) -> list[Entry]:
        query = f"SELECT {_COLUMNS} FROM entries WHERE state <> 'reserved'"
        params: list[Any] = []
        if issuer is not None:
            query += " AND issuer = ?"
            params.append(issuer)
        if year is not None:
            query += " AND date >= ? AND date <= ?"
            params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
        query += " ORDER BY series, number"
        with self._connection() as conn:
            return [Entry.from_row(r) for r in self._exec(conn, query, params).fetchall()]

    def get_by_spec(self, spec: str) -> Entry | None:
        with self._connection() as conn:
            return self._live_entry(conn, spec)

    def _live_entry(self, conn: Any, spec: str) -> Entry | None:
        row = self._exec(
            conn, f"SELECT {_COLUMNS} FROM entries WHERE spec = ? AND state <> 'voided'", (spec,)
        ).fetchone()
        return Entry.from_row(row) if row else None

    # -- issuing --------------------------------------------------------------------------------
    @contextmanager
    def issue(self, request: IssueRequest, policy: NumberingPolicy) -> Iterator[Slot]:
        """Hold the document's number while it is written; see the module docstring."""
        series = policy.series_key(request.issuer, request.date, request.type_abbr)
        with self._connection() as conn:
            self.backend.begin_locked(conn, request.issuer)
            try:
                slot = self._choose(conn, request, policy, series)
                yield slot
                if not slot.completed:
                    conn.execute("ROLLBACK")
                    return
                self._exec(
                    conn,
                    "UPDATE entries SET output = ?, sha256 = ?, state = 'issued', updated_at = ?,"
                    " date = ?, subject = ?, signer = ?, recipients = ?, kind = ? WHERE id = ?",
                    (
                        slot.output,
                        slot.sha256,
                        _now(),
                        request.date.isoformat(),
                        request.subject,
                        request.signer,
                        json.dumps(list(request.recipients), ensure_ascii=False),
                        request.kind,
                        slot.entry_id,
                    ),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _choose(
        self, conn: Any, request: IssueRequest, policy: NumberingPolicy, series: str
    ) -> Slot:
        bound = self._live_entry(conn, request.spec)
        if bound is not None:
            if bound.series != series:
                raise RegisterError(
                    f"{request.spec} already has number {bound.symbol} of "
                    f"{bound.date.strftime('%d/%m/%Y')}, in another series ({bound.series}); "
                    f"its date, issuer or type now put it in {series}",
                    code="REGISTER-REBIND",
                    hint=f"void the old number (docgen register void {bound.issuer} "
                    f"{bound.symbol} --reason …) and build again to take a new one",
                )
            if request.number is not None and request.number != bound.number:
                raise RegisterError(
                    f"{request.spec} asks for number {request.number}, but the register gave it "
                    f"{bound.symbol}",
                    code="REGISTER-REBIND",
                    hint=f"void {bound.symbol} first (docgen register void {bound.issuer} "
                    f"{bound.symbol} --reason …)",
                )
            return Slot(
                bound.number,
                bound.symbol,
                number_line(request.system, bound.symbol),
                True,
                bound.id,
            )
        if request.number is not None:
            clash = self._exec(
                conn,
                "SELECT spec, symbol, state FROM entries WHERE series = ? AND number = ?",
                (series, request.number),
            ).fetchone()
            if clash is not None:
                what = "voided" if clash[2] == "voided" else "taken"
                raise RegisterError(
                    f"number {clash[1]} asked by {request.spec} is already {what} by {clash[0]}",
                    code="REGISTER-CLASH",
                    hint="give another number, or number: auto",
                )
            number = request.number
        else:
            # Automatic numbers continue after the highest number of the series, manual ones
            # included: a number skipped by a manual jump is the clerk's explicit choice.
            row = self._exec(
                conn, "SELECT MAX(number) FROM entries WHERE series = ?", (series,)
            ).fetchone()
            number = (row[0] or 0) + 1
        symbol = format_symbol(
            request.system, number, request.type_abbr, request.issuer_abbr, policy.width
        )
        cursor = self._exec(
            conn,
            "INSERT INTO entries (issuer, series, number, symbol, date, kind, type_abbr, subject,"
            " signer, recipients, spec, state, created_at) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?) RETURNING id",
            (
                request.issuer,
                series,
                number,
                symbol,
                request.date.isoformat(),
                request.kind,
                request.type_abbr,
                request.subject,
                request.signer,
                json.dumps(list(request.recipients), ensure_ascii=False),
                request.spec,
                _now(),
            ),
        )
        entry_id = int(cursor.fetchone()[0])
        return Slot(number, symbol, number_line(request.system, symbol), False, entry_id)

    # -- voiding --------------------------------------------------------------------------------
    def void(
        self, issuer: str, number_or_symbol: str, reason: str, year: int | None = None
    ) -> Entry:
        """Void a number: it stays in the register with the reason and is never reissued."""
        if not reason.strip():
            raise RegisterError("a reason is required to void a number", code="REGISTER-VOID")
        with self._connection() as conn:
            self.backend.begin_locked(conn, issuer)
            try:
                query = f"SELECT {_COLUMNS} FROM entries WHERE issuer = ? AND state = 'issued'"
                params: list[Any] = [issuer]
                if number_or_symbol.isdigit():
                    query += " AND number = ?"
                    params.append(int(number_or_symbol))
                else:
                    query += " AND symbol = ?"
                    params.append(number_or_symbol)
                if year is not None:
                    query += " AND date >= ? AND date <= ?"
                    params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
                rows = [Entry.from_row(r) for r in self._exec(conn, query, params).fetchall()]
                if not rows:
                    raise RegisterError(
                        f"{issuer} has no issued document {number_or_symbol}"
                        + (f" in {year}" if year else ""),
                        code="REGISTER-VOID",
                        hint="see docgen register list",
                    )
                if len(rows) > 1:
                    found = ", ".join(f"{e.symbol} ({e.date.year})" for e in rows)
                    raise RegisterError(
                        f"{number_or_symbol} matches several documents: {found}",
                        code="REGISTER-VOID",
                        hint="give the full symbol or --year",
                    )
                entry = rows[0]
                now = _now()
                self._exec(
                    conn,
                    "UPDATE entries SET state = 'voided', voided_at = ?, void_reason = ? "
                    "WHERE id = ?",
                    (now, reason.strip(), entry.id),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return Entry(
            **{**entry.__dict__, "state": "voided", "voided_at": now, "void_reason": reason.strip()}
        )
