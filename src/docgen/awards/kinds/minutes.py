"""Kind ``minutes``: the council's minutes (Biên bản họp Hội đồng Thi đua - Khen thưởng).

The nominees are those the award decision would list (the proposals of the campaign, year
and award); every member present votes on each, unless the spec says otherwise for a nominee.
Whether a nominee passes is the share of votes data/law/votes.yaml requires on the meeting's
day; a decision that names the minutes (``minutes:``) awards only those who passed.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from docgen.awards.law import Cited, unconfirmed_warning
from docgen.awards.votes import (
    MeetingTime,
    VoteRule,
    minutes_of_day,
    percent_text,
    reaches,
    share_text,
    time_words,
)
from docgen.data.models import (
    CampaignSpec,
    Council,
    CouncilMember,
    Identifier,
    Name,
    PointItem,
    Record,
    Signature,
    SpecBase,
    Text,
)
from docgen.documents.context import document_context
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.documents.sections import SectionNumbering
from docgen.errors import Diagnostic, Problems
from docgen.vn.dates import date_words

if TYPE_CHECKING:
    from docgen.awards.commendation import Awardee, DecisionList
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace

# How the minutes name each role (document text).
ROLE_NAMES = {
    "chair": "Chủ tịch Hội đồng",
    "vice_chair": "Phó Chủ tịch Hội đồng",
    "member": "Ủy viên",
    "secretary": "Ủy viên thư ký",
}
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
    school: Identifier  # whose proposal
    unit: Text | None = None  # to tell apart two nominees of the same name in one school
    birth_date: dt.date | None = None  # to tell apart namesakes of one unit
    votes_for: int = Field(alias="for", ge=0)


class Votes(Record):
    # all: every member present voted for each nominee not listed under exceptions;
    # none: every nominee must be listed
    default: Literal["all", "none"] = "all"
    exceptions: list[VoteCount] = Field(default_factory=list)


class MinutesSpec(CampaignSpec):
    """The minutes of a council meeting that voted on the nominees for an award."""

    kind: Literal["minutes"]
    year: int  # the proposals of this year of the campaign
    award: Identifier  # the award catalogue id voted on
    schools: list[Identifier] | None = None  # whose proposals (default: all of the year)
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

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> MinutesSpec:
        if minutes_of_day(self.end) <= minutes_of_day(self.start):
            raise ValueError(f"the meeting ends ({self.end}) before it starts ({self.start})")
        return self


# -- the vote -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A member as the minutes print them."""

    id: str
    name: str
    position: str
    role_id: str  # chair, vice_chair, member, secretary

    @property
    def role(self) -> str:
        """The role as the minutes print it: "Phó Chủ tịch Hội đồng"."""
        return ROLE_NAMES[self.role_id]

    @classmethod
    def of(cls, member_id: str, member: CouncilMember) -> Person:
        return cls(member_id, member.name, member.position, member.role)


@dataclass(frozen=True)
class Ballot:
    """One nominee's line of the vote: the votes for, the share, the outcome."""

    awardee: Awardee
    votes_for: int
    base: int  # what the share is of: the members, or those present
    passed: bool

    @property
    def percent(self) -> str:
        return percent_text(self.votes_for, self.base)


@dataclass(frozen=True)
class Outcome:
    """The vote of one meeting, computed from the data."""

    spec_id: str
    council: Council
    rule: VoteRule
    rule_index: int
    chair: Person
    secretary: Person
    present: list[Person]
    absent: list[tuple[Person, str]]
    collectives: list[Ballot]
    individuals: list[Ballot]
    nominees: DecisionList  # everyone voted on, in the list's order

    @property
    def ballots(self) -> int:
        """One ballot for each member present."""
        return len(self.present)

    @property
    def base(self) -> int:
        return len(self.council.members) if self.rule.votes.of == "members" else self.ballots

    def passed(self) -> list[Ballot]:
        return [b for b in self.collectives + self.individuals if b.passed]

    def failed(self) -> list[Ballot]:
        return [b for b in self.collectives + self.individuals if not b.passed]

    def passed_keys(self) -> set[tuple[object, ...]]:
        return {awardee_key(b.awardee) for b in self.passed()}

    def voted_keys(self) -> set[tuple[object, ...]]:
        return {awardee_key(b.awardee) for b in self.collectives + self.individuals}


def awardee_key(awardee: Awardee) -> tuple[object, ...]:
    """Who a line of a list is, for comparing the minutes' list with a decision's."""
    from docgen.awards.nominees import nominee_key

    return (
        awardee.kind,
        awardee.school_id,
        nominee_key(awardee.name),
        nominee_key(awardee.unit),
        awardee.birth_date,
    )


def _describe(awardee: Awardee) -> str:
    return f"'{awardee.name}' ({awardee.school})"


def _matches(count: VoteCount, awardee: Awardee) -> bool:
    from docgen.awards.nominees import nominee_key

    return (
        awardee.school_id == count.school
        and nominee_key(awardee.name) == nominee_key(count.name)
        and (count.unit is None or nominee_key(awardee.unit) == nominee_key(count.unit))
        and (count.birth_date is None or awardee.birth_date == count.birth_date)
    )


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
    outcome = _count(ws, spec_id, problems, warnings)
    ws.derived[key] = outcome
    return outcome


def _count(
    ws: Workspace,
    spec_id: str,
    problems: Problems | None,
    warnings: list[Diagnostic] | None,
) -> Outcome | None:
    from docgen.awards.commendation import decision_list
    from docgen.awards.nominees import decided_proposals

    spec = ws.specs[spec_id]
    assert isinstance(spec, MinutesSpec)
    source = ws.sources[ws.spec_display(spec_id)]
    sink = problems if problems is not None else Problems()
    broken = False

    council = ws.councils.get(spec.council)
    if council is None:
        known = ", ".join(sorted(ws.councils)) or "none"
        if f"council:{spec.council}" not in ws.broken:
            sink.add(
                "DATA-REF",
                f"unknown council '{spec.council}' (known: {known}; they live in data/councils/)",
                source.locate(("council",)),
            )
        return None
    catalogue, schools = ws.catalogue, ws.schools
    if catalogue is None or schools is None:
        missing = "data/law/awards.yaml" if catalogue is None else "data/schools.yaml"
        sink.add(
            "DATA-LAYOUT",
            f"the council's minutes need {missing}",
            source.locate(("award",)),
        )
        return None
    award = catalogue.get(spec.award)
    if award is None:
        sink.add("DATA-REF", f"unknown award '{spec.award}'", source.locate(("award",)))
        return None
    for i, school in enumerate(spec.schools or []):
        if school not in schools.schools:
            sink.add("DATA-REF", f"unknown school '{school}'", source.locate(("schools", i)))
            broken = True

    # who was there
    absent: list[tuple[Person, str]] = []
    away: set[str] = set()
    for i, absence in enumerate(spec.absent):
        member = council.members.get(absence.member)
        if member is None:
            sink.add(
                "DATA-REF",
                f"'{absence.member}' is not a member of the council {spec.council} "
                f"(data/councils/{spec.council}.yaml)",
                source.locate(("absent", i, "member")),
            )
            broken = True
        elif absence.member in away:
            sink.add(
                "DATA-DUPLICATE",
                f"'{absence.member}' is listed as absent twice",
                source.locate(("absent", i, "member")),
            )
        else:
            away.add(absence.member)
            absent.append((Person.of(absence.member, member), absence.reason))
    present = [Person.of(mid, m) for mid, m in council.members.items() if mid not in away]

    def role(field_name: str, wanted: str) -> Person | None:
        chosen: str | None = getattr(spec, field_name)
        if chosen is None:
            chosen = next(mid for mid, m in council.members.items() if m.role == wanted)
            where = source.locate(("absent",))
            if chosen in away:
                sink.add(
                    "DATA-MINUTES-ROLE",
                    f"the council's {field_name} ({council.members[chosen].name}) is absent: "
                    f"name who was {field_name} of the meeting ('{field_name}: <member id>')",
                    where,
                )
                return None
            return Person.of(chosen, council.members[chosen])
        where = source.locate((field_name,))
        member = council.members.get(chosen)
        if member is None:
            sink.add(
                "DATA-REF",
                f"'{chosen}' is not a member of the council {spec.council}",
                where,
            )
            return None
        if chosen in away:
            sink.add(
                "DATA-MINUTES-ROLE",
                f"the {field_name} {member.name} is also listed as absent",
                where,
            )
            return None
        return Person.of(chosen, member)

    chair = role("chair", "chair")
    secretary = role("secretary", "secretary")

    # the law of the vote on the meeting's day
    if ws.votes is None:
        sink.add(
            "DATA-LAYOUT",
            "the council's minutes need data/law/votes.yaml (the share of votes each award "
            "requires)",
            source.locate(("award",)),
        )
        return None
    found = ws.votes.rule_for(spec.award, spec.date)
    if found is None:
        sink.add(
            "DATA-LAW-DATE",
            f"no vote rule for '{award.name}' is in force on {spec.date.strftime('%d/%m/%Y')} "
            f"(data/law/votes.yaml covers: {ws.votes.coverage(spec.award)})",
            source.locate(("date",)),
            hint="add the rule in force then to data/law/votes.yaml, or correct the date",
        )
        return None
    rule_index, rule = found
    members = len(council.members)
    if not reaches(len(present), members, rule.quorum.share):
        sink.add(
            "DATA-MINUTES-QUORUM",
            f"only {len(present)} of the council's {members} members were present; a vote on "
            f"'{award.name}' needs {share_text(rule.quorum.share)} of them "
            f"({rule.quorum.source}, {_votes_where(ws, rule_index, 'quorum')})",
            source.locate(("absent",)),
        )
        broken = True
    if warnings is not None:
        warnings.extend(_unconfirmed(ws, rule_index, rule, source.locate(("date",))))

    # whom the council voted on: the list the decision would make
    proposals = decided_proposals(ws, spec)
    if any(p.school not in schools.schools for p in proposals.values()):
        return None  # a proposal of an unknown school: reported with the proposal
    for display, proposal in proposals.items():
        if proposal.date > spec.date:
            sink.add(
                "DATA-DATE-ORDER",
                f"the meeting ({spec.date.strftime('%d/%m/%Y')}) is dated before the proposal "
                f"it votes on ({display}, {proposal.date.strftime('%d/%m/%Y')})",
                source.locate(("date",)),
            )
    nominees = decision_list(spec, list(proposals.values()), schools, catalogue, None, money=False)
    everyone = nominees.collectives + nominees.individuals
    if not everyone:
        sink.add(
            "DATA-MINUTES-EMPTY",
            f"no proposal of {spec.campaign} {spec.year} proposes '{award.name}': the council "
            "has no one to vote on",
            source.locate(("award",)),
        )
        return None

    ballots = len(present)
    # a school whose proposal failed validation has no nominees to match: reported there
    unread = {
        key.split(":")[1]
        for key in ws.broken
        if key.startswith("proposal:") and key.endswith(f":{spec.year}")
    }
    counts: dict[int, tuple[int, int]] = {}  # id(awardee) → (votes for, exception index)
    for i, count in enumerate(spec.votes.exceptions):
        at = ("votes", "exceptions", i)
        if count.school in unread:
            broken = True
            continue
        if count.school not in schools.schools:
            sink.add("DATA-REF", f"unknown school '{count.school}'", source.locate((*at, "school")))
            broken = True
            continue
        hits = [a for a in everyone if _matches(count, a)]
        if not hits:
            school_name = schools.schools[count.school].name
            names = [a.name for a in everyone if a.school_id == count.school]
            close = difflib.get_close_matches(count.name, names, n=1, cutoff=0.6)
            sink.add(
                "DATA-MINUTES-NOMINEE",
                f"'{count.name}' is not a nominee of {school_name} for '{award.name}' in "
                f"{spec.year}",
                source.locate((*at, "name")),
                hint=f"did you mean '{close[0]}'?" if close else None,
            )
            broken = True
            continue
        if len(hits) > 1:
            sink.add(
                "DATA-MINUTES-AMBIGUOUS",
                f"{len(hits)} nominees of {hits[0].school} are named '{count.name}'",
                source.locate((*at, "name")),
                hint="add their unit (unit: …) or birth_date to say which one",
            )
            broken = True
            continue
        hit = hits[0]
        if id(hit) in counts:
            first = counts[id(hit)][1]
            sink.add(
                "DATA-DUPLICATE",
                f"the votes for {_describe(hit)} are given twice (first at "
                f"{source.locate(('votes', 'exceptions', first))})",
                source.locate((*at, "name")),
            )
            continue
        if count.votes_for > ballots:
            sink.add(
                "DATA-MINUTES-VOTES",
                f"{count.votes_for} votes for {_describe(hit)}, but only {ballots} members were "
                "present to vote",
                source.locate((*at, "for")),
            )
            broken = True
        counts[id(hit)] = (count.votes_for, i)

    base = members if rule.votes.of == "members" else ballots
    lines: dict[str, list[Ballot]] = {"collective": [], "individual": []}
    for awardee in everyone:
        given = counts.get(id(awardee))
        if given is None and spec.votes.default == "none":
            sink.add(
                "DATA-MINUTES-NO-VOTE",
                f"no votes are given for {_describe(awardee)}",
                source.locate(("votes",)),
                hint="list them under votes.exceptions (name, school, for), or write "
                "'default: all' if every member present voted for them",
            )
            broken = True
            continue
        votes_for = ballots if given is None else given[0]
        passed = reaches(votes_for, base, rule.votes.share)
        lines[awardee.kind].append(Ballot(awardee, votes_for, base, passed))
    if broken or chair is None or secretary is None:
        return None
    return Outcome(
        spec_id,
        council,
        rule,
        rule_index,
        chair,
        secretary,
        present,
        absent,
        lines["collective"],
        lines["individual"],
        nominees,
    )


def _votes_where(ws: Workspace, index: int, *path: str) -> str:
    source = ws.sources.get("data/law/votes.yaml")
    return str(source.locate(("rules", index, *path))) if source else "data/law/votes.yaml"


def _unconfirmed(ws: Workspace, index: int, rule: VoteRule, at: Any) -> list[Diagnostic]:
    """A warning for each value of the rule not read in the act itself (as law.py does for
    the money)."""
    used: tuple[tuple[str, Cited, str], ...] = (
        (f"the vote threshold {share_text(rule.votes.share)}", rule.votes, "votes"),
        (f"the quorum {share_text(rule.quorum.share)}", rule.quorum, "quorum"),
    )
    return [
        unconfirmed_warning(what, value, _votes_where(ws, index, part), at)
        for what, value, part in used
        if not value.confirmed
    ]


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


def check_decision_minutes(ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
    """An award decision and the council's minutes it follows: they are for the same
    campaign, year and award, the minutes are older, and they vote on everyone the decision
    decides; a decision of a campaign, year and award the council voted on names the minutes."""
    from docgen.awards.nominees import decided_proposals
    from docgen.awards.specs import AwardDecisionSpec

    spec = ws.specs[spec_id]
    assert isinstance(spec, AwardDecisionSpec)
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
    where = source.locate(("minutes",))
    minutes = ws.specs.get(spec.minutes)
    if not isinstance(minutes, MinutesSpec):
        problems.add(
            "DATA-REF",
            f"'{spec.minutes}' is not the minutes of a council meeting in this workspace (a spec "
            "of kind: minutes under data/documents/)",
            where,
        )
        return
    theirs = ws.spec_display(spec.minutes)
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
    if mismatched or ws.schools is None:
        return
    outcome = evaluate(ws, spec.minutes)
    if outcome is None:  # the minutes' own check says why
        return
    # the same campaign, year and award: a proposal both consider has the same nominees in
    # both lists, so what the minutes miss are the nominees of the proposals they leave out
    decided = decided_proposals(ws, spec)
    considered = decided_proposals(ws, minutes)
    schools = ws.schools.schools
    missing = [
        f"'{nominee.name}' ({schools[p.school].name if p.school in schools else p.school})"
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
        **document_context(spec, job.issuer, job.campaign, job.rules, job.symbol, job.bases),
        "council": outcome.council,
        "award": nominees.award,
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
