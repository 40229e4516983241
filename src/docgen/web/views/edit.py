"""Create and edit a document in the browser: pick its type and issuer, fill the form generated
from the kind's schema, check it live with the CLI's messages, see its pages before a number is
given, and save the YAML the CLI reads (the clerk's comments and order kept)."""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from docgen.data.history import sha_of
from docgen.data.loader import load_text
from docgen.data.workspace import Workspace
from docgen.errors import DocgenError
from docgen.i18n import translate
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.forms import (
    Field,
    FormValues,
    every_field,
    fields_of,
    form_texts,
    from_form,
    to_form,
)
from docgen.web.forms.bases import BASIS_KINDS, apply_basis
from docgen.web.forms.draft import (
    Checked,
    Problem,
    check_draft,
    new_spec_id,
    render_draft,
    with_draft,
)
from docgen.web.forms.outline import ROW_KINDS, apply
from docgen.web.forms.proposal import (
    PROPOSAL_KIND,
    NomineeList,
    explain_missing_list,
    nominee_list,
    proposal_data,
)
from docgen.web.pages import AppState, app_state, render
from docgen.web.saving import save_data
from docgen.web.users import User

DOCUMENTS = "data/documents"


# -- choices from the workspace --------------------------------------------------------------


def _type_names() -> list[tuple[str, str, tuple[str, ...]]]:
    """(id, name, systems) of every type ``docgen new`` makes."""
    from docgen.rules import load_rules

    types = load_rules().document_types.values()
    return sorted(((t.id, t.text_name, t.systems) for t in types if t.numbered), key=lambda t: t[1])


def _choices(
    source: str, ws: Workspace | None, data: dict[str, Any], user: User
) -> list[tuple[str, str]]:
    if source == "types":
        return [(i, name) for i, name, _ in _type_names()]
    if ws is None:
        return []
    if source == "issuers":
        mine = [i for i in ws.issuers.values() if user.acts_for(i.id)]
        return [(i.id, i.name) for i in mine]
    if source == "signers":
        issuer = ws.issuers.get(str(data.get("issuer") or ""))
        if issuer is None:
            return []
        return [(k, f"{s.name} ({s.title})") for k, s in issuer.signers.items()]
    if source == "campaigns":
        return [(k, c.name) for k, c in ws.campaigns.items()]
    if source == "documents":
        from docgen.web.state import kind_label

        return [
            (k, f"{kind_label(s)}: {s.subject}")
            for k, s in sorted(ws.specs.items())
            if k != data.get("_id")
        ]
    if source == "schools":
        out = []
        if ws.schools is not None:
            out += [(k, s.name) for k, s in ws.schools.schools.items()]
        if ws.bodies is not None:
            out += [(k, b.name) for k, b in ws.bodies.bodies.items()]
        return out
    if source == "awards":
        return [(a.id, a.name) for a in ws.catalogue.awards] if ws.catalogue else []
    if source == "councils":
        return [(k, c.name) for k, c in ws.councils.items()]
    if source == "members":  # of the council the minutes are of
        council = ws.councils.get(str(data.get("council") or ""))
        members = council.members.items() if council is not None else ()
        return [(k, f"{m.name} ({m.position})") for k, m in members]
    return []


@dataclass
class FormPage:
    """Everything the form's template shows."""

    title: str
    action: str
    fields: list[Field]
    values: FormValues
    spec_id: str | None
    opened_sha: str
    problems: list[Problem] = field(default_factory=list)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    preview: list[str] = field(default_factory=list)
    frozen: str | None = None
    saved: bool = False
    nominees: NomineeList | None = None  # a proposal's list: where it is edited, its size


def _page(request: Request, page: FormPage, status: int = 200) -> Response:
    by_path: dict[str, list[Problem]] = {}
    for p in page.problems:
        by_path.setdefault(p.path, []).append(p)
    names = {f.name for f in every_field(page.fields)}
    loose = [p for p in page.problems if p.path not in names and "@" not in p.path]
    return render(
        request,
        "edit.html",
        status=status,
        page=page,
        by_path=by_path,
        loose=loose,
        texts=form_texts(),
        row_kinds=ROW_KINDS,
        basis_kinds=BASIS_KINDS,
    )


def _fill_choices(page: FormPage, ws: Workspace | None, data: dict[str, Any], user: User) -> None:
    for f in every_field(page.fields):
        if f.widget == "bases":  # the documents a basis may cite, the laws it may name
            cited = {r.text for r in page.values.rows.get(f.name, []) if r.kind == "cite"}
            options = _choices("documents", ws, data, user)
            known = {v for v, _ in options}
            options += [(c, c) for c in sorted(cited - known) if c]  # kept, never lost
            page.choices[f.name] = options
            page.choices[f"{f.name}@law"] = list(form_texts()["laws"].items())
        elif f.source:
            options = _choices(f.source, ws, data, user)
            known = {v for v, _ in options}
            for current in page.values.values.get(f.name, "").splitlines():
                if current and current not in known:
                    options.append((current, current))  # kept: the clerk's value is never lost
            if f.widget == "lines":  # ticked boxes send their values in the page's order:
                # the ticked ones first, in the file's order (an award decision's articles)
                ticked = [v for v in page.values.values.get(f.name, "").splitlines() if v]
                options.sort(key=lambda o: ticked.index(o[0]) if o[0] in ticked else len(ticked))
            page.choices[f.name] = options
    if data.get("kind") == PROPOSAL_KIND:
        page.nominees = nominee_list(ws, page.values.values)


# -- whose documents --------------------------------------------------------------------------


async def _read_form(request: Request) -> Any:
    """The document form as sent. It has fields for each outline row: read with its own limit
    (forms.yaml) before anything else reads it (Starlette keeps the first reading). A JSON
    object of the same fields (``csrf_token`` among them; a list for ticked boxes) is read as
    that form, for /documents/validate and /documents/preview called from a script."""
    limits = app_state(request).limits
    if request.headers.get("content-type", "").split(";")[0].strip() == "application/json":
        try:
            payload = await request.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or len(payload) > int(form_texts()["max_fields"]):
            raise WebError("Dữ liệu gửi lên không đúng dạng.", code="WEB-FORM", status=400)
        pairs: list[tuple[str, str | UploadFile]] = [
            (str(k), str(v))
            for k, value in payload.items()
            for v in (value if isinstance(value, list) else [value])
            if v is not None
        ]
        # kept as the request's form: authorize() then checks its CSRF token like any form's
        request._form = FormData(pairs)
        return request._form
    return await request.form(
        max_files=0,
        max_fields=int(form_texts()["max_fields"]),
        max_part_size=limits.upload_max_bytes,
    )


async def _clerk(request: Request) -> User:
    """A văn thư (the issuer is checked by the caller); authorize checks a form's token."""
    if request.method == "POST":
        await _read_form(request)
    return await auth.authorize(request, "build")


def _check_issuer(ws: Workspace | None, user: User, issuer: str) -> None:
    known = ws.issuers.get(issuer) if ws is not None else None
    auth.check_issuer(user, issuer, known.name if known is not None else None)


def _loaded(st: AppState) -> Workspace | None:
    return st.workspace.load().ws


def _spec_path(st: AppState, spec_id: str) -> Path:
    if "/" in spec_id or "\\" in spec_id or spec_id.startswith("."):
        raise WebError(f"Không có văn bản “{spec_id}”.", code="WEB-NOT-FOUND", status=404)
    path = st.root / DOCUMENTS / f"{spec_id}.yaml"
    if not path.is_file():
        raise WebError(f"Không có văn bản “{spec_id}”.", code="WEB-NOT-FOUND", status=404)
    return path


def _issued(st: AppState, ws: Workspace | None, spec_id: str) -> str | None:
    """The symbol of the document's issued number, if it has one."""
    if ws is None:
        return None
    try:
        entry = st.workspace.register(ws).get_by_spec(f"{DOCUMENTS}/{spec_id}.yaml")
    except Exception:  # no register yet: nothing is issued
        return None
    if entry is None or entry.state != "issued":
        return None
    return str(entry.symbol)


# -- pick a type, then an issuer --------------------------------------------------------------


async def new_document(request: Request) -> Response:
    user = await _clerk(request)
    st = app_state(request)
    ws = _loaded(st)
    type_id = request.query_params.get("type")
    issuer_id = request.query_params.get("issuer")
    # a Tờ trình đề nghị khen thưởng: a proposal with its nominee list
    proposal = type_id == "to_trinh" and request.query_params.get("kind") == PROPOSAL_KIND
    types = _type_names()
    if not type_id or type_id not in {t[0] for t in types}:
        common = form_texts().get("common_types", [])
        return render(
            request,
            "edit_new.html",
            step="type",
            common=sorted((t for t in types if t[0] in common), key=lambda t: common.index(t[0])),
            others=[t for t in types if t[0] not in common],
        )
    chosen = next(t for t in types if t[0] == type_id)
    if proposal:
        chosen = (chosen[0], "Tờ trình đề nghị khen thưởng", chosen[2])
    issuers = list(ws.issuers.values()) if ws is not None else []
    issuers = [i for i in issuers if i.system in chosen[2]]
    if not issuer_id:
        mine = [i for i in issuers if user.acts_for(i.id)]
        others = [i for i in issuers if not user.acts_for(i.id)]
        return render(
            request,
            "edit_new.html",
            step="issuer",
            chosen=chosen,
            mine=mine,
            others=others,
            kind=PROPOSAL_KIND if proposal else "",
        )
    issuer = next((i for i in issuers if i.id == issuer_id), None)
    if issuer is None:
        raise WebError(
            "Không có cơ quan này cho loại văn bản đã chọn.", code="WEB-NOT-FOUND", status=404
        )
    _check_issuer(ws, user, issuer.id)
    data = _skeleton_data(type_id, issuer)
    if proposal:
        data = proposal_data(ws, issuer, data)
    corrects = request.query_params.get("corrects")
    if corrects and ws is not None and corrects in ws.specs:
        data["corrects"] = {"document": corrects, "how": "dinh_chinh", "reason": ""}
    fields = fields_of(PROPOSAL_KIND if proposal else "document")
    page = FormPage(
        title=f"{chosen[1]} mới — {issuer.name}",
        action="/documents/new",
        fields=fields,
        values=to_form(fields, data),
        spec_id=None,
        opened_sha="",
    )
    _fill_choices(page, ws, data, user)
    return _page(request, page)


def _skeleton_data(type_id: str, issuer: Any) -> dict[str, Any]:
    """The data ``docgen new`` writes for the type and issuer (valid as written; the clerk
    replaces its sample text), without the file name, which the subject gives at saving."""
    from docgen.documents.skeleton import find_type, skeleton, today
    from docgen.rules import load_rules

    rules = load_rules()
    text = skeleton(find_type(rules, type_id), issuer, "moi", today(), rules)
    data, _ = load_text(text, "new.yaml")
    data.pop("output", None)
    return dict(data)


# -- the form -----------------------------------------------------------------------------


async def edit_document(request: Request) -> Response:
    user = await _clerk(request)
    st = app_state(request)
    ws = _loaded(st)
    spec_id = str(request.path_params["spec_id"])
    path = _spec_path(st, spec_id)
    text = path.read_text(encoding="utf-8")
    data, _ = load_text(text, f"{DOCUMENTS}/{path.name}")
    if not isinstance(data, dict):
        data = {}
    _check_issuer(ws, user, str(data.get("issuer") or ""))
    kind = str(data.get("kind") or "document")
    fields = fields_of(kind if _known_kind(kind) else "document")
    frozen = _issued(st, ws, spec_id)
    page = FormPage(
        title=f"{'Văn bản' if frozen else 'Sửa văn bản'}: {data.get('subject') or spec_id!s}",
        action=f"/documents/{spec_id}/edit",
        fields=fields,
        values=to_form(fields, data),
        spec_id=spec_id,
        opened_sha=sha_of(text),
        frozen=frozen,
        saved=request.query_params.get("saved") == "1",
    )
    _fill_choices(page, ws, {**data, "_id": spec_id}, user)
    if page.frozen is None:
        _, checked = await run_in_threadpool(_check, st, ws, page, data, text)
        page.problems = checked.problems
    return _page(request, page)


def _known_kind(kind: str) -> bool:
    from docgen.documents.kinds import registry

    return kind in registry()


def _kind_type(kind: str) -> str:
    """The document type a kind makes (a proposal: to_trinh), for a new file's name."""
    from docgen.documents.kinds import registry

    return str(getattr(registry()[kind], "type_id", "") or "")


def _check(
    st: AppState,
    ws: Workspace | None,
    page: FormPage,
    data: dict[str, Any],
    old: str | None,
    places: dict[tuple[Any, ...], str] | None = None,
) -> tuple[str, Checked]:
    """The spec's id (a new document's: from its type, subject and year) and its check."""
    spec_id = page.spec_id or _new_id(st, data)
    if page.spec_id is None and not data.get("output"):
        data["output"] = f"{spec_id}.docx"
    display = f"{DOCUMENTS}/{spec_id}.yaml"
    checked = check_draft(ws, spec_id, display, data, old, places or {})
    if data.get("kind") == PROPOSAL_KIND:
        explain_missing_list(ws, data, checked.problems)
    return spec_id, checked


def _new_id(st: AppState, data: dict[str, Any]) -> str:
    date = data.get("date")
    year = getattr(date, "year", None) or time.localtime().tm_year
    kind = str(data.get("kind") or "")
    type_id = data.get("type") or (_known_kind(kind) and _kind_type(kind)) or kind
    return new_spec_id(
        st.root / DOCUMENTS,
        str(type_id or "van-ban"),
        str(data.get("subject") or ""),
        int(year),
    )


async def _posted(
    request: Request, spec_id: str | None
) -> tuple[FormPage, Any, Workspace | None, User, str | None]:
    """The form as sent: its page (values, outline rows after the button pressed), the form,
    the workspace, the user and the file's text when it was opened."""
    user = await _clerk(request)
    st = app_state(request)
    ws = _loaded(st)
    form = await request.form()
    old: str | None = None
    kind = str(form.get("kind") or "document")
    if spec_id is not None:
        path = _spec_path(st, spec_id)
        old = path.read_text(encoding="utf-8")
        data_old, _ = load_text(old, f"{DOCUMENTS}/{path.name}")
        if isinstance(data_old, dict):
            _check_issuer(ws, user, str(data_old.get("issuer") or ""))
            kind = str(data_old.get("kind") or kind)
        if _issued(st, ws, spec_id) is not None:
            raise WebError(
                "Văn bản đã được cấp số nên không sửa được; muốn sửa, hãy ban hành văn bản "
                "đính chính, sửa đổi hoặc thay thế.",
                code="WEB-ISSUED",
                status=409,
            )
    fields = fields_of(kind if _known_kind(kind) else "document")
    draft = from_form(fields, form)
    _check_issuer(ws, user, str(draft.data.get("issuer") or ""))
    op = str(form.get("op") or "")
    if op.count("@") == 2:
        name, index, action = op.split("@")
        if name in draft.rows:
            try:
                at = int(index)
            except ValueError:
                at = -1
            widget = next((f.widget for f in every_field(fields) if f.name == name), "")
            if action == "add":
                new = "record" if widget == "records" else form.get(f"{name}@new") or "text"
                action = f"add:{new}"
            listed = widget in ("bases", "records")
            draft.rows[name] = (apply_basis if listed else apply)(draft.rows[name], at, action)
    values = to_form(fields, draft.data)
    values.rows = draft.rows
    page = FormPage(
        title=str(form.get("_title") or "Văn bản"),
        action=f"/documents/{spec_id}/edit" if spec_id else "/documents/new",
        fields=fields,
        values=values,
        spec_id=spec_id,
        opened_sha=str(form.get("_opened") or ""),
    )
    # the form's own texts stay as typed (a date "30/02/2025" is shown again, not lost)
    for f in every_field(fields):
        ticked = f.widget == "lines" and f.source  # several values: as read into the data
        if (
            f.widget not in ("group", "outline", "points", "bases", "records")
            and not ticked
            and f.name in form
        ):
            values.values[f.name] = str(form.get(f.name) or "")
    _fill_choices(page, ws, {**draft.data, "_id": spec_id}, user)
    return page, form, ws, user, old


async def save_document(request: Request) -> Response:
    spec_id = request.path_params.get("spec_id")
    page, form, ws, _user, old = await _posted(request, spec_id)
    st = app_state(request)
    op = str(form.get("op") or "")
    draft = from_form(page.fields, form, page.values.rows)
    target, checked = await run_in_threadpool(_check, st, ws, page, draft.data, old, draft.places)
    if op != "save":  # an outline button, Enter (check) or Xem trước: the form again
        if op in ("check", "preview"):
            page.problems = checked.problems
        if op == "preview":
            page.preview = await run_in_threadpool(_preview, st, ws, page, checked)
        return _page(request, page)
    page.problems = checked.problems
    if checked.problems:
        return _page(request, page, status=422)
    relpath = f"{DOCUMENTS}/{target}.yaml"
    await run_in_threadpool(
        save_data,
        st.root,
        relpath,
        checked.text,
        action="save" if spec_id else "create",
        opened_sha=page.opened_sha if spec_id else None,
    )
    st.workspace.forget()
    return RedirectResponse(f"/documents/{target}/edit?saved=1", 303)


# -- live checks and the preview ---------------------------------------------------------------


async def _checked_draft(request: Request) -> tuple[AppState, Workspace | None, FormPage, Checked]:
    """The posted form as a draft, checked as ``docgen validate`` checks a file."""
    spec_id = str((await _read_form(request)).get("_id") or "") or None
    page, form, ws, _user, old = await _posted(request, spec_id)
    st = app_state(request)
    draft = from_form(page.fields, form, page.values.rows)
    _, checked = await run_in_threadpool(_check, st, ws, page, draft.data, old, draft.places)
    return st, ws, page, checked


async def validate_draft(request: Request) -> Response:
    """The form's problems as ``docgen validate`` reports them: [{path, message, hint}]."""
    started = time.perf_counter()
    _st, _ws, page, checked = await _checked_draft(request)
    answer: dict[str, Any] = {
        "problems": [p.as_json() for p in checked.problems],
        "ms": round((time.perf_counter() - started) * 1000),
    }
    if page.nominees is not None:  # a proposal's list, as the form's body and year now say
        answer["nominees"] = {**asdict(page.nominees), "year": page.values.values.get("year")}
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})


class _NoRegister:
    """A workspace with no register yet: nothing is issued, so nothing can be cited by number
    (resolve_bases then says so, beside the basis)."""

    def get_by_spec(self, spec: str) -> None:
        return None


def _register_or_none(st: AppState, ws: Workspace) -> Any:
    try:
        return st.workspace.register(ws)
    except DocgenError:
        return _NoRegister()


def _preview(st: AppState, ws: Workspace | None, page: FormPage, checked: Checked) -> list[str]:
    """The draft's pages as images: rendered with the number blank, converted once by content;
    none while the form has problems (they are shown instead), or a problem of rendering."""
    if checked.spec is None or checked.problems or ws is None:
        return []
    spec_id = page.spec_id or "du-thao"
    draft_ws = with_draft(ws, spec_id, checked.spec, checked.source)
    try:
        data = render_draft(draft_ws, spec_id, _register_or_none(st, ws))
    except DocgenError as exc:
        checked.problems.append(Problem("", translate(exc.message), translate(exc.hint or "")))
        return []
    sha = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="docgen-draft-") as tmp:
        docx = Path(tmp) / "draft.docx"
        docx.write_bytes(data)
        pages = st.previews.pages(docx, sha)
    return [f"/pages/{sha}/{n}.png" for n in range(1, len(pages) + 1)]


async def preview_draft(request: Request) -> Response:
    """The draft's pages (JSON: their images), or its problems when it cannot be rendered."""
    started = time.perf_counter()
    st, ws, page, checked = await _checked_draft(request)
    pages = await run_in_threadpool(_preview, st, ws, page, checked)
    return JSONResponse(
        {
            "pages": pages,
            "problems": [p.as_json() for p in checked.problems],
            "ms": round((time.perf_counter() - started) * 1000),
        },
        headers={"Cache-Control": "no-store"},
    )


ROUTES = [
    Route("/documents/new", new_document, methods=["GET"]),
    Route("/documents/new", save_document, methods=["POST"]),
    Route("/documents/validate", validate_draft, methods=["POST"]),
    Route("/documents/preview", preview_draft, methods=["POST"]),
    Route("/documents/{spec_id}/edit", edit_document, methods=["GET"]),
    Route("/documents/{spec_id}/edit", save_document, methods=["POST"]),
]
