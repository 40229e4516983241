"""The documents: their list and page, builds with their progress, files, previews, checks."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from docgen.api import build, build_order, record_act
from docgen.awards.specs import AwardDecisionSpec
from docgen.data.per_document import PartialWorkspace, load_per_document
from docgen.data.workspace import display_path
from docgen.errors import DocgenError
from docgen.i18n import severity_label
from docgen.vn.collation import sorted_vi
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.files import DOCX, download_name, output_file, pdf_of, saved_upload
from docgen.web.finding import issuer_options, link, page_of
from docgen.web.jobs import Job
from docgen.web.pages import AppState, app_state, loaded_ws, render, spec_or_404
from docgen.web.search_documents import DOCUMENT_SORTS, DOCUMENT_STATUSES, find_documents
from docgen.web.state import DocumentRow, kind_label, raw_fields
from docgen.web.users import User
from docgen.web.views.signing import document_signatures

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
        # a file every document needs is wrong: name it first, then the documents' own errors
        files = sorted((st.root / "data" / "documents").glob("*.yaml"))
        specs = []
        for path in files:
            shown = display_path(st.root, path)
            specs.append((path.stem, shown, len(loaded.problems_in(shown))))
        shared = sorted(
            {d.location.file for d in loaded.error.problems if d.location}
            - {shown for _, shown, _ in specs}
        )
        return render(
            request,
            "documents_invalid.html",
            problems=loaded.error.problems,
            specs=specs,
            shared=shared,
        )
    ws = loaded.ws

    def rows() -> list[DocumentRow]:
        entries = st.workspace.register(ws).entries()
        return st.workspace.documents(ws, entries) + st.workspace.broken_rows(loaded, entries)

    every = await run_in_threadpool(rows)
    user = auth.current_user(request)
    found, filters = find_documents(every, request.query_params, user)
    names = {i: issuer.name for i, issuer in ws.issuers.items()}
    page = page_of(found, request.query_params, st.limits.list_page_rows)
    return render(
        request,
        "documents.html",
        rows=page.items,
        page=page,
        total=len(every),
        broken=[r for r in every if r.status == "invalid"],
        filters=filters,
        link=lambda **changes: link("/documents", filters, **changes),
        kinds=sorted_vi({r.kind for r in every}),
        issuers=issuer_options({**{r.issuer: r.issuer for r in every if r.issuer}, **names}, user),
        years=sorted({r.day.year for r in every if r.day is not None}, reverse=True),
        statuses=DOCUMENT_STATUSES,
        sorts=DOCUMENT_SORTS,
        out_dir=display_path(st.root, st.out_dir),
        decisions={s for s, spec in ws.specs.items() if isinstance(spec, AwardDecisionSpec)},
    )


async def document_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    loaded = st.workspace.load()
    broken = loaded.broken.get(request.path_params["spec_id"])
    if broken is not None:  # set aside for its data errors: they are shown, with the way to fix
        entries = await run_in_threadpool(lambda: st.workspace.register(loaded.ws).entries())
        (row,) = st.workspace.broken_rows(replace(loaded, broken={broken.spec_id: broken}), entries)
        return render(request, "document_invalid.html", row=row)
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
        signatures=await run_in_threadpool(document_signatures, st, ws, spec_id),
    )


# -- builds -----------------------------------------------------------------------------------


def _held_back(st: AppState, partial: PartialWorkspace) -> dict[str, str]:
    """The documents not yet numbered that a build must not number while a document of the same
    issuer is set aside for its data errors: numbered first, they would take numbers ahead of
    it, and it would be numbered out of order once fixed (a register numbers in the order of
    issue). Spec id → the file of the broken document it waits for. A broken document whose
    issuer cannot be read holds back every document not yet numbered."""
    if not partial.broken:
        return {}
    issuers: dict[str, str] = {}
    for b in partial.broken.values():
        issuers.setdefault(str(raw_fields(st.root / b.display).get("issuer") or "*"), b.display)
    numbered = {e.spec for e in st.workspace.register(partial.ws).entries() if e.state != "voided"}
    held = {}
    for spec_id, spec in partial.ws.specs.items():
        waits_for = issuers.get(spec.issuer) or issuers.get("*")
        if waits_for and partial.ws.spec_display(spec_id) not in numbered:
            held[spec_id] = waits_for
    return held


def _build_work(
    st: AppState, only: list[str] | None, force: bool, every: User | None = None
) -> Any:
    """The job of a build; ``every``: the build of every document of this user, which reports
    the documents set aside for their data errors too (the others are built all the same)."""

    def work(job: Job) -> None:
        # loaded afresh, as `docgen build` does; a file every document needs stops it all
        partial = load_per_document(st.root, st.workspace.register_target)
        held = _held_back(st, partial)
        order = [
            s for s in build_order(partial.ws) if (only is None or s in only) and s not in held
        ]
        broken = [
            b
            for b in partial.broken.values()
            if every is not None
            and (
                every.all_issuers
                or every.acts_for(str(raw_fields(st.root / b.display).get("issuer")))
            )
        ]
        job.total = len(order) + len(broken) + len(held)
        for spec_id, waits_for in held.items():
            job.done += 1
            job.errors.append(
                f"{partial.ws.spec_display(spec_id)}: chưa cấp số cho văn bản này vì văn bản "
                f"{waits_for} của cùng cơ quan ban hành có dữ liệu lỗi; sửa văn bản đó trước để "
                "số được cấp đúng thứ tự"
            )
        for b in broken:
            job.done += 1
            job.errors.append(
                f"{b.display}: chưa tạo văn bản này vì dữ liệu của nó có lỗi "
                f"(sửa tại /documents/{b.spec_id}/edit):\n"
                + "\n".join(d.format() for d in b.problems)
            )

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
                only=order if held else only,
                progress=progress,
                register=st.workspace.register_target,
                force=force,
                ws=partial.ws,
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
    job = st.builds.start(
        title, user.name, _build_work(st, only, form.get("force") == "1", every=user)
    )
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
    spec = ws.specs[spec_id]
    subject = getattr(spec, "subject", "") or ""
    job = st.builds.start(
        f"Tạo văn bản: {kind_label(spec)} {subject}".strip(),
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
