"""Award money: coefficient × base salary on the decision date, rounded up, in exact decimals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Literal

from docgen.models import AwardRule, BaseSalaryTable
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
    salaries: BaseSalaryTable,
) -> Amount:
    """What ``award`` pays ``recipient`` under a decision dated ``decision_date``."""
    base = salaries.amount_on(decision_date).amount
    coefficient = award.coefficient_for(recipient)
    return Amount(round_up(coefficient * base, salaries.rounding), coefficient, base)
