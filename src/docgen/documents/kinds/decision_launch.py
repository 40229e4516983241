"""Kind ``decision_launch``: a launching decision (Quyết định phát động phong trào thi đua)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from docgen.data.models import CampaignSpec, Text
from docgen.documents.context import document_context
from docgen.documents.effect import check_effective, with_effectiveness
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.errors import Problems

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


class LaunchDecisionSpec(CampaignSpec):
    """A launching decision (Quyết định phát động phong trào thi đua)."""

    kind: Literal["decision_launch"]
    proposed_by: Text  # after "Theo đề nghị của"
    articles: list[Text] = Field(min_length=2)  # Điều 1., Điều 2. … in order
    # the day the decision takes effect, when not the signing day (rules/text.yaml)
    effective: dt.date | None = None


class LaunchDecision(Kind):
    name = "decision_launch"
    summary = "Quyết định phát động phong trào thi đua"
    spec_model = LaunchDecisionSpec
    type_id = "quyet_dinh"
    templates = (TemplateSource("decision_launch", "quyet_dinh"),)

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """``effective`` and a clause of the clerk's would say it twice."""
        spec = ws.specs[spec_id]
        assert isinstance(spec, LaunchDecisionSpec)
        check_effective(spec.effective, spec.articles, source, problems)

    def context(self, job: RenderJob) -> dict[str, Any]:
        """The articles as printed: the effectiveness clause heads the last one (who executes
        the decision) unless an article of the clerk's already says when it takes effect."""
        spec = job.spec
        assert isinstance(spec, LaunchDecisionSpec)
        issuer = job.issuer
        return {
            **document_context(
                spec, issuer, job.campaign, job.rules, job.symbol, job.bases, job.names
            ),
            "articles": with_effectiveness(
                spec.articles, issuer.system, spec.effective, issuer.pad_dates, job.replaces
            ),
        }


KIND = LaunchDecision()
