"""A school's nominee list in and out: its proposal file ⇄ a workbook; a Tờ trình's table in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from docgen.data.history import ABSENT, History, Version
from docgen.data.workspace import display_path
from docgen.data.yaml_writer import schema_reference
from docgen.errors import DataError, Diagnostic, Location, OutputError, Problems
from docgen.excel.layout import load_layout
from docgen.excel.nominee_assembly import _assemble, _check_others
from docgen.excel.nominee_changes import NomineeChanges, nominee_changes
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
from docgen.register.audit import current_actor


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
    version: Version | None = None  # the history's version written (a file of the workspace)


@dataclass
class ImportPlan:
    """What importing a list would write, before anything is: the proposal file's new text,
    and what it changes against the file as it is now (``current_sha``: ABSENT for none)."""

    path: Path
    text: str
    collectives: int
    individuals: int
    changes: NomineeChanges
    same: bool  # the file already holds exactly this data
    current_sha: str

    def relpath(self, root: Path) -> str | None:
        """The file inside the workspace (its history's name), or None (--out elsewhere)."""
        try:
            return self.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return None


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
    who: str | None = None,
) -> ImportResult:
    """Read a nominee list (.xlsx, or the table of a Tờ trình .docx) into the school's
    proposal file. Raises DataError listing every bad cell; OutputError when the target holds
    other data and ``force`` is not given.

    Every problem is reported at once (``lao-cai.xlsx:Danh sách!C12: error[DATA-VALUE]: …``)
    and nothing is written unless all is well; then the file is written atomically, through
    the workspace's history (the file it replaces stays restorable). An exported workbook
    imports back to exactly the same data."""
    plan = plan_import(root, source, year, school, out, campaign=campaign, date=date, award=award)
    result = ImportResult(plan.path, plan.collectives, plan.individuals, False)
    if plan.same:
        return result  # the file already holds exactly this data (comments and all kept)
    if plan.path.exists() and not force:
        shown = display_path(root, plan.path)
        raise OutputError(
            f"{shown} already exists and holds other data: importing would replace it",
            code="OUTPUT-EXISTS",
            location=Location(shown),
            hint="import with --force to replace it, or with --out to write another file",
        )
    result.version = write_plan(root, plan, who=who or current_actor())
    result.written = True
    return result


def write_plan(
    root: Path, plan: ImportPlan, *, who: str, expected_sha: str | None = None
) -> Version | None:
    """Write a planned import: through the history (action "import") when the file is in the
    workspace; ``expected_sha``: the file as the clerk saw it when she confirmed (default:
    as planned). ConflictError when it changed meanwhile."""
    relpath = plan.relpath(root)
    if relpath is None:
        write_atomic(plan.path, plan.text.encode("utf-8"))
        return None
    sha = plan.current_sha if expected_sha is None else expected_sha
    return History(root).write(relpath, plan.text, who=who, action="import", expected_sha=sha)


def plan_import(
    root: Path,
    source: Path,
    year: int,
    school: str,
    out: Path | None = None,
    *,
    campaign: str | None = None,
    date: str | None = None,
    award: str | None = None,
) -> ImportPlan:
    """Read and check a nominee list as ``import_nominees`` does, writing nothing: the text
    the proposal file would get and the rows it adds, removes and changes."""
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
    raw = target.read_bytes() if target.exists() else None
    return ImportPlan(
        path=target,
        text=text,
        collectives=len(proposal.collectives),
        individuals=len(proposal.individuals),
        changes=nominee_changes(current, proposal),
        same=current is not None and current == proposal,
        current_sha=ABSENT if raw is None else hashlib.sha256(raw).hexdigest(),
    )
