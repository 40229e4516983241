"""The register book as CSV (for spreadsheets) and as an official-format .docx table."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from docgen.output import write_atomic
from docgen.register.store import Entry

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
# column widths (mm) of the book on A4 landscape (297 − 30 − 15 = 252 mm of text width)
_WIDTHS_MM = (12, 34, 22, 16, 70, 30, 40, 0, 28)


def _row(entry: Entry) -> list[str]:
    state = _STATE[entry.state]
    if entry.state == "voided" and entry.void_reason:
        state += f": {entry.void_reason}"
    return [
        f"{entry.number:02d}",
        entry.symbol,
        entry.date.strftime("%d/%m/%Y"),
        entry.kind,
        entry.subject,
        entry.signer,
        "; ".join(entry.recipients),
        entry.output or "",
        state,
    ]


def export_csv(entries: Sequence[Entry], path: Path) -> None:
    """UTF-8 with a BOM, so that Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(_row(e) for e in entries)
    write_atomic(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def export_docx(entries: Sequence[Entry], path: Path, title: str, subtitle: str) -> None:
    """SỔ ĐĂNG KÝ VĂN BẢN ĐI: A4 landscape, Times New Roman, header row repeated on each page,
    rows never split across pages."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from docgen.rules import load_rules

    rules = load_rules()
    font = rules.page.font
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    margins = rules.page.margins_mm
    section.top_margin = Mm(margins["top"].default)
    section.bottom_margin = Mm(margins["bottom"].default)
    section.left_margin = Mm(margins["left"].default)
    section.right_margin = Mm(margins["right"].default)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(13)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    for p in list(doc.element.body.iterchildren(qn("w:p"))):
        doc.element.body.remove(p)

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    heading.runs[0].font.size = Pt(14)
    sub = doc.add_paragraph(subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.paragraph_format.space_after = Pt(12)

    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = doc.styles["Table Grid"]
    text_width = 297 - margins["left"].default - margins["right"].default
    widths: list[float] = list(_WIDTHS_MM)
    widths[7] = text_width - sum(widths)  # the file column takes what is left
    for cell, head, width in zip(table.rows[0].cells, HEADERS, widths, strict=True):
        cell.width = Mm(width)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(head)
        run.bold = True
        run.font.size = Pt(12)
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
    for entry in entries:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, value, width in zip(row.cells, _row(entry), widths, strict=True):
            cell.width = Mm(width)
            run = cell.paragraphs[0].add_run(value)
            run.font.size = Pt(12)
    buffer = io.BytesIO()
    doc.save(buffer)
    write_atomic(path, buffer.getvalue())
