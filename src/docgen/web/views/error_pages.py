"""The pages that say what went wrong: the app's exception handlers."""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from docgen.errors import DocgenError
from docgen.web import csrf
from docgen.web.errors import WebError
from docgen.web.pages import render

log = logging.getLogger("docgen.web")


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
