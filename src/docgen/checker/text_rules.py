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
* ``DOC-PLAN-PAST-DATE`` (warning): a Kế hoạch gives a deadline ("trước ngày 30/9/2022",
  "chậm nhất ngày …") in a year before its own date: the text of an earlier year's plan carried
  over (issue 22: the 2024 plan read "trước ngày 30/9/2022"). A warning: a plan may recall a
  past date, but a deadline in the past is almost always a copy left unchanged.
* ``DOC-TABLE-REPEAT``: a row of a list where a cell repeats the cell before it, or ends with it
  ("Trường Chính trị tỉnh Nghệ An | Trường Chính trị tỉnh Nghệ An"): the unit printed again as
  the name (issue 22); the unit column is left empty when it would repeat the name.
* ``DOC-VIA-REPEAT`` (warning): the same "(qua …)" several times in one line ("Kính gửi: Ban A
  (qua Văn phòng), Ban B (qua Văn phòng)"): said once (vietnamese.md, plain wording).
"""

from __future__ import annotations

import itertools
import re

from docgen.checker.base import CheckerBase
from docgen.checker.docx_model import Paragraph
from docgen.checker.layout import _norm
from docgen.rules import text_rules

_DOUBLED = re.compile(
    r"(?<!\.)\.[ \u00a0]*\.(?![ \u00a0]*\.)|,[ \u00a0]*,|;[ \u00a0]*;|(?<=\w)[ \u00a0]+[.,;:](?!\.)"
)
_ARTICLE = re.compile(r"^Điều\s+\d+\.\s+(\w)")
_DEADLINE = re.compile(
    r"(?:trước|chậm nhất|hạn chót|hạn|đến hết|hoàn thành)\s+(?:ngày\s+)?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](\d{4})|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(\d{4}))",
    re.IGNORECASE,
)
_DOC_YEAR = re.compile(r"năm (\d{4})$")
_VIA = re.compile(r"\(qua [^()]+\)", re.IGNORECASE)
_FILL = re.compile(r"[.…]{4,}|…")  # a dotted line to fill in by hand (a blank form)


class TextChecks(CheckerBase):
    """The wording: a decision's effectiveness clause, punctuation, article sentences."""

    def wording(self) -> None:
        paragraphs = [p for p in self.model.paragraphs if _norm(p.text)]
        self._effectiveness(paragraphs)
        self._past_deadlines(paragraphs)
        self._repeated_cells(paragraphs)
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
            vias = [v.casefold() for v in _VIA.findall(text)]
            repeated = next((v for v in vias if vias.count(v) > 1), None)
            if repeated is not None:
                self.add(
                    "DOC-VIA-REPEAT",
                    f"'{repeated}' is written {vias.count(repeated)} times in one line: say it "
                    "once, after the addressees it applies to",
                    p,
                    warning=True,
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

    def _past_deadlines(self, paragraphs: list[Paragraph]) -> None:
        dated = _DOC_YEAR.search(_norm(self.layout.date.text)) if self.layout.date else None
        if dated is None or self.doc_type is None or self.doc_type.id != "ke_hoach":
            return
        year = int(dated.group(1))
        for p in self.layout.body or []:
            for found in _DEADLINE.finditer(_norm(p.text)):
                when = int(found.group(1) or found.group(2))
                if when < year:
                    self.add(
                        "DOC-PLAN-PAST-DATE",
                        f"a deadline of {when} in a plan dated {year}: '{found.group(0)}' "
                        "(the text of an earlier year's plan?)",
                        p,
                        warning=True,
                    )

    def _repeated_cells(self, paragraphs: list[Paragraph]) -> None:
        cells: dict[tuple[int, int | None], dict[int, str]] = {}
        first: dict[tuple[int, int | None], Paragraph] = {}
        for p in paragraphs:
            if p.table is None or p.cell is None:
                continue
            row = (p.table, p.row)
            text = _norm(p.text)
            cells.setdefault(row, {})
            cells[row][p.cell] = f"{cells[row].get(p.cell, '')} {text}".strip()
            first.setdefault(row, p)
        for row, texts in cells.items():
            ordered = [texts[c] for c in sorted(texts)]
            for before, after in itertools.pairwise(ordered):
                if len(after) >= 8 and (after == before or before.endswith(", " + after)):
                    self.add(
                        "DOC-TABLE-REPEAT",
                        f"a row repeats '{after}' in the next column: leave the unit empty "
                        "when it is the name itself",
                        first[row],
                    )
                    break
