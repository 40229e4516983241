"""The one Jinja environment every template is rendered with: strict, autoescaped, sandboxed."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from docgen import vn
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


@cache
def jinja_env() -> SandboxedEnvironment:
    """Strict (a missing value is an error, never an empty string), autoescaped (an ``&`` in a
    unit name cannot corrupt the XML), sandboxed (a template cannot reach Python internals),
    with the Vietnamese helpers as filters."""
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True
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
