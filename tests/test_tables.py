"""Columns of numbers in the attached lists hold their longest number on one line."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from docgen.awards.commendation import Awardee, DecisionList
from docgen.awards.money import Amount
from docgen.awards.tables import _twips, award_table, fit_numbers, number_mm
from docgen.data.models import AwardCatalogue
from docgen.excel.proposals import _load_model
from docgen.rules import load_rules
from docgen.vn.numbers import format_money
from tests.conftest import ROOT

RULES = load_rules()
LIST = RULES.list_table.columns_mm  # STT, name, position and unit, money


@pytest.mark.parametrize(
    ("text", "mm"),
    [
        # 13 pt: an em is 4.586 mm; a figure half of it, a full stop a quarter; 1 mm each side
        ("1", 2 + 0.5 * 4.586),
        ("10000", 2 + 2.5 * 4.586),
        ("187.200.000", 2 + (9 * 0.5 + 2 * 0.25) * 4.586),
    ],
)
def test_the_width_a_number_needs(text: str, mm: float) -> None:
    assert number_mm(RULES, text) == pytest.approx(mm, abs=0.01)


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ({0: "58", 3: format_money(163_800_000)}, LIST),  # the example: nothing changes
        ({0: "9999", 3: format_money(9_999_999_999)}, LIST),  # still fits
        # 10,000 rows: STT needs 13.5 mm, taken from "Chức vụ, đơn vị"
        ({0: "10000", 3: format_money(999_000_000)}, (13.5, 52, 69.5, 30)),
        # a total of 23,4 billion đồng (bold in the totals row: the same figures)
        ({0: "10000", 3: format_money(23_400_000_000)}, (13.5, 52, 68.5, 31)),
    ],
)
def test_number_columns_widen_only_when_they_must(
    numbers: dict[int, str], expected: tuple[float, ...]
) -> None:
    widths = fit_numbers(RULES, LIST, numbers)
    assert widths == pytest.approx(expected)
    assert sum(widths) == pytest.approx(sum(LIST))  # the table keeps the text width


def test_a_ten_thousand_row_list_gets_the_wider_columns() -> None:
    amount = Amount(2_340_000, Decimal(1), 2_340_000, "")
    people = [
        Awardee("individual", f"Nguyễn Văn An {i}", "Giảng viên", "Trường", "hue", "", amount, 1,
                i, (i,))
        for i in range(10_000)
    ]  # fmt: skip
    award = _load_model(ROOT, "data/law/awards.yaml", AwardCatalogue).awards[0]
    table = b"".join(award_table(DecisionList(award, [], people, None, amount), RULES, False).parts)
    grid = [int(w) for w in re.findall(rb'<w:gridCol w:w="(\d+)"/>', table)]
    assert grid == [_twips(w) for w in (13.5, 52, 68.5, 31)]
    assert b">10000<" in table and b">23.400.000.000<" in table
