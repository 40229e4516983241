"""A campaign edited in the browser: its fields, its lists of points, its timeline year by year
and the next year added; saved over the file's text as the nominee lists are (views.lists)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.data.history import sha_of
from docgen.data.loader import Source, load_text
from docgen.data.models import Campaign
from docgen.data.roundtrip import updated_text
from docgen.data.timeline import check_timeline
from docgen.data.workspace import Workspace, validate
from docgen.errors import Diagnostic, Problems
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.pages import app_state, render
from docgen.web.saving import save_data
from docgen.web.timeline_edit import add_next_year, points_of, points_text, split_dated_units
from docgen.web.users import User
from docgen.web.views.lists import edit_form, edit_limits, form_text

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

# the fields of a campaign written as lists of points, with their labels
POINT_FIELDS = {
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "content.collective": "Nội dung thi đua đối với tập thể",
    "content.individual": "Nội dung thi đua đối với cá nhân",
}


def _campaign_file(root: Path, campaign_id: str) -> tuple[str, str, dict[str, Any]]:
    """The campaign's file (display path), its text and data, found by the ``id`` it holds."""
    if not _ID.match(campaign_id):
        raise WebError("Không có phong trào này.", code="WEB-NOT-FOUND", status=404)
    for path in sorted((root / "data" / "campaigns").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data, _ = load_text(text, path.name)
        if isinstance(data, dict) and data.get("id") == campaign_id:
            return f"data/campaigns/{path.name}", text, data
    # a campaign whose id does not read (the data page links to its file by name)
    path = root / "data" / "campaigns" / f"{campaign_id}.yaml"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        data, _ = load_text(text, path.name)
        if isinstance(data, dict):
            return f"data/campaigns/{path.name}", text, data
    raise WebError("Không có phong trào này.", code="WEB-NOT-FOUND", status=404)


def _check_campaign_user(user: User, ws: Workspace | None, campaign_id: str) -> None:
    if user.all_issuers:
        return
    issuers = (
        {s.issuer for s in ws.specs.values() if getattr(s, "campaign", None) == campaign_id}
        if ws is not None
        else set()
    )
    if any(user.acts_for(i) for i in issuers):
        return
    raise WebError(
        f"Phong trào này thuộc văn bản của: {', '.join(sorted(issuers)) or 'chưa có văn bản nào'}"
        f"; tài khoản {user.name} chỉ làm việc cho: {user.issuers_label}. "
        "Hãy nhờ người quản trị cấp quyền cho cơ quan này.",
        code="WEB-ISSUER",
        status=403,
    )


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _put(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _campaign_form(data: dict[str, Any]) -> dict[str, Any]:
    """What the form shows of a campaign's data."""
    found = data.get("period")
    period: dict[str, Any] = found if isinstance(found, dict) else {}
    return {
        "name": str(data.get("name") or ""),
        "start": str(period.get("start", "")),
        "end": str(period.get("end", "")),
        "bases": "\n".join(" ".join(str(b).split()) for b in data.get("bases") or []),
        "points": {k: points_text(_get(data, k)) for k in POINT_FIELDS},
        "timeline": [
            {"year": e.get("year"), "activities": points_text(e.get("activities"))}
            for e in data.get("timeline") or []
            if isinstance(e, dict)
        ],
        "timeline_note": str(data.get("timeline_note") or ""),
        "contact": " ".join(str(data.get("contact") or "").split()),
    }


def _year(text: str) -> int | str:
    text = text.strip()
    return int(text) if text.isdigit() else text


def _campaign_data(form: FormData, old: dict[str, Any], most: int) -> dict[str, Any]:
    """The campaign's data with the form's fields: what the form does not show (the awards,
    the units and their tasks) stays as the file has it."""
    data = copy.deepcopy(old)
    data["name"] = " ".join(form_text(form, "name", most).split())
    period = old.get("period")
    data["period"] = {
        **(period if isinstance(period, dict) else {}),
        "start": _year(form_text(form, "start", 10)),
        "end": _year(form_text(form, "end", 10)),
    }
    bases = [" ".join(b.split()) for b in form_text(form, "bases", most).splitlines() if b.strip()]
    data["bases"] = bases or None
    for key in POINT_FIELDS:
        _put(data, key, points_of(form_text(form, key, most), _get(old, key)))
    before = {e.get("year"): e for e in old.get("timeline") or [] if isinstance(e, dict)}
    timeline = []
    for year_text, activities in zip(
        form.getlist("tyear"), form.getlist("tactivities"), strict=False
    ):
        year = _year(str(year_text))
        if not str(year_text).strip():
            continue
        earlier = before.get(year, {})
        timeline.append(
            {
                **earlier,
                "year": year,
                "activities": points_of(str(activities)[:most], earlier.get("activities")),
            }
        )
    data["timeline"] = timeline
    note = " ".join(form_text(form, "timeline_note", most).split())
    data["timeline_note"] = note or None
    # the units' tasks are not in the form: a next year added splits their dated points again
    next_from = str(form.get("next_from") or "")
    if next_from.isdigit():
        split_dated_units(data.get("responsibilities"), int(next_from))
    contact = " ".join(form_text(form, "contact", most).split())
    data["contact"] = contact or None
    return data


def _check_campaign(text: str, display: str) -> list[tuple[str, Diagnostic]]:
    """The campaign's problems as ``docgen validate`` reports them, each with the part of
    the form it is about (a field's label, or the year of the timeline)."""
    data, found = load_text(text, display)
    source = Source(Path(display), display, data, text.encode("utf-8"))
    problems = Problems()
    problems.extend(found)
    warnings: list[Diagnostic] = []
    if not found:
        campaign, errors = validate(Campaign, source, data)
        problems.extend(errors)
        if campaign is not None:
            warnings = check_timeline(campaign, source, problems)
    labels = {
        "name": "Tên phong trào",
        "period": "Giai đoạn",
        "bases": "Căn cứ",
        "purposes": POINT_FIELDS["purposes"],
        "requirements": POINT_FIELDS["requirements"],
        "content": "Nội dung thi đua",
        "timeline_note": "Ghi chú tiến độ",
        "contact": "Đầu mối liên hệ",
        "timeline": "Tiến độ",
    }
    places: list[tuple[int, str]] = []
    if isinstance(data, dict):
        for key in data:
            places.append((source.locate((key,), key=True).line or 0, labels.get(key, str(key))))
        for i, entry in enumerate(data.get("timeline") or []):
            if isinstance(entry, dict):
                line = source.locate(("timeline", i)).line or 0
                places.append((line, f"Tiến độ năm {entry.get('year')}"))
    places.sort()
    shown = []
    for d in [*problems.items, *warnings]:
        line = d.location.line if d.location and d.location.line else 0
        label = ""
        for start, name in places:
            if start <= line:
                label = name
        shown.append((label, d))
    return shown


async def campaign_edit(request: Request) -> Response:
    user = await auth.authorize(request, "import")
    st = app_state(request)
    campaign_id = request.path_params["campaign_id"]
    display, text, data = _campaign_file(st.root, campaign_id)
    _check_campaign_user(user, st.workspace.load().ws, campaign_id)
    return render(
        request,
        "campaign_edit.html",
        campaign_id=campaign_id,
        display=display,
        form=_campaign_form(data),
        point_fields=POINT_FIELDS,
        opened_sha=sha_of(text),
        problems=[],
        notes=[],
        next_from="",
    )


async def campaign_post(request: Request) -> Response:
    form = await edit_form(request)
    user = await auth.authorize(request, "import")
    st = app_state(request)
    campaign_id = request.path_params["campaign_id"]
    display, old_text, old = _campaign_file(st.root, campaign_id)
    _check_campaign_user(user, st.workspace.load().ws, campaign_id)
    opened = str(form.get("opened_sha") or "")
    action = str(form.get("action") or "check")
    data = _campaign_data(form, old, edit_limits()["edit_cell_chars"])
    notes = []
    next_from = str(form.get("next_from") or "")
    if action == "next_year" and next_from:
        notes.append("Mỗi lần chỉ thêm được một năm; hãy Lưu rồi thêm năm tiếp theo.")
    elif action == "next_year":
        added = add_next_year(data)
        if added is not None:
            next_from = str(added - 1)
            notes.append(
                f"Đã thêm năm {added}, chép từ năm {added - 1} với các ngày tháng chuyển sang "
                f"năm {added}; một ý có ngày tháng của năm {added - 1} được tách thành ý của "
                f"năm {added - 1} và ý của năm {added}. Hãy xem lại rồi bấm Lưu."
            )
    text = updated_text(old_text, {k: v for k, v in data.items() if v is not None}, display)
    problems = await run_in_threadpool(_check_campaign, text, display)
    errors = [p for p in problems if p[1].severity.value == "error"]
    saved = False
    if action == "save" and not errors:
        opened = await run_in_threadpool(
            lambda: save_data(st.root, display, text, action="save", opened_sha=opened)
        )
        saved = True
        loaded = await run_in_threadpool(st.workspace.load)
        problems += [("", d) for d in loaded.problems_in(display)]
    elif action == "check" and not errors:
        notes.append("Không thấy lỗi; bấm Lưu để ghi.")
    return render(
        request,
        "campaign_edit.html",
        status=422 if errors and action in ("save", "check") else 200,
        campaign_id=campaign_id,
        display=display,
        form=_campaign_form(data),
        point_fields=POINT_FIELDS,
        opened_sha=opened,
        problems=problems,
        notes=notes,
        saved=saved,
        next_from="" if saved else next_from,
    )


ROUTES = [
    Route("/campaigns/{campaign_id}/edit", campaign_edit, methods=["GET"]),
    Route("/campaigns/{campaign_id}/edit", campaign_post, methods=["POST"]),
]
