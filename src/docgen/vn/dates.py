"""Vietnamese dates: the place-and-date line, running-text dates, impossible-date reasons."""

from __future__ import annotations

import calendar
import datetime as dt

_MONTHS_EN = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def pad_day_month(day: int, month: int, pad: bool = True) -> tuple[str, str]:
    """Format.md "Date line": pad the day below 10 and the months 1 and 2 with a leading zero."""
    if not pad:
        return str(day), str(month)
    return f"{day:02d}", (f"{month:02d}" if month < 3 else str(month))


def date_words(d: dt.date, pad: bool = True) -> str:
    """``ngày 09 tháng 9 năm 2022``."""
    day, month = pad_day_month(d.day, d.month, pad)
    return f"ngày {day} tháng {month} năm {d.year}"


def date_line(place: str, d: dt.date, pad: bool = True) -> str:
    """``Hà Nội, ngày 05 tháng 01 năm 2020`` (ND 30 Phụ lục I mục II.4; HD 36 mục 2.4)."""
    return f"{place}, {date_words(d, pad)}"


def short_date(d: dt.date, pad: bool = True) -> str:
    """The running-text form of legal citations: ``19/5/2021``, ``06/9/2021``, ``05/01/2020``."""
    day, month = pad_day_month(d.day, d.month, pad)
    return f"{day}/{month}/{d.year}"


def check_date(year: int, month: int, day: int) -> str | None:
    """None for a real date, else why not, in plain words (``February 2025 has 28 days``)."""
    if not 1 <= year <= 9999:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{_MONTHS_EN[month]} {year} has {days} days"
    return None
