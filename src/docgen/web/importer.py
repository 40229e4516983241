"""The upload of a school's nominee list (Excel or .docx): the web app's one seam to the
importer of ``docgen import nominees`` (docgen.excel.nominees); it never parses a
spreadsheet itself."""

from __future__ import annotations

import importlib.util
import json
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import Diagnostic, DocgenError

if TYPE_CHECKING:
    from docgen.excel.nominees import ImportPlan

MODULE = "docgen.excel.nominees"
ACCEPTED = (".xlsx", ".docx")


@dataclass
class ImportOutcome:
    written: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def import_available() -> bool:
    """True when the nominee-list importer (and openpyxl under it) is installed."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in (MODULE, "openpyxl"))
    except (ImportError, ValueError):
        return False


def schools(root: Path) -> list[tuple[str, str]]:
    """(id, name) of the workspace's schools, for the form; empty when they cannot be read."""
    if not import_available():
        return []
    from docgen.excel.proposals import load_context

    try:
        ctx = load_context(root)
    except DocgenError:
        return []
    return list(ctx.bodies.items())


def _importer_named(upload: Path, original_name: str) -> tuple[Path, Path]:
    """A private folder holding the upload under the clerk's own file name: the importer
    names the file in its messages ("lao-cai.xlsx:Danh sách!C12"); the name is a plain file
    name, never a path."""
    name = Path(original_name.replace("\\", "/")).name or f"danh-sach{upload.suffix}"
    folder = Path(tempfile.mkdtemp(prefix="docgen-import-", dir=upload.parent))
    named = folder / name
    shutil.copyfile(upload, named)
    return folder, named


def _require_importer() -> None:
    if not import_available():
        raise DocgenError(
            "the nominee-list importer (docgen.excel) is not installed", code="WEB-IMPORT-ABSENT"
        )


def plan_nominee_list(
    root: Path, upload: Path, original_name: str, year: int, school: str
) -> ImportPlan:
    """Read and check the uploaded list as ``docgen import nominees`` does, writing nothing:
    what the school's proposal file would become, and the rows that change."""
    _require_importer()
    from docgen.excel.nominees import plan_import

    folder, named = _importer_named(upload, original_name)
    try:
        return plan_import(root, named, year, school)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- an import waiting for the clerk's confirmation ----------------------------------------------

PENDING_DIR = "imports"
PENDING_MAX_AGE_S = 24 * 3600  # an upload not confirmed within a day is forgotten
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")


@dataclass(frozen=True)
class PendingImport:
    """A checked upload the clerk has seen the difference of and not yet confirmed: the text
    to write, and the file as it was when she saw it (``expected_sha``)."""

    user: str
    name: str
    year: int
    school: str
    relpath: str
    text: str
    expected_sha: str
    collectives: int
    individuals: int


def save_pending(cache: Path, pending: PendingImport) -> str:
    """Keep ``pending`` in the web cache until it is confirmed; returns its token."""
    from docgen.output import write_atomic

    folder = cache / PENDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - PENDING_MAX_AGE_S
    for old in folder.glob("*.json"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        except OSError:
            continue
    token = secrets.token_urlsafe(24)
    write_atomic(folder / f"{token}.json", json.dumps(asdict(pending)).encode("utf-8"))
    return token


def take_pending(cache: Path, token: str, user: str, *, remove: bool) -> PendingImport | None:
    """The pending import of ``token`` if ``user`` made it (None otherwise: unknown, expired,
    or another user's); ``remove`` forgets it."""
    if not _TOKEN.match(token):
        return None
    path = cache / PENDING_DIR / f"{token}.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        pending = PendingImport(**data)
    except (OSError, ValueError, TypeError):
        return None
    if pending.user != user:
        return None
    if remove:
        path.unlink(missing_ok=True)
    return pending
