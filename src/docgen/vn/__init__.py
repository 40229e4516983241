"""Pure Vietnamese helpers: dates, numbers and money in words, Roman numerals, text, collation."""

from docgen.vn.dates import check_date, date_line, date_words, pad_day_month, short_date
from docgen.vn.numbers import (
    format_money,
    format_money_dong,
    money_words,
    number_words,
    pad_count,
    parse_number_words,
)
from docgen.vn.roman import from_roman, to_roman

__all__ = [
    "check_date",
    "date_line",
    "date_words",
    "format_money",
    "format_money_dong",
    "from_roman",
    "money_words",
    "number_words",
    "pad_count",
    "pad_day_month",
    "parse_number_words",
    "short_date",
    "to_roman",
]
