"""Space and flow on the pages LibreOffice lays out (issue 22, fault 7): no hole at a page's
foot where the next heading and its first line fit, no page holding only its number, a
group's row never the last on a page. Read from the example documents' PDFs (one LibreOffice
start for all, the session's ``pdfs``)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from docgen.checker.page_layout_rules import furniture_pages, holes
from docgen.checker.pdf_pages import PdfPages, read_pdf
from docgen.documents.outline import Item, render_outline
from docgen.documents.sections import SectionNumbering
from docgen.rules import load_rules
from tests.support.tools import require

_PAGE = load_rules().page
TEXT_FOOT_MM = _PAGE.paper_mm["height"] - _PAGE.margins_mm["bottom"].default  # docgen's pages


@pytest.fixture(scope="module")
def laid_out(pdfs: dict[str, Path]) -> dict[str, PdfPages]:
    require("pdftotext")
    return {name: read_pdf(pdf) for name, pdf in pdfs.items()}


def _foot(pages: PdfPages, number: int) -> float:
    return max(line.y1 for line in pages.pages[number - 1].lines)


@pytest.mark.parametrize(
    ("name", "page"),
    [("ke-hoach-118-KH-TCT-hoi-thi.docx", 1), ("ke-hoach-1247-KH-HVCTQG.docx", 4)],
)
def test_no_hole_where_the_next_heading_fits(
    laid_out: dict[str, PdfPages], name: str, page: int
) -> None:
    # before: 32.4 mm and 30.1 mm left blank, "1. …: text" headings chained onto the next page
    pages = laid_out[name]
    gap = TEXT_FOOT_MM - _foot(pages, page)
    assert gap < 25, f"{name} p{page}: {gap:.1f} mm blank at the foot"
    assert holes(pages, TEXT_FOOT_MM) == []


def test_no_example_page_holds_only_furniture_or_a_hole(laid_out: dict[str, PdfPages]) -> None:
    found = {
        (name, f.page, f.code)
        for name, pages in laid_out.items()
        for f in [*furniture_pages(pages), *holes(pages, TEXT_FOOT_MM)]
    }
    assert found == set()


def test_a_schools_row_never_ends_a_page(laid_out: dict[str, PdfPages]) -> None:
    # before: the Biên bản's page 2 ended on "Trường Chính trị thành phố Đà Nẵng", its people
    # on page 3
    schools = re.compile(r"^Trường Chính trị (tỉnh|thành phố)")
    for name in (
        "bien-ban-hoi-dong-tdkt-2024-HVCTQG.docx",
        "quyet-dinh-khen-thuong-2024-HVCTQG.docx",
    ):
        pages = laid_out[name]
        for page in pages.pages[:-1]:
            last = max(page.lines, key=lambda line: line.y1)
            assert not schools.match(last.text), f"{name} p{page.number}: {last.text}"


def _keep_next(xml: str) -> list[bool | None]:
    out: list[bool | None] = []
    for para in re.findall(r"<w:p>.*?</w:p>", xml):
        if '<w:keepNext w:val="0"/>' in para:
            out.append(False)
        elif "<w:keepNext/>" in para:
            out.append(True)
        else:
            out.append(None)
    return out


def test_a_heading_with_its_own_text_is_not_kept_with_the_next() -> None:
    rules = load_rules()
    items = [
        Item(
            heading="TỔ CHỨC THỰC HIỆN",
            body=[
                Item(heading="Phòng Quản lý đào tạo", text="chủ trì xây dựng thể lệ."),
                Item(heading="Các khoa chuyên môn", text="cử giảng viên dự thi."),
            ],
        ),
    ]
    xml = render_outline(items, rules, None).xml
    assert _keep_next(xml) == [None, False, False]  # the true heading: as its style (kept)
    units = SectionNumbering(rules)
    units.next(1)
    xml = units.units([{"unit": "Ban Thi đua", "tasks": ["chủ trì."]}]).xml
    assert _keep_next(xml) == [False]


@pytest.mark.parametrize("system", ["party", "state"])
def test_the_attached_list_starts_its_page_without_a_paragraph_of_its_own(system: str) -> None:
    # before: a paragraph holding a page break after the signature table; when the table
    # ended at the page's foot it ran onto a page of its own, which held only its number
    root = Path(__file__).resolve().parent.parent / "templates" / system
    for kind in ("decision_award", "proposal", "document"):
        with zipfile.ZipFile(root / f"{kind}.docx") as z:
            xml = z.read("word/document.xml").decode("utf-8")
        # a break run only in a paragraph one point high (before an attached header: on a
        # page begun by "page break before" LibreOffice ignores keep-with-next), never in a
        # paragraph of a line's height
        for para in re.findall(r"<w:p>(?:(?!</w:p>).)*</w:p>", xml, flags=re.S):
            if 'w:type="page"' in para:
                assert 'w:lineRule="exact" w:line="20"' in para, (kind, para)
        assert "<w:pageBreakBefore/>" in xml or 'w:type="page"' in xml, kind


def test_every_example_passes_check_with_its_pages(
    laid_out: dict[str, PdfPages], outputs: dict[str, Path]
) -> None:
    """What a records desk sees, asked of every example: ``docgen check --pages`` finds
    nothing (before issue 22: the Quy chế's "Điều 5" alone at a page foot, the report's
    signature alone on its last page, the plans' holes …)."""
    from docgen.checker import check_docx

    found = {
        name: check_docx(outputs[name], pages=pages).lines()
        for name, pages in laid_out.items()
        if name in outputs
    }
    assert {name: lines for name, lines in found.items() if lines} == {}
