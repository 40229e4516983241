"""The eligibility rules (data/law/eligibility.yaml) as records: conditions, rules by date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from docgen.data.loader import KeyPath, Source
from docgen.data.models import Identifier, InForce, Record, Text
from docgen.errors import Location

if TYPE_CHECKING:
    from docgen.awards.history import Recipient

RULES_FILE = "data/law/eligibility.yaml"
Level = Literal["co-so", "bo-tinh", "toan-quoc"]
InitiativeKind = Literal["initiative", "study"]
_BOTH: tuple[InitiativeKind, ...] = ("initiative", "study")


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


def walk(conditions: Sequence[Condition], at: KeyPath) -> Iterator[tuple[Condition, KeyPath]]:
    """Every condition, the nested ones too, with its key path under ``at``."""
    for i, condition in enumerate(conditions):
        here = (*at, i)
        yield condition, here
        if isinstance(condition, AnyOf | AllOf):
            yield from walk(condition.conditions, (*here, "conditions"))


def unconfirmed_sources(rule: EligibilityRule) -> list[str]:
    """The sources a rule rests on that were not confirmed from the legal text, each once."""
    found = [rule.source] if not rule.confirmed else []
    for condition, _at in walk(rule.conditions, ()):
        unconfirmed = condition.confirmed is False or (
            condition.confirmed is None and not rule.confirmed
        )
        if unconfirmed and condition.source:
            found.append(condition.source)
    pieces = (piece.strip() for source in found for piece in source.split(";"))
    return list(dict.fromkeys(p for p in pieces if p))
