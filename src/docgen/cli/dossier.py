"""docgen dossier: the award dossier of a proposal or a decision, in the order it is
submitted."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.main import Reporter, _obj, _t, fail, verbosity_options
from docgen.errors import DocgenError


@click.command("dossier")
@verbosity_options
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder for the dossier (new, empty, or a dossier docgen wrote before).",
)
@click.option("--pdf", is_flag=True, help="Also the whole dossier as one PDF, in order.")
@click.option(
    "--strict",
    is_flag=True,
    help="A nominee without details in data/achievements/ is an error, not a warning.",
)
@click.option(
    "--build-out",
    "build_out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the documents are built, as docgen build does (default: output/).",
)
@click.pass_context
def dossier(
    ctx: click.Context, spec: Path, out: Path, pdf: bool, strict: bool, build_out: Path | None
) -> None:
    """Write the award dossier of a proposal or a decision, in the order it is submitted."""
    from docgen.api import make_dossier

    reporter: Reporter = _obj(ctx)["reporter"]
    root: Path = _obj(ctx)["workspace"]
    try:
        report = make_dossier(
            root,
            spec,
            out,
            build_dir=build_out,
            pdf=pdf,
            strict=strict,
            register=_obj(ctx)["register_url"],
            progress=reporter.info,  # each document built, then the PDF: a dossier takes time
        )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    for warning in report.warnings:
        reporter.error(warning.format())
    for part in report.parts:
        first = part.files[0].name if part.files else "—"
        more = _t(f" and {len(part.files) - 1} more") if len(part.files) > 1 else ""
        reporter.info(f"  {part.title}: {first}{more}")
    parts = [_t(f"dossier of {len(report.files)} documents in {out}")]
    if report.pdf is not None:
        parts.append(_t(f"one PDF {report.pdf.name} of {report.pdf_pages} pages"))
    if report.level is not None and report.copies is not None:
        parts.append(_t(f"to {report.level}: the law asks for {report.copies} sets"))
    click.echo(f"{', '.join(parts)} ({report.seconds:.2f} s)")
