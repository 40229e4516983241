"""A school's nominee list as the clerk edits it in Excel: exported by docgen, then opened."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from docgen.excel.nominees import export_nominees


@dataclass
class OpenList:
    book: Any  # openpyxl's workbook
    sheet: Any  # its "Danh sách" sheet
    columns: dict[str, int]  # header → column number
    people: list[int]  # the rows of persons (those with a gender), in order

    def cell(self, row: int, header: str) -> Any:
        return self.sheet.cell(row, self.columns[header])


def exported_list(root: Path, workbook: Path, year: int = 2024, body: str = "lao-cai") -> OpenList:
    """``body``'s list of ``year`` exported to ``workbook`` and opened."""
    export_nominees(root, year, body, workbook)
    book = openpyxl.load_workbook(workbook)
    sheet = book["Danh sách"]
    header = next(r for r in sheet.iter_rows() if any(c.value == "Giới tính" for c in r))
    columns = {str(c.value): c.column for c in header}
    people = [
        r
        for r in range(header[0].row + 1, sheet.max_row + 1)
        if sheet.cell(r, columns["Giới tính"]).value
    ]
    return OpenList(book, sheet, columns, people)
