"""Builds started from the browser: one at a time per workspace, run in the background, with
progress the pages can poll. A second build asked meanwhile is shown the running one."""

from __future__ import annotations

import contextvars
import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError
from docgen.vn.times import moment_text
from docgen.web.errors import WebError

log = logging.getLogger("docgen.web")


@dataclass
class Job:
    """One build (all documents, one document, or a decision's certificates)."""

    id: int
    title: str  # "Tạo tất cả văn bản", "Tạo văn bản ke-hoach-2024"…
    user: str
    started: float = field(default_factory=time.time)
    total: int = 0
    done: int = 0
    lines: list[str] = field(default_factory=list)  # what was written, in order
    errors: list[str] = field(default_factory=list)  # what failed, with file:line
    notes: list[str] = field(default_factory=list)  # warnings: an issued document kept as issued
    finished: float | None = None
    seconds: float | None = None

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def started_text(self) -> str:
        return moment_text(self.started, seconds=True)  # the office's time, not the server's

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "user": self.user,
            "started": self.started_text,
            "total": self.total,
            "done": self.done,
            "lines": self.lines,
            "errors": self.errors,
            "notes": self.notes,
            "running": self.running,
            "seconds": None if self.seconds is None else round(self.seconds, 2),
        }


class Busy(WebError):
    """A build is already running in this workspace."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            f"Đang có một lần tạo văn bản chạy ({holder}); hãy chờ nó xong rồi làm lại.",
            code="WEB-BUSY",
            status=409,
        )


def _holder(fd: int) -> dict[str, Any]:
    """What the lock file says about the build holding it."""
    try:
        raw = os.pread(fd, 4096, 0).decode("utf-8", "replace")
        info = json.loads(raw) if raw else {}
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


class BuildManager:
    """The workspace's one build lock: a lock in this process and a lock file, so that two
    servers started on the same workspace do not build at once either."""

    def __init__(self, lock_file: Path) -> None:
        self.lock_file = lock_file
        self._lock = threading.Lock()
        self._counter = 0
        self.current: Job | None = None  # running, or the last one finished
        self.history: list[Job] = []

    def running(self) -> Job | None:
        """The build running now: this server's, or another server's on the same workspace
        (known from its lock file: what, who and since when, not its progress)."""
        current = self.current
        if current is not None and current.running:
            return current
        try:
            fd = os.open(self.lock_file, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            info = _holder(fd)
            job = Job(0, info.get("title", "Tạo văn bản"), info.get("user", "?"))
            job.started = float(info.get("started", job.started))
            return job
        finally:
            os.close(fd)
        return None

    def _take_file_lock(self, job: Job) -> int:
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            info = _holder(fd)
            os.close(fd)
            if not info:
                raise Busy("của một máy chủ docgen khác") from None
            raise Busy(f"{info.get('title')} của {info.get('user')}") from None
        os.ftruncate(fd, 0)
        info = {"title": job.title, "user": job.user, "pid": os.getpid(), "started": job.started}
        os.pwrite(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"), 0)
        return fd

    def start(
        self,
        title: str,
        user: str,
        work: Callable[[Job], None],
        *,
        background: bool = True,
    ) -> Job:
        """Run ``work(job)`` holding the lock; raise Busy when a build is running."""
        with self._lock:
            if self.current is not None and self.current.running:
                running = self.current
                raise Busy(f"{running.title} của {running.user}, từ {running.started_text}")
            self._counter += 1
            job = Job(self._counter, title, user)
            fd = self._take_file_lock(job)
            self.current = job
            self.history = [job, *self.history][:20]

        def run() -> None:
            started = time.perf_counter()
            try:
                work(job)
            except DocgenError as exc:
                job.errors.append(exc.format())
            except Exception as exc:  # the page must say it failed; the log keeps the trace
                log.exception("build %s failed", job.title)
                job.errors.append(f"error[WEB-INTERNAL]: lỗi không mong đợi: {exc}")
            finally:
                # the lock is given back before the job says it finished: a clerk who sees
                # "finished" and builds again is never told the workspace is busy
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
                job.seconds = time.perf_counter() - started
                job.finished = time.time()

        if background:
            # the request's context goes with the build: its register acts are the web user's
            context = contextvars.copy_context()
            threading.Thread(
                target=context.run, args=(run,), name=f"docgen-build-{job.id}", daemon=True
            ).start()
        else:
            run()
        return job

    def get(self, job_id: int) -> Job | None:
        return next((j for j in self.history if j.id == job_id), None)
