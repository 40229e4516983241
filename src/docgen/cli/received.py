"""docgen received: record the decision a higher level sent back for an upward proposal."""

from __future__ import annotations

import datetime as dt

import click

from docgen.cli.main import _obj, _t, fail, verbosity_options
from docgen.errors import DocgenError


@click.group("received")
def received_group() -> None:
    """The decisions of higher levels answering this workspace's proposals (data/received/)."""


@received_group.command("add")
@verbosity_options
@click.argument("answers")
@click.option("--number", required=True, help="The decision's number as printed: 1234/QĐ-TTg.")
@click.option(
    "--date",
    "day",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The decision's date as printed (YYYY-MM-DD).",
)
@click.option("--issuer", required=True, help="Who decided, in running text: Thủ tướng Chính phủ.")
@click.option("--award", default=None, help="The award (default: the proposal's).")
@click.option("--only", multiple=True, help="A nominee it awards (default: every nominee).")
@click.option("--except", "leave_out", multiple=True, help="A nominee it does not award.")
@click.pass_context
def add_command(
    ctx: click.Context,
    answers: str,
    number: str,
    day: dt.datetime,
    issuer: str,
    award: str | None,
    only: tuple[str, ...],
    leave_out: tuple[str, ...],
) -> None:
    """Record the decision answering the proposal ANSWERS (its spec id), then check it."""
    from docgen.awards.received import record_received

    try:
        path = record_received(
            _obj(ctx)["workspace"],
            answers=answers,
            number=number,
            date=day.date(),
            issuer=issuer,
            award=award,
            only=only,
            leave_out=leave_out,
            register=_obj(ctx)["register_url"],
        )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    click.echo(_t(f"recorded {number} in {path.parent.name}/{path.name}"))
