"""The one Jinja environment every template is rendered with: strict, autoescaped, sandboxed."""

from __future__ import annotations

from functools import cache

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from docgen import vn
from docgen.vn import punctuation


def _balance(text: str, element: str, system: str) -> str:
    from docgen.documents.text_width import balance

    return balance(str(text), element, system)


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
            # a centred title broken into even lines: {{ title | balance('subject', system) }}
            "balance": _balance,
        }
    )
    return env
