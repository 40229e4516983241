"""Finding things in a list page: the filters of its address (GET, so a view can be bookmarked),
the issuers of the signed-in clerk first, paging."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar
from urllib.parse import urlencode

from docgen.vn.collation import sort_key
from docgen.web.users import User

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 1), how many pages, how many items."""

    items: list[T]
    number: int
    pages: int
    total: int
    first: int  # the position of its first item in the whole list (from 1)

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1


def paginate(items: list[T], number: int, size: int) -> Page[T]:
    """Page ``number`` of ``items`` (the last one when beyond), ``size`` items a page."""
    pages = max(1, ceil(len(items) / size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(items[start : start + size], number, pages, len(items), start + 1)


def whole_number(value: object) -> int | None:
    """A number typed in a filter ("2024", " 3 "), or None for anything else."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def choice(value: object, allowed: Iterable[str], default: str = "") -> str:
    """The value of a select, or ``default`` when it is not one of its options."""
    text = str(value or "")
    return text if text in set(allowed) else default


def link(path: str, params: Mapping[str, object], **changes: object) -> str:
    """The address of ``path`` with the filters ``params`` (empty ones left out), some changed:
    the links of the pages and the sorting keep what the clerk chose."""
    merged = {**params, **changes}
    kept = {k: str(v) for k, v in merged.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


@dataclass(frozen=True)
class IssuerOption:
    id: str
    name: str
    own: bool  # the signed-in clerk acts for it


def issuer_options(names: Mapping[str, str], user: User | None) -> list[IssuerOption]:
    """The issuers by their names: the clerk's own first (when she has some and not all), then
    the others, each group in Vietnamese order."""
    own_only = user is not None and not user.all_issuers
    options = [
        IssuerOption(ident, name or ident, own_only and user is not None and user.acts_for(ident))
        for ident, name in names.items()
    ]
    return sorted(options, key=lambda o: (not o.own, sort_key(o.name), o.id))


def page_of(items: list[T], params: Mapping[str, str], size: int) -> Page[T]:
    """The page of ``items`` the address asks for (``page=``; the first otherwise)."""
    return paginate(items, whole_number(params.get("page")) or 1, size)
