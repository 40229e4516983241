"""The look of the workbooks docgen writes: one font, title rows, a header row, print set-up."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

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


class StatsLayout(_Rule):
    sheet: str
    widths: tuple[float, ...]  # the group's column, then the figures of stats.HEADERS


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
    stats: StatsLayout


@cache
def load_layout() -> SpreadsheetRules:
    """The packaged spreadsheet rules (rules/spreadsheets.yaml); parsed once per process."""
    from docgen.rules import read_rules_file

    return SpreadsheetRules.model_validate(read_rules_file("spreadsheets.yaml"))


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


def number_style(wb: Workbook, number_format: str) -> str:
    """A centred number style with its own format (``00``, ``0000``): its name, added once."""
    from copy import copy

    name = f"docgen-number-{number_format}"
    book: Any = wb
    if name not in book.named_styles:
        centre = next(s for s in book._named_styles if s.name == STYLES.centre)
        style = NamedStyle(name=name, number_format=number_format)
        style.font, style.border = copy(centre.font), copy(centre.border)
        style.alignment = copy(centre.alignment)
        wb.add_named_style(style)
    return name


def title_rows(ws: Worksheet, lines: Sequence[tuple[str, str]], columns: int) -> int:
    """Centred title lines across ``columns`` (merged), each with its style; returns the next
    free row (one blank row is left under the title)."""
    for row, (text, style) in enumerate(lines, 1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.style = style
        if columns > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    return len(lines) + 2


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def line_count(text: object, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell of ``width`` (an estimate)."""
    if text is None:
        return 1
    per_line = max(1, int(width * _chars_per_width() - 1))
    text = str(text)
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for paragraph in text.split("\n"):
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


@cache
def _chars_per_width() -> float:
    return load_layout().text_metrics.chars_per_width


def row_height(values: Sequence[object], widths: Sequence[float], size: float) -> float:
    """The height (pt) of a row whose wrapped cells hold ``values`` in columns of ``widths``
    (0: a cell that does not wrap)."""
    lines = max(
        (line_count(v, w) for v, w in zip(values, widths, strict=False) if w and v is not None),
        default=1,
    )
    return round(lines * size * load_layout().text_metrics.line_height + 2, 1)


def print_setup(ws: Worksheet, header: int, columns: int, last_row: int | None = None) -> None:
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
    last = max(last_row or 0, ws.max_row, header)
    ws.print_area = f"A1:{get_column_letter(columns)}{last}"


class Formula(str):
    """A cell formula (``=SUM(F7:F18)``). Any other text is written as text, even when it
    starts with "=": a name in a list is never run as a formula in the reader's Excel."""


class FastRows:
    """Data rows written straight as sheet XML, placed under the rows openpyxl wrote (titles,
    header) when the workbook is saved: openpyxl's writer spends ~15 µs on each cell, 1.5 s on
    a 10,000-row list; this writes the same cells (numbers, named styles), its text in the
    workbook's shared strings as Excel and Calc write it: a list read back is read 20 % faster
    than with inline text, and a unit's name repeated on 10,000 rows is stored once."""

    def __init__(self, wb: Workbook, ws: Worksheet) -> None:
        self.wb = wb
        self.ws = ws
        self.strings = shared_strings(wb)
        self.parts: list[str] = []
        self.ids: dict[str, int] = {}
        self.letters: list[str] = [""]
        self.last_row = 0
        self.last_col = 0

    def style_id(self, name: str) -> int:
        """The cellXfs index of a named style (found through a cell of a scratch sheet)."""
        if name not in self.ids:
            scratch = self.wb.create_sheet("docgen-scratch")
            cell = scratch.cell(row=1, column=1)
            cell.style = name
            self.ids[name] = cell.style_id
            self.wb.remove(scratch)
        return self.ids[name]

    def row(
        self, r: int, values: Sequence[object], styles: Sequence[str | None], height: float
    ) -> None:
        """One row; a cell whose style is None is not written."""
        from docgen.documents.xmltext import escape

        while len(self.letters) <= len(values):
            self.letters.append(get_column_letter(len(self.letters)))
        cells = []
        for c, (value, style) in enumerate(zip(values, styles, strict=True), 1):
            if style is None:
                continue
            head = f'<c r="{self.letters[c]}{r}" s="{self.style_id(style)}"'
            if value is None:
                cells.append(head + "/>")
            elif isinstance(value, bool):
                cells.append(f'{head} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, Formula):
                cells.append(f"{head}><f>{escape(value.removeprefix('='))}</f></c>")
            elif isinstance(value, int | float):
                cells.append(f"{head}><v>{value}</v></c>")
            elif isinstance(value, dt.date):
                serial = (value - dt.date(1899, 12, 30)).days  # Excel's day numbers (1900 system)
                cells.append(f"{head}><v>{serial}</v></c>")
            else:
                text = str(value)
                index = self.strings.get(text)
                if index is None:
                    index = self.strings[text] = len(self.strings)
                cells.append(f'{head} t="s"><v>{index}</v></c>')
            self.last_col = max(self.last_col, c)
        self.parts.append(f'<row r="{r}" ht="{height}" customHeight="1">{"".join(cells)}</row>')
        self.last_row = max(self.last_row, r)

    def merge(self, r: int, first: int, last: int) -> None:
        """Merge columns ``first``..``last`` of row ``r`` (the sheet keeps the range only: the
        cells are this writer's)."""
        self.ws.merged_cells.add(f"{get_column_letter(first)}{r}:{get_column_letter(last)}{r}")

    def splice(self, xml: bytes) -> bytes:
        import re

        rows = "".join(self.parts).encode("utf-8")
        if b"<sheetData/>" in xml:
            xml = xml.replace(b"<sheetData/>", b"<sheetData>" + rows + b"</sheetData>", 1)
        else:
            xml = xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)
        span = f"A1:{get_column_letter(max(1, self.last_col))}{max(1, self.last_row)}"
        return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{span}"/>'.encode(), xml)


def shared_strings(wb: Workbook) -> dict[str, int]:
    """The workbook's shared strings (text → index) that ``FastRows`` cells use; openpyxl writes
    its own cells' text inline, so the table holds only these and ``workbook_bytes`` writes it."""
    table: dict[str, int] | None = getattr(wb, "_docgen_shared_strings", None)
    if table is None:
        table = {}
        wb._docgen_shared_strings = table  # type: ignore[attr-defined]
    return table


_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _shared_strings_xml(table: dict[str, int]) -> bytes:
    from docgen.documents.xmltext import escape

    items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in table)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>'
    ).encode()


def _with_shared_strings(name: str, data: bytes) -> bytes:
    """[Content_Types].xml and the workbook's relationships, naming xl/sharedStrings.xml."""
    if name == "[Content_Types].xml":
        part = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'
        return data.replace(b"</Types>", part.encode() + b"</Types>", 1)
    part = f'<Relationship Id="rIdDocgenSst" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
    return data.replace(b"</Relationships>", part.encode() + b"</Relationships>", 1)


def workbook_bytes(wb: Workbook, fast: Sequence[FastRows] = ()) -> bytes:
    """The workbook as .xlsx bytes; the same workbook always gives the same bytes (members
    stamped with the fixed build time, as the .docx outputs)."""
    import io
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    stored = io.BytesIO()
    # openpyxl's save() stamps the time of saving; its writer keeps the workbook's own times
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        wb.properties.modified = wb.properties.created
        ExcelWriter(wb, archive).save()
    sheets: list[Any] = list(wb.worksheets)
    splices = {f"xl/worksheets/sheet{sheets.index(f.ws) + 1}.xml": f for f in fast}
    stamp = _FIXED_TIME.timetuple()[:6]
    strings = shared_strings(wb)
    out = io.BytesIO()
    with zipfile.ZipFile(stored) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in splices:
                data = splices[info.filename].splice(data)
            if strings and info.filename in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                data = _with_shared_strings(info.filename, data)
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            dst.writestr(member, data)
        if strings:
            member = zipfile.ZipInfo("xl/sharedStrings.xml", date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, _shared_strings_xml(strings))
    return out.getvalue()
