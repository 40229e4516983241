"""Award money: every catalogue row at both base salaries, rounding up in exact decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import pytest

from docgen.models import AwardCatalogue, BaseSalaryTable
from docgen.money import award_amount, round_up
from docgen.workspace import load_workspace
from tests.conftest import ROOT

BEFORE_2026 = dt.date(2025, 12, 15)  # base salary 2,340,000
AFTER_2026 = dt.date(2026, 7, 1)  # base salary 2,530,000


@pytest.fixture(scope="module")
def law() -> tuple[AwardCatalogue, BaseSalaryTable]:
    ws = load_workspace(ROOT)
    assert ws.catalogue is not None and ws.salaries is not None
    return ws.catalogue, ws.salaries


# (award id, recipient, amount at 2,340,000, amount at 2,530,000): coefficient × base, rounded
# up to the next 10,000 đồng.
ROWS = [
    ("bang-khen-ttg", "individual", 8_190_000, 8_860_000),  # 3.5 × → 8,190,000 / 8,855,000
    ("bang-khen-ttg", "collective", 16_380_000, 17_710_000),  # 7.0 ×
    ("bang-khen-giam-doc-hv", "individual", 3_510_000, 3_800_000),  # 1.5 × → 3,795,000
    ("bang-khen-giam-doc-hv", "collective", 7_020_000, 7_590_000),  # 3.0 ×
    ("bang-khen-chu-tich-ubnd-tinh", "individual", 3_510_000, 3_800_000),
    ("bang-khen-chu-tich-ubnd-tinh", "collective", 7_020_000, 7_590_000),
    ("giay-khen", "individual", 710_000, 760_000),  # 0.3 × → 702,000 / 759,000
    ("giay-khen", "collective", 1_410_000, 1_520_000),  # 0.6 × → 1,404,000 / 1,518,000
    ("cstd-toan-quoc", "individual", 10_530_000, 11_390_000),  # 4.5 × → 11,385,000
    ("cstd-bo-tinh", "individual", 7_020_000, 7_590_000),  # 3.0 ×
    ("cstd-co-so", "individual", 2_340_000, 2_530_000),
    ("lao-dong-tien-tien", "individual", 710_000, 760_000),
    ("tap-the-ld-xuat-sac", "collective", 3_510_000, 3_800_000),
    ("tap-the-ld-tien-tien", "collective", 1_880_000, 2_030_000),  # 0.8 × → 1,872,000 / 2,024,000
    ("co-thi-dua-chinh-phu", "collective", 28_080_000, 30_360_000),
]


@pytest.mark.parametrize(("award_id", "recipient", "at_2340", "at_2530"), ROWS)
def test_every_catalogue_row(
    law: tuple[AwardCatalogue, BaseSalaryTable],
    award_id: str,
    recipient: Literal["individual", "collective"],
    at_2340: int,
    at_2530: int,
) -> None:
    catalogue, salaries = law
    award = catalogue.get(award_id)
    assert award is not None and award.allows(recipient)
    low = award_amount(award, recipient, BEFORE_2026, salaries)
    high = award_amount(award, recipient, AFTER_2026, salaries)
    assert (low.base_salary, high.base_salary) == (2_340_000, 2_530_000)
    assert (low.value, high.value) == (at_2340, at_2530)


def test_every_row_is_covered(law: tuple[AwardCatalogue, BaseSalaryTable]) -> None:
    covered = {row[0] for row in ROWS}
    assert covered == {a.id for a in law[0].awards}


@pytest.mark.parametrize(
    ("coefficient", "base", "expected"),
    [
        ("0.3", 2_340_000, 710_000),  # 702,000 → 710,000
        ("0.8", 2_340_000, 1_880_000),  # 1,872,000 → 1,880,000
        ("1.5", 2_340_000, 3_510_000),  # exact: stays
        ("0.1", 1_800_000, 180_000),
        ("0.3", 1_800_000, 540_000),
    ],
)
def test_round_up_is_exact(coefficient: str, base: int, expected: int) -> None:
    assert round_up(Decimal(coefficient) * base, 10_000) == expected


def test_amount_in_words(law: tuple[AwardCatalogue, BaseSalaryTable]) -> None:
    award = law[0].get("bang-khen-giam-doc-hv")
    assert award is not None
    amount = award_amount(award, "individual", BEFORE_2026, law[1])
    assert str(amount) == "3.510.000 đồng (Ba triệu năm trăm mười nghìn đồng)"


def test_the_salary_in_force_on_the_decision_date(
    law: tuple[AwardCatalogue, BaseSalaryTable],
) -> None:
    table = law[1]
    assert table.amount_on(dt.date(2024, 6, 30)).amount == 1_800_000
    assert table.amount_on(dt.date(2024, 7, 1)).amount == 2_340_000
    with pytest.raises(ValueError, match="no base salary is known on 2000-01-01"):
        table.amount_on(dt.date(2000, 1, 1))
