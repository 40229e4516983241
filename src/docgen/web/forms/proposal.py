"""A new award proposal (Tờ trình đề nghị khen thưởng) in the form: its first data, and the
nominee list that goes with it (data/proposals/<year>/<body>.yaml), edited in the grid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from docgen.data.workspace import Workspace

# the kind a new document of type Tờ trình is made as when it proposes awards
PROPOSAL_KIND = "proposal"
# the data of the generic Tờ trình that a proposal has no field for
_NOT_PROPOSAL = ("type", "body", "unit", "bases", "proposed_by")


def proposal_data(ws: Workspace | None, issuer: Any, first: dict[str, Any]) -> dict[str, Any]:
    """A proposal of ``issuer``'s own body, from a Tờ trình's first data (its date, number,
    signature, recipients): the year of its date, the campaign running that year; the award
    and the list left for the clerk to choose and fill."""
    data = {k: v for k, v in first.items() if k not in _NOT_PROPOSAL}
    date = data.get("date")
    year = date.year if isinstance(date, dt.date) else dt.date.today().year
    data["kind"] = PROPOSAL_KIND
    data["subject"] = "về việc đề nghị tặng …"
    data["year"] = year
    data["school"] = _own_body(ws, issuer)
    data["campaign"] = _running(ws, year)
    data["award"] = ""
    data["addressee"] = ""
    data["intro"] = ""
    return data


def _own_body(ws: Workspace | None, issuer: Any) -> str:
    """The school of the issuer's name, else the issuer itself (an issuer is a body too)."""
    if ws is not None and ws.schools is not None:
        for key, school in ws.schools.schools.items():
            if school.name == issuer.name:
                return str(key)
    return str(issuer.id)


def _running(ws: Workspace | None, year: int) -> str:
    if ws is None:
        return ""
    for key, campaign in ws.campaigns.items():
        period = getattr(campaign, "period", None)
        if period is not None and period.start <= year <= period.end:
            return str(key)
    return ""


@dataclass(frozen=True)
class NomineeList:
    """The list a proposal form attaches: where it is edited, and what it holds now."""

    url: str
    exists: bool
    collectives: int = 0
    individuals: int = 0


def nominee_list(ws: Workspace | None, values: dict[str, str]) -> NomineeList | None:
    """The list of the form's body and year (None until both are chosen); its grid opened
    with the form's campaign, award and date as the list's own when it is new."""
    year, school = values.get("year", "").strip(), values.get("school", "").strip()
    if not year or not school:
        return None
    head = {k: values.get(k, "").strip() for k in ("campaign", "award", "date")}
    query = urlencode({k: v for k, v in head.items() if v})
    url = f"/proposals/{year}/{school}/edit" + (f"?{query}" if query else "")
    found = None
    if ws is not None:
        found = next(
            (p for p in ws.proposals.values() if p.school == school and str(p.year) == year),
            None,
        )
    if found is None:
        return NomineeList(url, False)
    return NomineeList(url, True, len(found.collectives), len(found.individuals))


def explain_missing_list(ws: Workspace | None, data: dict[str, Any], problems: list[Any]) -> None:
    """The check's "no proposal data of 'lao-cai' … (a file of data/proposals/2025/ …)", beside
    the body, said as the form lets the clerk act on it when the body has no list that year."""
    year, school = str(data.get("year") or ""), str(data.get("school") or "")
    found = nominee_list(ws, {"year": year, "school": school})
    if found is None or found.exists:
        return
    for problem in problems:
        if problem.path == "school" and "data/proposals/" in problem.message:
            problem.message = f"Đơn vị chưa có danh sách đề nghị khen thưởng năm {year}."
            problem.hint = "bấm “Lập danh sách” ở dưới, dán danh sách chép từ Excel rồi bấm Lưu."
