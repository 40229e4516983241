"""Taking a document's number: the next one, one given by hand, or its own on a rebuild."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docgen.crash import crash_point
from docgen.errors import RegisterError
from docgen.register.base import _COLUMNS, RegisterBase, _day, _now
from docgen.register.entries import Entry, IssueRequest, Slot
from docgen.register.policy import NumberingPolicy
from docgen.register.symbols import format_symbol, number_line


class Issuing(RegisterBase):
    """Numbering a document.

    A number is taken inside one transaction that also records the entry; the caller renders
    and writes the document inside that transaction, and the entry is committed only when the
    caller reports the file written (``slot.complete``). A failure anywhere rolls back: no gap.

    A series runs in the order of issue, as a paper "sổ đăng ký văn bản đi" does: a later
    number never carries an earlier date. That is checked under the same series lock, so two
    clerks numbering at once cannot break it either."""

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
                    if slot.rebuilt:
                        # an issued document is never rewritten: a rebuild only records
                        # where its file is and, for an entry issued before the register kept
                        # documents, what it says
                        self._exec(
                            conn,
                            "UPDATE entries SET output = ?, sha256 = ?, updated_at = ?,"
                            " document = COALESCE(document, ?) WHERE id = ?",
                            (
                                slot.output,
                                slot.sha256,
                                _now(),
                                slot.document,
                                slot.entry_id,
                            ),
                        )
                    else:
                        self._exec(
                            conn,
                            "UPDATE entries SET output = ?, sha256 = ?, state = 'issued',"
                            " updated_at = ?, document = ? WHERE id = ?",
                            (
                                slot.output,
                                slot.sha256,
                                _now(),
                                slot.document,
                                slot.entry_id,
                            ),
                        )
                    # an issued decision's awards are those of its issue; a rebuild records
                    # them only for a decision issued before the register kept awards
                    if (
                        not slot.rebuilt
                        or not self._exec(
                            conn, "SELECT 1 FROM awards WHERE entry = ? LIMIT 1", (slot.entry_id,)
                        ).fetchone()
                    ):
                        self._record_awards(conn, slot.entry_id, request)  # register/awards.py
                    if slot.claimed:  # an entry made before entries had a workspace
                        self._exec(
                            conn,
                            "UPDATE entries SET workspace = ? WHERE id = ? AND workspace = ''",
                            (self.workspace, slot.entry_id),
                        )
                    self._log(
                        conn,
                        "rebuild" if slot.rebuilt else "issue",
                        entry=slot.entry_id,
                        symbol=slot.symbol,
                        spec=request.spec,
                        detail=slot.output or "",
                    )
                    if slot.corrected is not None:
                        self._log(
                            conn,
                            "correct",
                            entry=slot.entry_id,
                            symbol=slot.symbol,
                            spec=request.spec,
                            detail=f"{request.correction} {slot.corrected.symbol}",
                            reason=request.reason,
                        )
                    crash_point("register-commit")
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
        corrected = self._corrected(conn, request)
        try:
            cursor = self._exec(
                conn,
                "INSERT INTO entries (issuer, series, number, symbol, date, kind, type_abbr,"
                " subject, signer, recipients, spec, state, created_at, workspace, corrects,"
                " correction) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?, ?) RETURNING id",
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
                    self.workspace,
                    corrected.id if corrected is not None else None,
                    request.correction if corrected is not None else None,
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
        slot = Slot(number, symbol, number_line(request.system, symbol), False, entry_id)
        slot.corrected = corrected
        return slot

    def _corrected(self, conn: Any, request: IssueRequest) -> Entry | None:
        """The issued entry a correcting document corrects: it must have its number."""
        if request.corrects is None:
            return None
        found = self._live_entry(conn, request.corrects)
        if found is None:
            raise RegisterError(
                f"{request.spec} corrects {request.corrects}, which has no issued number in "
                "the register",
                code="REGISTER-CORRECTS",
                hint=f"build {request.corrects} first; a voided document is not corrected, "
                "it is issued again",
            )
        return found

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
        slot = Slot(bound.number, bound.symbol, number_line(request.system, symbol), True, bound.id)
        slot.claimed = bound.workspace != self.workspace
        slot.issued_sha256, slot.issued_output = bound.sha256, bound.output
        return slot
