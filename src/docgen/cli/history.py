"""docgen history: the versions of the workspace's files, listed, shown, compared, restored."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.main import Reporter, _obj, _t, fail, verbosity_options
from docgen.data.history import (
    ConflictError,
    DiffLine,
    History,
    HistoryError,
    Version,
    diff_lines,
    frozen_refusal,
    is_data_file,
    issued_entry,
    version_labels,
)
from docgen.errors import DocgenError, Location
from docgen.i18n import language, message
from docgen.vn.times import moment_text


@click.command("history")
@verbosity_options
@click.argument("file", metavar="[FILE]", required=False)
@click.argument("against", metavar="[B]", required=False, type=int)
@click.option("--show", "show", type=int, metavar="N", help="Print version N's text.")
@click.option(
    "--diff",
    "diff",
    type=int,
    metavar="A",
    help="Compare version A with version B (default: the file as it is now).",
)
@click.option(
    "--restore",
    "restore",
    type=int,
    metavar="N",
    help="Make the file what it was at version N again (a new version; the others are kept).",
)
@click.option("--yes", "-y", is_flag=True, help="Restore without asking for confirmation.")
@click.pass_context
def history_command(
    ctx: click.Context,
    file: str | None,
    against: int | None,
    show: int | None,
    diff: int | None,
    restore: int | None,
    yes: bool,
) -> None:
    """The versions of the workspace's data files (every save in the web app, import and
    restore). Without FILE: the files with versions, the last changed first; with FILE: its
    versions; --show N, --diff A [B] and --restore N act on one of them. An issued document's
    data is never restored to an older version: a correcting document is the way."""
    root: Path = _obj(ctx)["workspace"]
    reporter: Reporter = _obj(ctx)["reporter"]
    if sum(v is not None for v in (show, diff, restore)) > 1:
        raise click.UsageError(_t("give only one of --show, --diff and --restore"))
    if against is not None and diff is None:
        raise click.UsageError(_t("a second version number goes with --diff only"))
    if file is None and (show, diff, restore) != (None, None, None):
        raise click.UsageError(_t("--show, --diff and --restore need a FILE"))
    history = History(root)
    try:
        if file is None:
            _list_files(history)
            return
        relpath = history.normalise(_relpath(root, file))
        if not is_data_file(relpath):
            raise HistoryError(
                f"{relpath} is not a data file: the history keeps the .yaml files under data/",
                code="HISTORY-PATH",
                location=Location(relpath),
            )
        versions = _versions(history, relpath)
        reporter.detail(f"{len(versions)} versions of {relpath} in {history.path}")
        if show is not None:
            click.echo(history.read(_version(relpath, versions, show).id), nl=False)
        elif diff is not None:
            _diff(history, relpath, versions, diff, against)
        elif restore is not None:
            _restore(ctx, history, relpath, versions, restore, yes=yes)
        else:
            _list_versions(history, versions)
    except DocgenError as exc:
        fail(ctx, exc)


def _relpath(root: Path, given: str) -> str:
    """FILE as the history names it: a path inside the workspace (data/documents/x.yaml), or
    a path as given from here (absolute, or relative to the current folder) that leads into
    the workspace."""
    path = Path(given)
    if not path.is_absolute() and ((root / path).exists() or not path.exists()):
        return path.as_posix()  # ./data/x.yaml as data/x.yaml
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise HistoryError(
            f"'{given}' is not a file of the workspace",
            code="HISTORY-PATH",
            hint="a path inside the workspace, such as data/documents/cv-01.yaml",
        ) from None


def _no_history(history: History) -> HistoryError:
    return HistoryError(
        "no version is recorded in this workspace yet (there is no .docgen/history.sqlite)",
        code="HISTORY-NONE",
        hint="every save in the web app, every import (docgen import nominees) and every "
        "restore is recorded there",
    )


def _versions(history: History, relpath: str) -> list[Version]:
    """The file's versions, newest first (a change made by hand since is recorded first)."""
    if not history.path.exists():
        raise _no_history(history)
    versions = history.versions(relpath)
    if not versions:
        raise HistoryError(
            f"{relpath} has no recorded version: there is no such file in the workspace, "
            "nor in its history",
            code="HISTORY-NOT-FOUND",
            location=Location(relpath),
            hint="docgen history lists the files that have versions",
        )
    return versions


def _version(relpath: str, versions: list[Version], number: int) -> Version:
    found = next((v for v in versions if v.id == number), None)
    if found is None:
        raise HistoryError(
            f"{relpath} has no version {number} (older versions are dropped beyond the limits "
            "of rules/history.yaml)",
            code="HISTORY-NOT-FOUND",
            location=Location(relpath),
            hint=f"docgen history {relpath} lists its versions",
        )
    return found


def _labels(version: Version, *, first: bool = False) -> tuple[str, str]:
    """What a version is and who made it: the web's Vietnamese names, the raw ones in
    English (as `docgen register log` names its acts)."""
    if language() == "vi":
        return version_labels(version, first=first)
    return version.action, version.who or "(outside docgen)"


def _list_files(history: History) -> None:
    if not history.path.exists():
        raise _no_history(history)
    # each file's versions first: a change made by hand since is recorded, and listed
    counts = {v.relpath: len(history.versions(v.relpath)) for v in history.recorded()}
    recorded = history.recorded()
    if not recorded:
        raise _no_history(history)
    width = max(len(v.relpath) for v in recorded)
    for last in recorded:
        count = counts.get(last.relpath, 1)
        action, who = _labels(last, first=count == 1)
        if count == 1:
            versions = _t(message("{count} version", count=count))
        else:
            versions = _t(message("{count} versions", count=count))
        when = moment_text(last.at)
        click.echo(f"{last.relpath:<{width}}  {versions:<12} {when}  {who}  ({action})")


def _text(history: History, version: Version | None) -> list[str]:
    """The lines of the file after ``version`` (none: no file, as after a delete)."""
    if version is None or not version.present:
        return []
    return history.read(version.id).splitlines()


def _list_versions(history: History, versions: list[Version]) -> None:
    rows = []
    for index, version in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        lines = diff_lines(_text(history, older), _text(history, version))
        added = sum(line.kind == "added" for line in lines)
        removed = sum(line.kind == "removed" for line in lines)
        action, who = _labels(version, first=older is None)
        rows.append((f"{version.id}", moment_text(version.at), who, action, f"+{added} -{removed}"))
    width = max(len(r[0]) for r in rows)
    who_width = max(len(r[2]) for r in rows)
    action_width = max(len(r[3]) for r in rows)
    for number, when, who, action, changed in rows:
        click.echo(
            f"{number:>{width}}  {when}  {who:<{who_width}}  {action:<{action_width}}  {changed}"
        )


def _diff(
    history: History, relpath: str, versions: list[Version], old: int, new: int | None
) -> None:
    """Version ``old`` against ``new`` (None: the file as it is now), as ``diff -u`` shows."""
    first = _version(relpath, versions, old)
    second = _version(relpath, versions, new) if new is not None else None
    context = history.limits.context_lines
    if second is not None and first.present and second.present:
        lines = history.diff(first.id, second.id, context=context)
    else:
        now = versions[0]  # the file as it is now (or its deletion)
        lines = diff_lines(_text(history, first), _text(history, second or now), context=context)
    click.echo(f"--- {relpath}  {_named(first)}")
    click.echo(f"+++ {relpath}  " + (_named(second) if second else _t("the file as it is now")))
    if not any(line.kind in ("added", "removed") for line in lines):
        click.echo(_t("no difference between the two"))
        return
    for line in lines:
        click.echo(_diff_line(line))


def _named(version: Version) -> str:
    return _t(
        message("version {number} of {when}", number=version.id, when=moment_text(version.at))
    )


def _diff_line(line: DiffLine) -> str:
    if line.kind == "skip":
        return "@@ " + _t(message("{count} unchanged lines", count=line.count)) + " @@"
    mark = {"added": "+", "removed": "-"}.get(line.kind, " ")
    return f"{mark}{line.text}"


def _issued(ctx: click.Context, relpath: str) -> str | None:
    """The number of the document whose data the file is, when it is issued; None when the
    workspace has no register (nothing is issued) or the file is no document's data."""
    from docgen.cli.register import register_target, workspace_identity
    from docgen.register import open_register, register_exists

    target = register_target(ctx)
    if not register_exists(target):
        return None
    try:
        register = open_register(target, workspace=workspace_identity(ctx))
    except DocgenError as exc:
        if exc.code == "REGISTER-MISSING":
            return None
        raise
    entry = issued_entry(register, relpath)
    return entry.symbol if entry is not None else None


def _restore(
    ctx: click.Context,
    history: History,
    relpath: str,
    versions: list[Version],
    number: int,
    *,
    yes: bool,
) -> None:
    from docgen.register.audit import current_actor

    chosen = _version(relpath, versions, number)
    refusal = frozen_refusal(_issued(ctx, relpath), versions, chosen)
    if refusal is not None:
        raise refusal
    opened = history.current_sha(relpath)
    if versions[0].present and chosen.sha == opened:
        click.echo(_t(f"{relpath} already holds version {number}: nothing to restore"))
        return
    when = moment_text(chosen.at)
    if not yes:
        click.confirm(
            _t(
                f"Restore {relpath} to version {number} ({when})? The file as it is now stays "
                "in the history (y: restore, n: leave it)"
            ),
            abort=True,
        )
    try:
        version = history.restore(relpath, chosen.id, who=current_actor(), expected_sha=opened)
    except ConflictError:
        raise HistoryError(
            f"{relpath} was changed while the restore was being confirmed: nothing was restored",
            code="HISTORY-CONFLICT",
            location=Location(relpath),
            hint=f"look at its history again (docgen history {relpath}), then restore if "
            "still needed",
        ) from None
    click.echo(_t(f"restored {relpath} to version {number}: it is now version {version.id}"))
