"""``docgen register``: list, void and export the document-number register."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from docgen.errors import DocgenError
from docgen.register.export import HEADERS, export_csv, export_docx
from docgen.register.store import Register, open_register


def _register(ctx: click.Context) -> tuple[Register, str]:
    obj: dict[str, Any] = ctx.ensure_object(dict)
    root: Path = obj.get("workspace", Path("."))
    target = obj.get("register_url") or os.environ.get("DOCGEN_REGISTER")
    if not target:
        settings = root / "data" / "settings.yaml"
        target = str(root / "register.sqlite")
        if settings.exists():
            from docgen.workspace import load_workspace

            target = load_workspace(root).register_target()
    return open_register(target), target


def _fail(ctx: click.Context, exc: DocgenError) -> None:
    click.echo(exc.format(), err=True)
    ctx.exit(exc.exit_code)


@click.group("register")
def register_group() -> None:
    """The document-number register ("sổ đăng ký văn bản đi")."""


@register_group.command("list")
@click.option("--issuer", default=None, help="Only this issuer id.")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text")
@click.pass_context
def list_entries(ctx: click.Context, issuer: str | None, year: int | None, fmt: str) -> None:
    """List the numbers given, voided ones included."""
    try:
        register, target = _register(ctx)
        entries = register.entries(issuer=issuer, year=year)
    except DocgenError as exc:
        _fail(ctx, exc)
        return
    if fmt == "csv":
        import csv
        import sys

        writer = csv.writer(sys.stdout)
        writer.writerow(HEADERS)
        for e in entries:
            writer.writerow(
                [
                    e.number,
                    e.symbol,
                    e.date.isoformat(),
                    e.kind,
                    e.subject,
                    e.signer,
                    "; ".join(e.recipients),
                    e.output or "",
                    e.state,
                ]
            )
        return
    for e in entries:
        state = "" if e.state == "issued" else f"  [{e.state}: {e.void_reason}]"
        click.echo(f"{e.date.strftime('%d/%m/%Y')}  {e.symbol:<22} {e.subject}  ({e.spec}){state}")
    click.echo(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} in {target}")


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
        register, _ = _register(ctx)
        entry = register.void(issuer, number_or_symbol, reason, year)
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
    help="The file to write: .docx (the register book) or .csv.",
)
@click.pass_context
def export(ctx: click.Context, issuer: str, year: int | None, out: Path) -> None:
    """Write the register book as an official-format .docx table, or as CSV."""
    try:
        register, _ = _register(ctx)
        entries = register.entries(issuer=issuer, year=year)
        if out.suffix.lower() == ".csv":
            export_csv(entries, out)
        elif out.suffix.lower() == ".docx":
            subtitle = f"Cơ quan: {issuer}" + (f" - Năm {year}" if year else "")
            export_docx(entries, out, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", subtitle)
        else:
            raise DocgenError(f"{out.name}: give a .docx or .csv file", code="REGISTER-EXPORT")
    except DocgenError as exc:
        _fail(ctx, exc)
        return
    click.echo(f"wrote {out} ({len(entries)} entries)")
