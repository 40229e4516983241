"""The versions of the workspace's files: every save, import, restore and delete recorded."""

from __future__ import annotations

import difflib
import hashlib
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from docgen.errors import DocgenError, Location
from docgen.output import link_outside, write_atomic
from docgen.rules import read_rules_file

if TYPE_CHECKING:
    from docgen.register import Register
    from docgen.register.entries import Entry

# The workspace's state folder (the web app's users and sessions live there too,
# docgen.web.config.STATE_DIR): what is kept there is the office's own record, not a cache.
STATE_DIR = ".docgen"
HISTORY_FILE = "history.sqlite"

ACTIONS = ("save", "import", "restore", "delete", "create", "edit-outside")
Action = Literal["save", "import", "restore", "delete", "create", "edit-outside"]

# who made a version docgen did not write: the file as found, edited by hand or removed
OUTSIDE = ""

# the files whose history is shown: the clerk's data (data/*.yaml)
DATA_DIR = "data/"
DATA_SUFFIXES = (".yaml", ".yml")

# what each version is, as the clerk reads it (the web's history pages, `docgen history`)
ACTION_LABELS = {
    "create": "Tạo mới",
    "save": "Lưu",
    "import": "Nhập danh sách",
    "restore": "Khôi phục",
    "delete": "Xóa",
    "edit-outside": "Sửa ngoài docgen",
}
# the oldest version of a file whose whole history is shown, when docgen found it as it was
FIRST_LABELS = ("Bản đầu tiên được lưu lại", "tệp có sẵn trước khi ghi lịch sử")
OUTSIDE_LABEL = "ngoài docgen (sửa hoặc xóa trực tiếp trên tệp)"

# sha256 of "no file": expected_sha=ABSENT says the clerk started from no file (a new one)
ABSENT = ""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS blobs (
    sha TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    relpath TEXT NOT NULL,
    sha TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_path ON versions (relpath, id);
"""


class HistoryError(DocgenError):
    """A version asked for that does not exist, or a path outside the workspace (exit 2)."""

    code = "HISTORY"


class ConflictError(HistoryError):
    """The file changed since the clerk opened it: someone else saved it (nothing written)."""

    code = "HISTORY-CONFLICT"


@dataclass(frozen=True)
class HistoryLimits:
    max_versions_per_file: int
    max_bytes_per_file: int
    context_lines: int


@cache
def history_limits() -> HistoryLimits:
    """rules/history.yaml: how many versions of a file are kept, and their total size."""
    data = read_rules_file("history.yaml")["limits"]
    return HistoryLimits(**{k: int(data[k]) for k in HistoryLimits.__dataclass_fields__})


@dataclass(frozen=True)
class Version:
    """One recorded state of a file. ``sha`` and ``size`` are those of its content; a "delete"
    version keeps the content the file had when it was deleted (so it can be restored)."""

    id: int
    relpath: str
    sha: str
    who: str
    at: datetime  # UTC
    action: str
    size: int

    @property
    def present(self) -> bool:
        """Whether the file exists after this version (not after a delete)."""
        return self.action != "delete"


@dataclass(frozen=True)
class DiffLine:
    """A line of the comparison of two versions. ``kind``: "same", "added", "removed", or
    "skip" (``count`` unchanged lines folded, ``text`` empty); line numbers are 1-based."""

    kind: Literal["same", "added", "removed", "skip"]
    text: str
    old_no: int | None = None
    new_no: int | None = None
    count: int = 0


def sha_of(text: str) -> str:
    """The sha the history records for ``text`` (its UTF-8 bytes), as a form sends it back."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def state_dir(root: Path) -> Path:
    return root / STATE_DIR


def _utc_now() -> datetime:
    return datetime.now(UTC)


class History:
    """The versions of the files under ``root`` (a workspace), in
    ``root/.docgen/history.sqlite``. Every write goes through one SQLite write transaction,
    which serialises the check of ``expected_sha``, the file's replacement and its record
    across threads and processes. A file changed by hand since its last version is recorded
    ("edit-outside") before anything else is done to it, so no content is lost."""

    def __init__(
        self,
        root: Path,
        *,
        limits: HistoryLimits | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.root = Path(root)
        self.path = state_dir(self.root) / HISTORY_FILE
        self.limits = limits or history_limits()
        self._clock = clock

    # -- the store --------------------------------------------------------------------------

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            con = sqlite3.connect(":memory:")
            con.executescript(_SCHEMA)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)
        try:
            if write:
                con.execute("BEGIN IMMEDIATE")
                try:
                    yield con
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
            else:
                yield con
        finally:
            con.close()

    def _file(self, relpath: str) -> tuple[str, Path]:
        """The normalised relative path and the file: inside the workspace, outside its state
        folder."""
        raw = relpath.replace("\\", "/").strip()
        pure = PurePosixPath(raw)
        if (
            not raw
            or pure.is_absolute()
            or any(part in ("", ".", "..") for part in raw.split("/"))
            or pure.parts[0] in (STATE_DIR, ".git")
        ):
            raise HistoryError(
                f"'{relpath}' is not a file of the workspace",
                code="HISTORY-PATH",
                hint="a path inside the workspace, such as data/documents/cv-01.yaml",
            )
        path = self.root / pure
        if link_outside(path, self.root) is not None:
            raise HistoryError(
                f"'{relpath}' leads outside the workspace (a symbolic link)",
                code="HISTORY-PATH",
            )
        return pure.as_posix(), path

    @staticmethod
    def _row(row: tuple[int, str, str, str, str, str, int]) -> Version:
        vid, relpath, sha, who, at, action, size = row
        return Version(vid, relpath, sha, who, datetime.fromisoformat(at), action, size)

    _COLUMNS = "id, relpath, sha, who, at, action, size"

    def _last(self, con: sqlite3.Connection, relpath: str) -> Version | None:
        row = con.execute(
            f"SELECT {self._COLUMNS} FROM versions WHERE relpath = ? ORDER BY id DESC LIMIT 1",
            (relpath,),
        ).fetchone()
        return self._row(row) if row else None

    def _record(
        self, con: sqlite3.Connection, relpath: str, data: bytes, who: str, action: str
    ) -> Version:
        sha = hashlib.sha256(data).hexdigest()
        con.execute(
            "INSERT OR IGNORE INTO blobs (sha, data) VALUES (?, ?)", (sha, zlib.compress(data))
        )
        at = self._clock().astimezone(UTC)
        cur = con.execute(
            "INSERT INTO versions (relpath, sha, who, at, action, size) VALUES (?, ?, ?, ?, ?, ?)",
            (relpath, sha, who, at.isoformat(), action, len(data)),
        )
        assert cur.lastrowid is not None
        return Version(cur.lastrowid, relpath, sha, who, at, action, len(data))

    def _blob(self, con: sqlite3.Connection, sha: str) -> bytes:
        row = con.execute("SELECT data FROM blobs WHERE sha = ?", (sha,)).fetchone()
        if row is None:  # pragma: no cover - a version always has its blob (pruned together)
            raise HistoryError(f"the content {sha[:12]} is missing from the history")
        return zlib.decompress(row[0])

    def _notice(self, con: sqlite3.Connection, relpath: str, path: Path) -> bytes | None:
        """Record the file as it is now when it is not what the history last saw (edited or
        removed by hand, or never recorded); return its content (None: no file)."""
        data = _read_bytes(path)
        last = self._last(con, relpath)
        if data is None:
            if last is not None and last.present:
                # removed by hand: its last content stays restorable
                self._record(con, relpath, self._blob(con, last.sha), OUTSIDE, "delete")
            return None
        if last is None or not last.present or last.sha != hashlib.sha256(data).hexdigest():
            self._record(con, relpath, data, OUTSIDE, "edit-outside")
        return data

    def _prune(self, con: sqlite3.Connection, relpath: str) -> None:
        """Drop the oldest versions of ``relpath`` beyond the limits (the newest is kept),
        then the contents no version uses any more."""
        rows = con.execute(
            "SELECT id, size FROM versions WHERE relpath = ? ORDER BY id DESC", (relpath,)
        ).fetchall()
        total, drop = 0, []
        for index, (vid, size) in enumerate(rows):
            total += size
            over = index >= self.limits.max_versions_per_file or (
                index > 0 and total > self.limits.max_bytes_per_file
            )
            if over:
                drop.append(vid)
        if drop:
            con.executemany("DELETE FROM versions WHERE id = ?", [(v,) for v in drop])
            con.execute("DELETE FROM blobs WHERE sha NOT IN (SELECT sha FROM versions)")

    # -- what callers use -------------------------------------------------------------------

    def normalise(self, relpath: str) -> str:
        """``relpath`` as the history names it; HistoryError when it is no file of the
        workspace (outside it, or in its state folder)."""
        return self._file(relpath)[0]

    def current_sha(self, relpath: str) -> str:
        """The sha of the file as it is now (ABSENT when there is none): what an edit form
        sends back as ``expected_sha``."""
        data = _read_bytes(self._file(relpath)[1])
        return ABSENT if data is None else hashlib.sha256(data).hexdigest()

    def write(
        self,
        relpath: str,
        text: str,
        *,
        who: str,
        action: str,
        expected_sha: str | None = None,
    ) -> Version:
        """Replace ``root/relpath`` with ``text`` atomically and record the new version (the
        previous content is recorded first when the history did not have it yet).
        ``expected_sha``: the sha of the content the clerk started from (ABSENT for a new
        file); when the file is no longer that, ConflictError and nothing is written. Writing
        the same content again records nothing and returns the last version."""
        if action not in ACTIONS or action in ("delete", "edit-outside"):
            raise ValueError(f"not an action of a write: {action}")
        rel, path = self._file(relpath)
        data = text.encode("utf-8")
        with self._connect(write=True) as con:
            current = self._notice(con, rel, path)
            now = ABSENT if current is None else hashlib.sha256(current).hexdigest()
            if expected_sha is not None and expected_sha != now:
                raise ConflictError(
                    f"{rel} was changed by someone else since you opened it: nothing was saved",
                    location=Location(rel),
                    hint="open it again to see their change, then make yours",
                )
            if current == data:
                last = self._last(con, rel)
                assert last is not None
                return last
            if current is None and action == "save":
                action = "create"
            write_atomic(path, data)
            version = self._record(con, rel, data, who, action)
            self._prune(con, rel)
            return version

    def delete(self, relpath: str, *, who: str, expected_sha: str | None = None) -> Version:
        """Remove the file, keeping its content as a "delete" version (restorable)."""
        rel, path = self._file(relpath)
        with self._connect(write=True) as con:
            current = self._notice(con, rel, path)
            if current is None:
                raise HistoryError(
                    f"{rel} does not exist: there is nothing to delete",
                    code="HISTORY-NOT-FOUND",
                    location=Location(rel),
                )
            if expected_sha is not None and expected_sha != hashlib.sha256(current).hexdigest():
                raise ConflictError(
                    f"{rel} was changed by someone else since you opened it: nothing was deleted",
                    location=Location(rel),
                    hint="open it again to see their change",
                )
            version = self._record(con, rel, current, who, "delete")
            path.unlink()
            self._prune(con, rel)
            return version

    def versions(self, relpath: str) -> list[Version]:
        """The versions of ``relpath``, newest first (a change made by hand since the last one
        is recorded first)."""
        rel, path = self._file(relpath)
        if not path.exists() and not self.path.exists():
            return []
        with self._connect(write=True) as con:
            self._notice(con, rel, path)
            rows = con.execute(
                f"SELECT {self._COLUMNS} FROM versions WHERE relpath = ? ORDER BY id DESC",
                (rel,),
            ).fetchall()
        return [self._row(r) for r in rows]

    def recorded(self) -> list[Version]:
        """The last version of each file the history holds, the newest first (as recorded:
        a change made by hand since is noticed when the file itself is asked for)."""
        with self._connect(write=False) as con:
            rows = con.execute(
                f"SELECT {self._COLUMNS} FROM versions WHERE id IN "
                "(SELECT MAX(id) FROM versions GROUP BY relpath) ORDER BY id DESC"
            ).fetchall()
        return [self._row(r) for r in rows]

    def version(self, version_id: int) -> Version:
        with self._connect(write=False) as con:
            row = con.execute(
                f"SELECT {self._COLUMNS} FROM versions WHERE id = ?", (version_id,)
            ).fetchone()
        if row is None:
            raise HistoryError(
                f"there is no version {version_id} in the history (older versions are dropped "
                "beyond the limits of rules/history.yaml)",
                code="HISTORY-NOT-FOUND",
            )
        return self._row(row)

    def read(self, version_id: int) -> str:
        """The content of a version (for a "delete" version: the content deleted)."""
        version = self.version(version_id)
        with self._connect(write=False) as con:
            return self._blob(con, version.sha).decode("utf-8", errors="replace")

    def diff(
        self, old_id: int | None, new_id: int, *, context: int | None = None
    ) -> list[DiffLine]:
        """The lines of version ``new_id`` against ``old_id`` (None: against no file). With
        ``context``, runs of unchanged lines longer than twice that are folded into a "skip"
        line (``context`` lines kept on each side of a change)."""
        old = self.read(old_id).splitlines() if old_id is not None else []
        new = self.read(new_id).splitlines()
        return diff_lines(old, new, context=context)

    def restore(
        self, relpath: str, version_id: int, *, who: str, expected_sha: str | None = None
    ) -> Version:
        """Make the file what it was at ``version_id`` again (a new "restore" version: the
        versions in between stay in the history)."""
        rel, _ = self._file(relpath)
        version = self.version(version_id)
        if version.relpath != rel:
            raise HistoryError(
                f"version {version_id} is a version of {version.relpath}, not of {rel}",
                code="HISTORY-NOT-FOUND",
            )
        return self.write(
            rel, self.read(version_id), who=who, action="restore", expected_sha=expected_sha
        )


def is_data_file(relpath: str) -> bool:
    """Whether the history's pages and `docgen history` show ``relpath`` (normalised): the
    clerk's data files only, not outputs, caches or the register."""
    return relpath.startswith(DATA_DIR) and relpath.endswith(DATA_SUFFIXES)


def version_labels(version: Version, *, first: bool = False) -> tuple[str, str]:
    """What a version is and who made it, in the clerk's words (Vietnamese). ``first``: the
    oldest version of a file shown with all its versions (the file as found, not an edit)."""
    if first and version.action == "edit-outside":
        return FIRST_LABELS
    who = OUTSIDE_LABEL if version.who == OUTSIDE else version.who.removeprefix("web:")
    return ACTION_LABELS.get(version.action, version.action), who


def issued_entry(register: Register, relpath: str) -> Entry | None:
    """The live issued number of the document whose data ``relpath`` is (None: none, or only
    reserved): while it stands, the data is frozen (``frozen_refusal``)."""
    live = register.get_by_spec(relpath)
    return live if live is not None and live.state == "issued" else None


def frozen_refusal(
    issued: str | None, versions: list[Version], chosen: Version
) -> HistoryError | None:
    """Why an issued document's data may not go back to ``chosen`` (None: it may), the one
    check of the web's restore and `docgen history --restore`. ``issued``: the document's
    number when it is issued (``issued_entry``); ``versions``: the file's, newest first.
    Only undoing its deletion is allowed: that brings back the data as it was issued."""
    if issued is None:
        return None
    latest = versions[0]
    if not latest.present and chosen.sha == latest.sha:
        return None
    return HistoryError(
        f"document {issued} has been issued: an issued document stays as it was, its data is "
        "not restored to an older version. To change what an issued document says, make a "
        "correcting, amending or replacing document (corrects: in the new document's data "
        "file, naming this one)",
        code="HISTORY-FROZEN",
        location=Location(chosen.relpath),
    )


def diff_lines(old: list[str], new: list[str], *, context: int | None = None) -> list[DiffLine]:
    """The line diff of ``old`` to ``new`` (difflib's matching, as ``diff``)."""
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same = [DiffLine("same", old[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2)]
            out.extend(_fold(same, context, first=i1 == 0, last=i2 == len(old)))
            continue
        out.extend(DiffLine("removed", old[i], old_no=i + 1) for i in range(i1, i2))
        out.extend(DiffLine("added", new[j], new_no=j + 1) for j in range(j1, j2))
    return out


def _fold(same: list[DiffLine], context: int | None, *, first: bool, last: bool) -> list[DiffLine]:
    if context is None:
        return same
    head = 0 if first else context
    tail = 0 if last else context
    if len(same) <= head + tail + 1:
        return same
    kept_tail = same[len(same) - tail :] if tail else []
    skipped = len(same) - head - tail
    return [*same[:head], DiffLine("skip", "", count=skipped), *kept_tail]


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        raise HistoryError(f"{path.name} is a folder, not a file", code="HISTORY-PATH") from exc
    except OSError as exc:
        raise HistoryError(f"cannot read {path.name}: {os.strerror(exc.errno or 0)}") from exc
