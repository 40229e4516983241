"""``docgen achievements``: the achievement reports of a proposal's or a decision's nominees."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.main import Reporter, _obj, _t, batch_progress, fail, jobs_option, verbosity_options
from docgen.errors import DocgenError


@click.command("achievements")
@verbosity_options
@click.argument("spec", metavar="SPEC")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder for the reports.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="A nominee without details in data/achievements/ is an error (default: a warning, "
    "and the report is made from the proposal's summary).",
)
@jobs_option
@click.pass_context
def achievements_command(
    ctx: click.Context, spec: str, out: Path, strict: bool, jobs: int | None
) -> None:
    """Write the achievement report (Báo cáo thành tích) of every nominee of a proposal or an
    award decision (SPEC: its file in data/documents/, or its id), one .docx each, numbered in
    the order the dossier submits them."""
    from docgen.api import achievement_reports, validate_workspace

    reporter: Reporter = _obj(ctx)["reporter"]
    root: Path = _obj(ctx)["workspace"]
    with batch_progress(reporter, _t("reports")) as progress:
        try:
            ws = validate_workspace(root, _obj(ctx)["register_url"])
            report = achievement_reports(
                ws, spec, out, strict=strict, workers=jobs, progress=progress
            )
        except DocgenError as exc:
            fail(ctx, exc)
            return
    for warning in report.warnings:
        reporter.error(warning.format())
    for who, why in report.failed:
        reporter.error(
            f"{spec}: error[ACHIEVEMENT-RECORD]: " + _t(f"report for {who} failed: {why}")
        )
    for path in report.written:
        reporter.detail(str(path))
    for form in report.forms:
        reporter.info(_t(f"forms (collectives / individuals): {form}"))
    parts = [_t(f"{len(report.written)} achievement reports in {out}")]
    if report.failed:
        parts.append(_t(f"{len(report.failed)} failed"))
    click.echo(f"{', '.join(parts)} ({report.seconds:.2f} s)")
    if report.failed:
        ctx.exit(1)
