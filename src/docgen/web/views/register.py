"""The register of outgoing documents: its list, voiding a number, its export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from docgen.errors import DocgenError
from docgen.register.withdrawal import withdraw_pending
from docgen.rules import voided_files
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.files import DOCX, download_name
from docgen.web.pages import app_state, render
from docgen.web.paths import safe_child


def _int_or_none(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


async def register_page(
    request: Request, error: str | None = None, done: str | None = None, status: int = 200
) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    issuer = request.query_params.get("issuer") or None
    year = _int_or_none(request.query_params.get("year"))
    ws = st.workspace.load().ws
    entries = await run_in_threadpool(lambda: st.workspace.register(ws).entries(issuer, year))
    issuers = sorted(ws.issuers) if ws is not None else sorted({e.issuer for e in entries})
    # every issuer's numbers are listed to everyone; a number is voided only for one's own
    user = auth.current_user(request)
    own = [i for i in issuers if user is not None and user.acts_for(i)]
    return render(
        request,
        "register.html",
        status=status,
        entries=entries,
        issuers=issuers,
        own_issuers=own,
        issuer=issuer,
        year=year,
        error=error,
        done=done,
    )


async def register_void(request: Request) -> Response:
    user = await auth.authorize(request, "void")
    st = app_state(request)
    form = await request.form()
    issuer = str(form.get("issuer", "")).strip()
    number = str(form.get("number", "")).strip()
    reason = str(form.get("reason", "")).strip()
    year = _int_or_none(form.get("year"))
    ws = st.workspace.load().ws
    known = ws.issuers.get(issuer) if ws is not None else None
    auth.check_issuer(user, issuer, known.name if known is not None else None)
    register = st.workspace.register(ws)
    try:
        entry = await run_in_threadpool(
            lambda: register.void(
                issuer, number, f"{reason} (hủy bởi {user.name})" if reason else "", year
            )
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
    Route("/register/export.{fmt:str}", register_export),
    Route("/voided/{entry_id:int}", voided_file),
]
