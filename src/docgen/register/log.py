"""Reading the register's audit log: who did what, when, to which document, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docgen.output import csv_text
from docgen.register.base import RegisterBase
from docgen.vn.times import local_moment

# Vietnam keeps UTC+7 all year (no summer time since 1975): the clerk's days and hours.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")

# the acts the log records, by their Vietnamese names (the web page's list, the CLI's lines)
ACTION_NAMES = {
    "init": "Lập sổ",
    "issue": "Cấp số",
    "rebuild": "Tạo lại",
    "void": "Hủy số",
    "withdraw": "Rút tệp đã hủy",
    "correct": "Đính chính, sửa đổi, thay thế",
    "release": "Trả lại số sổ vàng",
    "build": "Tạo văn bản",
    "certificates": "In bằng",
    "sign": "Ký số",
    "import": "Nhập danh sách",
    "user": "Người dùng",
    "backup": "Sao lưu",
    "migrate": "Nâng cấp sổ",
}

_LOG_COLUMNS = "id, at, actor, action, workspace, entry, symbol, spec, detail, reason"


@dataclass(frozen=True)
class LogRow:
    """One act recorded in the register's log."""

    id: int
    at: str  # when, as stored: UTC, ISO 8601 (2026-12-07T13:55:40+00:00)
    actor: str  # the OS user (lan@may-van-thu) or the web user (web:lan)
    action: str  # init, issue, rebuild, void, build, certificates, import, user, backup, migrate
    workspace: str  # the workspace's identity; '' for an act on the whole register
    entry: int | None
    symbol: str | None  # the document's number, when the act concerns one
    spec: str | None  # the document's spec (or the file the act read or wrote)
    detail: str
    reason: str | None  # why, where a reason was given (a void's)

    @property
    def when(self) -> dt.datetime:
        """The time in the office (Vietnam, unless DOCGEN_TIMEZONE says otherwise)."""
        return local_moment(self.at)

    @property
    def when_text(self) -> str:
        """``07/12/2026 20:55:40``, Vietnam time."""
        return self.when.strftime("%d/%m/%Y %H:%M:%S")

    @property
    def document(self) -> str:
        """Which document: its number and its spec, as far as known."""
        parts = [p for p in (self.symbol, self.spec) if p]
        if len(parts) == 2:
            return f"{parts[0]} ({parts[1]})"
        return parts[0] if parts else ""


def _utc(moment: dt.date | dt.datetime, *, end_of_day: bool = False) -> str:
    """A bound for the stored times: a day is a Vietnam day (its start, or the next day's
    start with ``end_of_day``); a datetime without a zone is Vietnam time."""
    if not isinstance(moment, dt.datetime):
        day = moment + dt.timedelta(days=1) if end_of_day else moment
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=VIETNAM)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


class LogBook(RegisterBase):
    """The audit log as read: every act on the register, oldest first."""

    def log(
        self,
        since: dt.date | dt.datetime | None = None,
        until: dt.date | dt.datetime | None = None,
        action: str | None = None,
        actor: str | None = None,
        symbol: str | None = None,
        limit: int | None = None,
        before: int | None = None,
    ) -> list[LogRow]:
        """The acts recorded, newest last: from the day ``since`` to the day ``until`` (both
        included, Vietnam days), of one ``action``, by an ``actor`` whose name contains the
        text given, about one document (its number or its spec). ``limit``: only the newest
        ones; ``before``: only those older than the row of that id (the page before).

        A register opened for a workspace reads that workspace's acts and the register's own
        ones (init, backup, migrate); another workspace's are not shown."""
        query = f"SELECT {_LOG_COLUMNS} FROM log WHERE 1 = 1"
        params: list[Any] = []
        if self.workspace:
            query += " AND workspace IN (?, '')"
            params.append(self.workspace)
        if since is not None:
            query += " AND at >= ?"
            params.append(_utc(since))
        if until is not None:
            if isinstance(until, dt.datetime):
                query += " AND at <= ?"
                params.append(_utc(until))
            else:
                query += " AND at < ?"
                params.append(_utc(until, end_of_day=True))
        if action:
            query += " AND action = ?"
            params.append(action)
        if actor:
            escaped = actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query += " AND LOWER(actor) LIKE ? ESCAPE '\\'"
            params.append(f"%{escaped}%")
        if symbol:
            query += " AND (symbol = ? OR spec = ?)"
            params += [symbol, symbol]
        if before is not None:
            query += " AND id < ?"
            params.append(before)
        query += " ORDER BY id DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(max(0, int(limit)))
        with self._connect() as conn, self._translated("reading its log"):
            rows = self._exec(conn, query, params).fetchall()
        return [LogRow(*row) for row in reversed(rows)]


# A cell an Excel user opens must stay text: these first characters start a formula there.

LOG_HEADERS = ("time", "who", "what", "document", "detail", "why")


def log_cells(row: LogRow) -> list[str]:
    """A row as the clerk reads it: Vietnam time, who, what, which document, detail, why."""
    return [
        row.when_text,
        row.actor,
        row.action,
        row.document,
        row.detail,
        row.reason or "",
    ]


def log_csv(rows: list[LogRow], headers: list[str] | None = None) -> str:
    """The log as CSV text (header row first, no BOM), every cell safe to open in Excel."""
    return csv_text(headers or list(LOG_HEADERS), (log_cells(row) for row in rows))
