"""Reads data/law/eligibility.yaml and checks it against the award catalogue."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from docgen.awards.eligibility.rules import (
    RULES_FILE,
    ConsecutiveTitles,
    EligibilityFile,
    EligibilityRule,
    NotWithin,
    PriorAward,
    Rules,
    walk,
)
from docgen.errors import Problems
from docgen.vn.dates import short_date

if TYPE_CHECKING:
    from docgen.awards.history import Recipient
    from docgen.data.workspace import Workspace


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
        if catalogue.unknown(rule.award):
            problems.add(
                "DATA-REF", f"unknown award '{rule.award}'", src.locate(("rules", i, "award"))
            )
        for condition, at in walk(rule.conditions, ("rules", i, "conditions")):
            if isinstance(condition, ConsecutiveTitles):
                title = catalogue.get(condition.title)
                if condition.title in rules.data.ratings:
                    continue
                if (title is None and catalogue.unknown(condition.title)) or (
                    title is not None and title.kind != "title"
                ):
                    problems.add(
                        "DATA-REF",
                        f"'{condition.title}' is neither a title of data/law/awards.yaml nor a "
                        "rating of this file",
                        src.locate((*at, "title")),
                    )
            elif (
                isinstance(condition, PriorAward | NotWithin)
                and condition.award is not None
                and catalogue.unknown(condition.award)
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
