"""How wide a run of Times New Roman is: its characters' advance widths (rules/glyph_widths.yaml).

A pure measure, shared by the document engine (where a centred title breaks, how wide a list's
number column must be) and the checker (whether a national title fits its column on one line,
how many lines a paragraph of another office's document takes). Not a format rule.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from docgen.rules import read_rules_file

Style = str  # regular, bold, italic, bold_italic


@cache
def _widths() -> tuple[int, dict[Style, dict[str, int]]]:
    data = read_rules_file("glyph_widths.yaml")
    styles = {
        style: {char: int(width) for width, chars in groups.items() for char in chars}
        for style, groups in data["styles"].items()
    }
    return int(data["units_per_em"]), styles


def style_of(bold: bool, italic: bool) -> Style:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic"}.get(
        (bold, italic), "bold_italic"
    )


def text_width_pt(text: str, size_pt: float, style: Style = "regular") -> float:
    """The width of ``text`` set in Times New Roman of ``size_pt`` points. A character the
    table lacks is measured as its base letter, else as an "n"."""
    units, styles = _widths()
    widths = styles[style]
    fallback = widths["n"]
    total = 0
    for char in unicodedata.normalize("NFC", text):
        width = widths.get(char)
        if width is None:
            base = unicodedata.normalize("NFD", char)[:1]
            width = widths.get(base, fallback)
        total += width
    return total * size_pt / units


def text_width_mm(text: str, size_pt: float, style: Style = "regular") -> float:
    """``text_width_pt`` in millimetres."""
    return text_width_pt(text, size_pt, style) * 25.4 / 72
