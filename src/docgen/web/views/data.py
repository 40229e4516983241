"""The workspace's data: its problems beside the lines of the files, campaigns, decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.awards.specs import AwardDecisionSpec
from docgen.errors import Diagnostic
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.finding import link, page_of
from docgen.web.pages import app_state, loaded_ws, render, spec_or_404
from docgen.web.views.certificates import certificate_specs


def _source_view(root: Path, problems: list[Diagnostic]) -> list[dict[str, Any]]:
    """Each data file with problems: its lines around each problem, the message beside."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in problems:
        by_file.setdefault(d.location.file if d.location else "", []).append(d)
    data_dir = (root / "data").resolve()
    files = []
    for shown, found in by_file.items():
        lines: list[str] = []
        path = (root / shown).resolve() if shown else None
        if path is not None and data_dir in path.parents and path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        marks: dict[int, list[Diagnostic]] = {}
        loose = []
        for d in found:
            line = d.location.line if d.location else None
            if line and 1 <= line <= len(lines):
                marks.setdefault(line, []).append(d)
            else:
                loose.append(d)
        show: set[int] = set()
        for line in marks:
            show.update(range(max(1, line - 2), min(len(lines), line + 2) + 1))
        rows = []
        previous = 0
        for number in sorted(show):
            rows.append(
                {
                    "gap": number > previous + 1 and previous > 0,
                    "number": number,
                    "text": lines[number - 1],
                    "problems": marks.get(number, []),
                }
            )
            previous = number
        files.append({"file": shown or "(không rõ tệp)", "rows": rows, "loose": loose})
    return files


async def data_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    loaded = st.workspace.load()
    problems = loaded.problems
    return render(
        request,
        "data.html",
        problems=problems,
        files=_source_view(st.root, problems),
        ws=loaded.ws,
    )


# -- campaigns and decisions ------------------------------------------------------------------


async def campaigns_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    ws = loaded_ws(request)
    return render(request, "campaigns.html", campaigns=list(ws.campaigns.values()), ws=ws)


async def campaign_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    campaign = ws.campaigns.get(request.path_params["campaign_id"])
    if campaign is None:
        raise WebError("Không có phong trào này.", code="WEB-NOT-FOUND", status=404)
    rows = [
        r
        for r in await run_in_threadpool(st.workspace.documents, ws)
        if getattr(ws.specs[r.spec_id], "campaign", None) == campaign.id
    ]
    proposals = sorted(
        ((display, p) for display, p in ws.proposals.items() if p.campaign == campaign.id),
        key=lambda item: (item[1].year, item[1].school),
    )
    bodies = {p.school: ws.body(p.school) for _, p in proposals}
    schools = {key: body for key, body in bodies.items() if body is not None}
    return render(
        request,
        "campaign.html",
        campaign=campaign,
        rows=rows,
        proposals=proposals,
        schools=schools,
        decisions={s for s, spec in ws.specs.items() if isinstance(spec, AwardDecisionSpec)},
    )


async def decision_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
    spec = ws.specs[spec_id]
    if not isinstance(spec, AwardDecisionSpec):
        raise WebError(
            "Văn bản này không phải quyết định khen thưởng.", code="WEB-NOT-FOUND", status=404
        )
    # one list per award of the decision; long lists a page at a time
    parts = await run_in_threadpool(st.workspace.awarded, ws, spec_id)
    size = st.limits.award_page_rows
    page = page_of(
        list(range(max((len(d.collectives) + len(d.individuals) for d in parts), default=0))),
        request.query_params,
        size,
    )
    start = page.first - 1
    shown = []
    for data in parts:  # a part's rows: its collectives, then its individuals
        first = max(0, start - len(data.collectives))
        last = max(0, start + size - len(data.collectives))
        shown.append(
            (
                data,
                data.collectives[start : start + size],
                start,
                data.individuals[first:last],
                first,
            )
        )
    rows = await run_in_threadpool(st.workspace.documents, ws)
    row = next(r for r in rows if r.spec_id == spec_id)
    return render(
        request,
        "decision.html",
        spec=spec,
        row=row,
        parts=parts,
        shown=shown,
        page=page,
        link=lambda **changes: link(f"/decisions/{spec_id}", {}, **changes),
        certificates=certificate_specs(st, ws, spec_id),
        campaign=ws.campaigns.get(getattr(spec, "campaign", None) or ""),
    )


ROUTES = [
    Route("/data", data_page),
    Route("/campaigns", campaigns_page),
    Route("/campaigns/{campaign_id}", campaign_page),
    Route("/decisions/{spec_id}", decision_page),
]
