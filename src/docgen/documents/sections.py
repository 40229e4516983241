"""Section numbering (I. → 1. → 1.1. → a) → - → +), gapless by construction, and the
WordprocessingML paragraphs that nested data becomes inside a template.

A template calls ``sec(level)`` for a heading it writes itself and ``points(list)`` /
``units(list)`` for nested data; all share one counter per document, so numbers continue across
template text and data in document order, and a level can never be skipped or repeated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docgen.documents.xmltext import escape
from docgen.errors import TemplateError
from docgen.rules import FormatRules, SectionLevel
from docgen.vn.roman import to_roman

_INLINE = re.compile(r"\*([^*\n]+)\*")
# the level of a plan's units (``units(list)``): "1." under the section "I. … TỔ CHỨC THỰC HIỆN"
UNITS_LEVEL = 2


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool | None = None  # None: as the paragraph style says
    italic: bool | None = None


def parse_inline(text: str, italic: bool | None = None) -> list[Run]:
    """Data text with ``*emphasis*`` → runs (emphasis toggles italic, as in the example plan)."""
    runs: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()], italic=italic))
        runs.append(Run(match.group(1), italic=not italic if italic is not None else True))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], italic=italic))
    return runs


def _toggle(tag: str, value: bool | None) -> str:
    if value is None:
        return ""
    return f"<w:{tag}/>" if value else f'<w:{tag} w:val="0"/>'


def run_xml(run: Run) -> str:
    props = _toggle("b", run.bold) + _toggle("bCs", run.bold) + _toggle("i", run.italic)
    props += _toggle("iCs", run.italic)
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    # "\n" in data is a line break inside the paragraph
    parts = escape(run.text).split("\n")
    body = '</w:t><w:br/><w:t xml:space="preserve">'.join(parts)
    return f'<w:r>{rpr}<w:t xml:space="preserve">{body}</w:t></w:r>'


def paragraph_xml(style: str, runs: Iterable[Run], keep_next: bool | None = None) -> str:
    """A paragraph of ``style``; ``keep_next`` True or False overrides the style's keep with
    the next paragraph (None: as the style says)."""
    inner = "".join(run_xml(r) for r in runs if r.text)
    keep = (
        "" if keep_next is None else ("<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>')
    )
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{inner}</w:p>'


class Blocks:
    """Paragraph XML produced for a ``{{p …}}`` tag; Jinja inserts it unescaped (``__html__``).

    Kept as UTF-8 parts, each a whole element (a table's rows), the form they take in the
    file: docgen.documents.render writes them there one after the other. A 10,000-row list as one
    ``str`` would take twice the memory (one Vietnamese letter makes the whole string two
    bytes a character), and joining it once more again as much.
    """

    def __init__(self, xml: str | bytes | list[bytes]) -> None:
        if isinstance(xml, str):
            xml = xml.encode("utf-8")
        self.parts = [xml] if isinstance(xml, bytes) else xml

    @property
    def xml(self) -> str:
        return b"".join(self.parts).decode("utf-8")

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


def _field(item: object, name: str) -> Any:
    """A field of a record given as a mapping (tests, hand-made data) or as a model."""
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None)


class SectionNumbering:
    """One document's section counters. Levels come from the format rules."""

    def __init__(self, rules: FormatRules) -> None:
        self.levels: Sequence[SectionLevel] = rules.sections
        self.letters = rules.alpha_letters
        self.numbered = [lv for lv in self.levels if lv.format != "bullet"]
        self.counters = [0] * (len(self.numbered) + 1)
        self.dash = next(lv for lv in self.levels if lv.format == "bullet")
        bullets = [lv for lv in self.levels if lv.format == "bullet"]
        self.plus = bullets[1] if len(bullets) > 1 else bullets[0]

    # -- numbers -----------------------------------------------------------------------------
    def label(self, level: int) -> str:
        spec = self.numbered[level - 1]
        value = self.counters[level]
        if spec.format == "roman":
            text = to_roman(value)
        elif spec.format == "arabic":
            text = str(value)
        elif spec.format == "dotted":
            # 1.1. / 2.1.: the enclosing arabic number, then this one
            text = f"{self.counters[level - 1]}.{value}"
        elif spec.format == "alpha":
            if value > len(self.letters):
                raise TemplateError(f"more than {len(self.letters)} points at level {level}")
            text = self.letters[value - 1]
        else:  # pragma: no cover - bullets are not numbered
            raise AssertionError(spec.format)
        return text + spec.suffix

    def next(self, level: int) -> str:
        """The next number at ``level`` (1 = I.); deeper counters restart."""
        if not 1 <= level <= len(self.numbered):
            raise TemplateError(f"section level {level} does not exist (1–{len(self.numbered)})")
        for upper in range(1, level):
            if self.counters[upper] == 0:
                raise TemplateError(
                    f"a level-{level} heading comes before any level-{upper} heading: "
                    "numbering would have a gap"
                )
        self.counters[level] += 1
        for deeper in range(level + 1, len(self.counters)):
            self.counters[deeper] = 0
        return self.label(level)

    def __call__(self, level: int) -> str:
        return self.next(level)

    # -- nested data → paragraphs --------------------------------------------------------------
    def heading_style(self, level: int) -> str:
        return self.numbered[level - 1].style

    def _point_paragraphs(self, items: Iterable[object], plain_single: bool) -> list[str]:
        items = list(items)
        out: list[str] = []
        if plain_single and len(items) == 1 and isinstance(items[0], str):
            # a lone point reads as a plain paragraph, without a dash
            return [paragraph_xml("DGBody", parse_inline(items[0]))]
        for item in items:
            text = item if isinstance(item, str) else str(_field(item, "text") or "")
            out.append(
                paragraph_xml(self.dash.style, [Run(self.dash.symbol + " "), *parse_inline(text)])
            )
            subs = [] if isinstance(item, str) else list(_field(item, "points") or [])
            for sub in subs:
                out.append(
                    paragraph_xml(
                        self.plus.style, [Run(self.plus.symbol + " "), *parse_inline(str(sub))]
                    )
                )
        return out

    def points(self, items: Iterable[object], plain_single: bool = False) -> Blocks:
        """A list of points as ``-`` paragraphs, sub-points as ``+``."""
        return Blocks("".join(self._point_paragraphs(items, plain_single)))

    def units(self, units: Iterable[object], level: int = UNITS_LEVEL) -> Blocks:
        """Nested units (``unit``, ``tasks``, ``units``) as numbered headings with their tasks."""
        return Blocks("".join(self._unit_paragraphs(units, level)))

    def _unit_paragraphs(self, units: Iterable[object], level: int) -> list[str]:
        out: list[str] = []
        for unit in units:
            name = str(_field(unit, "unit"))
            tasks = list(_field(unit, "tasks") or [])
            children = list(_field(unit, "units") or [])
            if level > len(self.numbered):
                # validate reports such a unit where it is written (docgen.documents.kinds.plan);
                # printed, it would be a line without a number among numbered ones
                raise TemplateError(
                    f"the unit '{name}' is at level {level}; the format rules number "
                    f"{len(self.numbered)} levels"
                )
            label = self.next(level) + " "
            style = self.heading_style(level)
            if len(tasks) == 1 and isinstance(tasks[0], str) and not children:
                # "2. Hội đồng Thi đua-Khen thưởng: Chủ trì …" — heading and task on one line
                runs = [
                    Run(f"{label}{name}:", bold=True),
                    Run(" "),
                    *parse_inline(tasks[0], italic=False),
                ]
                # a heading carrying its own text is not kept with the next paragraph (its
                # style keeps a true heading there)
                out.append(
                    paragraph_xml(
                        style,
                        [
                            Run(r.text, bold=r.bold if r.bold else False, italic=r.italic)
                            for r in runs
                        ],
                        keep_next=False,
                    )
                )
                continue
            out.append(paragraph_xml(style, [Run(f"{label}{name}", bold=True)]))
            out.extend(self._point_paragraphs(tasks, plain_single=True))
            out.extend(self._unit_paragraphs(children, level + 1))
        return out
