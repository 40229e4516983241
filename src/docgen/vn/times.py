"""Moments as a Vietnamese office reads them: "08:30 ngày 07/12/2026", in the office's time."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# The office's zone: Vietnam (UTC+7 all year) unless DOCGEN_TIMEZONE names another.
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
_VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


@cache
def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return _VIETNAM  # no tz database, or a misspelt name: Vietnam's fixed offset


def office_zone() -> dt.tzinfo:
    """The zone the office's clocks show (``DOCGEN_TIMEZONE``, else Asia/Ho_Chi_Minh)."""
    return _zone(os.environ.get("DOCGEN_TIMEZONE", "").strip() or DEFAULT_ZONE)


def local_moment(value: str | float | dt.datetime) -> dt.datetime:
    """``value`` (an ISO 8601 time as the register stores it, a POSIX timestamp, or a
    datetime; one without a zone is UTC) in the office's zone."""
    if isinstance(value, str):
        moment = dt.datetime.fromisoformat(value)
    elif isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.fromtimestamp(value, dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(office_zone())


def moment_text(value: str | float | dt.datetime | None, *, seconds: bool = False) -> str:
    """``08:30 ngày 07/12/2026`` (with ``seconds``: ``08:30:22 ngày 07/12/2026``); a text
    that is no time is shown as it is, nothing as an empty text."""
    if value is None or value == "":
        return ""
    try:
        moment = local_moment(value)
    except ValueError:
        return str(value)
    return moment.strftime("%H:%M:%S ngày %d/%m/%Y" if seconds else "%H:%M ngày %d/%m/%Y")
