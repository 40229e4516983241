"""The docgen command line: options only; the one place that prints and picks exit codes."""

from __future__ import annotations

import importlib
import inspect
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from docgen import __version__
from docgen.cli import click_i18n, global_options
from docgen.cli.global_options import accept_global_options, adjust_verbosity, format_epilog
from docgen.cli.verbose import document_done, file_checked, listen
from docgen.errors import DocgenError

click_i18n.install()  # click's usage errors and prompts in the clerk's language

# Subcommands that pull heavy imports (docxtpl, pydantic…) are loaded only when used, so that
# `docgen --help` answers at once.
_LAZY: dict[str, tuple[str, str]] = {
    "achievements": (
        "docgen.cli.achievements:achievements_command",
        "Achievement reports (Báo cáo thành tích), one per nominee, in batch.",
    ),
    "register": ("docgen.cli.register:register_group", "The document-number register."),
    "check": ("docgen.cli.check:check_command", "Check .docx files against the format rules."),
    "gallery": (
        "docgen.cli.gallery:gallery_command",
        "Every page docgen writes, as images with an index page (LibreOffice, poppler).",
    ),
    "export": ("docgen.cli.io:export_group", "Lists as Excel workbooks (nominees, money, books)."),
    "import": ("docgen.cli.io:import_group", "Read a nominee list (.xlsx, a Tờ trình's table)."),
    "history": (
        "docgen.cli.history:history_command",
        "The versions of the data files: list, show, compare, restore one.",
    ),
    "init": ("docgen.cli.io:init_command", "Create a new office's workspace."),
    "schema": ("docgen.cli.io:schema_command", "Write the data files' JSON Schemas."),
    "stats": ("docgen.cli.stats:stats_command", "Award figures across years (counts, money)."),
    "dossier": (
        "docgen.cli.dossier:dossier",
        "Write the award dossier of a proposal or a decision, in the order it is submitted.",
    ),
    "received": (
        "docgen.cli.received:received_group",
        "The decisions of higher levels answering this workspace's proposals (data/received/).",
    ),
    "serve": ("docgen.cli.serve:serve_command", "Serve the office web app (pages in a browser)."),
    "user": ("docgen.cli.serve:user_group", "The users of the web app: add, list, remove."),
    "sign": ("docgen.cli.sign:sign_command", "Sign an issued document's PDF (PAdES)."),
    "verify": ("docgen.cli.sign:verify_command", "Check a signed PDF's signatures."),
}


class _Formatter(click.HelpFormatter):
    """Help texts in the clerk's language: each paragraph and each option or command line is
    looked up in the message catalogue (docgen.i18n)."""

    def write_text(self, text: str) -> None:
        super().write_text(_t(text))

    def write_heading(self, heading: str) -> None:
        super().write_heading(_t(heading))

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, click_i18n.metavars(args), _t("Usage:") + " ")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(click_i18n.metavars(term), _help_line(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _help_line(text: str) -> str:
    """An option's help, with the ``[default: …]`` click adds kept apart from the text."""
    head, sep, extra = text.partition("  [")
    if not sep and text.startswith("[") and text.endswith("]"):
        head, sep, extra = "", "[", text[1:]  # an option with no help of its own: the bracket only
    if not sep:
        return _t(text)
    inner = extra.removesuffix("]")
    bracket = f"[{'; '.join(_t(part) for part in inner.split('; '))}]"
    return f"{_t(head)}  {bracket}" if head else bracket


class _Context(click.Context):
    formatter_class = _Formatter


def _localised(command: click.Command) -> click.Command:
    """Give ``command`` (and its subcommands) the translating help formatter, and the global
    options after its name too."""
    command.context_class = _Context
    accept_global_options(command)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            # listed by its whole first paragraph (as the top level lists its commands), not
            # click's cut-short line, so that the catalogue finds it
            if sub.short_help is None and sub.help:
                sub.short_help = " ".join(_first_paragraph(sub).split())
            _localised(sub)
    return command


def _first_paragraph(command: click.Command) -> str:
    return inspect.cleandoc(command.help or "").partition("\f")[0].split("\n\n")[0]


class LazyGroup(click.Group):
    context_class = _Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List lazy commands by their one-line help, without importing them."""
        rows = []
        for name in self.list_commands(ctx):
            if name in _LAZY:
                rows.append((name, _LAZY[name][1]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, " ".join(_first_paragraph(command).split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        format_epilog(formatter)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY:
            module, attr = _LAZY[name][0].split(":")
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            return _localised(command)
        command = super().get_command(ctx, name)
        return _localised(command) if command is not None else None


def _t(text: str) -> str:
    """A line for the clerk in the chosen language (docgen.i18n; messages are written in
    English in the code, the catalogue holds their Vietnamese)."""
    from docgen.i18n import translate

    return translate(text)


class Reporter:
    """Prints findings and progress according to -q/-v."""

    def __init__(self, verbosity: int, debug: bool) -> None:
        self.verbosity = verbosity
        self.debug = debug

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(_t(message))

    def detail(self, message: str) -> None:
        if self.verbosity > 0:
            click.echo(_t(message))

    def error(self, message: str) -> None:
        click.echo(message, err=True)


# the worker processes of a batch (certificates, achievement reports)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: one for a small batch, one per processor for a large one).",
)


@contextmanager
def batch_progress(reporter: Reporter, label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on the terminal for a batch (certificates, reports), shown from its
    first item; none when quiet or when stderr is not a terminal."""
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if reporter.verbosity < 0 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _obj(ctx: click.Context) -> dict[str, Any]:
    return ctx.ensure_object(dict)


def verbosity_options(command: Any) -> Any:
    command = click.option(
        "-q",
        "--quiet",
        count=True,
        expose_value=False,
        callback=adjust_verbosity,
        help="Print less.",
    )(command)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=adjust_verbosity,
        help="Print more.",
    )(command)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@click.option(
    "-C",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The workspace folder (holds data/, templates/, output/).",
)
@click.option("-q", "--quiet", count=True, help="Print only errors and the summary line.")
@click.option("-v", "--verbose", count=True, help="Print more detail.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks on errors.")
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language of messages: vi (default) or en (also DOCGEN_LANG).",
)
@click.option(
    "--register",
    "register_url",
    default=None,
    metavar="PATH|URL",
    help="The document-number register (default: data/settings.yaml, else "
    "register.sqlite in the workspace; also DOCGEN_REGISTER).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    workspace: Path,
    quiet: int,
    verbose: int,
    debug: bool,
    lang: str | None,
    register_url: str | None,
) -> None:
    """docgen: Vietnamese official documents (Party and State format) from YAML data."""
    from docgen.i18n import set_language

    set_language(lang)
    obj = _obj(ctx)
    obj["workspace"] = workspace
    obj["register_url"] = register_url
    obj["reporter"] = Reporter(verbose - quiet, debug)
    obj["debug"] = debug
    obj["steps"] = listen(ctx, obj["reporter"])  # what -v shows of each step


def fail(ctx: click.Context, exc: DocgenError) -> None:
    """Print a docgen error (with its traceback under --debug) and exit with its status: how
    every command, of every group, ends on an error."""
    if _obj(ctx).get("debug"):
        import traceback

        click.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
    click.echo(exc.format(), err=True)
    ctx.exit(exc.exit_code)


@cli.command()
@verbosity_options
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check all data in data/ and report every problem (nothing is written). When the
    register exists, also warn about numbers left "bỏ trống" in it (exit status 0)."""
    from docgen.api import register_warnings, validate_workspace
    from docgen.data.steps import detail

    started = time.perf_counter()
    try:
        ws = validate_workspace(_obj(ctx)["workspace"], _obj(ctx)["register_url"])
    except DocgenError as exc:
        fail(ctx, exc)
        return
    reporter: Reporter = _obj(ctx)["reporter"]
    checked = time.perf_counter()
    warnings = [*ws.warnings, *register_warnings(ws, _obj(ctx)["register_url"])]
    detail("looked in the register for numbers left bỏ trống", checked)
    for warning in warnings:
        reporter.error(warning.format())
    count = len(warnings)
    summary = _t(
        f"data OK: {len(ws.issuers)} issuers, {len(ws.campaigns)} campaigns, "
        f"{len(ws.specs)} documents"
    )
    if count:
        summary += ", " + (_t(f"{count} warning") if count == 1 else _t(f"{count} warnings"))
    click.echo(f"{summary} ({time.perf_counter() - started:.2f} s)")


def _report_build(ctx: click.Context, report: Any, out: Path) -> None:
    reporter: Reporter = _obj(ctx)["reporter"]
    for warning in report.warnings:
        reporter.error(warning.format())
    for doc in report.failed:
        reporter.error(doc.error.format())
    written, failed = len(report.written), len(report.failed)
    noun = "document" if written == 1 else "documents"
    summary = _t(f"built {written} {noun} in {out}")
    if failed:
        summary += ", " + _t(f"{failed} failed")
    click.echo(f"{summary} ({report.seconds:.2f} s)")
    if failed:
        # the exit status of the causes: a document held back for an earlier one's failure
        # (REGISTER-HELD) follows from it
        errors = [d.error for d in report.failed if d.error is not None]
        causes = [e for e in errors if e.code != "REGISTER-HELD"] or errors
        ctx.exit(max((e.exit_code for e in causes), default=2))
    if _obj(ctx).get("check_failed"):
        ctx.exit(1)


@cli.command()
@verbosity_options
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: output/ in the workspace).",
)
@click.option(
    "--check",
    "run_check",
    is_flag=True,
    help="Check every written document against the format rules.",
)
@click.option(
    "--force", is_flag=True, help="Overwrite documents edited by hand since docgen wrote them."
)
@click.pass_context
def build(ctx: click.Context, out: Path | None, run_check: bool, force: bool) -> None:
    """Render every document spec under data/documents/."""
    from docgen.api import build as run_build

    reporter: Reporter = _obj(ctx)["reporter"]
    root: Path = _obj(ctx)["workspace"]
    target = out if out is not None else root / "output"

    def progress(doc: Any) -> None:
        if doc.ok:
            reporter.info(f"{doc.output}  ({doc.symbol})")
        document_done(ctx, doc)

    try:
        report = run_build(
            root, target, progress=progress, register=_obj(ctx)["register_url"], force=force
        )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    record(ctx, "build", f"{len(report.written)} written, {len(report.failed)} failed in {target}")
    if run_check:
        _check_written(ctx, report)
    _report_build(ctx, report, target)


def record(ctx: click.Context, action: str, detail: str, spec: str | None = None) -> None:
    """Log the act in the workspace's register; a log that cannot be written is said, and does
    not undo what was done."""
    from docgen.api import record_act

    obj = _obj(ctx)
    root = Path(obj.get("workspace") or ".")
    try:
        record_act(root, obj.get("register_url"), action, detail=detail, spec=spec)
    except DocgenError as exc:
        obj["reporter"].error(exc.format())


def _check_written(ctx: click.Context, report: Any) -> None:
    """Run the format checker on what was written; an error fails the build (exit 1)."""
    from docgen.checker import check_docx

    reporter: Reporter = _obj(ctx)["reporter"]
    errors = 0
    for doc in report.written:
        started = time.perf_counter()
        result = check_docx(doc.output)
        file_checked(ctx, result, time.perf_counter() - started)
        for line in result.lines(str(doc.output)):
            reporter.error(line)
        errors += len(result.errors)
    reporter.info(f"checked {len(report.written)} documents: {errors} format errors")
    if errors and not report.failed:
        _obj(ctx)["check_failed"] = True


@cli.command()
@verbosity_options
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (default: output/<the spec's output name>).",
)
@click.pass_context
def render(ctx: click.Context, spec: Path, output: Path | None) -> None:
    """Render one document spec."""
    from docgen.api import (
        BuildReport,
        open_workspace_register,
        render_spec,
        spec_id_for,
        validate_workspace,
    )

    root: Path = _obj(ctx)["workspace"]
    started = time.perf_counter()
    try:
        ws = validate_workspace(root, _obj(ctx)["register_url"])
        spec_id = spec_id_for(ws, spec)
        out_dir = output.parent if output is not None else root / "output"
        if output is not None:
            ws.specs[spec_id] = ws.specs[spec_id].model_copy(update={"output": output.name})
        book = open_workspace_register(ws, _obj(ctx)["register_url"], numbering=True)
        doc = render_spec(ws, spec_id, out_dir, book)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if doc.ok:
        _obj(ctx)["reporter"].info(f"{doc.output}  ({doc.symbol})")
    document_done(ctx, doc)
    report = BuildReport(documents=[doc], seconds=time.perf_counter() - started)
    _report_build(ctx, report, out_dir)


@cli.command()
@verbosity_options
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The folder for the certificates (required unless --preview).",
)
@click.option("--merge", is_flag=True, help="Also one printable .docx with every certificate.")
@click.option("--pdf", is_flag=True, help="Also PDF files (LibreOffice, one start per job).")
@click.option(
    "--preview",
    "preview",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Only write PNG pages of the batch's longest entries into this folder, to look at "
    "before printing: no số sổ vàng is taken, no certificate written.",
)
@jobs_option
@click.pass_context
def certificates(
    ctx: click.Context,
    spec: Path,
    out: Path | None,
    merge: bool,
    pdf: bool,
    preview: Path | None,
    jobs: int | None,
) -> None:
    """Print the certificates (Bằng khen, Giấy khen) of an award decision, in batch. Every
    field is fitted to its room first; a text that does not fit stops the batch before any
    số sổ vàng is taken."""

    from docgen.api import open_workspace_register, validate_workspace
    from docgen.awards.certificates import make_certificates
    from docgen.data.places import guard_output_dir

    reporter: Reporter = _obj(ctx)["reporter"]
    root: Path = _obj(ctx)["workspace"]
    spec = global_options.in_workspace(root, spec)
    if preview is not None:
        from docgen.awards.certificate_preview import preview_certificates

        try:
            ws = validate_workspace(root, _obj(ctx)["register_url"])
            guard_output_dir(ws, preview)
            book = open_workspace_register(ws, _obj(ctx)["register_url"])
            shown = preview_certificates(ws, spec, book, preview, say=reporter.info)
        except DocgenError as exc:
            fail(ctx, exc)
            return
        for line in shown.warnings:
            reporter.error(line)
        click.echo(_t(f"preview: {len(shown.images)} pages in {preview}; no số sổ vàng taken"))
        return
    if out is None:
        raise click.UsageError("--out is required (the folder for the certificates)")
    with batch_progress(reporter, "certificates") as progress:
        try:
            ws = validate_workspace(root, _obj(ctx)["register_url"])
            guard_output_dir(ws, out)
            book = open_workspace_register(ws, _obj(ctx)["register_url"], numbering=True)
            report = make_certificates(
                ws, spec, out, book, merge=merge, pdf=pdf, workers=jobs, progress=progress
            )
        except DocgenError as exc:
            fail(ctx, exc)
            return
    from docgen.data.workspace import display_path

    record(
        ctx,
        "certificates",
        f"{len(report.written)} written, {len(report.failed)} failed in {out}",
        display_path(root, spec),
    )
    for line in report.warnings:
        reporter.error(line)
    for who, why in report.failed:
        reporter.error(f"{spec}: error[CERT-RECORD]: " + _t(f"certificate for {who} failed: {why}"))
    count = len(report.written)
    parts = [
        _t(f"{count} certificates ({report.title.lower()}) in {out}")
        if report.title
        else _t(f"{count} certificates in {out}")
    ]
    if report.failed:
        parts.append(_t(f"{len(report.failed)} failed"))
    if report.merged:
        parts.append(_t(f"merged into {report.merged.name}"))
    if report.pdfs:
        parts.append(f"{len(report.pdfs)} PDF")
    rate = len(report.written) / report.seconds if report.seconds else 0
    click.echo(f"{', '.join(parts)} ({report.seconds:.2f} s, {rate:.0f}/s)")
    if report.failed:
        ctx.exit(1)


@cli.command()
@verbosity_options
@click.argument("type_name", metavar="TYPE")
@click.option(
    "--system",
    type=click.Choice(["party", "state"]),
    default=None,
    help="Party (HD 36) or State (ND 30) format (default: State where the type exists).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the spec to this new .yaml file (default: print it).",
)
@click.pass_context
def new(ctx: click.Context, type_name: str, system: str | None, output: Path | None) -> None:
    """Write a commented spec skeleton for a document TYPE (huong_dan, cong_van …)."""
    from docgen.api import new_spec

    try:
        text, written = new_spec(_obj(ctx)["workspace"], type_name, system, output)  # type: ignore[arg-type]
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if written is None:
        click.echo(text, nl=False)
    else:
        _obj(ctx)["reporter"].info(f"wrote {written}: check it with docgen validate")


def main() -> None:
    from docgen.data.process import run_as_one_command

    run_as_one_command()  # `docgen serve` says otherwise
    try:
        cli(standalone_mode=True)
    except DocgenError as exc:  # pragma: no cover - commands handle their own errors
        click.echo(exc.format(), err=True)
        sys.exit(exc.exit_code)
