"""The register book: CSV for Excel, and an official-looking .docx (A4 landscape, Times New
Roman, header row repeated on every page, rows kept whole)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from docgen.register import Entry, Register, export_csv, export_docx
from docgen.register.export import HEADERS
from tests.register.conftest import issue, make_request

FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


@pytest.fixture
def entries(register: Register) -> list[Entry]:
    issue(register, make_request("data/documents/a.yaml", dt.date(2024, 9, 3), number=1247))
    issue(register, make_request("data/documents/b.yaml", dt.date(2024, 9, 5)))
    issue(register, make_request("data/documents/c.yaml", dt.date(2024, 9, 6)))
    register.void("hvctqg", "1249-KH/HVCTQG", "ký nhầm")
    return register.entries(issuer="hvctqg", year=2024)


def test_csv_opens_in_excel_with_vietnamese_headers(entries: list[Entry], tmp_path: Path) -> None:
    target = export_csv(entries, tmp_path / "out" / "so-van-ban-di.csv")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Số,Ký hiệu,Ngày,Loại,Trích yếu,Người ký,Nơi nhận,Tệp,Trạng thái"
    assert lines[1] == (
        "1247,1247-KH/HVCTQG,03/09/2024,Kế hoạch,Kế hoạch data/documents/a.yaml,"
        "Hoàng Phúc Lâm,Các đơn vị trực thuộc; Lưu: VT,output/a.docx,Đã ban hành"
    )
    assert lines[3].endswith(",Đã hủy: ký nhầm")
    assert len(lines) == 4
    assert [p.name for p in target.parent.iterdir()] == ["so-van-ban-di.csv"]  # no temporary left


def _fonts_of(element: object) -> dict[str, str | None]:
    fonts = element.find(f".//{qn('w:rFonts')}")  # type: ignore[attr-defined]
    assert fonts is not None
    return {attr: fonts.get(qn(attr)) for attr in (*FONT_ATTRS, "w:asciiTheme")}


def test_docx_register_book(entries: list[Entry], tmp_path: Path) -> None:
    path = export_docx(entries, tmp_path / "so.docx", issuer="HVCTQG", year=2024)
    doc = Document(str(path))

    title, subtitle = doc.paragraphs[0], doc.paragraphs[1]
    assert title.text == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in title.runs)
    assert subtitle.text == "Cơ quan: HVCTQG - Năm 2024"
    assert subtitle.alignment == WD_ALIGN_PARAGRAPH.CENTER

    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]

    # Times New Roman for every script, in the defaults and in Normal; no theme font left
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    expected = {**dict.fromkeys(FONT_ATTRS, "Times New Roman"), "w:asciiTheme": None}
    assert _fonts_of(defaults) == expected
    assert _fonts_of(doc.styles["Normal"].element) == expected
    assert doc.styles["Normal"].font.size.pt == 13

    (table,) = doc.tables
    header = table.rows[0]
    assert [c.text for c in header.cells] == list(HEADERS)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(table.rows) == 1 + len(entries)
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for row in table.rows[1:]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
    assert [r.cells[1].text for r in table.rows[1:]] == [
        "1247-KH/HVCTQG",
        "1248-KH/HVCTQG",
        "1249-KH/HVCTQG",
    ]
    assert table.rows[3].cells[8].text == "Đã hủy: ký nhầm"
    sizes = {
        run.font.size.pt
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
    }
    assert sizes == {12}
    for p in doc.paragraphs:  # no run sets another font
        for run in p.runs:
            assert run.font.name in (None, "Times New Roman")


def test_docx_title_reads_issuer_and_year_from_the_entries(
    entries: list[Entry], tmp_path: Path
) -> None:
    doc = Document(str(export_docx(entries, tmp_path / "so.docx")))
    assert doc.paragraphs[1].text == "Cơ quan: hvctqg - Năm 2024"


def test_an_empty_book_has_its_header_row(tmp_path: Path) -> None:
    doc = Document(str(export_docx([], tmp_path / "empty.docx", issuer="SNV", year=2026)))
    assert [c.text for c in doc.tables[0].rows[0].cells] == list(HEADERS)
    assert len(doc.tables[0].rows) == 1
