"""The summary report (Báo cáo tổng kết): every figure computed from the data, and its tables
(its chart: report_chart). Nothing is typed: the same results, proposals and decisions feed
every document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docgen.awards.kinds.decision_award import awarded_parts
from docgen.awards.specs import AwardDecisionSpec
from docgen.awards.tables import simple_table
from docgen.awards.wording import award_wording
from docgen.data.results import CampaignResults, Count, Standard
from docgen.documents.sections import Blocks
from docgen.rules import FormatRules
from docgen.vn.numbers import format_money

if TYPE_CHECKING:
    from docgen.awards.commendation import DecisionList
    from docgen.awards.kinds.report import ReportSpec
    from docgen.data.workspace import Workspace


def percent(part: int, whole: int) -> str:
    """Vietnamese decimal comma, rounded half up (rules/text.yaml ``percent_decimals.report``):
    ``67,6%``; nothing of nothing is ``0%``."""
    from docgen.rules import text_rules
    from docgen.vn.numbers import percent_figure

    if not whole:
        return "0%"
    return percent_figure(part, whole, text_rules().percent_decimals["report"]) + "%"


@dataclass
class ClusterFigures:
    """A cluster's awards: who received them and the money, by form."""

    id: str
    name: str
    short: str
    schools: list[str]
    collectives: int = 0
    individuals: int = 0
    money: int = 0
    # award form → [collectives, individuals, money] given in this cluster
    by_form: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class ClusterSeries:
    """One cluster's figure of one indicator, by year."""

    short: str
    schools: int
    by_year: dict[int, int]


@dataclass
class Series:
    """One indicator of the campaign (data/results) by cluster and year, with the numbers of
    its chart and table in the report: a standard counts the schools that reached it by the
    end of each year, a count sums what the schools did in each year."""

    indicator: Standard | Count
    years: list[int]
    clusters: list[ClusterSeries]
    table_number: int = 0
    chart_number: int = 0

    @property
    def standard(self) -> bool:
        return isinstance(self.indicator, Standard)

    @property
    def axis(self) -> str:
        return self.indicator.axis if isinstance(self.indicator, Standard) else ""

    @property
    def axis_in_text(self) -> str:
        """The figure's name inside a sentence: "số trường đạt chuẩn"."""
        return self.axis[:1].lower() + self.axis[1:]

    def total(self, year: int | None = None) -> int:
        """All clusters' figure in ``year``; without a year, a count over the whole period."""
        return sum(
            c.by_year[y] for c in self.clusters for y in self.years if year is None or y == year
        )


@dataclass
class ReportFigures:
    years: list[int]
    school_count: int
    clusters: list[ClusterFigures]
    notes: list[tuple[str, str]]
    award_names: list[str]
    series: list[Series] = field(default_factory=list)
    awarder: str = ""
    awards_table_number: int = 0

    @property
    def last_year(self) -> int:
        return self.years[-1]

    @property
    def collectives(self) -> int:
        return sum(c.collectives for c in self.clusters)

    @property
    def individuals(self) -> int:
        return sum(c.individuals for c in self.clusters)

    @property
    def money(self) -> int:
        return sum(c.money for c in self.clusters)


def _series(
    indicator: Standard | Count,
    results: CampaignResults,
    years: list[int],
    clusters: list[ClusterFigures],
) -> Series:
    made = []
    for cluster in clusters:
        found = [results.schools[s] for s in cluster.schools if s in results.schools]
        if isinstance(indicator, Standard):
            by_year = {
                y: sum(1 for r in found if r.reached.get(indicator.id, y + 1) <= y) for y in years
            }
        else:
            by_year = {
                y: sum(r.values.get(indicator.id, {}).get(y, 0) for r in found) for y in years
            }
        made.append(ClusterSeries(cluster.short, len(cluster.schools), by_year))
    return Series(indicator, years, made)


def compute(ws: Workspace, spec: ReportSpec) -> ReportFigures:
    """The figures of the report, from results, schools and the campaign's award decisions."""
    assert ws.schools is not None
    campaign = ws.campaigns[spec.campaign]
    results: CampaignResults = ws.results[spec.campaign]
    years = list(range(campaign.period.start, campaign.period.end + 1))
    clusters: list[ClusterFigures] = []
    for cid, cluster in ws.schools.clusters.items():
        members = [s for s, school in ws.schools.schools.items() if school.cluster == cid]
        clusters.append(ClusterFigures(cid, cluster.name, cluster.short, members))
    series = [_series(i, results, years, clusters) for i in results.indicators]
    # the tables and charts numbered in the order the report prints them (Bảng 1, Biểu đồ 1…)
    tables = charts = 0
    for s in series:
        if s.standard:
            charts += 1
            s.chart_number = charts
        tables += 1
        s.table_number = tables
    by_school = {s: c for c in clusters for s in c.schools}
    award_names: list[str] = []
    for decision in ws.specs.values():
        if (
            not isinstance(decision, AwardDecisionSpec)
            or decision.campaign != spec.campaign
            or decision.issuer != spec.issuer  # the report counts its issuer's own awards
            or decision.date > spec.date  # a decision after the report is not yet known to it
        ):
            continue
        for data in awarded_parts(ws, decision):  # award by award
            named = award_wording(data.award).named  # a title as "danh hiệu “…”"
            if named not in award_names:
                award_names.append(named)
            _count(by_school, named, data)
    notes = [(ws.schools.schools[s].name, r.note) for s, r in results.schools.items() if r.note]
    return ReportFigures(
        years,
        len(ws.schools.schools),
        clusters,
        notes,
        award_names,
        series,
        results.awarder,
        tables + 1,
    )


def series_table(s: Series, school_count: int, rules: FormatRules) -> Blocks:
    """A standard: schools having reached it by the end of each year, by cluster, and the
    share of them at the end; a count: by cluster and year, and over the period."""
    if s.standard:
        headers = ["Cụm thi đua", "Số trường", *[str(y) for y in s.years], "Tỷ lệ"]
        last = s.years[-1]
        rows = [
            [
                c.short,
                str(c.schools),
                *[str(c.by_year[y]) for y in s.years],
                percent(c.by_year[last], c.schools),
            ]
            for c in s.clusters
        ]
        total = [
            "Tổng cộng",
            str(school_count),
            *[str(s.total(y)) for y in s.years],
            percent(s.total(last), school_count),
        ]
        return simple_table(rules, headers, rows, total, first_mm=55)
    headers = ["Cụm thi đua", *[str(y) for y in s.years], "Cộng"]
    rows = [
        [c.short, *[str(c.by_year[y]) for y in s.years], str(sum(c.by_year.values()))]
        for c in s.clusters
    ]
    total = ["Tổng cộng", *[str(s.total(y)) for y in s.years], str(s.total())]
    return simple_table(rules, headers, rows, total, first_mm=55)


def awards_table(f: ReportFigures, rules: FormatRules) -> Blocks:
    """Awards by form (a group row each) and by cluster, with the money, and a totals row."""
    headers = ["Cụm thi đua", "Tập thể", "Cá nhân", "Số tiền (đồng)"]
    groups = []
    for form in f.award_names:
        rows = []
        for c in f.clusters:
            collectives, individuals, money = c.by_form.get(form, [0, 0, 0])
            rows.append([c.short, str(collectives), str(individuals), format_money(money)])
        groups.append((form[:1].upper() + form[1:], rows))
    total = ["Tổng cộng", str(f.collectives), str(f.individuals), format_money(f.money)]
    return simple_table(rules, headers, [], total, first_mm=55, groups=groups)


def _count(by_school: dict[str, ClusterFigures], named: str, data: DecisionList) -> None:
    """Count one award's list of a decision in its schools' figures."""
    for awardee in [*data.collectives, *data.individuals]:
        counted = by_school.get(awardee.school_id)
        if counted is None:  # a body outside the clusters (data/bodies.yaml)
            continue
        form = counted.by_form.setdefault(named, [0, 0, 0])
        if awardee.kind == "collective":
            counted.collectives += 1
            form[0] += 1
        else:
            counted.individuals += 1
            form[1] += 1
        counted.money += awardee.amount.value
        form[2] += awardee.amount.value
