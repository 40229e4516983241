"""docgen check on certificates: recognised, checked by the certificate rules only, and each
CERT- rule found in a .docx that has the fault and not in one without it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from docgen.awards.certificate_fit import blank_boxes, fit_batch
from docgen.awards.certificate_templates import blank_template
from docgen.checker import check_docx
from docgen.documents.batch import CompiledTemplate
from tests.conftest import ROOT

RECORD = {
    "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
    "name": "Nguyễn Thị Ánh",
    "description": "Giảng viên chính, Khoa Xây dựng Đảng, Trường Chính trị tỉnh Nghệ An",
    "reason": "Đã có thành tích xuất sắc trong phong trào thi đua năm 2024",
    "decision": "Quyết định số 125/QĐ-UBND, ngày 20 tháng 12 năm 2024",
    "book": "0125",
    "date_line": "Nghệ An, ngày 20 tháng 12 năm 2024",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Nguyễn Đức Trung",
}
LONG_NAME = (
    "Phòng Quản lý đào tạo và Bồi dưỡng cán bộ lãnh đạo, quản lý cấp cơ sở thuộc Trường "
    "Chính trị tỉnh Bà Rịa - Vũng Tàu"
)
POSITIONS = {
    "name": {"x": 60, "y": 128, "width": 300, "align": "center"},
    "description": {"x": 60, "y": 148, "width": 300, "align": "center"},
    "reason": {"x": 60, "y": 166, "width": 300, "align": "center"},
    "decision": {"x": 30, "y": 232, "width": 190, "align": "left"},
    "book": {"x": 30, "y": 246, "width": 190, "align": "left"},
    "date_line": {"x": 230, "y": 222, "width": 150, "align": "center"},
    "signer_title": {"x": 230, "y": 232, "width": 150, "align": "center"},
    "signer_name": {"x": 230, "y": 268, "width": 150, "align": "center"},
}


def _full(
    tmp_path: Path, name: str, paper: str = "A3", form: str = "bang_khen", **context: str
) -> Path:
    template = ROOT / "templates" / "certificates" / f"{form}-{paper}.docx"
    target = tmp_path / f"{name}.docx"
    target.write_bytes(CompiledTemplate(template).render_bytes({**RECORD, **context}))
    return target


def _blank(tmp_path: Path, name: str, fitted: bool, positions: dict | None = None) -> Path:
    positions = positions or POSITIONS
    template = blank_template(positions, "A3", False, tmp_path / "cache")
    context = {**RECORD, "name": LONG_NAME}
    if fitted:
        fit_batch([("x", context)], blank_boxes(positions, "A3"), "test")
    target = tmp_path / f"{name}.docx"
    target.write_bytes(CompiledTemplate(template).render_bytes(context))
    return target


def _edit(path: Path, part: str, old: str, new: str) -> Path:
    """The same .docx with ``old`` replaced by ``new`` in one of its parts."""
    with zipfile.ZipFile(path) as zf:
        items = [(info, zf.read(info.filename)) for info in zf.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text, (part, old)
                data = text.replace(old, new).encode("utf-8")
            zf.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(("form", "paper"), [("bang_khen", "A3"), ("giay_khen", "A4")])
def test_a_good_certificate_gets_the_certificate_rules_only(
    tmp_path: Path, form: str, paper: str
) -> None:
    report = check_docx(_full(tmp_path, "good", paper, form))
    assert report.certificate == form
    assert report.findings == []  # not 18 errors meant for documents
    assert f"certificate rules, {form.replace('_', ' ')}" in report.summary()


def test_a_bang_khen_on_a4_is_not_on_its_models_paper(tmp_path: Path) -> None:
    """Issue 22, fault 6: the provincial Bằng khen was printed on A4; its model is A3
    (certificates.yaml forms, unconfirmed there, so a warning)."""
    report = check_docx(_full(tmp_path, "a4", "A4"))
    assert report.codes == ["CERT-PAPER"], report.lines()
    assert report.warnings and "A3" in report.warnings[0].message


def test_a_fitted_blank_is_clean(tmp_path: Path) -> None:
    report = check_docx(_blank(tmp_path, "blank", fitted=True))
    assert report.certificate == "blank"
    assert report.findings == []


def test_an_unfitted_long_name_overlaps_the_description(tmp_path: Path) -> None:
    """The issue's fault 1: the name at its own size wraps to three lines over the
    description and the reason."""
    report = check_docx(_blank(tmp_path, "overlap", fitted=False))
    overlaps = [f for f in report.findings if f.code == "CERT-OVERLAP"]
    assert overlaps and "Phòng Quản lý" in overlaps[0].message
    assert "mm over 'Giảng viên chính" in overlaps[0].message


def test_a_frame_at_the_paper_edge_is_outside_the_printable_area(tmp_path: Path) -> None:
    positions = {**POSITIONS, "book": {"x": 4, "y": 246, "width": 190, "align": "left"}}
    report = check_docx(_blank(tmp_path, "edge", fitted=True, positions=positions))
    assert [f.code for f in report.findings] == ["CERT-PRINTABLE"]
    assert "4.0 mm from the paper's left edge" in report.findings[0].message


def test_narrow_margins_on_the_full_sheet_are_outside_the_printable_area(tmp_path: Path) -> None:
    path = _edit(_full(tmp_path, "margins"), "word/document.xml", 'w:left="1587"', 'w:left="227"')
    assert "CERT-PRINTABLE" in check_docx(path).codes


def test_a_border_near_the_paper_edge(tmp_path: Path) -> None:
    """The issue's fault 8: the former A4 border sat 4.3 mm from the edge."""
    path = _edit(
        _full(tmp_path, "border", "A4", "giay_khen"),
        "word/document.xml",
        'w:space="31"',
        'w:space="12"',
    )
    report = check_docx(path)
    assert report.codes == ["CERT-BORDER"]
    assert "4.2 mm from the paper's top edge" in report.findings[0].message


def test_a_font_other_than_times_new_roman(tmp_path: Path) -> None:
    path = _edit(
        _full(tmp_path, "font"), "word/styles.xml", 'w:ascii="Times New Roman"', 'w:ascii="Arial"'
    )
    assert "CERT-FONT" in check_docx(path).codes


def test_a_title_at_the_wrong_size(tmp_path: Path) -> None:
    good = _full(tmp_path, "title")
    with zipfile.ZipFile(good) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    title_size = xml.split("BẰNG KHEN")[0].rsplit('<w:sz w:val="', 1)[1].split('"')[0]
    path = _edit(good, "word/document.xml", f'<w:sz w:val="{title_size}"/>', '<w:sz w:val="48"/>')
    report = check_docx(path)
    assert "CERT-SIZE" in report.codes
    assert any("the title is 24 pt" in f.message for f in report.findings)


def test_text_too_tall_for_the_sheet_overflows(tmp_path: Path) -> None:
    reason = " ".join(["Đã có thành tích xuất sắc trong phong trào thi đua"] * 30)
    report = check_docx(_full(tmp_path, "overflow", reason=reason))
    assert "CERT-OVERFLOW" in report.codes


def test_a_document_is_not_taken_for_a_certificate(outputs: dict[str, Path]) -> None:
    """An award decision (its list names Bằng khen on every row) is checked as a document."""
    report = check_docx(outputs["quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx"])
    assert report.certificate is None and report.system == "state"
    assert report.doc_type is not None and report.doc_type.id == "quyet_dinh"
