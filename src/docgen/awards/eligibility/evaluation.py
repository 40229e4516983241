"""Judges a rule's conditions against the facts known of one nominee, and says why one fails."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docgen.awards.eligibility.rules import (
    AllOf,
    AnyOf,
    Condition,
    ConsecutiveTitles,
    EligibilityRule,
    EmulationCampaign,
    NotWithin,
    PriorAward,
    RecognisedInitiative,
)
from docgen.data.models import Initiative

_LEVELS: dict[str, int] = {"co-so": 0, "bo-tinh": 1, "toan-quoc": 2}
# the scopes as the Law words them ("trong phạm vi cơ sở"), for messages
_SCOPES = {"co-so": "cơ sở", "bo-tinh": "bộ, ban, ngành, tỉnh", "toan-quoc": "toàn quốc"}


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
    # the proposal names a campaign whose file is in error (reported there): whether it
    # announces the award is not known, and is not judged
    campaign_unread: bool = False
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
        if facts.campaign_unread:
            return None  # one error per cause: the campaign's own, where it is written
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


def _whole(parts: list[str], *joints: str) -> list[str]:
    """The parts, one holding the words that join them (a list inside a list) in brackets:
    the reader, and the catalogue (docgen.i18n), see where it ends."""
    return [f"({p})" if any(j in p for j in joints) else p for p in parts]


def _either(parts: list[str]) -> str:
    """One of two, three or four criteria (more are joined into the fourth)."""
    parts = _whole(parts, "; or ")
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
    parts = _whole(parts, "; and ", "; or ")
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
