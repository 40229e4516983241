"""A decision of several awards (``awards:``) award by award: one article and one list each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.awards.specs import AwardDecisionSpec

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace


def decision_parts(ws: Workspace, spec: AwardDecisionSpec) -> list[AwardDecisionSpec]:
    """The decision award by award (one article and one list each), each as a decision of
    that award alone; the council's minutes stay with the award they voted on."""
    if not spec.awards:
        return [spec]
    minutes = ws.specs.get(spec.minutes) if spec.minutes is not None else None
    # the minutes' award (a spec of kind: minutes), read without importing that kind, which
    # itself asks for the parts of the decision it is cited by
    voted = getattr(minutes, "award", None) if getattr(minutes, "kind", "") == "minutes" else None
    return [
        part if voted is None or voted == award else part.model_copy(update={"minutes": None})
        for award in spec.award_ids
        for part in [spec.for_award(award)]
    ]
