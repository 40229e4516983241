"""Award decisions from proposals: who is awarded, in which order, with how much money."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from docgen.awards.law import Law
from docgen.awards.money import Amount, award_amount
from docgen.awards.specs import AwardDecisionSpec, ProposalSpec
from docgen.data.bodies import Body
from docgen.data.models import (
    AwardCatalogue,
    AwardRule,
    Collective,
    Individual,
    Proposal,
)
from docgen.vn.collation import name_key, sort_key, split_name

if TYPE_CHECKING:
    from docgen.awards.kinds.minutes import MinutesSpec


@dataclass(slots=True)
class Awardee:
    """One line of the attached list.

    Not frozen: a list is built 50,000 lines at a time, and a frozen dataclass is built five
    times slower; nothing changes an awardee once decision_list has made it."""

    kind: Literal["collective", "individual"]
    name: str
    position: str  # "Giảng viên chính Khoa Xây dựng Đảng" (empty for a collective)
    school: str  # the school's name
    school_id: str
    achievement: str
    amount: Amount
    rank: int
    written_order: int
    sort_name: tuple[object, ...]  # name_key of the name's parts (explicit parts win)
    unit: str = ""  # the nominee's unit as the proposal gives it (empty: the school)
    birth_date: dt.date | None = None  # tells namesakes of one unit apart

    @property
    def description(self) -> str:
        """The list's "Chức vụ, đơn vị" column."""
        return f"{self.position}, {self.school}" if self.position else self.school


@lru_cache(maxsize=4096)  # a list of 10,000 people names a few dozen positions and units
def position_in_unit(position: str, unit: str | None) -> str:
    """``Trưởng khoa`` + ``Khoa Xây dựng Đảng`` → ``Trưởng Khoa Xây dựng Đảng``."""
    if not unit:
        return position
    last = position.split()[-1] if position.split() else ""
    first = unit.split()[0]
    if last.casefold() == first.casefold():
        return f"{position[: -len(last)]}{unit}"
    return f"{position} {unit}"


@dataclass(frozen=True)
class DecisionList:
    award: AwardRule
    collectives: list[Awardee]
    individuals: list[Awardee]
    collective_amount: Amount | None
    individual_amount: Amount | None

    @property
    def total(self) -> int:
        return sum(a.amount.value for a in self.collectives + self.individuals)


OrderKey = Callable[[Awardee], tuple[object, ...]]


def _order(awardees: list[Awardee], order: str, group_by_unit: bool) -> list[Awardee]:
    # a collation key once per school and per position, not once per awardee: a list of
    # 10,000 people names a few dozen schools and positions
    schools = {school: sort_key(school) for school in {a.school for a in awardees}}
    positions = {p: sort_key(p) for p in {a.position for a in awardees}}
    keys: dict[str, OrderKey] = {
        "as_written": lambda a: (a.written_order,),
        "given_name": lambda a: (*a.sort_name, a.written_order),
        # the nominee's rank in the unit first (1 = first; one not ranked, 0, after the
        # ranked), then the position's text and the name, as before
        "unit_then_rank": lambda a: (
            a.rank <= 0,
            a.rank,
            positions[a.position],
            *a.sort_name,
        ),
    }
    key = keys[order]
    if group_by_unit or order == "unit_then_rank":
        # schools in Vietnamese order of their names, then the chosen order inside each
        return sorted(awardees, key=lambda a: (schools[a.school], *key(a)))
    return sorted(awardees, key=key)


# what a list made without money (a council's minutes) carries in its amounts
NO_MONEY = Amount(0, Decimal(0), 0, "")


def decision_list(
    spec: AwardDecisionSpec | ProposalSpec | MinutesSpec,
    proposals: list[Proposal],
    body: Callable[[str], Body | None],
    catalogue: AwardCatalogue,
    law: Law | None,
    *,
    money: bool = True,
) -> DecisionList:
    """Everyone a decision awards (or a proposal proposes, or the council's minutes vote on)
    for its award, ordered, with the money due on its date (by the decree table and base
    salary in force then); ``money=False`` (or no law) leaves the amounts at nothing."""
    # a decision of several awards is listed award by award (decision_parts)
    award = catalogue.get(spec.award) if spec.award is not None else None
    if award is None:  # validated earlier; kept for type narrowing
        raise ValueError(f"unknown award {spec.award}")
    order = getattr(spec, "order", "as_written")

    def amount(recipient: Literal["individual", "collective"]) -> Amount | None:
        if not award.allows(recipient):
            return None
        if not money or law is None or not award.paid:
            return NO_MONEY
        return award_amount(award, recipient, spec.date, law)

    collective_amount = amount("collective")
    individual_amount = amount("individual")
    collectives: list[Awardee] = []
    individuals: list[Awardee] = []
    written = 0
    for proposal in proposals:
        school = body(proposal.school)  # Workspace.body: a school or another body
        assert school is not None  # validated
        members: list[Collective | Individual] = [*proposal.collectives, *proposal.individuals]
        for nominee in members:
            written += 1
            if (nominee.award or proposal.award) != spec.award:
                continue
            if isinstance(nominee, Individual):
                assert individual_amount is not None
                name = nominee.name
                parts = split_name(name, nominee.family, nominee.middle, nominee.given)
                individuals.append(
                    Awardee(
                        "individual",
                        name,
                        position_in_unit(nominee.position, nominee.unit),
                        school.name,
                        proposal.school,
                        nominee.achievement,
                        individual_amount,
                        nominee.rank,
                        written,
                        name_key(parts),
                        nominee.unit or "",
                        nominee.birth_date,
                    )
                )
            else:
                assert collective_amount is not None
                collectives.append(
                    Awardee(
                        "collective",
                        nominee.name,
                        "",
                        school.name,
                        proposal.school,
                        nominee.achievement,
                        collective_amount,
                        0,
                        written,
                        (sort_key(nominee.name),),
                    )
                )
    return DecisionList(
        award,
        _order(collectives, order, spec.group_by_unit),
        _order(individuals, order, spec.group_by_unit),
        collective_amount,
        individual_amount,
    )
