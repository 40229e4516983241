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
