"""The awards the register's decisions gave: one award per person, award and year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docgen.errors import RegisterError
from docgen.register.base import RegisterBase
from docgen.register.entries import AwardGiven, IssueRequest

# how many of the people awarded twice a refusal names (a batch may hold thousands)
_NAMED = 3


@dataclass(frozen=True)
class IssuedAward:
    """An award as its decision gave it on issue (the ``awards`` table)."""

    entry: int  # the decision's entry
    symbol: str  # its number: "1569-QĐ/HVCTQG"
    spec: str  # its spec, relative to its workspace
    awardee: str
    award: str
    year: int
    name: str
    money: int | None
    override: str | None


class AwardBook(RegisterBase):
    """The awards of issued decisions, kept with their numbers.

    The workspace checks its decisions before numbering (DATA-AWARD-TWICE); this is what
    still holds when two clerks, or two folders of one office, number decisions at the same
    moment: the awards are recorded in the transaction that issues the number, under a lock
    of the workspace's awards, and a person already given the same award for the same year
    by another live (not voided) decision is refused. Voiding a decision frees its awards."""

    def _record_awards(self, conn: Any, entry_id: int, request: IssueRequest) -> None:
        """Inside ``issue``'s transaction: record what the decision ``entry_id`` gives. On a
        rebuild, the awards kept from the issue stay as they were (their money too); awardees
        no longer given are dropped and new ones added."""
        if not request.awards:
            return
        self.dialect.lock(conn, f"awards:{self.workspace}")
        kept = {
            (str(r[0]), str(r[1]))
            for r in self._exec(
                conn, "SELECT awardee, award FROM awards WHERE entry = ?", (entry_id,)
            ).fetchall()
        }
        wanted = {(a.awardee, a.award): a for a in request.awards}
        self._refuse_twice(conn, entry_id, request, [a for k, a in wanted.items() if k not in kept])
        gone = [k for k in kept if k not in wanted]
        if gone:
            conn.cursor().executemany(
                self.dialect.sql(
                    "DELETE FROM awards WHERE entry = ? AND awardee = ? AND award = ?"
                ),
                [(entry_id, awardee, award) for awardee, award in gone],
            )
        new = [
            (self.workspace, entry_id, a.awardee, a.award, a.year, a.name, a.money, a.override)
            for k, a in wanted.items()
            if k not in kept
        ]
        if new:
            conn.cursor().executemany(
                self.dialect.sql(
                    "INSERT INTO awards (workspace, entry, awardee, award, year, name, money,"
                    " override) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                new,
            )

    def _refuse_twice(
        self, conn: Any, entry_id: int, request: IssueRequest, new: Sequence[AwardGiven]
    ) -> None:
        """A person given the same award for the same year by another live decision of the
        workspace is refused, unless one of the two awards carries the override the law allows
        (khen thưởng đột xuất: docgen.awards.given)."""
        groups: dict[tuple[str, int], list[AwardGiven]] = {}
        for award in new:
            groups.setdefault((award.award, award.year), []).append(award)
        twice: list[tuple[AwardGiven, str, str]] = []
        for (award_id, year), given in groups.items():
            rows = self._exec(
                conn,
                "SELECT a.awardee, a.override, e.symbol, e.spec FROM awards a"
                " JOIN entries e ON e.id = a.entry WHERE a.workspace = ? AND a.award = ?"
                " AND a.year = ? AND a.entry <> ? AND e.state <> 'voided'"
                # the decision this one corrects (replaces, amends) gives them no second award
                " AND e.spec <> ?",
                (self.workspace, award_id, year, entry_id, request.corrects or ""),
            ).fetchall()
            before: dict[str, list[tuple[str | None, str, str]]] = {}
            for awardee, override, symbol, spec in rows:
                before.setdefault(str(awardee), []).append((override, str(symbol), str(spec)))
            for award in given:
                if award.override is not None:
                    continue
                plain = [(s, p) for o, s, p in before.get(award.awardee, ()) if o is None]
                if plain:
                    twice.append((award, *plain[0]))
        if not twice:
            return
        award, symbol, spec = twice[0]
        names = ", ".join(f"'{a.name}'" for a, _s, _p in twice[:_NAMED])
        raise RegisterError(
            f"{request.spec} would give the award '{award.award}' for {award.year} to "
            f"{len(twice)} awardee(s) already given it by {symbol} ({spec}), among them "
            f"{names}: one award per person, award and year",
            code="REGISTER-AWARD-TWICE",
            hint=f"leave them out of {request.spec}, or void {symbol} if it was a mistake; "
            "a second award the law allows (khen thưởng đột xuất) is recorded on the nominee "
            "(award_again: override dot-xuat, with its reason)",
        )

    def issued_awards(self) -> list[IssuedAward]:
        """The awards of the workspace's issued decisions, as recorded on issue."""
        with self._connect() as conn, self._translated("reading the awards given"):
            rows = self._exec(
                conn,
                "SELECT a.entry, e.symbol, e.spec, a.awardee, a.award, a.year, a.name, a.money,"
                " a.override FROM awards a JOIN entries e ON e.id = a.entry"
                " WHERE a.workspace = ? AND e.state = 'issued'"
                # an award a live correcting document (đính chính, sửa đổi, thay thế) gives
                # again is that document's: the corrected one's no longer counts
                # (by the index on entries.corrects: an entry is rarely corrected)
                " AND NOT EXISTS (SELECT 1 FROM entries c JOIN awards b ON b.entry = c.id"
                " AND b.awardee = a.awardee AND b.award = a.award AND b.year = a.year"
                " WHERE c.corrects = a.entry AND c.state = 'issued')"
                " ORDER BY a.entry",
                (self.workspace,),
            ).fetchall()
        return [
            IssuedAward(
                int(r[0]),
                str(r[1]),
                str(r[2]),
                str(r[3]),
                str(r[4]),
                int(r[5]),
                str(r[6]),
                None if r[7] is None else int(r[7]),
                None if r[8] is None else str(r[8]),
            )
            for r in rows
        ]
