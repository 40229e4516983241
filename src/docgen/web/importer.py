"""The upload of a school's nominee list (Excel or .docx): the web app's one seam to the
importer of ``docgen import nominees`` (docgen.excel.nominees); it never parses a
spreadsheet itself."""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import Diagnostic, DocgenError

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


def import_nominee_list(
    root: Path, upload: Path, original_name: str, year: int, school: str
) -> ImportOutcome:
    """Read the uploaded list into the school's proposal file, as ``docgen import nominees``
    does; errors are the docgen family's and name the file as the clerk sent it."""
    if not import_available():
        raise DocgenError(
            "the nominee-list importer (docgen.excel) is not installed", code="WEB-IMPORT-ABSENT"
        )
    from docgen.excel.nominees import import_nominees

    # the importer names the file in its messages ("lao-cai.xlsx:Danh sách!C12"): give it the
    # clerk's own name, inside a private folder (the name is a plain file name, never a path)
    name = Path(original_name.replace("\\", "/")).name or f"danh-sach{upload.suffix}"
    with tempfile.TemporaryDirectory(prefix="docgen-import-", dir=upload.parent) as folder:
        named = Path(folder) / name
        shutil.copyfile(upload, named)
        result = import_nominees(root, named, year, school, force=True)
    written = [result.path.relative_to(root).as_posix()] if result.written else []
    return ImportOutcome(written=written)
