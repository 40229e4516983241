"""Each certificate field's text fitted to its room, measured, never left to overprint.

A pre-printed blank ("phôi") gives each field a box: from its position down to the next field
under it. A name of 115 characters set at the name's size wraps to three lines and prints over
the description and the reason; the blank is numbered and wasted. Here every field is measured
with Times New Roman's advance widths (``docgen.documents.text_width``), wrapped as a word
processor wraps it, and set smaller half a point at a time down to the floor the rules state
(rules/certificates.yaml ``fitting``); what still does not fit is refused before any số sổ vàng
is taken, naming the awardee, the field and how much is over. The full (plain paper) mode fits
each field to its number of lines, and stands the text block in the middle of the sheet.

Measuring is arithmetic on cached word widths: a batch of 10,000 stays fast.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from docgen.awards.certificate_templates import FITTED, certificate_rules
from docgen.documents.text_width import NameCutWarning, break_lines, style_of
from docgen.documents.wrap import wrap
from docgen.errors import DataError, Diagnostic, Location
from docgen.rules import load_rules

MM = 72 / 25.4  # pt per mm
TWIPS = 20  # per pt
# the room a table cell keeps on each side of its text (Word's default cell margin, 0.19 cm)
CELL_MARGIN_MM = 1.905

# what a clerk calls each field in an error message
FIELD_NAMES = {
    "authority": "cơ quan tặng",
    "honour": "danh hiệu",
    "name": "tên",
    "description": "chức vụ, đơn vị",
    "reason": "thành tích",
    "decision": "quyết định",
    "book": "số sổ vàng",
    "date_line": "địa danh, ngày tháng",
    "signer_title": "chức vụ người ký",
    "signer_name": "người ký",
}


# the centred fields set on more than one line as even lines, no known name cut across two
# (documents.text_width.break_lines, rules/proper_names.yaml): a word processor fills each line
# and breaks "…thuộc Trường / Chính trị tỉnh …"
BALANCED = ("authority", "honour", "name", "description", "reason")


@dataclass(frozen=True)
class Box:
    """The room of one field: its width, and either its height (a blank's box) or the most
    lines it may take (the full mode)."""

    field: str
    width_mm: float
    size_pt: float  # the field's own size
    style: str
    height_mm: float | None = None
    max_lines: int | None = None


@dataclass(frozen=True)
class Fit:
    size_pt: float
    lines: int
    height_mm: float  # of the text's lines at that size
    widest_mm: float  # of its widest line


@cache
def _fitting() -> dict[str, Any]:
    data: dict[str, Any] = certificate_rules()["fitting"]
    return data


def measure(text: str, width_mm: float, size_pt: float, style: str) -> Fit:
    """The lines ``text`` takes in ``width_mm`` (less the rules' ``fill``) at ``size_pt``,
    their height and the widest line."""
    lines, widest = wrap(text, width_mm * MM * _fitting()["fill"], size_pt, style)
    line = size_pt * _fitting()["line_height"] / MM
    depth = size_pt * _fitting()["depth"] / MM
    return Fit(size_pt, lines, lines * line + depth, widest / MM)


def _fits(fit: Fit, box: Box) -> bool:
    if fit.widest_mm > box.width_mm * _fitting()["fill"] + 1e-6:
        return False
    if box.max_lines is not None and fit.lines > box.max_lines:
        return False
    return box.height_mm is None or fit.height_mm <= box.height_mm + 1e-6


def floor_pt(box: Box) -> float:
    step = _fitting()["step_pt"]
    low = box.size_pt * _fitting()["floor"][box.field]
    return float(round(low / step + 0.4999) * step)  # up to the next step


@lru_cache(maxsize=8192)
def fit(text: str, box: Box) -> Fit | str:
    """The largest size from the field's own down to its floor at which ``text`` fits the
    box; else what is over at the floor, in words for the clerk."""
    step = _fitting()["step_pt"]
    size = box.size_pt
    low = floor_pt(box)
    while True:
        result = measure(text, box.width_mm, size, box.style)
        if _fits(result, box):
            return result
        if size <= low:
            return _over(result, box)
        size = max(low, round((size - step) / step) * step)


def _over(result: Fit, box: Box) -> str:
    at = f"even at {result.size_pt:g} pt, the smallest size allowed"
    if result.widest_mm > box.width_mm * _fitting()["fill"] + 1e-6:
        over = result.widest_mm - box.width_mm * _fitting()["fill"]
        return f"a line is {over:.1f} mm wider than its box ({box.width_mm:g} mm), {at}"
    if box.max_lines is not None and result.lines > box.max_lines:
        return f"it takes {result.lines} lines where {box.max_lines} fit, {at}"
    assert box.height_mm is not None
    over = result.height_mm - box.height_mm
    return (
        f"its {result.lines} lines are {result.height_mm:.1f} mm tall, {over:.1f} mm more than "
        f"its box ({box.height_mm:.1f} mm), {at}"
    )


def _size(field: str, scale: float) -> tuple[float, str]:
    look = certificate_rules()["fields"][field]
    return round(look["size"] * scale, 1), style_of(
        bool(look.get("bold")), bool(look.get("italic"))
    )


def half_points(size_pt: float) -> str:
    return str(round(size_pt * 2))


def size_key(field: str) -> str:
    """The template's variable holding a field's size in half-points (``name_sz``)."""
    return f"{field}_sz"


# -- the boxes of a blank and of the full sheet -------------------------------------------------


def blank_boxes(positions: dict[str, dict[str, Any]], paper: str) -> dict[str, Box]:
    """Each field's box on a blank: its width, and its height down to the top of the next
    field under it (that overlaps it across), else to the printable edge of the sheet."""
    rules = certificate_rules()
    sheet = rules["papers"][paper]
    bottom = sheet["height"] - rules["printable_margin_mm"]
    boxes: dict[str, Box] = {}
    for field, pos in positions.items():
        if field not in FITTED:
            continue
        left, right = pos["x"], pos["x"] + pos["width"]
        below = [
            other["y"]
            for name, other in positions.items()
            if name != field
            and other["y"] > pos["y"]
            and other["x"] < right
            and other["x"] + other["width"] > left
        ]
        size, style = _size(field, pos.get("scale", sheet["scale"]))
        height = min([*below, bottom]) - pos["y"]
        boxes[field] = Box(field, pos["width"], size, style, height_mm=height)
    return boxes


# the full sheet's fields set across the text width; the others stand in a half-width cell
_ACROSS = ("authority", "honour", "name", "description", "reason")


@cache
def full_boxes(paper: str, honour: bool = False) -> dict[str, Box]:
    """The full sheet's boxes; ``honour``: the sheet names a title (a Bằng chứng nhận)."""
    rules = certificate_rules()
    sheet = rules["papers"][paper]
    _, right, _, left = sheet["margins"]
    across = sheet["width"] - left - right
    cell = across / 2 - 2 * CELL_MARGIN_MM
    boxes = {}
    for field in FITTED:
        if field == "honour" and not honour:
            continue
        size, style = _size(field, sheet["scale"])
        width = across if field in _ACROSS else cell
        lines = _fitting()["full_lines"][field]
        boxes[field] = Box(field, width, size, style, max_lines=lines)
    return boxes


def signature_space_mm(paper: str) -> float:
    """The space above the signer's name: the free room the rules ask for between the
    glyphs of the signer's title and of the name (``balance.signature_space_mm``), with the
    glyphs' depth (``fitting.depth``) on both sides."""
    scale = certificate_rules()["papers"][paper]["scale"]
    depth = _fitting()["depth"] * (_size("signer_title", scale)[0] + _size("signer_name", scale)[0])
    return float(certificate_rules()["balance"]["signature_space_mm"][paper]) + depth / MM


def top_pad_twips(paper: str, fits: dict[str, Fit]) -> int:
    """The space above the first line of the full sheet that stands its text block in the
    middle between the top and bottom margins (never less than nothing). The line naming
    a title counts only on a sheet that has it (``honour`` in ``fits``)."""
    rules = certificate_rules()
    sheet = rules["papers"][paper]
    scale = sheet["scale"]
    spacing = rules["spacing"]
    line = _fitting()["line_height"]

    def height(field: str, fitted: Fit | None = None) -> float:
        """The lines' own height: the glyphs' depth below the last line (``depth``) is room
        a box must leave, not height the page's flow takes."""
        if fitted is not None:
            return fitted.size_pt * line * fitted.lines / MM
        return _size(field, scale)[0] * line / MM

    def before(field: str) -> float:
        return float(spacing.get(field, 0)) * scale / MM

    top = height("national") + height("motto")
    titled = "honour" in fits  # a sheet naming a title (certificates.yaml honour)
    gives = not titled or rules["honour"]["give"]
    for field in ("authority", "give", "title", "honour", "name", "description", "reason"):
        if (field == "honour" and not titled) or (field == "give" and not gives):
            continue
        top += before(field) + height(field, fits.get(field))
    left = height("decision", fits.get("decision")) + height("book", fits.get("book"))
    right = (
        height("date_line", fits.get("date_line"))
        + height("signer_title", fits.get("signer_title"))
        + signature_space_mm(paper)
        + height("signer_name", fits.get("signer_name"))
    )
    block = top + before("signature") + max(left, right)
    area = sheet["height"] - sheet["margins"][0] - sheet["margins"][2]
    return max(0, round((area - block) / 2 * MM * TWIPS))


# -- a batch -------------------------------------------------------------------------------------


def fit_batch(
    contexts: list[tuple[str, dict[str, Any]]],
    boxes: dict[str, Box],
    where: str,
    paper: str | None = None,
) -> None:
    """Fit every certificate of a batch: each context (with who it is for) gets the size of
    each fitted field (``name_sz`` …) and, for the full sheet (``paper`` given), the space
    above its text (``top_pad``). Raises a DataError naming every awardee, field and how much
    is over when something does not fit at its floor. A text met before (the decision, the
    signer: the same on every certificate) is measured once."""
    problems: list[Diagnostic] = []
    memo: dict[tuple[str, str], tuple[Fit | str, str, str]] = {}
    fields = [(field, box, size_key(field)) for field, box in boxes.items()]
    for who, context in contexts:
        shape: list[tuple[str, float, int]] = []
        for field, box, key in fields:
            text = str(context.get(field, ""))
            known = memo.get((field, text))
            if known is None:
                shown = f"Số sổ vàng: {text or '0000'}" if field == "book" else text
                result = fit(shown, box)
                sz = "" if isinstance(result, str) else half_points(result.size_pt)
                lines = text
                if field in BALANCED and not isinstance(result, str) and result.lines > 1:
                    lines = balanced(text, box, result)
                known = memo[(field, text)] = (result, sz, lines)
            result, sz, lines = known
            if lines != text:
                context[field] = lines
            if isinstance(result, str):
                problems.append(
                    Diagnostic(
                        "CERT-FIT",
                        f"{who}: the {field} ({FIELD_NAMES[field]}) does not fit: {result}",
                        Location(where),
                        hint="shorten the text in the data, or widen the box (positions)",
                    )
                )
                continue
            context[key] = sz
            shape.append((field, result.size_pt, result.lines))
        if paper is not None:
            context["top_pad"] = _top_pad(paper, tuple(shape))
    if problems:
        raise DataError(problems)


def balanced(text: str, box: Box, result: Fit) -> str:
    """``text`` with a line break ("\\n") where each of its ``result.lines`` lines should end:
    as even as can be, never inside a known name; as the word processor wraps it (unchanged)
    when balancing would take more lines than the fitting measured, or the clerk typed a
    break."""
    if "\n" in text:
        return text
    breaks = load_rules().line_breaks
    # the width the fitting wrapped in (break_lines takes its own share ``fill`` of what it gets)
    width = box.width_mm * MM * _fitting()["fill"] / breaks.fill
    with warnings.catch_warnings():
        # a name wider than the box is cut wherever it must be: the fitting already measured
        # the lines, and the clerk sees the page in --preview
        warnings.simplefilter("ignore", NameCutWarning)
        lines = break_lines(text, width, result.size_pt, box.style, breaks)
    return "\n".join(lines) if len(lines) == result.lines else text


@lru_cache(maxsize=1024)
def _top_pad(paper: str, shape: tuple[tuple[str, float, int], ...]) -> str:
    """``top_pad_twips`` for the fields' sizes and lines (few shapes in a batch)."""
    fits = {field: Fit(size, lines, 0.0, 0.0) for field, size, lines in shape}
    return str(top_pad_twips(paper, fits))
