"""Kind ``plan``: a campaign's plan (Kế hoạch), for the whole campaign or for one year."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from docgen.data.models import Basis, Campaign, CampaignSpec, Issuer, SpecBase, Text
from docgen.documents.context import document_context
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.documents.sections import SectionNumbering
from docgen.errors import Problems
from docgen.rules import FormatRules

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


class PlanSpec(CampaignSpec):
    """A plan (Kế hoạch): the campaign's launching plan, or its plan for one year."""

    kind: Literal["plan"]
    year: int | None = None  # a yearly plan; absent for the campaign's launching plan
    intro: Text


def build_context(
    spec: PlanSpec,
    issuer: Issuer,
    campaign: Campaign,
    rules: FormatRules,
    symbol: str,
    bases: list[str],
    names: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything a plan template uses; ``symbol`` comes from the register. The section
    counter is new for each rendering."""
    numbering = SectionNumbering(rules)
    year = campaign.year(spec.year) if spec.year is not None else None
    return {
        **document_context(spec, issuer, campaign, rules, symbol, bases, names),
        "intro": spec.intro,
        "year": year,
        "sec": numbering,
        "points": numbering.points,
        "units": numbering.units,
    }


class Plan(Kind):
    name = "plan"
    summary = "Kế hoạch: a campaign's launching plan, or its plan for one year"
    spec_model = PlanSpec
    type_id = "ke_hoach"
    templates = (TemplateSource("plan", "ke_hoach"),)

    def default_bases(self, ws: Workspace, spec: SpecBase) -> list[Basis]:
        """A plan stands on its campaign's legal bases unless it names its own."""
        assert isinstance(spec, PlanSpec)
        return list(ws.campaigns[spec.campaign].bases)

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        spec = ws.specs[spec_id]
        assert isinstance(spec, PlanSpec)
        campaign = ws.campaigns.get(spec.campaign)
        if campaign is not None and spec.year is not None and campaign.year(spec.year) is None:
            years = ", ".join(str(e.year) for e in campaign.timeline)
            problems.add(
                "DATA-REF",
                f"campaign '{campaign.id}' has no timeline entry for {spec.year} (it has {years})",
                source.locate(("year",)),
            )

    def context(self, job: RenderJob) -> dict[str, Any]:
        assert isinstance(job.spec, PlanSpec) and job.campaign is not None
        return build_context(
            job.spec, job.issuer, job.campaign, job.rules, job.symbol, job.bases, job.names
        )


KIND = Plan()
