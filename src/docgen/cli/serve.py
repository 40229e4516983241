"""``docgen serve`` and ``docgen user``: the office web app and its users."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from docgen.cli.main import fail, record
from docgen.errors import DocgenError
from docgen.i18n import translate as _t
from docgen.web.errors import WebError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
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


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@_USERS_OPTION
@click.option("--office", default=None, help="The office name in the page header.")
@click.pass_context
def serve_command(
    ctx: click.Context, host: str, port: int, users: Path | None, office: str | None
) -> None:
    """Serve the web app: clerks validate, build, preview and download from a browser."""
    from docgen.data.loader import run_as_one_command

    run_as_one_command(False)  # many requests, threads, workspaces loaded again and again
    try:
        _require_web()
        import uvicorn

        from docgen.web.app import create_app
        from docgen.web.users import load_users

        root = Path(_obj(ctx).get("workspace") or ".")
        path = _users_path(ctx, users)
        # on this machine only: a page elsewhere that renames itself 127.0.0.1 (DNS
        # rebinding) is not answered; on the LAN the office's own names and addresses vary
        loopback = host in LOOPBACK
        app = create_app(
            root,
            register=_obj(ctx).get("register_url"),
            users=path,
            office=office,
            allowed_hosts=["127.0.0.1", "localhost", "[::1]"] if loopback else None,
        )
        if not load_users(path):
            click.echo(
                f"no users yet in {path}: add one with  docgen user add NAME --role van_thu",
                err=True,
            )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if host not in LOOPBACK:
        click.echo(
            f"serving on {host}: every computer that can reach this one may open the pages "
            "(behind the login); use it on the office network only",
            err=True,
        )
    click.echo(_t(f"docgen: open http://{host}:{port}/ in a browser (Ctrl+C to stop)"))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@click.group("user")
def user_group() -> None:
    """The users of the web app (docgen serve): add, list, remove."""


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["van_thu", "reader"]),
    required=True,
    help="van_thu: builds documents, gives and voids numbers; reader: reads and downloads.",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (scripts)."
)
@_USERS_OPTION
@click.pass_context
def user_add(
    ctx: click.Context, name: str, role: str, password_stdin: bool, users: Path | None
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
                f"Password for {name}", hide_input=True, confirmation_prompt=True
            )
        path = _users_path(ctx, users)
        known = name in load_users(path)
        add_user(path, name, role, password)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    if known:
        record(ctx, "user", f"set the role and password of the web user {name} ({role})")
    else:
        record(ctx, "user", f"added the web user {name} ({role})")
    click.echo(_t(f"user {name} ({role}) saved in {path}"))


@user_group.command("list")
@_USERS_OPTION
@click.pass_context
def user_list(ctx: click.Context, users: Path | None) -> None:
    """List the users and their roles."""
    from docgen.web.users import load_users

    path = _users_path(ctx, users)
    try:
        found = load_users(path)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    for user in found.values():
        click.echo(f"{user.name}  {user.role}")
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
    record(ctx, "user", f"removed the web user {name}")
    click.echo(_t(f"user {name} removed from {path}"))
