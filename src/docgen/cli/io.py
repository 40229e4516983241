"""``docgen export``, ``docgen import``, ``docgen init`` and ``docgen schema``: clerks' data in
and out (Excel lists, a Tờ trình's table), a new workspace, the data files' JSON Schemas."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from docgen.cli.main import fail, record
from docgen.errors import DocgenError, OutputError
from docgen.i18n import translate as _t


def _obj(ctx: click.Context) -> dict[str, Any]:
    return ctx.ensure_object(dict)


def _root(ctx: click.Context) -> Path:
    return Path(_obj(ctx).get("workspace") or ".")


def _xlsx_target(root: Path, out: Path) -> None:
    """An export is an .xlsx, written outside data/ and templates/ (docgen's own folders)."""
    from docgen.data.places import guard_output_dir
    from docgen.data.workspace import Workspace

    if out.suffix.lower() != ".xlsx":
        raise OutputError(
            f"{out.name}: an export is an Excel workbook; name it …xlsx", code="OUTPUT-TYPE"
        )
    guard_output_dir(Workspace(root=root), out.parent)


# whose nominee list: any body whose people are proposed (``--school`` as before bodies)
body_option = click.option(
    "--body",
    "--school",
    "school",
    required=True,
    help="The body's id: a school (data/schools.yaml), a body (data/bodies.yaml) or an issuer.",
)
out_option = click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The workbook to write (.xlsx).",
)


# -- export ---------------------------------------------------------------------------------------


@click.group("export")
def export_group() -> None:
    """Lists as Excel workbooks: nominees, a decision's list with money, the books."""


@export_group.command("nominees")
@click.option("--year", type=int, required=True, help="The year of the proposal.")
@body_option
@out_option
@click.pass_context
def export_nominees(ctx: click.Context, year: int, school: str, out: Path) -> None:
    """A school's nominee list (data/proposals/YEAR/SCHOOL.yaml) as a workbook to fill in."""
    from docgen.excel.nominees import export_nominees as run

    root = _root(ctx)
    started = time.perf_counter()
    try:
        _xlsx_target(root, out)
        result = run(root, year, school, out)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    c, i = result.collectives, result.individuals
    click.echo(
        _t(
            f"wrote {out} ({c} collective{'s' if c != 1 else ''}, "
            f"{i} individual{'s' if i != 1 else ''}; {time.perf_counter() - started:.2f} s)"
        )
    )


def _workspace_and_register(ctx: click.Context, spec: Path) -> tuple[Any, str, Any]:
    from docgen.api import open_workspace_register, spec_id_for, validate_workspace

    ws = validate_workspace(_root(ctx), _obj(ctx).get("register_url"))
    spec_id = spec_id_for(ws, spec)
    return ws, spec_id, open_workspace_register(ws, _obj(ctx).get("register_url"))


@export_group.command("decision")
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@out_option
@click.pass_context
def export_decision(ctx: click.Context, spec: Path, out: Path) -> None:
    """An award decision's attached list with the money and its totals (for the finance
    office)."""
    from docgen.excel.lists import decision_workbook
    from docgen.output import write_atomic
    from docgen.vn.numbers import format_money_dong

    started = time.perf_counter()
    try:
        _xlsx_target(_root(ctx), out)
        ws, spec_id, register = _workspace_and_register(ctx, spec)
        data, count, total = decision_workbook(ws, spec_id, register)
        write_atomic(out, data)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    click.echo(
        _t(
            f"wrote {out} ({count} awardee{'s' if count != 1 else ''}, "
            f"{format_money_dong(total)}; {time.perf_counter() - started:.2f} s)"
        )
    )


@export_group.command("register")
@click.option("--issuer", required=True, help="The issuer id.")
@click.option("--year", type=int, default=None, help="Only this year.")
@out_option
@click.pass_context
def export_register(ctx: click.Context, issuer: str, year: int | None, out: Path) -> None:
    """The register book ("sổ đăng ký văn bản đi") as a workbook."""
    from docgen.cli.register import open_cli_register
    from docgen.excel.lists import register_workbook
    from docgen.output import write_atomic

    try:
        _xlsx_target(_root(ctx), out)
        entries = open_cli_register(ctx).entries(issuer=issuer, year=year)
        write_atomic(out, register_workbook(entries, issuer, year))
    except DocgenError as exc:
        fail(ctx, exc)
        return
    n = len(entries)
    click.echo(_t(f"wrote {out} ({n} entr{'y' if n == 1 else 'ies'})"))


@export_group.command("book")
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@out_option
@click.pass_context
def export_book(ctx: click.Context, spec: Path, out: Path) -> None:
    """The số sổ vàng book of an award decision: each number given, to whom."""
    from docgen.excel.lists import book_workbook
    from docgen.output import write_atomic

    try:
        _xlsx_target(_root(ctx), out)
        ws, spec_id, register = _workspace_and_register(ctx, spec)
        data, count = book_workbook(ws, spec_id, register)
        write_atomic(out, data)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    click.echo(_t(f"wrote {out} ({count} number{'s' if count != 1 else ''})"))


# -- import ---------------------------------------------------------------------------------------


@click.group("import")
def import_group() -> None:
    """Clerks' lists read in: a nominee list (.xlsx) or a Tờ trình's table (.docx)."""


@import_group.command("nominees")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, required=True, help="The year of the proposal.")
@body_option
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The proposal file to write (default: data/proposals/YEAR/SCHOOL.yaml).",
)
@click.option("--force", is_flag=True, help="Replace a proposal file that holds other data.")
@click.option("--campaign", default=None, help="The campaign (when the list does not say).")
@click.option("--date", "date", default=None, help="The proposal's date, dd/mm/yyyy.")
@click.option("--award", default=None, help="The award proposed (catalogue id or name).")
@click.pass_context
def import_nominees(
    ctx: click.Context,
    source: Path,
    year: int,
    school: str,
    out: Path | None,
    force: bool,
    campaign: str | None,
    date: str | None,
    award: str | None,
) -> None:
    """Read a school's nominee list into its proposal file: every bad cell is reported (file,
    sheet and cell; or table and row) and nothing is written until all are right."""
    from docgen.data.workspace import display_path
    from docgen.excel.nominees import import_nominees as run

    root = _root(ctx)
    started = time.perf_counter()
    try:
        result = run(
            root,
            source,
            year,
            school,
            out,
            force=force,
            campaign=campaign,
            date=date,
            award=award,
        )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    shown = display_path(root, result.path)
    c, i = result.collectives, result.individuals
    seconds = time.perf_counter() - started
    unchanged = "" if result.written else ", nothing changed"
    record(ctx, "import", f"{c} collectives, {i} individuals from {source.name}{unchanged}", shown)
    if result.written:
        line = _t(
            f"wrote {shown} ({c} collective{'s' if c != 1 else ''}, "
            f"{i} individual{'s' if i != 1 else ''}; {seconds:.2f} s)"
        )
    else:
        line = _t(
            f"unchanged: {shown} ({c} collective{'s' if c != 1 else ''}, "
            f"{i} individual{'s' if i != 1 else ''}; {seconds:.2f} s)"
        )
    click.echo(line)


# -- init and schema ----------------------------------------------------------------------------


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--system",
    type=click.Choice(["party", "state"]),
    default="state",
    show_default=True,
    help="party (Hướng dẫn 36-HD/VPTW) or state (Nghị định 30/2020/NĐ-CP).",
)
@click.option("--name", default=None, help='The office\'s name: "Sở Nội vụ tỉnh Nghệ An".')
@click.pass_context
def init_command(ctx: click.Context, directory: Path, system: str, name: str | None) -> None:
    """Create a new office's workspace that builds at once (docgen -C DIR build)."""
    from docgen.cli.init import init_workspace

    try:
        made = init_workspace(directory, system=system, name=name)  # type: ignore[arg-type]
    except DocgenError as exc:
        fail(ctx, exc)
        return
    n = len(made)
    click.echo(
        _t(
            f"created {directory} ({n} file{'s' if n != 1 else ''}); "
            f"next: docgen -C {directory} build"
        )
    )


@click.command("schema")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The folder to write (default: schemas/ in the workspace).",
)
@click.pass_context
def schema_command(ctx: click.Context, out: Path | None) -> None:
    """Write the JSON Schema of every kind of data file, for editors to complete and check."""
    from docgen.data.yaml_writer import SCHEMA_DIR
    from docgen.schema import write_schemas

    target = out if out is not None else _root(ctx) / SCHEMA_DIR
    try:
        written = write_schemas(target)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    n = len(written)
    click.echo(_t(f"wrote {n} schema{'s' if n != 1 else ''} in {target}"))
