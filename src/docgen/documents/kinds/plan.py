"""Kind ``plan``: a campaign's plan (Kế hoạch), for the whole campaign or for one year."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from docgen.data.models import (
    Basis,
    Campaign,
    CampaignSpec,
    Issuer,
    Point,
    PointItem,
    Responsibility,
    SpecBase,
    Text,
)
from docgen.documents.context import document_context
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.documents.sections import UNITS_LEVEL, SectionNumbering
from docgen.errors import Problems
from docgen.rules import FormatRules, load_rules, text_rules

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


class PlanSpec(CampaignSpec):
    """A plan (Kế hoạch): the campaign's launching plan, or its plan for one year."""

    kind: Literal["plan"]
    year: int | None = None  # a yearly plan; absent for the campaign's launching plan
    intro: Text


def plan_year(spec: PlanSpec) -> int:
    """The year a plan is for: its ``year``, or (the launching plan) the year it is dated."""
    return spec.year if spec.year is not None else spec.date.year


def _points_for(items: list[PointItem], year: int) -> list[PointItem]:
    return [p for p in items if not isinstance(p, Point) or p.year in (None, year)]


def _units_for(units: list[Responsibility], year: int) -> list[Responsibility]:
    return [
        u.model_copy(
            update={"tasks": _points_for(u.tasks, year), "units": _units_for(u.units, year)}
        )
        for u in units
    ]


def campaign_for(campaign: Campaign, year: int) -> Campaign:
    """The campaign as one plan prints it: a point written for another year (``year:``) left
    out, so a 2024 plan never carries the launching year's "trước ngày 30/9/2022"."""
    content = campaign.content.model_copy(
        update={
            "collective": _points_for(campaign.content.collective, year),
            "individual": _points_for(campaign.content.individual, year),
        }
    )
    timeline = [
        t.model_copy(update={"activities": _points_for(t.activities, year)})
        for t in campaign.timeline
    ]
    # a year written without activities ("activities: []", warned at validate) is left out
    timeline = [t for t in timeline if t.activities]
    return campaign.model_copy(
        update={
            "purposes": _points_for(campaign.purposes, year),
            "requirements": _points_for(campaign.requirements, year),
            "content": content,
            "timeline": timeline,
            "responsibilities": _units_for(campaign.responsibilities, year),
        }
    )


_DATE = re.compile(
    r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(\d{4})"
)


def dates_outside(text: str, years: range) -> Iterator[str]:
    """The dates in ``text`` outside ``years`` that are deadlines or events, not the date of a
    document it cites ("Kế hoạch số 1247-KH/HVCTQG ngày 09/9/2022"; rules/text.yaml)."""
    citation = re.compile(text_rules().plan_citation_before)
    flat = " ".join(text.split())
    for match in _DATE.finditer(flat):
        year = int(match.group(3) or match.group(4))
        if year in years:
            continue
        # "… 1247-KH/HVCTQG ngày 09/9/2022": the written-out form starts with its own "ngày"
        before = flat[: match.start()] + ("ngày " if match.group(4) else "")
        if not citation.search(before):
            yield match.group(0)


def _printed_texts(node: Any, path: tuple[Any, ...], year: int | None) -> Iterator[tuple]:
    """The texts of a campaign's raw data a plan for ``year`` prints (None: the launching
    plan, every year's timeline), with their key paths for file:line."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _printed_texts(child, (*path, i), year)
    elif isinstance(node, dict):
        own = node.get("year")
        if isinstance(own, int) and year is not None and own != year:
            return  # a point or a timeline entry of another year
        for key, child in node.items():
            if key not in ("id", "bases", "period", "year"):
                yield from _printed_texts(child, (*path, key), year)


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
        "campaign": campaign_for(campaign, plan_year(spec)),
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
        """The year is in the campaign's timeline; no date the plan prints falls outside its
        year (a yearly plan) or the campaign's period (the launching plan)."""
        spec = ws.specs[spec_id]
        assert isinstance(spec, PlanSpec)
        campaign = ws.campaigns.get(spec.campaign)
        if campaign is not None:
            check_dates(ws, spec, campaign, source, problems)
            check_units(ws, campaign, load_rules(), problems)
        entry = campaign.year(spec.year) if campaign and spec.year is not None else None
        if campaign is not None and spec.year is not None and entry is None:
            years = ", ".join(str(e.year) for e in campaign.timeline)
            problems.add(
                "DATA-REF",
                f"campaign '{campaign.id}' has no timeline entry for {spec.year} (it has {years})",
                source.locate(("year",)),
            )
        elif campaign is not None and entry is not None and not entry.activities:
            problems.add(
                "DATA-REF",
                f"campaign '{campaign.id}' has no activities for {spec.year} (its timeline "
                "entry is empty): a plan for that year would list none",
                source.locate(("year",)),
            )

    def context(self, job: RenderJob) -> dict[str, Any]:
        assert isinstance(job.spec, PlanSpec) and job.campaign is not None
        return build_context(
            job.spec, job.issuer, job.campaign, job.rules, job.symbol, job.bases, job.names
        )


def check_dates(
    ws: Workspace, spec: PlanSpec, campaign: Campaign, source: Source, problems: Problems
) -> None:
    """DATA-PLAN-DATE: a date the plan prints (its intro, the campaign's text it takes) outside
    the plan's year or the campaign's period, at the file and line that carries it."""
    period = campaign.period
    if spec.year is not None:
        years, printed_year = range(spec.year, spec.year + 1), spec.year
    else:
        years, printed_year = range(period.start, period.end + 1), plan_year(spec)
    found: list[tuple[Source, tuple[Any, ...], str]] = [(source, ("intro",), spec.intro)]
    campaign_source = _campaign_source(ws, campaign)
    if campaign_source is not None:
        found += [
            (campaign_source, path, text)
            for path, text in _printed_texts(campaign_source.data, (), printed_year)
        ]
    for src, path, text in found:
        for date in dates_outside(text, years):
            if spec.year is not None:
                message = f"a plan for {spec.year} carries the date {date}, outside its year"
            else:
                message = (
                    f"the plan of the period {period.start}-{period.end} carries the date "
                    f"{date}, outside the period"
                )
            problems.add(
                "DATA-PLAN-DATE",
                message,
                src.locate(path),
                hint="write the point for its own year ('year:' on the point) or change the date",
            )


KIND = Plan()


def _campaign_source(ws: Workspace, campaign: Campaign) -> Source | None:
    """The file the campaign is written in (data/campaigns/), for file:line."""
    return next(
        (
            s
            for s in ws.sources.values()
            if "campaigns" in s.display
            and isinstance(s.data, dict)
            and s.data.get("id") == campaign.id
        ),
        None,
    )


_SAMPLE = {"roman": "I", "arabic": "1", "dotted": "1.1", "alpha": "a"}


def check_units(ws: Workspace, campaign: Campaign, rules: FormatRules, problems: Problems) -> None:
    """DATA-OUTLINE: a unit of the campaign's responsibilities deeper than the numbered levels
    of the format rules (format.yaml ``sections``: I., 1., 1.1., a)) left to a plan's units,
    which start at "1." under "TỔ CHỨC THỰC HIỆN": it would print without a number. Once for a
    campaign, however many plans print it."""
    memo = ws.derived.setdefault("plan-units-checked", set())
    if campaign.id in memo:
        return
    memo.add(campaign.id)
    numbered = [lv for lv in rules.sections if lv.format != "bullet"]
    usable = numbered[UNITS_LEVEL - 1 :]
    labels = ", ".join(_SAMPLE[lv.format] + lv.suffix for lv in usable)
    src = _campaign_source(ws, campaign)

    def walk(units: list[Responsibility], path: tuple[Any, ...], depth: int) -> None:
        for i, unit in enumerate(units):
            here = (*path, i)
            if depth > len(usable):
                problems.add(
                    "DATA-OUTLINE",
                    f"units go {len(usable)} levels deep in a plan ({labels}); "
                    f"'{unit.unit}' is deeper: write it in its unit's 'tasks' (-, +)",
                    src.locate((*here, "unit")) if src is not None else None,
                )
                continue
            walk(unit.units, (*here, "units"), depth + 1)

    walk(campaign.responsibilities, ("responsibilities",), 1)
