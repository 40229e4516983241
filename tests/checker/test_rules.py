"""Each rule: docgen's correct document passes; one change triggers exactly that rule."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.checker import check_docx
from docgen.cli.main import cli
from tests.checker.conftest import PARTY, STATE
from tests.support.docx_inspect import iter_paragraphs

Change = Callable[[DocxDocument], None]


def para(doc: DocxDocument, start: str) -> Paragraph:
    return next(p for p in iter_paragraphs(doc) if p.text.startswith(start))


def body_para(doc: DocxDocument) -> Paragraph:
    return next(p for p in iter_paragraphs(doc) if p.text.startswith("- ") and len(p.text) > 120)


def set_text(p: Paragraph, text: str) -> None:
    for run in p.runs[1:]:
        run.text = ""
    p.runs[0].text = text


def runs_do(p: Paragraph, **props: object) -> None:
    for run in p.runs:
        for key, value in props.items():
            if key == "name":
                run.font.name = value  # type: ignore[assignment]
                run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), str(value))
            else:
                setattr(run.font, key, value)


def no_title_page(doc: DocxDocument) -> None:
    doc.sections[0].different_first_page_header_footer = False


def remove_page_field(doc: DocxDocument) -> None:
    header = doc.sections[0].header._element
    for node in header.iter(qn("w:instrText")):
        node.text = " DATE "


def header_right(doc: DocxDocument) -> None:
    doc.sections[0].header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def remove_paragraph(p: Paragraph) -> None:
    p._p.getparent().remove(p._p)


def drop_issuer_rule(doc: DocxDocument) -> None:
    cell = doc.tables[0].rows[0].cells[0]
    for p in cell.paragraphs:
        if p._p.find(f".//{qn('w:pBdr')}") is not None:
            remove_paragraph(p)


def fixed_issuer_rule(doc: DocxDocument) -> None:
    """The rule as docgen drew it before issue 22: 40 % of the 72 mm column (28.8 mm), longer
    than "SỞ NỘI VỤ" itself (21.9 mm)."""
    cell = doc.tables[0].rows[0].cells[0]
    for p in cell.paragraphs:
        if p._p.find(f".//{qn('w:pBdr')}") is not None:
            p.paragraph_format.left_indent = Mm(21.1)
            p.paragraph_format.right_indent = Mm(21.1)


CASES: list[tuple[str, str, Change]] = [
    (STATE, "ND30-ISSUER-RULE-LENGTH", fixed_issuer_rule),
    (PARTY, "DOC-PAGE-SIZE", lambda d: setattr(d.sections[0], "page_width", Mm(216))),
    (STATE, "DOC-MARGIN", lambda d: setattr(d.sections[0], "left_margin", Mm(20))),
    (PARTY, "DOC-PAGE-NUMBER-FIRST", no_title_page),
    (PARTY, "DOC-PAGE-NUMBER", remove_page_field),
    (STATE, "DOC-PAGE-NUMBER-ALIGN", header_right),
    (PARTY, "DOC-FONT", lambda d: runs_do(body_para(d), name="Arial")),
    (STATE, "DOC-LEGACY-FONT", lambda d: runs_do(body_para(d), name=".VnTime")),
    (
        PARTY,
        "DOC-LEGACY-TEXT",
        lambda d: set_text(body_para(d), "- Céng hoµ x· héi chñ nghÜa ViÖt Nam, ®éc lËp tù do"),
    ),
    (
        STATE,
        "DOC-TEXT-NFC",
        lambda d: set_text(body_para(d), unicodedata.normalize("NFD", body_para(d).text)),
    ),
    (PARTY, "HD36-HEADER-NATIONAL", lambda d: set_text(para(d, "ĐẢNG CỘNG SẢN"), "ĐẢNG CỘNG SẢN")),
    (PARTY, "HD36-HEADER-RULE", lambda d: runs_do(para(d, "ĐẢNG CỘNG SẢN"), underline=False)),
    (STATE, "ND30-HEADER-RULE", lambda d: runs_do(para(d, "Độc lập"), underline=False)),
    (STATE, "ND30-HEADER-MOTTO", lambda d: remove_paragraph(para(d, "Độc lập"))),
    (PARTY, "HD36-HEADER-MARK", lambda d: remove_paragraph(para(d, "*"))),
    (STATE, "ND30-HEADER-ISSUER-RULE", drop_issuer_rule),
    (STATE, "ND30-HEADER-ISSUER", lambda d: runs_do(para(d, "SỞ NỘI VỤ"), bold=False)),
    (PARTY, "HD36-ISSUER-SIZE", lambda d: runs_do(para(d, "HỒ CHÍ MINH"), size=Pt(12))),
    (PARTY, "HD36-NATIONAL-FORMAT", lambda d: runs_do(para(d, "ĐẢNG CỘNG SẢN"), bold=False)),
    (PARTY, "HD36-NUMBER-FORM", lambda d: set_text(para(d, "Số 1247"), "Số: 1247/KH-HVCTQG")),
    (STATE, "ND30-NUMBER-FORM", lambda d: set_text(para(d, "Số: 01"), "Số 01-KH/SNV")),
    (STATE, "ND30-NUMBER-PAD", lambda d: set_text(para(d, "Số: 01"), "Số: 1/KH-SNV")),
    (PARTY, "HD36-NUMBER-TYPE", lambda d: set_text(para(d, "Số 1247"), "Số 1247-XYZ/HVCTQG")),
    (PARTY, "HD36-NUMBER-SIZE", lambda d: runs_do(para(d, "Số 1247"), size=Pt(13))),
    (
        PARTY,
        "HD36-DATE-PAD",
        lambda d: set_text(para(d, "Hà Nội, ngày"), "Hà Nội, ngày 9 tháng 9 năm 2022"),
    ),
    (
        STATE,
        "ND30-DATE-INVALID",
        lambda d: set_text(para(d, "Nghệ An, ngày"), "Nghệ An, ngày 30 tháng 02 năm 2026"),
    ),
    (STATE, "ND30-DATE-FORMAT", lambda d: runs_do(para(d, "Nghệ An, ngày"), italic=False)),
    (PARTY, "HD36-TITLE-SIZE", lambda d: runs_do(para(d, "KẾ HOẠCH"), size=Pt(14))),
    (STATE, "ND30-TITLE-FORMAT", lambda d: runs_do(para(d, "KẾ HOẠCH"), bold=False)),
    (
        PARTY,
        "HD36-TITLE-ALIGN",
        lambda d: setattr(para(d, "KẾ HOẠCH"), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
    ),
    (STATE, "ND30-SUBJECT-FORMAT", lambda d: runs_do(para(d, "Tổ chức phong trào"), bold=False)),
    (
        PARTY,
        "HD36-SUBJECT-ALIGN",
        lambda d: setattr(para(d, "Tổ chức phong trào"), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
    ),
    (STATE, "ND30-BODY-SIZE", lambda d: runs_do(body_para(d), size=Pt(12))),
    (PARTY, "HD36-BODY-SIZE", lambda d: runs_do(body_para(d), size=Pt(13))),
    (
        STATE,
        "ND30-BODY-ALIGN",
        lambda d: setattr(body_para(d), "alignment", WD_ALIGN_PARAGRAPH.LEFT),
    ),
    (
        PARTY,
        "HD36-BODY-INDENT",
        lambda d: setattr(body_para(d).paragraph_format, "first_line_indent", Cm(2)),
    ),
    (
        STATE,
        "ND30-BODY-SPACING",
        lambda d: setattr(body_para(d).paragraph_format, "space_after", Pt(0)),
    ),
    (
        STATE,
        "ND30-BODY-LINE-SPACING",
        lambda d: setattr(body_para(d).paragraph_format, "line_spacing", 2.0),
    ),
    (
        PARTY,
        "HD36-BODY-LINE-SPACING",
        lambda d: setattr(body_para(d).paragraph_format, "line_spacing", 1.5),
    ),
    (PARTY, "HD36-BASES-FORMAT", lambda d: runs_do(para(d, "Căn cứ Quy định"), italic=False)),
    (PARTY, "HD36-SIGN-AUTHORITY", lambda d: set_text(para(d, "K/T GIÁM ĐỐC"), "KT. GIÁM ĐỐC")),
    (STATE, "ND30-SIGN-AUTHORITY", lambda d: set_text(para(d, "KT. GIÁM ĐỐC"), "K/T GIÁM ĐỐC")),
    (STATE, "ND30-AUTHORITY-FORMAT", lambda d: runs_do(para(d, "KT. GIÁM ĐỐC"), bold=False)),
    (PARTY, "HD36-SIGNER-NAME-FORMAT", lambda d: runs_do(para(d, "Hoàng Phúc Lâm"), bold=False)),
    (
        STATE,
        "ND30-RECIPIENTS-FORM",
        lambda d: set_text(para(d, "- Các phòng, đơn vị"), "Các phòng, đơn vị thuộc Sở;"),
    ),
    (STATE, "ND30-RECIPIENTS-SIZE", lambda d: runs_do(para(d, "- Lưu: VT"), size=Pt(13))),
    (
        STATE,
        "ND30-RECIPIENTS-HEADING-FORMAT",
        lambda d: runs_do(para(d, "Nơi nhận:"), italic=False),
    ),
    (PARTY, "HD36-NUMBER-MISSING", lambda d: set_text(para(d, "Số 1247"), "")),
    (STATE, "ND30-DATE-MISSING", lambda d: set_text(para(d, "Nghệ An, ngày"), "")),
    (PARTY, "HD36-TITLE-MISSING", lambda d: set_text(para(d, "KẾ HOẠCH"), "")),
    (STATE, "ND30-RECIPIENTS-MISSING", lambda d: set_text(para(d, "Nơi nhận:"), "Gửi:")),
]


@pytest.mark.parametrize(("name", "check"), [(PARTY, "party"), (STATE, "state")])
def test_docgen_documents_pass(outputs: dict[str, Path], name: str, check: str) -> None:
    report = check_docx(outputs[name])
    assert report.system == check and report.detected
    assert report.findings == []


def test_every_generated_document_has_zero_errors(all_outputs: list[Path]) -> None:
    for path in all_outputs:
        report = check_docx(path)
        assert report.errors == [], report.lines()


@pytest.mark.parametrize(("name", "code", "change"), CASES, ids=[c[1] for c in CASES])
def test_one_change_one_finding(
    mutate: Callable[..., Path], name: str, code: str, change: Change
) -> None:
    system = "party" if name == PARTY else "state"
    report = check_docx(mutate(name, change), system)  # type: ignore[arg-type]
    assert report.codes == [code], report.lines()


def test_every_rule_has_a_case() -> None:
    covered = {c[1].replace("HD36-", "P-").replace("ND30-", "P-") for c in CASES}
    for needed in (
        "P-HEADER-NATIONAL",
        "P-HEADER-RULE",
        "P-NUMBER-FORM",
        "P-DATE-PAD",
        "P-BODY-SIZE",
        "P-SIGN-AUTHORITY",
        "P-RECIPIENTS-FORM",
        "DOC-FONT",
        "DOC-PAGE-NUMBER-FIRST",
        "DOC-LEGACY-TEXT",
        "DOC-TEXT-NFC",
        "DOC-MARGIN",
    ):
        assert needed in covered


LETTER = "cong-van-125-SNV-VP.docx"  # a State công văn: V/v under the number, Kính gửi
PARTY_LETTER = "cong-van-125-CV-HVCTQG.docx"
ONE_PAGE = "giay-moi-hoi-nghi-GM-SNV.docx"


def blank_letter_subject(doc: DocxDocument) -> None:
    set_text(para(doc, "V/v"), "")


TYPE_CASES: list[tuple[str, str, Change]] = [
    (LETTER, "ND30-ADDRESSEE-MISSING", lambda d: set_text(para(d, "Kính gửi:"), "Gửi các đơn vị")),
    (LETTER, "ND30-LETTER-SUBJECT-MISSING", blank_letter_subject),
    (
        LETTER,
        "ND30-LETTER-SUBJECT-FORM",
        lambda d: set_text(para(d, "V/v"), "Về việc lấy ý kiến về dự thảo Quy chế"),
    ),
    (PARTY_LETTER, "HD36-LETTER-SUBJECT-MISSING", blank_letter_subject),
    (PARTY, "HD36-NUMBER-TYPE", lambda d: set_text(para(d, "Số 1247"), "Số 1247-QĐ/HVCTQG")),
    (STATE, "ND30-TYPE-SYSTEM", lambda d: set_text(para(d, "KẾ HOẠCH"), "KẾT LUẬN")),
    (STATE, "ND30-SUBJECT-MISSING", lambda d: set_text(para(d, "Tổ chức phong trào"), "")),
]


@pytest.mark.parametrize(("name", "code", "change"), TYPE_CASES, ids=[c[1] for c in TYPE_CASES])
def test_what_the_type_requires(
    mutate: Callable[..., Path], name: str, code: str, change: Change
) -> None:
    report = check_docx(mutate(name, change))
    assert report.codes == [code], report.lines()
    assert report.findings[0].severity.value == "error"


@pytest.mark.parametrize(
    ("name", "change"),
    [
        (STATE, lambda d: set_text(para(d, "Nơi nhận:"), "Gửi:")),  # a plan needs its Nơi nhận
        (PARTY, remove_page_field),  # a plan of several pages needs page numbers
    ],
)
def test_a_missing_required_component_is_an_error(
    mutate: Callable[..., Path], name: str, change: Change
) -> None:
    report = check_docx(mutate(name, change))
    assert [f.severity.value for f in report.findings] == ["error"], report.lines()


def test_a_one_page_document_needs_no_page_number(
    outputs: dict[str, Path], mutate: Callable[..., Path]
) -> None:
    assert check_docx(outputs[ONE_PAGE]).findings == []
    assert check_docx(mutate(ONE_PAGE, remove_page_field)).findings == []


@pytest.mark.parametrize(
    ("name", "type_id"),
    [
        (LETTER, "cong_van"),
        (PARTY_LETTER, "cong_van"),
        (PARTY, "ke_hoach"),
        ("quyet-dinh-12-QD-SNV-quy-che.docx", "quyet_dinh"),
        ("to-trinh-87-TTr-TCT-lao-cai.docx", "to_trinh"),
        ("huong-dan-568-HD-HVCTQG.docx", "huong_dan"),
    ],
)
def test_the_type_is_recognised(outputs: dict[str, Path], name: str, type_id: str) -> None:
    report = check_docx(outputs[name])
    assert report.doc_type is not None and report.doc_type.id == type_id
    assert report.findings == [], report.lines()


def test_check_reports_the_type(outputs: dict[str, Path]) -> None:
    result = CliRunner().invoke(cli, ["check", str(outputs[LETTER])])
    assert result.stdout.strip().endswith(": 0 errors, 0 warnings (state rules, công văn)")


def test_warnings_for_approximate_rules(mutate: Callable[..., Path]) -> None:
    report = check_docx(
        mutate(PARTY, lambda d: setattr(body_para(d).paragraph_format, "line_spacing", 1.5))
    )
    assert [f.severity.value for f in report.findings] == ["warning"]
    assert report.errors == []


def test_a_libreoffice_default_document(tmp_path: Path) -> None:
    """Liberation Serif 12 pt, 20 mm margins all round, no header block."""
    from docx import Document

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(12)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Mm(20))
    for _ in range(3):
        doc.add_paragraph(
            "Văn bản soạn bằng định dạng mặc định của LibreOffice Writer, chưa "
            "theo thể thức: cỡ chữ 12, lề 20 mm, không có phần đầu văn bản."
        )
    path = tmp_path / "plain.docx"
    doc.save(str(path))
    report = check_docx(path)
    assert report.system == "state" and not report.detected
    assert report.codes == [
        "DOC-SYSTEM",  # warning: no header to tell the system
        "DOC-MARGIN",  # left 20 mm < 30 mm
        "DOC-PAGE-NUMBER",  # warning: no page numbers
        "DOC-FONT",  # Liberation Serif
        "ND30-HEADER-NATIONAL",
        "ND30-BODY-SIZE",  # 12 pt
        "ND30-BODY-ALIGN",
        "ND30-BODY-INDENT",
    ]
    assert [f.severity.value for f in report.findings].count("error") == 6
    assert report.lines()[5] == (
        "plain.docx:¶1: error[ND30-BODY-SIZE]: body text is 12 pt; State documents need "
        "13–14 pt (also ¶2, ¶3)"
    )


def test_cli_text_and_json(outputs: dict[str, Path], mutate: Callable[..., Path]) -> None:
    good = outputs[STATE]
    bad = mutate(STATE, lambda d: runs_do(body_para(d), size=Pt(12)))
    result = CliRunner().invoke(cli, ["check", str(good)])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{good}: 0 errors, 0 warnings (state rules, kế hoạch)"
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 1
    assert "error[ND30-BODY-SIZE]: body text is 12 pt; State documents need 13–14 pt" in (
        result.stdout
    )
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(bad), str(good)])
    assert result.exit_code == 1
    files = json.loads(result.stdout)
    # one object a file: a clean file says its system and type too
    assert [(f["file"], f["system"], f["detected"], f["type"], f["pages"]) for f in files] == [
        (str(bad), "state", True, "ke_hoach", None),
        (str(good), "state", True, "ke_hoach", None),
    ]
    found = files[0]["findings"]
    assert [f["code"] for f in found] == ["ND30-BODY-SIZE"]
    assert found[0]["severity"] == "error" and found[0]["paragraph"] > 0
    assert files[1]["findings"] == []


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2 and "error[CHECK-READ]" in result.stderr
