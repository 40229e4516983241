"""Who is signed in, and what they may do: ``authorize`` is the one check every view calls."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from pathlib import Path

from itsdangerous import Signer
from starlette.requests import Request
from starlette.responses import Response

from docgen.web import csrf
from docgen.web.errors import WebError
from docgen.web.users import User, load_users

SESSION_COOKIE = "docgen_session"

# What each role may do. Văn thư (the records clerk) builds documents and keeps the register
# for the issuers granted to her (check_issuer); the administrator does it for every issuer and
# manages the users; everyone else reads: lists, previews, downloads, checking a .docx.
PERMISSIONS: Mapping[str, frozenset[str]] = {
    "view": frozenset({"admin", "van_thu", "reader"}),
    "check": frozenset({"admin", "van_thu", "reader"}),
    "build": frozenset({"admin", "van_thu"}),
    "void": frozenset({"admin", "van_thu"}),
    # the signer's and the office's signatures, with the keys kept on the server
    "sign": frozenset({"admin", "van_thu"}),
    "certificates": frozenset({"admin", "van_thu"}),
    "import": frozenset({"admin", "van_thu"}),
    "users": frozenset({"admin"}),
}


class UserBook:
    """The users file, re-read when it changes (a user added or removed while serving)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._users: dict[str, User] = {}

    def get(self, name: str) -> User | None:
        return self.all().get(name)

    def all(self) -> dict[str, User]:
        try:
            st = self.path.stat()
            # a rewrite is a new file (write_atomic): its inode tells even a same-size change
            stamp: tuple[int, int, int] | None = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._stamp or stamp is None:
                self._users = load_users(self.path) if stamp is not None else {}
                self._stamp = stamp
            return self._users


def _signer(request: Request) -> Signer:
    return Signer(request.app.state.docgen.secret, salt="docgen.session")


def fingerprint(user: User) -> str:
    """Changes with the password: a new password (even set by hand) ends old sessions."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def client_address(request: Request) -> str:
    """The computer a request comes from, as the server sees it. No X-Forwarded-For is
    believed: any computer could write one and pass for another."""
    return request.client.host if request.client is not None else ""


def _session_id(request: Request) -> str | None:
    return csrf.signed_cookie(request, SESSION_COOKIE, _signer(request))


def current_user(request: Request) -> User | None:
    """The signed-in user: a session the server still holds, of a user still in the users
    file, not disabled, with the password the session was opened with."""
    if hasattr(request.state, "user"):
        user: User | None = request.state.user
        return user
    request.state.user = None
    session_id = _session_id(request)
    if session_id:
        state = request.app.state.docgen
        session = state.sessions.get(session_id)
        if session is not None:
            user = state.users.get(session.user)
            if user is not None and not user.disabled and session.fingerprint == fingerprint(user):
                request.state.user = user
                request.state.session = {"u": user.name, "csrf": session.csrf}
                request.state.session_id = session_id
    found: User | None = request.state.user
    return found


def start_session(request: Request, response: Response, user: User) -> None:
    """Sign ``user`` in: a fresh session and a fresh CSRF token (never the pre-login one)."""
    state = request.app.state.docgen
    session_id = state.sessions.create(
        user.name, fingerprint(user), csrf.new_token(), client_address(request)
    )
    response.set_cookie(
        SESSION_COOKIE,
        _signer(request).sign(session_id.encode("ascii")).decode("ascii"),
        max_age=state.limits.session_max_age_s,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(csrf.COOKIE, path="/")


def end_session(request: Request, response: Response) -> None:
    """Logout: the server forgets the session, so a copy of the cookie opens nothing."""
    session_id = getattr(request.state, "session_id", None) or _session_id(request)
    if session_id:
        request.app.state.docgen.sessions.end(session_id)
    response.delete_cookie(SESSION_COOKIE, path="/")


def can(user: User | None, permission: str) -> bool:
    return user is not None and user.role in PERMISSIONS[permission]


async def authorize(request: Request, permission: str) -> User:
    """The one permission check: signed in, allowed by the role, and for a form, its CSRF
    token. Every view calls it first; it raises WebError (401, 403) otherwise."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)  # a programming error: an unknown permission name
    user = current_user(request)
    if user is None:
        raise WebError("Hãy đăng nhập để tiếp tục.", code="WEB-LOGIN", status=401)
    if permission == "users" and not can(user, permission):
        raise WebError(
            f"Tài khoản {user.name} ({user.role_label}) không có quyền làm việc này; "
            "chỉ người quản trị mới được quản lý người dùng.",
            code="WEB-ROLE",
            status=403,
        )
    if not can(user, permission):
        raise WebError(
            f"Tài khoản {user.name} ({user.role_label}) không có quyền làm việc này; "
            "chỉ văn thư mới được tạo văn bản, cấp hoặc hủy số.",
            code="WEB-ROLE",
            status=403,
        )
    if request.method not in csrf.SAFE_METHODS:
        limits = request.app.state.docgen.limits
        form = await request.form(max_files=1, max_fields=50, max_part_size=limits.upload_max_bytes)
        csrf.verify(request, form)
    return user


def check_issuer(user: User, issuer: str, name: str | None = None) -> None:
    """The check by issuer: a văn thư builds, voids, imports and prints only for the issuers
    granted to her (users.yaml ``issuers``); 403 naming the issuer otherwise."""
    if user.acts_for(issuer):
        return
    shown = f"{name} ({issuer})" if name and name != issuer else issuer
    raise WebError(
        f"Tài khoản {user.name} không được làm việc cho cơ quan {shown}; "
        f"tài khoản này chỉ làm việc cho: {user.issuers_label}. "
        "Hãy nhờ người quản trị cấp quyền cho cơ quan này.",
        code="WEB-ISSUER",
        status=403,
    )
