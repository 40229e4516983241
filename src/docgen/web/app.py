"""The ASGI app of ``docgen serve``: the pages of every area (views/), middleware, templates."""

from __future__ import annotations

import secrets
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from docgen.errors import DocgenError
from docgen.i18n import severity_label, translate
from docgen.output import write_atomic
from docgen.vn.times import moment_text
from docgen.web import auth
from docgen.web.config import (
    Limits,
    cache_dir,
    load_limits,
    secret_file,
    sessions_file,
    users_file,
)
from docgen.web.errors import WebError
from docgen.web.jobs import BuildManager
from docgen.web.middleware import ActorMiddleware, AllowedHostsMiddleware, GuardMiddleware
from docgen.web.pages import AppState
from docgen.web.preview import PreviewCache
from docgen.web.sessions import SessionStore
from docgen.web.state import WorkspaceState
from docgen.web.throttle import LoginThrottle
from docgen.web.views import (
    campaign_edit,
    certificates,
    data,
    documents,
    edit,
    error_pages,
    history,
    imports,
    lists,
    log,
    login,
    register,
    signing,
    users_page,
)

# every page, area by area; create_app adds the static files
ROUTES = [
    *login.ROUTES,
    *edit.ROUTES,  # before documents: /documents/new is not a document's page
    *documents.ROUTES,
    *data.ROUTES,
    *certificates.ROUTES,
    *log.ROUTES,
    *register.ROUTES,
    *imports.ROUTES,
    *history.ROUTES,
    *users_page.ROUTES,
    *lists.ROUTES,
    *campaign_edit.ROUTES,
    *signing.ROUTES,
]


def load_secret(root: Path) -> bytes:
    """The key that signs session cookies: made once per workspace, readable by its owner."""
    path = secret_file(root)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        value = secrets.token_bytes(32)
        write_atomic(path, value)
        path.chmod(0o600)
        return value


def _office_name(state: WorkspaceState) -> str:
    ws = state.load().ws
    if ws is not None and ws.issuers:
        return next(iter(ws.issuers.values())).name
    return "docgen"


def create_app(
    root: Path,
    *,
    out_dir: Path | None = None,
    register: str | None = None,
    users: Path | None = None,
    office: str | None = None,
    limits: Limits | None = None,
    allowed_hosts: list[str] | None = None,
) -> Starlette:
    """The web app over the workspace at ``root`` (``register``: as ``docgen --register``;
    ``limits``: those of limits.yaml unless given; ``allowed_hosts``: the only Host headers
    answered, when given)."""
    root = root.resolve()
    limits = limits or load_limits()
    out = (out_dir or root / "output").resolve()
    cache = cache_dir(root)
    workspace = WorkspaceState(root, out, cache, register)
    templates = Environment(
        loader=PackageLoader("docgen.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # messages of the library (written in English) in the clerk's language, as on the CLI
    templates.filters["tr"] = translate
    templates.filters["moment"] = moment_text  # a stored time as the office reads it
    templates.filters["severity"] = severity_label  # lỗi, cảnh báo
    users = users or users_file(root)
    state = AppState(
        root=root,
        out_dir=out,
        secret=load_secret(root),
        limits=limits,
        users=auth.UserBook(users),
        sessions=SessionStore(sessions_file(users), limits.session_max_age_s),
        throttle=LoginThrottle(limits),
        workspace=workspace,
        builds=BuildManager(cache / "build.lock"),
        previews=PreviewCache(cache / "preview", limits.preview_dpi, limits.convert_timeout_s),
        office=office or _office_name(workspace),
        templates=templates,
    )
    routes = [
        *ROUTES,
        Mount("/static", StaticFiles(packages=[("docgen.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(GuardMiddleware, limit=limits.upload_max_bytes),
            *(
                [Middleware(AllowedHostsMiddleware, allowed_hosts=allowed_hosts)]
                if allowed_hosts
                else []
            ),
            Middleware(ActorMiddleware),
        ],
        exception_handlers={
            WebError: error_pages.on_web_error,
            DocgenError: error_pages.on_docgen_error,
            HTTPException: error_pages.on_http_error,
            Exception: error_pages.on_server_error,
        },
    )
    app.state.docgen = state
    return app
