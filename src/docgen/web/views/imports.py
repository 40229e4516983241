"""The import of a school's nominee list: the upload form over web.importer."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.api import record_act
from docgen.awards.specs import AwardDecisionSpec, ProposalSpec
from docgen.data.workspace import Workspace
from docgen.errors import DataError, DocgenError
from docgen.web import auth, importer
from docgen.web.errors import WebError
from docgen.web.files import saved_upload
from docgen.web.pages import app_state, render
from docgen.web.users import User


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


def list_issuers(ws: Workspace, year: int, school: str) -> set[str]:
    """The issuers of the documents a school's list of a year is used by: the school's
    proposal (tờ trình) and the award decisions that decide it."""
    found = set()
    for spec in ws.specs.values():
        if isinstance(spec, ProposalSpec) and spec.year == year and spec.school == school:
            found.add(spec.issuer)
        if (
            isinstance(spec, AwardDecisionSpec)
            and spec.year == year
            and (spec.schools is None or school in spec.schools)
        ):
            found.add(spec.issuer)
    return found


def _check_list_issuers(user: User, ws: Workspace | None, year: int, school: str) -> None:
    """A văn thư imports a list used by a document of one of her issuers; a list no document
    uses yet (or data that does not validate) only a user acting for every issuer."""
    if user.all_issuers:
        return
    issuers = list_issuers(ws, year, school) if ws is not None else set()
    if any(user.acts_for(i) for i in issuers):
        return
    used_by = ", ".join(sorted(issuers)) or "chưa có văn bản nào"
    raise WebError(
        f"Danh sách của {school} năm {year} dùng cho văn bản của: {used_by}; tài khoản "
        f"{user.name} chỉ làm việc cho: {user.issuers_label}. "
        "Hãy nhờ người quản trị cấp quyền cho cơ quan này.",
        code="WEB-ISSUER",
        status=403,
    )


async def import_upload(request: Request) -> Response:
    user = await auth.authorize(request, "import")
    st = app_state(request)
    if not importer.import_available():
        return render(request, "import.html", status=501, available=False, outcome=None)
    form = await request.form()
    year, school = str(form.get("year", "")).strip(), str(form.get("school", "")).strip()
    schools = await run_in_threadpool(importer.schools, st.root)
    try:
        path, original = await saved_upload(request, importer.ACCEPTED)
    except WebError as exc:  # the form again, as the clerk filled it, with what was wrong
        return _refused(request, exc, schools, year, school)
    if not year.isdigit() or school not in dict(schools):
        path.unlink(missing_ok=True)
        refused = WebError(
            "Hãy chọn năm và trường của danh sách.", code="WEB-IMPORT-FORM", status=400
        )
        return _refused(request, refused, schools, year, school)
    try:
        _check_list_issuers(user, st.workspace.load().ws, int(year), school)
    except WebError:
        path.unlink(missing_ok=True)
        raise
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
            year=year,
            school=school,
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
            year=year,
            school=school,
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
        request,
        "import.html",
        available=True,
        outcome=outcome,
        name=original,
        schools=schools,
        year=year,
        school=school,
    )


def _refused(request: Request, exc: WebError, schools: object, year: str, school: str) -> Response:
    """The import form filled in as it was sent, with why it was refused."""
    return render(
        request,
        "import.html",
        status=exc.status,
        available=True,
        outcome=None,
        refused=exc.message,
        schools=schools,
        year=year,
        school=school,
    )


ROUTES = [
    Route("/import", import_page, methods=["GET"]),
    Route("/import", import_upload, methods=["POST"]),
]
