"""Nominees of the proposals: who is who, nobody proposed twice, what a document decides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from docgen.data.bodies import body_key, check_body
from docgen.data.loader import KeyPath, Source
from docgen.data.models import AwardRule, Proposal
from docgen.errors import Problems

if TYPE_CHECKING:
    from docgen.awards.kinds.minutes import MinutesSpec
    from docgen.awards.specs import AwardDecisionSpec, ProposalSpec
    from docgen.data.workspace import Workspace


def nominee_key(name: str) -> str:
    """A name or unit as compared for identity: case and spacing do not count."""
    return " ".join(name.casefold().split())


def nominee_identity(
    campaign: str,
    year: int,
    award: str,
    recipient: str,
    school: str,
    unit: str | None,
    name: str,
) -> tuple[str, ...]:
    """Who a proposed nominee is, as every check compares them (``docgen validate``, the
    importer of a school's list): the campaign, year, award, kind of recipient, school, unit
    and name. The same name in the same unit ("Khoa Dân vận") of two schools is two people; two
    namesakes of one identity are one person unless their birth dates differ (same_person)."""
    return (
        campaign,
        str(year),
        award,
        recipient,
        school,
        nominee_key(unit or school),
        nominee_key(name),
    )


def same_person(birth: dt.date | None, other: dt.date | None) -> bool:
    """Whether two namesakes of one unit may be one person: only two different birth dates
    tell them apart (a record without one could be either)."""
    return birth is None or other is None or birth == other


@dataclass(slots=True)
class _Proposed:
    """A nominee already proposed: where, and the birth date that tells namesakes apart."""

    source: Source
    at: KeyPath
    birth_date: dt.date | None


def check_proposals(ws: Workspace, problems: Problems) -> None:
    """Proposals: known schools and awards, awards fit their recipients, nobody proposed twice
    for the same award in the same year (the kinds check the specs that use them)."""
    catalogue = ws.catalogue
    awards: dict[str, AwardRule | None] = {}
    seen: dict[tuple[str, ...], list[_Proposed]] = {}
    for display, proposal in ws.proposals.items():
        src = ws.sources[display]
        named = body_key(src)
        check_body(ws, proposal.school, src.locate((named,)), problems, named)
        if proposal.campaign not in ws.campaigns and not ws.is_broken(
            "campaign", proposal.campaign
        ):
            problems.add(
                "DATA-REF", f"unknown campaign '{proposal.campaign}'", src.locate(("campaign",))
            )
        unknown: set[tuple[str | int, ...]] = set()
        groups: tuple[tuple[str, Literal["collective", "individual"], list[Any]], ...] = (
            ("collectives", "collective", proposal.collectives),
            ("individuals", "individual", proposal.individuals),
        )
        for field_name, recipient, nominees in groups:
            for i, nominee in enumerate(nominees):
                award_id = nominee.award or proposal.award
                if award_id not in awards:
                    awards[award_id] = catalogue.get(award_id) if catalogue else None
                award = awards[award_id]
                if award is None or not award.allows(recipient):
                    at = (field_name, i, "award") if nominee.award else ("award",)
                    if catalogue is not None and catalogue.unknown(award_id):
                        if at not in unknown:  # the proposal's award: once, not per nominee
                            problems.add("DATA-REF", f"unknown award '{award_id}'", src.locate(at))
                        unknown.add(at)
                    elif award is not None:
                        whom = "individuals" if award.recipients == "individual" else "collectives"
                        problems.add(
                            "DATA-AWARD-RECIPIENT",
                            f"'{award.name}' goes to {whom} only, not to the {recipient} "
                            f"'{nominee.name}'",
                            src.locate(at),
                        )
                key = nominee_identity(
                    proposal.campaign,
                    proposal.year,
                    award_id,
                    recipient,
                    proposal.school,
                    nominee.unit,
                    nominee.name,
                )
                birth = getattr(nominee, "birth_date", None)  # individuals only
                here = _Proposed(src, (field_name, i, "name"), birth)
                namesakes = seen.get(key)
                if namesakes is None:
                    seen[key] = [here]
                    continue
                first = next((p for p in namesakes if same_person(p.birth_date, birth)), None)
                if first is None:
                    namesakes.append(here)
                    continue
                hint = None
                if recipient == "individual" and (birth is None or first.birth_date is None):
                    hint = (
                        "if they are two people with the same name in the same unit, give "
                        "each their birth_date (YYYY-MM-DD)"
                    )
                problems.add(
                    "DATA-DUPLICATE-NOMINEE",
                    f"'{nominee.name}' is already proposed for this award in "
                    f"{proposal.year} (at {first.source.locate(first.at)})",
                    src.locate(here.at),
                    hint=hint,
                )


def decided_proposals(
    ws: Workspace, spec: AwardDecisionSpec | ProposalSpec | MinutesSpec
) -> dict[str, Proposal]:
    """The proposals an award decision decides (its campaign, year and schools), or those a
    school's proposal document presents (its campaign, year and school), or those the
    council's minutes vote on (as a decision)."""
    # a school's proposal document names its school; a decision and minutes their schools
    school = getattr(spec, "school", None)
    schools = [school] if school is not None else getattr(spec, "schools", None)
    # and only the proposals of its awards: a school proposes to its own superior and, through
    # the province, upward (data/proposals/2024/nghe-an.yaml, nghe-an-ubnd.yaml), in one year
    awards = set(getattr(spec, "award_ids", None) or [spec.award])
    return {
        display: p
        for display, p in ws.proposals.items()
        if p.campaign == spec.campaign
        and p.year == spec.year
        and (schools is None or p.school in schools)
        and any((n.award or p.award) in awards for n in [*p.collectives, *p.individuals])
    }
