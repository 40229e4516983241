"""Kind ``report``: a campaign's summary report (Báo cáo tổng kết), figures from the data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from docgen.data.models import Campaign, CampaignSpec, Issuer, PointItem, Record, Text
from docgen.documents.context import document_context
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.documents.sections import SectionNumbering
from docgen.errors import Problems
from docgen.rules import FormatRules

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


class Assessment(Record):
    strengths: list[PointItem] = Field(min_length=1)
    limits: list[PointItem] = Field(min_length=1)
    causes: list[PointItem] = Field(min_length=1)
    lessons: list[PointItem] = Field(min_length=1)


class ReportSpec(CampaignSpec):
    """A summary report (Báo cáo tổng kết): every figure computed from the data."""

    kind: Literal["report"]
    intro: Text
    assessment: Assessment  # written by the clerk
    directions: list[PointItem] = Field(min_length=1)
    proposals: list[PointItem] = Field(min_length=1)


def report_context(
    ws: Any,
    spec: ReportSpec,
    issuer: Issuer,
    campaign: Campaign,
    rules: FormatRules,
    symbol: str,
    bases: list[str],
    names: Sequence[str] = (),
) -> dict[str, Any]:
    """The summary report: computed figures, their tables and the chart (as ``_images``)."""
    from docgen.awards.kinds.report_chart import reached_chart
    from docgen.awards.kinds.report_figures import awards_table, compute, percent, series_table

    figures = compute(ws, spec)
    width = rules.page.text_width_mm
    numbering = SectionNumbering(rules)
    return {
        **document_context(spec, issuer, campaign, rules, symbol, bases, names),
        "f": figures,
        "percent": percent,
        "tables": {
            s.indicator.id: series_table(s, figures.school_count, rules) for s in figures.series
        },
        "table_awards": awards_table(figures, rules),
        # one chart for each standard the campaign measures, under its sentence
        "_images": {
            "charts": {
                s.indicator.id: (chart.png, chart.width_mm)
                for s in figures.series
                if s.standard and (chart := reached_chart(s, width))
            }
        },
        "sec": numbering,
        "points": numbering.points,
    }


class Report(Kind):
    name = "report"
    summary = "Báo cáo tổng kết of a campaign: figures, tables and a chart from the data"
    spec_model = ReportSpec
    type_id = "bao_cao"
    templates = (TemplateSource("report", "bao_cao"),)

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """The campaign's results are there to count."""
        spec = ws.specs[spec_id]
        assert isinstance(spec, ReportSpec)
        if spec.campaign not in ws.results:
            problems.add(
                "DATA-REF",
                f"no results for campaign '{spec.campaign}' (data/results/{spec.campaign}.yaml)",
                source.locate(("campaign",)),
            )

    def context(self, job: RenderJob) -> dict[str, Any]:
        assert isinstance(job.spec, ReportSpec) and job.campaign is not None
        return report_context(
            job.ws, job.spec, job.issuer, job.campaign, job.rules, job.symbol, job.bases, job.names
        )


KIND = Report()
