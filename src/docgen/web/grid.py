"""A nominee list as an editable grid: the proposal file ⇄ rows of cells, pasted text read.

The grid's columns are those of a school's Excel list (rules/spreadsheets.yaml ``nominees``);
its cells are read by the importer's own reader (docgen.excel.table.Reader) and assembled by its
own code (docgen.excel.nominee_assembly), so a cell typed in the browser, pasted from Excel or
imported from a workbook gives the same data and the same messages, each at its cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from docgen.data.models import AwardCatalogue
from docgen.errors import CellLocation, Diagnostic, Location, Problems
from docgen.excel.layout import NomineeColumn, load_layout
from docgen.excel.nominee_assembly import _assemble, _check_others
from docgen.excel.nominee_sources import Given
from docgen.excel.proposals import _FIELDS, Context, _nominee_data, proposal_path
from docgen.excel.reader import Cell, Grid
from docgen.excel.table import Header, Reader, find_header, read_date

# the locations of the grid's own cells and of the list's shared fields, told apart by "sheet"
GRID = "grid"
HEAD = "head"
HEAD_FIELDS = ("campaign", "date", "award")


def columns() -> list[NomineeColumn]:
    """The grid's columns: the Excel list's, without its STT (the row's place) and the
    Tờ trình's combined "Chức vụ, đơn vị" (read on import, never written)."""
    return [c for c in load_layout().nominees.columns if c.width and c.field != "index"]


@dataclass
class GridRow:
    """One row as the page shows it: its cells' text, where it came from in the file
    (``individuals:3``; empty for a new row), and the problems of each cell and of the row."""

    cells: dict[str, str]
    origin: str = ""
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)
    row_problems: list[Diagnostic] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not any(v.strip() for v in self.cells.values())


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def rows_of(data: dict[str, Any], catalogue: AwardCatalogue) -> list[GridRow]:
    """The rows of a proposal file's data (as the loader reads it): collectives, then
    individuals, each cell as a clerk would type it (Tập thể, Nam, the award's name)."""
    layout = load_layout().nominees
    names = {a.id: a.name for a in catalogue.awards}
    rows = []
    for group, kind in (("collectives", "collective"), ("individuals", "individual")):
        for i, nominee in enumerate(data.get(group) or []):
            if not isinstance(nominee, dict):
                continue
            cells = {c.field: _shown(nominee.get(c.field)) for c in columns()}
            cells["kind"] = layout.kinds[kind]
            gender = nominee.get("gender")
            if isinstance(gender, str):
                cells["gender"] = layout.genders.get(gender, gender)
            award = nominee.get("award")
            if isinstance(award, str):
                cells["award"] = names.get(award, award)
            if cells.get("rank") == "0":
                cells["rank"] = ""
            rows.append(GridRow(cells, f"{group}:{i}"))
    return rows


def _split(text: str) -> list[list[str]]:
    """Tab-separated text as Excel and LibreOffice Calc copy it: a cell holding a line break or
    a tab comes in quotes, with its quotes doubled."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), "excel-tab")
    return [row for row in reader if any(c.strip() for c in row)]


def pasted_rows(text: str, max_rows: int) -> tuple[list[GridRow], str | None]:
    """The rows of a block of cells pasted from a spreadsheet. Its first line may name the
    columns (any title the importer knows: "Họ và tên", "Chức danh" …); without one the
    columns are the grid's, in its order. Returns the rows and what was refused, if anything."""
    lines = _split(text)
    if not lines:
        return [], None
    order = [c.field for c in columns()]
    where = Location("paste")
    grid = Grid(where, "paste", [[Cell(v, where) for v in lines[0]]], [where])
    header = find_header(grid)
    if header is not None:
        fields = {col: f for col, f in header.fields.items() if f in order}
        lines = lines[1:]
    else:
        fields = dict(enumerate(order))
    refused = None
    if len(lines) > max_rows:
        refused = f"chỉ nhận {max_rows} dòng một lần; {len(lines) - max_rows} dòng sau bị bỏ"
        lines = lines[:max_rows]
    rows = []
    for line in lines:
        cells = {f: "" for f in order}
        for col, value in enumerate(line):
            if col in fields:
                # never cut: a cell too long is reported at its cell by the reader
                cells[fields[col]] = value.strip()
        rows.append(GridRow(cells))
    return rows, refused


@dataclass
class Checked:
    """A grid read as the proposal's data: the data to write (None when a cell is wrong),
    and every problem found, each placed at its cell, at a shared field, or on the list."""

    data: dict[str, Any] | None
    head: dict[str, list[Diagnostic]]
    general: list[Diagnostic]
    count: int = 0


def check_grid(
    ctx: Context,
    year: Any,
    school: str,
    head: dict[str, str],
    rows: list[GridRow],
    old: dict[str, Any] | None,
) -> Checked:
    """Read the grid with the importer's reader and assembly (the same checks and messages as
    ``docgen import nominees`` and ``docgen validate`` on the list: a wrong cell, an award for
    collectives given to a person, a nominee proposed twice here or in another list of the year),
    and the data to write: what the grid does not show of a nominee (its initiatives, an
    eligibility override) is kept from the row it came from."""
    layout = load_layout().nominees
    order = columns()
    problems = Problems()
    display = f"data/proposals/{year}/{school}.yaml"
    head_at = {f: CellLocation(display, 1, i + 1, sheet=HEAD) for i, f in enumerate(HEAD_FIELDS)}
    shared: dict[str, Given] = {}
    if head.get("campaign"):
        shared["campaign"] = Given(head["campaign"], head_at["campaign"])
    if head.get("date"):
        day, why = read_date(head["date"])
        if day is None:
            problems.add("DATA-DATE", f"'{layout.label('date')}': {why}", head_at["date"])
        else:
            shared["date"] = Given(day, head_at["date"])
    if head.get("award"):
        shared["award"] = Given(head["award"], head_at["award"])
    kept = [r for r in rows if not r.blank]
    where = CellLocation(display, None, None, sheet=GRID)
    header_row = [Cell(c.header, where) for c in order]
    grid = Grid(where, "bảng danh sách", [header_row], [where])
    for n, row in enumerate(kept, 1):
        grid.rows.append(
            [
                Cell(row.cells.get(c.field) or None, CellLocation(display, n, i + 1, sheet=GRID))
                for i, c in enumerate(order)
            ]
        )
        grid.row_locations.append(CellLocation(display, n, 1, sheet=GRID))
    header = Header(0, {i: c.field for i, c in enumerate(order)}, {})
    reader = Reader(grid, header, ctx.catalogue, ctx.school_name(school), layout, problems)
    read = reader.rows()
    # the rows that read well are assembled too: a duplicate is reported with a wrong cell
    proposal = _assemble(ctx, read, shared, year, school, None, layout, problems, grid, display)
    if proposal is not None:
        _check_others(ctx, proposal, read, proposal_path(ctx.root, year, school), problems)
    # each problem back to its cell, its shared field, or the whole list
    heads: dict[str, list[Diagnostic]] = {}
    general: list[Diagnostic] = []
    for d in problems.items:
        loc = d.location
        if isinstance(loc, CellLocation) and loc.sheet == GRID and loc.line:
            row = kept[loc.line - 1]
            name = order[(loc.col or 1) - 1].field
            row.problems.setdefault(name, []).append(d)
        elif isinstance(loc, CellLocation) and loc.sheet == HEAD and loc.col:
            heads.setdefault(HEAD_FIELDS[loc.col - 1], []).append(d)
        else:
            general.append(d)
    if problems or proposal is None:
        return Checked(None, heads, general)
    return Checked(_data(proposal, kept, read, old), heads, general, len(kept))


def _data(proposal: Any, kept: list[GridRow], read: list[Any], old: dict[str, Any] | None) -> dict:
    """The file's data: the shared fields (under the file's own ``body:`` or ``school:``), then
    the nominees in the grid's order, each with what the grid does not show of it kept."""
    old = old or {}
    body_key = "body" if "body" in old and "school" not in old else "school"
    data: dict[str, Any] = {
        "campaign": proposal.campaign,
        "year": proposal.year,
        body_key: proposal.school,
        "date": proposal.date,
        "award": proposal.award,
    }
    origins = {id(r): g.origin for g, r in zip(kept, read, strict=True)}
    groups: dict[str, list[dict[str, Any]]] = {"collectives": [], "individuals": []}
    models = {"collectives": list(proposal.collectives), "individuals": list(proposal.individuals)}
    for row in read:
        group = "collectives" if row.kind == "collective" else "individuals"
        nominee = _nominee_data(models[group][len(groups[group])])
        origin = origins[id(row)]
        if origin:
            before_group, _, index = origin.partition(":")
            earlier = old.get(before_group) or []
            before = earlier[int(index)] if index.isdigit() and int(index) < len(earlier) else None
            if isinstance(before, dict):
                shown = set(_FIELDS[row.kind]) | {c.field for c in columns()}
                nominee.update({k: v for k, v in before.items() if k not in shown})
        groups[group].append(nominee)
    for group, items in groups.items():
        if items:
            data[group] = items
    return data
