"""Checks every nominee of a workspace against the rule in force, with the overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from docgen.awards.eligibility.evaluation import Facts, Held, Terms, Unmet, verdict
from docgen.awards.eligibility.rules import RULES_FILE, EligibilityRule, Rules, unconfirmed_sources
from docgen.awards.history import Recipient, history_file_for, known
from docgen.data.loader import KeyPath, Source
from docgen.data.models import Collective, Individual, Proposal
from docgen.errors import Diagnostic, Location, Problems, Severity
from docgen.vn.dates import short_date

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace


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
    # where the award is named: ("award",), or ("awards", i) in a decision of several awards
    award_key: tuple[str | int, ...] = ("award",)

    @cached_property
    def day_text(self) -> str:
        return short_date(self.day)

    @cached_property
    def award_at(self) -> Location:
        # located only when a warning needs it: locating composes the whole file again
        return self.source.locate(self.award_key)


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
        campaign_unread=campaign is None and ws.is_broken("campaign", proposal.campaign),
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
    *,
    award: str | None = None,
) -> Facts:
    """What is known of ``nominee`` on ``day``: the awards, titles and ratings decided by then
    (not those of the decision ``exclude``), their initiatives and their campaign (``shared``:
    what campaign_facts gives, when it is known already; ``shared_known``: the same, marked
    known). For a decision, ``award`` given for ``year`` by another decision of the workspace
    does not count: that is one award given twice (DATA-AWARD-TWICE, docgen.awards.given), or a
    second award the law allows (award_again), not a lack of eligibility."""
    base = shared if shared is not None else campaign_facts(ws, proposal, year)
    awards, ratings, found = known(ws, proposal.school, nominee)
    if not found and not nominee.initiatives:
        return base  # most nominees of a long list: nothing recorded
    held = tuple(
        Held(a.award, a.year, a.decision)
        for a in sorted(awards, key=lambda a: (a.year, a.date))
        if a.date <= day
        and (exclude is None or a.spec != exclude)
        and not (exclude is not None and a.spec is not None and (a.award, a.year) == (award, year))
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
        facts = facts_for(
            ws, proposal, nominee, doc.year, doc.day, doc.decision, *shared, award=award
        )
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
    facts = facts_for(ws, proposal, nominee, doc.year, doc.day, doc.decision, *shared, award=award)
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
        # a period (2019-2025) is checked as of its last year, as the register keeps its awards
        yield (
            display,
            proposal,
            _Document(int(proposal.year), proposal.date, ws.sources[display]),
            None,
        )
    for spec_id, spec in ws.specs.items():
        if not isinstance(spec, AwardDecisionSpec):
            continue
        src = ws.sources[ws.spec_display(spec_id)]
        for i, award in enumerate(spec.award_ids):  # a decision of several awards: each
            at: tuple[str | int, ...] = ("awards", i) if spec.awards else ("award",)
            doc = _Document(int(spec.year), spec.date, src, spec_id, at)
            for display, proposal in decided_proposals(ws, spec).items():
                yield display, proposal, doc, award


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
