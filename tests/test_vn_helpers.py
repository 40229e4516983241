"""Table-driven and property tests of the pure Vietnamese helpers."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.vn import (
    check_date,
    date_line,
    format_money,
    from_roman,
    money_words,
    number_words,
    pad_day_month,
    parse_number_words,
    short_date,
    to_roman,
)
from docgen.vn.collation import name_key, sort_key, sorted_vi, split_name


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (2_001, "hai nghìn không trăm linh một"),
        (700_000_231, "bảy trăm triệu hai trăm ba mươi mốt"),
        (1_000_000_000, "một tỷ"),
        # the check vectors of vietnamese.md
        (32_516_497, "ba mươi hai triệu năm trăm mười sáu nghìn bốn trăm chín mươi bảy"),
        (834_291_712, "tám trăm ba mươi tư triệu hai trăm chín mươi mốt nghìn bảy trăm mười hai"),
        (308_250_705, "ba trăm linh tám triệu hai trăm năm mươi nghìn bảy trăm linh năm"),
        (400_070_192, "bốn trăm triệu không trăm bảy mươi nghìn một trăm chín mươi hai"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


@pytest.mark.parametrize(
    ("amount", "words", "figures"),
    [
        (710_000, "Bảy trăm mười nghìn đồng", "710.000"),
        (702_000, "Bảy trăm linh hai nghìn đồng", "702.000"),
        (8_190_000, "Tám triệu một trăm chín mươi nghìn đồng", "8.190.000"),
        (3_510_000, "Ba triệu năm trăm mười nghìn đồng", "3.510.000"),
    ],
)
def test_money(amount: int, words: str, figures: str) -> None:
    assert money_words(amount) == words
    assert format_money(amount) == figures


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_words_read_back_to_the_number(n: int) -> None:
    assert parse_number_words(number_words(n)) == n
    assert parse_number_words(money_words(n)) == n


@pytest.mark.parametrize(
    ("day", "pad", "line"),
    [
        (dt.date(2020, 1, 5), True, "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (dt.date(2024, 2, 29), True, "Hà Nội, ngày 29 tháng 02 năm 2024"),
        (dt.date(2022, 9, 9), True, "Hà Nội, ngày 09 tháng 9 năm 2022"),
        (dt.date(2022, 6, 15), True, "Hà Nội, ngày 15 tháng 6 năm 2022"),
        (dt.date(2022, 12, 31), True, "Hà Nội, ngày 31 tháng 12 năm 2022"),
        (dt.date(2022, 9, 9), False, "Hà Nội, ngày 9 tháng 9 năm 2022"),
    ],
)
def test_date_line(day: dt.date, pad: bool, line: str) -> None:
    assert date_line("Hà Nội", day, pad) == line


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2021, 5, 19), "19/5/2021"),
        (dt.date(2021, 9, 6), "06/9/2021"),
        (dt.date(2020, 1, 5), "05/01/2020"),
    ],
)
def test_short_date(day: dt.date, text: str) -> None:
    assert short_date(day) == text


@given(st.dates())
def test_padding_rule_for_every_date(day: dt.date) -> None:
    d, m = pad_day_month(day.day, day.month)
    assert int(d) == day.day and int(m) == day.month
    assert len(d) == 2
    assert len(m) == (2 if day.month in (1, 2) or day.month >= 10 else 1)


@pytest.mark.parametrize(
    ("ymd", "why"),
    [
        ((2025, 2, 30), "February 2025 has 28 days"),
        ((2024, 2, 30), "February 2024 has 29 days"),
        ((2025, 4, 31), "April 2025 has 30 days"),
        ((2025, 13, 1), "there is no month 13"),
        ((2025, 2, 28), None),
    ],
)
def test_check_date(ymd: tuple[int, int, int], why: str | None) -> None:
    assert check_date(*ymd) == why


@pytest.mark.parametrize(
    ("n", "roman"),
    [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (90, "XC"), (1994, "MCMXCIV")],
)
def test_roman(n: int, roman: str) -> None:
    assert to_roman(n) == roman
    assert from_roman(roman) == n


@pytest.mark.parametrize("bad", [0, 4000, -1])
def test_roman_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        to_roman(bad)


@pytest.mark.parametrize(
    "ordered",
    [
        ["Dũng", "Đạt", "Em"],  # Đ after D, before E
        ["An", "Ăn", "Ân", "Bình"],  # Ă, Â after A
        ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bác"],  # tones second; letters first
        ["Ong", "Ông", "Ơn", "Phúc"],
        ["Uyên", "Ưng", "Vân", "Xuân", "Yến"],
        ["Hà", "Hạ", "Hải"],  # letters of the whole word before any tone
    ],
)
def test_alphabet_order(ordered: list[str]) -> None:
    assert sorted_vi(reversed(ordered)) == ordered


@pytest.mark.parametrize(
    "ordered",
    [
        # numbers inside names by value (issue 11: "số 1, số 10, số 2")
        ["Tổ công tác số 1", "Tổ công tác số 2", "Tổ công tác số 10"],
        ["Tổ 2", "Tổ 10", "Tổ 100"],
        ["Khoa 9", "Khoa 10 A", "Khoa 10 B", "Khoa 11"],
        ["Lớp 3A", "Lớp 3B", "Lớp 12A"],
        ["Phòng 1 tầng 2", "Phòng 1 tầng 10", "Phòng 2 tầng 1", "Phòng 10"],
        ["Tổ 2 nhóm 9", "Tổ 2 nhóm 10", "Tổ 10 nhóm 1"],
        ["0", "1", "9", "10", "99", "100", "12345678901234567890"],
        # equal values: fewer leading zeros first, a tie-break after tones and case
        ["Tổ 2", "Tổ 02", "Tổ 002", "Tổ 3"],
        ["Tổ 0", "Tổ 00", "Tổ 1"],
        ["Tổ 02 A", "Tổ 2 B"],  # the letters after the number decide before the zeros
        ["Tổ 02 a", "Tổ 2 à"],  # and so do the tones
        # numbers keep their place: after the letters, after a shorter name
        ["Tổ", "Tổ A", "Tổ Đ", "Tổ 1"],
        ["Tổ 1", "Tổ 1a", "Tổ 1b", "Tổ 2"],
        # and the letters stay as they were around numbers
        ["Đội 1", "Đội 2", "Ê 1"],
        ["Bá 1", "Bà 2", "Ba 10"],  # numbers decide before tones, like letters
    ],
)
def test_numbers_sort_by_value(ordered: list[str]) -> None:
    assert sorted_vi(reversed(ordered)) == ordered
    assert sorted_vi(sorted(ordered)) == ordered


def test_names_go_by_given_then_middle_then_family() -> None:
    names = ["Lê Văn Đức", "Trần Thị Bình", "Nguyễn Văn An", "Phạm Anh", "Hoàng Văn Ân"]
    ordered = sorted(names, key=lambda n: name_key(split_name(n)))
    assert ordered == ["Nguyễn Văn An", "Phạm Anh", "Hoàng Văn Ân", "Trần Thị Bình", "Lê Văn Đức"]


def test_explicit_name_parts_win() -> None:
    parts = split_name("Tôn Nữ Thị Hà", family="Tôn Nữ", middle="Thị", given="Hà")
    assert (parts.family, parts.middle, parts.given) == ("Tôn Nữ", "Thị", "Hà")
    assert split_name("Hùng").given == "Hùng"


def test_nfd_sorts_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Đặng Thùy Dương")
    assert sort_key(nfd) == sort_key("Đặng Thùy Dương")


VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONED = [
    unicodedata.normalize("NFC", base + tone)
    for base in VI_LETTERS
    for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
    if base in "aăâeêioôơuưy" or tone == ""
]


@given(st.lists(st.text(alphabet=TONED, min_size=1, max_size=6), min_size=2, max_size=12))
def test_sort_key_is_a_total_order_consistent_with_the_alphabet(words: list[str]) -> None:
    def letters(word: str) -> list[int]:
        return [VI_LETTERS.index(_strip_tone(ch)) for ch in word]

    ordered = sorted_vi(words)
    for a, b in itertools.pairwise(ordered):
        assert letters(a) <= letters(b) or sort_key(a) == sort_key(b)
        assert sort_key(a) <= sort_key(b)
    assert len({sort_key(w) for w in words}) == len(set(words))


def _strip_tone(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    kept = "".join(c for c in decomposed if c not in "\u0300\u0309\u0303\u0301\u0323")
    return unicodedata.normalize("NFC", kept)


@given(
    st.text(alphabet=TONED, min_size=1, max_size=3),
    st.lists(st.integers(0, 10**15), min_size=2, max_size=12),
)
def test_one_name_with_numbers_sorts_by_value(word: str, numbers: list[int]) -> None:
    ordered = sorted_vi(f"{word} {n}" for n in numbers)
    assert ordered == [f"{word} {n}" for n in sorted(numbers)]


@given(st.lists(st.text(alphabet=[*TONED, *"0123456789 "], max_size=8), min_size=2))
def test_sort_key_with_numbers_is_still_a_total_order(words: list[str]) -> None:
    ordered = sorted_vi(words)
    for a, b in itertools.pairwise(ordered):
        assert sort_key(a) <= sort_key(b)
    assert len({sort_key(w) for w in words}) == len(set(words))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Trường Chính trị tỉnh Nghệ An", "Trường\u00a0Chính\u00a0trị tỉnh Nghệ\u00a0An"),
        (
            "Phó Hiệu trưởng, Trường Chính trị tỉnh Lào Cai",
            "Phó Hiệu trưởng, Trường\u00a0Chính\u00a0trị tỉnh Lào\u00a0Cai",
        ),
        ("tỉnh Bà Rịa - Vũng Tàu.", "tỉnh Bà\u00a0Rịa\u00a0-\u00a0Vũng\u00a0Tàu."),
        ("Nguyễn Văn An", "Nguyễn Văn An"),  # not a known name: as typed
        ("", ""),
        # longer than four words: may break between its words in a narrow column
        (
            "Học viện Chính trị quốc gia Hồ Chí Minh",
            "Học\u00a0viện Chính trị quốc gia Hồ\u00a0Chí\u00a0Minh",
        ),
    ],
)
def test_known_names_are_unbreakable(text: str, shown: str) -> None:
    from docgen.rules import proper_names
    from docgen.vn.names import name_index, unbreakable

    assert unbreakable(text, name_index(proper_names()), 4) == shown
