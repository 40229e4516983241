"""Kind ``minutes``: the council's minutes (Biên bản họp Hội đồng Thi đua - Khen thưởng).

The nominees are those the award decision would list (the proposals of the campaign, year
and award); every member present votes on each, unless the spec says otherwise for a nominee.
Whether a nominee passes is the share of votes data/law/votes.yaml requires on the meeting's
day; a decision that names the minutes (``minutes:``) awards only those who passed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from docgen.awards.kinds.minutes_outcome import Outcome, awardee_key, count_votes
from docgen.awards.votes import MeetingTime, minutes_of_day, share_text, time_words
from docgen.awards.wording import award_wording
from docgen.data.body_alias import bodies_alias, body_alias
from docgen.data.models import (
    CampaignSpec,
    Identifier,
    Name,
    PointItem,
    Record,
    Signature,
    SpecBase,
    Text,
)
from docgen.data.period import YearOrPeriod
from docgen.documents.context import document_context
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.documents.sections import SectionNumbering
from docgen.errors import Diagnostic, Problems
from docgen.vn.dates import date_words

if TYPE_CHECKING:
    from docgen.awards.commendation import DecisionList
    from docgen.awards.specs import AwardDecisionSpec
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace

# The title over each signature: THƯ KÝ left, the one who chaired right (ND 30 Phụ lục III
# mẫu 1.9: "THƯ KÝ" and "CHỦ TỌA"; a council's minutes name the chair by the council).
SECRETARY_TITLE = "THƯ KÝ"
CHAIR_TITLES = {"chair": "CHỦ TỊCH HỘI ĐỒNG", "vice_chair": "PHÓ CHỦ TỊCH HỘI ĐỒNG"}
CHAIR_TITLE_OTHER = "CHỦ TRÌ"


class Absence(Record):
    member: Identifier  # a key of the council's members
    reason: Text  # "đi công tác nước ngoài"


class VoteCount(Record):
    """The votes for one nominee, when not every member present voted for them."""

    name: Name  # as the proposal writes it
    school: Identifier  # whose proposal: a body, ``body:`` or ``school:``
    unit: Text | None = None  # to tell apart two nominees of the same name in one school
    birth_date: dt.date | None = None  # to tell apart namesakes of one unit
    votes_for: int = Field(alias="for", ge=0)

    @model_validator(mode="before")
    @classmethod
    def _body(cls, data: Any) -> Any:
        return body_alias(data)


class Votes(Record):
    # all: every member present voted for each nominee not listed under exceptions;
    # none: every nominee must be listed
    default: Literal["all", "none"] = "all"
    exceptions: list[VoteCount] = Field(default_factory=list)


class MinutesSpec(CampaignSpec):
    """The minutes of a council meeting that voted on the nominees for an award."""

    kind: Literal["minutes"]
    year: YearOrPeriod  # the proposals of this year (or period: 2019-2025) of the campaign
    award: Identifier  # the award catalogue id voted on
    # whose proposals (default: all of the year): bodies, ``bodies:`` or ``schools:``
    schools: list[Identifier] | None = None
    council: Identifier  # data/councils/<id>.yaml
    start: MeetingTime  # "14:00"
    end: MeetingTime  # "16:30"
    place: Text
    chair: Identifier | None = None  # who chaired (default: the council's chair)
    secretary: Identifier | None = None  # who took the minutes (default: its secretary)
    absent: list[Absence] = Field(default_factory=list)
    guests: list[Text] = Field(default_factory=list)  # invited, not voting
    agenda: list[PointItem] = Field(min_length=1)  # what the meeting did before it voted
    votes: Votes = Field(default_factory=Votes)
    order: Literal["given_name", "unit_then_rank", "as_written"] = "given_name"
    group_by_unit: bool = True
    # the minutes are signed by the secretary and the chair of the meeting, not by a signer
    # of the issuer
    signature: Signature | None = None  # type: ignore[assignment]

    @model_validator(mode="before")
    @classmethod
    def _bodies(cls, data: Any) -> Any:
        return bodies_alias(data)

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> MinutesSpec:
        if minutes_of_day(self.end) <= minutes_of_day(self.start):
            raise ValueError(f"the meeting ends ({self.end}) before it starts ({self.start})")
        return self


# -- the vote -------------------------------------------------------------------------------


def evaluate(
    ws: Workspace,
    spec_id: str,
    problems: Problems | None = None,
    warnings: list[Diagnostic] | None = None,
) -> Outcome | None:
    """The vote of the minutes ``spec_id``; problems found on the way go to ``problems``
    (validation), unconfirmed law to ``warnings``. None when the data do not allow it.

    Counted once per workspace: validation counts it (with ``problems``), the decision that
    follows the minutes and the rendering reuse the count."""
    key = f"minutes:{spec_id}"
    if problems is None and warnings is None and key in ws.derived:
        cached: Outcome | None = ws.derived[key]
        return cached
    spec = ws.specs[spec_id]
    assert isinstance(spec, MinutesSpec)
    outcome = count_votes(ws, spec_id, spec, problems, warnings)
    ws.derived[key] = outcome
    return outcome


def outcome_of(ws: Workspace, spec_id: str) -> Outcome:
    """The vote of minutes the workspace validated (for the decision that follows them)."""
    from docgen.errors import DocgenError

    outcome = evaluate(ws, spec_id)
    if outcome is None:  # validation reports why first
        raise DocgenError(
            f"the minutes {ws.spec_display(spec_id)} cannot be counted",
            code="DATA-MINUTES",
        )
    return outcome


def passed_only(ws: Workspace, minutes_id: str, data: DecisionList) -> DecisionList:
    """A decision's list without the nominees who did not pass the minutes' vote."""
    from dataclasses import replace

    keep = outcome_of(ws, minutes_id).passed_keys()
    return replace(
        data,
        collectives=[a for a in data.collectives if awardee_key(a) in keep],
        individuals=[a for a in data.individuals if awardee_key(a) in keep],
    )


def decision_parts(ws: Workspace, spec: AwardDecisionSpec) -> list[AwardDecisionSpec]:
    """The decision award by award (one article and one list each), each as a decision of
    that award alone, with the minutes that voted on that award (``minutes: [id, id]``)."""
    ids = spec.minutes_ids
    if not spec.awards:
        if isinstance(spec.minutes, list):
            return [spec.model_copy(update={"minutes": ids[0] if ids else None})]
        return [spec]
    voted: dict[str, str] = {}  # the minutes of each award
    for minutes_id in ids:
        minutes = ws.specs.get(minutes_id)
        if isinstance(minutes, MinutesSpec):
            voted.setdefault(minutes.award, minutes_id)
    return [
        spec.for_award(award).model_copy(update={"minutes": voted.get(award)})
        for award in spec.award_ids
    ]


def check_decision_minutes(ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
    """An award decision and the council's minutes it follows: they are for the same
    campaign, year and award, the minutes are older, and they vote on everyone the decision
    decides; a decision of a campaign, year and award the council voted on names the minutes."""
    from docgen.awards.specs import AwardDecisionSpec

    whole = ws.specs[spec_id]
    assert isinstance(whole, AwardDecisionSpec)
    several = bool(whole.awards) or isinstance(whole.minutes, list)
    if several and not _check_cited_minutes(ws, spec_id, whole, source, problems):
        return
    for spec in decision_parts(ws, whole):
        _check_decision_minutes(ws, spec_id, spec, source, problems)


def _check_cited_minutes(
    ws: Workspace, spec_id: str, whole: AwardDecisionSpec, source: Source, problems: Problems
) -> bool:
    """The minutes a decision of several awards (or a list of minutes) cites: each is the
    minutes of a council meeting, on one of the decision's awards, one per award. False when
    one is not, after saying why."""
    ok = True
    seen: dict[str, str] = {}
    listed = isinstance(whole.minutes, list)
    for i, minutes_id in enumerate(whole.minutes_ids):
        where = source.locate(("minutes", i) if listed else ("minutes",))
        minutes = ws.specs.get(minutes_id)
        if not isinstance(minutes, MinutesSpec):
            problems.add(
                "DATA-REF",
                f"'{minutes_id}' is not the minutes of a council meeting in this workspace (a "
                "spec of kind: minutes under data/documents/)",
                where,
            )
            ok = False
        elif minutes.award not in whole.award_ids:
            problems.add(
                "DATA-MINUTES-MISMATCH",
                f"the minutes {ws.spec_display(minutes_id)} vote for award {minutes.award}, "
                f"which this decision ({ws.spec_display(spec_id)}) does not give",
                where,
            )
            ok = False
        elif minutes.award in seen:
            problems.add(
                "DATA-DUPLICATE",
                f"the minutes {ws.spec_display(minutes_id)} and "
                f"{ws.spec_display(seen[minutes.award])} both vote for award {minutes.award}: "
                "a decision follows one vote per award",
                where,
            )
            ok = False
        else:
            seen[minutes.award] = minutes_id
    return ok


def _check_decision_minutes(
    ws: Workspace, spec_id: str, spec: AwardDecisionSpec, source: Source, problems: Problems
) -> None:
    """What check_decision_minutes checks, for one award of the decision."""
    from docgen.awards.nominees import decided_proposals

    shown = ws.spec_display(spec_id)
    if spec.minutes is None:
        voted = [
            sid
            for sid, other in ws.specs.items()
            if isinstance(other, MinutesSpec)
            and (other.campaign, other.year, other.award) == (spec.campaign, spec.year, spec.award)
        ]
        if voted:
            problems.add(
                "DATA-MINUTES-UNCITED",
                f"the council voted on the nominees of this decision in "
                f"{ws.spec_display(voted[0])}: the decision must follow those minutes",
                source.locate(("award",)),
                hint=f"add 'minutes: {voted[0]}' so that only the nominees who passed are awarded",
            )
        return
    minutes_id = spec.minutes_id
    assert minutes_id is not None
    where = source.locate(("minutes",))
    minutes = ws.specs.get(minutes_id)
    if not isinstance(minutes, MinutesSpec):
        problems.add(
            "DATA-REF",
            f"'{minutes_id}' is not the minutes of a council meeting in this workspace (a spec "
            "of kind: minutes under data/documents/)",
            where,
        )
        return
    theirs = ws.spec_display(minutes_id)
    mismatched = False
    for name in ("campaign", "year", "award"):
        ours, other = getattr(spec, name), getattr(minutes, name)
        if ours != other:
            problems.add(
                "DATA-MINUTES-MISMATCH",
                f"the minutes {theirs} vote for {name} {other}, but this decision ({shown}) "
                f"decides {name} {ours}",
                source.locate((name,)),
            )
            mismatched = True
    if minutes.date > spec.date:
        problems.add(
            "DATA-DATE-ORDER",
            f"the decision {shown} ({spec.date.strftime('%d/%m/%Y')}) is dated before the "
            f"minutes it follows ({theirs}, {minutes.date.strftime('%d/%m/%Y')})",
            source.locate(("date",)),
        )
    if mismatched:
        return
    outcome = evaluate(ws, minutes_id)
    if outcome is None:  # the minutes' own check says why
        return
    # the same campaign, year and award: a proposal both consider has the same nominees in
    # both lists, so what the minutes miss are the nominees of the proposals they leave out
    decided = decided_proposals(ws, spec)
    considered = decided_proposals(ws, minutes)
    missing = [
        f"'{nominee.name}' ({_body_name(ws, p.school)})"
        for display, p in decided.items()
        if display not in considered
        for nominee in [*p.collectives, *p.individuals]
        if (nominee.award or p.award) == spec.award
    ]
    if missing:
        shown_names = ", ".join(missing[:5])
        if len(missing) > 5:
            shown_names = f"{shown_names} and {len(missing) - 5} more"
        problems.add(
            "DATA-MINUTES-NOT-VOTED",
            f"the minutes {theirs} do not vote on {len(missing)} of the nominees this decision "
            f"({shown}) decides: {shown_names}",
            where,
            hint="the minutes and the decision must cover the same schools' proposals "
            "(schools: …), dated before the meeting",
        )
        return
    ours = {p.school for p in decided.values()}
    if decided and not any(b.awardee.school_id in ours for b in outcome.passed()):
        problems.add(
            "DATA-MINUTES-NONE-PASSED",
            f"no nominee of this decision passed the vote of the minutes {theirs}",
            where,
        )


# -- the document ----------------------------------------------------------------------------


def minutes_context(job: RenderJob, outcome: Outcome) -> dict[str, Any]:
    """Everything the minutes' template uses."""
    from docgen.awards.tables import votes_table

    spec = job.spec
    assert isinstance(spec, MinutesSpec)
    nominees = outcome.nominees
    passed, failed = outcome.passed(), outcome.failed()
    rule = outcome.rule.votes
    numbering = SectionNumbering(job.rules)
    chair_title = CHAIR_TITLES.get(outcome.chair.role_id, CHAIR_TITLE_OTHER)
    return {
        **document_context(
            spec, job.issuer, job.campaign, job.rules, job.symbol, job.bases, job.names
        ),
        "council": outcome.council,
        "award": nominees.award,
        "wording": award_wording(nominees.award),
        "start": time_words(spec.start),
        "end": time_words(spec.end),
        "day": date_words(spec.date, pad=job.issuer.pad_dates),
        "chair": outcome.chair,
        "secretary": outcome.secretary,
        "present": outcome.present,
        "absent": [{"person": p, "reason": r} for p, r in outcome.absent],
        "member_count": len(outcome.council.members),
        "ballots": outcome.ballots,
        "base_count": outcome.base,
        "rule": rule,
        "required": share_text(rule.share),
        "of_members": rule.of == "members",
        "considered": {
            "collectives": len(outcome.collectives),
            "individuals": len(outcome.individuals),
        },
        "passed": {
            "collectives": sum(1 for b in passed if b.awardee.kind == "collective"),
            "individuals": sum(1 for b in passed if b.awardee.kind == "individual"),
        },
        "failed": failed,
        "votes_table": votes_table(outcome, job.rules, spec.group_by_unit),
        "signatures": {
            "left": {"title": SECRETARY_TITLE, "name": outcome.secretary.name},
            "right": {"title": chair_title, "name": outcome.chair.name},
        },
        "sec": numbering,
        "points": numbering.points,
    }


class Minutes(Kind):
    name = "minutes"
    summary = "Biên bản họp Hội đồng Thi đua - Khen thưởng: the votes for each nominee"
    spec_model = MinutesSpec
    type_id = "bien_ban"
    templates = (TemplateSource("minutes", "bien_ban"),)

    def signer_name(self, ws: Workspace, spec: SpecBase) -> str:
        """The register records who chaired the meeting."""
        assert isinstance(spec, MinutesSpec)
        council = ws.councils[spec.council]
        chosen = spec.chair or next(k for k, m in council.members.items() if m.role == "chair")
        return council.members[chosen].name

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """The council, its members and the vote rule are known, a quorum was present, every
        vote names a nominee, and the proposals voted on are older than the meeting."""
        evaluate(ws, spec_id, problems, ws.warnings)

    def context(self, job: RenderJob) -> dict[str, Any]:
        return minutes_context(job, outcome_of(job.ws, job.spec_id))


KIND = Minutes()


def _body_name(ws: Workspace, ident: str) -> str:
    body = ws.body(ident)
    return body.name if body is not None else ident
