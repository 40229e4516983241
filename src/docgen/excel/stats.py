"""The award statistics (docgen stats) as a workbook: the heading, one row a group, a total row
of formulas, and the notes saying what the figures rest on and leave out."""

from __future__ import annotations

from copy import copy
from typing import Any

from openpyxl.styles import Alignment, NamedStyle
from openpyxl.utils import get_column_letter

from docgen.awards.stats import StatsTable
from docgen.excel.layout import (
    STYLES,
    Formula,
    load_layout,
    new_workbook,
    number_style,
    print_setup,
    row_height,
    set_widths,
    title_rows,
    workbook_bytes,
)

COUNT_FORMAT = "#,##0"  # counts with the reader's thousands separator, as the money
_NOTE = "docgen-stats-note"
_TOTAL_COUNT = "docgen-stats-total-count"


def stats_workbook(table: StatsTable) -> bytes:
    """The table as .xlsx bytes. Counts and money are numbers; the total row sums the rows
    with formulas (the decisions' count is docgen's own when one decision awards several
    groups, as the notes say), so that the sheet stays right when a clerk edits it."""
    layout = load_layout()
    wb = new_workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = layout.stats.sheet
    headers = table.headers
    width = len(headers)
    heading = table.heading()
    header = title_rows(
        sheet,
        [(heading[0], STYLES.title), *((line, STYLES.subtitle) for line in heading[1:])],
        width,
    )
    widths = list(layout.stats.widths)
    size = layout.sizes.text
    for r in range(2, header - 1):  # the subtitle lines span the whole table: wrap across it
        sheet.row_dimensions[r].height = row_height(
            [sheet.cell(row=r, column=1).value], [sum(widths)], size
        )
    for col, text in enumerate(headers, 1):
        sheet.cell(row=header, column=col, value=text).style = STYLES.header
    sheet.row_dimensions[header].height = row_height(headers, widths, layout.sizes.header)
    count = number_style(wb, COUNT_FORMAT)
    _own_styles(wb)
    styles = [STYLES.wrap, count, count, count, count, STYLES.money]
    r = header + 1
    for row in table.rows:
        values: list[Any] = [row.label, *row.figures.values()]
        for col, (value, style) in enumerate(zip(values, styles, strict=True), 1):
            _put(sheet.cell(row=r, column=col), value, style)
        sheet.row_dimensions[r].height = row_height(values[:1], widths[:1], size)
        r += 1
    first, last = header + 1, r - 1
    sheet.cell(row=r, column=1, value="Tổng cộng").style = STYLES.total
    for col, value in enumerate(table.total.values(), 2):
        letter = get_column_letter(col)
        sums = col > 2 or table.decisions_add_up
        cell = sheet.cell(row=r, column=col)
        cell.value = (
            Formula(f"=SUM({letter}{first}:{letter}{last})") if table.rows and sums else value
        )
        cell.style = STYLES.total_money if col == width else _TOTAL_COUNT
    r += 2
    for note in table.notes():
        _put(sheet.cell(row=r, column=1), note, _NOTE)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        sheet.row_dimensions[r].height = row_height([note], [sum(widths)], size)
        r += 1
    set_widths(sheet, widths)
    print_setup(sheet, header, width, r - 1)  # the print area holds the notes too
    return workbook_bytes(wb)


def _put(cell: Any, value: object, style: str) -> None:
    """A value in a cell; text is text, even when it starts with "=" (a school's name is never
    run as a formula in the reader's Excel)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    cell.style = style


def _own_styles(wb: Any) -> None:
    """The notes under the table (the workbook's note style, wrapped across the table) and the
    total row's counts (bold, centred as the counts above them)."""
    named = {s.name: s for s in wb._named_styles}
    note = NamedStyle(name=_NOTE)
    note.font = copy(named[STYLES.note].font)
    note.alignment = Alignment(vertical="top", wrap_text=True)
    wb.add_named_style(note)
    total = NamedStyle(name=_TOTAL_COUNT, number_format=COUNT_FORMAT)
    total.font = copy(named[STYLES.total_money].font)
    total.border = copy(named[STYLES.total_money].border)
    total.alignment = Alignment(horizontal="center")
    wb.add_named_style(total)
