"""A Quyết định's effectiveness clause (rules/text.yaml ``effectiveness``): every decision
docgen writes ends its articles with it, as the models do (ND 30/2020 Phụ lục III; HD 36)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from docgen.errors import Problems
from docgen.rules import SystemName, text_rules
from docgen.vn.dates import date_words
from docgen.vn.punctuation import capital, sentence

if TYPE_CHECKING:
    from docgen.data.loader import Source


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(text_rules().effectiveness_pattern, re.IGNORECASE)


def has_effectiveness_clause(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` already says when the decision takes effect."""
    return any(_pattern().search(" ".join(str(t).split())) for t in texts)


def check_effective(
    effective: dt.date | None, texts: Iterable[str], source: Source, problems: Problems
) -> None:
    """``effective`` beside a clause of the clerk's would say when the decision takes effect
    twice: a data error at ``effective``."""
    if effective is not None and has_effectiveness_clause(texts):
        problems.add(
            "DATA-VALUE",
            "the articles already say when the decision takes effect: remove 'effective' "
            "or that sentence",
            source.locate(("effective",)),
        )


def effectiveness_clause(
    system: SystemName, effective: dt.date | None, pad: bool, replaces: str | None = None
) -> str:
    """``Quyết định này có hiệu lực kể từ ngày ký.``, or from ``effective``'s date; a decision
    that replaces another (``replaces``: its citation) names it after the clause."""
    rule = text_rules().effectiveness[system]
    if effective is None:
        clause = rule.from_signing
    else:
        clause = rule.from_date.format(date=date_words(effective, pad))
    if replaces is not None:
        clause += " " + rule.replaces.format(cited=replaces)
    return clause


def with_effectiveness(
    articles: list[str],
    system: SystemName,
    effective: dt.date | None,
    pad: bool,
    replaces: str | None = None,
) -> list[str]:
    """The articles as printed: each starting with a capital and tidied, and the clause at the
    head of the last one (who executes the decision) unless an article already has one."""
    out = [capital(sentence(a, "")) for a in articles]
    if out and not has_effectiveness_clause(out):
        out[-1] = f"{effectiveness_clause(system, effective, pad, replaces)} {out[-1]}"
    return out
