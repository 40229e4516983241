"""Roman numerals for the top-level sections of plans and reports (I, II, III, IV …)."""

from __future__ import annotations

_VALUES = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_roman(n: int) -> str:
    """1 → ``I``, 4 → ``IV``, 1994 → ``MCMXCIV`` (1–3999)."""
    if not 1 <= n <= 3999:
        raise ValueError(f"Roman numerals cover 1 to 3999, not {n}")
    out = []
    for value, letters in _VALUES:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def from_roman(text: str) -> int:
    """The inverse of to_roman; raises ValueError for anything to_roman would not write."""
    total, i = 0, 0
    upper = text.upper()
    for value, letters in _VALUES:
        while upper.startswith(letters, i):
            total += value
            i += len(letters)
    if i != len(upper) or not total or to_roman(total) != upper:
        raise ValueError(f"not a Roman numeral: {text!r}")
    return total
