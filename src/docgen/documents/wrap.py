"""How many lines a text takes in a given width, wrapped at spaces as a word processor wraps
it, measured with Times New Roman's widths (docgen.documents.text_width). Shared by the
certificates' fitting (docgen.awards.certificate_fit) and the checker's certificate rules, so
that what docgen prints and what ``docgen check`` measures agree."""

from __future__ import annotations

from functools import lru_cache

from docgen.documents.text_width import Style, text_width_pt


@lru_cache(maxsize=65536)
def word_width(word: str, style: Style) -> float:
    """A word's width at 1 pt (widths scale with the size)."""
    return text_width_pt(word, 1.0, style)


def wrap(text: str, width_pt: float, size_pt: float, style: Style) -> tuple[int, float]:
    """The lines ``text`` takes within ``width_pt`` at ``size_pt`` (a typed line break is
    kept) and the width in pt of its widest line (wider than ``width_pt`` when one word is)."""
    limit = width_pt / size_pt  # in 1-pt units
    space = word_width(" ", style)
    lines = 0
    widest = 0.0
    for paragraph in text.split("\n"):
        current = -1.0
        for word in paragraph.split():
            w = word_width(word, style)
            if current < 0:
                current = w
            elif current + space + w <= limit:
                current += space + w
            else:
                widest = max(widest, current)
                lines += 1
                current = w
        widest = max(widest, current)
        lines += 1
    return lines, widest * size_pt
