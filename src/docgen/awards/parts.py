"""A decision of several awards (``awards:``) award by award: one article and one list each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.awards.specs import AwardDecisionSpec

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace


def decision_parts(ws: Workspace, spec: AwardDecisionSpec) -> list[AwardDecisionSpec]:
    """The decision award by award (one article and one list each), each as a decision of
    that award alone, with the minutes that voted on that award (``minutes: [id, id]``)."""
    ids = spec.minutes_ids
    if not spec.awards:
        if isinstance(spec.minutes, list):
            return [spec.model_copy(update={"minutes": ids[0] if ids else None})]
        return [spec]
    # the minutes' awards (specs of kind: minutes), read without importing that kind, which
    # itself asks for the parts of the decision it is cited by
    voted: dict[str, str] = {}
    for minutes_id in ids:
        minutes = ws.specs.get(minutes_id)
        if getattr(minutes, "kind", "") == "minutes":
            voted.setdefault(str(getattr(minutes, "award", "")), minutes_id)
    return [
        spec.for_award(award).model_copy(update={"minutes": voted.get(award)})
        for award in spec.award_ids
    ]
