"""Widths of Times New Roman text and where centred titles break (docgen.documents.text_width)."""

from __future__ import annotations

import pytest

from docgen.documents.text_width import balance, break_lines, text_width_pt
from docgen.rules import LineBreaks, load_rules

RULES = load_rules().line_breaks


@pytest.mark.parametrize(
    ("text", "size", "style", "points"),
    [
        ("n", 2048, "regular", 1024),  # the advance widths of Times New Roman, in font units
        ("M", 2048, "regular", 1821),
        ("0123456789", 13, "regular", 65.0),  # figures are half an em
        (" ", 14, "regular", 3.5),
        ("H", 2048, "bold", 1593),
        ("Ệ", 2048, "bold", 1366),  # a Vietnamese letter as wide as its base letter
        ("ệ", 2048, "regular", 909),
        ("Đ", 2048, "regular", 1479),
        ("e\u0302\u0323", 2048, "regular", 909),  # decomposed: measured as the composed letter
        ("\u4e2d", 2048, "regular", 1024),  # a character the table lacks: as wide as an "n"
        ("", 14, "bold", 0.0),
    ],
)
def test_text_width(text: str, size: float, style: str, points: float) -> None:
    assert text_width_pt(text, size, style) == pytest.approx(points)


def test_bold_is_wider_than_regular() -> None:
    title = "TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN"
    assert text_width_pt(title, 14, "bold") > text_width_pt(title, 14, "regular")


TEXT_WIDTH_PT = 165 * 72 / 25.4  # A4 less the default margins: 30 mm and 15 mm


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        # fits: one line, spaces as written collapsed
        ("DANH  SÁCH", ["DANH SÁCH"]),
        ("", [""]),
        # breaks before "của", not inside "Bằng khen" or "Học viện"
        (
            "TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA GIÁM ĐỐC HỌC VIỆN",
            ["TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN", "CỦA GIÁM ĐỐC HỌC VIỆN"],
        ),
        (
            "TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
            ["TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN", "CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"],
        ),
        # three lines: after a comma, and before the opening quote of a campaign's name
        (
            "về việc tặng Bằng khen của Giám đốc Học viện cho các tập thể, cá nhân có thành tích "
            "xuất sắc trong phong trào thi đua “Xây dựng trường chính trị chuẩn” năm 2024",
            [
                "về việc tặng Bằng khen của Giám đốc Học viện cho các tập thể,",
                "cá nhân có thành tích xuất sắc trong phong trào thi đua",
                "“Xây dựng trường chính trị chuẩn” năm 2024",
            ],
        ),
        # "Hồ Chí Minh" whole: the break goes before "của" although the lines are less even
        (
            "về việc đề nghị tặng Bằng khen của Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh",
            [
                "về việc đề nghị tặng Bằng khen",
                "của Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh",
            ],
        ),
        # a date in words is not cut: the break is before "ngày"
        (
            "(Ban hành kèm theo Quyết định số 12/QĐ-SNV ngày 05 tháng 3 năm 2025 của Giám đốc "
            "Sở Nội vụ tỉnh Nghệ An)",
            [
                "(Ban hành kèm theo Quyết định số 12/QĐ-SNV",
                "ngày 05 tháng 3 năm 2025 của Giám đốc Sở Nội vụ tỉnh Nghệ An)",
            ],
        ),
    ],
)
def test_break_lines(text: str, lines: list[str]) -> None:
    style = "bold" if text.isupper() or text.startswith("về") else "italic"
    assert break_lines(text, TEXT_WIDTH_PT, 14, style, RULES) == lines


def test_no_preferred_place_gives_even_lines() -> None:
    rules = LineBreaks(before=(), penalty=0.5, fill=0.96)
    words = " ".join(["Khoa"] * 20)  # too wide for one line, not for two
    first, second = break_lines(words, TEXT_WIDTH_PT, 14, "regular", rules)
    assert abs(len(first.split()) - len(second.split())) <= 1


def test_a_word_wider_than_the_line_is_left_to_the_word_processor() -> None:
    word = "X" * 60
    assert break_lines(word, TEXT_WIDTH_PT, 14, "bold", RULES) == [word]


def test_a_title_of_many_lines_is_left_to_the_word_processor() -> None:
    text = " ".join(f"Trường Chính trị tỉnh số {i}," for i in range(10))  # five lines and more
    assert break_lines(text, TEXT_WIDTH_PT, 14, "bold", RULES) == [text]


def test_every_line_fits() -> None:
    text = " ".join(f"Trường Chính trị tỉnh số {i}," for i in range(6))
    lines = break_lines(text, TEXT_WIDTH_PT, 14, "bold", RULES)
    assert len(lines) == 3
    assert all(text_width_pt(ln, 14, "bold") <= TEXT_WIDTH_PT * RULES.fill for ln in lines)
    assert " ".join(lines) == text


def test_balance_keeps_the_clerks_own_breaks() -> None:
    text = "ĐỀ NGHỊ TẶNG BẰNG KHEN\ncủa Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh cho ai"
    assert balance(text, "subject", "party") == text


@pytest.mark.parametrize("system", ["party", "state"])
def test_balance_joins_lines_with_a_break(system: str) -> None:
    text = "về việc đề nghị tặng Bằng khen của Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"
    assert balance(text, "subject", system) == (
        "về việc đề nghị tặng Bằng khen\ncủa Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"
    )


def test_balance_over_a_column_of_the_header() -> None:
    """A công văn's V/v stands in the header's first column (84 mm in the Party system)."""
    text = "V/v đăng ký tham gia Tọa đàm khu vực phía Bắc năm 2025"
    assert balance(text, "letter_subject", "party") == text  # the page's width: one line
    assert balance(text, "letter_subject", "party", width_mm=83) == (
        "V/v đăng ký tham gia Tọa đàm\nkhu vực phía Bắc năm 2025"
    )


# -- no line breaks inside a name (issue 22, fault 5) -------------------------------------------


def _cut(lines: list[str], names: tuple[str, ...] = ()) -> list[str]:
    from docgen.checker.names import split_names
    from docgen.rules import proper_names

    return [c.shown for c in split_names(lines, (*proper_names(), *names))]


@pytest.mark.parametrize(
    ("text", "element", "system", "width_mm", "names"),
    [
        # an achievement report's title: the person, the position, the school (was "thành / phố")
        (
            "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA GIÁM ĐỐC HỌC VIỆN\nPhạm Thùy Dung, Phó Trưởng Khoa Lý "
            "luận cơ sở, Trường Chính trị thành phố Cần Thơ",
            "subject",
            "party",
            None,
            ("Trường Chính trị thành phố Cần Thơ", "Phạm Thùy Dung"),
        ),
        (  # was "… tỉnh Nghệ / An"
            "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA GIÁM ĐỐC HỌC VIỆN\nVũ Thanh Dung, Giảng viên chính Khoa "
            "Xây dựng Đảng, Trường Chính trị tỉnh Nghệ An",
            "subject",
            "party",
            None,
            (),
        ),
        (  # a long decision subject (was "Hồ Chí / Minh")
            "về việc tặng Bằng khen của Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh cho các "
            "tập thể và cá nhân có thành tích xuất sắc năm 2024",
            "subject",
            "state",
            None,
            (),
        ),
        (  # a Kế hoạch's title whose only fitting break was "Trường / Đảng"
            "tổ chức Hội thi giảng viên dạy giỏi toàn quốc lần thứ Trường Đảng khu vực I và các "
            "học viện trực thuộc Học viện Chính trị",
            "subject",
            "party",
            None,
            (),
        ),
        # a State parent body in the header's column (was "THANH / HÓA")
        ("Ủy ban nhân dân tỉnh Thanh Hóa", "parent_body", "state", 71, ()),
        ("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "issuer_body", "state", 71, ()),
    ],
)
def test_no_name_is_cut(
    text: str, element: str, system: str, width_mm: float | None, names: tuple[str, ...]
) -> None:
    lines = balance(text, element, system, width_mm, names).split("\n")
    assert len(lines) > 1  # each is too wide for one line
    assert _cut(lines, names) == []
    assert " ".join(lines).split() == text.split()


def test_the_header_line_that_fits_its_column_stays_whole() -> None:
    """70.8 mm in the 71 mm of the column: one line, as before."""
    assert balance("Ủy ban nhân dân tỉnh Nghệ An", "parent_body", "state", 71) == (
        "Ủy ban nhân dân tỉnh Nghệ An"
    )
    assert balance("Ủy ban nhân dân tỉnh Thanh Hóa", "parent_body", "state", 71) == (
        "Ủy ban nhân dân\ntỉnh Thanh Hóa"
    )


def test_a_workspace_name_is_kept_whole_like_one_word() -> None:
    text = "về việc khen thưởng Khoa Lý luận cơ sở và Phòng Quản lý khoa học của trường năm 2024"
    name = "Phòng Quản lý khoa học"
    lines = break_lines(text, 100 * 72 / 25.4, 14, "bold", RULES, (name,))
    assert any(name in line for line in lines)


def test_a_name_wider_than_the_line_is_cut_with_a_warning() -> None:
    from docgen.documents.text_width import NameCutWarning

    name = "Học viện Chính trị quốc gia Hồ Chí Minh"
    with pytest.warns(NameCutWarning, match="Học viện Chính trị quốc gia Hồ Chí Minh"):
        lines = break_lines(f"của {name}", 60 * 72 / 25.4, 14, "bold", RULES, (name,))
    assert len(lines) > 1
    from docgen.checker.names import split_names

    assert split_names(lines, ["Hồ Chí Minh", "Học viện"]) == []  # the names inside it: whole


def test_a_cut_name_reaches_the_clerk_as_a_warning_on_the_spec() -> None:
    """``docgen build`` turns the balancing's warning into the clerk's TITLE-NAME-CUT warning,
    located at the spec file, instead of a Python warning on stderr."""
    import warnings

    from docgen.api import _name_cuts
    from docgen.errors import Severity

    name = "Học viện Chính trị quốc gia Hồ Chí Minh"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        break_lines(f"của {name}", 60 * 72 / 25.4, 14, "bold", RULES, (name,))
        break_lines(f"của {name}", 60 * 72 / 25.4, 14, "bold", RULES, (name,))
    found = _name_cuts(caught, "data/documents/x.yaml")
    assert [(d.code, d.severity, str(d.location)) for d in found] == [
        ("TITLE-NAME-CUT", Severity.WARNING, "data/documents/x.yaml")
    ]
    assert name in found[0].message


def test_a_typed_break_fixes_only_that_break() -> None:
    """The clerk's "\\n" stays; the text before it is still balanced (it left "chuẩn”" alone
    on a line of the column before)."""
    text = "V/v dự Tọa đàm “Giải pháp hoàn thiện tiêu chí trường chính trị chuẩn”\nkhu vực phía Bắc"
    lines = balance(text, "letter_subject", "state", 71).split("\n")
    assert lines[-1] == "khu vực phía Bắc"
    assert len(lines) == 3
    widths = [text_width_pt(ln, 12) for ln in lines[:2]]
    assert max(widths) <= 71 * 72 / 25.4 * RULES.fill
    assert min(widths) > 0.6 * max(widths)  # even, no word alone


def test_split_names_reads_lines_of_a_page() -> None:
    from docgen.checker.names import split_names

    lines = ["ỦY BAN NHÂN DÂN TỈNH THANH", "", "HÓA", "Trường Chính trị tỉnh Nghệ", "An, năm 2024"]
    assert [c.shown for c in split_names(lines, ["Thanh Hóa", "Nghệ An", "Trường Chính trị"])] == [
        "THANH / HÓA",
        "Nghệ / An,",
    ]
    assert split_names(["tỉnh", "Nghệ An"], ["Nghệ An"]) == []
