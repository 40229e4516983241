"""A year of a campaign or a period of years (``year: 2019-2025``), as proposals, award
decisions and minutes say what they are for."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema

from docgen.rules import data_limits

_PERIOD = re.compile(r"^\s*(\d{4})\s*-\s*(\d{4})\s*$")


class YearSpan(int):
    """A period of years (``year: 2019-2025``): a campaign's stage or whole term, "giai đoạn
    2019 - 2025" (the campaign's own ``period:`` is models.Period).

    As a number it is its last year: what the register keeps as the award's year (its schema
    has one year), and what the eligibility rules counting consecutive years count it as. It
    equals only the same period, never a year: the proposals of 2025 are not those of
    2019-2025. Written ``2019-2025`` (its folder: data/proposals/2019-2025/)."""

    first: int

    def __new__(cls, first: int, last: int) -> YearSpan:
        period = super().__new__(cls, last)
        period.first = first
        return period

    def __getnewargs__(self) -> tuple[int, int]:  # type: ignore[override]
        return self.first, int(self)

    @property
    def last(self) -> int:
        return int(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, YearSpan) and (self.first, int(self)) == (other.first, int(other))

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.first, int(self)))

    def __str__(self) -> str:
        return f"{self.first}-{int(self)}"

    def __repr__(self) -> str:
        return f"YearSpan({self.first}, {int(self)})"

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)


def _in_limits(year: int) -> bool:
    limits = data_limits()
    return limits.earliest_date.year <= year <= limits.latest_date.year


def parse_year(value: Any) -> Any:
    """A year (2025) or a period (``2019-2025``, its first year before its last); a reversed
    period, a period outside the dates docgen accepts (rules/data_limits.yaml), or anything
    else is refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise ValueError(f"'{value}' is neither a year (2025) nor a period of years (2019-2025)")
    match = _PERIOD.match(value)
    if match is None:
        if value.strip().isdigit():
            return int(value)
        raise ValueError(f"'{value}' is neither a year (2025) nor a period of years (2019-2025)")
    first, last = int(match[1]), int(match[2])
    if not (_in_limits(first) and _in_limits(last)):
        limits = data_limits()
        raise ValueError(
            f"the period {value.strip()} is outside the years docgen accepts "
            f"({limits.earliest_date.year} – {limits.latest_date.year}, rules/data_limits.yaml)"
        )
    if last <= first:
        raise ValueError(
            f"the period {value.strip()} ends ({last}) before it starts ({first}): write its "
            "first year, then its last (2019-2025)"
        )
    return YearSpan(first, last)


# the type of ``year:``: an int, or a YearSpan (an int too)
YearOrPeriod = Annotated[
    int,
    PlainValidator(parse_year),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer"},
                {"type": "string", "pattern": r"^\s*\d{4}\s*-\s*\d{4}\s*$"},
            ],
            "description": "a year (2025) or a period of years (2019-2025)",
        }
    ),
]


def year_words(year: int) -> str:
    """How a document says what it is for: "năm 2025", or "giai đoạn 2019 - 2025"."""
    if isinstance(year, YearSpan):
        return f"giai đoạn {year.first} - {int(year)}"
    return f"năm {year}"
