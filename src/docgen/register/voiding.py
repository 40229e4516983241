"""Voiding a number: a document's, or one a number given by hand skipped ("bỏ trống")."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from docgen.errors import RegisterError
from docgen.register.base import _COLUMNS, RegisterBase, _day, _now
from docgen.register.entries import GAP_KIND, Entry, Gap, find_gaps, symbol_width
from docgen.register.symbols import format_number
from docgen.vn.times import moment_text


class Voiding(RegisterBase):
    """Voiding numbers: they stay in the book, with the reason, and are never given again."""

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
        with self._connect() as conn:
            live, hole = self._void_lookup(conn, issuer, wanted, year, series)
            if hole is not None:
                return self._void_gap(conn, hole, int(wanted), reason)
            assert live is not None
            entry = live
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
                    self._log(
                        conn,
                        "void",
                        entry=entry.id,
                        symbol=entry.symbol,
                        spec=entry.spec,
                        reason=reason,
                    )
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise
        return replace(entry, state="voided", voided_at=now, void_reason=reason)

    def void_target(
        self,
        issuer: str,
        symbol_or_number: str | int,
        year: int | None = None,
        series: str | None = None,
    ) -> tuple[Entry | None, Gap | None]:
        """What ``void`` with these arguments would void, changing nothing: the document's
        entry, or the gap holding the bare number; the errors ``void`` would raise."""
        with self._connect() as conn:
            return self._void_lookup(conn, issuer, str(symbol_or_number).strip(), year, series)

    def _void_lookup(
        self, conn: Any, issuer: str, wanted: str, year: int | None, series: str | None
    ) -> tuple[Entry | None, Gap | None]:
        in_year = f" in {year}" if year is not None else ""
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
            return None, holes[0]
        if not live:
            old = found[-1]
            what = old.spec or "bỏ trống"
            raise RegisterError(
                f"{old.symbol} of {issuer} ({what}) is already voided "
                f"(on {moment_text(old.voided_at)}: {old.void_reason})",
                code="REGISTER-VOID",
            )
        return live[0], None

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
                self._log(
                    conn,
                    "void",
                    entry=entry_id,
                    symbol=format_number(number, symbol_width(gap.above.symbol)),
                    detail=f"bỏ trống in {gap.series}",
                    reason=reason,
                )
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
