"""Eligibility: whether each nominee may receive their award, by the rules of
data/law/eligibility.yaml in force on the document's date and the history known by then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from docgen.awards.history import Recipient, history_file_for, known
from docgen.data.loader import KeyPath, Source
from docgen.data.models import (
    Collective,
    Identifier,
    Individual,
    InForce,
    Initiative,
    Proposal,
    Record,
    Text,
)
from docgen.errors import Diagnostic, Location, Problems, Severity
from docgen.vn.dates import short_date

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace

RULES_FILE = "data/law/eligibility.yaml"
Level = Literal["co-so", "bo-tinh", "toan-quoc"]
InitiativeKind = Literal["initiative", "study"]
_BOTH: tuple[InitiativeKind, ...] = ("initiative", "study")
_LEVELS: dict[str, int] = {"co-so": 0, "bo-tinh": 1, "toan-quoc": 2}
# the scopes as the Law words them ("trong phạm vi cơ sở"), for messages
_SCOPES = {"co-so": "cơ sở", "bo-tinh": "bộ, ban, ngành, tỉnh", "toan-quoc": "toàn quốc"}

# -- the rules (data/law/eligibility.yaml) ---------------------------------------------------


class Condition(Record):
    """What every condition may say of its source; a condition without one rests on its
    rule's (or the enclosing condition's) source."""

    source: Text | None = None  # "Luật Thi đua, khen thưởng 2022, Điều 74 khoản 1 điểm d"
    confirmed: bool | None = None  # false: not read in the act itself; validate warns
    note: Text | None = None


class ConsecutiveTitles(Condition):
    """A title (or a yearly rating) in each of ``times`` consecutive years, the last of them the
    year being rewarded or the one before ("02 lần liên tục được tặng danh hiệu CSTĐCS")."""

    type: Literal["consecutive_titles"]
    title: Identifier  # a title of data/law/awards.yaml, or a rating of this file
    times: int = Field(ge=1)


class PriorAward(Condition):
    """An award (or title) received before: at least ``min_years`` and at most ``max_years``
    years before the year being rewarded ("đã được tặng Bằng khen cấp bộ …")."""

    type: Literal["prior_award"]
    award: Identifier
    min_years: int = Field(default=1, ge=0)
    max_years: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> PriorAward:
        if self.max_years is not None and self.max_years < self.min_years:
            raise ValueError("'max_years' is less than 'min_years'")
        return self


class NotWithin(Condition):
    """Not received (the rule's own award, or ``award``) for the year being rewarded nor for any
    of the ``years`` years before it."""

    type: Literal["not_within"]
    award: Identifier | None = None
    years: int = Field(ge=0)


class RecognisedInitiative(Condition):
    """At least ``count`` initiatives or studies of the nominee (their ``initiatives:``)
    recognised in the ``years`` years ending with the year being rewarded, at ``level`` or
    wider ("02 sáng kiến được công nhận và áp dụng hiệu quả trong phạm vi cơ sở")."""

    type: Literal["recognised_initiative"]
    count: int = Field(default=1, ge=1)
    years: int = Field(default=1, ge=1)
    level: Level = "co-so"
    kinds: list[InitiativeKind] = Field(default_factory=lambda: list(_BOTH), min_length=1)


class EmulationCampaign(Condition):
    """The nominee is proposed within an emulation campaign that announces this award (the
    campaign's ``awards:``): an award of the campaign itself ("thành tích xuất sắc được bình
    xét trong phong trào thi đua")."""

    type: Literal["emulation_campaign"]


class AnyOf(Condition):
    """One of the conditions ("đạt một trong các tiêu chuẩn sau")."""

    type: Literal["any_of"]
    conditions: list[ConditionItem] = Field(min_length=2)


class AllOf(Condition):
    """Every one of the conditions (inside an ``any_of``: "… trong thời gian đó có …")."""

    type: Literal["all_of"]
    conditions: list[ConditionItem] = Field(min_length=1)


_KINDS: dict[str, str] = {
    "consecutive_titles": "ConsecutiveTitles",
    "prior_award": "PriorAward",
    "not_within": "NotWithin",
    "recognised_initiative": "RecognisedInitiative",
    "emulation_campaign": "EmulationCampaign",
    "any_of": "AnyOf",
    "all_of": "AllOf",
}


def _condition_tag(value: Any) -> str | None:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return _KINDS.get(kind) if isinstance(kind, str) else None


# Tags named as the models, so that a problem inside a condition is located at its field
ConditionItem = Annotated[
    Annotated[ConsecutiveTitles, Tag("ConsecutiveTitles")]
    | Annotated[PriorAward, Tag("PriorAward")]
    | Annotated[NotWithin, Tag("NotWithin")]
    | Annotated[RecognisedInitiative, Tag("RecognisedInitiative")]
    | Annotated[EmulationCampaign, Tag("EmulationCampaign")]
    | Annotated[AnyOf, Tag("AnyOf")]
    | Annotated[AllOf, Tag("AllOf")],
    Discriminator(
        _condition_tag,
        custom_error_type="invalid_choice",
        custom_error_message=f"'type' must be one of {', '.join(_KINDS)}",
    ),
]
AnyOf.model_rebuild()
AllOf.model_rebuild()


class Rating(Record):
    """A yearly rating of people and units, which the history may hold."""

    name: Text  # "Hoàn thành xuất sắc nhiệm vụ"
    source: Text
    confirmed: bool
    note: Text | None = None


class EligibilityRule(InForce):
    """The conditions an award asks of a kind of recipient, for the days it is in force."""

    id: Identifier  # named by overrides: eligibility: {override: <id>, reason: …}
    award: Identifier  # a row of data/law/awards.yaml
    recipient: Literal["individual", "collective", "both"]
    source: Text  # the article the rule follows
    confirmed: bool
    note: Text | None = None
    conditions: list[ConditionItem] = Field(min_length=1)  # every one must hold

    def applies_to(self, recipient: Recipient) -> bool:
        return self.recipient in ("both", recipient)


class EligibilityFile(Record):
    """data/law/eligibility.yaml."""

    ratings: dict[Identifier, Rating] = Field(default_factory=dict)
    rules: list[EligibilityRule] = Field(default_factory=list)


@dataclass(frozen=True)
class Rules:
    """The eligibility rules of a workspace, with the file they were read from."""

    data: EligibilityFile
    source: Source
    broken: set[str] = field(default_factory=set)  # ids of rules with a problem (reported)

    def where(self, *path: str | int) -> Location:
        return self.source.locate(path)

    def rule_on(self, award: str, recipient: Recipient, day: dt.date) -> EligibilityRule | None:
        return next(
            (
                r
                for r in self.data.rules
                if r.award == award and r.applies_to(recipient) and r.covers(day)
            ),
            None,
        )

    def rules_of(self, award: str, recipient: Recipient) -> list[EligibilityRule]:
        return [r for r in self.data.rules if r.award == award and r.applies_to(recipient)]

    def index(self, rule: EligibilityRule) -> int:
        return next(i for i, r in enumerate(self.data.rules) if r is rule)


def load_rules(ws: Workspace, problems: Problems) -> Rules | None:
    """data/law/eligibility.yaml, validated against the catalogue (absent: no rules)."""
    from docgen.data.workspace import validate

    path = ws.root / RULES_FILE
    if not path.exists():
        return None
    src, found = ws.load_file(path)
    problems.extend(found)
    data = None
    if not found and src.data is not None:
        data, found = validate(EligibilityFile, src, src.data)
        problems.extend(found)
    if data is None:
        ws.broken.add("eligibility:*")  # reported; the history's ratings are not checked
        return None
    rules = Rules(data, src)
    rules.broken.update(_check_rules(ws, rules, problems))
    return rules


def _walk(conditions: Sequence[Condition], at: KeyPath) -> Iterator[tuple[Condition, KeyPath]]:
    for i, condition in enumerate(conditions):
        here = (*at, i)
        yield condition, here
        if isinstance(condition, AnyOf | AllOf):
            yield from _walk(condition.conditions, (*here, "conditions"))


def _check_rules(ws: Workspace, rules: Rules, problems: Problems) -> set[str]:
    """Ids used once, known awards, titles and ratings, one rule in force a day; returns the
    ids of the rules with a problem (their verdicts would say nothing)."""
    src = rules.source
    catalogue = ws.catalogue
    seen: dict[str, int] = {}
    broken: set[str] = set()
    for i, rule in enumerate(rules.data.rules):
        reported = len(problems)
        if rule.id in seen:
            problems.add(
                "DATA-DUPLICATE-ID",
                f"rule id '{rule.id}' is used twice (first at "
                f"{src.locate(('rules', seen[rule.id]))})",
                src.locate(("rules", i, "id")),
            )
        seen.setdefault(rule.id, i)
        if catalogue is None:
            continue
        if catalogue.get(rule.award) is None:
            problems.add(
                "DATA-REF", f"unknown award '{rule.award}'", src.locate(("rules", i, "award"))
            )
        for condition, at in _walk(rule.conditions, ("rules", i, "conditions")):
            if isinstance(condition, ConsecutiveTitles):
                title = catalogue.get(condition.title)
                if condition.title in rules.data.ratings:
                    continue
                if title is None or title.kind != "title":
                    problems.add(
                        "DATA-REF",
                        f"'{condition.title}' is neither a title of data/law/awards.yaml nor a "
                        "rating of this file",
                        src.locate((*at, "title")),
                    )
            elif (
                isinstance(condition, PriorAward | NotWithin)
                and condition.award is not None
                and catalogue.get(condition.award) is None
            ):
                problems.add(
                    "DATA-REF", f"unknown award '{condition.award}'", src.locate((*at, "award"))
                )
        if len(problems) > reported:
            broken.add(rule.id)
    groups: dict[tuple[str, str], list[tuple[int, EligibilityRule]]] = {}
    for i, rule in enumerate(rules.data.rules):
        recipients: tuple[Recipient, ...] = ("individual", "collective")
        for recipient in recipients:
            if rule.applies_to(recipient):
                groups.setdefault((rule.award, recipient), []).append((i, rule))
    for (award, whom), members in groups.items():
        ordered = sorted(members, key=lambda m: m[1].from_)
        for (_, before), (i, after) in pairwise(ordered):
            if before.to is None or before.to >= after.from_:
                problems.add(
                    "DATA-LAW-OVERLAP",
                    f"the rule {after.id} for '{award}' ({whom}s) starts on "
                    f"{short_date(after.from_)}, while the rule {before.id} is still in force "
                    f"({before.period})",
                    src.locate(("rules", i, "from")),
                    hint=f"end {before.id} the day before ('to:')",
                )
    return broken


# -- what is known of a nominee, and the verdict ---------------------------------------------


@dataclass(frozen=True)
class Held:
    """An award, title or rating held for a year."""

    id: str
    year: int
    decision: str = ""  # "Quyết định số … ngày … của …", for messages


@dataclass(frozen=True)
class Facts:
    """What the rules look at for one nominee and one document."""

    year: int  # the year whose achievements are rewarded
    awards: tuple[Held, ...] = ()  # awards and titles (catalogue ids)
    ratings: tuple[Held, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    campaign: str | None = None  # the campaign's name, when the proposal names one
    campaign_awards: tuple[str, ...] = ()  # the award forms that campaign announces
    known: bool = False  # some record of the history names the nominee


@dataclass(frozen=True)
class Terms:
    """The rule's own award and the names that messages print."""

    award: str  # the catalogue id
    names: Mapping[str, str]  # catalogue and rating ids → names

    def name(self, ident: str) -> str:
        return self.names.get(ident, ident)


@dataclass(frozen=True)
class Unmet:
    """Why a condition is not met (an English message, translated where it is shown)."""

    message: str
    needs_history: bool = False  # it asks for titles or awards the history does not hold


def _years(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in sorted(set(years)))


def _span(first: int, last: int) -> str:
    return str(last) if first >= last else f"{first}–{last}"


def evaluate(condition: Condition, facts: Facts, terms: Terms) -> Unmet | None:
    """None when ``condition`` holds for ``facts``; else why not."""
    year = facts.year
    if isinstance(condition, ConsecutiveTitles):
        held = {h.year for h in (*facts.awards, *facts.ratings) if h.id == condition.title}
        for end in (year, year - 1):
            if all(end - k in held for k in range(condition.times)):
                return None
        name = terms.name(condition.title)
        found = sorted(y for y in held if y <= year)
        if found:
            message = (
                f"no {condition.times:02d} consecutive years of '{name}' up to {year} (found: "
                f"{_years(found)})"
            )
        else:
            message = f"no {condition.times:02d} consecutive years of '{name}' up to {year}"
        return Unmet(message, needs_history=not facts.known)
    if isinstance(condition, PriorAward):
        last = year - condition.min_years
        first = None if condition.max_years is None else year - condition.max_years
        if any(
            h.id == condition.award and h.year <= last and (first is None or h.year >= first)
            for h in facts.awards
        ):
            return None
        name = terms.name(condition.award)
        if first is None:
            message = f"has not received '{name}' for {last} or before"
        else:
            message = f"has not received '{name}' for any year of {_span(first, last)}"
        return Unmet(message, needs_history=not facts.known)
    if isinstance(condition, NotWithin):
        award = condition.award or terms.award
        recent = [h for h in facts.awards if h.id == award and year - condition.years <= h.year]
        recent = [h for h in recent if h.year <= year]
        if not recent:
            return None
        last_held = max(recent, key=lambda h: h.year)
        message = (
            f"already received '{terms.name(award)}' for {last_held.year} "
            f"({last_held.decision}): not again before {last_held.year + condition.years + 1}"
        )
        return Unmet(message)
    if isinstance(condition, RecognisedInitiative):
        first = year - condition.years + 1
        counted = [
            i
            for i in facts.initiatives
            if first <= i.year <= year
            and _LEVELS[i.level] >= _LEVELS[condition.level]
            and i.kind in condition.kinds
        ]
        if len(counted) >= condition.count:
            return None
        message = (
            f"{len(counted)} recognised initiatives or studies (scope: {_SCOPES[condition.level]}"
            f" or wider, {_span(first, year)}); {condition.count:02d} needed"
        )
        return Unmet(message)
    if isinstance(condition, EmulationCampaign):
        from docgen.awards.nominees import nominee_key

        name = terms.name(terms.award)
        if facts.campaign is None:
            message = "the nominee is not proposed within an emulation campaign"
            return Unmet(message)
        if nominee_key(name) in {nominee_key(f) for f in facts.campaign_awards}:
            return None
        forms = "; ".join(facts.campaign_awards) or "-"
        message = (
            f"'{name}' is not an award of the campaign '{facts.campaign}' (it announces: {forms})"
        )
        return Unmet(message)
    if isinstance(condition, AnyOf):
        parts: list[Unmet] = []
        for inner in condition.conditions:
            unmet = evaluate(inner, facts, terms)
            if unmet is None:
                return None
            parts.append(_cited(unmet, inner))
        return Unmet(_either([p.message for p in parts]), any(p.needs_history for p in parts))
    if isinstance(condition, AllOf):
        return _all(condition.conditions, facts, terms)
    raise AssertionError(condition)  # pragma: no cover - every type is handled above


# Composite messages are written so that the catalogue translates them piece by piece
# (docgen.i18n): each one starts with its own words, and its values are separated by fixed
# words no value holds ("; or ", "; and "), one template for each number of parts.


def _cited(unmet: Unmet, condition: Condition) -> Unmet:
    if condition.source is None:
        return unmet
    message = f"under {condition.source}: {unmet.message}"
    return Unmet(message, unmet.needs_history)


def _either(parts: list[str]) -> str:
    """One of two, three or four criteria (more are joined into the fourth)."""
    if len(parts) == 2:
        message = f"none of these is met: {parts[0]}; or {parts[1]}"
    elif len(parts) == 3:
        message = f"none of these is met: {parts[0]}; or {parts[1]}; or {parts[2]}"
    else:
        rest = "; or ".join(parts[3:])
        message = f"none of these is met: {parts[0]}; or {parts[1]}; or {parts[2]}; or {rest}"
    return message


def _both(parts: list[str]) -> str:
    """Conditions that are all needed and not met (more than four are joined into the fourth)."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        message = f"all of these are needed: {parts[0]}; and {parts[1]}"
    elif len(parts) == 3:
        message = f"all of these are needed: {parts[0]}; and {parts[1]}; and {parts[2]}"
    else:
        rest = "; and ".join(parts[3:])
        message = f"all of these are needed: {parts[0]}; and {parts[1]}; and {parts[2]}; and {rest}"
    return message


def _all(conditions: Sequence[Condition], facts: Facts, terms: Terms) -> Unmet | None:
    unmet = [_cited(u, c) for c in conditions if (u := evaluate(c, facts, terms)) is not None]
    if not unmet:
        return None
    return Unmet(_both([u.message for u in unmet]), any(u.needs_history for u in unmet))


def verdict(rule: EligibilityRule, facts: Facts, terms: Terms) -> Unmet | None:
    """None when the nominee meets every condition of ``rule``; else what is missing, each
    part with the article it rests on (the rule's own is named with the rule)."""
    return _all(rule.conditions, facts, terms)


def unconfirmed_sources(rule: EligibilityRule) -> list[str]:
    """The sources a rule rests on that were not confirmed from the legal text, each once."""
    found = [rule.source] if not rule.confirmed else []
    for condition, _at in _walk(rule.conditions, ()):
        unconfirmed = condition.confirmed is False or (
            condition.confirmed is None and not rule.confirmed
        )
        if unconfirmed and condition.source:
            found.append(condition.source)
    pieces = (piece.strip() for source in found for piece in source.split(";"))
    return list(dict.fromkeys(p for p in pieces if p))


# -- the check of a workspace ----------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    """A nominee accepted by the council although they do not meet a rule: for the validation
    note, the council's minutes and the dossier."""

    nominee: str
    recipient: Recipient
    school: str
    award: str  # the catalogue id
    rule: str  # the rule's id
    reason: str
    missing: str | None  # what the nominee lacks (English; docgen.i18n.translate shows it)
    location: Location  # the nominee's override in the proposal file


@dataclass
class _Document:
    """The document a nominee is checked for: a proposal, or a decision deciding it."""

    year: int
    day: dt.date
    source: Source  # the file that names the award (for warnings)
    decision: str | None = None  # a decision's spec id: its own awards do not count

    @cached_property
    def day_text(self) -> str:
        return short_date(self.day)

    @cached_property
    def award_at(self) -> Location:
        # located only when a warning needs it: locating composes the whole file again
        return self.source.locate(("award",))


@dataclass
class _Checked:
    """What a check of the workspace found, and what it remembers on the way."""

    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    named: dict[str, Terms] = field(default_factory=dict)  # by award
    # the verdict of a rule on facts already judged: most nominees of a long list have no
    # history at all, and share their facts
    judged: dict[tuple[str, Facts], Unmet | None] = field(default_factory=dict)
    judged_shared: dict[tuple[str, int], tuple[Facts, Unmet | None]] = field(default_factory=dict)
    used: set[tuple[str, str, str]] = field(default_factory=set)  # (file, decision, rule)
    uses: list[tuple[_Document, str, EligibilityRule]] = field(default_factory=list)
    decided: dict[str, set[str]] = field(default_factory=dict)  # proposal → rules of decisions
    in_force: dict[tuple[str, str, dt.date], EligibilityRule | None] = field(default_factory=dict)
    last_use: tuple[_Document, str, EligibilityRule] | None = None

    def verdict(self, rule: EligibilityRule, facts: Facts, terms: Terms) -> Unmet | None:
        # facts shared by a whole proposal (nothing recorded of the nominee) are looked up by
        # identity: hashing them for each of 50,000 nominees cost more than judging them
        shared = (rule.id, id(facts))
        found = self.judged_shared.get(shared)
        if found is not None and found[0] is facts:
            return found[1]
        key = (rule.id, facts)
        if key not in self.judged:
            self.judged[key] = verdict(rule, facts, terms)
        self.judged_shared[shared] = (facts, self.judged[key])
        return self.judged[key]

    def rule_on(
        self, rules: Rules, award: str, recipient: Recipient, day: dt.date
    ) -> EligibilityRule | None:
        key = (award, recipient, day)
        if key not in self.in_force:
            self.in_force[key] = rules.rule_on(award, recipient, day)
        return self.in_force[key]

    def use(self, doc: _Document, proposal: str, rule: EligibilityRule) -> None:
        """Note that ``rule`` judges nominees of ``proposal`` (a file) for ``doc``."""
        last = self.last_use
        if last is not None and last[0] is doc and last[1] is proposal and last[2] is rule:
            return  # the same as for the nominee before
        self.last_use = (doc, proposal, rule)
        key = (doc.source.display, doc.decision or "", rule.id)
        if doc.decision is not None:
            self.decided.setdefault(proposal, set()).add(rule.id)
        if key not in self.used:
            self.used.add(key)
            self.uses.append((doc, proposal, rule))

    def unconfirmed(self, rules: Rules) -> list[Diagnostic]:
        """A warning for each decision that judges by a rule not confirmed, and for each
        proposal that a decision does not judge by the same rule (it is checked on its own
        date): where the rule is used, once."""
        found = []
        for doc, proposal, rule in self.uses:
            if doc.decision is None and rule.id in self.decided.get(proposal, ()):
                continue
            sources = unconfirmed_sources(rule)
            if not sources:
                continue
            found.append(
                Diagnostic(
                    "LAW-UNCONFIRMED",
                    f"checks its nominees by the rule {rule.id} "
                    f"({rules.where('rules', rules.index(rule))}), not confirmed from the legal "
                    f"text: {'; '.join(sources)}",
                    doc.award_at,
                    Severity.WARNING,
                    "check the value against the act, then set confirmed: true or correct it",
                )
            )
        return found

    def terms(self, ws: Workspace, rules: Rules, award: str) -> Terms:
        if award not in self.named:
            names = {a.id: a.name for a in ws.catalogue.awards} if ws.catalogue else {}
            names.update({k: r.name for k, r in rules.data.ratings.items()})
            self.named[award] = Terms(award, names)
        return self.named[award]

    def once(self, where: Location, rule: str, what: str) -> bool:
        key = (str(where), rule, what)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def campaign_facts(ws: Workspace, proposal: Proposal, year: int) -> Facts:
    """What every nominee of ``proposal`` shares: the year rewarded and the campaign."""
    campaign = ws.campaigns.get(proposal.campaign)
    return Facts(
        year=year,
        campaign=campaign.name if campaign else None,
        campaign_awards=tuple(a.form for a in campaign.awards) if campaign else (),
    )


def facts_for(
    ws: Workspace,
    proposal: Proposal,
    nominee: Collective | Individual,
    year: int,
    day: dt.date,
    exclude: str | None = None,
    shared: Facts | None = None,
    shared_known: Facts | None = None,
) -> Facts:
    """What is known of ``nominee`` on ``day``: the awards, titles and ratings decided by then
    (not those of the decision ``exclude``), their initiatives and their campaign (``shared``:
    what campaign_facts gives, when it is known already; ``shared_known``: the same, marked
    known)."""
    base = shared if shared is not None else campaign_facts(ws, proposal, year)
    awards, ratings, found = known(ws, proposal.school, nominee)
    if not found and not nominee.initiatives:
        return base  # most nominees of a long list: nothing recorded
    held = tuple(
        Held(a.award, a.year, a.decision)
        for a in sorted(awards, key=lambda a: (a.year, a.date))
        if a.date <= day and (exclude is None or a.spec != exclude)
    )
    rated = tuple(Held(r.rating, r.year, r.decision or "") for r in ratings if r.known_from <= day)
    if not held and not rated and not nominee.initiatives:
        # known, but nothing of it counts on that day (the decision being checked, say): the
        # facts of the whole proposal, shared, so that their verdict is reused
        return shared_known if shared_known is not None else replace(base, known=True)
    return replace(
        base,
        awards=held,
        ratings=rated,
        initiatives=tuple(i for i in nominee.initiatives if i.year <= day.year),
        known=found,
    )


def _nominees(proposal: Proposal) -> Iterator[tuple[KeyPath, Recipient, Collective | Individual]]:
    for i, collective in enumerate(proposal.collectives):
        yield ("collectives", i), "collective", collective
    for i, individual in enumerate(proposal.individuals):
        yield ("individuals", i), "individual", individual


def _check_nominee(
    ws: Workspace,
    rules: Rules,
    src: Source,
    proposal: Proposal,
    at: KeyPath,
    recipient: Recipient,
    nominee: Collective | Individual,
    award: str,
    doc: _Document,
    out: _Checked,
    shared: tuple[Facts, Facts],  # the proposal's facts, and the same marked known
) -> None:
    rule = out.rule_on(rules, award, recipient, doc.day)
    override = nominee.eligibility
    if override is None and rule is not None and rule.id not in rules.broken:
        # most of a long list: no override, and the rule is met; nothing more to say
        facts = facts_for(ws, proposal, nominee, doc.year, doc.day, doc.decision, *shared)
        out.use(doc, src.display, rule)
        if out.verdict(rule, facts, out.terms(ws, rules, award)) is None:
            return
    terms = out.terms(ws, rules, award)
    award_name = terms.name(award)
    day = doc.day_text
    # located only when something is reported (a file may hold 50,000 nominees)
    override_at = (
        src.locate((*at, "eligibility", "override")) if override is not None else Location("")
    )
    if override is not None and all(r.id != override.override for r in rules.data.rules):
        if out.once(override_at, override.override, "unknown"):
            known = ", ".join(r.id for r in rules.rules_of(award, recipient)) or "none"
            out.problems.append(
                Diagnostic(
                    "DATA-REF",
                    f"the override names the rule '{override.override}', which "
                    f"{RULES_FILE} does not have (the rules for '{award_name}': {known})",
                    override_at,
                )
            )
        return
    if rule is None:
        if override is not None and out.once(override_at, override.override, "unused"):
            out.warnings.append(
                Diagnostic(
                    "ELIGIBILITY-OVERRIDE",
                    f"the override of the rule {override.override} is not used: no eligibility "
                    f"rule for '{award_name}' ({recipient}s) is in force on {day}",
                    override_at,
                    Severity.WARNING,
                )
            )
        if out.once(doc.award_at, f"{award}|{recipient}", "no-rule"):
            known_rules = rules.rules_of(award, recipient)
            if known_rules:
                covered = "; ".join(f"{r.id} {r.period}" for r in known_rules)
                message = (
                    f"no eligibility rule for '{award_name}' ({recipient}s) is in force on "
                    f"{day} (the rules cover: {covered}); its nominees are not checked"
                )
            else:
                message = (
                    f"{RULES_FILE} has no eligibility rule for '{award_name}' ({recipient}s); "
                    "its nominees are not checked"
                )
            out.warnings.append(
                Diagnostic("ELIGIBILITY-NO-RULE", message, doc.award_at, Severity.WARNING)
            )
        return
    if rule.id in rules.broken:
        return  # the rule's problem is reported; its verdict would say nothing
    facts = facts_for(ws, proposal, nominee, doc.year, doc.day, doc.decision, *shared)
    unmet = out.verdict(rule, facts, terms)
    out.use(doc, src.display, rule)
    if override is not None and override.override == rule.id:
        if not out.once(override_at, rule.id, "override"):
            return
        out.overrides.append(
            Override(
                nominee.name,
                recipient,
                proposal.school,
                award,
                rule.id,
                override.reason,
                unmet.message if unmet else None,
                override_at,
            )
        )
        if unmet is None:
            message = (
                f"'{nominee.name}' has an override of the rule {rule.id}, but meets it "
                f"anyway; the reason recorded: {override.reason}"
            )
        else:
            message = (
                f"'{nominee.name}' is accepted for '{award_name}' without meeting the rule "
                f"{rule.id} ({unmet.message}); the reason recorded: {override.reason}"
            )
        out.warnings.append(
            Diagnostic("ELIGIBILITY-OVERRIDE", message, override_at, Severity.WARNING)
        )
        return
    if override is not None and unmet is None and out.once(override_at, rule.id, "unused"):
        out.warnings.append(
            Diagnostic(
                "ELIGIBILITY-OVERRIDE",
                f"the override of the rule {override.override} is not used: the rule for "
                f"'{award_name}' on {day} is {rule.id}, which '{nominee.name}' meets",
                override_at,
                Severity.WARNING,
            )
        )
    if unmet is None:
        return
    name_at = src.locate((*at, "name"))
    if not out.once(name_at, rule.id, "ineligible"):
        return
    also = ""  # which document, for a decision (a proposal's nominee is at home in its file)
    if doc.decision is not None:
        also = f" on the date of {ws.spec_display(doc.decision)} ({day})"
    if override is not None:
        hint = (
            f"the override names the rule {override.override}, but the rule in force on {day} "
            f"is {rule.id}: override that one, with its reason"
        )
    elif unmet.needs_history:
        hint = (
            f"enter the nominee's past titles and awards in {history_file_for(proposal.school)}, "
            f"or record the council's decision on the nominee (eligibility: override {rule.id}, "
            "with its reason)"
        )
    else:
        hint = (
            "if the council accepts the nominee on another criterion, record it on the nominee "
            f"(eligibility: override {rule.id}, with its reason)"
        )
    out.problems.append(
        Diagnostic(
            "DATA-INELIGIBLE",
            f"'{nominee.name}' does not qualify for '{award_name}'{also} under the rule "
            f"{rule.id} ({rule.source}): {unmet.message}",
            name_at,
            Severity.ERROR,
            hint,
        )
    )


def _documents(ws: Workspace) -> Iterator[tuple[str, Proposal, _Document, str | None]]:
    """(proposal file, proposal, document, the award it decides) for every proposal, then for
    every award decision and each proposal it decides."""
    from docgen.awards.nominees import decided_proposals
    from docgen.awards.specs import AwardDecisionSpec

    for display, proposal in ws.proposals.items():
        yield display, proposal, _Document(proposal.year, proposal.date, ws.sources[display]), None
    for spec_id, spec in ws.specs.items():
        if not isinstance(spec, AwardDecisionSpec):
            continue
        doc = _Document(spec.year, spec.date, ws.sources[ws.spec_display(spec_id)], spec_id)
        for display, proposal in decided_proposals(ws, spec).items():
            yield display, proposal, doc, spec.award


def _run(ws: Workspace, only: str | None = None) -> _Checked:
    out = _Checked()
    rules = ws.eligibility
    if rules is None:
        return out
    known_awards = {a.id for a in ws.catalogue.awards} if ws.catalogue is not None else set()
    for display, proposal, doc, decided in _documents(ws):
        if only is not None and only not in (display, doc.decision):
            continue
        if {f"history:{proposal.school}", "history:*"} & ws.broken:
            continue  # its history file is wrong (reported): no verdict on a history half read
        src = ws.sources[display]
        facts = campaign_facts(ws, proposal, doc.year)
        shared = (facts, replace(facts, known=True))
        for at, recipient, nominee in _nominees(proposal):
            award = nominee.award or proposal.award
            if decided is not None and award != decided:
                continue
            if award not in known_awards:
                continue  # reported as an unknown award
            _check_nominee(
                ws, rules, src, proposal, at, recipient, nominee, award, doc, out, shared
            )
    return out


def _order(where: Location | None) -> tuple[str, int, int]:
    if where is None:
        return ("", 0, 0)
    return (where.file, where.line or 0, where.col or 0)


def check_eligibility(ws: Workspace, problems: Problems) -> list[Diagnostic]:
    """Every nominee of every proposal, and of every decision, against the rule in force on the
    document's date: a nominee who does not qualify is an error; returns the warnings (an
    override, a rule not confirmed, an award without a rule in force)."""
    checked = _run(ws)
    problems.extend(checked.problems)
    found = checked.warnings
    if ws.eligibility is not None:
        found = [*found, *checked.unconfirmed(ws.eligibility)]
    return sorted(found, key=lambda d: _order(d.location))


def overrides(ws: Workspace, document: str | None = None) -> list[Override]:
    """The nominees accepted without meeting a rule, with the council's reasons: of one
    decision (its spec id) or one proposal file (data/proposals/…), or of the whole
    workspace."""
    return _run(ws, document).overrides
