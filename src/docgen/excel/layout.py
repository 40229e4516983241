"""The look of the workbooks docgen writes: one font, title rows, a header row, print set-up."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict

from docgen.rules import load_rules


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Rule):
    file_bytes: int
    unpacked_bytes: int
    members: int
    rows: int
    columns: int
    header_rows: int
    cell_chars: int
    merged_ranges: int


class NomineeColumn(_Rule):
    field: str
    header: str
    aliases: tuple[str, ...] = ()
    width: float
    required: bool = False
    wrap: bool = False


class InfoRow(_Rule):
    field: str
    label: str


class NomineeLayout(_Rule):
    sheet: str
    info_sheet: str
    lists_sheet: str
    title: str
    kinds: dict[str, str]
    genders: dict[str, str]
    columns: tuple[NomineeColumn, ...]
    info: tuple[InfoRow, ...]

    def column(self, field: str) -> NomineeColumn:
        return next(c for c in self.columns if c.field == field)

    def label(self, field: str) -> str:
        return next(r.label for r in self.info if r.field == field)


class Column(_Rule):
    header: str
    width: float
    wrap: bool = False


class DecisionLayout(_Rule):
    sheet: str
    columns: tuple[Column, ...]
    money_format: str
    coefficient_format: str


class RegisterLayout(_Rule):
    sheet: str
    widths: tuple[float, ...]


class BookLayout(_Rule):
    sheet: str
    columns: tuple[Column, ...]


class Sizes(_Rule):
    title: float
    header: float
    text: float


class TextMetrics(_Rule):
    chars_per_width: float
    line_height: float


class SpreadsheetRules(_Rule):
    paper: Literal["A4", "A3"]
    orientation: Literal["landscape", "portrait"]
    sizes: Sizes
    text_metrics: TextMetrics
    limits: Limits
    nominees: NomineeLayout
    decision: DecisionLayout
    register_book: RegisterLayout
    book: BookLayout


@cache
def load_layout() -> SpreadsheetRules:
    """The packaged spreadsheet rules (rules/spreadsheets.yaml); parsed once per process."""
    text = resources.files("docgen").joinpath("rules/spreadsheets.yaml").read_text("utf-8")
    return SpreadsheetRules.model_validate(yaml.safe_load(text))


# Excel's codes for paper sizes (ECMA-376 Part 1, 18.3.1.63 pageSetup/@paperSize).
_PAPER_CODES = {"A4": 9, "A3": 8}
_MM_PER_INCH = 25.4
# What a workbook's properties say it was made: docgen's fixed build time, or SOURCE_DATE_EPOCH,
# so that the same data gives the same bytes (as the .docx outputs, render.FIXED_ZIP_TIME).
_FIXED_TIME = dt.datetime(2026, 1, 1)


def build_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return _FIXED_TIME


@dataclass(frozen=True)
class Styles:
    """The named cell styles of a docgen workbook (one lookup per cell, not one per property)."""

    title: str = "docgen-title"
    subtitle: str = "docgen-subtitle"
    header: str = "docgen-header"
    text: str = "docgen-text"
    wrap: str = "docgen-wrap"
    centre: str = "docgen-centre"
    number: str = "docgen-number"
    money: str = "docgen-money"
    coefficient: str = "docgen-coefficient"
    date: str = "docgen-date"
    section: str = "docgen-section"
    total: str = "docgen-total"
    total_money: str = "docgen-total-money"
    note: str = "docgen-note"


STYLES = Styles()


def new_workbook() -> Workbook:
    """An empty workbook whose every cell, typed later by a clerk too, is in the official font."""
    rules = load_layout()
    font_name = load_rules().page.font  # ND 30/2020 Phụ lục I mục I.3
    wb = Workbook()
    base = Font(name=font_name, size=rules.sizes.text)
    # the default font (index 0) is what an empty cell shows; openpyxl starts with Calibri 11
    book: Any = wb  # openpyxl keeps the style tables on private attributes
    book._fonts = IndexedList([base])
    book._named_styles["Normal"].font = base
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(vertical="top")
    money = load_layout().decision.money_format

    def add(name: str, **kwargs: Any) -> None:
        wb.add_named_style(NamedStyle(name=name, **kwargs))

    bold = Font(name=font_name, size=rules.sizes.text, bold=True)
    add(STYLES.title, font=Font(name=font_name, size=rules.sizes.title, bold=True),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))  # fmt: skip
    add(STYLES.subtitle, font=Font(name=font_name, size=rules.sizes.text, italic=True),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))  # fmt: skip
    add(STYLES.header, font=Font(name=font_name, size=rules.sizes.header, bold=True), border=grid,
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))  # fmt: skip
    add(STYLES.text, font=base, border=grid, alignment=top)
    add(STYLES.wrap, font=base, border=grid, alignment=Alignment(vertical="top", wrap_text=True))
    add(STYLES.centre, font=base, border=grid,
        alignment=Alignment(horizontal="center", vertical="top"))  # fmt: skip
    add(STYLES.number, font=base, border=grid, alignment=top, number_format="0")
    add(STYLES.money, font=base, border=grid, alignment=top, number_format=money)
    add(STYLES.coefficient, font=base, border=grid, number_format=rules.decision.coefficient_format,
        alignment=Alignment(horizontal="center", vertical="top"))  # fmt: skip
    add(STYLES.date, font=base, border=grid, number_format="dd/mm/yyyy",
        alignment=Alignment(horizontal="center", vertical="top"))  # fmt: skip
    add(STYLES.section, font=bold, border=grid, alignment=top)
    add(STYLES.total, font=bold, border=grid, alignment=Alignment(horizontal="center"))
    add(STYLES.total_money, font=bold, border=grid, number_format=money)
    add(STYLES.note, font=Font(name=font_name, size=rules.sizes.text, italic=True))
    wb.properties.creator = "docgen"
    wb.properties.created = wb.properties.modified = build_time()
    return wb


def title_rows(ws: Worksheet, lines: Sequence[tuple[str, str]], columns: int) -> int:
    """Centred title lines across ``columns`` (merged), each with its style; returns the next
    free row (one blank row is left under the title)."""
    for row, (text, style) in enumerate(lines, 1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.style = style
        if columns > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    return len(lines) + 2


def header_row(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, 1):
        ws.cell(row=row, column=col, value=text).style = STYLES.header


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def line_count(text: object, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell of ``width`` (an estimate)."""
    if text is None:
        return 1
    per_line = max(1, int(width * load_layout().text_metrics.chars_per_width) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        words, length = paragraph.split(), 0
        lines += 1
        for word in words:
            if length and length + 1 + len(word) > per_line:
                lines += 1
                length = len(word)
            else:
                length += (1 if length else 0) + len(word)
            while length > per_line:  # a word longer than the line breaks inside
                lines += 1
                length -= per_line
    return max(1, lines)


def row_height(values: Sequence[object], widths: Sequence[float], size: float) -> float:
    """The height (pt) of a row whose wrapped cells hold ``values`` in columns of ``widths``
    (0: a cell that does not wrap)."""
    lines = max(
        (line_count(v, w) for v, w in zip(values, widths, strict=False) if w and v is not None),
        default=1,
    )
    return round(lines * size * load_layout().text_metrics.line_height + 2, 1)


def print_setup(ws: Worksheet, header: int, columns: int) -> None:
    """A4 landscape, as wide as the page, the header row on every page, the official margins,
    frozen under the header row so it stays in view on screen too."""
    rules = load_layout()
    margins = load_rules().page.margins_mm  # ND 30/2020 Phụ lục I mục I.4
    setup = ws.page_setup
    setup.paperSize = _PAPER_CODES[rules.paper]
    setup.orientation = rules.orientation
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the list needs
    from openpyxl.worksheet.properties import PageSetupProperties

    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # the portrait page's left (binding) margin stays on the left when the page turns
    ws.page_margins.left = margins["left"].default / _MM_PER_INCH
    ws.page_margins.right = margins["right"].default / _MM_PER_INCH
    ws.page_margins.top = margins["top"].default / _MM_PER_INCH
    ws.page_margins.bottom = margins["bottom"].default / _MM_PER_INCH
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header}:{header}"
    ws.freeze_panes = f"A{header + 1}"
    if ws.oddFooter is not None and ws.oddFooter.center is not None:
        ws.oddFooter.center.text = "&P/&N"  # page / pages
    ws.print_area = f"A1:{get_column_letter(columns)}{max(ws.max_row, header)}"


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes; the same workbook always gives the same bytes."""
    import io
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    from docgen.render import reproducible_zip

    buffer = io.BytesIO()
    # openpyxl's save() stamps the time of saving; its writer keeps the workbook's own times
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = wb.properties.created
        ExcelWriter(wb, archive).save()
    return reproducible_zip(buffer.getvalue())
