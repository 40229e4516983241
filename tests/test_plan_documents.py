"""The example plans as a reader sees them: text, order, numbering, fonts, sizes, page setup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from docgen.rules import load_rules
from docgen_build.templates import style_id
from tests.support.docx_inspect import find_paragraph, iter_paragraphs, looks, open_docx

LAUNCH = "ke-hoach-1247-KH-HVCTQG.docx"
YEARLY = "ke-hoach-2024-KH-HVCTQG.docx"
STATE = "ke-hoach-van-hoa-cong-so-SNV.docx"
SECTION_STYLES = {lv.style for lv in load_rules().sections if lv.format != "bullet"}

# Every heading of the example plan, in order, with its two numbering slips corrected
# (III went 1., 3., 4., 5.; IV nested a "2.3." under "3.").
LAUNCH_HEADINGS = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "2. Yêu cầu",
    "II. NỘI DUNG PHONG TRÀO THI ĐUA",
    "1. Chủ đề thi đua",
    "2. Nội dung thi đua",
    "2.1. Đối với tập thể",
    "2.2. Đối với cá nhân",
    "3. Hình thức, đối tượng khen thưởng",
    "III. TIẾN ĐỘ THỰC HIỆN",
    "1. Năm 2022",
    "2. Năm 2023",
    "3. Năm 2024",
    "4. Năm 2025",
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Đảng ủy, Ban Giám đốc Học viện",
    "2. Hội đồng Thi đua - Khen thưởng Học viện",
    "3. Các đơn vị trong Học viện",
    "3.1. Vụ Các trường chính trị",
    "3.2. Ban Thi đua - Khen thưởng, Vụ Tổ chức - Cán bộ",
    "3.3. Văn phòng Học viện",
    "4. Các Cụm thi đua, các trường chính trị tỉnh, thành phố trực thuộc Trung ương",
    "4.1. Các Cụm thi đua",
    "4.2. Các trường chính trị",
]


def headings(path: Path) -> list[str]:
    doc = open_docx(path)
    found = []
    for p in iter_paragraphs(doc):
        if p.style is not None and p.style.style_id in SECTION_STYLES:
            found.append(p.text.split(":")[0].strip())
    return found


def test_launching_plan_has_every_heading_in_order(outputs: dict[str, Path]) -> None:
    assert headings(outputs[LAUNCH]) == LAUNCH_HEADINGS


def test_yearly_plan_keeps_the_structure_for_one_year(outputs: dict[str, Path]) -> None:
    found = headings(outputs[YEARLY])
    assert found[:9] == LAUNCH_HEADINGS[:9]
    assert found[9:11] == ["III. NHIỆM VỤ TRỌNG TÂM NĂM 2024", "IV. TỔ CHỨC THỰC HIỆN"]
    text = "\n".join(p.text for p in iter_paragraphs(open_docx(outputs[YEARLY])))
    assert "phía Nam" in text  # 2024's own activity
    assert "phía Bắc" not in text  # 2023's activity is not in the 2024 plan


_LABEL = re.compile(r"^(?:([IVXLC]+)\.|(\d+)\.|(\d+)\.(\d+)\.|([a-zđ])\))\s")


def assert_gapless(labels: list[str]) -> None:
    """Each level counts 1, 2, 3… and restarts under a new parent."""
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
    expected = {1: 1}
    counters: dict[int, int] = {}
    for label in labels:
        match = _LABEL.match(label + " ")
        assert match, f"not a section label: {label!r}"
        if match.group(1):
            level, value = 1, roman[match.group(1)]
        elif match.group(2):
            level, value = 2, int(match.group(2))
        elif match.group(3):
            level, value = 3, int(match.group(4))
            assert int(match.group(3)) == counters.get(2), f"{label} under {counters.get(2)}."
        else:
            level, value = 4, "abcdđeghiklmnopqrstuvxy".index(match.group(5)) + 1
        assert value == expected.get(level, 1), f"{label}: expected number {expected.get(level, 1)}"
        counters[level] = value
        expected[level] = value + 1
        for deeper in range(level + 1, 5):
            expected[deeper] = 1


@pytest.mark.parametrize("name", [LAUNCH, YEARLY, STATE])
def test_numbering_is_gapless(outputs: dict[str, Path], name: str) -> None:
    labels = [h.split(" ")[0] for h in headings(outputs[name])]
    assert len(labels) > 8
    assert_gapless(labels)


def test_assert_gapless_catches_the_original_slips() -> None:
    with pytest.raises(AssertionError):
        assert_gapless(["I.", "1.", "II.", "1.", "3."])  # III of the original
    with pytest.raises(AssertionError):
        assert_gapless(["I.", "1.", "2.", "3.", "3.1.", "3.2.", "2.3."])  # IV of the original


def test_party_header_block(outputs: dict[str, Path]) -> None:
    doc = open_docx(outputs[LAUNCH])
    header = doc.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p.text for p in header.rows[0].cells[1].paragraphs if p.text]
    assert left == ["BAN CHẤP HÀNH TRUNG ƯƠNG", "HỌC VIỆN CHÍNH TRỊ QUỐC GIA", "HỒ CHÍ MINH", "*"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert header.rows[1].cells[0].text == "Số 1247-KH/HVCTQG"
    assert header.rows[1].cells[1].text == "Hà Nội, ngày 09 tháng 9 năm 2022"
    national = looks(find_paragraph(doc, "ĐẢNG CỘNG SẢN VIỆT NAM"))[0]
    assert (national.size, national.bold, national.underline) == (15, True, True)
    issuer = looks(find_paragraph(doc, "HỌC VIỆN CHÍNH TRỊ QUỐC GIA"))[0]
    assert (issuer.size, issuer.bold) == (14, True)
    parent = looks(find_paragraph(doc, "BAN CHẤP HÀNH TRUNG ƯƠNG"))[0]
    assert (parent.size, parent.bold) == (14, False)
    date = looks(find_paragraph(doc, "Hà Nội, ngày 09 tháng 9 năm 2022"))[0]
    assert (date.size, date.italic) == (14, True)
    title = looks(find_paragraph(doc, "KẾ HOẠCH"))[0]
    assert (title.size, title.bold) == (16, True)


def test_state_header_block(outputs: dict[str, Path]) -> None:
    doc = open_docx(outputs[STATE])
    header = doc.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p.text for p in header.rows[0].cells[1].paragraphs if p.text]
    assert left == ["ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.rows[1].cells[0].text == "Số: 01/KH-SNV"
    assert header.rows[1].cells[1].text == "Nghệ An, ngày 03 tháng 02 năm 2026"
    motto = looks(find_paragraph(doc, "Độc lập - Tự do - Hạnh phúc"))[0]
    assert (motto.size, motto.bold, motto.underline) == (13, True, True)
    national = looks(find_paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))[0]
    assert (national.size, national.bold) == (12, True)
    # the short rule under the issuing body: a bordered paragraph in the left column
    borders = header.rows[0].cells[0]._tc.findall(".//" + qn("w:pBdr"))
    assert len(borders) == 1


def test_signature_and_recipients(outputs: dict[str, Path]) -> None:
    doc = open_docx(outputs[LAUNCH])
    sign = doc.tables[-1]
    right = [p.text for p in sign.rows[0].cells[1].paragraphs if p.text]
    assert right == ["K/T GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Phúc Lâm"]
    left = [p.text.replace("\xa0", " ") for p in sign.rows[0].cells[0].paragraphs if p.text]
    assert left == [
        "Nơi nhận:",
        "- Lãnh đạo Học viện,",
        "- Thường trực Đảng ủy Học viện,",
        "- Ủy viên Hội đồng Thi đua - Khen thưởng Học viện,",
        "- Các đơn vị có liên quan thuộc Học viện,",
        "- Các trường chính trị tỉnh, thành phố trực thuộc Trung ương,",
        "- Lưu VT, CTCT, TCCB (TĐKT).",
    ]
    authority = looks(find_paragraph(doc, "K/T GIÁM ĐỐC"))[0]
    title = looks(find_paragraph(doc, "PHÓ GIÁM ĐỐC"))[0]
    name = looks(find_paragraph(doc, "Hoàng Phúc Lâm"))[0]
    assert (authority.bold, title.bold, name.bold) == (True, False, True)
    heading = looks(find_paragraph(doc, "Nơi nhận:"))[0]
    assert (heading.size, heading.underline) == (14, True)


def test_state_signature_uses_state_forms(outputs: dict[str, Path]) -> None:
    doc = open_docx(outputs[STATE])
    sign = doc.tables[-1]
    right = [p.text for p in sign.rows[0].cells[1].paragraphs if p.text]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Hùng"]
    left = [p.text for p in sign.rows[0].cells[0].paragraphs if p.text]
    assert left[0] == "Nơi nhận:" and left[-1] == "- Lưu: VT, VP."
    assert all(line.endswith(";") for line in left[1:-1])
    heading = looks(find_paragraph(doc, "Nơi nhận:"))[0]
    assert (heading.size, heading.bold, heading.italic) == (12, True, True)


def test_legal_bases_are_italic_and_punctuated(outputs: dict[str, Path]) -> None:
    doc = open_docx(outputs[LAUNCH])
    bases = [
        p for p in iter_paragraphs(doc) if p.style is not None and p.style.style_id == "DGBases"
    ]
    assert len(bases) == 4
    assert all(p.text.startswith("Căn cứ ") for p in bases)
    assert [p.text[-1] for p in bases] == [";", ";", ";", "."]
    assert all(look.italic for p in bases for look in looks(p))


@pytest.mark.parametrize("name", [LAUNCH, YEARLY, STATE])
def test_every_run_is_times_new_roman_at_a_size_the_rules_allow(
    outputs: dict[str, Path], name: str
) -> None:
    rules = load_rules()
    doc = open_docx(outputs[name])
    system = "state" if name == STATE else "party"
    sys_rules = rules.system(system)
    by_style = {style_id(el): rule for el, rule in sys_rules.elements.items()}
    body = sys_rules.element("body")
    checked = 0
    for p in iter_paragraphs(doc):
        sid = p.style.style_id if p.style is not None else ""
        for look in looks(p):
            assert look.font == rules.page.font, (p.text, look)
            rule = by_style.get(sid, body if sid.startswith("DG") else None)
            if rule is None or sid == "DGRule":
                continue
            assert rule.allows_size(look.size or 0), (sid, p.text, look.size)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("name", [LAUNCH, YEARLY, STATE])
def test_page_setup_and_page_numbers(outputs: dict[str, Path], name: str) -> None:
    rules = load_rules()
    doc = open_docx(outputs[name])
    section = doc.sections[0]
    # Word stores lengths in twips: compare in millimetres, to a tenth
    assert round(section.page_width.mm, 1) == 210.0
    assert round(section.page_height.mm, 1) == 297.0
    margins = rules.page.margins_mm
    for side in ("top", "bottom", "left", "right"):
        actual = getattr(section, f"{side}_margin").mm
        assert round(actual, 1) == margins[side].default, side
    # page numbers from page 2: a distinct first page whose header has no PAGE field
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_header._element.xml
    header_xml = section.header._element.xml
    assert " PAGE " in header_xml
    assert section.header.paragraphs[0].alignment is None  # centred by its style
    assert section.header.paragraphs[0].style.paragraph_format.alignment == 1  # CENTER
