"""The register's log as a page: who did what, when, to which document, and why."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.register.log import ACTION_NAMES
from docgen.web import auth
from docgen.web.pages import app_state, render

# the acts the log records, as the page's choice list names them
ACTIONS = ACTION_NAMES


def _day(text: str | None) -> dt.date | None:
    """A day written dd/mm/yyyy or yyyy-mm-dd (what a date input sends); anything else: none."""
    value = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _int(text: str | None) -> int | None:
    value = (text or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


async def log_page(request: Request) -> Response:
    await auth.authorize(request, "view")
    st = app_state(request)
    q = request.query_params
    since, until = _day(q.get("since")), _day(q.get("until"))
    action = q.get("action") if q.get("action") in ACTIONS else None
    actor = (q.get("actor") or "").strip()[:80] or None
    document = (q.get("document") or "").strip()[:200] or None
    before = _int(q.get("before"))
    rows_per_page = st.limits.log_page_rows
    ws = st.workspace.load().ws
    # one row more than a page: whether there are older acts to show on the next page
    rows = await run_in_threadpool(
        lambda: st.workspace.register(ws).log(
            since, until, action, actor, document, limit=rows_per_page + 1, before=before
        )
    )
    older = None
    if len(rows) > rows_per_page:
        rows = rows[1:]
        kept = {k: v for k, v in q.items() if k != "before" and v}
        older = "/register/log?" + urlencode({**kept, "before": rows[0].id})
    return render(
        request,
        "log.html",
        rows=list(reversed(rows)),  # the newest first on the page
        actions=ACTIONS,
        since=since,
        until=until,
        action=action,
        actor=actor,
        document=document,
        older=older,
        paged=before is not None,
    )


ROUTES = [Route("/register/log", log_page)]
