"""The ASGI app of ``docgen serve``: pages over the same library functions the CLI calls."""

from __future__ import annotations

import io
import logging
import secrets
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from docgen.api import build, build_order
from docgen.errors import DataError, Diagnostic, DocgenError
from docgen.i18n import translate
from docgen.kinds.decision_award import AwardDecisionSpec, awarded
from docgen.output import write_atomic
from docgen.web import auth, csrf, importer
from docgen.web.config import Limits, cache_dir, load_limits, secret_file, users_file
from docgen.web.errors import WebError
from docgen.web.files import DOCX, download_name, output_file, pdf_of, saved_upload
from docgen.web.jobs import BuildManager, Job
from docgen.web.middleware import GuardMiddleware
from docgen.web.pages import AppState, app_state, loaded_ws, render, spec_or_404
from docgen.web.paths import safe_child
from docgen.web.preview import PreviewCache
from docgen.web.state import WorkspaceState
from docgen.web.users import User
from docgen.workspace import Workspace, display_path

log = logging.getLogger("docgen.web")


def load_secret(root: Path) -> bytes:
    """The key that signs session cookies: made once per workspace, readable by its owner."""
    path = secret_file(root)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        value = secrets.token_bytes(32)
        write_atomic(path, value)
        path.chmod(0o600)
        return value


def _office_name(state: WorkspaceState) -> str:
    ws = state.load().ws
    if ws is not None and ws.issuers:
        return next(iter(ws.issuers.values())).name
    return "docgen"


# -- login ------------------------------------------------------------------------------------


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
    if st.throttle.blocked(name):
        return render(
            request,
            "login.html",
            status=429,
            next=target,
            error="Sai mật khẩu quá nhiều lần; hãy chờ vài phút rồi thử lại.",
        )
    user = st.users.get(name)
    ok = await run_in_threadpool(lambda: auth_verify(user, password))
    if not ok or user is None:
        st.throttle.failed(name)
        return render(
            request,
            "login.html",
            status=401,
            next=target,
            error="Tên đăng nhập hoặc mật khẩu không đúng.",
        )
    st.throttle.succeeded(name)
    response = RedirectResponse(target, 303)
    auth.start_session(request, response, user)
    return response


def auth_verify(user: User | None, password: str) -> bool:
    from docgen.web.users import verify_password

    return verify_password(user, password)


async def logout(request: Request) -> Response:
    await auth.authorize(request, "view")
    response = RedirectResponse("/login", 303)
    auth.end_session(response)
    return response


# -- documents --------------------------------------------------------------------------------


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
        # the format check of what was written, as `docgen build --check`; cached by content
        for doc in report.written:
            checked = st.workspace.check(doc.output)
            if checked.errors:
                job.errors.extend(checked.lines[: checked.errors + checked.warnings])

    return work


async def build_all(request: Request) -> Response:
    user = await auth.authorize(request, "build")
    st = app_state(request)
    loaded_ws(request)
    form = await request.form()
    job = st.builds.start(
        "Tạo tất cả văn bản", user.name, _build_work(st, None, form.get("force") == "1")
    )
    return RedirectResponse(f"/builds/{job.id}", 303)


async def build_one(request: Request) -> Response:
    user = await auth.authorize(request, "build")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
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
    return render(request, "preview.html", name=path.name, sha=sha, count=len(pages))


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


# -- data problems ----------------------------------------------------------------------------


def _source_view(root: Path, problems: list[Diagnostic]) -> list[dict[str, Any]]:
    """Each data file with problems: its lines around each problem, the message beside."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in problems:
        by_file.setdefault(d.location.file if d.location else "", []).append(d)
    data_dir = (root / "data").resolve()
    files = []
    for shown, found in by_file.items():
        lines: list[str] = []
        path = (root / shown).resolve() if shown else None
        if path is not None and data_dir in path.parents and path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        marks: dict[int, list[Diagnostic]] = {}
        loose = []
        for d in found:
            line = d.location.line if d.location else None
            if line and 1 <= line <= len(lines):
                marks.setdefault(line, []).append(d)
            else:
                loose.append(d)
        show: set[int] = set()
        for line in marks:
            show.update(range(max(1, line - 2), min(len(lines), line + 2) + 1))
        rows = []
        previous = 0
        for number in sorted(show):
            rows.append(
                {
                    "gap": number > previous + 1 and previous > 0,
                    "number": number,
                    "text": lines[number - 1],
                    "problems": marks.get(number, []),
                }
            )
            previous = number
        files.append({"file": shown or "(không rõ tệp)", "rows": rows, "loose": loose})
    return files


async def data_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    loaded = st.workspace.load()
    problems = loaded.error.problems if loaded.error else []
    return render(
        request,
        "data.html",
        problems=problems,
        files=_source_view(st.root, problems),
        ws=loaded.ws,
    )


# -- campaigns and decisions ------------------------------------------------------------------


async def campaigns_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    ws = loaded_ws(request)
    return render(request, "campaigns.html", campaigns=list(ws.campaigns.values()), ws=ws)


async def campaign_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    campaign = ws.campaigns.get(request.path_params["campaign_id"])
    if campaign is None:
        raise WebError("Không có phong trào này.", code="WEB-NOT-FOUND", status=404)
    rows = [
        r
        for r in await run_in_threadpool(st.workspace.documents, ws)
        if getattr(ws.specs[r.spec_id], "campaign", None) == campaign.id
    ]
    proposals = sorted(
        ((display, p) for display, p in ws.proposals.items() if p.campaign == campaign.id),
        key=lambda item: (item[1].year, item[1].school),
    )
    schools = ws.schools.schools if ws.schools else {}
    return render(
        request,
        "campaign.html",
        campaign=campaign,
        rows=rows,
        proposals=proposals,
        schools=schools,
        decisions={s for s, spec in ws.specs.items() if isinstance(spec, AwardDecisionSpec)},
    )


def _certificate_specs(st: AppState, ws: Workspace, decision: str | None) -> list[dict[str, Any]]:
    from docgen.certificates import load_certificate_spec

    found: list[dict[str, Any]] = []
    for path in sorted((st.root / "data" / "certificates").glob("*.yaml")):
        try:
            spec = load_certificate_spec(ws, path)
        except DocgenError as exc:
            found.append({"id": path.stem, "spec": None, "error": exc.format(), "files": []})
            continue
        if decision is not None and spec.decision != decision:
            continue
        out = st.out_dir / path.stem
        files = sorted(p.name for p in out.glob("*.docx")) if out.is_dir() else []
        merged = f"{path.stem}-tat-ca.docx"
        found.append(
            {
                "id": path.stem,
                "spec": spec,
                "error": None,
                "files": [f for f in files if f != merged],
                "merged": merged if merged in files else None,
            }
        )
    return found


async def decision_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
    spec = ws.specs[spec_id]
    if not isinstance(spec, AwardDecisionSpec):
        raise WebError(
            "Văn bản này không phải quyết định khen thưởng.", code="WEB-NOT-FOUND", status=404
        )
    data = awarded(ws, spec)
    rows = await run_in_threadpool(st.workspace.documents, ws)
    row = next(r for r in rows if r.spec_id == spec_id)
    return render(
        request,
        "decision.html",
        spec=spec,
        row=row,
        data=data,
        certificates=_certificate_specs(st, ws, spec_id),
        campaign=ws.campaigns.get(getattr(spec, "campaign", None) or ""),
    )


def _certificate_or_404(st: AppState, ws: Workspace, cert_id: str) -> dict[str, Any]:
    found = next((c for c in _certificate_specs(st, ws, None) if c["id"] == cert_id), None)
    if found is None:
        raise WebError("Không có đợt in bằng khen này.", code="WEB-NOT-FOUND", status=404)
    return found


async def certificates_make(request: Request) -> Response:
    user = await auth.authorize(request, "certificates")
    st = app_state(request)
    ws = loaded_ws(request)
    cert = _certificate_or_404(st, ws, request.path_params["cert_id"])
    if cert["spec"] is None:
        raise WebError(cert["error"], code="WEB-CERT-SPEC", status=409)
    cert_id = cert["id"]

    def work(job: Job) -> None:
        from docgen.certificates import make_certificates

        loaded = st.workspace.load()
        if loaded.ws is None:
            assert loaded.error is not None
            raise loaded.error
        out = st.out_dir / cert_id

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            report = make_certificates(
                loaded.ws,
                st.root / "data" / "certificates" / f"{cert_id}.yaml",
                out,
                st.workspace.register(loaded.ws),
                merge=True,
                progress=progress,
            )
        finally:
            st.workspace.forget()  # số sổ vàng given: they are shown in the history
        job.lines.append(
            f"{len(report.written)} bằng trong {display_path(st.root, out)}"
            + (f", bản in gộp {report.merged.name}" if report.merged else "")
        )
        for who, why in report.failed:
            job.errors.append(f"error[CERT-RECORD]: bằng của {who} không tạo được: {why}")

    job = st.builds.start(f"In bằng khen {cert_id}", user.name, work)
    return RedirectResponse(f"/builds/{job.id}", 303)


async def certificate_file(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    cert = _certificate_or_404(st, ws, request.path_params["cert_id"])
    path = output_file(request, st.out_dir / cert["id"])
    return FileResponse(path, media_type=DOCX, headers=download_name(path.name))


async def certificates_zip(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    cert = _certificate_or_404(st, ws, request.path_params["cert_id"])
    folder = st.out_dir / cert["id"]
    names = cert["files"] + [f"{cert['id']}-so-vang.csv"]

    def pack() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
            for name in names:
                try:
                    path = safe_child(folder, name)
                except WebError:
                    continue
                zf.write(path, name)
        return buffer.getvalue()

    if not cert["files"]:
        raise WebError("Chưa in bằng nào của đợt này.", code="WEB-NOT-FOUND", status=404)
    data = await run_in_threadpool(pack)
    return Response(data, media_type="application/zip", headers=download_name(f"{cert['id']}.zip"))


async def certificates_pdf(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    cert = _certificate_or_404(st, ws, request.path_params["cert_id"])
    if not cert.get("merged"):
        raise WebError("Chưa có bản in gộp của đợt này.", code="WEB-NOT-FOUND", status=404)
    merged = safe_child(st.out_dir / cert["id"], cert["merged"])
    pdf = await pdf_of(st, merged)
    return FileResponse(
        pdf, media_type="application/pdf", headers=download_name(f"{cert['id']}-tat-ca.pdf")
    )


# -- the register -----------------------------------------------------------------------------


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
    return render(
        request,
        "register.html",
        status=status,
        entries=entries,
        issuers=issuers,
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
    try:
        entry = await run_in_threadpool(
            lambda: st.workspace.register(ws).void(
                issuer, number, f"{reason} (hủy bởi {user.name})" if reason else "", year
            )
        )
    except DocgenError as exc:
        return await register_page(request, error=exc.format(), status=409)
    st.workspace.forget()  # a voided decision no longer counts in the history
    return await register_page(request, done=f"Đã hủy số {entry.symbol}: {entry.void_reason}")


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
            error=f"{original}: error[CHECK-READ]: không đọc được tệp này như một văn bản Word",
        )
    finally:
        path.unlink(missing_ok=True)
    return render(request, "check.html", report=report, name=original, lines=lines, summary=summary)


# -- import of a school's nominee list --------------------------------------------------------


async def import_page(request: Request) -> Response:
    await auth.authorize(request, "import")
    st = app_state(request)
    return render(
        request,
        "import.html",
        available=importer.import_available(),
        outcome=None,
        schools=await run_in_threadpool(importer.schools, st.root),
    )


async def import_upload(request: Request) -> Response:
    await auth.authorize(request, "import")
    st = app_state(request)
    if not importer.import_available():
        return render(request, "import.html", status=501, available=False, outcome=None)
    path, original = await saved_upload(request, importer.ACCEPTED)
    form = await request.form()
    year, school = str(form.get("year", "")).strip(), str(form.get("school", "")).strip()
    schools = await run_in_threadpool(importer.schools, st.root)
    if not year.isdigit() or school not in dict(schools):
        path.unlink(missing_ok=True)
        raise WebError("Hãy chọn năm và trường của danh sách.", code="WEB-IMPORT-FORM", status=400)
    try:
        outcome = await run_in_threadpool(
            importer.import_nominee_list, st.root, path, original, int(year), school
        )
    except DataError as exc:
        return render(
            request,
            "import.html",
            status=422,
            available=True,
            outcome=None,
            problems=exc.problems,
            name=original,
            schools=schools,
        )
    except DocgenError as exc:
        return render(
            request,
            "import.html",
            status=422,
            available=True,
            outcome=None,
            problems=exc.diagnostics,
            name=original,
            schools=schools,
        )
    finally:
        path.unlink(missing_ok=True)
    return render(
        request, "import.html", available=True, outcome=outcome, name=original, schools=schools
    )


# -- errors -----------------------------------------------------------------------------------


async def on_web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    if exc.status == 401 and request.method in csrf.SAFE_METHODS:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", 303)
    return render(request, "error.html", status=exc.status, error=exc)


async def on_docgen_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DocgenError)
    return render(request, "error.html", status=422, error=exc)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = "Không có trang này." if exc.status_code == 404 else str(exc.detail)
    error = WebError(message, code=f"WEB-HTTP-{exc.status_code}", status=exc.status_code)
    return render(request, "error.html", status=exc.status_code, error=error)


async def on_server_error(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s", request.url.path, exc_info=exc)
    error = WebError(
        "Lỗi máy chủ không mong đợi; chi tiết đã ghi vào nhật ký của máy chủ.",
        code="WEB-INTERNAL",
        status=500,
    )
    return HTMLResponse(
        f"<!doctype html><meta charset=utf-8><title>Lỗi</title><p>{error.format()}</p>",
        status_code=500,
    )


# -- the app ----------------------------------------------------------------------------------


def create_app(
    root: Path,
    *,
    out_dir: Path | None = None,
    register: str | None = None,
    users: Path | None = None,
    office: str | None = None,
    limits: Limits | None = None,
    allowed_hosts: list[str] | None = None,
) -> Starlette:
    """The web app over the workspace at ``root`` (``register``: as ``docgen --register``;
    ``limits``: those of limits.yaml unless given; ``allowed_hosts``: the only Host headers
    answered, when given)."""
    root = root.resolve()
    limits = limits or load_limits()
    out = (out_dir or root / "output").resolve()
    cache = cache_dir(root)
    workspace = WorkspaceState(root, out, cache, register)
    templates = Environment(
        loader=PackageLoader("docgen.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # messages of the library (written in English) in the clerk's language, as on the CLI
    templates.filters["tr"] = translate
    state = AppState(
        root=root,
        out_dir=out,
        secret=load_secret(root),
        limits=limits,
        users=auth.UserBook(users or users_file(root)),
        throttle=auth.LoginThrottle(limits.login_max_failures, limits.login_window_s),
        workspace=workspace,
        builds=BuildManager(cache / "build.lock"),
        previews=PreviewCache(cache / "preview", limits.preview_dpi, limits.convert_timeout_s),
        office=office or _office_name(workspace),
        templates=templates,
    )
    routes = [
        Route("/", index),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login_submit, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
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
        Route("/data", data_page),
        Route("/campaigns", campaigns_page),
        Route("/campaigns/{campaign_id}", campaign_page),
        Route("/decisions/{spec_id}", decision_page),
        Route("/certificates/{cert_id}/make", certificates_make, methods=["POST"]),
        Route("/certificates/{cert_id}/zip", certificates_zip),
        Route("/certificates/{cert_id}/pdf", certificates_pdf),
        Route("/certificates/{cert_id}/files/{name}", certificate_file),
        Route("/register", register_page),
        Route("/register/void", register_void, methods=["POST"]),
        Route("/register/export.{fmt:str}", register_export),
        Route("/check", check_page, methods=["GET"]),
        Route("/check", check_upload, methods=["POST"]),
        Route("/import", import_page, methods=["GET"]),
        Route("/import", import_upload, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("docgen.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(GuardMiddleware, limit=limits.upload_max_bytes),
            *(
                [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)]
                if allowed_hosts
                else []
            ),
        ],
        exception_handlers={
            WebError: on_web_error,
            DocgenError: on_docgen_error,
            HTTPException: on_http_error,
            Exception: on_server_error,
        },
    )
    app.state.docgen = state
    return app
