"""Who is signed in, and what they may do: ``authorize`` is the one check every view calls."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from docgen.web import csrf
from docgen.web.errors import WebError
from docgen.web.users import User, load_users

SESSION_COOKIE = "docgen_session"

# What each role may do. Văn thư (the records clerk) builds documents and keeps the register;
# everyone else reads: lists, previews, downloads, and checking a .docx of their own.
PERMISSIONS: Mapping[str, frozenset[str]] = {
    "view": frozenset({"van_thu", "reader"}),
    "check": frozenset({"van_thu", "reader"}),
    "build": frozenset({"van_thu"}),
    "void": frozenset({"van_thu"}),
    "certificates": frozenset({"van_thu"}),
    "import": frozenset({"van_thu"}),
}


class UserBook:
    """The users file, re-read when it changes (a user added or removed while serving)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._users: dict[str, User] = {}

    def get(self, name: str) -> User | None:
        return self.all().get(name)

    def all(self) -> dict[str, User]:
        try:
            st = self.path.stat()
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._stamp or stamp is None:
                self._users = load_users(self.path) if stamp is not None else {}
                self._stamp = stamp
            return self._users


class LoginThrottle:
    """Counts wrong passwords per user name; too many within the window refuse that name."""

    def __init__(self, max_failures: int, window_s: int) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(name, []) if now - t < self.window_s]
        self._failures[name] = kept
        return kept

    def blocked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name, time.monotonic())) >= self.max_failures

    def failed(self, name: str) -> None:
        with self._lock:
            self._recent(name, time.monotonic()).append(time.monotonic())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.docgen.secret, salt="docgen.session")


def _fingerprint(user: User) -> str:
    """Changes with the password: a new password (or a removed user) ends old sessions."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def current_user(request: Request) -> User | None:
    """The signed-in user, from the signed session cookie, still in the users file."""
    if hasattr(request.state, "user"):
        user: User | None = request.state.user
        return user
    request.state.user = None
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        state = request.app.state.docgen
        try:
            data: Any = _serializer(request).loads(raw, max_age=state.limits.session_max_age_s)
        except BadSignature:
            data = None
        if isinstance(data, dict):
            user = state.users.get(str(data.get("u")))
            if user is not None and data.get("f") == _fingerprint(user) and data.get("csrf"):
                request.state.user = user
                request.state.session = data
    found: User | None = request.state.user
    return found


def start_session(request: Request, response: Response, user: User) -> None:
    """Sign ``user`` in: a fresh session and a fresh CSRF token (never the pre-login one)."""
    data = {"u": user.name, "f": _fingerprint(user), "csrf": csrf.new_token()}
    response.set_cookie(
        SESSION_COOKIE,
        _serializer(request).dumps(data),
        max_age=request.app.state.docgen.limits.session_max_age_s,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(csrf.COOKIE, path="/")


def end_session(response: Response) -> None:
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
