"""The import of a school's nominee list: the upload form over web.importer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.api import record_act
from docgen.awards.specs import AwardDecisionSpec, ProposalSpec
from docgen.data.history import ABSENT, ConflictError, History, diff_lines
from docgen.data.workspace import Workspace
from docgen.errors import DataError, Diagnostic, DocgenError
from docgen.register.audit import current_actor
from docgen.web import auth, importer
from docgen.web.errors import WebError
from docgen.web.files import saved_upload
from docgen.web.pages import app_state, render
from docgen.web.users import User

if TYPE_CHECKING:
    from docgen.excel.nominees import ImportPlan


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


def check_list_issuers(user: User, ws: Workspace | None, year: int | str, school: str) -> None:
    """A văn thư imports a list used by a document of one of her issuers; a list no document
    uses yet (or data that does not validate) only a user acting for every issuer."""
    if user.all_issuers:
        return
    issuers = list_issuers(ws, year, school) if ws is not None else set()  # type: ignore[arg-type]
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
        return _form_refused(request, exc, schools, year, school)
    if not year.isdigit() or school not in dict(schools):
        path.unlink(missing_ok=True)
        refused = WebError(
            "Hãy chọn năm và trường của danh sách.", code="WEB-IMPORT-FORM", status=400
        )
        return _form_refused(request, refused, schools, year, school)
    try:
        check_list_issuers(user, st.workspace.load().ws, int(year), school)
    except WebError:
        path.unlink(missing_ok=True)
        raise
    try:
        plan = await run_in_threadpool(
            importer.plan_nominee_list, st.root, path, original, int(year), school
        )
    except DataError as exc:
        return _refused(request, exc.problems, original, schools, year, school)
    except DocgenError as exc:
        return _refused(request, exc.diagnostics, original, schools, year, school)
    finally:
        path.unlink(missing_ok=True)
    relpath = plan.relpath(st.root) or str(plan.path)
    if plan.same or not plan.path.exists():
        # nothing is replaced: a list read again as it is, or the school's first list
        if not plan.same:
            await run_in_threadpool(
                lambda: History(st.root).write(
                    relpath, plan.text, who=current_actor(), action="import", expected_sha=ABSENT
                )
            )
        return await _done(request, relpath, original, year, school, schools, plan)
    pending = importer.PendingImport(
        user=user.name,
        name=original,
        year=int(year),
        school=school,
        relpath=relpath,
        text=plan.text,
        expected_sha=plan.current_sha,
        collectives=plan.collectives,
        individuals=plan.individuals,
    )
    token = await run_in_threadpool(importer.save_pending, st.workspace.cache, pending)
    current = (st.root / relpath).read_text(encoding="utf-8", errors="replace")
    return render(
        request,
        "import_confirm.html",
        pending=pending,
        token=token,
        changes=plan.changes,
        lines=diff_lines(current.splitlines(), plan.text.splitlines(), context=3),
        school_name=dict(schools).get(school, school),
    )


def _refused(
    request: Request,
    problems: list[Diagnostic],
    name: str,
    schools: list[tuple[str, str]],
    year: str,
    school: str,
) -> Response:
    return render(
        request,
        "import.html",
        status=422,
        available=True,
        outcome=None,
        problems=problems,
        name=name,
        schools=schools,
        year=year,
        school=school,
    )


async def _done(
    request: Request,
    relpath: str,
    name: str,
    year: str,
    school: str,
    schools: list[tuple[str, str]],
    plan: ImportPlan | None,
) -> Response:
    """Log the import and show what was written."""
    st = app_state(request)
    written = plan is None or not plan.same
    unchanged = "" if written else ", nothing changed"
    await run_in_threadpool(
        lambda: record_act(
            st.root,
            st.workspace.register_target,
            "import",
            detail=f"the list {name} of {school} for {year}{unchanged}",
            spec=relpath if written else None,
        )
    )
    outcome = importer.ImportOutcome(written=[relpath] if written else [])
    return render(
        request,
        "import.html",
        available=True,
        outcome=outcome,
        changes=plan.changes if plan is not None and written else None,
        history=relpath if written else None,
        name=name,
        schools=schools,
        year=year,
        school=school,
    )


def _form_refused(
    request: Request, exc: WebError, schools: object, year: str, school: str
) -> Response:
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


async def import_confirm(request: Request) -> Response:
    """The clerk has seen the difference and confirms: the school's file is replaced, and the
    file it was stays in the history (restorable)."""
    user = await auth.authorize(request, "import")
    st = app_state(request)
    form = await request.form()
    token = str(form.get("token", ""))
    pending = importer.take_pending(st.workspace.cache, token, user.name, remove=False)
    if pending is None:
        raise WebError(
            "Không còn bản nhập đang chờ xác nhận này (đã nhập, đã hủy hoặc đã quá một ngày). "
            "Hãy tải tệp danh sách lên lại.",
            code="WEB-IMPORT-GONE",
            status=404,
        )
    check_list_issuers(user, st.workspace.load().ws, pending.year, pending.school)
    schools = await run_in_threadpool(importer.schools, st.root)
    if form.get("cancel"):
        importer.take_pending(st.workspace.cache, token, user.name, remove=True)
        return render(
            request,
            "import.html",
            available=True,
            outcome=None,
            cancelled=pending.relpath,
            schools=schools,
            year=str(pending.year),
            school=pending.school,
        )
    try:
        await run_in_threadpool(
            lambda: History(st.root).write(
                pending.relpath,
                pending.text,
                who=current_actor(),
                action="import",
                expected_sha=pending.expected_sha,
            )
        )
    except ConflictError:
        importer.take_pending(st.workspace.cache, token, user.name, remove=True)
        raise WebError(
            f"Tệp {pending.relpath} đã bị thay đổi sau khi anh/chị xem phần khác biệt, nên "
            "chưa nhập gì. Hãy tải tệp danh sách lên lại để xem khác biệt mới.",
            code="WEB-IMPORT-STALE",
            status=409,
        ) from None
    importer.take_pending(st.workspace.cache, token, user.name, remove=True)
    return await _done(
        request, pending.relpath, pending.name, str(pending.year), pending.school, schools, None
    )


ROUTES = [
    Route("/import", import_page, methods=["GET"]),
    Route("/import", import_upload, methods=["POST"]),
    Route("/import/confirm", import_confirm, methods=["POST"]),
]
