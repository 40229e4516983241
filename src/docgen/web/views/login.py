"""Signing in and out: the login form, the password check, the session."""

from __future__ import annotations

import asyncio
import math

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from docgen.web import auth, csrf
from docgen.web.pages import app_state, render
from docgen.web.throttle import Refusal
from docgen.web.users import User


def _next_path(value: str | None) -> str:
    """Only a path of this site: never an absolute URL or a scheme-relative one."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/documents"


async def login_page(request: Request) -> Response:
    if auth.current_user(request) is not None:
        return RedirectResponse(_next_path(request.query_params.get("next")), 303)
    return render(request, "login.html", next=_next_path(request.query_params.get("next")))


async def login_submit(request: Request) -> Response:
    st = app_state(request)
    form = await request.form(max_files=0, max_fields=10)
    csrf.verify(request, form)
    name = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = _next_path(str(form.get("next", "")))
    address = auth.client_address(request)
    refusal = st.throttle.refused(address, name)
    if refusal is not None:
        return _refused(request, target, refusal)
    # failures on this name from other computers slow every attempt on it a little (bounded)
    delay = st.throttle.delay_s(name)
    if delay:
        await asyncio.sleep(delay)
    user = st.users.get(name)
    ok = await run_in_threadpool(lambda: auth_verify(user, password))
    if not ok or user is None:
        st.throttle.failed(address, name)
        return render(
            request,
            "login.html",
            status=401,
            next=target,
            error="Tên đăng nhập hoặc mật khẩu không đúng.",
        )
    st.throttle.succeeded(address, name)
    if user.disabled:
        return render(
            request,
            "login.html",
            status=403,
            next=target,
            error="Tài khoản này đã bị khóa; hãy hỏi người quản trị.",
        )
    response = RedirectResponse(target, 303)
    auth.start_session(request, response, user)
    return response


def _refused(request: Request, target: str, refusal: Refusal) -> Response:
    """429, saying when to try again (the Retry-After header says it to programs)."""
    minutes = max(1, math.ceil(refusal.retry_after_s / 60))
    where = "từ máy này" if refusal.whole_address else "cho tên này từ máy này"
    response = render(
        request,
        "login.html",
        status=429,
        next=target,
        error=f"Sai mật khẩu quá nhiều lần {where}; hãy thử lại sau {minutes} phút.",
    )
    response.headers["Retry-After"] = str(refusal.retry_after_s)
    return response


def auth_verify(user: User | None, password: str) -> bool:
    from docgen.web.users import verify_password

    return verify_password(user, password)


async def logout(request: Request) -> Response:
    await auth.authorize(request, "view")
    response = RedirectResponse("/login", 303)
    auth.end_session(request, response)
    return response


ROUTES = [
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_submit, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
