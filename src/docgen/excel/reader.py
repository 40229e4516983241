"""Untrusted workbooks and Word tables as grids of located cells, read within fixed bounds.

A school's file is checked before it is parsed (its size, its zip members, their unpacked
size), opened read-only, and read for values only: a formula is never evaluated, and a cell
holding one is marked so the importer can refuse it. Merged cells (a title over the list, a unit
written once for several rows) give their value to every cell they cover.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.documents.docx_safe import ZIP_BOMB
from docgen.errors import (
    CellLocation,
    DataError,
    Diagnostic,
    DocxReadError,
    Location,
    TableLocation,
)
from docgen.excel.layout import Limits, load_layout


class Cell:
    """One cell's value and where it is. A sheet has many cells and few errors, so a cell of a
    sheet makes its location only when an error asks for it."""

    __slots__ = ("_at", "_location", "formula", "value")

    def __init__(self, value: Any, location: Location | None, formula: bool = False) -> None:
        self.value = value  # str, int, float, bool, datetime, or None for an empty cell
        self.formula = formula
        self._location = location
        self._at: tuple[str, int, int, str] | None = None

    @classmethod
    def in_sheet(
        cls, value: Any, display: str, row: int, col: int, sheet: str, formula: bool
    ) -> Cell:
        cell = cls(value, None, formula)
        cell._at = (display, row, col, sheet)
        return cell

    @property
    def location(self) -> Location:
        if self._location is None:
            assert self._at is not None
            display, row, col, sheet = self._at
            self._location = CellLocation(display, row, col, sheet=sheet)
        return self._location

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Grid:
    """A table as rows of cells, from a sheet or a Word table."""

    where: Location  # the sheet or the table, for errors about the whole grid
    name: str  # "sheet 'Danh sách'", "bảng 3"
    rows: list[list[Cell]] = field(default_factory=list)
    row_locations: list[Location] = field(default_factory=list)


def _read_error(display: str, message: str, hint: str | None = None) -> DataError:
    return DataError([Diagnostic("DATA-READ", message, Location(display), hint=hint)])


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


_KINDS = {
    "Excel": ("an Excel workbook (.xlsx)", "Excel Workbook (.xlsx)"),
    "Word": ("a Word document (.docx)", "Word Document (.docx)"),
}


_WORKBOOK = "xl/workbook.xml"
# Deflate gives at most about 1,030 bytes for one: a sheet's rows of alike cells come close to
# that, so for a workbook the ratio refuses nothing real (its inflated bytes are bounded instead).
_EXCEL_RATIO = 1100


def check_archive(path: Path, display: str, program: str, limits: Limits | None = None) -> None:
    """Refuse a file that is not a zip package (.xlsx, .docx) within the bounds, before any XML
    of it is parsed. ``program`` is "Excel" or "Word"."""
    bounds = limits or load_layout().limits
    what, save_as = _KINDS[program]
    hint = f"open it in {program} and save it again as {save_as}"
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _read_error(display, f"cannot read {display}: {exc.strerror}") from exc
    if size > bounds.file_bytes:
        raise DataError(
            [
                Diagnostic(
                    "DATA-READ-LIMIT",
                    f"{display} is too large to read: {_megabytes(size)} (at most "
                    f"{_megabytes(bounds.file_bytes)})",
                    Location(display),
                    hint="split the list into several files",
                )
            ]
        )
    damaged = f"cannot read {display}: it is not {what}, or it is damaged"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            if len(members) > bounds.members or unpacked > bounds.unpacked_bytes:
                raise DataError(
                    [
                        Diagnostic(
                            "DATA-READ-LIMIT",
                            f"{display} unpacks to {_megabytes(unpacked)} in {len(members)} "
                            f"parts (at most {_megabytes(bounds.unpacked_bytes)} in "
                            f"{bounds.members}): refused",
                            Location(display),
                            hint=hint,
                        )
                    ]
                )
    # damaged data, an unknown compression (NotImplementedError), a password (RuntimeError)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError, ValueError) as exc:
        raise _read_error(display, damaged, hint) from exc
    _check_parts(path, display, program, bounds, hint)


def _check_parts(path: Path, display: str, program: str, bounds: Limits, hint: str) -> None:
    """Every part inflated by docgen's one safe reader (docgen.documents.docx_safe), counting
    the bytes it actually gives, not the sizes the zip states, and every XML part's bytes
    looked at for a DOCTYPE or another DTD declaration, or an encoding other than UTF-8 and
    UTF-16, before openpyxl or python-docx parses any: whichever XML library they use, and
    whatever its version, never sees one, and a part they read is the size the zip states."""
    from docgen.documents.docx_safe import DOCUMENT, load_limits, open_package

    base = load_limits()
    limits = base.model_copy(
        update={"members": bounds.members, "total_bytes": bounds.unpacked_bytes}
        | (
            # a sheet is streamed by openpyxl, not held as a tree: bounded by the whole file's
            # limit, and XML of rows compresses far more than a Word document's text
            {"xml_part_bytes": bounds.unpacked_bytes, "ratio": _EXCEL_RATIO}
            if program == "Excel"
            else {}
        )
    )
    required = DOCUMENT if program == "Word" else _WORKBOOK
    try:
        with open_package(path, shown=display, limits=limits, document=required) as package:
            package.check_parts()
    except DocxReadError as exc:
        code = "DATA-READ-LIMIT" if ZIP_BOMB in exc.message else "DATA-READ"
        raise DataError(
            [
                Diagnostic(
                    code, f"cannot read {display}: {exc.message}", Location(display), hint=hint
                )
            ]
        ) from None


# -- Excel --------------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - ord("A") + 1)
    return number


@dataclass
class Workbook:
    """An opened workbook (read-only, values only) and where it came from."""

    book: Any
    display: str

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def close(self) -> None:
        self.book.close()


def open_workbook(path: Path, display: str) -> Workbook:
    """Open an .xlsx from outside: bounded, read-only, formulas kept as formulas (never run)."""
    check_archive(path, display, "Excel")
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # a hostile or damaged file may fail anywhere inside openpyxl
        raise _read_error(
            display,
            f"cannot read {display}: it is not an Excel workbook (.xlsx), or it is damaged "
            f"({type(exc).__name__})",
            "open it in Excel and save it again as Excel Workbook (.xlsx)",
        ) from exc
    return Workbook(book, display)


def _merged_ranges(
    workbook: Workbook, sheet: Any, limits: Limits
) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range of the sheet:
    openpyxl's read-only mode does not read them, so they are found in the sheet's XML."""
    path = getattr(sheet, "_worksheet_path", None)
    archive = getattr(workbook.book, "_archive", None)
    if path is None or archive is None:  # pragma: no cover - openpyxl internals moved
        return []
    with archive.open(path) as handle:
        xml = handle.read()
    ranges: list[tuple[int, int, int, int]] = []
    for match in _MERGE.finditer(xml):
        c1, r1, c2, r2 = match.groups()
        ranges.append((int(r1), _column_number(c1), int(r2), _column_number(c2)))
        if len(ranges) > limits.merged_ranges:
            raise DataError(
                [
                    Diagnostic(
                        "DATA-READ-LIMIT",
                        f"sheet '{sheet.title}' has more than {limits.merged_ranges} merged "
                        "ranges: refused",
                        CellLocation(workbook.display, sheet=sheet.title),
                    )
                ]
            )
    return ranges


def sheet_grid(workbook: Workbook, name: str) -> Grid:
    """Every row of a sheet as located cells, within the row and column bounds."""
    limits = load_layout().limits
    display = workbook.display
    try:
        sheet = workbook.book[name]
        merged = _merged_ranges(workbook, sheet, limits)
        grid = Grid(CellLocation(display, sheet=name), f"sheet '{name}'")
        width = limits.columns
        declared = sheet.max_column  # from the sheet's own <dimension>, when it has one
        if isinstance(declared, int) and declared > width:
            raise DataError(
                [
                    Diagnostic(
                        "DATA-READ-LIMIT",
                        f"the sheet is {declared} columns wide: docgen reads at most {width}",
                        grid.where,
                        hint="delete the columns on the right that are not part of the list",
                    )
                ]
            )
        # rows are read as wide as the sheet says it is (every row padded to that width), and
        # one column more than docgen reads, to see anything written beyond
        read = min(declared, width) if isinstance(declared, int) and declared > 0 else width + 1
        for r, row in enumerate(
            # every row, past the limit too (streamed, not kept): a row written beyond it is
            # refused, never dropped without a word
            sheet.iter_rows(min_row=1, max_col=read),
            1,
        ):
            cells = [
                Cell.in_sheet(
                    getattr(item, "value", None),
                    display,
                    r,
                    c,
                    name,
                    getattr(item, "data_type", None) == "f",
                )
                for c, item in enumerate(row[:width], 1)
            ]
            if len(row) > width and getattr(row[width], "value", None) is not None:
                raise DataError(
                    [
                        Diagnostic(
                            "DATA-READ-LIMIT",
                            f"the sheet has more than {width} columns: docgen reads at most "
                            f"{width}",
                            CellLocation(display, r, width + 1, sheet=name),
                            hint="delete the columns on the right that are not part of the list",
                        )
                    ]
                )
            if r > limits.rows:
                if any(not cell.empty for cell in cells):
                    raise DataError(
                        [
                            Diagnostic(
                                "DATA-READ-LIMIT",
                                f"the sheet has more than {limits.rows} rows: docgen reads at "
                                f"most {limits.rows}",
                                CellLocation(display, r, 1, sheet=name),
                                hint="split the list into several files",
                            )
                        ]
                    )
                continue
            grid.rows.append(cells)
            grid.row_locations.append(CellLocation(display, r, 1, sheet=name))
    except DataError:
        raise
    except Exception as exc:  # damaged XML inside the package
        raise _read_error(
            display,
            f"cannot read sheet '{name}' of {display}: it is damaged ({type(exc).__name__})",
            "open it in Excel and save it again as Excel Workbook (.xlsx)",
        ) from exc
    _fill_merged(grid, merged)
    return grid


def _fill_merged(grid: Grid, merged: list[tuple[int, int, int, int]]) -> None:
    """Give each cell of a merged range the value of its first cell (where Excel keeps it)."""
    for r1, c1, r2, c2 in merged:
        if r1 > len(grid.rows):
            continue
        first_row = grid.rows[r1 - 1]
        if c1 > len(first_row):
            continue
        source = first_row[c1 - 1]
        for r in range(r1, min(r2, len(grid.rows)) + 1):
            row = grid.rows[r - 1]
            for c in range(c1, min(c2, len(row)) + 1):
                if (r, c) != (r1, c1):
                    row[c - 1] = source  # the value and the place where it is written


# -- Word -----------------------------------------------------------------------------------------


@dataclass
class WordDocument:
    """The tables of a .docx as grids, and its text in document order (for the date line and
    the subject): (table number, or 0 for a paragraph of the body; the text)."""

    display: str
    tables: list[Grid]
    texts: list[tuple[int, str]]


def _text(p: Any) -> str:
    """A paragraph's text as Word shows it (tabs and breaks included)."""
    from docx.text.paragraph import Paragraph

    text = str(Paragraph(p, None).text)  # type: ignore[arg-type]  # no part needed for text
    # a no-break space (docgen's own lists keep names whole with them, and Word users type
    # them) is a space of the name: "Nghệ\u00a0An" is the province "Nghệ An"
    return text.replace("\u00a0", " ")


def _table_rows(table: Any, limits: Limits) -> Iterator[list[str]]:
    """The text of each row's cells, one per grid column: a cell spanning columns gives its
    text to each, a cell merged down takes the text of the cell above. (python-docx's
    ``row.cells`` does the same but recomputes the whole table for every row.)"""
    above: dict[int, str] = {}
    for tr in table.tr_lst:
        texts: list[str] = []
        for tc in tr.tc_lst:
            column = len(texts)
            if tc.vMerge == "continue":
                text = above.get(column, "")
            else:
                parts = (_text(p).strip() for p in tc.p_lst)
                text = " ".join(part for part in parts if part)
            for _ in range(max(1, tc.grid_span)):
                above[len(texts)] = text
                texts.append(text)
            if len(texts) >= limits.columns:
                break
        yield texts[: limits.columns]


def read_word(path: Path, display: str) -> WordDocument:
    """Open a .docx from outside (bounded) and read its top-level tables cell by cell."""
    check_archive(path, display, "Word")
    limits = load_layout().limits
    try:
        from docx import Document
        from docx.oxml.ns import qn

        doc = Document(str(path))
        texts: list[tuple[int, str]] = []
        tables: list[Grid] = []
        for child in doc.element.body.iterchildren():
            if child.tag == qn("w:p"):
                texts.append((0, _text(child)))
                continue
            if child.tag != qn("w:tbl"):
                continue
            number = len(tables) + 1
            grid = Grid(TableLocation(display, table=number), f"bảng {number}")
            for r, row in enumerate(_table_rows(child, limits), 1):
                where = TableLocation(display, r, table=number)
                if r > limits.rows:
                    raise DataError(
                        [
                            Diagnostic(
                                "DATA-READ-LIMIT",
                                f"the table has more than {limits.rows} rows",
                                where,
                            )
                        ]
                    )
                grid.rows.append([Cell(text, where) for text in row])
                grid.row_locations.append(where)
                texts.extend((number, text) for text in dict.fromkeys(row))
            tables.append(grid)
    except DataError:
        raise
    except Exception as exc:  # a damaged package or hostile XML
        raise _read_error(
            display,
            f"cannot read {display}: it is not a Word document (.docx), or it is damaged "
            f"({type(exc).__name__})",
            "open it in Word and save it again as Word Document (.docx)",
        ) from exc
    return WordDocument(display, tables, [(n, unicodedata.normalize("NFC", t)) for n, t in texts])
