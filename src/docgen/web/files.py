"""Files in and out of the views: output files by name, download headers, PDFs, uploads."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request

from docgen.web.config import cache_dir
from docgen.web.errors import WebError
from docgen.web.pages import AppState, app_state
from docgen.web.paths import safe_child

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def output_file(request: Request, folder: Path | None = None) -> Path:
    st = app_state(request)
    try:
        return safe_child(folder or st.out_dir, request.path_params["name"], st.out_dir)
    except WebError as exc:
        exc.status = 404
        exc.message = "Không có tệp này trong thư mục kết quả."
        raise


def download_name(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


async def pdf_of(st: AppState, path: Path) -> Path:
    if path.suffix != ".docx":
        raise WebError("Chỉ chuyển được tệp .docx sang PDF.", code="WEB-NOT-DOCX", status=404)
    sha = await run_in_threadpool(st.workspace.sha256, path)
    assert sha is not None
    return await run_in_threadpool(st.previews.pdf, path, sha)


async def saved_upload(request: Request, suffixes: tuple[str, ...]) -> tuple[Path, str]:
    """The uploaded file, saved under the cache with a name of our own (never the client's)."""
    st = app_state(request)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise WebError("Hãy chọn một tệp để tải lên.", code="WEB-UPLOAD-NONE", status=400)
    original = Path(upload.filename.replace("\\", "/")).name
    suffix = Path(original).suffix.lower()
    if suffix not in suffixes:
        raise WebError(
            f"“{original}” không phải tệp {' hoặc '.join(suffixes)}.",
            code="WEB-UPLOAD-TYPE",
            status=415,
        )
    folder = cache_dir(st.root) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{secrets.token_hex(16)}{suffix}"
    data = await upload.read()
    await run_in_threadpool(target.write_bytes, data)
    return target, original
