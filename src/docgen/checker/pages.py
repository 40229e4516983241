"""How many pages a .docx has: what the file says, its page breaks, else an estimate.

``docgen check`` needs it for one rule only: page numbers are required from page 2 (ND 30/2020
Phụ lục I mục II.10; HD 36), so a one-page document needs none. Word and LibreOffice record the
count they laid out in docProps/app.xml; python-docx files carry a stale one, so the text is
measured too: the lines each paragraph takes at its size on the page's text width. The
estimate's constants are typographic averages, not rules.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

from docgen.checker.docx_model import DocxModel

# Times New Roman's average character width is about half its size; a line is at least 1.15
# times the size (single spacing). Averages for an estimate, not format rules.
_CHAR_EM = 0.5
_SINGLE_LINE = 1.15
_PT_MM = 25.4 / 72
_MEMBER_LIMIT = 8 * 1024 * 1024  # bytes read of one zip member, at most
_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*</(?:\w+:)?Pages>")
_BREAK = re.compile(
    rb'<w:br\b[^>]*w:type="page"|<w:pageBreakBefore(?:\s*/>|\s+w:val="(?:1|true|on)")'
)


def _member(path: Path, name: str) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(name)
            if info.file_size > _MEMBER_LIMIT:
                return None
            return zf.read(name)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def recorded_pages(path: Path) -> int | None:
    """The page count the last application that saved the file recorded, if any."""
    app = _member(path, "docProps/app.xml")
    match = _PAGES.search(app or b"")
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def page_breaks(path: Path) -> int:
    """Explicit page breaks in the body (an attached list after the signature)."""
    return len(_BREAK.findall(_member(path, "word/document.xml") or b""))


def estimated_pages(model: DocxModel) -> int:
    """Pages the text fills on the first section's text area, paragraph by paragraph."""
    if not model.sections:
        return 1
    section = model.sections[0]
    margins = section.margins_mm
    width = section.page_width_mm - margins.get("left", 0) - margins.get("right", 0)
    height = section.page_height_mm - margins.get("top", 0) - margins.get("bottom", 0)
    used = 0.0
    cells: dict[tuple[int, int | None, int | None], float] = {}  # a table cell's height
    columns: dict[int, int] = {}  # cells a row of each table has
    for p in model.paragraphs:
        if p.table is not None:
            columns[p.table] = max(columns.get(p.table, 1), p.cell or 1)
    for p in model.paragraphs:
        size = max((r.props.size or 0 for r in p.runs), default=0) or 13.0
        if p.table is not None:
            # the cell's own width when the table gives it (a votes table's narrow figures
            # beside a wide name), else an equal share of the text width
            text_width = p.cell_width_mm or width / columns[p.table]
        else:
            text_width = width - (p.props.left_mm or 0)
        per_line = max(1, int(text_width / (size * _CHAR_EM * _PT_MM)))
        lines = max(1, math.ceil(len(p.text) / per_line))
        if p.props.line_rule in ("exact", "atLeast") and p.props.line:
            line_mm = max(p.props.line / 20, size if p.props.line_rule == "atLeast" else 0)
            line_mm *= _PT_MM
        else:
            factor = (p.props.line or 240) / 240
            line_mm = size * _SINGLE_LINE * factor * _PT_MM
        spacing = ((p.props.space_before_pt or 0) + (p.props.space_after_pt or 0)) * _PT_MM
        height_mm = lines * line_mm + spacing
        if p.table is None:
            used += height_mm
        else:
            key = (p.table, p.row, p.cell)
            cells[key] = cells.get(key, 0.0) + height_mm
    rows: dict[tuple[int, int | None], float] = {}
    for (table, row, _cell), height_mm in cells.items():
        rows[(table, row)] = max(rows.get((table, row), 0.0), height_mm)
    used += sum(rows.values())
    return max(1, math.ceil(used / height)) if height > 0 else 1


def page_count(model: DocxModel) -> tuple[int, str]:
    """(pages, how it is known). python-docx files carry a stale count from its own template
    ("1"), so a recorded count is a floor, not the answer: the larger of it, the page breaks
    + 1 and the estimate from the text."""
    recorded = recorded_pages(model.path) or 1
    estimate = max(estimated_pages(model), page_breaks(model.path) + 1)
    if recorded >= estimate:
        return recorded, "as recorded in the file"
    return estimate, "estimated from its text"
