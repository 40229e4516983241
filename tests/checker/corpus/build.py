"""Documents "from elsewhere", built by code the way other generators and Word users lay them out.

Each document of ``documents.yaml`` is written here with python-docx straight, not with docgen:
its header table (any widths), its rules (a paragraph border, typed ``____`` or ``-----``, a
drawn line, an underline), its signature (a borderless table, a table with grid borders, or
plain paragraphs pushed right), Word's default styles or set ones. The spec says how; its
``faults`` say what a records desk refuses on the printed page (labelled before the checker
was tuned to them), ``also_right`` what the checker may rightly add that is no refusal (a draft's
blank number).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.rules.glyphs import text_width_mm

HERE = Path(__file__).parent
SPECS = HERE / "documents.yaml"

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def load_specs() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(SPECS.read_text(encoding="utf-8"))
    return data


def _run(p: Paragraph, text: str, size: float | None, **props: Any) -> None:
    for i, line in enumerate(text.split("\n")):
        run = p.add_run(line)
        if i < len(text.split("\n")) - 1:
            run.add_break()
        if size:
            run.font.size = Pt(size)
        for key, value in props.items():
            if value is not None:
                setattr(run.font, key, value)


def _para(
    where: DocxDocument | _Cell,
    text: str = "",
    size: float | None = None,
    align: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
    indent_cm: float | None = None,
    left_mm: float | None = None,
    after: float | None = None,
    line: float | None = None,
    exact: float | None = None,
) -> Paragraph:
    p = where.add_paragraph()
    if text:
        _run(p, text, size, bold=bold, italic=italic, underline=underline)
    fmt = p.paragraph_format
    if align:
        p.alignment = _ALIGN[align]
    if indent_cm is not None:
        fmt.first_line_indent = Cm(indent_cm)
    if left_mm is not None:
        fmt.left_indent = Mm(left_mm)
    if after is not None:
        fmt.space_after = Pt(after)
        fmt.space_before = Pt(0)
    if exact is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    elif line is not None:
        fmt.line_spacing = line
    return p


def _border_bottom(p: Paragraph) -> None:
    ppr = p._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    pbdr.append(bottom)
    ppr.append(pbdr)


def _drawn_line(p: Paragraph, width_mm: float) -> None:
    """A VML line anchored in ``p`` (what Word 2003-era templates and some generators draw)."""
    run = p.add_run()
    pict = OxmlElement("w:pict")
    line = etree.SubElement(pict, "{urn:schemas-microsoft-com:vml}line")
    line.set("from", "0,0")
    line.set("to", f"{width_mm * 72 / 25.4:.1f}pt,0")
    line.set("style", "position:absolute;z-index:1")
    run._r.append(pict)


def _share_of(lines: list[str], size: float, column_mm: float, share: float = 0.4) -> float:
    """A rule ``share`` of the longest printed line of ``lines`` (bold, ``size`` pt; a line
    wider than its column wraps to it), as a Word user draws one to the model's 1/3–1/2."""
    widest = max(text_width_mm(line, size, "bold") for text in lines for line in text.split("\n"))
    return share * min(widest, column_mm)


def _rule(where: DocxDocument | _Cell, kind: str, size: float, width_mm: float) -> None:
    """A rule under a header line or the subject, as the spec's ``kind`` draws it."""
    if kind == "border":
        # the body's text width, or the cell's own width (the table's columns differ)
        text_mm = 165 if isinstance(where, DocxDocument) else where.width.mm
        side = max(0.0, (text_mm - width_mm) / 2)
        p = _para(where, "", size, "center", after=0)
        p.paragraph_format.left_indent = Mm(side)
        p.paragraph_format.right_indent = Mm(side)
        _border_bottom(p)
    elif kind.startswith("typed"):
        char = "-" if kind == "typed-dash" else "_"
        count = max(3, round(width_mm / (0.5 * size * 25.4 / 72)))
        _para(where, char * count, size, "center", after=0)
    elif kind == "drawn":
        _drawn_line(_para(where, "", size, "center", after=0), width_mm)


def _no_borders(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _table(doc: DocxDocument, widths: list[float], grid: bool = False) -> Any:
    table = doc.add_table(rows=1, cols=len(widths))
    if grid:
        table.style = doc.styles["Table Grid"]
    else:
        _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(round(width * 1440 / 25.4)))
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def _page_number(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for tag, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if tag:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tag)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)


def _header(doc: DocxDocument, spec: dict[str, Any], party: bool) -> None:
    h = spec["header"]
    national = "ĐẢNG CỘNG SẢN VIỆT NAM" if party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    sizes = {"national": 15 if party else 12, "issuer": 14 if party else 12, "number": 14}
    sizes.update(h.get("sizes", {}))
    number_size = 14 if party else 13
    table = _table(doc, h.get("widths", [75, 90]))
    left, right = table.rows[0].cells
    if h.get("parent"):
        _para(left, h["parent"], sizes["issuer"], "center", after=0)
    _para(left, h["issuer"], sizes["issuer"], "center", bold=True, after=0)
    if party:
        _para(left, "*", sizes["issuer"], "center", after=0)
    elif h.get("issuer_rule", "border") != "none":
        width = h.get("issuer_rule_mm") or _share_of([h["issuer"]], sizes["issuer"], 70)
        _rule(left, h.get("issuer_rule", "border"), sizes["issuer"], width)
    if h.get("number") is not None:
        _para(left, h["number"], number_size, "center", after=0)
    if h.get("letter_subject"):
        _para(left, h["letter_subject"], 12, "center", italic=party, after=0)
    motto_rule = h.get("motto_rule", "underline")
    _para(
        right,
        national,
        sizes["national"],
        "center",
        bold=True,
        underline=party or None,
        after=0,
    )
    if not party:
        _para(
            right, "Độc lập - Tự do - Hạnh phúc", 13, "center", bold=True,
            underline=motto_rule == "underline" or None, after=0,
        )  # fmt: skip
        if motto_rule != "underline":
            _rule(right, motto_rule, 13, 58)
    _para(right, "", 13, after=0)
    if h.get("date"):
        _para(right, h["date"], 14 if party else 13, "center", italic=True, after=0)


_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
]
_PROPOSAL = "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện."
_ARTICLES = [
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân huyện.",
    "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
    "Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện, Thủ trưởng các cơ "
    "quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
]


def _decision(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """A decision's (or resolution's) body: authority, bases, proposal, verb, articles, in the
    order the spec gives (``verb-first`` puts the proposal after the verb, as some do)."""
    d = spec.get("decision")
    if not d:
        return []
    bases = [("base", b) for b in d.get("bases", _BASES)]
    proposal = [("base", d.get("proposal", _PROPOSAL))]
    verb = [("center", d.get("verb", "QUYẾT ĐỊNH:"))]
    head = [("center", d["authority"]), *bases]
    middle = proposal + verb if d.get("order") != "verb-first" else verb + proposal
    return head + middle + [("p", a) for a in d.get("articles", _ARTICLES)]


def _body(doc: DocxDocument, spec: dict[str, Any], party: bool) -> None:
    style = spec.get("body_style", {})
    size = style.get("size", 14)
    indent = style.get("indent_cm", 1.27)
    align = style.get("align", "both")
    after = style.get("after", 6)
    line = style.get("line")
    exact = style.get("exact", 18 if party else None)
    for kind, text in _decision(spec) + [tuple(item) for item in spec.get("body", [])]:
        common: dict[str, Any] = {"size": size, "after": after, "line": line, "exact": exact}
        if kind == "p":
            _para(doc, text, align=align, indent_cm=indent, **common)
        elif kind == "short":  # a short paragraph laid out by hand (no indent, left)
            _para(doc, text, align="left", indent_cm=0, **common)
        elif kind == "base":
            _para(doc, text, align=align, indent_cm=indent, italic=True, **common)
        elif kind == "h":
            _para(doc, text, align=align, indent_cm=indent, bold=True, **common)
        elif kind == "center":
            _para(doc, text, align="center", bold=True, **common)
        elif kind == "centred":  # a running-text line centred by mistake
            _para(doc, text, align="center", indent_cm=indent, **common)
        elif kind == "chapter-left":
            _para(doc, text, align="left", indent_cm=0, **common)
        elif kind == "blank":
            _para(doc, "", size=size, after=0)


def _signature(doc: DocxDocument, spec: dict[str, Any], party: bool) -> None:
    sig = spec["signature"]
    how = sig.get("layout", "table")
    lines = sig["lines"]  # authority [, title], name
    rec_size, head_size = (12, 14) if party else (11, 12)
    recipients = sig.get("recipients", [])

    def recipients_into(where: DocxDocument | _Cell) -> None:
        if not recipients:
            return
        head = _para(where, "Nơi nhận:", head_size, "left", after=0)
        for run in head.runs:
            run.font.bold = None if party else True
            run.font.italic = None if party else True
            run.font.underline = True if party else None
        for item in recipients:
            _para(where, item, rec_size, "left", after=0)

    def signer_into(where: DocxDocument | _Cell, align: str, left_mm: float | None) -> None:
        for i, text in enumerate(lines):
            last = i == len(lines) - 1
            if last:
                for _ in range(3):
                    _para(where, "", 14, align, left_mm=left_mm, after=0)
            bold = not (party and i == 1 and not last)
            _para(where, text, 14, align, bold=bold, left_mm=left_mm, after=0)

    if how in ("table", "grid"):
        table = _table(doc, sig.get("widths", [80, 85]), grid=how == "grid")
        left, right = table.rows[0].cells
        recipients_into(left)
        if not recipients:
            _para(left, "")
        signer_into(right, "center", None)
    else:  # plain paragraphs: pushed right by alignment or by a left indent
        _para(doc, "", 14, after=0)
        if how == "paragraphs-right":
            signer_into(doc, "right", None)
        else:
            signer_into(doc, "center", sig.get("left_mm", 85))
        recipients_into(doc)


def build(spec: dict[str, Any], path: Path) -> Path:
    party = spec["system"] == "party"
    doc = Document()
    if not spec.get("word_default"):
        normal = doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.element.rPr.rFonts.set(qn("w:hAnsi"), "Times New Roman")
        normal.font.size = Pt(14)
        normal.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    margins = {"top": 20, "bottom": 20, "left": 30, "right": 15, **spec.get("margins", {})}
    for side, mm in margins.items():
        setattr(section, f"{side}_margin", Mm(mm))
    doc._body._body.remove(doc.paragraphs[0]._p) if doc.paragraphs else None
    _header(doc, spec, party)
    t = spec.get("title")
    if t:
        _para(doc, "", 14, after=0)
        _para(doc, t["name"], 16 if party else 14, "center", bold=True, after=0)
        for line in t.get("subject", []):
            _para(doc, line, 14, "center", bold=True, after=0)
        if t.get("rule", "border") != "none":
            width = t.get("rule_mm") or _share_of(t.get("subject") or [t["name"]], 14, 165)
            _rule(doc, t.get("rule", "border"), 14, width)
    if spec.get("addressee"):
        _para(doc, spec["addressee"], 14, "center", after=6)
    _body(doc, spec, party)
    _signature(doc, spec, party)
    if spec.get("page_numbers"):
        _page_number(doc)
    doc.save(str(path))
    return path


def build_all(out: Path) -> dict[str, Path]:
    """Every document of the corpus, written into ``out``: name → path."""
    return {
        name: build(spec, out / f"{name}.docx")
        for name, spec in load_specs().items()
        if not name.startswith("_")
    }
