"""Document number and symbol ("số, ký hiệu") in the form of each system.

State (ND 30/2020 Phụ lục I, mục 3): ``Số: 05/KH-UBND`` — colon, number, ``/``, type
abbreviation, ``-``, issuer abbreviation; a công văn has no type: ``Số: 12/UBND-VX``.
Party (HD 36-HD/VPTW): ``Số 1247-KH/HVCTQG`` — no colon, number, ``-``, type, ``/``, issuer.
Numbers below 10 carry a leading zero in both systems.
"""

from __future__ import annotations

from typing import Literal

System = Literal["party", "state"]


def format_number(number: int, width: int = 2) -> str:
    """``5`` → ``05``; numbers of two or more digits are written as they are."""
    if number < 1:
        raise ValueError(f"document numbers start at 1, not {number}")
    return str(number).zfill(width)


def format_symbol(
    system: System,
    number: int,
    type_abbr: str | None,
    issuer_abbr: str,
    width: int = 2,
) -> str:
    """The number and symbol without the ``Số`` label: ``1247-KH/HVCTQG`` or ``05/KH-UBND``.

    ``type_abbr`` is None for a State công văn, whose symbol is number/issuer only.
    """
    num = format_number(number, width)
    if system == "party":
        if not type_abbr:
            raise ValueError("Party documents always carry a type abbreviation (CV for công văn)")
        return f"{num}-{type_abbr}/{issuer_abbr}"
    if type_abbr:
        return f"{num}/{type_abbr}-{issuer_abbr}"
    return f"{num}/{issuer_abbr}"


def number_line(system: System, symbol: str) -> str:
    """The line printed under the issuing body: ``Số 1247-KH/HVCTQG``, ``Số: 05/KH-UBND``."""
    return f"Số {symbol}" if system == "party" else f"Số: {symbol}"
