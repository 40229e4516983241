"""Records made of independent rows (a decree's money table): one bad row is reported once,
and the rest of the record is kept for the checks that follow."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.data.loader import Source
from docgen.data.workspace import validate
from docgen.errors import Diagnostic

M = TypeVar("M", bound=BaseModel)


def validate_rows(
    model: type[M], source: Source, data: Any, rows: str
) -> tuple[M | None, list[Diagnostic], set[Any]]:
    """Validate ``data`` as ``model``, whose field ``rows`` holds independent rows (a mapping
    or a list): when every error lies inside some of those rows, the record is kept without
    them, so that one bad row is reported once and the rest of its table is still checked
    against (any error stops a build before the record is used for a document). Returns the
    record, the errors, and the keys (or indexes) of the rows left out."""
    record, found = validate(model, source, data)
    if record is not None or not isinstance(data, dict):
        return record, found, set()
    table = data.get(rows)
    try:
        model.model_validate(data)
    except ValidationError as exc:
        locs = [tuple(e["loc"]) for e in exc.errors()]
    else:  # pragma: no cover - validate() failed above
        return None, found, set()
    if not locs or any(len(loc) < 2 or loc[0] != rows for loc in locs):
        return None, found, set()
    bad = {loc[1] for loc in locs}
    if isinstance(table, dict):
        kept: Any = {k: v for k, v in table.items() if k not in bad}
    elif isinstance(table, list):
        kept = [v for i, v in enumerate(table) if i not in bad]
    else:
        return None, found, set()
    try:
        return model.model_validate({**data, rows: kept}), found, bad
    except ValidationError:  # the rest needs the bad rows too (too few left, say)
        return None, found, set()
