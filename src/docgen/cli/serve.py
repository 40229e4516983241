"""``docgen serve`` and ``docgen user``: the office web app and its users."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from docgen.cli.main import fail, record
from docgen.errors import DocgenError
from docgen.i18n import translate as _t
from docgen.web.errors import ServeSettingsError, WebError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# the names a browser on the server's own machine uses (a Host header's form of ::1)
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"]
WILDCARDS = ("0.0.0.0", "::", "")
_NEEDED = ("starlette", "uvicorn", "argon2", "multipart", "itsdangerous")


def _require_web() -> None:
    """The web app's packages are an extra: say how to get them rather than fail on import."""
    import importlib.util

    missing = [name for name in _NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        raise WebError(
            f"the web app needs packages that are not installed: {', '.join(missing)}",
            code="WEB-NOT-INSTALLED",
            hint="pip install 'docgen[web]'",
        )


def _obj(ctx: click.Context) -> dict[str, Any]:
    return ctx.ensure_object(dict)


def _users_path(ctx: click.Context, users: Path | None) -> Path:
    from docgen.web.config import users_file

    return users if users is not None else users_file(Path(_obj(ctx).get("workspace") or "."))


_USERS_OPTION = click.option(
    "--users",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The users file (default: .docgen/users.yaml in the workspace).",
)


def allowed_hosts(host: str, given: list[str], settings: list[str]) -> list[str]:
    """The Host headers the server answers: on this machine, its own names; on the network,
    the names given (--allowed-host, settings.yaml allowed_hosts) and the address bound to.
    Listening on every address with no name given is refused: any page could rename itself
    as the server (DNS rebinding) and reach it with the clerk's browser."""
    names = [*given, *settings]
    for name in names:
        if not name or "*" in name or "/" in name:
            raise ServeSettingsError(
                f"'{name}' is not a host name or address for --allowed-host",
                code="WEB-ALLOWED-HOSTS",
            )
    if host in LOOPBACK:
        return [*LOOPBACK_NAMES, *names]
    if host in WILDCARDS and not names:
        raise ServeSettingsError(
            f"serving on {host or 'every address'} needs the names the office opens it by",
            code="WEB-ALLOWED-HOSTS",
            hint="give each with --allowed-host NAME (e.g. --allowed-host 192.168.1.20 "
            "--allowed-host docgen.local), or list them under allowed_hosts: in "
            "data/settings.yaml",
        )
    bound = [] if host in WILDCARDS else [f"[{host}]" if ":" in host else host]
    return [*bound, *LOOPBACK_NAMES, *names]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--allowed-host",
    "allowed",
    multiple=True,
    help="A name or address the office opens the pages by (repeatable); needed with --host "
    "0.0.0.0. Also: allowed_hosts in data/settings.yaml.",
)
@_USERS_OPTION
@click.option("--office", default=None, help="The office name in the page header.")
@click.pass_context
def serve_command(
    ctx: click.Context,
    host: str,
    port: int,
    allowed: tuple[str, ...],
    users: Path | None,
    office: str | None,
) -> None:
    """Serve the web app: clerks validate, build, preview and download from a browser."""
    from docgen.data.process import run_as_one_command

    run_as_one_command(False)  # many requests, threads, workspaces loaded again and again
    try:
        _require_web()
        import uvicorn

        from docgen.data.places import workspace_settings
        from docgen.web.app import create_app
        from docgen.web.users import load_users

        root = Path(_obj(ctx).get("workspace") or ".")
        path = _users_path(ctx, users)
        # only the names the server is known by are answered: a page elsewhere that renames
        # itself as this server (DNS rebinding) is not
        settings = workspace_settings(root).settings.allowed_hosts
        hosts = allowed_hosts(host, list(allowed), list(settings))
        app = create_app(
            root,
            register=_obj(ctx).get("register_url"),
            users=path,
            office=office,
            allowed_hosts=hosts,
        )
        if not load_users(path):
            click.echo(
                _t(f"no users yet in {path}: add one with  docgen user add NAME --role admin"),
                err=True,
            )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if host not in LOOPBACK:
        click.echo(
            _t(
                f"serving on {host}: every computer that can reach this one may open the pages "
                "(behind the login); use it on the office network only"
            ),
            err=True,
        )
        click.echo(_t(f"answering only the names: {', '.join(hosts)}"), err=True)
    click.echo(_t(f"docgen: open http://{host}:{port}/ in a browser (Ctrl+C to stop)"))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@click.group("user")
def user_group() -> None:
    """The users of the web app (docgen serve): add, grant, disable, enable, list, remove."""


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["admin", "van_thu", "reader"]),
    required=True,
    help="admin: manages users, acts for every issuer; van_thu: builds documents, gives and "
    "voids numbers for its issuers; reader: reads and downloads.",
)
@click.option(
    "--issuer",
    "issuers",
    multiple=True,
    help="An issuer id (data/issuers.yaml) the user acts for (repeatable); 'all' for every "
    "one. Default: every issuer for a new user, unchanged for a known one.",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (scripts)."
)
@_USERS_OPTION
@click.pass_context
def user_add(
    ctx: click.Context,
    name: str,
    role: str,
    issuers: tuple[str, ...],
    password_stdin: bool,
    users: Path | None,
) -> None:
    """Add a user (or change a user's role and password); asks for the password."""
    try:
        _require_web()
        from docgen.web.users import add_user, check_name, load_users

        check_name(name)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(
                _t(f"Password for {name}"),
                hide_input=True,
                confirmation_prompt=_t("Repeat the password"),
            )
        path = _users_path(ctx, users)
        known = name in load_users(path)
        user = add_user(path, name, role, password, list(issuers) if issuers else None)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if known:
        record(
            ctx,
            "user",
            f"set the role and password of the web user {name} ({role}, issuers: "
            f"{_issuers_text(user)}); their open sessions ended",
        )
    else:
        record(ctx, "user", f"added the web user {name} ({role}, issuers: {_issuers_text(user)})")
    click.echo(_t(f"user {name} ({role}) saved in {path}"))


def _issuers_text(user: Any) -> str:
    return "all" if user.issuers is None else ", ".join(sorted(user.issuers)) or "none"


@user_group.command("grant")
@click.argument("name")
@click.argument("issuers", nargs=-1, required=True)
@_USERS_OPTION
@click.pass_context
def user_grant(ctx: click.Context, name: str, issuers: tuple[str, ...], users: Path | None) -> None:
    """Set the issuers a user acts for (issuer ids of data/issuers.yaml, or all)."""
    from docgen.web.users import change_user

    path = _users_path(ctx, users)
    try:
        user = change_user(path, name, issuers=list(issuers))
    except DocgenError as exc:
        fail(ctx, exc)
        return
    record(ctx, "user", f"the web user {name} acts for the issuers: {_issuers_text(user)}")
    click.echo(_t(f"user {name} acts for the issuers: {_issuers_text(user)}"))


@user_group.command("disable")
@click.argument("name")
@_USERS_OPTION
@click.pass_context
def user_disable(ctx: click.Context, name: str, users: Path | None) -> None:
    """Disable a user: their open sessions end, and they cannot sign in until enabled."""
    from docgen.web.users import change_user

    path = _users_path(ctx, users)
    try:
        change_user(path, name, disabled=True)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    record(ctx, "user", f"disabled the web user {name}; their open sessions ended")
    click.echo(_t(f"user {name} disabled"))


@user_group.command("enable")
@click.argument("name")
@_USERS_OPTION
@click.pass_context
def user_enable(ctx: click.Context, name: str, users: Path | None) -> None:
    """Enable a disabled user again."""
    from docgen.web.users import change_user

    path = _users_path(ctx, users)
    try:
        change_user(path, name, disabled=False)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    record(ctx, "user", f"enabled the web user {name}")
    click.echo(_t(f"user {name} enabled"))


@user_group.command("list")
@_USERS_OPTION
@click.pass_context
def user_list(ctx: click.Context, users: Path | None) -> None:
    """List the users, their roles and issuers."""
    from docgen.web.users import load_users

    path = _users_path(ctx, users)
    try:
        found = load_users(path)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    for user in found.values():
        issuers = _issuers_text(user)
        click.echo(f"{user.name}  {user.role}  {issuers}{'  disabled' if user.disabled else ''}")
    click.echo(_t(f"{len(found)} user{'s' if len(found) != 1 else ''} in {path}"))


@user_group.command("remove")
@click.argument("name")
@_USERS_OPTION
@click.pass_context
def user_remove(ctx: click.Context, name: str, users: Path | None) -> None:
    """Remove a user (their open sessions end at once)."""
    from docgen.web.users import remove_user

    path = _users_path(ctx, users)
    try:
        remove_user(path, name)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    record(ctx, "user", f"removed the web user {name}; their open sessions ended")
    click.echo(_t(f"user {name} removed from {path}"))
