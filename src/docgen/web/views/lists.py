"""Nominee lists edited in the browser as a grid (pasted from Excel), and the one function that
saves a data file from a form (this page's and the campaign form's, views.campaign_edit)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from docgen.data.history import sha_of
from docgen.data.loader import Source, load_text
from docgen.data.roundtrip import updated_text
from docgen.data.workspace import Workspace
from docgen.errors import DataError, Diagnostic
from docgen.excel.proposals import Context, load_context
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.grid import HEAD_FIELDS, GridRow, check_grid, columns, pasted_rows, rows_of
from docgen.web.pages import app_state, render
from docgen.web.saving import save_data
from docgen.web.users import User
from docgen.web.views.imports import check_list_issuers

_LIMITS = Path(__file__).resolve().parent.parent / "limits.yaml"
_YEAR = re.compile(r"^\d{4}(?:-\d{4})?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@cache
def edit_limits() -> dict[str, int]:
    """The bounds of a form that edits data (limits.yaml ``edit_*``)."""
    data = yaml.safe_load(_LIMITS.read_text(encoding="utf-8"))
    return {k: int(v) for k, v in data.items() if k.startswith("edit_")}


async def edit_form(request: Request) -> FormData:
    """The posted form within the edit bounds (read before authorize, which reuses it)."""
    bounds = edit_limits()
    fields = bounds["edit_max_rows"] * (len(columns()) + 3) + 50
    return await request.form(
        max_files=0, max_fields=fields, max_part_size=bounds["edit_paste_chars"] * 4
    )


def form_text(form: FormData, name: str, most: int) -> str:
    value = form.get(name)
    text = value if isinstance(value, str) else ""
    if len(text) > most:
        raise WebError(
            f"Nội dung quá dài ({len(text)} ký tự; tối đa {most}).",
            code="WEB-EDIT-LIMIT",
            status=413,
        )
    return text


# -- nominee lists -----------------------------------------------------------------------------


def _list_target(request: Request) -> tuple[str, str, str]:
    year, school = request.path_params["year"], request.path_params["school"]
    if not _YEAR.match(year) or not _ID.match(school):
        raise WebError("Không có danh sách này.", code="WEB-NOT-FOUND", status=404)
    return year, school, f"data/proposals/{year}/{school}.yaml"


def _year_value(year: str) -> int | str:
    return int(year) if year.isdigit() else year


def _check_list_user(user: User, ws: Workspace | None, year: str, school: str) -> None:
    """A văn thư edits the list of a body she acts for, or (as she imports it) a list used by
    a document of one of her issuers."""
    if not user.acts_for(school):
        check_list_issuers(user, ws, _year_value(year), school)


def _context(root: Path) -> Context:
    try:
        return load_context(root)
    except DataError as exc:
        raise WebError(
            "Chưa đọc được danh mục khen thưởng hoặc danh sách các trường: "
            + "; ".join(d.format() for d in exc.problems[:3]),
            code="WEB-DATA",
            status=409,
        ) from exc


def _list_page(
    request: Request,
    ctx: Context,
    year: str,
    school: str,
    display: str,
    head: dict[str, str],
    rows: list[GridRow],
    opened_sha: str,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    from docgen.excel.layout import load_layout
    from docgen.excel.table import header_key

    layout = load_layout().nominees
    aliases = {header_key(t): c.field for c in layout.columns for t in (c.header, *c.aliases)}
    return render(
        request,
        "lists_edit.html",
        status=status,
        year=year,
        school=school,
        school_name=ctx.bodies.get(school, school),
        display=display,
        head=head,
        rows=rows,
        columns=columns(),
        kinds=layout.kinds,
        genders=layout.genders,
        awards=[(a.id, a.name) for a in ctx.catalogue.awards],
        campaigns=ctx.campaigns,
        opened_sha=opened_sha,
        aliases=aliases,
        limits=edit_limits(),
        **extra,
    )


async def list_new(request: Request) -> Response:
    await auth.authorize(request, "import")
    ctx = await run_in_threadpool(_context, app_state(request).root)
    year = request.query_params.get("year", "").strip()
    school = request.query_params.get("school", "").strip()
    if _YEAR.match(year) and school in ctx.bodies:
        return RedirectResponse(f"/proposals/{year}/{school}/edit", status_code=303)
    return render(request, "lists_new.html", bodies=ctx.bodies, year=year, school=school)


async def list_edit(request: Request) -> Response:
    user = await auth.authorize(request, "import")
    st = app_state(request)
    year, school, display = _list_target(request)
    ctx = await run_in_threadpool(_context, st.root)
    if school not in ctx.bodies:
        raise WebError("Không có trường hoặc cơ quan này.", code="WEB-NOT-FOUND", status=404)
    _check_list_user(user, st.workspace.load().ws, year, school)
    path = st.root / display
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    data, _ = load_text(text, display) if text else ({}, [])
    data = data if isinstance(data, dict) else {}
    head = {f: _shown_head(data.get(f)) for f in HEAD_FIELDS}
    if not text:  # a new list: the campaign, award and date of the Tờ trình that opened it
        bound = edit_limits()["edit_cell_chars"]
        head = {f: request.query_params.get(f, "").strip()[:bound] for f in HEAD_FIELDS}
    rows = rows_of(data, ctx.catalogue) or [GridRow({c.field: "" for c in columns()})]
    problems = _saved_problems(st, text, display, data) if text else {}
    return _list_page(
        request,
        ctx,
        year,
        school,
        display,
        head,
        rows,
        sha_of(text),
        new=not text,
        for_form=not text and any(head.values()),
        saved_problems=problems,
    )


def _shown_head(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _rows_from_form(form: FormData, most_chars: int) -> list[GridRow]:
    rows = []
    for token in form.getlist("row"):
        if not isinstance(token, str) or not token.isdigit():
            continue
        if form.get(f"r{token}.delete"):
            continue
        cells = {c.field: form_text(form, f"r{token}.{c.field}", most_chars) for c in columns()}
        origin = form.get(f"r{token}.origin")
        rows.append(GridRow(cells, origin if isinstance(origin, str) else ""))
    return rows


def _workspace_problems(st: Any) -> list[Diagnostic]:
    """The workspace's errors: of its shared files, or of the documents set aside for them."""
    return list(st.workspace.load().problems)


def _saved_problems(
    st: Any, text: str, display: str, data: Any, before: list[Diagnostic] | None = None
) -> dict[str, list[Diagnostic]]:
    """What ``docgen validate`` says of the saved list, by row (``individuals:3``) or ``""``
    for the whole list, from the workspace as the server validates it; with ``before`` (the
    workspace's problems before the save), also the new problems of other files that the change
    made (a nominee taken out whom the council's minutes vote on), under ``""``."""
    problems = _workspace_problems(st)
    found = [d for d in problems if d.location and d.location.file == display]
    if before is not None:
        known = {d.format() for d in before}
        found += [d for d in problems if d not in found and d.format() not in known]
    if not found:
        return {}
    source = Source(Path(display), display, data, text.encode("utf-8"))
    starts: list[tuple[int, str]] = []
    for group in ("collectives", "individuals"):
        for i in range(len((data or {}).get(group) or [])):
            line = source.locate((group, i)).line or 0
            starts.append((line, f"{group}:{i}"))
    starts.sort()
    by_row: dict[str, list[Diagnostic]] = {}
    for d in found:
        line = d.location.line if d.location and d.location.line else 0
        key = ""
        if d.location and d.location.file == display:
            for start, origin in starts:
                if start <= line:
                    key = origin
        by_row.setdefault(key, []).append(d)
    return by_row


async def list_post(request: Request) -> Response:
    form = await edit_form(request)
    user = await auth.authorize(request, "import")
    st = app_state(request)
    bounds = edit_limits()
    year, school, display = _list_target(request)
    ctx = await run_in_threadpool(_context, st.root)
    if school not in ctx.bodies:
        raise WebError("Không có trường hoặc cơ quan này.", code="WEB-NOT-FOUND", status=404)
    _check_list_user(user, st.workspace.load().ws, year, school)
    cell = bounds["edit_cell_chars"]
    head = {f: form_text(form, f, cell).strip() for f in HEAD_FIELDS}
    rows = _rows_from_form(form, cell)
    opened = str(form.get("opened_sha") or "")
    action = str(form.get("action") or "check")
    notes: list[str] = []
    if action == "paste":
        pasted, refused = pasted_rows(
            form_text(form, "paste", bounds["edit_paste_chars"]), bounds["edit_max_rows"]
        )
        rows = [r for r in rows if not r.blank] + pasted
        notes.append(f"Đã dán {len(pasted)} dòng; hãy xem lại rồi bấm Lưu.")
        if refused:
            notes.append(refused)
    elif action == "add":
        rows.append(GridRow({c.field: "" for c in columns()}))
    if len(rows) > bounds["edit_max_rows"]:
        raise WebError(
            f"Danh sách có {len(rows)} dòng; một lần sửa nhận tối đa {bounds['edit_max_rows']}.",
            code="WEB-EDIT-LIMIT",
            status=413,
        )
    path = st.root / display
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    old, _ = load_text(old_text, display) if old_text else ({}, [])
    old = old if isinstance(old, dict) else {}
    if sha_of(old_text) != opened:
        old = {}  # origins point into another text: nothing of it is carried over
    checked = await run_in_threadpool(
        check_grid, ctx, _year_value(year), school, head, [r for r in rows], old
    )
    saved = False
    saved_problems: dict[str, list[Diagnostic]] = {}
    if action == "save" and checked.data is not None:
        before = await run_in_threadpool(_workspace_problems, st)
        text = updated_text(old_text or None, checked.data, display)
        new = not path.exists()
        opened = await run_in_threadpool(
            lambda: save_data(
                st.root,
                display,
                text,
                action="create" if new else "save",
                opened_sha=None if new else opened,
            )
        )
        saved = True
        data, _ = load_text(text, display)
        saved_problems = await run_in_threadpool(_saved_problems, st, text, display, data, before)
        rows = rows_of(data, ctx.catalogue)
    elif checked.data is not None and action == "check":
        notes.append(f"Không thấy lỗi trong {checked.count} dòng; bấm Lưu để ghi.")
    failed = checked.data is None and action in ("save", "check")
    return _list_page(
        request,
        ctx,
        year,
        school,
        display,
        head,
        rows or [GridRow({c.field: "" for c in columns()})],
        opened,
        status=422 if failed else 200,
        new=not old_text and not saved,
        notes=notes,
        checked=checked,
        saved=saved,
        saved_problems=saved_problems,
    )


ROUTES = [
    Route("/proposals/new", list_new, methods=["GET"]),
    Route("/proposals/{year}/{school}/edit", list_edit, methods=["GET"]),
    Route("/proposals/{year}/{school}/edit", list_post, methods=["POST"]),
]
