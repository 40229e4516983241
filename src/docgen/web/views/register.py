"""The register of outgoing documents: its list, voiding a number, its export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from docgen.data.workspace import Workspace
from docgen.errors import DocgenError
from docgen.register import Entry
from docgen.register.withdrawal import withdraw_pending
from docgen.rules import voided_files
from docgen.vn.collation import sort_key
from docgen.vn.search import matches
from docgen.web import auth, csrf
from docgen.web.errors import WebError
from docgen.web.files import DOCX, download_name
from docgen.web.finding import choice, issuer_options, link, page_of, whole_number
from docgen.web.pages import app_state, render
from docgen.web.paths import safe_child
from docgen.web.users import User


def _int_or_none(value: Any) -> int | None:
    return whole_number(value)


REGISTER_STATUSES = {"issued": "Đã cấp", "voided": "Đã hủy"}
REGISTER_SORTS = {
    "book": "Thứ tự trong sổ",
    "date_desc": "Ngày (mới trước)",
    "date": "Ngày (cũ trước)",
    "subject": "Trích yếu",
}


def _issuer_names(ws: Workspace | None, entries: list[Entry]) -> dict[str, str]:
    """Every issuer of the workspace and of the register, by its name (its id when the
    workspace does not know it any more)."""
    names = {e.issuer: e.issuer for e in entries}
    if ws is not None:
        names.update({i: issuer.name for i, issuer in ws.issuers.items()})
    return names


def _find_entries(
    entries: list[Entry], params: Any, user: User | None
) -> tuple[list[Entry], dict[str, str]]:
    """The entries the filters of the page's address keep, in its order (the clerk's own
    issuers first), and the filters as understood."""
    year = whole_number(params.get("year"))
    filters = {
        "q": str(params.get("q") or "").strip()[:200],
        "issuer": str(params.get("issuer") or ""),
        "year": str(year) if year is not None else "",
        "status": choice(params.get("status"), REGISTER_STATUSES),
        "sort": choice(params.get("sort"), REGISTER_SORTS, "book"),
    }
    kept = [
        e
        for e in entries
        if (not filters["issuer"] or e.issuer == filters["issuer"])
        and (year is None or e.date.year == year)
        and (not filters["status"] or e.state == filters["status"])
        and matches(filters["q"], e.symbol, e.subject, e.signer, e.spec)
    ]
    mine_first = user is not None and not user.all_issuers

    def key(e: Entry) -> tuple[Any, ...]:
        own = not (mine_first and user is not None and user.acts_for(e.issuer))
        if filters["sort"] == "date_desc":
            return (own, -e.date.toordinal(), e.series, -e.number)
        if filters["sort"] == "date":
            return (own, e.date, e.series, e.number)
        if filters["sort"] == "subject":
            return (own, sort_key(e.subject), e.date)
        return (own, e.series, e.number)

    kept.sort(key=key)
    return kept, filters


async def register_page(
    request: Request, error: str | None = None, done: str | None = None, status: int = 200
) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = st.workspace.load().ws
    every = await run_in_threadpool(lambda: st.workspace.register(ws).entries())
    user = auth.current_user(request)
    found, filters = _find_entries(every, request.query_params, user)
    page = page_of(found, request.query_params, st.limits.list_page_rows)
    options = issuer_options(_issuer_names(ws, every), user)
    # every issuer's numbers are listed to everyone; a number is voided only for one's own
    own = [o for o in options if user is not None and user.acts_for(o.id)]
    return render(
        request,
        "register.html",
        status=status,
        entries=page.items,
        page=page,
        total=len(every),
        filters=filters,
        link=lambda **changes: link("/register", filters, **changes),
        issuers=options,
        issuer_names={o.id: o.name for o in options},
        own_issuers=own,
        years=sorted({e.date.year for e in every}, reverse=True),
        statuses=REGISTER_STATUSES,
        sorts=REGISTER_SORTS,
        issuer=filters["issuer"] or None,
        year=whole_number(filters["year"]),
        error=error,
        done=done,
    )


# -- voiding a number: the form, a confirmation page, then the void ---------------------------


def _void_signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(app_state(request).secret, salt="docgen.void")


async def register_void(request: Request) -> Response:
    """The void form sent: nothing is voided yet; the page shows what would be (number,
    document, date) and asks to confirm."""
    user = await auth.authorize(request, "void")
    st = app_state(request)
    form = await request.form()
    issuer = str(form.get("issuer", "")).strip()
    number = str(form.get("number", "")).strip()
    reason = str(form.get("reason", "")).strip()
    year = _int_or_none(form.get("year"))
    if not issuer or not number or not reason:
        missing = [
            label
            for label, value in (("cơ quan", issuer), ("số", number), ("lý do hủy", reason))
            if not value
        ]
        return await register_page(
            request, error=f"Hãy điền {', '.join(missing)} rồi bấm “Hủy số” lại.", status=422
        )
    ws = st.workspace.load().ws
    known = ws.issuers.get(issuer) if ws is not None else None
    auth.check_issuer(user, issuer, known.name if known is not None else None)
    register = st.workspace.register(ws)
    try:
        entry, gap = await run_in_threadpool(register.void_target, issuer, number, year)
    except DocgenError as exc:
        return await register_page(request, error=exc.format(), status=409)
    token = _void_signer(request).dumps(
        {
            "user": user.name,
            "csrf": csrf.token(request),
            "issuer": issuer,
            "number": number,
            "year": year,
            "reason": reason,
            "entry": entry.id if entry is not None else None,
            "gap": [gap.series, int(number)] if gap is not None else None,
        }
    )
    return render(
        request,
        "register_void_confirm.html",
        entry=entry,
        gap=gap,
        number=number,
        issuer_label=known.name if known is not None else issuer,
        reason=reason,
        token=token,
    )


async def register_void_confirm(request: Request) -> Response:
    """The void, confirmed on the page that showed what it voids."""
    user = await auth.authorize(request, "void")
    st = app_state(request)
    form = await request.form()
    try:
        asked = _void_signer(request).loads(
            str(form.get("confirm", "")), max_age=st.limits.confirm_max_age_s
        )
    except BadSignature:  # SignatureExpired included
        asked = None
    if (
        not isinstance(asked, dict)
        or asked.get("user") != user.name
        or asked.get("csrf") != csrf.token(request)
    ):
        return await register_page(
            request,
            error="Trang xác nhận đã hết hạn hoặc không hợp lệ: chưa hủy số nào. "
            "Hãy điền lại biểu mẫu “Hủy một số”.",
            status=409,
        )
    issuer, number, year = asked["issuer"], asked["number"], asked["year"]
    ws = st.workspace.load().ws
    known = ws.issuers.get(issuer) if ws is not None else None
    auth.check_issuer(user, issuer, known.name if known is not None else None)
    register = st.workspace.register(ws)
    reason = asked["reason"]
    try:
        entry, gap = await run_in_threadpool(register.void_target, issuer, number, year)
        now = [gap.series, int(number)] if gap is not None else None
        if (entry.id if entry is not None else None) != asked["entry"] or now != asked["gap"]:
            return await register_page(
                request,
                error="Sổ đăng ký đã thay đổi từ lúc xác nhận (có người vừa cấp hoặc hủy số): "
                "chưa hủy số nào. Hãy xem lại sổ rồi điền lại biểu mẫu.",
                status=409,
            )
        entry = await run_in_threadpool(
            lambda: register.void(issuer, number, f"{reason} (hủy bởi {user.name})", year)
        )
    except DocgenError as exc:
        return await register_page(request, error=exc.format(), status=409)
    st.workspace.forget()  # a voided decision no longer counts in the history
    done = f"Đã hủy số {entry.symbol}: {entry.void_reason}"
    # the void is committed: only now is its file moved out of the current outputs
    problem = None
    try:
        withdrawals = await run_in_threadpool(withdraw_pending, register, st.root)
    except DocgenError as exc:  # the void stands; the next build moves the file
        withdrawals, problem = [], exc.format()
    for w in withdrawals:
        if w.moved:
            done += f". Tệp {w.source} đã được chuyển vào {w.target} (đánh dấu đã hủy)"
        elif w.target is None:
            problem = (
                f"Tệp {w.source} của số đã hủy {w.entry.symbol} chưa chuyển được ({w.error}): "
                "đừng gửi tệp này; lần tạo văn bản sau sẽ chuyển nó."
            )
        else:
            problem = (
                f"Tệp của số đã hủy {w.entry.symbol} đã chuyển vào {w.target} nhưng sổ đăng ký "
                f"chưa ghi nhận được ({w.error}); lần tạo văn bản sau sẽ ghi nhận."
            )
    return await register_page(request, error=problem, done=done)


async def voided_file(request: Request) -> Response:
    """The withdrawn copy of a voided document: offered as such ("Đã hủy"), never as current."""
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = st.workspace.load().ws
    entry_id = int(request.path_params["entry_id"])
    entries = await run_in_threadpool(lambda: st.workspace.register(ws).entries())
    entry = next((e for e in entries if e.id == entry_id), None)
    if entry is None or entry.state != "voided" or not entry.withdrawn:
        raise WebError("Không có bản đã hủy này.", code="WEB-NOT-FOUND", status=404)
    # only from the voided folder of the app's output folder, whatever the register says
    folder = st.out_dir / voided_files().folder
    path = st.root / entry.withdrawn
    try:
        if path.parent.resolve() != folder.resolve():
            raise WebError("Không có bản đã hủy này.", code="WEB-PATH")
        path = safe_child(folder, path.name, st.out_dir)
    except (OSError, WebError):
        raise WebError("Không có bản đã hủy này.", code="WEB-NOT-FOUND", status=404) from None
    return FileResponse(path, media_type=DOCX, headers=download_name(path.name))


async def register_export(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "docx"):
        raise WebError("Sổ đăng ký xuất ra .csv hoặc .docx.", code="WEB-NOT-FOUND", status=404)
    issuer = request.query_params.get("issuer") or None
    year = _int_or_none(request.query_params.get("year"))
    ws = st.workspace.load().ws

    def make() -> bytes:
        from docgen.register import export_csv, export_docx

        entries = st.workspace.register(ws).entries(issuer, year)
        with tempfile.TemporaryDirectory(prefix="docgen-export-") as tmp:
            target = Path(tmp) / f"so-dang-ky.{fmt}"
            if fmt == "csv":
                export_csv(entries, target)
            else:
                export_docx(entries, target, issuer=issuer, year=year)
            return target.read_bytes()

    data = await run_in_threadpool(make)
    name = "so-dang-ky-van-ban-di" + (f"-{issuer}" if issuer else "") + (f"-{year}" if year else "")
    media = "text/csv; charset=utf-8" if fmt == "csv" else DOCX
    return Response(data, media_type=media, headers=download_name(f"{name}.{fmt}"))


ROUTES = [
    Route("/register", register_page),
    Route("/register/void", register_void, methods=["POST"]),
    Route("/register/void/confirm", register_void_confirm, methods=["POST"]),
    Route("/register/export.{fmt:str}", register_export),
    Route("/voided/{entry_id:int}", voided_file),
]
