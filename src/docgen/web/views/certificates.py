"""The certificates of an award decision: printing them as a build, their files, zip and PDF."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from docgen.api import record_act
from docgen.data.workspace import Workspace, display_path
from docgen.errors import DocgenError
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.files import DOCX, download_name, output_file, pdf_of
from docgen.web.jobs import Job
from docgen.web.pages import AppState, app_state, loaded_ws
from docgen.web.paths import confined, safe_child


def certificate_specs(st: AppState, ws: Workspace, decision: str | None) -> list[dict[str, Any]]:
    from docgen.awards.certificate_spec import load_certificate_spec

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
        try:  # a folder linked to elsewhere lists nothing
            out = confined(out, st.out_dir)
            files = sorted(p.name for p in out.glob("*.docx")) if out.is_dir() else []
        except WebError:
            files = []
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


def _certificate_or_404(st: AppState, ws: Workspace, cert_id: str) -> dict[str, Any]:
    found = next((c for c in certificate_specs(st, ws, None) if c["id"] == cert_id), None)
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
    decision = ws.specs.get(cert["spec"].decision)
    if decision is not None:  # the certificates are the deciding issuer's
        known = ws.issuers.get(decision.issuer)
        auth.check_issuer(user, decision.issuer, known.name if known is not None else None)
    elif not user.all_issuers:  # whose they are cannot be told: only for every issuer
        raise WebError(
            f"Không có quyết định {cert['spec'].decision} trong dữ liệu nên không biết bằng "
            "khen của cơ quan nào; chỉ tài khoản làm việc cho mọi cơ quan mới in được.",
            code="WEB-ISSUER",
            status=403,
        )
    cert_id = cert["id"]

    def work(job: Job) -> None:
        from docgen.awards.certificates import make_certificates

        loaded = st.workspace.load()
        if loaded.ws is None:
            assert loaded.error is not None
            raise loaded.error
        out = st.out_dir / cert_id
        confined(out, st.out_dir)  # never into a folder linked to outside the workspace

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
        record_act(
            st.root,
            st.workspace.register_target,
            "certificates",
            detail=f"{len(report.written)} written, {len(report.failed)} failed in "
            f"{display_path(st.root, out)}",
            spec=f"data/certificates/{cert_id}.yaml",
        )
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
                    path = safe_child(folder, name, st.out_dir)
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
    merged = safe_child(st.out_dir / cert["id"], cert["merged"], st.out_dir)
    pdf = await pdf_of(st, merged)
    return FileResponse(
        pdf, media_type="application/pdf", headers=download_name(f"{cert['id']}-tat-ca.pdf")
    )


ROUTES = [
    Route("/certificates/{cert_id}/make", certificates_make, methods=["POST"]),
    Route("/certificates/{cert_id}/zip", certificates_zip),
    Route("/certificates/{cert_id}/pdf", certificates_pdf),
    Route("/certificates/{cert_id}/files/{name}", certificate_file),
]
