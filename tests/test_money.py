"""Award money by date: the decree table and the base salary in force on the decision's date,
rounded up in exact decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import pytest

from docgen.awards.law import Law
from docgen.awards.money import award_amount, round_up
from docgen.data.models import AwardCatalogue, AwardRule
from docgen.data.workspace import load_workspace
from tests.conftest import ROOT

Recipient = Literal["individual", "collective"]


@pytest.fixture(scope="module")
def law() -> tuple[AwardCatalogue, Law]:
    ws = load_workspace(ROOT)
    assert ws.catalogue is not None and ws.law is not None
    return ws.catalogue, ws.law


def award(category: str, recipients: str = "both") -> AwardRule:
    """An award paid by the decree row ``category`` (the catalogue need not have it)."""
    return AwardRule.model_validate(
        {
            "id": "x",
            "name": category,
            "kind": "form",
            "recipients": recipients,
            "category": category,
        }
    )


D = dt.date
# (decree row, recipient, decision date, decree in force, base salary, amount)
BY_DATE = [
    # the first years of Nghị định 91/2017: 1,300,000 from 1 Jul 2017, 1,390,000 from 1 Jul 2018
    ("bang-khen-bo-tinh", "individual", D(2017, 10, 1), "91/2017/NĐ-CP", 1_300_000, 1_300_000),
    ("bang-khen-bo-tinh", "individual", D(2018, 6, 30), "91/2017/NĐ-CP", 1_300_000, 1_300_000),
    ("bang-khen-bo-tinh", "individual", D(2018, 7, 1), "91/2017/NĐ-CP", 1_390_000, 1_390_000),
    ("bang-khen-bo-tinh", "collective", D(2018, 7, 1), "91/2017/NĐ-CP", 1_390_000, 2_780_000),
    ("bang-khen-bo-tinh", "individual", D(2019, 6, 30), "91/2017/NĐ-CP", 1_390_000, 1_390_000),
    ("bang-khen-bo-tinh", "individual", D(2019, 7, 1), "91/2017/NĐ-CP", 1_490_000, 1_490_000),
    # 1 Jan 2024: Nghị định 91/2017 → 98/2023 (same coefficients; base salary 1,800,000)
    ("bang-khen-bo-tinh", "individual", D(2023, 12, 31), "91/2017/NĐ-CP", 1_800_000, 1_800_000),
    ("bang-khen-bo-tinh", "individual", D(2024, 1, 1), "98/2023/NĐ-CP", 1_800_000, 1_800_000),
    ("giay-khen-chu-tich-xa", "individual", D(2023, 12, 31), "91/2017/NĐ-CP", 1_800_000, 270_000),
    ("giay-khen-chu-tich-xa", "individual", D(2024, 1, 1), "98/2023/NĐ-CP", 1_800_000, 270_000),
    # 1 Jul 2024: base salary 1,800,000 → 2,340,000 under the same decree
    ("bang-khen-bo-tinh", "individual", D(2024, 6, 30), "98/2023/NĐ-CP", 1_800_000, 1_800_000),
    ("bang-khen-bo-tinh", "individual", D(2024, 7, 1), "98/2023/NĐ-CP", 2_340_000, 2_340_000),
    # 1 Jul 2025: Nghị định 98/2023 → 152/2025, the same award on both sides
    ("bang-khen-bo-tinh", "individual", D(2025, 6, 30), "98/2023/NĐ-CP", 2_340_000, 2_340_000),
    ("bang-khen-bo-tinh", "individual", D(2025, 7, 1), "152/2025/NĐ-CP", 2_340_000, 3_510_000),
    ("bang-khen-bo-tinh", "collective", D(2025, 6, 30), "98/2023/NĐ-CP", 2_340_000, 4_680_000),
    ("bang-khen-bo-tinh", "collective", D(2025, 7, 1), "152/2025/NĐ-CP", 2_340_000, 7_020_000),
    # the Giấy khen of a commune chairman doubled: 0.15 × 2,340,000 = 351,000 → 360,000
    ("giay-khen-chu-tich-xa", "individual", D(2025, 6, 30), "98/2023/NĐ-CP", 2_340_000, 360_000),
    ("giay-khen-chu-tich-xa", "individual", D(2025, 7, 1), "152/2025/NĐ-CP", 2_340_000, 710_000),
    ("bang-khen-ttg", "individual", D(2025, 6, 30), "98/2023/NĐ-CP", 2_340_000, 8_190_000),
    ("bang-khen-ttg", "individual", D(2025, 7, 1), "152/2025/NĐ-CP", 2_340_000, 8_190_000),
    # 1 Jul 2026: base salary 2,340,000 → 2,530,000 under Nghị định 152/2025
    ("bang-khen-bo-tinh", "individual", D(2026, 6, 30), "152/2025/NĐ-CP", 2_340_000, 3_510_000),
    ("bang-khen-bo-tinh", "individual", D(2026, 7, 1), "152/2025/NĐ-CP", 2_530_000, 3_800_000),
    ("bang-khen-bo-tinh", "collective", D(2026, 6, 30), "152/2025/NĐ-CP", 2_340_000, 7_020_000),
    ("bang-khen-bo-tinh", "collective", D(2026, 7, 1), "152/2025/NĐ-CP", 2_530_000, 7_590_000),
    ("giay-khen", "collective", D(2026, 6, 30), "152/2025/NĐ-CP", 2_340_000, 1_410_000),
    ("giay-khen", "collective", D(2026, 7, 1), "152/2025/NĐ-CP", 2_530_000, 1_520_000),
]


@pytest.mark.parametrize(("row", "recipient", "day", "decree", "base", "amount"), BY_DATE)
def test_money_by_the_law_of_the_date(
    law: tuple[AwardCatalogue, Law],
    row: str,
    recipient: Recipient,
    day: dt.date,
    decree: str,
    base: int,
    amount: int,
) -> None:
    paid = award_amount(award(row), recipient, day, law[1])
    assert (paid.decree, paid.base_salary, paid.value) == (decree, base, amount)


# (award id, recipient, amount at 2,340,000, amount at 2,530,000) under Nghị định 152/2025:
# coefficient × base, rounded up to the next 10,000 đồng.
UNDER_152 = D(2025, 12, 15)
AFTER_2026 = D(2026, 7, 1)
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
    law: tuple[AwardCatalogue, Law],
    award_id: str,
    recipient: Recipient,
    at_2340: int,
    at_2530: int,
) -> None:
    catalogue, tables = law
    rule = catalogue.get(award_id)
    assert rule is not None and rule.allows(recipient)
    low = award_amount(rule, recipient, UNDER_152, tables)
    high = award_amount(rule, recipient, AFTER_2026, tables)
    assert (low.base_salary, high.base_salary) == (2_340_000, 2_530_000)
    assert (low.value, high.value) == (at_2340, at_2530)


# the catalogue's awards that carry no money (money: none): the Học viện's own title
UNPAID = [("tap-the-tieu-bieu-hv", "collective")]


def test_every_row_is_covered(law: tuple[AwardCatalogue, Law]) -> None:
    covered = {row[0] for row in ROWS}
    assert covered == {a.id for a in law[0].awards if a.paid}
    assert {a for a, _ in UNPAID} == {a.id for a in law[0].awards if not a.paid}


@pytest.mark.parametrize(("award_id", "recipient"), UNPAID)
def test_an_award_without_money_pays_nothing_whatever_the_date(
    law: tuple[AwardCatalogue, Law], award_id: str, recipient: Recipient
) -> None:
    catalogue, tables = law
    rule = catalogue.get(award_id)
    assert rule is not None and rule.allows(recipient)
    for day in (UNDER_152, AFTER_2026):
        assert award_amount(rule, recipient, day, tables).value == 0


@pytest.mark.parametrize(
    ("coefficient", "base", "expected"),
    [
        ("0.3", 2_340_000, 710_000),  # 702,000 → 710,000
        ("0.8", 2_340_000, 1_880_000),  # 1,872,000 → 1,880,000
        ("0.15", 2_340_000, 360_000),  # 351,000 → 360,000
        ("1.5", 2_340_000, 3_510_000),  # exact: stays
        ("0.1", 1_800_000, 180_000),
        ("0.3", 1_800_000, 540_000),
    ],
)
def test_round_up_is_exact(coefficient: str, base: int, expected: int) -> None:
    assert round_up(Decimal(coefficient) * base, 10_000) == expected


def test_amount_in_words(law: tuple[AwardCatalogue, Law]) -> None:
    rule = law[0].get("bang-khen-giam-doc-hv")
    assert rule is not None
    amount = award_amount(rule, "individual", UNDER_152, law[1])
    assert str(amount) == "3.510.000 đồng (Ba triệu năm trăm mười nghìn đồng)"


def test_base_salary_changes_on_its_dates(law: tuple[AwardCatalogue, Law]) -> None:
    table = law[1].salaries
    assert table.amount_on(dt.date(2024, 6, 30)).amount == 1_800_000
    assert table.amount_on(dt.date(2024, 7, 1)).amount == 2_340_000
    with pytest.raises(ValueError, match="no base salary"):
        table.amount_on(dt.date(2000, 1, 1))
