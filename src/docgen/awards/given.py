"""What an award decision gives: its awards as the register keeps them, and one award per
person, award and year across the workspace's decisions (DATA-AWARD-TWICE)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from docgen.awards.history import awardee_key, register_in_use
from docgen.data.models import Collective, Individual, Proposal
from docgen.errors import Problems
from docgen.register.entries import AwardGiven
from docgen.rules import award_again_grounds

if TYPE_CHECKING:
    from docgen.awards.specs import AwardDecisionSpec
    from docgen.data.loader import KeyPath
    from docgen.data.workspace import Workspace
    from docgen.register import Entry, IssuedAward


def certificate_book(issuer: str, certificate: str) -> str:
    """The sổ vàng a certificate's number is written in: one per issuer and certificate form
    (``hvctqg:bang_khen``), shared by all its decisions and batches."""
    return f"{issuer}:{certificate}"


def _nominee_key(school: str, recipient: str, nominee: Collective | Individual) -> str:
    return awardee_key(
        recipient, school, nominee.name, nominee.unit, getattr(nominee, "birth_date", None)
    )


def _again(nominee: Collective | Individual) -> str | None:
    again = nominee.award_again
    return None if again is None else f"{again.override}: {again.reason}"


def awards_given(ws: Workspace, spec_id: str) -> tuple[AwardGiven, ...]:
    """The awards an award decision gives (nothing for another document): each awardee of
    its list, with the money computed now — on issue, what the register keeps."""
    from docgen.awards.kinds.decision_award import awarded_parts
    from docgen.awards.nominees import decided_proposals
    from docgen.awards.specs import AwardDecisionSpec

    spec = ws.specs[spec_id]
    if not isinstance(spec, AwardDecisionSpec):
        return ()
    overrides: dict[str, str] = {}
    for proposal in decided_proposals(ws, spec).values():
        for _at, recipient, nominee in _nominees(proposal):
            again = _again(nominee)
            if again is not None:
                overrides[_nominee_key(proposal.school, recipient, nominee)] = again
    given: dict[tuple[str, str], AwardGiven] = {}
    # a decision of several awards gives each awardee the award of their article
    for data in awarded_parts(ws, spec):
        for a in [*data.collectives, *data.individuals]:
            key = awardee_key(a.kind, a.school_id, a.name, a.unit or None, a.birth_date)
            given.setdefault(
                (key, data.award.id),
                # a period's award is kept as of its last year (the register has one year)
                AwardGiven(
                    key, data.award.id, int(spec.year), a.name, a.amount.value, overrides.get(key)
                ),
            )
    return tuple(given.values())


# -- one award per person, award and year ------------------------------------------------------


def _nominees(
    proposal: Proposal,
) -> Iterator[tuple[KeyPath, Literal["collective", "individual"], Collective | Individual]]:
    for i, collective in enumerate(proposal.collectives):
        yield ("collectives", i), "collective", collective
    for i, individual in enumerate(proposal.individuals):
        yield ("individuals", i), "individual", individual


@dataclass(frozen=True)
class _Given:
    decision: str  # the spec id
    shown: str  # its file
    symbol: str | None  # its number, when issued


def _corrects(ws: Workspace, one: str, other: str) -> bool:
    """Whether one of two decisions corrects (replaces, amends) the other: the correcting
    one gives its awards again, in the corrected one's place."""
    a, b = ws.specs.get(one), ws.specs.get(other)
    return (a is not None and a.corrects is not None and a.corrects.document == other) or (
        b is not None and b.corrects is not None and b.corrects.document == one
    )


def check_awards_twice(ws: Workspace, problems: Problems, register: str | None = None) -> None:
    """Two award decisions of the workspace giving one person the same award for the same
    year: an error at the nominee, as the second decision decides them, naming the first —
    before anything is numbered. The first is the one the register has issued, else the first
    by file name. A nominee whose ``award_again`` names grounds of rules/awards.yaml, with
    the reason, is allowed."""
    from docgen.awards.kinds.minutes import decision_parts
    from docgen.awards.specs import AwardDecisionSpec

    decisions = {k: s for k, s in ws.specs.items() if isinstance(s, AwardDecisionSpec)}
    if not decisions:
        return
    issued, recorded = _issued(ws, register)
    order = sorted(decisions, key=lambda k: (ws.spec_display(k) not in issued, ws.spec_display(k)))
    seen: dict[tuple[str, str, int], _Given] = {}
    # the awards of issued decisions whose spec is no longer in the workspace (deleted or
    # renamed): still given, as the register recorded them
    shown_decisions = {ws.spec_display(k) for k in decisions}
    for award in recorded:
        if award.spec not in shown_decisions and award.override is None:
            seen.setdefault(
                (award.awardee, award.award, award.year),
                _Given("", award.spec, award.symbol),
            )
    checked_again: set[str] = set()
    for spec_id in order:
        spec: AwardDecisionSpec = decisions[spec_id]
        shown = ws.spec_display(spec_id)
        entry = issued.get(shown)
        here = _Given(spec_id, shown, entry.symbol if entry else None)
        for part in decision_parts(ws, spec):
            _check_part_twice(ws, spec_id, part, here, seen, checked_again, problems)


def _check_part_twice(
    ws: Workspace,
    spec_id: str,
    spec: AwardDecisionSpec,
    here: _Given,
    seen: dict[tuple[str, str, int], _Given],
    checked_again: set[str],
    problems: Problems,
) -> None:
    """check_awards_twice for one award of a decision (``spec``: that award alone)."""
    from docgen.awards.nominees import decided_proposals

    assert spec.award is not None
    grounds = award_again_grounds()
    shown = here.shown
    passed = _passed(ws, spec)
    for display, proposal in decided_proposals(ws, spec).items():
        src = ws.sources[display]
        for at, recipient, nominee in _nominees(proposal):
            if (nominee.award or proposal.award) != spec.award:
                continue
            vote = _vote_key(proposal.school, recipient, nominee)
            if passed is not None and vote not in passed:
                continue
            key = _nominee_key(proposal.school, recipient, nominee)
            again = nominee.award_again
            where = f"{display}:{'.'.join(map(str, at))}"
            if again is not None and where not in checked_again:
                checked_again.add(where)
                if again.override not in grounds:
                    problems.add(
                        "DATA-REF",
                        f"award_again names the grounds '{again.override}', which "
                        f"rules/awards.yaml does not have (it has: {', '.join(grounds)})",
                        src.locate((*at, "award_again", "override")),
                    )
            first = seen.setdefault((key, spec.award, int(spec.year)), here)
            if first is here or again is not None or _corrects(ws, spec_id, first.decision):
                continue
            rule = ws.catalogue.get(spec.award) if ws.catalogue is not None else None
            award_name = rule.name if rule else spec.award
            earlier = ws.specs.get(first.decision)
            years = str(getattr(earlier, "year", spec.year)), str(spec.year)
            if years[0] != years[1]:  # a period and its last year: say both, and why
                message = (
                    f"'{nominee.name}' would be given '{award_name}' for {years[1]} by {shown} "
                    f"and for {years[0]} by {first.shown}: a period's award counts as of its "
                    f"last year ({int(spec.year)}), one award per person, award and year"
                )
            elif first.symbol is not None:
                message = (
                    f"'{nominee.name}' would be given '{award_name}' for {spec.year} by "
                    f"{shown}, but {first.shown} ({first.symbol}) gives it already: one "
                    "award per person, award and year"
                )
            else:  # neither has a number yet: which one is meant is the clerk's to say
                message = (
                    f"'{nominee.name}' would be given '{award_name}' for {spec.year} by both "
                    f"{first.shown} and {shown}: one award per person, award and year"
                )
            problems.add(
                "DATA-AWARD-TWICE",
                message,
                src.locate((*at, "name")),
                hint="keep one decision for them (delete the other, or give it other "
                "schools:), or, if the law allows a second award (khen thưởng đột xuất), "
                "record it on the nominee (award_again: override dot-xuat, with its reason)",
            )


def _passed(ws: Workspace, spec: AwardDecisionSpec) -> set[tuple[object, ...]] | None:
    """Who passed the council's vote, for a decision with minutes (as
    ``kinds.minutes_outcome.awardee_key``); None: every nominee of its proposals."""
    from docgen.awards.kinds.minutes import MinutesSpec, outcome_of
    from docgen.errors import DocgenError

    minutes = spec.minutes_id
    if minutes is None or not isinstance(ws.specs.get(minutes), MinutesSpec):
        return None  # no minutes, or a wrong reference (reported by the decision's check)

    try:
        return set(outcome_of(ws, minutes).passed_keys())
    except DocgenError:
        return None  # the minutes' problem is reported by their own check


def _vote_key(school: str, recipient: str, nominee: Collective | Individual) -> tuple[object, ...]:
    from docgen.awards.nominees import nominee_key

    return (
        recipient,
        school,
        nominee_key(nominee.name),
        nominee_key(nominee.unit or ""),
        getattr(nominee, "birth_date", None),
    )


def _issued(ws: Workspace, register: str | None) -> tuple[dict[str, Entry], list[IssuedAward]]:
    """The workspace's issued entries by spec, and the awards the register recorded for them,
    when a register is there (else none)."""
    from docgen.errors import RegisterError
    from docgen.register import open_register, register_exists

    target = register_in_use(ws, register)
    try:
        if not register_exists(target):
            return {}, []
        book = open_register(target, workspace=ws.identity)
        return {e.spec: e for e in book.entries() if e.state == "issued"}, book.issued_awards()
    except RegisterError:
        return {}, []  # reported by the history's reading of the register
