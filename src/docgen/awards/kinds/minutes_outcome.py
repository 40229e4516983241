"""The council's vote counted from the minutes' data: who was present, each nominee's ballot."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docgen.awards.law import Cited, unconfirmed_warning
from docgen.awards.votes import VoteRule, percent_text, reaches, share_text
from docgen.data.bodies import body_key, check_body
from docgen.data.councils import Council, CouncilMember
from docgen.errors import Diagnostic, Problems
from docgen.i18n import message

if TYPE_CHECKING:
    from docgen.awards.commendation import Awardee, DecisionList
    from docgen.awards.kinds.minutes import MinutesSpec, VoteCount
    from docgen.data.workspace import Workspace

# How the minutes name each role (document text).
ROLE_NAMES = {
    "chair": "Chủ tịch Hội đồng",
    "vice_chair": "Phó Chủ tịch Hội đồng",
    "member": "Ủy viên",
    "secretary": "Ủy viên thư ký",
}


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
    share: str | None = None  # the share needed ("70%"): a failed line never prints it

    @property
    def percent(self) -> str:
        return percent_text(self.votes_for, self.base, None if self.passed else self.share)


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


def count_votes(
    ws: Workspace,
    spec_id: str,
    spec: MinutesSpec,
    problems: Problems | None,
    warnings: list[Diagnostic] | None,
) -> Outcome | None:
    """The vote of the minutes ``spec`` (whose id is ``spec_id``), counted from the data each
    time (``minutes.evaluate`` keeps the count)."""
    from docgen.awards.commendation import decision_list
    from docgen.awards.nominees import decided_proposals

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
    catalogue = ws.catalogue
    if catalogue is None:
        if not ws.is_broken("law", "awards.yaml"):
            missing = "data/law/awards.yaml"
            sink.add(
                "DATA-LAYOUT",
                f"the council's minutes need {missing}",
                source.locate(("award",)),
            )
        return None
    award = catalogue.get(spec.award)
    if award is None:
        if catalogue.unknown(spec.award):  # else its row is in error, reported there
            sink.add("DATA-REF", f"unknown award '{spec.award}'", source.locate(("award",)))
        return None
    listed = body_key(source, "bodies", "schools")
    for i, school in enumerate(spec.schools or []):
        if not check_body(ws, school, source.locate((listed, i)), sink, listed):
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
    if any(ws.body(p.school) is None for p in proposals.values()):
        return None  # a proposal of an unknown body: reported with the proposal
    for display, proposal in proposals.items():
        if proposal.date > spec.date:
            sink.add(
                "DATA-DATE-ORDER",
                f"the meeting ({spec.date.strftime('%d/%m/%Y')}) is dated before the proposal "
                f"it votes on ({display}, {proposal.date.strftime('%d/%m/%Y')})",
                source.locate(("date",)),
            )
    nominees = decision_list(spec, list(proposals.values()), ws.body, catalogue, None, money=False)
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
        body = ws.body(count.school)
        if body is None:
            check_body(ws, count.school, source.locate((*at, "school")), sink, "school")
            broken = True
            continue
        hits = [a for a in everyone if _matches(count, a)]
        if not hits:
            school_name = body.name
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
        lines[awardee.kind].append(Ballot(awardee, votes_for, base, passed, rule.votes.share))
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
        (
            message("the vote threshold {share}", share=share_text(rule.votes.share)),
            rule.votes,
            "votes",
        ),
        (message("the quorum {share}", share=share_text(rule.quorum.share)), rule.quorum, "quorum"),
    )
    return [
        unconfirmed_warning(what, value, _votes_where(ws, index, part), at)
        for what, value, part in used
        if not value.confirmed
    ]
