"""A document's body written as an outline in YAML, and the paragraphs it becomes.

Two schemes, numbered by construction so that no number is skipped or repeated:

* sections (plans, reports, guidance): ``heading`` items at any depth become I. → 1. → 1.1. →
  a) (format.yaml ``sections``), ``points`` become ``-`` then ``+``;
* regulation (a Quy chế, a Quy định, a decision's articles): ``chapter`` (Chương I), ``section``
  (Mục 1), ``article`` (Điều 1.), its ``clauses`` (1.) and their ``points`` (a)) — format.yaml
  ``regulation``, ND 30/2020 Phụ lục I mục II.6.b.

Text items are paragraphs; ``**bold**`` and ``*italic*`` mark runs; ``table`` is a simple table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from docgen.data.loader import KeyPath
from docgen.data.models import Point, PointItem, Record, Text
from docgen.documents.sections import Blocks, Run, SectionNumbering, paragraph_xml
from docgen.documents.xmltext import escape
from docgen.rules import FormatRules, RegulationLevel
from docgen.vn.punctuation import capital, tidy
from docgen.vn.roman import to_roman

# the keys that say what an item is, in the order messages list them
ITEM_KEYS = ("heading", "points", "table", "chapter", "section", "article")
_ALLOWED = {
    "heading": {"text", "body"},
    "points": set(),
    "table": set(),
    "chapter": {"body"},
    "section": {"body"},
    "article": {"text", "clauses"},
}
_MARK = re.compile(r"\*\*(?P<b>[^*\n]+)\*\*|\*(?P<i>[^*\n]+)\*")


def parse_marks(text: str, bold: bool | None = None, italic: bool | None = None) -> list[Run]:
    """``**bold**`` and ``*italic*`` → runs; the rest keeps the given look (None: the style's)."""
    runs: list[Run] = []
    pos = 0
    for match in _MARK.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()], bold=bold, italic=italic))
        if match.group("b") is not None:
            runs.append(Run(match.group("b"), bold=True, italic=italic))
        else:
            runs.append(Run(match.group("i"), bold=bold, italic=not italic if italic else True))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold=bold, italic=italic))
    return runs


# -- the outline's records ---------------------------------------------------------------------


def _cell_text(value: object) -> object:
    """A whole number in a cell is its figures (``48``); anything else must be text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        comma = str(value).replace(".", ",")
        raise ValueError(f"write {value} as text in quotes, with a decimal comma ('{comma}')")
    return value


Cell = Annotated[str, BeforeValidator(_cell_text)]


class Table(Record):
    """A simple table: a header row, then rows of text; widths in mm (default: equal)."""

    columns: list[Text] = Field(min_length=1)
    rows: list[list[Cell]] = Field(min_length=1)
    widths_mm: list[Annotated[float, Field(gt=0)]] | None = None
    align: list[Literal["left", "center", "right"]] | None = None
    caption: Text | None = None

    @model_validator(mode="after")
    def _rectangular(self) -> Table:
        width = len(self.columns)
        for i, row in enumerate(self.rows, 1):
            if len(row) != width:
                raise ValueError(
                    f"row {i} has {len(row)} cells; the table has {width} columns (in [a, b] "
                    "a comma starts a new cell: put a cell holding a comma in quotes)"
                )
        for name in ("widths_mm", "align"):
            given = getattr(self, name)
            if given is not None and len(given) != width:
                raise ValueError(f"'{name}' has {len(given)} values for {width} columns")
        return self


class Clause(Record):
    """A khoản with its điểm: ``1. text`` then ``a) …``, ``b) …``."""

    text: Text
    points: list[PointItem] = Field(min_length=1)


ClauseItem = Text | Clause


class Item(Record):
    """One item of an outline that is not plain text: what it is is the key it has."""

    heading: Text | None = None
    points: list[PointItem] | None = Field(default=None, min_length=1)
    table: Table | None = None
    chapter: Text | None = None
    section: Text | None = None
    article: str | None = None  # the title; empty or null: "Điều 1." then the text
    text: Text | None = None
    body: list[OutlineItem] | None = Field(default=None, min_length=1)
    clauses: list[ClauseItem] | None = Field(default=None, min_length=1)

    @property
    def what(self) -> str:
        return next(key for key in ITEM_KEYS if key in self.model_fields_set)

    @model_validator(mode="after")
    def _one_thing(self) -> Item:
        present = [key for key in ITEM_KEYS if key in self.model_fields_set]
        if len(present) != 1:
            listed = ", ".join(ITEM_KEYS)
            if not present:
                raise ValueError(f"an outline item is text, or a mapping with one of: {listed}")
            raise ValueError(f"an outline item is one thing; this one has {' and '.join(present)}")
        what = present[0]
        extra = (self.model_fields_set - {what}) - _ALLOWED[what]
        if extra:
            raise ValueError(f"'{sorted(extra)[0]}' does not go with '{what}'")
        if what in ("chapter", "section") and self.body is None:
            raise ValueError(f"a {what} needs a 'body' (its articles)")
        if what == "article" and self.text is None and self.clauses is None:
            raise ValueError("an article needs its 'text' or its 'clauses'")
        if what in ("heading", "chapter", "section") and getattr(self, what) is None:
            raise ValueError(f"'{what}' needs its title")
        return self


OutlineItem = Text | Item
Item.model_rebuild()

Outline = list[OutlineItem]


# -- structure checks (with the path of the item, for file:line) --------------------------------

_REGULATION = {"chapter", "section", "article"}


@dataclass(frozen=True)
class Misplaced:
    path: KeyPath  # of the item, from the outline's own key
    message: str


def check_structure(items: Outline, base: KeyPath, max_depth: int) -> list[Misplaced]:
    """What the records cannot say: headings and regulation parts do not mix, a Mục stands
    in a Chương, articles stand in chapters once there are chapters, headings go at most
    ``max_depth`` levels deep."""
    found: list[Misplaced] = []
    kinds = {i.what for i in items if isinstance(i, Item)}
    if "heading" in kinds and kinds & _REGULATION:
        first = next(
            n for n, i in enumerate(items) if isinstance(i, Item) and i.what in _REGULATION
        )
        found.append(
            Misplaced(
                (*base, first),
                "headings (I., 1. …) and a regulation's chapters or articles do not mix in one "
                "body; put the regulation in an 'attachment'",
            )
        )
    has_chapters = "chapter" in kinds
    for n, item in enumerate(items):
        if not isinstance(item, Item):
            continue
        here = (*base, n)
        if item.what == "section":
            found.append(Misplaced(here, "a section (Mục) stands inside a chapter (Chương)"))
        elif item.what == "article" and has_chapters:
            found.append(Misplaced(here, "once there are chapters, every article is in one"))
        elif item.what == "heading":
            found.extend(_check_heading(item, here, 1, max_depth))
        elif item.what == "chapter":
            found.extend(_check_chapter(item, here))
    return found


def _check_heading(item: Item, here: KeyPath, depth: int, max_depth: int) -> list[Misplaced]:
    if depth > max_depth:
        return [
            Misplaced(
                here,
                f"headings go {max_depth} levels deep (I., 1., 1.1., a)); write what is deeper "
                "as 'points' (-, +)",
            )
        ]
    found: list[Misplaced] = []
    for n, child in enumerate(item.body or []):
        if not isinstance(child, Item):
            continue
        if child.what in _REGULATION:
            found.append(Misplaced((*here, "body", n), f"a {child.what} cannot be in a heading"))
        elif child.what == "heading":
            found.extend(_check_heading(child, (*here, "body", n), depth + 1, max_depth))
    return found


def _check_chapter(item: Item, here: KeyPath) -> list[Misplaced]:
    found: list[Misplaced] = []
    has_sections = any(isinstance(c, Item) and c.what == "section" for c in item.body or [])
    for n, child in enumerate(item.body or []):
        if not isinstance(child, Item):
            continue
        at = (*here, "body", n)
        if child.what in ("heading", "chapter"):
            found.append(Misplaced(at, f"a {child.what} cannot be in a chapter"))
        elif child.what == "article" and has_sections:
            found.append(
                Misplaced(at, "once a chapter has sections (Mục), every article is in one")
            )
        elif child.what == "section":
            for m, grand in enumerate(child.body or []):
                if isinstance(grand, Item) and grand.what != "article":
                    found.append(
                        Misplaced((*at, "body", m), f"a section holds articles, not a {grand.what}")
                    )
    return found


# -- paragraphs --------------------------------------------------------------------------------


@dataclass
class _Para:
    style: str
    runs: list[Run]
    # kept on the page of what follows (True: the signature block), or explicitly not (False:
    # a heading's style keeps it with the next paragraph, but a heading that carries its own
    # text is a paragraph, and chaining it would pull a whole run of them onto the next page)
    keep_next: bool | None = None


def _label(level: RegulationLevel, value: int, letters: tuple[str, ...]) -> str:
    if level.format == "roman":
        n = to_roman(value)
    elif level.format == "alpha":
        if value > len(letters):
            raise ValueError(f"more than {len(letters)} points in one clause")
        n = letters[value - 1]
    else:
        n = str(value)
    return level.label.format(n=n)


def end_content(text: str, end: str) -> str:
    """The last sentence of the content with the system's ending: ``./.`` (State), ``.``."""
    if end == "./.":
        if text.endswith("./."):
            return text
        return text + ("/." if text.endswith(".") else "./.")
    return text if text.endswith((".", "!", "?", "…")) else text + end


@dataclass
class OutlineWriter:
    """Turns one outline (a body, or an attached part) into paragraph and table XML."""

    rules: FormatRules
    content_end: str | None = None  # appended to the last paragraph of the content
    out: list[_Para | str] = field(default_factory=list)
    articles: int = 0
    chapters: int = 0

    def __post_init__(self) -> None:
        self.numbering = SectionNumbering(self.rules)
        self.reg = self.rules.regulation
        self.letters = self.rules.alpha_letters

    # -- sections scheme -------------------------------------------------------------------------
    def _heading(self, item: Item, level: int) -> None:
        label = self.numbering.next(level)
        spec = self.numbering.numbered[level - 1]
        title = item.heading or ""
        if spec.caps:
            title = title.upper()
        style = self.numbering.heading_style(level)
        if item.text:
            # "2. Ban Thi đua - Khen thưởng: chủ trì …": the heading as its level shows it, the
            # text after it upright and regular
            runs = [Run(f"{label} "), *parse_marks(f"{title}:"), Run(" ")]
            runs += parse_marks(item.text, bold=False, italic=False)
            self.out.append(_Para(style, runs, keep_next=False))
        else:
            self.out.append(_Para(style, [Run(f"{label} "), *parse_marks(title)]))
        self._items(item.body or [], level + 1)

    def _points(self, points: Iterable[PointItem]) -> None:
        dash, plus = self.numbering.dash, self.numbering.plus
        for point in points:
            text = point if isinstance(point, str) else point.text
            self.out.append(_Para(dash.style, [Run(dash.symbol + " "), *parse_marks(text)]))
            for sub in [] if isinstance(point, str) else point.points:
                self.out.append(_Para(plus.style, [Run(plus.symbol + " "), *parse_marks(sub)]))

    # -- regulation scheme -----------------------------------------------------------------------
    def _part(self, level: RegulationLevel, value: int, title: str) -> None:
        self.out.append(_Para(level.style, [Run(_label(level, value, self.letters))]))
        self.out.append(_Para(level.title_style or level.style, parse_marks(title.upper())))

    def _chapter(self, item: Item) -> None:
        self.chapters += 1
        self._part(self.reg.chapter, self.chapters, item.chapter or "")
        sections = 0
        for child in item.body or []:
            if isinstance(child, Item) and child.what == "section":
                sections += 1
                self._part(self.reg.section, sections, child.section or "")
                self._items(child.body or [], 1)
            else:
                self._items([child], 1)

    def _article(self, item: Item) -> None:
        self.articles += 1
        level = self.reg.article
        label = _label(level, self.articles, self.letters)
        if item.article:
            self.out.append(_Para(level.style, [Run(f"{label} ", bold=True)]))
            self.out[-1].runs += parse_marks(item.article, bold=True)  # type: ignore[union-attr]
            if item.text:
                self.out.append(_Para("DGBody", parse_marks(item.text)))
        else:
            runs = [Run(label, bold=True), Run(" ")]
            # what follows "Điều 1." starts a sentence (vn/punctuation.py)
            text = capital(tidy(item.text or ""))
            self.out.append(_Para("DGBody", runs + parse_marks(text, bold=False)))
        for n, clause in enumerate(item.clauses or [], 1):
            text = clause if isinstance(clause, str) else clause.text
            clause_label = _label(self.reg.clause, n, self.letters)
            self.out.append(
                _Para(self.reg.clause.style, [Run(f"{clause_label} "), *parse_marks(text)])
            )
            for m, point in enumerate([] if isinstance(clause, str) else clause.points, 1):
                point_text = point if isinstance(point, str) else point.text
                point_label = _label(self.reg.point, m, self.letters)
                self.out.append(
                    _Para(self.reg.point.style, [Run(f"{point_label} "), *parse_marks(point_text)])
                )
                if isinstance(point, Point):
                    self._points(point.points)

    # -- both ------------------------------------------------------------------------------------
    def _table(self, table: Table) -> None:
        if table.caption:
            self.out.append(_Para("DGTableCaption", parse_marks(table.caption)))
        self.out.append(table_xml(table, self.rules))

    def _items(self, items: Iterable[OutlineItem], level: int) -> None:
        for item in items:
            if isinstance(item, str):
                self.out.append(_Para("DGBody", parse_marks(item)))
            elif item.what == "heading":
                self._heading(item, level)
            elif item.what == "points":
                self._points(item.points or [])
            elif item.what == "table":
                assert item.table is not None
                self._table(item.table)
            elif item.what == "chapter":
                self._chapter(item)
            else:
                self._article(item)

    def render(self, items: Outline) -> Blocks:
        self._items(items, 1)
        last = next((p for p in reversed(self.out) if isinstance(p, _Para)), None)
        if last is not None and self.content_end and last.runs:
            tail = last.runs[-1]
            last.runs[-1] = Run(end_content(tail.text, self.content_end), tail.bold, tail.italic)
            # kept on the page of the signature (ND 30 Phụ lục I mục II.7: the signature block
            # never stands alone on a page)
            if last.style == "DGBody":
                last.style = "DGClosing"
            else:
                last.keep_next = True
        return Blocks("".join(_xml(p) for p in self.out))


def _xml(part: _Para | str) -> str:
    if isinstance(part, str):
        return part
    return paragraph_xml(part.style, part.runs, keep_next=part.keep_next)


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def table_xml(table: Table, rules: FormatRules) -> str:
    """A bordered table over the text width; the header row repeats on every page and no row
    splits across pages (format.md "Appendices / attached lists")."""
    text_width = sum(rules.list_table.columns_mm)
    count = len(table.columns)
    widths = table.widths_mm or [text_width / count] * count
    aligns = table.align or ["left"] * count
    size = round(rules.list_table.size * 2)

    def cell(text: str, width: float, align: str, bold: bool) -> str:
        runs = "".join(
            _cell_run(run, size) for run in parse_marks(text, bold=True if bold else None)
        )
        ppr = f'<w:pPr><w:pStyle w:val="DGTableText"/><w:jc w:val="{align}"/></w:pPr>'
        props = f'<w:tcW w:w="{_twips(width)}" w:type="dxa"/><w:vAlign w:val="center"/>'
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{runs}</w:p></w:tc>"

    def row(cells: Iterator[str], header: bool) -> str:
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"

    rows = [
        row((cell(c, w, "center", True) for c, w in zip(table.columns, widths, strict=True)), True)
    ]
    for values in table.rows:
        rows.append(
            row(
                (cell(v, w, a, False) for v, w, a in zip(values, widths, aligns, strict=True)),
                False,
            )
        )
    grid = "".join(f'<w:gridCol w:w="{_twips(w)}"/>' for w in widths)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tblpr = (
        f'<w:tblPr><w:tblW w:w="{_twips(sum(widths))}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
    )
    return f"<w:tbl>{tblpr}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _cell_run(run: Run, size: int) -> str:
    props = ""
    if run.bold:
        props += "<w:b/><w:bCs/>"
    if run.italic:
        props += "<w:i/><w:iCs/>"
    props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(run.text)}</w:t></w:r>'


def render_outline(items: Outline, rules: FormatRules, content_end: str | None) -> Blocks:
    """The paragraphs of one outline, numbered from the start."""
    return OutlineWriter(rules, content_end).render(items)
