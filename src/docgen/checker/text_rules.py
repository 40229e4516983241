"""Rules of the wording a records desk reads: a Quyết định's effectiveness clause, doubled
punctuation, a sentence after "Điều N." starting in lower case.

Codes and reasons:

* ``DOC-DECISION-EFFECT``: a Quyết định says when it takes effect; the models end its articles
  with "Quyết định (này) có hiệu lực kể từ ngày …" (ND 30/2020 Phụ lục III Mẫu 1.3, 1.4;
  HD 36-HD/VPTW; rules/text.yaml ``effectiveness``). Without it the decision's force is open to
  question, and a văn thư refuses to sign it.
* ``DOC-TEXT-PUNCTUATION``: ``..`` (not an ellipsis ``...``), ``,,``, ``;;``, ``. .`` or a
  space before ``.``/``,``/``;``/``:``: a typing fault (vietnamese.md "Punctuation": a mark
  follows the word it closes); most often a clerk's full stop doubled by a template's.
* ``DOC-ARTICLE-CASE``: "Điều 1. chịu trách nhiệm …": what follows the label starts a
  sentence, so it starts with a capital (ND 30/2020 Phụ lục I mục II.6.b writes the articles
  as sentences).
"""

from __future__ import annotations

import re

from docgen.checker.base import CheckerBase
from docgen.checker.docx_model import Paragraph
from docgen.checker.layout import _norm
from docgen.rules import text_rules

_DOUBLED = re.compile(
    r"(?<!\.)\.[ \u00a0]*\.(?![ \u00a0]*\.)|,[ \u00a0]*,|;[ \u00a0]*;|(?<=\w)[ \u00a0]+[.,;:](?!\.)"
)
_ARTICLE = re.compile(r"^Điều\s+\d+\.\s+(\w)")
_FILL = re.compile(r"[.…]{4,}|…")  # a dotted line to fill in by hand (a blank form)


class TextChecks(CheckerBase):
    """The wording: a decision's effectiveness clause, punctuation, article sentences."""

    def wording(self) -> None:
        paragraphs = [p for p in self.model.paragraphs if _norm(p.text)]
        self._effectiveness(paragraphs)
        for p in paragraphs:
            text = _norm(p.text)
            if _FILL.search(text) is None:
                found = _DOUBLED.search(text)
                if found is not None:
                    at = max(found.start() - 20, 0)
                    self.add(
                        "DOC-TEXT-PUNCTUATION",
                        f"doubled punctuation or a space before a mark: "
                        f"'…{text[at : found.end() + 10]}…'",
                        p,
                    )
            article = _ARTICLE.match(text)
            if article is not None and article.group(1).islower():
                self.add(
                    "DOC-ARTICLE-CASE",
                    f"the sentence after '{text.split('.', 1)[0]}.' starts in lower case",
                    p,
                )

    def _effectiveness(self, paragraphs: list[Paragraph]) -> None:
        rules = text_rules()
        if self.doc_type is None or self.doc_type.id not in rules.effectiveness_types:
            return
        pattern = re.compile(rules.effectiveness_pattern, re.IGNORECASE)
        if not any(pattern.search(_norm(p.text)) for p in paragraphs):
            self.add(
                "DOC-DECISION-EFFECT",
                "a Quyết định without an effectiveness clause: add 'Quyết định này có hiệu lực "
                "kể từ ngày ký.' (or the day it takes effect) to its last article",
                self.layout.title,
            )
