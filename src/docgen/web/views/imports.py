"""The import of a school's nominee list: the upload form over web.importer."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.api import record_act
from docgen.errors import DataError, DocgenError
from docgen.web import auth, importer
from docgen.web.errors import WebError
from docgen.web.files import saved_upload
from docgen.web.pages import app_state, render


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
    unchanged = "" if outcome.written else ", nothing changed"
    await run_in_threadpool(
        lambda: record_act(
            st.root,
            st.workspace.register_target,
            "import",
            detail=f"the list {original} of {school} for {year}{unchanged}",
            spec=outcome.written[0] if outcome.written else None,
        )
    )
    return render(
        request, "import.html", available=True, outcome=outcome, name=original, schools=schools
    )


ROUTES = [
    Route("/import", import_page, methods=["GET"]),
    Route("/import", import_upload, methods=["POST"]),
]
