"""CSRF protection, in one place: every form carries a token that a forged request cannot know.

A signed-in clerk's token lives in the session (auth.py puts it there at login); before login
the token sits in its own signed cookie. Every unsafe request (POST) must send the token back
in the ``csrf_token`` form field; ``auth.authorize`` calls ``verify`` for every such view. The
Origin header, when the browser sends one, must name this server too.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from itsdangerous import BadSignature, Signer
from starlette.requests import Request

from docgen.web.errors import WebError

FIELD = "csrf_token"
COOKIE = "docgen_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _signer(request: Request) -> Signer:
    return Signer(request.app.state.docgen.secret, salt="docgen.csrf")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def signed_cookie(request: Request, name: str, signer: Signer) -> str | None:
    """The value of the cookie ``name`` if ``signer`` signed it, else None (absent, altered,
    or not text): the one reading of the app's signed cookies."""
    raw = request.cookies.get(name)
    if not raw:
        return None
    try:
        return signer.unsign(raw).decode("ascii")
    except (BadSignature, UnicodeDecodeError):
        return None


def _anonymous_token(request: Request) -> str | None:
    return signed_cookie(request, COOKIE, _signer(request))


def token(request: Request) -> str:
    """The token the page's forms must carry (creating the pre-login one when needed)."""
    session: dict[str, Any] | None = getattr(request.state, "session", None)
    if session is not None:
        return str(session["csrf"])
    found = getattr(request.state, "new_csrf", None) or _anonymous_token(request)
    if found is None:
        found = new_token()
        request.state.new_csrf = found  # render() sets the cookie on the response
    return found


def cookie_value(request: Request, value: str) -> str:
    return _signer(request).sign(value.encode("ascii")).decode("ascii")


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:  # older browsers and same-origin GET-to-POST forms may send none
        return True
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def verify(request: Request, form: Any) -> None:
    """Refuse (403, WEB-CSRF) an unsafe request whose token is missing or wrong."""
    if request.method in SAFE_METHODS:
        return
    session: dict[str, Any] | None = getattr(request.state, "session", None)
    expected = str(session["csrf"]) if session is not None else _anonymous_token(request)
    given = form.get(FIELD) if form is not None else None
    if (
        not expected
        or not isinstance(given, str)
        or not hmac.compare_digest(given.encode(), expected.encode())
        or not _same_origin(request)
    ):
        raise WebError(
            "Biểu mẫu đã hết hạn hoặc không gửi từ trang của docgen (thiếu mã CSRF). "
            "Hãy tải lại trang rồi làm lại.",
            code="WEB-CSRF",
            status=403,
        )
