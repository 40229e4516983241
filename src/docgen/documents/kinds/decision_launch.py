"""Kind ``decision_launch``: a launching decision (Quyết định phát động phong trào thi đua)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from docgen.data.models import CampaignSpec, Text
from docgen.documents.context import document_context
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource


class LaunchDecisionSpec(CampaignSpec):
    """A launching decision (Quyết định phát động phong trào thi đua)."""

    kind: Literal["decision_launch"]
    proposed_by: Text  # after "Theo đề nghị của"
    articles: list[Text] = Field(min_length=2)  # Điều 1., Điều 2. … in order


class LaunchDecision(Kind):
    name = "decision_launch"
    summary = "Quyết định phát động phong trào thi đua"
    spec_model = LaunchDecisionSpec
    type_id = "quyet_dinh"
    templates = (TemplateSource("decision_launch", "quyet_dinh"),)

    def context(self, job: RenderJob) -> dict[str, Any]:
        return document_context(
            job.spec, job.issuer, job.campaign, job.rules, job.symbol, job.bases, job.names
        )


KIND = LaunchDecision()
