"""Reads a .docx and resolves the formatting in effect for every paragraph and run.

Resolution order (ECMA-376 §17.7.2): direct run properties, the run's character style chain,
the paragraph style chain, then the document defaults (docDefaults); fonts named by theme
(asciiTheme) are looked up in the theme. Paragraph properties likewise: direct, style chain,
defaults. Read with lxml straight from the zip, through docgen.documents.docx_safe (the files come
from other offices): no python-docx objects, so checking is fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.documents.docx_safe import DOCUMENT, open_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = {"w": W, "r": R, "a": A}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property: absent → None; <w:b/> or val true/1/on → True; val false/0 → False."""
    if el is None:
        return None
    val = el.get(_w("val"))
    return val is None or val.lower() not in ("0", "false", "off", "none")


@dataclass
class RunProps:
    font: str | None = None
    size: float | None = None  # points
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    underline: bool | None = None

    def merged_over(self, base: RunProps) -> RunProps:
        """These properties where set, else the base's."""
        values = {
            key: mine if mine is not None else base.__dict__[key]
            for key, mine in self.__dict__.items()
        }
        return RunProps(**values)


@dataclass
class ParaProps:
    align: str | None = None  # left | center | right | both (justified)
    first_line_mm: float | None = None
    left_mm: float | None = None
    right_mm: float | None = None
    space_before_pt: float | None = None
    space_after_pt: float | None = None
    line: float | None = None  # twips (exact/atLeast) or 240ths (auto)
    line_rule: str | None = None  # auto | exact | atLeast
    border_bottom: bool | None = None

    def merged_over(self, base: ParaProps) -> ParaProps:
        """These properties where set, else the base's."""
        values = {
            key: mine if mine is not None else base.__dict__[key]
            for key, mine in self.__dict__.items()
        }
        return ParaProps(**values)


def _twips_to_mm(value: str | None) -> float | None:
    return None if value is None else int(float(value)) * 25.4 / 1440


class Theme:
    def __init__(self, root: etree._Element | None) -> None:
        self.major = self.minor = None
        if root is not None:
            major = root.find(".//a:majorFont/a:latin", _NS)
            minor = root.find(".//a:minorFont/a:latin", _NS)
            self.major = major.get("typeface") if major is not None else None
            self.minor = minor.get("typeface") if minor is not None else None

    def font(self, theme_name: str) -> str | None:
        return self.major if theme_name.startswith("major") else self.minor


def read_run_props(rpr: etree._Element | None, theme: Theme) -> RunProps:
    if rpr is None:
        return RunProps()
    props = RunProps()
    fonts = rpr.find("w:rFonts", _NS)
    if fonts is not None:
        name = fonts.get(_w("ascii")) or fonts.get(_w("hAnsi"))
        theme_name = fonts.get(_w("asciiTheme")) or fonts.get(_w("hAnsiTheme"))
        props.font = name or (theme.font(theme_name) if theme_name else None)
    sz = rpr.find("w:sz", _NS)
    if sz is not None and sz.get(_w("val")):
        props.size = int(sz.get(_w("val"))) / 2
    props.bold = _on(rpr.find("w:b", _NS))
    props.italic = _on(rpr.find("w:i", _NS))
    props.caps = _on(rpr.find("w:caps", _NS))
    u = rpr.find("w:u", _NS)
    if u is not None:
        props.underline = (u.get(_w("val")) or "single") != "none"
    return props


def read_para_props(ppr: etree._Element | None) -> ParaProps:
    props = ParaProps()
    if ppr is None:
        return props
    jc = ppr.find("w:jc", _NS)
    if jc is not None:
        props.align = jc.get(_w("val"))
    ind = ppr.find("w:ind", _NS)
    if ind is not None:
        if ind.get(_w("firstLine")) is not None:
            props.first_line_mm = _twips_to_mm(ind.get(_w("firstLine")))
        elif ind.get(_w("hanging")) is not None:
            props.first_line_mm = -(_twips_to_mm(ind.get(_w("hanging"))) or 0)
        left = ind.get(_w("left")) or ind.get(_w("start"))
        if left is not None:
            props.left_mm = _twips_to_mm(left)
        right = ind.get(_w("right")) or ind.get(_w("end"))
        if right is not None:
            props.right_mm = _twips_to_mm(right)
    spacing = ppr.find("w:spacing", _NS)
    if spacing is not None:
        if spacing.get(_w("before")) is not None:
            props.space_before_pt = int(spacing.get(_w("before"))) / 20
        if spacing.get(_w("after")) is not None:
            props.space_after_pt = int(spacing.get(_w("after"))) / 20
        if spacing.get(_w("line")) is not None:
            props.line = float(spacing.get(_w("line")))
            props.line_rule = spacing.get(_w("lineRule")) or "auto"
    bdr = ppr.find("w:pBdr/w:bottom", _NS)
    if bdr is not None:
        props.border_bottom = bdr.get(_w("val")) not in (None, "nil", "none")
    return props


class Styles:
    """Style chains of styles.xml, resolved once per style."""

    def __init__(self, root: etree._Element | None, theme: Theme) -> None:
        self.theme = theme
        self._styles: dict[str, etree._Element] = {}
        self.default_run = RunProps()
        self.default_para = ParaProps()
        self.default_paragraph_style: str | None = None
        self._run_cache: dict[str, RunProps] = {}
        self._para_cache: dict[str, ParaProps] = {}
        if root is None:
            return
        rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", _NS)
        ppr = root.find("w:docDefaults/w:pPrDefault/w:pPr", _NS)
        self.default_run = read_run_props(rpr, theme)
        self.default_para = read_para_props(ppr)
        for style in root.findall("w:style", _NS):
            sid = style.get(_w("styleId"))
            if sid:
                self._styles[sid] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default_paragraph_style = sid

    def table_style(self, style_id: str | None) -> etree._Element:
        """A table style's tblPr (its own, else the default table style's); empty when none."""
        style = self._styles.get(style_id or "")
        if style is None:
            style = next(
                (
                    s
                    for s in self._styles.values()
                    if s.get(_w("type")) == "table" and s.get(_w("default")) in ("1", "true")
                ),
                None,
            )
        found = style.find("w:tblPr", _NS) if style is not None else None
        return found if found is not None else etree.Element(_w("tblPr"))

    def name(self, style_id: str | None) -> str | None:
        style = self._styles.get(style_id or "")
        if style is None:
            return None
        name = style.find("w:name", _NS)
        return name.get(_w("val")) if name is not None else style_id

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            based = style.find("w:basedOn", _NS)
            style_id = based.get(_w("val")) if based is not None else None
        return chain

    def run_props(self, style_id: str | None) -> RunProps:
        """Run properties a style (with its chain) gives, without defaults."""
        key = style_id or ""
        if key not in self._run_cache:
            props = RunProps()
            for style in self._chain(style_id):
                props = props.merged_over(read_run_props(style.find("w:rPr", _NS), self.theme))
            self._run_cache[key] = props
        return self._run_cache[key]

    def para_props(self, style_id: str | None) -> ParaProps:
        key = style_id or ""
        if key not in self._para_cache:
            props = ParaProps()
            for style in self._chain(style_id):
                props = props.merged_over(read_para_props(style.find("w:pPr", _NS)))
            self._para_cache[key] = props
        return self._para_cache[key]


@dataclass
class Run:
    text: str
    props: RunProps  # resolved


@dataclass
class Paragraph:
    index: int  # 1-based, in document order, table paragraphs included: shown as ¶12
    text: str
    style_id: str | None
    props: ParaProps  # resolved
    runs: list[Run]
    table: int | None = None  # which top-level table (1-based), None in the body
    row: int | None = None
    cell: int | None = None
    cell_width_mm: float | None = None  # the cell's width, when its table gives it
    drawn_mm: float | None = None  # the length of a line drawn (a shape) anchored here

    @property
    def is_rule(self) -> bool:
        """A rule on a line of its own: a bottom border or a drawn line under no text, or a
        rule typed as ``_______`` or ``-----``."""
        text = self.text.strip()
        if not text:
            return bool(self.props.border_bottom) or self.drawn_mm is not None
        return len(text) >= 3 and set(text) <= set(TYPED_RULE_CHARS)

    @property
    def visible_runs(self) -> list[Run]:
        return [r for r in self.runs if r.text.strip()]


# what a rule typed on the keyboard is made of
TYPED_RULE_CHARS = "_-‐‑‒–—―─━=~"


@dataclass
class Table:
    """A top-level table: whether it prints borders, its cell padding, its columns."""

    borders: bool
    cell_margin_mm: float | None  # left and right padding, when the table or its style says
    grid_mm: list[float]


@dataclass
class Section:
    page_width_mm: float
    page_height_mm: float
    margins_mm: dict[str, float]
    title_page: bool
    headers: dict[str, str] = field(default_factory=dict)  # type → header part xml text


@dataclass
class DocxModel:
    path: Path
    paragraphs: list[Paragraph]
    sections: list[Section]
    header_parts: dict[str, etree._Element]  # relationship id → header root
    fonts_used: set[str]
    styles: Styles
    tables: dict[int, Table] = field(default_factory=dict)  # by number (Paragraph.table)


def _text_of(el: etree._Element) -> str:
    parts = []
    for node in el.iter(_w("t"), _w("tab"), _w("br")):
        if node.tag == _w("t"):
            parts.append(node.text or "")
        elif node.tag == _w("tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def load_docx(path: Path, shown: str | None = None) -> DocxModel:
    """Read ``path`` (shown to the clerk as ``shown``) through the safe reader: a file that is
    not a Word document, or not a safe one, is a DocxReadError (CHECK-READ) saying why."""
    with open_docx(path, shown=shown) as package:
        package.check_whole()  # a file Word cannot open does not pass
        root = package.xml(DOCUMENT)
        styles_root = package.xml("word/styles.xml") if "word/styles.xml" in package else None
        theme_root = (
            package.xml("word/theme/theme1.xml") if "word/theme/theme1.xml" in package else None
        )
        rels = "word/_rels/document.xml.rels"
        headers: dict[str, etree._Element] = {}
        if rels in package:
            for rel in package.xml(rels):
                if rel.get("Type", "").endswith("/header"):
                    target = "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
                    if target in package:
                        headers[rel.get("Id", "")] = package.xml(target)
        try:
            return _model(path, root, styles_root, theme_root, headers)
        except (ValueError, TypeError, OverflowError) as exc:  # a size "12pt" where Word has "24"
            raise package.error(
                f"a formatting value in {DOCUMENT} or its styles cannot be read ({exc})"
            ) from exc


def _model(
    path: Path,
    root: etree._Element,
    styles_root: etree._Element | None,
    theme_root: etree._Element | None,
    headers: dict[str, etree._Element],
) -> DocxModel:
    theme = Theme(theme_root)
    styles = Styles(styles_root, theme)
    body = root.find("w:body", _NS)
    paragraphs: list[Paragraph] = []
    fonts: set[str] = set()
    counter = 0
    table_no = 0
    tables: dict[int, Table] = {}

    def make_paragraph(
        p: etree._Element,
        where: tuple[int | None, int | None, int | None],
        width_mm: float | None = None,
    ) -> None:
        nonlocal counter
        counter += 1
        ppr = p.find("w:pPr", _NS)
        pstyle_el = ppr.find("w:pStyle", _NS) if ppr is not None else None
        pstyle = (
            pstyle_el.get(_w("val")) if pstyle_el is not None else styles.default_paragraph_style
        )
        para_props = read_para_props(ppr).merged_over(
            styles.para_props(pstyle).merged_over(styles.default_para)
        )
        base_run = styles.run_props(pstyle).merged_over(styles.default_run)
        runs: list[Run] = []
        for r in p.iter(_w("r")):
            rpr = r.find("w:rPr", _NS)
            rstyle_el = rpr.find("w:rStyle", _NS) if rpr is not None else None
            rstyle = rstyle_el.get(_w("val")) if rstyle_el is not None else None
            props = read_run_props(rpr, theme).merged_over(
                styles.run_props(rstyle).merged_over(base_run)
            )
            text = _text_of(r)
            if text:
                runs.append(Run(text, props))
                if text.strip() and props.font:
                    fonts.add(props.font)
        paragraphs.append(
            Paragraph(
                counter,
                "".join(r.text for r in runs),
                pstyle,
                para_props,
                runs,
                *where,
                width_mm,
                _drawn_line_mm(p),
            )
        )

    for child in body if body is not None else []:
        if child.tag == _w("p"):
            make_paragraph(child, (None, None, None))
        elif child.tag == _w("tbl"):
            table_no += 1
            tables[table_no] = _table(child, styles)
            grid = tables[table_no].grid_mm
            for row_no, tr in enumerate(child.findall("w:tr", _NS), 1):
                column = 0
                for cell_no, tc in enumerate(tr.findall("w:tc", _NS), 1):
                    tcw = tc.find("w:tcPr/w:tcW", _NS)
                    span_el = tc.find("w:tcPr/w:gridSpan", _NS)
                    span = int(span_el.get(_w("val"), "1")) if span_el is not None else 1
                    from_grid = sum(grid[column : column + span]) if grid else None
                    column += span
                    given = (
                        _twips_to_mm(tcw.get(_w("w")))
                        if tcw is not None and tcw.get(_w("type"), "dxa") == "dxa"
                        else None
                    )
                    # Word lays a fixed table out by its cells' widths, LibreOffice by the grid:
                    # the narrower is where a line may wrap
                    known = [w for w in (given, from_grid) if w]
                    width = min(known) if known else None
                    for p in tc.iter(_w("p")):
                        make_paragraph(p, (table_no, row_no, cell_no), width)
    sections = [_section(s) for s in root.iter(_w("sectPr"))]
    return DocxModel(path, paragraphs, sections, headers, fonts, styles, tables)


_VML = "urn:schemas-microsoft-com:vml"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_EMU_MM = 36000


def _drawn_line_mm(p: etree._Element) -> float | None:
    """The length of a straight line drawn in ``p`` (VML ``v:line`` or a DrawingML line
    shape), if there is one: a rule drawn rather than typed or bordered."""
    for line in p.iter(f"{{{_VML}}}line"):
        try:
            x0 = float((line.get("from") or "0,0").split(",")[0].removesuffix("pt") or 0)
            x1 = float((line.get("to") or "0,0").split(",")[0].removesuffix("pt") or 0)
        except ValueError:
            return 0.0
        return abs(x1 - x0) * 25.4 / 72
    for anchor in p.iter(f"{{{_WP}}}anchor", f"{{{_WP}}}inline"):
        geom = anchor.find(".//a:prstGeom", _NS)
        extent = anchor.find(f"{{{_WP}}}extent")
        if geom is not None and "line" in (geom.get("prst") or "").lower() and extent is not None:
            return int(extent.get("cx", "0")) / _EMU_MM
    return None


def _borders_on(el: etree._Element | None) -> bool:
    if el is None:
        return False
    return any(side.get(_w("val")) not in (None, "nil", "none") for side in el)


def _table(tbl: etree._Element, styles: Styles) -> Table:
    """The table's borders (its own, its cells', else its style's), padding and grid."""
    tblpr = tbl.find("w:tblPr", _NS)
    style_el = tblpr.find("w:tblStyle", _NS) if tblpr is not None else None
    style = styles.table_style(style_el.get(_w("val")) if style_el is not None else None)
    own = tblpr.find("w:tblBorders", _NS) if tblpr is not None else None
    borders = _borders_on(own) if own is not None else _borders_on(style.find("w:tblBorders", _NS))
    if any(_borders_on(b) for b in tbl.iterfind("w:tr/w:tc/w:tcPr/w:tcBorders", _NS)):
        borders = True
    margin = None
    for where in (tblpr, style):
        mar = where.find("w:tblCellMar/w:left", _NS) if where is not None else None
        if mar is not None and mar.get(_w("w")) is not None and margin is None:
            margin = _twips_to_mm(mar.get(_w("w")))
    grid = [_twips_to_mm(c.get(_w("w"))) or 0.0 for c in tbl.findall("w:tblGrid/w:gridCol", _NS)]
    return Table(borders, margin, grid)


def _section(sect: etree._Element) -> Section:
    size = sect.find("w:pgSz", _NS)
    mar = sect.find("w:pgMar", _NS)
    width = _twips_to_mm(size.get(_w("w"))) if size is not None else 215.9
    height = _twips_to_mm(size.get(_w("h"))) if size is not None else 279.4
    margins = {
        side: _twips_to_mm(mar.get(_w(side))) or 0.0 if mar is not None else 25.4
        for side in ("top", "bottom", "left", "right")
    }
    headers = {
        ref.get(_w("type"), "default"): ref.get(f"{{{R}}}id", "")
        for ref in sect.findall("w:headerReference", _NS)
    }
    return Section(
        width or 0.0, height or 0.0, margins, _on(sect.find("w:titlePg", _NS)) or False, headers
    )


def header_has_page_field(root: etree._Element | None) -> bool:
    if root is None:
        return False
    instr = "".join(el.text or "" for el in root.iter(_w("instrText")))
    simple = " ".join(el.get(_w("instr"), "") for el in root.iter(_w("fldSimple")))
    return "PAGE" in instr.upper().split() or "PAGE" in simple.upper().split()


def header_paragraphs(root: etree._Element | None) -> Iterator[etree._Element]:
    if root is not None:
        yield from root.iter(_w("p"))


def page_field_alignment(root: etree._Element | None, styles: Styles) -> str | None:
    """The alignment of the header paragraph that holds the PAGE field."""
    for p in header_paragraphs(root):
        if header_has_page_field(p):
            ppr = p.find("w:pPr", _NS)
            style = ppr.find("w:pStyle", _NS) if ppr is not None else None
            style_id = style.get(_w("val")) if style is not None else None
            props = read_para_props(ppr).merged_over(
                styles.para_props(style_id).merged_over(styles.default_para)
            )
            return props.align or "left"
    return None
