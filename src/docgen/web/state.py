"""What the pages show about the workspace: the validated data (re-read when a file changes),
each document's status from the register and the output folder, and cached format checks."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from docgen.api import open_workspace_register
from docgen.awards.history import register_in_use
from docgen.data.per_document import BrokenSpec, load_per_document
from docgen.data.workspace import Workspace, display_path
from docgen.documents.issued import written_by_docgen
from docgen.errors import DataError, Diagnostic, DocgenError
from docgen.register import Entry, Register
from docgen.register.store import register_file

Status = Literal["built", "edited", "failed", "missing", "unnumbered", "voided", "invalid"]
STATUS_LABELS: dict[str, str] = {
    "built": "Đã tạo",
    "edited": "Đã sửa tay",
    "failed": "Lỗi",
    "missing": "Chưa tạo",
    "unnumbered": "Chưa có số",
    "voided": "Số đã hủy",
    "invalid": "Dữ liệu lỗi",
}


# The campaign kinds by their own names; any other document by its type's name (the types table)
KIND_LABELS = {
    "plan": "Kế hoạch",
    "decision_launch": "Quyết định phát động",
    "decision_award": "Quyết định khen thưởng",
    "proposal": "Tờ trình",
    "report": "Báo cáo",
}


def kind_label(spec: Any) -> str:
    if spec.kind in KIND_LABELS:
        return KIND_LABELS[spec.kind]
    from docgen.documents.kinds import kind_of
    from docgen.rules import load_rules

    type_id = getattr(spec, "type", None) or kind_of(spec).type_id
    try:
        return str(load_rules().document_type(str(type_id)).text_name)
    except (KeyError, TypeError):
        return str(spec.kind)


@dataclass
class DocumentRow:
    """One line of the documents page."""

    spec_id: str
    spec: str  # display path of the spec file
    kind: str  # the name shown: "Kế hoạch", "Quyết định khen thưởng", "Công văn" …
    subject: str
    output: Path
    status: Status
    symbol: str | None = None
    date: str | None = None
    sha256: str | None = None
    issues: list[str] = field(default_factory=list)  # build error, data errors
    format_errors: int | None = None  # from the cached check; None: not checked yet
    format_warnings: int | None = None
    # the spec's voided numbers whose file was withdrawn (offered only as "Đã hủy")
    voided: list[Entry] = field(default_factory=list)
    issuer: str = ""  # its issuer's id (the filters of the documents page)
    issuer_name: str = ""  # and its name, shown under the subject
    day: dt.date | None = None  # its date (None: not a valid date)
    # its own data errors: the document is set aside (status "invalid") until they are fixed
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Loaded:
    """The workspace as last validated: the data of the valid documents and the documents set
    aside with their errors; or, when a file every document needs is wrong, every problem."""

    ws: Workspace | None
    error: DataError | None
    stamp: tuple[tuple[str, int, int], ...]
    broken: dict[str, BrokenSpec] = field(default_factory=dict)  # key: spec id

    @property
    def problems(self) -> list[Diagnostic]:
        """Every error found: those of the shared files, or of the documents set aside."""
        if self.error is not None:
            return self.error.problems
        return [d for spec in self.broken.values() for d in spec.problems]

    def problems_in(self, display: str) -> list[Diagnostic]:
        return [d for d in self.problems if d.location and d.location.file == display]


@dataclass
class CheckSummary:
    errors: int
    warnings: int
    lines: list[str]
    system: str


class WorkspaceState:
    """Shared by every request of the server; safe to call from several threads."""

    def __init__(self, root: Path, out_dir: Path, cache: Path, register: str | None) -> None:
        self.root = root
        self.out_dir = out_dir
        self.cache = cache
        self.register_target = register
        self._lock = threading.Lock()
        self._loaded: Loaded | None = None
        self._hashes: dict[Path, tuple[tuple[int, int], str]] = {}
        # the SQLite register whose changes (a build from the CLI, by another clerk) count in
        # the nominees' history: known once the workspace has loaded
        self._register_file: Path | None = None
        self.failures: dict[str, DocgenError] = {}  # spec display → error of its last build
        self._awarded: dict[str, tuple[Workspace, Any]] = {}  # spec id → (its data, its lists)

    # -- data -----------------------------------------------------------------------------------
    def _stamp(self) -> tuple[tuple[str, int, int], ...]:
        found = []
        for path in sorted((self.root / "data").rglob("*.yaml")):
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((str(path), st.st_mtime_ns, st.st_size))
        register = self._register_file
        if register is not None:  # its WAL changes first, the file at a checkpoint
            for path in (register, register.with_name(register.name + "-wal")):
                try:
                    st = path.stat()
                except OSError:
                    continue
                found.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(found)

    def load(self) -> Loaded:
        """The validated workspace; validated again when a data file changed, or the register
        (the awards of its numbered decisions are the nominees' history)."""
        stamp = self._stamp()
        with self._lock:
            if self._loaded is not None and self._loaded.stamp == stamp:
                return self._loaded
            # what the last load froze goes back to the collector: it is dropped now
            gc.unfreeze()
            try:
                partial = load_per_document(self.root, self.register_target)
                ws = partial.ws
                loaded = Loaded(ws, None, stamp, partial.broken)
                target = register_in_use(ws, self.register_target)
                self._register_file = register_file(target)
            except DataError as exc:
                loaded = Loaded(None, exc, stamp)
            self._loaded = loaded
            # the data lives until the next change: kept out of the collector's passes, each
            # of which walked all of it (1 s with 10,000 nominees, at a random request)
            gc.freeze()
            return loaded

    def awarded(self, ws: Workspace, spec_id: str) -> Any:
        """The award lists of a decision (awarded_parts), computed once per load of the data:
        with 10,000 nominees they take most of a second, which every visit would pay."""
        from docgen.awards.kinds.decision_award import awarded_parts

        with self._lock:
            found = self._awarded.get(spec_id)
        if found is not None and found[0] is ws:
            return found[1]
        parts = awarded_parts(ws, ws.specs[spec_id])  # type: ignore[arg-type]
        with self._lock:
            self._awarded[spec_id] = (ws, parts)
        return parts

    def forget(self) -> None:
        """Validate again at the next request: the web app changed the register (a build, a
        void, certificates), which a PostgreSQL register's stamp cannot show."""
        with self._lock:
            self._loaded = None

    def register(self, ws: Workspace | None = None) -> Register:
        """The register ``docgen build`` uses for this workspace."""
        if ws is not None:
            return open_workspace_register(ws, self.register_target)
        # the data does not validate: find the register from settings.yaml alone, as
        # `docgen register` does, so numbers can still be listed and voided
        from docgen.data.places import chosen_register, workspace_register, workspace_settings
        from docgen.register import open_register

        chosen = chosen_register(self.root, self.register_target) or workspace_register(self.root)
        return open_register(chosen, workspace=workspace_settings(self.root).identity)

    # -- files ----------------------------------------------------------------------------------
    def sha256(self, path: Path) -> str | None:
        """The file's SHA-256, cached while its size and time stay the same."""
        try:
            st = path.stat()
        except OSError:
            return None
        key = (st.st_mtime_ns, st.st_size)
        cached = self._hashes.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self._hashes[path] = (key, digest)
        return digest

    # -- format checks --------------------------------------------------------------------------
    def _check_file(self, sha: str) -> Path:
        return self.cache / "check" / f"{sha}.json"

    def cached_check(self, sha: str) -> CheckSummary | None:
        try:
            data = json.loads(self._check_file(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return CheckSummary(**data)

    def check(self, path: Path) -> CheckSummary:
        """The format check of a written document, cached by its content."""
        from docgen.checker import check_docx
        from docgen.output import write_atomic

        sha = self.sha256(path)
        if sha is not None:
            found = self.cached_check(sha)
            if found is not None:
                return found
        report = check_docx(path)
        summary = CheckSummary(
            len(report.errors), len(report.warnings), report.lines(path.name), report.system
        )
        if sha is not None:
            write_atomic(
                self._check_file(sha),
                json.dumps(summary.__dict__, ensure_ascii=False).encode("utf-8"),
            )
        return summary

    # -- documents ------------------------------------------------------------------------------
    def documents(self, ws: Workspace, entries: list[Entry] | None = None) -> list[DocumentRow]:
        """Every spec with its number, date and status (register + output folder)."""
        if entries is None:
            entries = self.register(ws).entries()
        live = {e.spec: e for e in entries if e.state == "issued"}
        voided: dict[str, list[Entry]] = {}
        for e in entries:
            if e.state == "voided" and e.spec:
                voided.setdefault(e.spec, []).append(e)
        rows = []
        for spec_id in sorted(ws.specs):
            spec = ws.specs[spec_id]
            shown = ws.spec_display(spec_id)
            target = self.out_dir / spec.output
            entry = live.get(shown)
            row = DocumentRow(
                spec_id=spec_id,
                spec=shown,
                kind=kind_label(spec),
                subject=spec.subject.replace("\n", " "),
                output=target,
                status="missing",
                issuer=spec.issuer,
                issuer_name=ws.issuers[spec.issuer].name if spec.issuer in ws.issuers else "",
                day=spec.date,
            )
            if entry is not None:
                row.symbol = entry.symbol
                row.date = entry.date.strftime("%d/%m/%Y")
            row.voided = [e for e in voided.get(shown, []) if e.withdrawn]
            sha = self.sha256(target)
            row.sha256 = sha
            if (
                sha is not None
                and entry is None
                and any(e.sha256 == sha and not e.withdrawn for e in voided.get(shown, []))
            ):
                # the file of a voided number a failed move left here: never offered as current
                row.status = "voided"
                row.sha256 = sha = None
                row.issues.append(
                    f"{display_path(self.root, target)} mang số đã hủy; đừng gửi tệp này. "
                    "Lần tạo văn bản sau sẽ chuyển nó vào thư mục các văn bản đã hủy."
                )
            if sha is not None:
                if entry is None:
                    row.status = "unnumbered"
                elif entry.sha256 == sha or written_by_docgen(target):
                    row.status = "built"
                else:
                    row.status = "edited"
                    row.issues.append(
                        f"{display_path(self.root, target)} đã được sửa sau khi docgen tạo; "
                        "tạo lại sẽ không ghi đè (trừ khi chọn “ghi đè”)."
                    )
                checked = self.cached_check(sha)
                if checked is not None:
                    row.format_errors, row.format_warnings = checked.errors, checked.warnings
            failure = self.failures.get(shown)
            if failure is not None:
                row.status = "failed"
                row.issues.insert(0, failure.format())
            rows.append(row)
        return rows

    def broken_rows(self, loaded: Loaded, entries: list[Entry]) -> list[DocumentRow]:
        """The documents set aside for their data errors: what their file still says (type,
        subject, issuer, date, when readable), their number if they had one, their errors."""
        live = {e.spec: e for e in entries if e.state == "issued"}
        rows = []
        for spec_id, broken in loaded.broken.items():
            raw = raw_fields(self.root / broken.display)
            issuer = str(raw.get("issuer") or "")
            known = loaded.ws.issuers.get(issuer) if loaded.ws is not None else None
            row = DocumentRow(
                spec_id=spec_id,
                spec=broken.display,
                kind=_raw_kind_label(raw),
                subject=str(raw.get("subject") or "").replace("\n", " "),
                output=Path(),
                status="invalid",
                issuer=issuer,
                issuer_name=known.name if known is not None else issuer,
                day=_raw_date(raw.get("date")),
                problems=broken.problems,
            )
            entry = live.get(broken.display)
            if entry is not None:
                row.symbol = entry.symbol
                row.date = entry.date.strftime("%d/%m/%Y")
            rows.append(row)
        return rows


def _raw_kind_label(raw: dict[str, Any]) -> str:
    """The type's name of a spec that does not validate, from its ``kind`` or ``type``."""
    kind = raw.get("kind")
    if isinstance(kind, str) and kind in KIND_LABELS:
        return KIND_LABELS[kind]
    from docgen.rules import load_rules

    try:
        return str(load_rules().document_type(str(raw.get("type") or kind)).text_name)
    except (KeyError, TypeError, ValueError):
        return "Văn bản"


def raw_fields(path: Path) -> dict[str, Any]:
    """The top-level fields of a spec file that does not validate, as far as YAML reads them:
    every value as text (a date that is not one stays readable)."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, ValueError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _raw_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
