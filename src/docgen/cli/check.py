"""``docgen check FILE...``: the format linter."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.errors import DocgenError


@click.command("check")
# Paths are not checked by click: a missing file, a folder or a pipe gets the same
# ``FILE: error[CHECK-READ]: reason`` line as any other file that cannot be read.
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--system",
    type=click.Choice(["party", "state", "auto"]),
    default="auto",
    show_default=True,
    help="Which rules: Party (HD 36), State (ND 30), or detect.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def check_command(ctx: click.Context, files: tuple[Path, ...], system: str, fmt: str) -> None:
    """Check .docx files against the Party and State format rules (exit 1 on an error, 2 when a
    file cannot be read)."""
    from docgen.checker import CheckReport, check_docx, dump_json

    reports: list[CheckReport] = []
    unreadable = 0
    for path in files:
        try:
            reports.append(check_docx(path, system))  # type: ignore[arg-type]
        except DocgenError as exc:  # one unreadable file does not stop the others
            click.echo(exc.format(), err=True)
            unreadable += 1
    if fmt == "json":
        click.echo(dump_json(reports))
    else:
        for report in reports:
            for line in report.lines(str(report.path)):
                click.echo(line)
            click.echo(report.summary(str(report.path)))
    if unreadable:
        ctx.exit(2)
    if any(r.errors for r in reports):
        ctx.exit(1)
