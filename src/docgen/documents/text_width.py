"""How wide a line of Times New Roman is, and where a centred title should break.

A title that does not fit on one line (a document's trích yếu, the title of an attached list)
is left by Word and LibreOffice to break where the line is full, which leaves a word or a
piece of a name alone on the last line ("… CỦA GIÁM ĐỐC HỌC / VIỆN"). docgen measures the
title with Times New Roman's advance widths (rules/glyph_widths.yaml) and breaks it itself into
lines as even as it can make them, preferring a break after a comma or before a word such as
"của" or "cho" (rules/format.yaml ``line_breaks``), so that "Bằng khen", "Học viện" or "Hồ Chí
Minh" stays on one line. A line break typed by the clerk is kept as it is.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable

from docgen.rules import ElementRule, LineBreaks, load_rules, proper_names

# the measure itself lives in docgen.rules.glyphs (the checker measures too); re-exported here
from docgen.rules.glyphs import Style as Style
from docgen.rules.glyphs import style_of as style_of
from docgen.rules.glyphs import text_width_pt as text_width_pt
from docgen.vn.names import name_index as name_index
from docgen.vn.names import name_key as name_key
from docgen.vn.names import name_spans as name_spans

# a title of more lines or more words is left to the word processor (and the search for the
# best breaks stays small: at most C(39, 3) ways to cut 40 words into four lines)
_MAX_LINES = 4
_MAX_WORDS = 40


class NameCutWarning(UserWarning):
    """A known name wider than the line it is set in: it cannot be kept whole."""


def break_lines(
    text: str,
    width_pt: float,
    size_pt: float,
    style: Style,
    rules: LineBreaks,
    names: Iterable[str] = (),
) -> list[str]:
    """The lines a centred title of ``text`` is best set in, within ``width_pt``: one line when
    it fits, else the fewest lines that fit, as even as can be, breaking at a preferred place
    unless that makes the lines much less even (``rules.penalty``). A line never breaks inside
    one of the ``names`` (the known proper names are always among them) unless the name alone
    is wider than the line, which is warned about (NameCutWarning)."""
    words = text.split()
    limit = width_pt * rules.fill
    if not words or text_width_pt(" ".join(words), size_pt, style) <= limit:
        return [" ".join(words)]
    if len(words) > _MAX_WORDS:
        return [" ".join(words)]
    space = text_width_pt(" ", size_pt, style)
    ends = list(itertools.accumulate((text_width_pt(w, size_pt, style) for w in words), initial=0))
    good = _preferred_breaks(words, rules)

    def line(a: int, b: int) -> float:
        return ends[b] - ends[a] + space * (b - a - 1)

    inside: set[int] = set()  # the places a line may not begin: inside a name
    for span in name_spans(words, name_index((*proper_names(), *names))):
        if line(span.start, span.stop) > limit:
            whole = " ".join(words[span.start : span.stop])
            warnings.warn(
                NameCutWarning(
                    f"tên “{whole}” dài hơn một dòng của “{text}” nên bị ngắt sang hai dòng; "
                    "hãy viết gọn tên hoặc tự ngắt dòng (\\n) ở chỗ muốn ngắt"
                ),
                stacklevel=2,
            )
            continue
        inside.update(range(span.start + 1, span.stop))
    places = [i for i in range(1, len(words)) if i not in inside]
    for count in range(2, _MAX_LINES + 1):
        best: tuple[float, tuple[int, ...]] | None = None
        for cuts in itertools.combinations(places, count - 1):
            bounds = (0, *cuts, len(words))
            lengths = [line(a, b) for a, b in itertools.pairwise(bounds)]
            if max(lengths) > limit:
                continue
            spread = (max(lengths) - min(lengths)) / width_pt
            cost = spread + rules.penalty * sum(1 for c in cuts if c not in good)
            if best is None or cost < best[0]:
                best = (cost, bounds)
        if best is not None:
            return [" ".join(words[a:b]) for a, b in itertools.pairwise(best[1])]
    return [" ".join(words)]


def _preferred_breaks(words: list[str], rules: LineBreaks) -> set[int]:
    """Indexes of the words a line may well begin with: after a comma or a semicolon, at an
    opening quote or bracket, before one of ``rules.before`` (one word or two)."""
    before = [tuple(w.split()) for w in rules.before]
    lowered = [w.casefold() for w in words]
    found = set()
    for i in range(1, len(words)):
        after_stop = words[i - 1][-1] in ",;:" or words[i][0] in '“"‘('
        if after_stop or any(tuple(lowered[i : i + len(b)]) == b for b in before):
            found.add(i)
    return found


def rule_side_twips(
    lines: Iterable[str] | str, element: str, system: str, inner_mm: float, fraction: float
) -> int:
    """The left (and right) indent, in twips, of a centred rule drawn under the text of
    ``lines`` (a list, or text with line breaks) set as ``element``, ``fraction`` of its
    longest line long, in a column or page ``inner_mm`` wide (ND 30/2020 Phụ lục I mục II.4,
    II.5: 1/3 to 1/2 of the line's length; rules/format.yaml ``issuer_rule``)."""
    rule: ElementRule = load_rules().system(system).element(element)  # type: ignore[arg-type]
    style = style_of(bool(rule.bold), bool(rule.italic))
    texts = lines.split("\n") if isinstance(lines, str) else list(lines)
    shown = [t.upper() if rule.caps else t for t in texts]
    widest_mm = max((text_width_pt(t, rule.default, style) * 25.4 / 72 for t in shown), default=0)
    widest_mm = min(widest_mm, inner_mm)  # a line wider than its column wraps to it
    side_mm = max(0.0, (inner_mm - fraction * widest_mm) / 2)
    return round(side_mm * 1440 / 25.4)


def balance(
    text: str,
    element: str,
    system: str,
    width_mm: float | None = None,
    names: Iterable[str] = (),
    *,
    fill: float | None = None,
) -> str:
    """``text`` as the centred element ``element`` of ``system``'s documents prints it, with a
    line break ("\\n", which the template turns into one) where each line should end; over
    the text width of the page, or ``width_mm`` (a column of the header). No line breaks inside
    a known name or one of ``names`` (the workspace's issuers, schools, people …). A line
    break the clerk typed is kept, and the text on each side of it is balanced on its own.
    ``fill`` replaces the share of the width a line may fill (rules ``line_breaks.fill``)."""
    rules = load_rules()
    rule: ElementRule = rules.system(system).element(element)  # type: ignore[arg-type]
    if width_mm is None:
        width_mm = rules.page.text_width_mm
    style = style_of(bool(rule.bold), bool(rule.italic))
    breaks = rules.line_breaks
    if fill is None:
        fill = breaks.fill_by_element.get(element)
    if fill is not None:
        breaks = breaks.model_copy(update={"fill": fill})
    names = tuple(names)
    parts = []
    for part in text.split("\n"):
        shown = part.upper() if rule.caps else part
        lines = break_lines(shown, width_mm * 72 / 25.4, rule.default, style, breaks, names)
        if rule.caps:  # the words as written; the style sets them in capitals
            words = iter(part.split())
            lines = [" ".join(next(words) for _ in line.split()) for line in lines]
        parts.append("\n".join(lines))
    return "\n".join(parts)
