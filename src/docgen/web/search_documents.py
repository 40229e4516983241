"""The documents page's search: text without tones, type, issuer, year, status, sorting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docgen.vn.collation import sort_key
from docgen.vn.search import matches
from docgen.web.finding import choice, whole_number
from docgen.web.state import DocumentRow
from docgen.web.users import User

DOCUMENT_STATUSES = {
    "issued": "Đã cấp số",
    "unissued": "Chưa cấp số",
    "invalid": "Dữ liệu lỗi",
}
DOCUMENT_SORTS = {
    "date_desc": "Ngày (mới trước)",
    "date": "Ngày (cũ trước)",
    "type": "Loại văn bản",
    "subject": "Trích yếu",
    "number": "Số, ký hiệu",
}


def _status_of(row: DocumentRow) -> str:
    if row.status == "invalid":
        return "invalid"
    return "issued" if row.symbol else "unissued"


def _order(sort: str, user: User | None) -> Any:
    mine_first = user is not None and not user.all_issuers

    def key(row: DocumentRow) -> tuple[Any, ...]:
        own = not (mine_first and user is not None and user.acts_for(row.issuer))
        day = row.day.toordinal() if row.day is not None else 0
        kind, subject = sort_key(row.kind), sort_key(row.subject)
        if sort == "date":
            return (own, row.day is None, day, kind, row.spec_id)
        if sort == "type":
            return (own, kind, -day, subject, row.spec_id)
        if sort == "subject":
            return (own, subject, kind, row.spec_id)
        if sort == "number":
            return (own, row.symbol is None, sort_key(row.symbol or ""), row.spec_id)
        return (own, -day, kind, row.spec_id)

    return key


def find_documents(
    rows: list[DocumentRow], params: Mapping[str, str], user: User | None
) -> tuple[list[DocumentRow], dict[str, str]]:
    """The rows the filters of the page's address keep, in its order (the clerk's own issuers
    first), and the filters as understood (for the form and the links)."""
    year = whole_number(params.get("year"))
    filters = {
        "q": str(params.get("q") or "").strip()[:200],
        "type": choice(params.get("type"), {r.kind for r in rows}),
        "issuer": choice(params.get("issuer"), {r.issuer for r in rows}),
        "year": str(year) if year is not None else "",
        "status": choice(params.get("status"), DOCUMENT_STATUSES),
        "sort": choice(params.get("sort"), DOCUMENT_SORTS, "date_desc"),
    }
    kept = [
        r
        for r in rows
        if (not filters["type"] or r.kind == filters["type"])
        and (not filters["issuer"] or r.issuer == filters["issuer"])
        and (year is None or (r.day is not None and r.day.year == year))
        and (not filters["status"] or _status_of(r) == filters["status"])
        and matches(filters["q"], r.kind, r.subject, r.symbol or "", r.spec_id)
    ]
    kept.sort(key=_order(filters["sort"], user))
    return kept, filters
