"""What every view shares: the app's state, a page rendered from its template, the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse

from docgen.data.workspace import Workspace
from docgen.web import auth, csrf
from docgen.web.config import Limits
from docgen.web.errors import WebError
from docgen.web.jobs import BuildManager
from docgen.web.preview import PreviewCache
from docgen.web.sessions import SessionStore
from docgen.web.state import STATUS_LABELS, WorkspaceState
from docgen.web.throttle import LoginThrottle


@dataclass
class AppState:
    """Everything a request may need, built once by ``create_app``."""

    root: Path
    out_dir: Path
    secret: bytes
    limits: Limits
    users: auth.UserBook
    sessions: SessionStore
    throttle: LoginThrottle
    workspace: WorkspaceState
    builds: BuildManager
    previews: PreviewCache
    office: str
    templates: Environment


def app_state(request: Request) -> AppState:
    value: AppState = request.app.state.docgen
    return value


def _issuer_name(st: AppState, issuer: str) -> str:
    ws = st.workspace.load().ws
    known = ws.issuers.get(issuer) if ws is not None else None
    return known.name if known is not None else issuer


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page: the template with the signed-in user, the CSRF token and the running build."""
    st = app_state(request)
    user = auth.current_user(request)
    token = csrf.token(request)
    body = st.templates.get_template(template).render(
        request=request,
        user=user,
        can=lambda permission: auth.can(user, permission),
        # whether the signed-in user acts for an issuer (its buttons are shown only then)
        acts_for=lambda issuer: user is not None and user.acts_for(issuer),
        csrf_field=csrf.FIELD,
        csrf_token=token,
        office=st.office,
        running=st.builds.running(),
        status_labels=STATUS_LABELS,
        poll_ms=st.limits.progress_poll_ms,
        quote=quote,
        # an issuer as the clerk knows it: its name, not its id
        issuer_name=lambda issuer: _issuer_name(st, issuer),
        **context,
    )
    response = HTMLResponse(body, status_code=status)
    new = getattr(request.state, "new_csrf", None)
    if new is not None:
        response.set_cookie(
            csrf.COOKIE,
            csrf.cookie_value(request, new),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
    return response


def loaded_ws(request: Request) -> Workspace:
    """The validated workspace, or WebError pointing at the data problems page."""
    loaded = app_state(request).workspace.load()
    if loaded.ws is None:
        assert loaded.error is not None
        raise WebError(
            f"Dữ liệu có {len(loaded.error.problems)} lỗi; hãy sửa trước (xem trang Dữ liệu).",
            code="WEB-DATA",
            status=409,
        )
    return loaded.ws


def spec_or_404(ws: Workspace, spec_id: str) -> str:
    if spec_id not in ws.specs:
        raise WebError(f"Không có văn bản “{spec_id}”.", code="WEB-NOT-FOUND", status=404)
    return spec_id
