"""A campaign in a form: lists of points as lines of text, and the timeline's next year.

A list of points (purposes, a year's activities …) is edited as lines: one point a line, a line
starting with ``+`` a sub-point of the point above (as the plan prints them, "-" then "+").
A campaign's next year is its last year copied, with the dates written in it moved one year on.
"""

from __future__ import annotations

import calendar
import copy
import re
from typing import Any

SUB = "+"
# a point for one year only (``year:``), as the form writes it: "[2022] … trước ngày 30/9/2022"
_ONLY = re.compile(r"^\[(\d{4})\]\s*")

# dates of a year written in an activity: 30/9/2022, 30-9-2022, 9/2022, "ngày 30 tháng 9 năm
# 2022", "tháng 9 năm 2022", "năm 2022" (but not the "2022-2025" of a period, nor "2022-2023"
# of a school year, which name a span and not a day of that year)
_DMY = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\b")
_MY = re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{4})\b(?![/-]\d)")
_WORDS = re.compile(r"\b(năm)(\s+)(\d{4})\b(?!\s*[-–]\s*\d)", re.IGNORECASE)


def points_text(items: list[Any] | None) -> str:
    """A list of points as the form's lines."""
    lines: list[str] = []
    for item in items or []:
        if isinstance(item, dict):
            only = f"[{item['year']}] " if isinstance(item.get("year"), int) else ""
            lines.append(only + " ".join(str(item.get("text", "")).split()))
            lines.extend(f"{SUB} {' '.join(str(p).split())}" for p in item.get("points") or [])
        else:
            lines.append(" ".join(str(item).split()))
    return "\n".join(lines)


def points_of(text: str, before: list[Any] | None = None) -> list[Any]:
    """The form's lines as a list of points. A point written before keeps what the form does
    not show (the ``year:`` of a point for one year only), found by its text."""
    kept = {
        " ".join(str(item.get("text", "")).split()): item
        for item in before or []
        if isinstance(item, dict)
    }
    points: list[Any] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if line.startswith(SUB) and points:
            sub = line[len(SUB) :].strip()
            if not sub:
                continue
            last = points[-1]
            if not isinstance(last, dict):
                last = points[-1] = {"text": last, "points": []}
            last.setdefault("points", []).append(sub)
            continue
        line = line.lstrip(SUB).strip() if line.startswith(SUB) else line
        only = _ONLY.match(line)
        year = int(only.group(1)) if only else None
        line = line[only.end() :] if only else line
        earlier = kept.get(line)
        extra = {k: v for k, v in (earlier or {}).items() if k not in ("text", "points", "year")}
        if year is not None:
            extra["year"] = year
        points.append({"text": line, **extra} if extra else line)
    return [p if not (isinstance(p, dict) and list(p) == ["text"]) else p["text"] for p in points]


def _day(year: int, month: int, day: int) -> int:
    """The day in the next year: 29/02 of a leap year becomes 28/02."""
    if 1 <= month <= 12:
        return min(day, calendar.monthrange(year, month)[1])
    return day


def shift_dates(text: str, year: int) -> str:
    """``text`` with the dates of ``year`` written in it moved to the next year."""
    after = year + 1

    def dmy(m: re.Match[str]) -> str:
        day, sep, month, y = m.group(1), m.group(2), m.group(3), int(m.group(4))
        if y != year:
            return m.group(0)
        moved = _day(after, int(month), int(day))
        shown = str(moved).zfill(len(day)) if moved != int(day) else day
        return f"{shown}{sep}{month}{sep}{after}"

    def my(m: re.Match[str]) -> str:
        return f"{m.group(1)}/{after}" if int(m.group(2)) == year else m.group(0)

    def words(m: re.Match[str]) -> str:
        return f"{m.group(1)}{m.group(2)}{after}" if int(m.group(3)) == year else m.group(0)

    return _WORDS.sub(words, _MY.sub(my, _DMY.sub(dmy, text)))


def _shift_item(item: Any, year: int) -> Any:
    if isinstance(item, dict):
        moved = dict(item)
        moved["text"] = shift_dates(str(item.get("text", "")), year)
        if item.get("points"):
            moved["points"] = [shift_dates(str(p), year) for p in item["points"]]
        if moved.get("year") == year:
            moved["year"] = year + 1
        return moved
    return shift_dates(str(item), year)


def _text_of(item: Any) -> str:
    if isinstance(item, dict):
        return " ".join([str(item.get("text", "")), *map(str, item.get("points") or [])])
    return str(item)


def split_dated(items: list[Any] | None, year: int) -> list[Any] | None:
    """A list of points for the plans of ``year`` and of the next: a point for every year that
    names a date of ``year`` ("báo cáo trước ngày 15/11/2026") becomes that year's point, followed
    by its copy for the next year with the date moved (a plan must not carry another year's
    date: DATA-PLAN-DATE)."""
    if not items:
        return items
    out: list[Any] = []
    for item in items:
        dated = not (isinstance(item, dict) and item.get("year") is not None)
        if dated and shift_dates(_text_of(item), year) != _text_of(item):
            this = dict(item) if isinstance(item, dict) else {"text": item}
            out.append({**this, "year": year})
            out.append({**_shift_item(this, year), "year": year + 1})
        else:
            out.append(item)
    return out


def split_dated_units(units: list[Any] | None, year: int) -> list[Any] | None:
    """``split_dated`` on the tasks of every unit of a campaign's responsibilities."""
    for unit in units or []:
        if isinstance(unit, dict):
            if unit.get("tasks"):
                unit["tasks"] = split_dated(unit["tasks"], year)
            split_dated_units(unit.get("units"), year)
    return units


def add_next_year(data: dict[str, Any]) -> int | None:
    """Add to a campaign's data the year after its timeline's last, its activities copied from
    the last year's with their dates moved one year on; the period is lengthened to hold it.
    Returns the year added (None: the campaign has no timeline to copy)."""
    timeline = data.get("timeline")
    if not isinstance(timeline, list) or not timeline:
        return None
    years = [e for e in timeline if isinstance(e, dict) and isinstance(e.get("year"), int)]
    if not years:
        return None
    last = max(years, key=lambda e: e["year"])
    year = int(last["year"])
    entry = copy.deepcopy(last)
    entry["year"] = year + 1
    entry["activities"] = [_shift_item(a, year) for a in last.get("activities") or []]
    timeline.append(entry)
    period = data.get("period")
    if isinstance(period, dict) and isinstance(period.get("end"), int) and period["end"] <= year:
        period["end"] = year + 1
    for key in ("purposes", "requirements"):
        data[key] = split_dated(data.get(key), year)
    content = data.get("content")
    if isinstance(content, dict):
        for key in ("collective", "individual"):
            content[key] = split_dated(content.get(key), year)
    split_dated_units(data.get("responsibilities"), year)
    return year + 1
