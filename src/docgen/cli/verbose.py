"""What ``-v`` shows: the steps the library reports (docgen.data.steps: each data file read,
each stage of the checks) and, from the commands, each document written and each file checked,
with the time each took."""

from __future__ import annotations

import time
from typing import Any

import click

from docgen.data.steps import listening
from docgen.i18n import translate as _t


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


class Steps:
    """Prints the steps on stderr when the command is verbose (read at each step: ``-v`` may
    follow the command, read after the group's options), each with its time."""

    def __init__(self, reporter: Any) -> None:
        self.reporter = reporter
        self.last = time.perf_counter()

    @property
    def shown(self) -> bool:
        return bool(self.reporter.verbosity > 0)

    def detail(self, message: str, seconds: float | None = None) -> None:
        """One step: its message through the catalogue, and its time (else the time since
        the step before)."""
        now = time.perf_counter()
        if seconds is None:
            seconds = now - self.last
        self.last = now
        if self.shown:
            click.echo(f"  {_t(message)} ({duration(seconds)})", err=True)


def listen(ctx: click.Context, reporter: Any) -> Steps:
    """Show the library's steps for the whole command (``ctx.obj['steps']``)."""
    steps = Steps(reporter)
    ctx.with_resource(listening(steps.detail))
    return steps


def steps_of(ctx: click.Context) -> Steps | None:
    steps = ctx.ensure_object(dict).get("steps")
    return steps if isinstance(steps, Steps) and steps.shown else None


def document_done(ctx: click.Context, doc: Any) -> None:
    """One document of ``build`` or ``render``: numbered, rendered and written, or why not."""
    steps = steps_of(ctx)
    if steps is None:
        return
    if doc.ok:
        steps.detail(f"{doc.spec}: numbered {doc.symbol}, rendered and written to {doc.output}")
    else:
        steps.detail(f"{doc.spec}: not written ({doc.error.code})")


def file_checked(ctx: click.Context, report: Any, seconds: float, chosen: str = "auto") -> None:
    """One file of ``check``: which rules were run on it (and why those), what was
    recognised, its pages when laid out."""
    steps = steps_of(ctx)
    if steps is None:
        return
    if report.certificate:
        rules = _t("the certificate rules")
    else:
        party = report.system == "party"
        rules = _t("the Party rules (HD 36)") if party else _t("the State rules (ND 30)")
        if chosen != "auto":
            rules += " " + _t("(chosen with --system)")
        elif report.detected:
            rules += " " + _t("(the system read from its header)")
        else:
            rules += " " + _t("(no header naming the system)")
    kind = report.doc_type.text_name.lower() if report.doc_type else _t("type not recognised")
    if report.pages:
        kind += ", " + (
            _t("1 page as laid out")
            if report.pages == 1
            else _t(f"{report.pages} pages as laid out")
        )
    steps.detail(f"{report.path}: checked against {rules}, {kind}", seconds)
