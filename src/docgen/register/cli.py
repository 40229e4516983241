"""``docgen register``: list, void and export the document-number register."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from docgen.errors import DataError, DocgenError, RegisterError
from docgen.register.export import csv_text, export_csv, export_docx
from docgen.register.store import open_register

# Where a register lives when nothing names one and the folder is not a docgen workspace.
DEFAULT_REGISTER = Path(".docgen") / "register.sqlite"


def _workspace_register(root: Path) -> str:
    """The register ``docgen build`` uses in this workspace: data/settings.yaml's ``register``,
    else register.sqlite in the workspace. Only settings.yaml is read, so that a broken data
    file elsewhere never stops a clerk from listing or voiding numbers."""
    from docgen.loader import load_yaml
    from docgen.models import Settings
    from docgen.workspace import Workspace, display_path, validate

    settings_file = root / "data" / "settings.yaml"
    if not settings_file.exists():
        return Workspace(root=root).register_target()
    source, problems = load_yaml(settings_file, display_path(root, settings_file))
    if problems:
        raise DataError(problems)
    if source.data is None:  # an empty settings file: the defaults
        return Workspace(root=root).register_target()
    settings, problems = validate(Settings, source, source.data)
    if problems or settings is None:
        raise DataError(problems)
    return Workspace(root=root, settings=settings).register_target()


def register_target(ctx: click.Context) -> str:
    """``docgen --register``, else ``docgen register --register``, else DOCGEN_REGISTER, else
    the workspace's register (as ``docgen build`` finds it) when the folder is a workspace
    (has data/), else .docgen/register.sqlite in it."""
    obj: dict[str, Any] = ctx.ensure_object(dict)
    chosen = obj.get("register_url") or os.environ.get("DOCGEN_REGISTER")
    if chosen:
        return str(chosen)
    root = Path(obj.get("workspace") or ".")
    if (root / "data").is_dir():
        return _workspace_register(root)
    return str(root / DEFAULT_REGISTER)


def _fail(ctx: click.Context, exc: DocgenError) -> None:
    click.echo(exc.format(), err=True)
    ctx.exit(exc.exit_code)


@click.group("register")
@click.option(
    "--register",
    "register",
    default=None,
    metavar="PATH|URL",
    help="The register: an SQLite file, sqlite:///…, or postgresql://… (default: the "
    "workspace's register, else .docgen/register.sqlite; also DOCGEN_REGISTER).",
)
@click.pass_context
def register_group(ctx: click.Context, register: str | None) -> None:
    """The document-number register ("sổ đăng ký văn bản đi")."""
    obj: dict[str, Any] = ctx.ensure_object(dict)
    if register and not obj.get("register_url"):  # `docgen --register` wins when both are given
        obj["register_url"] = register


@register_group.command("list")
@click.option("--issuer", default=None, help="Only this issuer id.")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text")
@click.pass_context
def list_entries(ctx: click.Context, issuer: str | None, year: int | None, fmt: str) -> None:
    """List the numbers given, voided ones included."""
    try:
        register = open_register(register_target(ctx))
        entries = register.entries(issuer=issuer, year=year)
    except DocgenError as exc:
        _fail(ctx, exc)
        return
    if fmt == "csv":
        click.echo(csv_text(entries), nl=False)
        return
    for e in entries:
        state = "" if e.state == "issued" else f"  [{e.state}: {e.void_reason}]"
        click.echo(f"{e.date.strftime('%d/%m/%Y')}  {e.symbol:<22} {e.subject}  ({e.spec}){state}")
    count = len(entries)
    click.echo(f"{count} entr{'y' if count == 1 else 'ies'} in {register.target}")


@register_group.command("void")
@click.argument("issuer")
@click.argument("number_or_symbol")
@click.option("--reason", required=True, help="Why the number is voided (kept in the register).")
@click.option("--year", type=int, default=None, help="The year, when a bare number is ambiguous.")
@click.pass_context
def void(
    ctx: click.Context, issuer: str, number_or_symbol: str, reason: str, year: int | None
) -> None:
    """Void a number: it stays in the register and is never given again."""
    try:
        entry = open_register(register_target(ctx)).void(issuer, number_or_symbol, reason, year)
    except DocgenError as exc:
        _fail(ctx, exc)
        return
    click.echo(f"voided {entry.symbol} ({entry.spec}): {entry.void_reason}")


@register_group.command("export")
@click.option("--issuer", required=True, help="The issuer id.")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write: .docx (the register book) or .csv (UTF-8, opens in Excel).",
)
@click.pass_context
def export(ctx: click.Context, issuer: str, year: int | None, out: Path) -> None:
    """Write the register book as an official-format .docx table, or as CSV."""
    suffix = out.suffix.lower()
    try:
        if suffix not in (".csv", ".docx"):
            raise RegisterError(
                f"{out.name}: the register book is written as .docx or .csv",
                code="REGISTER-EXPORT",
            )
        entries = open_register(register_target(ctx)).entries(issuer=issuer, year=year)
        if suffix == ".csv":
            export_csv(entries, out)
        else:
            export_docx(entries, out, issuer=issuer, year=year)
    except DocgenError as exc:
        _fail(ctx, exc)
        return
    click.echo(f"wrote {out} ({len(entries)} entr{'y' if len(entries) == 1 else 'ies'})")
