"""The documents: their list and page, builds with their progress, files, previews, checks."""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from docgen.api import build, build_order, record_act
from docgen.awards.specs import AwardDecisionSpec
from docgen.data.workspace import display_path
from docgen.errors import DocgenError
from docgen.i18n import severity_label
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.files import DOCX, download_name, output_file, pdf_of, saved_upload
from docgen.web.jobs import Job
from docgen.web.pages import AppState, app_state, loaded_ws, render, spec_or_404

log = logging.getLogger("docgen.web")


async def index(request: Request) -> Response:
    await auth.authorize(request, "view")
    return RedirectResponse("/documents", 303)


async def documents(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    loaded = st.workspace.load()
    if loaded.ws is None:
        assert loaded.error is not None
        files = sorted((st.root / "data" / "documents").glob("*.yaml"))
        specs = []
        for path in files:
            shown = display_path(st.root, path)
            specs.append((path.stem, shown, len(loaded.problems_in(shown))))
        return render(
            request, "documents_invalid.html", problems=loaded.error.problems, specs=specs
        )
    ws = loaded.ws
    rows = await run_in_threadpool(st.workspace.documents, ws)
    return render(
        request,
        "documents.html",
        rows=rows,
        out_dir=display_path(st.root, st.out_dir),
        decisions={s for s, spec in ws.specs.items() if isinstance(spec, AwardDecisionSpec)},
    )


async def document_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
    rows = await run_in_threadpool(st.workspace.documents, ws)
    row = next(r for r in rows if r.spec_id == spec_id)
    checked = None
    check_error = None
    if row.sha256 is not None:
        try:
            checked = await run_in_threadpool(st.workspace.check, row.output)
        except DocgenError as exc:
            check_error = exc.format()
    spec = ws.specs[spec_id]
    return render(
        request,
        "document.html",
        row=row,
        spec=spec,
        campaign=ws.campaigns.get(getattr(spec, "campaign", None) or ""),
        issuer=ws.issuers.get(spec.issuer),
        checked=checked,
        check_error=check_error,
        is_decision=isinstance(spec, AwardDecisionSpec),
    )


# -- builds -----------------------------------------------------------------------------------


def _build_work(st: AppState, only: list[str] | None, force: bool) -> Any:
    def work(job: Job) -> None:
        loaded = st.workspace.load()
        if loaded.ws is None:
            assert loaded.error is not None
            raise loaded.error
        order = [s for s in build_order(loaded.ws) if only is None or s in only]
        job.total = len(order)

        def progress(doc: Any) -> None:
            job.done += 1
            job.notes.extend(note.format() for note in doc.notes)
            if doc.ok:
                st.workspace.failures.pop(doc.spec, None)
                job.lines.append(f"{display_path(st.root, doc.output)} ({doc.symbol})")
            else:
                st.workspace.failures[doc.spec] = doc.error
                job.errors.append(doc.error.format())

        try:
            report = build(
                st.root,
                st.out_dir,
                only=only,
                progress=progress,
                register=st.workspace.register_target,
                force=force,
            )
        finally:
            st.workspace.forget()  # numbers given: the nominees' history has changed
        record_act(
            st.root,
            st.workspace.register_target,
            "build",
            detail=f"{len(report.written)} written, {len(report.failed)} failed in "
            f"{display_path(st.root, st.out_dir)}",
        )
        # the format check of what was written, as `docgen build --check`; cached by content
        for doc in report.written:
            checked = st.workspace.check(doc.output)
            if checked.errors:
                job.errors.extend(checked.lines[: checked.errors + checked.warnings])

    return work


async def build_all(request: Request) -> Response:
    """Every document; for a văn thư of some issuers only, every document of those issuers."""
    user = await auth.authorize(request, "build")
    st = app_state(request)
    ws = loaded_ws(request)
    form = await request.form()
    only: list[str] | None = None
    title = "Tạo tất cả văn bản"
    if not user.all_issuers:
        only = [s for s, spec in ws.specs.items() if user.acts_for(spec.issuer)]
        if not only:
            raise WebError(
                f"Tài khoản {user.name} không làm việc cho cơ quan nào có văn bản trong dữ "
                "liệu; hãy nhờ người quản trị cấp quyền.",
                code="WEB-ISSUER",
                status=403,
            )
        title = f"Tạo các văn bản của {user.issuers_label}"
    job = st.builds.start(title, user.name, _build_work(st, only, form.get("force") == "1"))
    return RedirectResponse(f"/builds/{job.id}", 303)


async def build_one(request: Request) -> Response:
    user = await auth.authorize(request, "build")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
    issuer = ws.specs[spec_id].issuer
    known = ws.issuers.get(issuer)
    auth.check_issuer(user, issuer, known.name if known is not None else None)
    form = await request.form()
    job = st.builds.start(
        f"Tạo văn bản {ws.specs[spec_id].output}",
        user.name,
        _build_work(st, [spec_id], form.get("force") == "1"),
    )
    return RedirectResponse(f"/builds/{job.id}", 303)


def _job_or_404(request: Request) -> Job:
    job = app_state(request).builds.get(int(request.path_params["job_id"]))
    if job is None:
        raise WebError(
            "Không có lần tạo này (máy chủ đã khởi động lại?).", code="WEB-NOT-FOUND", status=404
        )
    return job


async def builds_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    return render(request, "builds.html", jobs=app_state(request).builds.history)


async def build_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    return render(request, "build.html", job=_job_or_404(request))


async def build_status(request: Request) -> Response:
    await auth.authorize(request, "view")
    return JSONResponse(_job_or_404(request).as_json(), headers={"Cache-Control": "no-store"})


# -- files, preview, PDF ----------------------------------------------------------------------


async def download(request: Request) -> Response:
    await auth.authorize(request, "view")
    path = output_file(request)
    media = DOCX if path.suffix == ".docx" else "application/octet-stream"
    return FileResponse(path, media_type=media, headers=download_name(path.name))


async def download_pdf(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    path = output_file(request)
    pdf = await pdf_of(st, path)
    return FileResponse(
        pdf, media_type="application/pdf", headers=download_name(path.stem + ".pdf")
    )


async def preview(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    path = output_file(request)
    if path.suffix != ".docx":
        raise WebError("Chỉ xem trước được tệp .docx.", code="WEB-NOT-DOCX", status=404)
    sha = await run_in_threadpool(st.workspace.sha256, path)
    assert sha is not None
    pages = await run_in_threadpool(st.previews.pages, path, sha)
    title = await run_in_threadpool(_document_title, st, path.name)
    return render(request, "preview.html", name=path.name, title=title, sha=sha, count=len(pages))


def _document_title(st: AppState, name: str) -> str | None:
    """ "Kế hoạch 1568-KH/HVCTQG": the document a file holds, as a page names it (not its
    file name)."""
    ws = st.workspace.load().ws
    if ws is None:
        return None
    row = next((r for r in st.workspace.documents(ws) if r.output.name == name), None)
    return f"{row.kind} {row.symbol or ''}".strip() if row is not None else None


async def page_image(request: Request) -> Response:
    await auth.authorize(request, "view")
    sha = str(request.path_params["sha"])
    try:
        found = app_state(request).previews.page(sha, int(request.path_params["page"]))
    except ValueError:
        found = None
    if found is None:
        raise WebError("Không có trang này.", code="WEB-NOT-FOUND", status=404)
    return FileResponse(found, media_type="image/png", headers={"Cache-Control": "private"})


# -- check an uploaded .docx ------------------------------------------------------------------


async def check_page(request: Request) -> Response:
    await auth.authorize(request, "check")
    return render(request, "check.html", report=None)


async def check_upload(request: Request) -> Response:
    await auth.authorize(request, "check")
    form = await request.form()
    system = str(form.get("system", "auto"))
    if system not in ("auto", "party", "state"):
        system = "auto"
    path, original = await saved_upload(request, (".docx",))
    try:
        from docgen.checker import check_docx

        report = await run_in_threadpool(check_docx, path, system)  # type: ignore[arg-type]
        lines = report.lines(original)
        summary = report.summary(original)
    except DocgenError as exc:
        return render(
            request,
            "check.html",
            status=422,
            report=None,
            name=original,
            error=exc.format().replace(str(path), original),
        )
    except Exception:  # a hostile file the reader does not yet refuse by name: no traceback
        log.exception("check of an uploaded file failed")
        return render(
            request,
            "check.html",
            status=422,
            report=None,
            name=original,
            error=f"{original}: {severity_label('error')}[CHECK-READ]: không đọc được tệp này "
            "như một văn bản Word",
        )
    finally:
        path.unlink(missing_ok=True)
    return render(request, "check.html", report=report, name=original, lines=lines, summary=summary)


ROUTES = [
    Route("/", index),
    Route("/documents", documents),
    Route("/documents/{spec_id}", document_page),
    Route("/documents/{spec_id}/build", build_one, methods=["POST"]),
    Route("/build", build_all, methods=["POST"]),
    Route("/builds", builds_page),
    Route("/builds/{job_id:int}", build_page),
    Route("/builds/{job_id:int}/status", build_status),
    Route("/files/{name}", download),
    Route("/pdf/{name}", download_pdf),
    Route("/preview/{name}", preview),
    Route("/pages/{sha}/{page:int}.png", page_image),
    Route("/check", check_page, methods=["GET"]),
    Route("/check", check_upload, methods=["POST"]),
]
