"""The history of a workspace file: its versions, two compared, one restored (issue 26)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from docgen.data.history import (
    ConflictError,
    History,
    HistoryError,
    Version,
    frozen_refusal,
    is_data_file,
    issued_entry,
    version_labels,
)
from docgen.data.workspace import Workspace
from docgen.errors import DocgenError
from docgen.i18n import translate
from docgen.register.audit import current_actor
from docgen.register.entries import Entry
from docgen.register.log import VIETNAM, LogRow
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.pages import app_state, render
from docgen.web.state import kind_label
from docgen.web.users import User
from docgen.web.views.imports import list_issuers
from docgen.web.views.log import ACTIONS as LOG_ACTIONS

ENTRY_STATES = {"reserved": "Đã giữ số", "issued": "Đã cấp số", "voided": "Đã hủy số"}


def local_time(version: Version) -> str:
    """``08:30 ngày 07/12/2026``: Vietnam time, as the register's log shows it."""
    return version.at.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y")


@dataclass
class Shown:
    """A version as a row of the page."""

    version: Version
    when: str
    who: str
    action: str
    previous: int | None  # the version before it, to compare with


def _rows(versions: list[Version], *, whole: bool = False) -> list[Shown]:
    """``whole``: ``versions`` are all a file's versions (the oldest is the file as first
    found, not an edit)."""
    rows = []
    for index, v in enumerate(versions):
        older = versions[index + 1].id if index + 1 < len(versions) else None
        action, who = version_labels(v, first=whole and older is None)
        rows.append(Shown(v, local_time(v), who, action, older))
    return rows


@dataclass
class Record:
    """What the register knows of a document: its numbers (issued, voided) and its acts."""

    spec_id: str | None = None
    issuer: str | None = None
    entries: list[Entry] | None = None
    acts: list[LogRow] | None = None
    issued: Entry | None = None  # the live issued number: the document is frozen
    error: str | None = None


def _spec_of(ws: Workspace | None, relpath: str) -> str | None:
    if ws is None:
        return None
    return next((s for s in ws.specs if ws.spec_display(s) == relpath), None)


def _record(request: Request, relpath: str) -> Record:
    """The document's numbers and register acts, when ``relpath`` is a document's data."""
    st = app_state(request)
    ws = st.workspace.load().ws
    found = Record(spec_id=_spec_of(ws, relpath))
    if found.spec_id is not None and ws is not None:
        found.issuer = ws.specs[found.spec_id].issuer
    elif not relpath.startswith("data/documents/"):
        return found
    try:
        register = st.workspace.register(ws)
        found.entries = [e for e in register.entries() if e.spec == relpath]
        found.acts = list(reversed(register.log(symbol=relpath)))
        found.issued = issued_entry(register, relpath)
    except DocgenError as exc:
        if exc.code != "REGISTER-MISSING":
            found.error = exc.format()
    return found


def _label(ws: Workspace | None, relpath: str) -> str | None:
    """What the file is, in the clerk's words: the document whose data it is, or the school's
    list of nominees (None: a file of another kind, named by its path)."""
    if ws is None:
        return None
    spec_id = _spec_of(ws, relpath)
    if spec_id is not None:
        spec = ws.specs[spec_id]
        return f"{kind_label(spec)}: {spec.subject}".replace("\n", " ")
    proposal = ws.proposals.get(relpath)
    if proposal is not None:
        body = ws.body(proposal.school)
        name = body.name if body is not None else proposal.school
        return f"Danh sách đề nghị khen thưởng của {name} năm {proposal.year}"
    return None


def _history(request: Request) -> tuple[History, str]:
    relpath = str(request.path_params["relpath"])
    history = History(app_state(request).root)
    try:
        relpath = history.normalise(relpath)
        # the pages show the clerk's data files only (not outputs, caches or the register)
        if not is_data_file(relpath):
            raise HistoryError(relpath)
    except HistoryError:
        raise WebError(
            f"“{relpath}” không phải là một tệp của thư mục làm việc.",
            code="WEB-NOT-FOUND",
            status=404,
        ) from None
    return history, relpath


def _int(text: Any) -> int | None:
    value = str(text or "").strip()
    return int(value) if value.isdigit() and len(value) < 18 else None


async def history_index(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    recorded = await run_in_threadpool(History(st.root).recorded)
    return render(request, "history_index.html", rows=_rows(recorded))


def _version_of(
    history: History, relpath: str, version_id: int | None, versions: list[Version]
) -> Version:
    found = next((v for v in versions if v.id == version_id), None)
    if found is None:
        raise WebError(
            f"Tệp {relpath} không có phiên bản số {version_id} (có thể đã bị xóa vì quá cũ).",
            code="WEB-NOT-FOUND",
            status=404,
        )
    return found


async def history_page(request: Request) -> Response:
    """A file's versions; with ?old=&new= two of them compared; with ?version= one shown; with
    ?restore= the confirmation of a restore."""
    await auth.authorize(request, "view")
    history, relpath = _history(request)
    versions = await run_in_threadpool(history.versions, relpath)
    if not versions:
        raise WebError(
            f"Chưa có lịch sử của tệp {relpath}: tệp này không có trong thư mục làm việc.",
            code="WEB-NOT-FOUND",
            status=404,
        )
    q = request.query_params
    record = await run_in_threadpool(_record, request, relpath)
    rows = _rows(versions, whole=True)
    by_id = {r.version.id: r for r in rows}
    context: dict[str, Any] = {
        "relpath": relpath,
        "label": _label(app_state(request).workspace.load().ws, relpath),
        "rows": rows,
        "record": record,
        "entry_states": ENTRY_STATES,
        "log_actions": LOG_ACTIONS,
        "restored": _int(q.get("restored")),
        "quote_path": quote(relpath),
    }
    if "new" in q:
        new = _version_of(history, relpath, _int(q.get("new")), versions)
        old_id = _int(q.get("old"))
        old = _version_of(history, relpath, old_id, versions) if old_id is not None else None
        lines = await run_in_threadpool(
            lambda: history.diff(
                old.id if old else None, new.id, context=history.limits.context_lines
            )
        )
        return render(
            request,
            "history_compare.html",
            old=by_id[old.id] if old else None,
            new=by_id[new.id],
            lines=lines,
            **context,
        )
    if "version" in q:
        shown = _version_of(history, relpath, _int(q.get("version")), versions)
        text = await run_in_threadpool(history.read, shown.id)
        return render(request, "history_version.html", shown=by_id[shown.id], text=text, **context)
    if "restore" in q:
        chosen = _version_of(history, relpath, _int(q.get("restore")), versions)
        refusal = _frozen(record, versions, chosen)
        lines = await run_in_threadpool(
            lambda: history.diff(versions[0].id, chosen.id, context=history.limits.context_lines)
        )
        return render(
            request,
            "history_restore.html",
            status=409 if refusal else 200,
            chosen=by_id[chosen.id],
            current=versions[0],
            current_sha=history.current_sha(relpath),
            refusal=refusal,
            lines=lines,
            **context,
        )
    return render(request, "history.html", **context)


def _frozen(record: Record, versions: list[Version], chosen: Version) -> str | None:
    """Why an issued document's data may not go back to an older version (None: it may):
    docgen.data.history.frozen_refusal, the check `docgen history --restore` makes too."""
    issued = record.issued.symbol if record.issued is not None else None
    refusal = frozen_refusal(issued, versions, chosen)
    # the pages speak Vietnamese whatever the language of the library's messages
    return None if refusal is None else translate(refusal.message, "vi") + "."


def _check_may_restore(user: User, ws: Workspace | None, relpath: str) -> None:
    """A văn thư restores the data of her issuers' documents and lists; the other files (the
    issuers, the campaigns …) only a user acting for every issuer."""
    if user.all_issuers:
        return
    spec_id = _spec_of(ws, relpath)
    if ws is not None and spec_id is not None and user.acts_for(ws.specs[spec_id].issuer):
        return
    proposal = ws.proposals.get(relpath) if ws is not None else None
    issuers = (
        list_issuers(ws, proposal.year, proposal.school)
        if ws is not None and proposal is not None and isinstance(proposal.year, int)
        else set()
    )
    if any(user.acts_for(i) for i in issuers):
        return
    raise WebError(
        f"Tài khoản {user.name} chỉ làm việc cho: {user.issuers_label}; tệp {relpath} không "
        "thuộc cơ quan này. Hãy nhờ người quản trị khôi phục.",
        code="WEB-ISSUER",
        status=403,
    )


async def history_restore(request: Request) -> Response:
    """Restore a version (after the confirmation page): a new version, the others kept."""
    user = await auth.authorize(request, "build")
    st = app_state(request)
    history, relpath = _history(request)
    form = await request.form()
    versions = await run_in_threadpool(history.versions, relpath)
    chosen = _version_of(history, relpath, _int(form.get("version")), versions)
    _check_may_restore(user, st.workspace.load().ws, relpath)
    record = await run_in_threadpool(_record, request, relpath)
    refusal = _frozen(record, versions, chosen)
    if refusal:
        raise WebError(refusal, code="WEB-ISSUED-FROZEN", status=409)
    expected = str(form.get("current_sha", ""))
    try:
        version = await run_in_threadpool(
            lambda: history.restore(relpath, chosen.id, who=current_actor(), expected_sha=expected)
        )
    except ConflictError:
        raise WebError(
            f"Tệp {relpath} đã bị thay đổi sau khi anh/chị mở trang xác nhận, nên chưa khôi "
            "phục gì. Hãy xem lại lịch sử của tệp rồi khôi phục lại nếu vẫn cần.",
            code="WEB-HISTORY-STALE",
            status=409,
        ) from None
    return RedirectResponse(f"/history/{quote(relpath)}?restored={version.id}", status_code=303)


ROUTES = [
    Route("/history", history_index, methods=["GET"]),
    Route("/history/{relpath:path}", history_page, methods=["GET"]),
    Route("/history/{relpath:path}", history_restore, methods=["POST"]),
]
