"""The one Jinja environment every template is rendered with: strict, autoescaped, sandboxed.

Expressions a clerk writes in data (a certificate's reason) are rendered by the same
environment within a budget (docgen.documents.expressions): while one is active, every
multiplication, call and attribute the sandbox sees is checked against it.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from docgen import vn
from docgen.data.period import year_words
from docgen.vn import punctuation


@pass_context
def _balance(
    context: Context, text: Any, element: str, system: str, width_mm: float | None = None
) -> str:
    """The balance filter: ``text`` in even lines, no break inside a known name nor inside
    one of the document's own names (its context's ``known_names``, documents.context)."""
    from docgen.documents.text_width import balance

    names = context.get("known_names") or ()
    return balance(str(text), element, system, width_mm, names)


def _rule_side(lines: Any, element: str, system: str, inner_mm: float, fraction: float) -> int:
    from docgen.documents.text_width import rule_side_twips

    return rule_side_twips(lines, element, system, inner_mm, fraction)


class OverBudget(Exception):
    """An expression in data went past one of its limits: why, in plain words."""


class Budget:
    """What an expression in data may still spend: time, and the size of what any one step
    makes (rules/data_limits.yaml ``expressions``)."""

    def __init__(self, seconds: float, chars: int, exponent_max: int) -> None:
        self.seconds, self.chars, self.exponent_max = seconds, chars, exponent_max
        self.deadline = time.monotonic() + seconds

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise OverBudget(f"it takes longer than {self.seconds:g} s to work out")

    def sized(self, value: Any) -> Any:
        if isinstance(value, str | list | tuple | dict) and len(value) > self.chars:
            raise OverBudget(f"it makes a text or list of more than {self.chars:,} characters")
        return value

    def number(self, value: Any) -> None:
        """An integer handed to a call or a filter (a width, a count) is a size to be made."""
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > self.chars:
            raise OverBudget(f"it asks for {value:,}, more than {self.chars:,}")

    def product(self, left: Any, right: Any) -> None:
        """Refuse a text or list multiplied past the limit before it is made."""
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(times, int)
                and len(seq) * max(times, 0) > self.chars
            ):
                raise OverBudget(f"it makes a text or list of more than {self.chars:,} characters")


BUDGET: ContextVar[Budget | None] = ContextVar("docgen_expression_budget", default=None)


class DocgenSandbox(SandboxedEnvironment):
    """The sandbox, with the budget of an expression in data checked where one is active."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.tick()
            if operator == "**" and isinstance(right, int | float) and right > budget.exponent_max:
                raise OverBudget(f"it raises a number to the power {right}")
            if operator == "*":
                budget.product(left, right)
            return budget.sized(super().call_binop(context, operator, left, right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.tick()
            for value in (*args, *kwargs.values()):
                budget.number(value)
            return budget.sized(super().call(__context, __obj, *args, **kwargs))
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.tick()
        return super().getattr(obj, attribute)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):  # already escaped: kept as markup, not escaped twice
        return Markup(punctuation.dash_kept(str(value)))
    return punctuation.dash_kept(value) if isinstance(value, str) else value


@cache
def jinja_env() -> SandboxedEnvironment:
    """Strict (a missing value is an error, never an empty string), autoescaped (an ``&`` in a
    unit name cannot corrupt the XML), sandboxed (a template cannot reach Python internals),
    with the Vietnamese helpers as filters."""
    env = DocgenSandbox(
        undefined=StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        # every value printed keeps a dash between two words on the line of the word before
        finalize=_finalize,
    )
    env.filters.update(
        {
            "date_line": vn.date_line,
            "date_words": vn.date_words,
            "short_date": vn.short_date,
            "roman": vn.to_roman,
            "money": vn.format_money,
            "money_dong": vn.format_money_dong,
            "money_words": vn.money_words,
            "number_words": vn.number_words,
            "pad2": vn.pad_count,
            # what a proposal or decision is for: "năm 2025", "giai đoạn 2019 - 2025"
            "year_words": year_words,
            # a clerk's text joined with docgen's own (vn/punctuation.py): closed once with
            # the given mark, capitalised after "Điều N.", tidied
            "sentence": punctuation.sentence,
            "capital": punctuation.capital,
            "tidy": punctuation.tidy,
            # several addressees "(qua Ban X)" each: the same "(qua …)" said once
            "via_once": punctuation.via_once_in_line,
            # a centred title broken into even lines: {{ title | balance('subject', system) }},
            # or over a header column: {{ line | balance('parent_body', system, 71.0) }}
            "balance": _balance,
            # the indent of a rule drawn under a text, a share of its longest line:
            # w:left="{{ issuer.header | rule_side('issuer_body', issuer.system, 71, 0.4) }}"
            "rule_side": _rule_side,
        }
    )
    return env
