"""``docgen register``: list, void, export the document-number register, list its gaps, read
its log and back it up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from docgen.cli.main import fail
from docgen.errors import DocgenError, RegisterError
from docgen.i18n import hint_label, message
from docgen.i18n import translate as _t
from docgen.register.entries import GAP_KIND, Entry, symbol_width
from docgen.register.export import csv_text, export_csv, export_docx
from docgen.register.store import Register, open_register
from docgen.register.withdrawal import Withdrawal, withdraw_pending

# Where a register lives when nothing names one and the folder is not a docgen workspace.
DEFAULT_REGISTER = Path(".docgen") / "register.sqlite"


def register_target(ctx: click.Context) -> str:
    """``docgen --register``, else ``docgen register --register``, else DOCGEN_REGISTER, else
    the workspace's register (as ``docgen build`` finds it) when the folder is a workspace
    (has data/), else .docgen/register.sqlite in it."""
    obj: dict[str, Any] = ctx.ensure_object(dict)
    root = Path(obj.get("workspace") or ".")
    asked = (str(root), obj.get("register_url"))
    known = obj.get("_register_target")
    if known is not None and known[0] == asked:  # found once a command (it reads settings)
        return str(known[1])
    target = _register_target(root, obj.get("register_url"))
    obj["_register_target"] = (asked, target)
    return target


def _register_target(root: Path, url: str | None) -> str:
    from docgen.data.places import chosen_register

    chosen = chosen_register(root, url)
    if chosen:
        return chosen
    if (root / "data").is_dir():
        from docgen.data.places import workspace_register

        return workspace_register(root)
    return str(root / DEFAULT_REGISTER)


def workspace_identity(ctx: click.Context) -> str:
    """The identity of the workspace the command runs in ('' outside a workspace)."""
    obj: dict[str, Any] = ctx.ensure_object(dict)
    root = Path(obj.get("workspace") or ".")
    if not (root / "data").is_dir():
        return ""
    from docgen.data.places import workspace_settings

    return workspace_settings(root).identity


def open_cli_register(ctx: click.Context) -> Register:
    """The register the command names (see ``register_target``), for this workspace; it must
    exist (``docgen register init`` makes it)."""
    register = open_register(register_target(ctx), workspace=workspace_identity(ctx))
    if register.migration_backup:
        click.echo(
            _t(
                "the register was brought up to date; its former state is kept in "
                f"{register.migration_backup}"
            ),
            err=True,
        )
    return register


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


@register_group.command("init")
@click.pass_context
def init_register(ctx: click.Context) -> None:
    """Create the register (an SQLite file, or the tables in an empty PostgreSQL database), and
    give the workspace its identity in data/settings.yaml when it has none. Nothing else
    creates a register: a mistyped path is an error, never a new empty register."""
    from docgen.cli.init import new_identity

    obj: dict[str, Any] = ctx.ensure_object(dict)
    root = Path(obj.get("workspace") or ".")
    try:
        target = register_target(ctx)
        identity = workspace_identity(ctx)
        if (root / "data").is_dir() and not identity:
            identity = new_identity()
            add_identity(root / "data" / "settings.yaml", identity)
            click.echo(_t(f"gave this workspace the identity {identity} in data/settings.yaml"))
        existed = _is_register(target)
        register = open_register(target, workspace=identity, create=True)
        if existed:
            click.echo(_t(f"{register.target} is already a register; nothing changed"))
            return
        register.record("init", detail="docgen register init")
    except DocgenError as exc:
        fail(ctx, exc)
        return
    click.echo(_t(f"created the register {register.target}"))


def _is_register(target: str) -> bool:
    """Whether ``target`` already holds a docgen register."""
    try:
        open_register(target)
    except RegisterError as exc:
        if exc.code == "REGISTER-MISSING":
            return False
        raise
    return True


def add_identity(settings_file: Path, identity: str) -> None:
    """Add ``workspace: IDENTITY`` to data/settings.yaml, keeping every line the clerk wrote."""
    from docgen.output import write_atomic

    text = settings_file.read_text(encoding="utf-8") if settings_file.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    text += (
        "# this workspace's identity in the register (docgen register init); keep it, never copy "
        "it to another office's workspace\n"
        f"workspace: {identity}\n"
    )
    write_atomic(settings_file, text.encode("utf-8"))


@register_group.command("list")
@click.option("--issuer", default=None, help="Only this issuer id.")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text")
@click.pass_context
def list_entries(ctx: click.Context, issuer: str | None, year: int | None, fmt: str) -> None:
    """List the numbers given, voided ones included."""
    try:
        register = open_cli_register(ctx)
        entries = register.entries(issuer=issuer, year=year)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if fmt == "csv":
        click.echo(csv_text(entries), nl=False)
        return
    symbols = {e.id: e.symbol for e in entries}
    corrected_by: dict[int, list[Entry]] = {}
    for e in entries:
        if e.corrects is not None and e.state == "issued":
            corrected_by.setdefault(e.corrects, []).append(e)
    for e in entries:
        state = ""
        if e.state == "voided":
            state = "  " + _t(message("[voided: {reason}]", reason=e.void_reason or ""))
        elif e.state == "reserved":
            state = "  " + _t(message("[reserved: {reason}]", reason=e.void_reason or ""))
        if e.corrects is not None:
            old = symbols.get(e.corrects, "?")
            state += f"  ({_CORRECTION.get(e.correction or '', '')} {old})"
        for later in corrected_by.get(e.id, []):
            state += f"  ({_CORRECTED.get(later.correction or '', '')} {later.symbol})"
        if e.withdrawn:
            state += "  " + _t(f"(file withdrawn to {e.withdrawn})")
        if e.kind == GAP_KIND:  # a skipped number recorded as voided: no document, no date
            click.echo(f"{'':10}  {e.symbol:<22} (bỏ trống){state}")
            continue
        click.echo(f"{e.date.strftime('%d/%m/%Y')}  {e.symbol:<22} {e.subject}  ({e.spec}){state}")
    count = len(entries)
    click.echo(_t(f"{count} entr{'y' if count == 1 else 'ies'} in {register.target}"))


# how a correcting document and the one it corrects are marked in the list (Vietnamese words
# of the register book, as the format rules name the corrections)
_CORRECTION = {"dinh_chinh": "đính chính", "sua_doi": "sửa đổi, bổ sung", "thay_the": "thay thế"}
_CORRECTED = {
    "dinh_chinh": "được đính chính bởi",
    "sua_doi": "được sửa đổi, bổ sung bởi",
    "thay_the": "được thay thế bởi",
}


@register_group.command("void")
@click.argument("issuer")
@click.argument("number_or_symbol")
@click.option("--reason", required=True, help="Why the number is voided (kept in the register).")
@click.option("--year", type=int, default=None, help="The year, when a bare number is ambiguous.")
@click.option(
    "--series",
    default=None,
    metavar="KEY",
    help="The series (as docgen register gaps names it), when the year is not enough.",
)
@click.pass_context
def void(
    ctx: click.Context,
    issuer: str,
    number_or_symbol: str,
    reason: str,
    year: int | None,
    series: str | None,
) -> None:
    """Void a number: it stays in the register and is never given again. A bare number left
    "bỏ trống" by a number given by hand is voided too, and is no longer a gap."""
    try:
        register = open_cli_register(ctx)
        entry = register.void(issuer, number_or_symbol, reason, year, series)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if entry.kind == GAP_KIND:
        line = _t(f"voided {entry.symbol} (bỏ trống in {entry.series}): {entry.void_reason}")
    else:
        line = _t(f"voided {entry.symbol} ({entry.spec}): {entry.void_reason}")
    click.echo(line)
    # the void is committed: only now is its file moved out of the current outputs (with
    # any other voided file a failed move left there)
    root = Path(ctx.ensure_object(dict).get("workspace") or ".")
    if (root / "data").is_dir():
        try:
            done = withdraw_pending(register, root)
        except DocgenError as exc:  # the void stands; the next build moves the file
            click.echo(exc.format(), err=True)
            return
        for withdrawal in done:
            say_withdrawal(withdrawal)


def say_withdrawal(withdrawal: Withdrawal) -> None:
    """Tell the clerk where a voided document's file is now (or why it is still there)."""
    symbol, source = withdrawal.entry.symbol, withdrawal.source
    if withdrawal.moved:
        click.echo(_t(f"withdrew the file of {symbol}: {source} is now {withdrawal.target}"))
    elif withdrawal.target is None:
        click.echo(
            "warning[REGISTER-WITHDRAW]: "
            + _t(
                f"the file of the voided {symbol} is still {source} (it could not be moved: "
                f"{withdrawal.error}); do not send it: the next docgen build moves it"
            ),
            err=True,
        )
    else:
        click.echo(
            "warning[REGISTER-WITHDRAW]: "
            + _t(
                f"the file of the voided {symbol} was moved from {source} to "
                f"{withdrawal.target}, but the register could not record it "
                f"({withdrawal.error}); the next docgen build records it"
            ),
            err=True,
        )


def _day(entry: Entry) -> str:
    return entry.date.strftime("%d/%m/%Y")


@register_group.command("gaps")
@click.option("--issuer", default=None, help="Only this issuer id.")
@click.option("--year", type=int, default=None, help="Only this year.")
@click.pass_context
def gaps(ctx: click.Context, issuer: str | None, year: int | None) -> None:
    """List, per series, the numbers no document took ("bỏ trống"): skipped by a number
    given by hand. Automatic numbers never fill them; a document dated between the numbers
    around a gap may take one by hand, or the number is voided."""
    try:
        register = open_cli_register(ctx)
        entries = register.entries(issuer=issuer)
        found = register.gaps(issuer=issuer, year=year)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    for gap in found:
        line = message(
            "{series}: {numbers} bỏ trống, between {below} of {below_date} and {above} of "
            "{above_date} ({spec})",
            series=gap.series,
            numbers=gap.numbers_text(symbol_width(gap.above.symbol)),
            below=gap.below.symbol,
            below_date=_day(gap.below),
            above=gap.above.symbol,
            above_date=_day(gap.above),
            spec=gap.above.spec,
        )
        click.echo(_t(line))
    # the lowest number of a series that does not start at 1: numbers below it were given
    # before the register was kept, and are not gaps
    firsts: dict[str, Entry] = {}
    for entry in entries:
        firsts.setdefault(entry.series, entry)
    for series, first in firsts.items():
        if first.number > 1 and (year is None or first.date.year == year):
            line = message(
                "{series}: begins at {first} of {date}; numbers below it were given before the "
                "register was kept (not checked)",
                series=series,
                first=first.symbol,
                date=_day(first),
            )
            click.echo(_t(line))
    missing = sum(g.count for g in found)
    in_series = len({g.series for g in found})
    if not found:
        click.echo(_t(f"no numbers bỏ trống in {register.target}"))
        return
    values = {"count": missing, "series": in_series, "register": register.target}
    total = (
        message("{count} number bỏ trống in {series} series of {register}", **values)
        if missing == 1
        else message("{count} numbers bỏ trống in {series} series of {register}", **values)
    )
    click.echo(_t(total))
    hint = message(
        "give a gap's number by hand to a document dated between its neighbours, or void it: "
        "{command}",
        command='docgen register void ISSUER NUMBER --year YEAR --reason "…"',
    )
    click.echo(f"    {hint_label()}: {_t(hint)}")


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
        register = open_cli_register(ctx)
        entries = register.entries(issuer=issuer, year=year)
        skipped = register.gaps(issuer=issuer, year=year)
        if suffix == ".csv":
            export_csv(entries, out, skipped)
        else:
            export_docx(entries, out, issuer=issuer, year=year, gaps=skipped)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    n = len(entries)
    if skipped:
        missing = sum(g.count for g in skipped)
        line = _t(
            f"wrote {out} ({n} entr{'y' if n == 1 else 'ies'}, "
            f"{missing} number{'s' if missing != 1 else ''} bỏ trống)"
        )
    else:
        line = _t(f"wrote {out} ({n} entr{'y' if n == 1 else 'ies'})")
    click.echo(line)


def _day_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """A day written dd/mm/yyyy (as on a document) or yyyy-mm-dd."""
    import datetime as dt

    if value is None:
        return None
    text = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise click.BadParameter(_t(f"'{value}' is not a day: write dd/mm/yyyy or yyyy-mm-dd"))


@register_group.command("log")
@click.option("--since", callback=_day_option, default=None, help="From this day (dd/mm/yyyy).")
@click.option("--until", callback=_day_option, default=None, help="Up to this day, included.")
@click.option(
    "--action",
    default=None,
    help="Only this act: init, issue, rebuild, void, build, certificates, import, user, "
    "backup, migrate.",
)
@click.option("--actor", default=None, help="Only acts of a user whose name contains this.")
@click.option(
    "--document", "symbol", default=None, help="Only acts on this document (number or spec)."
)
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the newest N acts.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text")
@click.pass_context
def show_log(
    ctx: click.Context,
    since: Any,
    until: Any,
    action: str | None,
    actor: str | None,
    symbol: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Show the register's log: who did what and when (Vietnam time), to which document, and
    why. Nothing in it can be changed or deleted."""
    from docgen.i18n import language
    from docgen.register.log import ACTION_NAMES, LOG_HEADERS, log_csv

    try:
        register = open_cli_register(ctx)
        rows = register.log(since, until, action, actor, symbol, limit)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if fmt == "csv":
        click.echo(log_csv(rows, [_t(h) for h in LOG_HEADERS]), nl=False)
        return
    names = ACTION_NAMES if language() == "vi" else {}
    for row in rows:
        line = f"{row.when_text}  {row.actor:<20} {names.get(row.action, row.action):<12}"
        if row.document:
            line += f" {row.document}"
        if row.detail:
            line += f"  {_t(row.detail)}"
        if row.reason:
            line += "  — " + _t(f"reason: {row.reason}")
        click.echo(line.rstrip())
    count = len(rows)
    click.echo(_t(f"{count} act{'' if count == 1 else 's'} in the log of {register.target}"))


@register_group.command("backup")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the copy (default: beside an SQLite register, register-backup-"
    "<time>.sqlite; a PostgreSQL register's dump in the current folder, .sql).",
)
@click.pass_context
def backup(ctx: click.Context, out: Path | None) -> None:
    """Write a copy of the whole register while clerks keep working: an SQLite register is
    copied with SQLite's online backup (the copy is itself a register); a PostgreSQL one is
    dumped with pg_dump."""
    try:
        written = open_cli_register(ctx).backup(out)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    click.echo(_t(f"wrote a copy of the register to {written}"))
