"""The document-number register ("sổ đăng ký văn bản đi"), on SQLite or PostgreSQL.

One implementation of the logic (``Register``) runs on both databases through a small dialect
adapter (``sqlite.py``, ``postgres.py``): connection, placeholders, the lock taken before a
number is chosen, and which driver errors mean "busy" or "duplicate".

A number is taken inside one transaction that also records the entry; the caller renders and
writes the document inside that transaction, and the entry is committed only when the caller
reports the file written (``slot.complete``). A failure anywhere rolls back: no gap.

A series runs in the order of issue, as a paper "sổ đăng ký văn bản đi" does: a later number
never carries an earlier date. That is checked under the same series lock, so two clerks
numbering at once cannot break it either.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from docgen.errors import RegisterError
from docgen.register.policy import NumberingPolicy
from docgen.register.postgres import PostgresDialect
from docgen.register.schema import SCHEMA_VERSION, steps_after, v1
from docgen.register.sqlite import SQLiteDialect
from docgen.register.symbols import format_number, format_symbol, number_line

State = Literal["reserved", "issued", "voided"]
# The kind of an entry that records a skipped number as voided: no document, no spec.
GAP_KIND = "gap"

_COLUMNS = (
    "id, issuer, series, number, symbol, date, kind, type_abbr, subject, signer, recipients, "
    "spec, output, sha256, state, created_at, updated_at, voided_at, void_reason"
)


@dataclass(frozen=True)
class IssueRequest:
    """What a document asks of the register."""

    issuer: str  # the issuer's id
    issuer_abbr: str  # as printed in the symbol: HVCTQG, UBND…
    system: Literal["party", "state"]
    kind: str  # plan, report…
    type_abbr: str | None  # KH, QĐ…; None for a State công văn
    date: dt.date
    subject: str
    signer: str
    recipients: list[str]
    spec: str  # the spec's path relative to the workspace: its identity
    number: int | None = None  # None: the next number; an int: given by hand


@dataclass(frozen=True)
class Entry:
    """One row of the register book."""

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
    output: str | None  # the written file, relative to the workspace
    sha256: str | None  # of the written file
    state: State
    created_at: str
    updated_at: str | None  # last refreshed by a rebuild
    voided_at: str | None
    void_reason: str | None

    @classmethod
    def from_row(cls, row: Any) -> Entry:
        values = list(row)
        values[5] = dt.date.fromisoformat(values[5])
        values[10] = json.loads(values[10])
        return cls(*values)


@dataclass(frozen=True)
class Gap:
    """Numbers of a series that no entry accounts for ("bỏ trống"), skipped by a number given
    by hand: between the entries ``before`` and ``after`` (where the gap sits in the book),
    and between the documents ``below`` and ``above`` (the same, unless a number next to the
    gap was itself a skipped one since voided)."""

    series: str
    first: int
    last: int
    before: Entry
    after: Entry
    below: Entry  # the nearest document under the gap
    above: Entry  # the nearest document over it: the number given by hand that skipped it

    @property
    def issuer(self) -> str:
        return self.above.issuer

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def numbers_text(self, width: int = 2) -> str:
        """``03`` or ``02–04``."""
        first, last = format_number(self.first, width), format_number(self.last, width)
        return first if self.first == self.last else f"{first}–{last}"


@dataclass
class Slot:
    """A number held for one document while it is being written."""

    number: int
    symbol: str  # "1247-KH/HVCTQG" / "05/KH-UBND"
    line: str  # "Số 1247-KH/HVCTQG" / "Số: 05/KH-UBND"
    rebuilt: bool  # the spec already had this number
    entry_id: int
    output: str | None = None
    sha256: str | None = None
    completed: bool = field(default=False)

    def complete(self, output_path: str | Path, sha256: str) -> None:
        """The document is written: keep the number when the ``with`` block ends."""
        self.output = Path(output_path).as_posix()
        self.sha256 = sha256
        self.completed = True


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


def open_register(target: str | Path) -> Register:
    """Open (creating or migrating it when needed) the register at ``target``.

    * ``postgresql://user@host/db`` (or ``postgres://``): a PostgreSQL database;
    * ``sqlite:///relative/file.sqlite`` or ``sqlite:////absolute/file.sqlite`` (the SQLAlchemy
      convention), or a plain filesystem path: an SQLite file.
    """
    register = Register(_dialect(target))
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


class Register:
    """The register over one database. Each operation opens its own connection, so one
    ``Register`` can serve a whole build and several processes can share the database."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._ready = False

    def __repr__(self) -> str:
        return f"Register({self.dialect.name}: {self.dialect.target})"

    @property
    def target(self) -> str:
        return self.dialect.target

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

    def _migrate(self, conn: Any) -> None:
        with self._translated("reading its schema version"):
            version = self._schema_version(conn)
        self._refuse_newer(version)
        if version == SCHEMA_VERSION:
            return
        with self._translated(f"bringing its schema from version {version} to {SCHEMA_VERSION}"):
            self.dialect.begin(conn)
            try:
                self.dialect.lock(conn, "schema")
                version = self._schema_version(conn)  # another process may have done it
                self._refuse_newer(version)
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
        """The live (not voided) entry bound to a spec, if any."""
        with self._connect() as conn, self._translated(f"looking up {spec}"):
            return self._live_entry(conn, spec)

    def _live_entry(self, conn: Any, spec: str) -> Entry | None:
        row = self._exec(
            conn,
            f"SELECT {_COLUMNS} FROM entries WHERE spec = ? AND state <> 'voided'",
            (spec,),
        ).fetchone()
        return Entry.from_row(row) if row else None

    # -- số sổ vàng -----------------------------------------------------------------------------
    def book_numbers(
        self, decision: str, awardees: Sequence[tuple[str, str]], start: int = 1
    ) -> dict[str, int]:
        """The số sổ vàng of each awardee of a decision: ``awardees`` are (stable key, name)
        in list order. An awardee keeps the number it was given; new awardees take the next
        numbers, consecutively, from ``start`` or after the highest given. Never reused."""
        with self._connect() as conn:
            try:
                with self._translated(f"numbering the certificates of {decision}"):
                    self.dialect.begin(conn)
                    self.dialect.lock(conn, f"book:{decision}")
                    rows = self._exec(
                        conn, "SELECT awardee, number FROM book WHERE decision = ?", (decision,)
                    ).fetchall()
                    given = {str(key): int(number) for key, number in rows}
                    following = max([start - 1, *given.values()]) + 1
                    now, new = _now(), []
                    for key, name in awardees:
                        if key not in given:
                            new.append((decision, key, following, name, now))
                            given[key] = following
                            following += 1
                    if new:  # one statement for the batch (10,000 awardees: 10,000 rows)
                        conn.cursor().executemany(
                            self.dialect.sql(
                                "INSERT INTO book (decision, awardee, number, name, created_at)"
                                " VALUES (?, ?, ?, ?, ?)"
                            ),
                            new,
                        )
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise
        return {key: given[key] for key, _ in awardees}

    def book(self, decision: str) -> list[tuple[int, str, str]]:
        """The số sổ vàng given for a decision so far: (number, awardee key, name) by number."""
        with self._connect() as conn, self._translated(f"reading the book of {decision}"):
            rows = self._exec(
                conn,
                "SELECT number, awardee, name FROM book WHERE decision = ? ORDER BY number",
                (decision,),
            ).fetchall()
        return [(int(number), str(key), str(name)) for number, key, name in rows]

    # -- issuing --------------------------------------------------------------------------------
    @contextmanager
    def issue(self, request: IssueRequest, policy: NumberingPolicy) -> Iterator[Slot]:
        """Hold the document's number while it is written::

            with register.issue(request, policy) as slot:
                ...render with slot.symbol / slot.line, write the file atomically...
                slot.complete(output_path, sha256)

        The entry is committed when the block ends after ``complete``; if the block raises, or
        ends without ``complete``, the transaction rolls back and no number is consumed. Until
        then the series stays locked, so other clerks wait rather than take the same number.
        """
        if request.number is not None and request.number < 1:
            raise RegisterError(
                f"{request.spec}: document numbers start at 1, not {request.number}",
                code="REGISTER-NUMBER",
            )
        series = policy.series_key(request.issuer, request.date, request.type_abbr)
        with self._connect() as conn:
            try:
                with self._translated(f"numbering {request.spec}"):
                    self.dialect.begin(conn)
                    self.dialect.lock(conn, series)
                    slot = self._choose(conn, request, policy, series)
            except BaseException:
                self._rollback(conn)
                raise
            try:
                yield slot
            except BaseException:
                self._rollback(conn)  # the document was not written: the number is not used
                raise
            if not slot.completed:
                self._rollback(conn)
                return
            try:
                with self._translated(f"recording {slot.symbol} for {request.spec}"):
                    self._exec(
                        conn,
                        "UPDATE entries SET output = ?, sha256 = ?, state = 'issued',"
                        " updated_at = ?, date = ?, subject = ?, signer = ?, recipients = ?,"
                        " kind = ? WHERE id = ?",
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
                self._rollback(conn)
                raise

    def _symbol(self, request: IssueRequest, policy: NumberingPolicy, number: int) -> str:
        try:
            return format_symbol(
                request.system, number, request.type_abbr, request.issuer_abbr, policy.width
            )
        except ValueError as exc:
            raise RegisterError(f"{request.spec}: {exc}", code="REGISTER-SYMBOL") from exc

    def _choose(
        self, conn: Any, request: IssueRequest, policy: NumberingPolicy, series: str
    ) -> Slot:
        """Under the series lock: the spec's own number, a number given by hand, or the next."""
        bound = self._live_entry(conn, request.spec)
        if bound is not None:
            slot = self._rebuild(request, policy, series, bound)
            if request.date != bound.date:  # the spec's date was changed since
                self._check_date_order(conn, request, series, bound.number, bound.symbol, bound)
            return slot
        if request.number is not None:
            clash = self._exec(
                conn,
                "SELECT spec, symbol, state FROM entries WHERE series = ? AND number = ?",
                (series, request.number),
            ).fetchone()
            if clash is not None:
                voided = clash[2] == "voided"
                raise RegisterError(
                    f"number {clash[1]} asked by {request.spec} is already "
                    f"{'voided' if voided else 'taken'} by {clash[0]}",
                    code="REGISTER-CLASH",
                    hint="give another number, or number: auto"
                    + ("; a voided number is never given again" if voided else ""),
                )
            number = request.number
        else:
            # Automatic numbers continue after the highest number of the series, manual and
            # voided ones included, so nothing is ever reused. Numbers skipped by a manual jump
            # (a clerk writing 1247 when the register stood at 12) stay unused: that is the
            # clerk's explicit choice, not a gap the register made.
            row = self._exec(
                conn, "SELECT MAX(number) FROM entries WHERE series = ?", (series,)
            ).fetchone()
            number = (row[0] or 0) + 1
        symbol = self._symbol(request, policy, number)
        self._check_date_order(conn, request, series, number, symbol)
        try:
            cursor = self._exec(
                conn,
                "INSERT INTO entries (issuer, series, number, symbol, date, kind, type_abbr,"
                " subject, signer, recipients, spec, state, created_at) VALUES"
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
        except self.dialect.errors as exc:
            if not self.dialect.is_unique_violation(exc):
                raise
            # only possible when two builds number the same spec into different series at once
            raise RegisterError(
                f"another build numbered {request.spec} at the same moment",
                code="REGISTER-CONFLICT",
                hint="build again once the other build has finished",
            ) from exc
        return Slot(number, symbol, number_line(request.system, symbol), False, entry_id)

    def _check_date_order(
        self,
        conn: Any,
        request: IssueRequest,
        series: str,
        number: int,
        symbol: str,
        bound: Entry | None = None,
    ) -> None:
        """Under the series lock: refuse ``number`` dated ``request.date`` when a live entry of
        the series has a lower number and a later date, or a higher number and an earlier date.
        Voided numbers do not count: voiding the later number is the way out. ``bound`` is the
        spec's own entry when a rebuild changed its date."""
        day = request.date.isoformat()
        own = bound.id if bound is not None else -1
        if not self._out_of_order(conn, series, number, day, own):
            return
        rows = self._exec(
            conn,
            f"SELECT {_COLUMNS} FROM entries WHERE series = ? AND state <> 'voided' AND id <> ?"
            " AND ((number < ? AND date > ?) OR (number > ? AND date < ?)) ORDER BY number",
            (series, own, number, day, number, day),
        ).fetchall()
        conflicts = [Entry.from_row(r) for r in rows]
        below = [e for e in conflicts if e.number < number]
        # the nearest offender: the highest lower number dated later, else the lowest higher one
        other = below[-1] if below else conflicts[0]
        relation = "lower" if other.number < number else "higher"
        more = len(conflicts) - 1
        also = f" ({more} other number{'s' if more > 1 else ''} of the series too)" if more else ""
        void_other = (
            f'docgen register void {other.issuer} {other.symbol} --reason "…" and build again'
        )
        if bound is not None:
            message = (
                f"{request.spec} has number {symbol} of {_day(bound.date)}; its new date "
                f"{_day(request.date)} would break the order of the series: {other.spec} has "
                f"the {relation} number {other.symbol} dated {_day(other.date)}{also}. "
                "A later number never carries an earlier date"
            )
            hint = (
                f"keep the date {_day(bound.date)}, or void {symbol} (docgen register void "
                f'{bound.issuer} {symbol} --reason "…") and build again to take a new number'
            )
        else:
            given = "is given" if request.number is not None else "would take"
            message = (
                f"{request.spec} dated {_day(request.date)} {given} number {symbol}, but "
                f"{other.spec} has the {relation} number {other.symbol} dated "
                f"{_day(other.date)}{also}. A later number never carries an earlier date "
                "(the register runs in the order of issue)"
            )
            fitting = self._fitting_numbers(conn, series, request.date)
            if fitting:
                hint = f"give {request.spec} by hand a number that fits its date ({fitting})"
                if relation == "lower":
                    hint += f", or void {other.symbol}: {void_other}"
            elif relation == "lower":
                hint = (
                    f"no free number fits {_day(request.date)}; void {other.symbol} "
                    f"({void_other}): both documents then take numbers in date order"
                )
            else:
                hint = f"no free number fits {_day(request.date)}; check the date"
        raise RegisterError(message, code="REGISTER-DATE-ORDER", hint=hint)

    def _out_of_order(self, conn: Any, series: str, number: int, day: str, own: int) -> bool:
        """Whether a live entry other than ``own`` has a lower number dated after ``day``, or a
        higher number dated before it. Two small index ranges, whatever the series' size: the
        entries dated after ``day`` (few: a new document is usually the latest) by the
        (series, date) index, and those numbered above ``number`` (few: a new number is usually
        the highest) by the (series, number) one."""
        later = self._exec(
            conn,
            "SELECT number FROM entries WHERE series = ? AND date > ? AND state <> 'voided'"
            " AND id <> ?",
            (series, day, own),
        ).fetchall()
        if any(int(r[0]) < number for r in later):
            return True
        earliest_above = self._exec(
            conn,
            "SELECT MIN(date) FROM entries WHERE series = ? AND number > ? AND state <> 'voided'"
            " AND id <> ?",
            (series, number, own),
        ).fetchone()[0]
        return earliest_above is not None and earliest_above < day

    def _fitting_numbers(self, conn: Any, series: str, day: dt.date) -> str:
        """The free numbers a document dated ``day`` may take by hand, as text ("number: 3",
        "a free number from 3 to 7", "number: 9 or higher"), or "" when there are none: above
        every live number dated before ``day``, below every live number dated after it, and
        never given."""
        iso = day.isoformat()
        low = self._exec(
            conn,
            "SELECT MAX(number) FROM entries WHERE series = ? AND state <> 'voided' AND date < ?",
            (series, iso),
        ).fetchone()[0]
        high = self._exec(
            conn,
            "SELECT MIN(number) FROM entries WHERE series = ? AND state <> 'voided' AND date > ?",
            (series, iso),
        ).fetchone()[0]
        first, last = (low or 0) + 1, (high - 1) if high is not None else None
        if last is None:  # nothing dated later: any number above the highest is free
            top = self._exec(
                conn, "SELECT MAX(number) FROM entries WHERE series = ?", (series,)
            ).fetchone()[0]
            return f"number: {max(first, (top or 0) + 1)} or higher"
        if last < first:
            return ""
        taken = {
            int(r[0])
            for r in self._exec(
                conn,
                "SELECT number FROM entries WHERE series = ? AND number >= ? AND number <= ?",
                (series, first, last),
            ).fetchall()
        }
        free = [n for n in range(first, last + 1) if n not in taken]
        if not free:
            return ""
        if len(free) == 1:
            return f"number: {free[0]}"
        return f"a free number from {free[0]} to {free[-1]}"

    def _rebuild(
        self, request: IssueRequest, policy: NumberingPolicy, series: str, bound: Entry
    ) -> Slot:
        """A spec already in the register gets its own number back, unchanged."""
        void_it = (
            f"Void the old number (docgen register void {bound.issuer} {bound.symbol} "
            f'--reason "…") and build again to take a new one.'
        )
        where = f"{request.spec} already has number {bound.symbol} of {_day(bound.date)}"
        if bound.series != series:
            raise RegisterError(
                f"{where}, in series {bound.series}; its date, issuer or type now put it in "
                f"series {series}. {void_it}",
                code="REGISTER-REBIND",
            )
        if request.number is not None and request.number != bound.number:
            raise RegisterError(
                f"{where}, but now asks for number {request.number}. {void_it}",
                code="REGISTER-REBIND",
            )
        symbol = self._symbol(request, policy, bound.number)
        if symbol != bound.symbol:
            # same series, other symbol: the type or issuer abbreviation changed (shared series)
            raise RegisterError(
                f"{where}; its type or issuer abbreviation would now make it {symbol}. {void_it}",
                code="REGISTER-REBIND",
            )
        return Slot(bound.number, bound.symbol, number_line(request.system, symbol), True, bound.id)

    # -- voiding --------------------------------------------------------------------------------
    def void(
        self,
        issuer: str,
        symbol_or_number: str | int,
        reason: str,
        year: int | None = None,
        series: str | None = None,
    ) -> Entry:
        """Void a number: it stays in the register with the reason and time, listed and never
        given again; the spec it was bound to takes a new number at its next build.

        A bare number that is a gap of a series (skipped by a number given by hand) is voided
        too: it is recorded as "bỏ trống" with the reason, and is no longer a gap.
        """
        reason = reason.strip()
        if not reason:
            raise RegisterError("a reason is required to void a number", code="REGISTER-VOID")
        wanted = str(symbol_or_number).strip()
        in_year = f" in {year}" if year is not None else ""
        with self._connect() as conn:
            with self._translated(f"looking up {wanted}"):
                found = self._find(conn, issuer, wanted, year, series)
                holes = self._gaps_holding(conn, issuer, wanted, year, series)
            live = [e for e in found if e.state == "issued"]
            if not found and not holes:
                raise RegisterError(
                    f"{issuer} has no document numbered {wanted}{in_year}",
                    code="REGISTER-VOID",
                    hint=f"see docgen register list --issuer {issuer} and docgen register gaps",
                )
            if len(live) + len(holes) > 1:
                listed = ", ".join(
                    [f"{e.symbol} of {_day(e.date)} ({e.series})" for e in live]
                    + [f"{wanted} bỏ trống in {g.series}" for g in holes]
                )
                what = "numbers" if holes else "documents"
                raise RegisterError(
                    f"{wanted} matches several {what} of {issuer}{in_year}: {listed}",
                    code="REGISTER-VOID",
                    hint="give the full symbol, --year or --series",
                )
            if holes:
                return self._void_gap(conn, holes[0], int(wanted), reason)
            if not live:
                old = found[-1]
                what = old.spec or "bỏ trống"
                raise RegisterError(
                    f"{old.symbol} of {issuer} ({what}) is already voided "
                    f"(on {old.voided_at}: {old.void_reason})",
                    code="REGISTER-VOID",
                )
            entry = live[0]
            now = _now()
            try:
                with self._translated(f"voiding {entry.symbol}"):
                    self.dialect.begin(conn)
                    # the series lock: a rebuild of this spec cannot re-issue it meanwhile
                    self.dialect.lock(conn, entry.series)
                    changed = self._exec(
                        conn,
                        "UPDATE entries SET state = 'voided', voided_at = ?, void_reason = ?"
                        " WHERE id = ? AND state = 'issued'",
                        (now, reason, entry.id),
                    ).rowcount
                    if changed != 1:
                        raise RegisterError(
                            f"{entry.symbol} of {issuer} was voided by someone else just now",
                            code="REGISTER-VOID",
                        )
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise
        return replace(entry, state="voided", voided_at=now, void_reason=reason)

    def _gaps_holding(
        self, conn: Any, issuer: str, wanted: str, year: int | None, series: str | None
    ) -> list[Gap]:
        """The gaps of the issuer's series that hold the bare number ``wanted``."""
        if not wanted.isdigit():
            return []
        number = int(wanted)
        return [
            g
            for g in find_gaps(self._entries(conn, issuer))
            if g.first <= number <= g.last
            and (year is None or g.below.date.year <= year <= g.above.date.year)
            and (series is None or g.series == series)
        ]

    def _void_gap(self, conn: Any, gap: Gap, number: int, reason: str) -> Entry:
        """Record a skipped number as voided: an entry of kind ``gap`` without a document,
        dated as the document below it so that the book stays in date order."""
        now = _now()
        try:
            with self._translated(f"voiding {number} of {gap.series}"):
                self.dialect.begin(conn)
                self.dialect.lock(conn, gap.series)
                try:
                    cursor = self._exec(
                        conn,
                        "INSERT INTO entries (issuer, series, number, symbol, date, kind,"
                        " type_abbr, subject, signer, recipients, spec, state, created_at,"
                        " voided_at, void_reason) VALUES (?, ?, ?, ?, ?, ?, NULL, '', '', '[]',"
                        " '', 'voided', ?, ?, ?) RETURNING id",
                        (
                            gap.issuer,
                            gap.series,
                            number,
                            format_number(number, symbol_width(gap.above.symbol)),
                            gap.below.date.isoformat(),
                            GAP_KIND,
                            now,
                            now,
                            reason,
                        ),
                    )
                except self.dialect.errors as exc:
                    if not self.dialect.is_unique_violation(exc):
                        raise
                    raise RegisterError(
                        f"{number} of {gap.series} was taken by another build just now",
                        code="REGISTER-VOID",
                        hint="see docgen register list",
                    ) from exc
                entry_id = int(cursor.fetchone()[0])
                row = self._exec(
                    conn, f"SELECT {_COLUMNS} FROM entries WHERE id = ?", (entry_id,)
                ).fetchone()
                conn.execute("COMMIT")
        except BaseException:
            self._rollback(conn)
            raise
        return Entry.from_row(row)

    def _find(
        self, conn: Any, issuer: str, wanted: str, year: int | None, series: str | None = None
    ) -> list[Entry]:
        query = f"SELECT {_COLUMNS} FROM entries WHERE issuer = ? AND state <> 'reserved'"
        params: list[Any] = [issuer]
        if wanted.isdigit():
            query += " AND number = ?"
            params.append(int(wanted))
        else:
            query += " AND symbol = ?"
            params.append(wanted)
        if year is not None:
            query += " AND date >= ? AND date <= ?"
            params += [f"{year:04d}-01-01", f"{year:04d}-12-31"]
        if series is not None:
            query += " AND series = ?"
            params.append(series)
        query += " ORDER BY series, number"
        return [Entry.from_row(r) for r in self._exec(conn, query, params).fetchall()]


def find_gaps(entries: Sequence[Entry]) -> list[Gap]:
    """The numbers no entry accounts for inside each series: between its lowest and highest
    numbers (voided ones included, since they are accounted for). Numbers below a series'
    lowest number are not gaps: they were given before the register was kept."""
    gaps: list[Gap] = []
    ordered = sorted(entries, key=lambda e: (e.series, e.number))
    for series, group in itertools.groupby(ordered, key=lambda e: e.series):
        rows = list(group)
        documents = [i for i, e in enumerate(rows) if e.kind != GAP_KIND]
        for i, (before, after) in enumerate(itertools.pairwise(rows)):
            if after.number == before.number + 1:
                continue
            # a series' lowest and highest entries are documents: gap rows only fill gaps
            below = rows[max(d for d in documents if d <= i)]
            above = rows[min(d for d in documents if d > i)]
            gaps.append(
                Gap(series, before.number + 1, after.number - 1, before, after, below, above)
            )
    return gaps


def symbol_width(symbol: str) -> int:
    """How many digits a symbol writes its number with: ``05-KH/X`` → 2, ``001/UBND`` → 3."""
    match = re.match(r"\d+", symbol)
    return len(match.group()) if match and match.group().startswith("0") else 2
