"""Eligibility: whether each nominee may receive their award, by the rules in force (a package)."""

# rules: the rules as records; load: reading and checking the rules file; evaluation: a rule's
# conditions against what is known of a nominee (pure); check: every nominee of a workspace,
# with the council's overrides. The names others import are re-exported here.

from __future__ import annotations

from docgen.awards.eligibility.check import (
    Override,
    campaign_facts,
    check_eligibility,
    facts_for,
    overrides,
)
from docgen.awards.eligibility.evaluation import Facts, Held, Terms, Unmet, evaluate, verdict
from docgen.awards.eligibility.load import load_rules
from docgen.awards.eligibility.rules import (
    RULES_FILE,
    AllOf,
    AnyOf,
    Condition,
    ConditionItem,
    ConsecutiveTitles,
    EligibilityFile,
    EligibilityRule,
    EmulationCampaign,
    InitiativeKind,
    Level,
    NotWithin,
    PriorAward,
    Rating,
    RecognisedInitiative,
    Rules,
    unconfirmed_sources,
)

__all__ = [
    "RULES_FILE",
    "AllOf",
    "AnyOf",
    "Condition",
    "ConditionItem",
    "ConsecutiveTitles",
    "EligibilityFile",
    "EligibilityRule",
    "EmulationCampaign",
    "Facts",
    "Held",
    "InitiativeKind",
    "Level",
    "NotWithin",
    "Override",
    "PriorAward",
    "Rating",
    "RecognisedInitiative",
    "Rules",
    "Terms",
    "Unmet",
    "campaign_facts",
    "check_eligibility",
    "evaluate",
    "facts_for",
    "load_rules",
    "overrides",
    "unconfirmed_sources",
    "verdict",
]
