"""A school's nominee list in and out: its proposal file ⇄ a workbook; a Tờ trình's table in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.data.yaml_writer import schema_reference
from docgen.errors import DataError, Diagnostic, Location, OutputError, Problems
from docgen.excel.layout import load_layout
from docgen.excel.nominee_assembly import _assemble, _check_others
from docgen.excel.nominee_sources import _overrides, _shared_values, _word_table, _xlsx_table
from docgen.excel.nominee_workbook import nominee_workbook
from docgen.excel.proposals import (
    _check_school,
    _load_proposal,
    find_proposal,
    load_context,
    proposal_path,
    proposal_yaml,
)
from docgen.excel.table import Reader, check_header
from docgen.output import write_atomic


@dataclass
class ExportResult:
    path: Path
    source: Path
    collectives: int
    individuals: int


def export_nominees(root: Path, year: int, school: str, out: Path) -> ExportResult:
    ctx = load_context(root)
    path, proposal = find_proposal(ctx, year, school)
    write_atomic(out, nominee_workbook(ctx, proposal))
    return ExportResult(out, path, len(proposal.collectives), len(proposal.individuals))


@dataclass
class ImportResult:
    path: Path
    collectives: int
    individuals: int
    written: bool  # False: the file already held exactly this data


def import_nominees(
    root: Path,
    source: Path,
    year: int,
    school: str,
    out: Path | None = None,
    *,
    force: bool = False,
    campaign: str | None = None,
    date: str | None = None,
    award: str | None = None,
) -> ImportResult:
    """Read a nominee list (.xlsx, or the table of a Tờ trình .docx) into the school's
    proposal file. Raises DataError listing every bad cell; OutputError when the target holds
    other data and ``force`` is not given.

    Every problem is reported at once (``lao-cai.xlsx:Danh sách!C12: error[DATA-VALUE]: …``)
    and nothing is written unless all is well; then the file is written atomically. An
    exported workbook imports back to exactly the same data."""
    ctx = load_context(root)
    _check_school(ctx, school)
    display = source.name
    target = out if out is not None else proposal_path(root, year, school)
    suffix = source.suffix.lower()
    texts: list[str] = []
    if suffix == ".xlsx":
        grid, header, info = _xlsx_table(source, display)
    elif suffix == ".docx":
        grid, header, info, texts = _word_table(source, display)
    else:
        raise DataError(
            [
                Diagnostic(
                    "DATA-READ",
                    f"{display}: docgen reads nominee lists from .xlsx (Excel) or .docx (a "
                    "Tờ trình's table)",
                    Location(display),
                    hint="in Excel, save an .xls or .csv file as Excel Workbook (.xlsx)",
                )
            ]
        )
    layout = load_layout().nominees
    problems = Problems()
    if header is None:
        required = ", ".join(f"'{c.header}'" for c in layout.columns if c.required)
        where = (
            f"the first {load_layout().limits.header_rows} rows of {grid.name}"
            if suffix == ".xlsx"
            else "any of its tables"
        )
        problems.add(
            "DATA-HEADER",
            f"no header row of a nominee list in {where}",
            grid.where,
            f"a header row names the columns, among them {required}",
        )
        problems.raise_if_any()
        raise AssertionError  # pragma: no cover - raise_if_any raised
    check_header(grid, header, layout, problems)
    school_name = ctx.school_name(school)
    reader = Reader(grid, header, ctx.catalogue, school_name, layout, problems)
    rows = reader.rows() if not problems else []

    prior_path = target if target.exists() else proposal_path(root, year, school)
    loaded = _load_proposal(ctx, prior_path)[0] if prior_path.exists() else None
    prior = loaded
    if prior is not None and (prior.school != school or prior.year != year):
        prior = None
    shared = _shared_values(ctx, info, texts, rows, year, school, prior, problems, display)
    shared.update(_overrides(ctx, campaign, date, award, problems))
    proposal = _assemble(ctx, rows, shared, year, school, prior, layout, problems, grid, display)
    if proposal is not None:
        _check_others(ctx, proposal, rows, target, problems)
    problems.raise_if_any()
    assert proposal is not None
    text = proposal_yaml(proposal, schema_reference(target, root, "proposal"), school_name)
    if prior_path == target:
        current = loaded  # read once
    else:
        current = _load_proposal(ctx, target)[0] if target.exists() else None
    result = ImportResult(target, len(proposal.collectives), len(proposal.individuals), False)
    if current is not None and current == proposal:
        return result  # the file already holds exactly this data (comments and all kept)
    if target.exists() and not force:
        raise OutputError(
            f"{ctx.show(target)} already exists and holds other data: importing would replace it",
            code="OUTPUT-EXISTS",
            location=Location(ctx.show(target)),
            hint="import with --force to replace it, or with --out to write another file",
        )
    write_atomic(target, text.encode("utf-8"))
    result.written = True
    return result
