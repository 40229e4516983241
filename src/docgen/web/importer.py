"""The upload of a school's nominee list (Excel or .docx): a single seam for the importer.

The importer itself is another part of docgen (``docgen.excel``). This module only asks
whether it is installed and hands it the uploaded file; the web app never parses a
spreadsheet itself. The importer is expected to offer::

    docgen.excel.import_nominee_list(root: Path, upload: Path, *, original_name: str)
        -> an object with ``written`` (the data files it wrote, relative to the workspace)
           and ``problems`` (docgen Diagnostics with file:line/cell locations)

and to raise the docgen error family (DataError with every located problem) on bad input.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import Diagnostic, DocgenError

MODULE = "docgen.excel"
FUNCTION = "import_nominee_list"
ACCEPTED = (".xlsx", ".docx")


@dataclass
class ImportOutcome:
    written: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def import_available() -> bool:
    """True when the nominee-list importer is installed (and offers ``FUNCTION``)."""
    try:
        if importlib.util.find_spec(MODULE) is None:
            return False
    except (ImportError, ValueError):
        return False
    return hasattr(importlib.import_module(MODULE), FUNCTION)


def import_nominee_list(root: Path, upload: Path, original_name: str) -> ImportOutcome:
    """Hand the uploaded list to the importer; its errors are the docgen family's."""
    if not import_available():
        raise DocgenError(
            "the nominee-list importer (docgen.excel) is not installed", code="WEB-IMPORT-ABSENT"
        )
    function: Any = getattr(importlib.import_module(MODULE), FUNCTION)
    result = function(root, upload, original_name=original_name)
    return ImportOutcome(
        written=[str(w) for w in getattr(result, "written", [])],
        problems=list(getattr(result, "problems", [])),
    )
