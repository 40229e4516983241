"""The register's plumbing over one database: connections, driver errors, schema, reading."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from docgen.errors import RegisterError
from docgen.register.audit import current_actor
from docgen.register.entries import Entry, Gap, IssueRequest, find_gaps
from docgen.register.schema import SCHEMA_VERSION, steps_after, v1

_COLUMNS = (
    "id, issuer, series, number, symbol, date, kind, type_abbr, subject, signer, recipients, "
    "spec, output, sha256, state, created_at, updated_at, voided_at, void_reason, workspace, "
    "corrects, correction, withdrawn"
)


class Dialect(Protocol):
    """What differs between the databases; everything else is ``Register``'s."""

    name: str
    target: str  # for messages (no password)
    id_column: str

    @property
    def errors(self) -> tuple[type[Exception], ...]: ...

    def connect(self) -> Any: ...

    def sql(self, statement: str) -> str: ...

    def begin(self, conn: Any) -> None: ...

    def lock(self, conn: Any, key: str) -> None: ...

    def has_table(self, conn: Any, name: str) -> bool: ...

    def is_unique_violation(self, exc: BaseException) -> bool: ...

    def is_busy(self, exc: BaseException) -> bool: ...


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class RegisterBase:
    """What every operation of the register stands on: the dialect, a connection per
    operation, driver errors as RegisterError, the schema, and the book as read."""

    def __init__(self, dialect: Dialect, *, workspace: str = "", create: bool = False) -> None:
        self.dialect = dialect
        # the identity of the workspace this register serves (data/settings.yaml ``workspace``):
        # its specs' entries are its own; '' for a register opened outside a workspace
        self.workspace = workspace
        # whether opening an empty database makes it a register (docgen register init): a
        # mistyped path must not silently become a new, empty register
        self.create = create
        self._ready = False
        self._identity: str | None = None
        # where the copy made before migrating an older register went (None: no migration)
        self.migration_backup: str | None = None

    def __repr__(self) -> str:
        return f"Register({self.dialect.name}: {self.dialect.target})"

    @property
    def target(self) -> str:
        return self.dialect.target

    @property
    def identity(self) -> str:
        """The register's own identity (meta ``register_id``), written into every document it
        numbers: a document numbered by another register is recognised as such."""
        if self._identity is None:
            with self._connect() as conn, self._translated("reading its identity"):
                row = self._exec(
                    conn, "SELECT value FROM meta WHERE key = 'register_id'"
                ).fetchone()
            self._identity = str(row[0]) if row else ""
        return self._identity

    # -- plumbing -------------------------------------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[Any]:
        conn = self.dialect.connect()
        try:
            if not self._ready:
                self._migrate(conn)
                self._ready = True
            yield conn
        finally:
            conn.close()

    def _exec(self, conn: Any, statement: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        return conn.execute(self.dialect.sql(statement), tuple(params))

    @staticmethod
    def _rollback(conn: Any) -> None:
        # if the connection is gone, closing it drops the transaction anyway
        with suppress(Exception):
            conn.execute("ROLLBACK")

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        """Driver errors from the register's own statements become RegisterError."""
        try:
            yield
        except RegisterError:
            raise
        except self.dialect.errors as exc:
            if self.dialect.is_busy(exc):
                raise RegisterError(
                    f"the register {self.target} is busy: another build kept it locked too long "
                    f"while {action}",
                    code="REGISTER-BUSY",
                    hint="build again once the other build has finished",
                ) from exc
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise RegisterError(
                f"the register {self.target} failed while {action}: {first}",
                code="REGISTER-DB",
            ) from exc

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> int:
        """Create the schema, or bring an older one forward; refuse a newer one. Returns the
        schema version (``SCHEMA_VERSION``). ``open_register`` calls it."""
        with self._connect():
            return SCHEMA_VERSION

    def _schema_version(self, conn: Any) -> int:
        """0 for a new, empty database."""
        if not self.dialect.has_table(conn, "meta"):
            return 0
        found = self._exec(conn, "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(found[0]) if found else 0

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise RegisterError(
                f"the register {self.target} was written by a newer docgen "
                f"(schema version {version}; this docgen knows up to {SCHEMA_VERSION})",
                code="REGISTER-SCHEMA",
                hint="upgrade docgen before using this register",
            )

    def _refuse_missing(self) -> None:
        raise RegisterError(
            f"{self.target} is not a docgen register: it does not exist or holds no register",
            code="REGISTER-MISSING",
            hint="check the register's path (--register, DOCGEN_REGISTER, data/settings.yaml); "
            "to start a new register there, run docgen register init",
        )

    def _migrate(self, conn: Any) -> None:
        with self._translated("reading its schema version"):
            version = self._schema_version(conn)
        self._refuse_newer(version)
        if version == SCHEMA_VERSION:
            return
        if version == 0 and not self.create:
            self._refuse_missing()
        with self._translated(f"bringing its schema from version {version} to {SCHEMA_VERSION}"):
            self.dialect.begin(conn)
            try:
                self.dialect.lock(conn, "schema")
                version = self._schema_version(conn)  # another process may have done it
                self._refuse_newer(version)
                if version == 0 and not self.create:
                    self._refuse_missing()
                before = version
                if 0 < version < SCHEMA_VERSION:  # upgrades never lose the register
                    self.migration_backup = self._backup_before_migrating(conn, version)
                if version == 0:
                    for statement in v1(self.dialect.id_column):
                        self._exec(conn, statement)
                    version = 1
                for step in steps_after(version):
                    for statement in step.statements(self.dialect.name):
                        self._exec(conn, statement)
                self._exec(conn, "DELETE FROM meta WHERE key = 'schema_version'")
                self._exec(
                    conn,
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
                if not self._exec(conn, "SELECT 1 FROM meta WHERE key = 'register_id'").fetchone():
                    self._exec(
                        conn,
                        "INSERT INTO meta (key, value) VALUES ('register_id', ?)",
                        (uuid.uuid4().hex,),
                    )
                if before and self.dialect.has_table(conn, "log"):
                    self._log(
                        conn,
                        "migrate",
                        detail=f"schema version {before} to {SCHEMA_VERSION}; "
                        f"backup: {self.migration_backup}",
                        workspace="",
                    )
                conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise

    def _backup_before_migrating(self, conn: Any, version: int) -> str:
        """A copy of the register as it is, before the migration changes it: an SQLite file
        beside it (register.sqlite.v4-<time>.bak), or a schema of the PostgreSQL database
        (docgen_backup_v4_<time>) written in the migration's own transaction. Returns where."""
        from docgen.register.copies import (
            REGISTER_TABLES,
            migration_backup_file,
            pg_schema_copy,
            sqlite_copy,
        )

        path = getattr(self.dialect, "path", None)
        if path is not None:
            # SQLite: the online backup, read by a second connection (WAL lets it read while
            # this one holds the write lock, so no build can commit between copy and migration)
            try:
                with closing(sqlite3.connect(path, isolation_level=None, timeout=60)) as source:
                    return str(sqlite_copy(source, migration_backup_file(Path(path), version)))
            except OSError as exc:
                raise RegisterError(
                    f"the register {self.target} needs its schema brought from version "
                    f"{version} to {SCHEMA_VERSION}, but its backup could not be written "
                    f"beside it: {exc}",
                    code="REGISTER-BACKUP",
                    hint="free some space or allow writing in the register's folder; the "
                    "register was not changed",
                ) from exc
        tables = [t for t in REGISTER_TABLES if self.dialect.has_table(conn, t)]
        schema = pg_schema_copy(conn, version, tables)
        return f"schema {schema} of {self.target}"

    def _record_awards(self, conn: Any, entry_id: int, request: IssueRequest) -> None:
        """What issuing ``request`` records beside its entry, in the same transaction: the
        awards of an award decision (``register.awards.AwardBook``)."""

    # -- the audit log --------------------------------------------------------------------------
    def _log(
        self,
        conn: Any,
        action: str,
        *,
        entry: int | None = None,
        symbol: str | None = None,
        spec: str | None = None,
        detail: str = "",
        reason: str | None = None,
        workspace: str | None = None,
    ) -> None:
        """Append one act to the log, inside the caller's transaction: the act and its record
        are committed together or not at all. ``workspace``: '' for an act on the whole
        register (a migration), else this register's workspace."""
        where = self.workspace if workspace is None else workspace
        self._exec(
            conn,
            "INSERT INTO log (at, actor, action, workspace, entry, symbol, spec, detail, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_now(), current_actor(), action, where, entry, symbol, spec, detail, reason),
        )

    def record(
        self,
        action: str,
        *,
        symbol: str | None = None,
        spec: str | None = None,
        detail: str = "",
        reason: str | None = None,
    ) -> None:
        """Log an act that changes nothing else in the register (init, import, a user change,
        a build's summary) in its own transaction."""
        with self._connect() as conn:
            try:
                with self._translated(f"logging {action}"):
                    self.dialect.begin(conn)
                    self._log(conn, action, symbol=symbol, spec=spec, detail=detail, reason=reason)
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise

    # -- reading --------------------------------------------------------------------------------
    def entries(self, issuer: str | None = None, year: int | None = None) -> list[Entry]:
        """The register book (issued and voided entries), by series then number."""
        with self._connect() as conn, self._translated("listing entries"):
            return self._entries(conn, issuer, year)

    def _entries(self, conn: Any, issuer: str | None, year: int | None = None) -> list[Entry]:
        query = f"SELECT {_COLUMNS} FROM entries WHERE state <> 'reserved'"
        params: list[Any] = []
        if self.workspace:  # its own entries and those no workspace has claimed yet
            query += " AND workspace IN (?, '')"
            params.append(self.workspace)
        if issuer is not None:
            query += " AND issuer = ?"
            params.append(issuer)
        if year is not None:
            query += " AND date >= ? AND date <= ?"
            params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
        query += " ORDER BY series, number"
        return [Entry.from_row(r) for r in self._exec(conn, query, params).fetchall()]

    def gaps(self, issuer: str | None = None, year: int | None = None) -> list[Gap]:
        """The numbers skipped inside each series (see ``find_gaps``), by series then number;
        with ``year``, the gaps whose neighbours' dates span that year."""
        found = find_gaps(self.entries(issuer))
        if year is None:
            return found
        return [g for g in found if g.below.date.year <= year <= g.above.date.year]

    def get_by_spec(self, spec: str) -> Entry | None:
        """The live (not voided) entry bound to a spec of this register's workspace, if any."""
        with self._connect() as conn, self._translated(f"looking up {spec}"):
            return self._live_entry(conn, spec)

    def _live_entry(self, conn: Any, spec: str) -> Entry | None:
        """The workspace's live entry for ``spec``; else one made before entries had a
        workspace (workspace ''), which the workspace may claim (``Issuing``)."""
        rows = self._exec(
            conn,
            f"SELECT {_COLUMNS} FROM entries WHERE spec = ? AND state <> 'voided'"
            " AND workspace IN (?, '') ORDER BY workspace DESC",
            (spec, self.workspace),
        ).fetchall()
        return Entry.from_row(rows[0]) if rows else None

    def issued_document(self, entry_id: int) -> bytes | None:
        """The issued .docx the register kept (None for entries issued before it kept them)."""
        with self._connect() as conn, self._translated("reading an issued document"):
            row = self._exec(
                conn, "SELECT document FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
        return bytes(row[0]) if row is not None and row[0] is not None else None
