"""``docgen stats``: the award statistics across years, as text, CSV or an Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from docgen.awards.stats import GROUPINGS, StatsTable, check_years
from docgen.cli.main import Reporter, fail, verbosity_options
from docgen.errors import DataError, Diagnostic, DocgenError, Location, Severity
from docgen.i18n import translate as _t

FORMATS = {"text": ".txt", "csv": ".csv", "xlsx": ".xlsx"}


class OptionError(click.UsageError):
    """A bad option value, shown as docgen shows every error: located at the option, with a
    code, in the clerk's language (click's own message is English); exit status 2."""

    def __init__(self, diagnostic: Diagnostic, ctx: click.Context | None = None) -> None:
        super().__init__(diagnostic.message, ctx)
        self.diagnostic = diagnostic

    def show(self, file: Any = None) -> None:
        click.echo(self.diagnostic.format(), err=True)


class Choice(click.Choice):
    """click's Choice whose refusal is a located docgen error (``--by: error[OPTION-CHOICE]``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            name = param.opts[0] if param is not None and param.opts else "value"
            choices = ", ".join(str(c) for c in self.choices)
            raise OptionError(
                Diagnostic(
                    "OPTION-CHOICE",
                    f"'{value}' is not a value of {name} (choose: {choices})",
                    Location(name),
                ),
                ctx,
            ) from None


def _format_of(fmt: str | None, out: Path | None) -> tuple[str, list[Diagnostic]]:
    """The output format (given, else told by --out's suffix, else text) and what is wrong
    with --format and --out together."""
    suffix = out.suffix.lower() if out is not None else None
    known = {s: f for f, s in FORMATS.items()}
    names = ", ".join(FORMATS.values())
    if fmt is None:
        if suffix is None:
            return "text", []
        if suffix not in known:
            return "text", [
                Diagnostic(
                    "STATS-FORMAT",
                    f"{out}: the statistics are written as {names}",
                    Location("--out"),
                )
            ]
        return known[suffix], []
    if out is None:
        if fmt == "xlsx":
            return fmt, [
                Diagnostic(
                    "STATS-FORMAT",
                    "an Excel workbook is written to a file: give --out FILE.xlsx",
                    Location("--format"),
                )
            ]
        return fmt, []
    if suffix != FORMATS[fmt]:
        return fmt, [
            Diagnostic(
                "STATS-FORMAT",
                f"{out}: --format {fmt} is written to a {FORMATS[fmt]} file",
                Location("--out"),
                hint=f"name the file …{FORMATS[fmt]}, or give the --format its suffix says",
            )
        ]
    return fmt, []


def _left_out_warnings(table: StatsTable) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for item in table.left_out:
        if item.reason == "voided":
            found.append(
                Diagnostic(
                    "STATS-LEFT-OUT",
                    f"not counted: its number {item.symbol} was voided and it has not been "
                    "built again",
                    Location(item.spec),
                    Severity.WARNING,
                    "build it again (docgen build) to give it a new number",
                )
            )
        else:
            found.append(
                Diagnostic(
                    "STATS-LEFT-OUT",
                    "not counted: this decision has no number in the register yet",
                    Location(item.spec),
                    Severity.WARNING,
                    "build it first (docgen build)",
                )
            )
    return found


@click.command("stats")
@verbosity_options
@click.option(
    "--from",
    "from_year",
    type=int,
    default=None,
    metavar="YEAR",
    help="From this year (the decisions' year).",
)
@click.option(
    "--to",
    "to_year",
    type=int,
    default=None,
    metavar="YEAR",
    help="Up to this year (the decisions' year).",
)
@click.option(
    "--by",
    "by",
    type=Choice(GROUPINGS),
    default="year",
    show_default=True,
    help="Rows by year, cluster, school or award form.",
)
@click.option("--issuer", default=None, metavar="ID", help="Only this issuer's decisions (its id).")
@click.option(
    "--format",
    "fmt",
    type=Choice(tuple(FORMATS)),
    default=None,
    help="text, csv or xlsx (default: told by --out's suffix, else text).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write: .txt, .csv or .xlsx (default: print the table).",
)
@click.pass_context
def stats_command(
    ctx: click.Context,
    from_year: int | None,
    to_year: int | None,
    by: str,
    issuer: str | None,
    fmt: str | None,
    out: Path | None,
) -> None:
    """Counts and money of the award decisions in the register, across years: by year,
    cluster, school or award form. A decision counts once it has a number in the register
    (built, not voided); each pays by the law of its own date."""
    from docgen.api import register_target, validate_workspace
    from docgen.awards.stats import award_stats, export_csv, stats_csv, stats_text
    from docgen.data.places import guard_output_dir
    from docgen.output import write_atomic
    from docgen.register import open_register, register_exists

    obj: dict[str, Any] = ctx.ensure_object(dict)
    reporter: Reporter = obj["reporter"]
    try:
        chosen, problems = _format_of(fmt, out)
        years = check_years(from_year, to_year)
        if years is not None:
            problems.insert(0, Diagnostic("STATS-YEARS", years, Location("--from")))
        if problems:
            raise DataError(problems)
        ws = validate_workspace(obj["workspace"], obj.get("register_url"))
        if issuer is not None and issuer not in ws.issuers:
            known = ", ".join(sorted(ws.issuers))
            raise DataError(
                [
                    Diagnostic(
                        "DATA-REF",
                        f"unknown issuer '{issuer}' (known: {known})",
                        Location("--issuer"),
                    )
                ]
            )
        if out is not None:
            guard_output_dir(ws, out.parent)
        target = register_target(ws, obj.get("register_url"))
        register = open_register(target, workspace=ws.identity) if register_exists(target) else None
        table = award_stats(ws, register, from_year, to_year, by, issuer)  # type: ignore[arg-type]
        if reporter.verbosity >= 0:
            for warning in _left_out_warnings(table):
                reporter.error(warning.format())
        if reporter.verbosity > 0:  # the notes say that some money rests on unconfirmed values
            counted = {d.spec for d in table.decisions}
            for warning in ws.warnings:
                if warning.location is not None and warning.location.file in counted:
                    reporter.error(warning.format())
        if out is None:
            text = (
                stats_csv(table)
                if chosen == "csv"
                else stats_text(table, decisions=reporter.verbosity > 0)
            )
            click.echo(text, nl=False)
            return
        if chosen == "xlsx":
            from docgen.excel.stats import stats_workbook

            write_atomic(out, stats_workbook(table))
        elif chosen == "csv":
            export_csv(table, out)
        else:
            write_atomic(out, stats_text(table, decisions=reporter.verbosity > 0).encode("utf-8"))
    except DocgenError as exc:
        fail(ctx, exc)
        return
    n, left = len(table.decisions), len(table.left_out)
    line = _t(f"wrote {out} ({n} decision{'s' if n != 1 else ''} counted, {left} left out)")
    click.echo(line)
