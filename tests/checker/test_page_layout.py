"""``docgen check --pages``: each page rule on a .docx that has the fault and one that does not,
all laid out by ONE LibreOffice start (the module's fixture)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.checker import check_docx
from docgen.checker.names import split_names
from docgen.checker.pdf_pages import PdfPages, read_pdf
from docgen.cli.main import cli
from docgen.documents.pdf import convert_to_pdf
from docgen.vn.punctuation import dash_kept
from tests.checker.conftest import STATE
from tests.support.tools import require

LOREM = (
    "Các đơn vị tổ chức quán triệt, triển khai thực hiện nghiêm túc nội dung kế hoạch, bảo đảm "
    "tiến độ, chất lượng và hiệu quả, báo cáo kết quả về cơ quan thường trực đúng thời hạn."
)


def _page_number_header(doc: DocxDocument) -> None:
    """A centred PAGE field in the header, as official documents have it."""
    p = doc.sections[0].header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)


def _doc() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)  # type: ignore[attr-defined]
    _page_number_header(doc)
    return doc


def furniture(bad: bool) -> DocxDocument:
    doc = _doc()
    for _ in range(8):
        doc.add_paragraph(LOREM)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if bad:  # a second break: the page between holds its number alone
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("DANH SÁCH")
    return doc


def _spacer(doc: DocxDocument, mm: float) -> None:
    """An empty paragraph exactly ``mm`` high: text placed at a known height on the page."""
    fmt = doc.add_paragraph().paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Mm(mm)


def hole(bad: bool) -> DocxDocument:
    """Page 1 filled to 40 mm above its foot, then "1. …: text" paragraphs that, kept with the
    next (bad), go to page 2 together with the heading after them and its text."""
    doc = _doc()
    doc.add_paragraph(LOREM)  # some 25 mm
    _spacer(doc, 297 - 20 - 20 - 25 - 40)
    for n in range(1, 4):
        p = doc.add_paragraph(f"{n}. Phòng Quản lý đào tạo: chủ trì, phối hợp.")
        p.paragraph_format.keep_with_next = bad
    doc.add_paragraph("II. TỔ CHỨC THỰC HIỆN").paragraph_format.keep_with_next = True
    for _ in range(3):
        doc.add_paragraph(LOREM)
    return doc


def stranded(bad: bool) -> DocxDocument:
    """A heading set at the page's foot, its text on the next page unless kept with it."""
    doc = _doc()
    doc.add_paragraph(LOREM)  # some 25 mm
    _spacer(doc, 297 - 20 - 20 - 25 - 12)
    doc.add_paragraph("II. NỘI DUNG").paragraph_format.keep_with_next = not bad
    for _ in range(2):
        doc.add_paragraph(LOREM)
    return doc


def names(bad: bool) -> DocxDocument:
    """A centred title on two lines: cut inside "Thanh Hóa" (bad) or before "tỉnh"."""
    doc = _doc()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first, second = (
        ("về công tác thi đua, khen thưởng năm 2024 của tỉnh Thanh", "Hóa")
        if bad
        else ("về công tác thi đua, khen thưởng năm 2024", "của tỉnh Thanh Hóa")
    )
    run = p.add_run(first)
    run.add_break()
    p.add_run(second)
    doc.add_paragraph(LOREM)
    return doc


def group(bad: bool) -> DocxDocument:
    """A list whose school row falls at the page's foot: alone there unless kept with the
    next row (its paragraph kept with the next, as docgen's lists do)."""
    doc = _doc()
    doc.add_paragraph(LOREM)  # some 25 mm
    _spacer(doc, 297 - 20 - 20 - 25 - 9)  # room for one row
    table = doc.add_table(rows=4, cols=3)
    school = table.rows[0].cells[0].merge(table.rows[0].cells[2])
    school.text = "Trường Chính trị tỉnh Đồng Tháp"
    school.paragraphs[0].paragraph_format.keep_with_next = not bad
    for i, row in enumerate(table.rows[1:], start=1):
        for cell, text in zip(row.cells, (str(i), f"Nguyễn Văn {i}", "Giảng viên"), strict=True):
            cell.text = text
    return doc


def dash(bad: bool) -> DocxDocument:
    """A justified paragraph broken before the dash of "Thi đua - Khen thưởng" (bad: the next
    line reads "- Khen thưởng.") or after it (the space before the dash kept, as docgen
    writes it); then real dash items, each a paragraph of its own, which are no fault."""
    doc = _doc()
    text = "Theo đề nghị của Vụ trưởng Vụ Các trường chính trị và Trưởng Ban Thi đua - Khen thưởng."
    for line in (text if bad else dash_kept(text), "- Lãnh đạo Học viện;", "- Lưu VT."):
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(12.7)
    return doc


MADE: dict[str, Callable[[bool], DocxDocument]] = {
    "dash": dash,
    "group": group,
    "furniture": furniture,
    "hole": hole,
    "names": names,
    "stranded": stranded,
}


def _signature_split(source: Path, target: Path, bad: bool) -> None:
    """The State example with its signature block pushed to the foot of page 2 (a spacer
    before the last paragraph of text); the block's row may split (bad) or not."""
    doc = Document(str(source))
    table = doc.tables[-1]
    closing = table._tbl.getprevious().getprevious()  # the last text, then a spacer
    spacer = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(35 / 25.4 * 1440)))  # 35 mm
    spacing.set(qn("w:lineRule"), "exact")
    ppr.append(spacing)
    spacer.append(ppr)
    closing.addprevious(spacer)
    if bad:
        for split in list(table._tbl.iter(qn("w:cantSplit"))):
            split.getparent().remove(split)
        for p in table._tbl.iter(qn("w:p")):
            props = p.find(qn("w:pPr"))
            if props is not None:
                for keep in props.findall(qn("w:keepNext")) + props.findall(qn("w:keepLines")):
                    props.remove(keep)
    doc.save(str(target))


def _signature_alone(source: Path, target: Path) -> None:
    """The State example with its signature block sent to a page of its own (a page break
    before the spacer above it): the block without a line of the content it signs."""
    doc = Document(str(source))
    spacer = doc.tables[-1]._tbl.getprevious()
    ppr = spacer.find(qn("w:pPr"))
    assert ppr is not None
    ppr.append(OxmlElement("w:pageBreakBefore"))
    doc.save(str(target))


@pytest.fixture(scope="module")
def laid_out(
    outputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, PdfPages]]:
    require("soffice", "pdftotext")
    folder = tmp_path_factory.mktemp("page-rules")
    files: dict[str, Path] = {}
    for name, make in MADE.items():
        for bad in (True, False):
            path = folder / f"{name}-{'bad' if bad else 'good'}.docx"
            make(bad).save(str(path))
            files[path.stem] = path
    for bad in (True, False):
        path = folder / f"signature-{'bad' if bad else 'good'}.docx"
        _signature_split(outputs[STATE], path, bad)
        files[path.stem] = path
    files["signature-alone"] = folder / "signature-alone.docx"
    _signature_alone(outputs[STATE], files["signature-alone"])
    files["state"] = folder / STATE
    shutil.copy(outputs[STATE], files["state"])
    pdfs = convert_to_pdf(list(files.values()), folder / "pdf")
    return {k: (p, read_pdf(pdf)) for (k, p), pdf in zip(files.items(), pdfs, strict=True)}


def _codes(laid_out: dict[str, tuple[Path, PdfPages]], key: str) -> dict[str, list[int | None]]:
    path, pages = laid_out[key]
    found: dict[str, list[int | None]] = {}
    for f in check_docx(path, "state", pages).findings:
        found.setdefault(f.code, []).append(f.page)
    return found


@pytest.mark.parametrize(
    ("rule", "code", "page"),
    [
        ("dash", "DOC-DASH-LINE", 1),
        ("furniture", "DOC-PAGE-FURNITURE", 2),
        ("group", "DOC-GROUP-STRANDED", 1),
        ("hole", "DOC-PAGE-HOLE", 1),
        ("names", "DOC-NAME-CUT", 1),
        ("signature", "DOC-SIGNATURE-SPLIT", 2),
        ("stranded", "DOC-HEADING-STRANDED", 1),
    ],
)
def test_page_rule_finds_the_fault_and_only_it(
    laid_out: dict[str, tuple[Path, PdfPages]], rule: str, code: str, page: int
) -> None:
    assert _codes(laid_out, f"{rule}-bad").get(code) == [page]
    assert code not in _codes(laid_out, f"{rule}-good")


def test_a_signature_alone_on_its_page(laid_out: dict[str, tuple[Path, PdfPages]]) -> None:
    _, pages = laid_out["signature-alone"]
    assert _codes(laid_out, "signature-alone").get("DOC-SIGNATURE-ALONE") == [pages.count]
    assert "DOC-SIGNATURE-ALONE" not in _codes(laid_out, "state")


def test_the_real_page_count_is_used(laid_out: dict[str, tuple[Path, PdfPages]]) -> None:
    path, pages = laid_out["state"]
    report = check_docx(path, "auto", pages)
    assert report.pages == pages.count == 2 and report.findings == []


def test_cli_pages_names_the_page_and_the_json_says_the_type(
    laid_out: dict[str, tuple[Path, PdfPages]],
) -> None:
    bad, _ = laid_out["furniture-bad"]
    good, _ = laid_out["state"]
    result = CliRunner().invoke(cli, ["check", "--pages", str(bad)])
    assert f"{bad}:p2: error[DOC-PAGE-FURNITURE]: the page holds only furniture (2)" in (
        result.stdout
    )
    result = CliRunner().invoke(cli, ["check", "--pages", "--format", "json", str(good)])
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert entry == {
        "file": str(good),
        "system": "state",
        "detected": True,
        "type": "ke_hoach",
        "pages": 2,
        "findings": [],
    }


def test_pages_without_libreoffice_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outputs: dict[str, Path]
) -> None:
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-soffice"))
    monkeypatch.setattr("docgen.documents.pdf.find_soffice", lambda: None)
    result = CliRunner().invoke(cli, ["check", "--pages", str(outputs[STATE])])
    assert result.exit_code == 2
    assert "PDF-NO-SOFFICE" in result.stderr and "Traceback" not in result.output


def test_split_names_finds_a_name_across_a_join() -> None:
    known = ["Thanh Hóa", "Hồ Chí Minh", "Học viện Chính trị quốc gia Hồ Chí Minh"]
    assert [c.name for c in split_names(["ỦY BAN NHÂN DÂN TỈNH THANH", "HÓA"], known, 5)] == [
        "Thanh Hóa"
    ]
    # an issuer's full name on two lines by design, no shorter name inside it cut
    assert split_names(["HỌC VIỆN CHÍNH TRỊ QUỐC GIA", "HỒ CHÍ MINH"], known, 5) == []
    cut = split_names(["Học viện Chính trị quốc gia Hồ Chí", "Minh"], known, 5)
    assert [(c.name, c.shown) for c in cut] == [("Hồ Chí Minh", "Hồ Chí / Minh")]
