"""The users page of the administrator: add a user, disable or enable, reset a password,
grant issuers; each change is logged in the register's log as the administrator's act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.api import record_act
from docgen.errors import DocgenError
from docgen.web import auth
from docgen.web.pages import AppState, app_state, render
from docgen.web.users import (
    ALL_ISSUERS,
    MIN_PASSWORD,
    ROLES,
    User,
    add_user,
    change_user,
    load_users,
)

# what the page says for each refusal of the users file (its messages are the CLI's English)
_REFUSALS = {
    "USERS-NAME": "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, '.', '-' hoặc '_' "
    "(tối đa 40 ký tự), bắt đầu bằng chữ hoặc số.",
    "USERS-PASSWORD": f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.",
    "USERS-ROLE": "Vai trò không hợp lệ.",
    "USERS-ISSUER": "Mã cơ quan không hợp lệ.",
    "USERS-UNKNOWN": "Không có người dùng này.",
}


def _issuers_of(form: Any) -> list[str]:
    chosen = [str(v) for v in form.getlist("issuers")]
    return [ALL_ISSUERS] if ALL_ISSUERS in chosen else chosen


def _issuers_text(user: User) -> str:
    return "all" if user.issuers is None else ", ".join(sorted(user.issuers)) or "none"


async def users_page(
    request: Request, error: str | None = None, done: str | None = None, status: int = 200
) -> Response:
    await auth.authorize(request, "users")
    st = app_state(request)
    users = await run_in_threadpool(load_users, st.users.path)
    ws = st.workspace.load().ws
    issuers = {i: issuer.name for i, issuer in ws.issuers.items()} if ws is not None else {}
    for user in users.values():  # an issuer granted but gone from the data is still shown
        for i in sorted(user.issuers or ()):
            issuers.setdefault(i, i)
    sessions = {name: st.sessions.count(name) for name in users}
    return render(
        request,
        "users.html",
        status=status,
        users=sorted(users.values(), key=lambda u: u.name),
        sessions=sessions,
        issuers=issuers,
        roles=ROLES,
        min_password=MIN_PASSWORD,
        error=error,
        done=done,
    )


async def _change(
    request: Request, act: Callable[[AppState, Any, User], tuple[str, str]]
) -> Response:
    """Run one change of the users file, log it in the register, show the page again."""
    admin = await auth.authorize(request, "users")
    st = app_state(request)
    form = await request.form()
    try:
        detail, done = await run_in_threadpool(act, st, form, admin)
    except DocgenError as exc:
        message = _REFUSALS.get(exc.code) or exc.format()
        return await users_page(request, error=message, status=400)
    # the register's log says who changed what: the actor is web:<admin> (ActorMiddleware)
    try:
        await run_in_threadpool(
            lambda: record_act(st.root, st.workspace.register_target, "user", detail=detail)
        )
    except DocgenError as exc:  # the change is made; the log could not be written
        return await users_page(request, error=exc.format(), done=done)
    return await users_page(request, done=done)


class Refused(DocgenError):
    """A change the page refuses before touching the users file."""

    code = "WEB-USERS"


def _target(st: AppState, request: Request) -> User:
    name = str(request.path_params["name"])
    user = load_users(st.users.path).get(name)
    if user is None:
        raise Refused("no such user", code="USERS-UNKNOWN")
    return user


def _keeps_an_admin(st: AppState, user: User, admin: User) -> None:
    """The administrator never locks everyone out of this page: not herself, not the last."""
    if user.name == admin.name:
        raise Refused("Không tự khóa hoặc hạ quyền tài khoản đang dùng.", code="WEB-USERS-SELF")
    others = [
        u
        for u in load_users(st.users.path).values()
        if u.role == "admin" and not u.disabled and u.name != user.name
    ]
    if user.role == "admin" and not others:
        raise Refused("Đây là người quản trị cuối cùng.", code="WEB-USERS-LAST")


async def user_add(request: Request) -> Response:
    def act(st: AppState, form: Any, admin: User) -> tuple[str, str]:
        name = str(form.get("name", "")).strip()
        role = str(form.get("role", ""))
        if name in load_users(st.users.path):
            raise Refused(f"Đã có người dùng {name}.", code="WEB-USERS-EXISTS")
        user = add_user(st.users.path, name, role, str(form.get("password", "")), _issuers_of(form))
        return (
            f"added the web user {name} ({role}, issuers: {_issuers_text(user)})",
            f"Đã thêm {name} ({user.role_label}, cơ quan: {user.issuers_label}).",
        )

    return await _change(request, act)


async def user_password(request: Request) -> Response:
    def act(st: AppState, form: Any, admin: User) -> tuple[str, str]:
        user = _target(st, request)
        change_user(st.users.path, user.name, password=str(form.get("password", "")))
        return (
            f"reset the password of the web user {user.name}; their open sessions ended",
            f"Đã đặt mật khẩu mới cho {user.name}; các phiên đăng nhập của người này đã kết thúc.",
        )

    return await _change(request, act)


async def user_disable(request: Request) -> Response:
    def act(st: AppState, form: Any, admin: User) -> tuple[str, str]:
        user = _target(st, request)
        _keeps_an_admin(st, user, admin)
        change_user(st.users.path, user.name, disabled=True)
        return (
            f"disabled the web user {user.name}; their open sessions ended",
            f"Đã khóa {user.name}; các phiên đăng nhập của người này đã kết thúc.",
        )

    return await _change(request, act)


async def user_enable(request: Request) -> Response:
    def act(st: AppState, form: Any, admin: User) -> tuple[str, str]:
        user = _target(st, request)
        change_user(st.users.path, user.name, disabled=False)
        return f"enabled the web user {user.name}", f"Đã mở khóa {user.name}."

    return await _change(request, act)


async def user_grant(request: Request) -> Response:
    def act(st: AppState, form: Any, admin: User) -> tuple[str, str]:
        user = _target(st, request)
        changed = change_user(st.users.path, user.name, issuers=_issuers_of(form))
        return (
            f"the web user {user.name} acts for the issuers: {_issuers_text(changed)}",
            f"{user.name} làm việc cho: {changed.issuers_label}.",
        )

    return await _change(request, act)


ROUTES = [
    Route("/users", users_page, methods=["GET"]),
    Route("/users/add", user_add, methods=["POST"]),
    Route("/users/{name}/password", user_password, methods=["POST"]),
    Route("/users/{name}/disable", user_disable, methods=["POST"]),
    Route("/users/{name}/enable", user_enable, methods=["POST"]),
    Route("/users/{name}/issuers", user_grant, methods=["POST"]),
]
