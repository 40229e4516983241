"""``docgen check FILE...``: the format linter."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.verbose import file_checked
from docgen.data.steps import detail
from docgen.errors import ConversionError, DocgenError

if TYPE_CHECKING:
    from docgen.checker.pdf_pages import PdfPages


def _lay_out(files: tuple[Path, ...], work: Path) -> dict[Path, PdfPages]:
    """Every readable .docx laid out by ONE LibreOffice run, and its pages read: copied
    under numbered names first, so that two files of one name in different folders do not
    overwrite each other's PDF."""
    import shutil

    from docgen.checker.pdf_pages import read_pdf
    from docgen.documents.pdf import convert_to_pdf

    sources: dict[Path, Path] = {}
    for n, path in enumerate(files):
        if path.is_file() and path.suffix.lower() == ".docx":
            copy = work / f"{n:04d}.docx"
            shutil.copyfile(path, copy)
            sources[path] = copy
    if not sources:
        return {}
    out = work / "pdf"
    try:
        convert_to_pdf(list(sources.values()), out)
    except ConversionError as exc:
        if exc.code != "PDF-FAILED":  # no LibreOffice, or it hung: nothing was laid out
            raise
    # a file LibreOffice could not lay out is reported when it is read (CHECK-READ), or checked
    # without its pages
    laid_out = {path: out / (copy.stem + ".pdf") for path, copy in sources.items()}
    return {path: read_pdf(pdf) for path, pdf in laid_out.items() if pdf.exists()}


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
@click.option(
    "--pages",
    is_flag=True,
    help="Also lay the files out with LibreOffice (one run for all) and check the pages: a page "
    "with only furniture, a hole before a heading, a split signature, a name cut across lines.",
)
@click.pass_context
def check_command(
    ctx: click.Context, files: tuple[Path, ...], system: str, fmt: str, pages: bool
) -> None:
    """Check .docx files against the Party and State format rules (exit 1 on an error, 2 when a
    file cannot be read or, with --pages, cannot be laid out)."""
    from docgen.checker import CheckReport, check_docx, dump_json

    laid_out: dict[Path, PdfPages] = {}
    with tempfile.TemporaryDirectory(prefix="docgen-check-") as work:
        if pages:
            try:
                started = time.perf_counter()
                laid_out = _lay_out(files, Path(work))
                detail(f"laid out {len(laid_out)} files with LibreOffice", started)
            except DocgenError as exc:
                click.echo(exc.format(), err=True)
                ctx.exit(2)
        reports: list[CheckReport] = []
        unreadable = 0
        for path in files:
            try:
                started = time.perf_counter()
                reports.append(check_docx(path, system, laid_out.get(path)))  # type: ignore[arg-type]
                file_checked(ctx, reports[-1], time.perf_counter() - started, system)
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
