"""The register book as CSV (for spreadsheets) and as an official-format .docx table, with a
row for each run of numbers left "bỏ trống" (skipped by a number given by hand)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docgen.output import csv_text as safe_csv
from docgen.output import write_atomic
from docgen.register.entries import GAP_KIND, Entry, Gap, symbol_width
from docgen.register.symbols import format_number

TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
HEADERS = (
    "Số",
    "Ký hiệu",
    "Ngày",
    "Loại",
    "Trích yếu",
    "Người ký",
    "Nơi nhận",
    "Tệp",
    "Trạng thái",
)
_STATE = {"issued": "Đã ban hành", "voided": "Đã hủy", "reserved": "Đang giữ"}
SKIPPED = "Bỏ trống"  # a number no document took: skipped by a number given by hand
# Column widths (mm) of the book on A4 landscape: 297 − 30 (left) − 15 (right) = 252 mm of text
# width; the file column (0 here) takes what is left. Wide enough for "01/01/2024" and
# "1247-KH/HVCTQG" on one line at 12 pt, and the number column for a skipped run "02–04".
_WIDTHS_MM = (15, 33, 25, 22, 53, 28, 30, 0, 24)
_CENTRED = frozenset({"Số", "Ngày"})
_CELL_PADDING_MM = 1.5  # left and right, inside each cell
_PAGE_MM = (297, 210)  # A4 landscape
# ND 30/2020 Phụ lục I mục I.4: top 20–25, bottom 20–25, left 30–35, right 15–20 mm.
_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
_FONT = "Times New Roman"  # ND 30/2020 Phụ lục I mục I.3
_TEXT_PT = 13
_TABLE_PT = 12


def _type_name(entry: Entry) -> str:
    """``plan`` → ``Kế hoạch``; the abbreviation or the kind when the rules do not know it."""
    from docgen.rules import load_rules

    rules = load_rules()
    # a kind of document docgen makes (decision_award) → its type (decision), where the rules
    # keep that map
    kinds: dict[str, str] = getattr(rules, "document_kinds", None) or {}
    known = rules.document_types.get(kinds.get(entry.kind, entry.kind))
    if known is not None:
        return known.name.capitalize()
    return entry.type_abbr or entry.kind


def row_cells(entry: Entry) -> list[str]:
    """One row of the book, in the order of ``HEADERS``."""
    width = symbol_width(entry.symbol)
    if entry.kind == GAP_KIND:  # a skipped number recorded as voided: there is no document
        state = f"{SKIPPED}, {_STATE[entry.state].lower()}"
        if entry.void_reason:
            state += f": {entry.void_reason}"
        return [format_number(entry.number, width), "", "", "", "", "", "", "", state]
    state = _STATE[entry.state]
    if entry.state == "voided" and entry.void_reason:
        state += f": {entry.void_reason}"
    return [
        format_number(entry.number, width),
        entry.symbol,
        entry.date.strftime("%d/%m/%Y"),
        _type_name(entry),
        entry.subject,
        entry.signer,
        "; ".join(entry.recipients),
        # a voided document's file is where it was withdrawn to, out of the current outputs
        entry.withdrawn or entry.output or "",
        state,
    ]


def gap_cells(gap: Gap) -> list[str]:
    """The row of a run of skipped numbers: ``02–04`` … ``Bỏ trống``."""
    numbers = gap.numbers_text(symbol_width(gap.above.symbol))
    return [numbers, "", "", "", "", "", "", "", SKIPPED]


def book_rows(entries: Sequence[Entry], gaps: Sequence[Gap] = ()) -> list[list[str]]:
    """The rows of the book: the entries in order, each run of skipped numbers in its place
    (before the number that skipped it, else after the number below it when only that one is
    listed)."""
    listed = {e.id for e in entries}
    before_entry: dict[int, list[Gap]] = {}
    after_entry: dict[int, list[Gap]] = {}
    for gap in gaps:
        if gap.after.id in listed:
            before_entry.setdefault(gap.after.id, []).append(gap)
        elif gap.before.id in listed:
            after_entry.setdefault(gap.before.id, []).append(gap)
    rows: list[list[str]] = []
    for entry in entries:
        rows.extend(gap_cells(g) for g in before_entry.get(entry.id, []))
        rows.append(row_cells(entry))
        rows.extend(gap_cells(g) for g in after_entry.get(entry.id, []))
    return rows


def csv_text(entries: Sequence[Entry], gaps: Sequence[Gap] = ()) -> str:
    """The book as CSV text, header row first (no BOM)."""
    return safe_csv(HEADERS, book_rows(entries, gaps))


def export_csv(entries: Sequence[Entry], path: str | Path, gaps: Sequence[Gap] = ()) -> Path:
    """Write the book as CSV: UTF-8 with a BOM, so that Excel shows the Vietnamese correctly."""
    target = Path(path)
    write_atomic(target, ("\ufeff" + csv_text(entries, gaps)).encode("utf-8"))
    return target


def _subtitle(entries: Sequence[Entry], issuer: str | None, year: int | None) -> str:
    years = sorted({e.date.year for e in entries})
    if year is not None:
        when = f"Năm {year}"
    elif len(years) == 1:
        when = f"Năm {years[0]}"
    elif years:
        when = f"Năm {years[0]}–{years[-1]}"
    else:
        when = ""
    issuers = sorted({e.issuer for e in entries})
    who = issuer or (issuers[0] if len(issuers) == 1 else "")
    parts = [f"Cơ quan: {who}" if who else "", when]
    return " - ".join(p for p in parts if p)


def export_docx(
    entries: Sequence[Entry],
    path: str | Path,
    title: str = TITLE,
    *,
    issuer: str | None = None,
    year: int | None = None,
    gaps: Sequence[Gap] = (),
) -> Path:
    """Write the register book: A4 landscape, margins 20/20/30/15 mm, Times New Roman, the
    title and a line naming the issuer and year, then one table whose header row repeats on
    every page and whose rows never split across pages.

    ``issuer`` and ``year`` are shown under the title; by default they are read from the
    entries (when they all share one). Each of ``gaps`` is a row marked "Bỏ trống".
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt
    from docx.table import _Cell, _Row

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(_PAGE_MM[0]), Mm(_PAGE_MM[1])
    section.top_margin = Mm(_MARGINS_MM["top"])
    section.bottom_margin = Mm(_MARGINS_MM["bottom"])
    section.left_margin = Mm(_MARGINS_MM["left"])
    section.right_margin = Mm(_MARGINS_MM["right"])

    # Times New Roman for every script: the document defaults carry theme fonts (Calibri,
    # and the East-Asian / complex-script ones), which would win over a plain w:ascii.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    default_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert default_rpr is not None
    normal = doc.styles["Normal"]
    for rpr in (default_rpr, normal.element.get_or_add_rPr()):
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), _FONT)
    normal.font.size = Pt(_TEXT_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    subtitle = _subtitle(entries, issuer, year)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(subtitle).bold = True
    sub.paragraph_format.space_after = Pt(12)

    text_width = _PAGE_MM[0] - _MARGINS_MM["left"] - _MARGINS_MM["right"]
    widths: list[float] = list(_WIDTHS_MM)
    widths[HEADERS.index("Tệp")] = text_width - sum(widths)
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(Mm(_CELL_PADDING_MM).twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = table._tbl.tblPr.find(qn("w:tblLook"))  # tblCellMar comes before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)

    def fill(cells: Sequence[_Cell], values: Sequence[str], bold: bool) -> None:
        for cell, value, width, head in zip(cells, values, widths, HEADERS, strict=True):
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            if bold or head in _CENTRED:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(value)
            run.bold = bold or None
            run.font.size = Pt(_TABLE_PT)

    def keep_whole(row: _Row, header: bool = False) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across two pages
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page

    fill(table.rows[0].cells, HEADERS, bold=True)
    keep_whole(table.rows[0], header=True)
    for cells in book_rows(entries, gaps):
        row = table.add_row()
        fill(row.cells, cells, bold=False)
        keep_whole(row)

    buffer = io.BytesIO()
    doc.save(buffer)
    target = Path(path)
    write_atomic(target, buffer.getvalue())
    return target
