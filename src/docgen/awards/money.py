"""Award money: the decree's coefficient × base salary, both in force on the decision date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Literal

from docgen.awards.law import Law, NoLawError, money_for
from docgen.data.models import AwardRule
from docgen.vn.numbers import format_money_dong, money_words


def round_up(amount: Decimal, step: int) -> int:
    """Round up to the next multiple of ``step`` đồng (702,000 → 710,000 for step 10,000)."""
    units = (amount / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


@dataclass(frozen=True)
class Amount:
    """The money for one award to one recipient, with what it was computed from."""

    value: int
    coefficient: Decimal
    base_salary: int
    decree: str  # the table it was paid by: "98/2023/NĐ-CP"

    @property
    def figures(self) -> str:
        return format_money_dong(self.value)  # 3.510.000 đồng

    @property
    def words(self) -> str:
        return money_words(self.value)  # Ba triệu năm trăm mười nghìn đồng

    def __str__(self) -> str:
        return f"{self.figures} ({self.words})"


def award_amount(
    award: AwardRule,
    recipient: Literal["individual", "collective"],
    decision_date: dt.date,
    law: Law,
) -> Amount:
    """What ``award`` pays ``recipient`` under a decision dated ``decision_date``: the
    coefficient of the decree table in force that day × the base salary of that day; an
    office's own title (``money: none``) pays nothing, whatever the date."""
    if not award.paid:
        return Amount(0, Decimal(0), 0, "")
    table = law.table_on(decision_date)
    if table is None:  # validation reports it with the document's location first
        raise NoLawError(f"no decree table is in force on {decision_date.isoformat()}")
    coefficient, _values = money_for(table.data, award, recipient)
    base = law.salaries.amount_on(decision_date).amount
    value = round_up(coefficient * base, table.data.rounding.step)
    return Amount(value, coefficient, base, table.data.number)
