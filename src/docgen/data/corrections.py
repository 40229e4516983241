"""A correcting document (``corrects:``) checked against the workspace before anything is
numbered: it corrects another document of the workspace, of its issuer, not dated after it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.data.models import SpecBase
from docgen.errors import Problems

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace


def check_correction(ws: Workspace, spec_id: str, spec: SpecBase, problems: Problems) -> None:
    """A correcting document corrects another document of the workspace, of its issuer,
    dated no later than itself."""
    assert spec.corrects is not None
    src = ws.sources[ws.spec_display(spec_id)]
    where = src.locate(("corrects", "document"))
    target = ws.specs.get(spec.corrects.document)
    if spec.corrects.document == spec_id:
        problems.add("DATA-CORRECTS", "a document cannot correct itself", where)
    elif target is None:
        problems.add(
            "DATA-CORRECTS",
            f"'{spec.corrects.document}' is not a document spec of this workspace",
            where,
        )
    elif target.issuer != spec.issuer:
        problems.add(
            "DATA-CORRECTS",
            f"'{spec.corrects.document}' was issued by {target.issuer}; only its issuer "
            f"corrects it, not {spec.issuer}",
            where,
        )
    elif target.date > spec.date:
        problems.add(
            "DATA-CORRECTS",
            f"'{spec.corrects.document}' is dated {target.date:%d/%m/%Y}, after this "
            f"document ({spec.date:%d/%m/%Y}), which cannot correct it",
            src.locate(("date",)),
        )
