"""The summary report (Báo cáo tổng kết): every figure computed from the data, and its tables
(its chart: report_chart). Nothing is typed: the same results, proposals and decisions feed
every document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docgen.awards.kinds.decision_award import awarded
from docgen.awards.specs import AwardDecisionSpec
from docgen.awards.tables import simple_table
from docgen.data.models import CampaignResults
from docgen.documents.sections import Blocks
from docgen.rules import FormatRules
from docgen.vn.numbers import format_money

if TYPE_CHECKING:
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
    id: str
    name: str
    short: str
    schools: list[str]
    reached: dict[int, int] = field(default_factory=dict)  # cumulative by the end of a year
    seminars: dict[int, int] = field(default_factory=dict)
    collectives: int = 0
    individuals: int = 0
    money: int = 0
    # award form → [collectives, individuals, money] given in this cluster
    by_form: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class ReportFigures:
    years: list[int]
    school_count: int
    clusters: list[ClusterFigures]
    notes: list[tuple[str, str]]
    award_names: list[str]

    def reached(self, year: int) -> int:
        return sum(c.reached[year] for c in self.clusters)

    def seminars(self, year: int | None = None) -> int:
        return sum(
            c.seminars[y] for c in self.clusters for y in self.years if year is None or y == year
        )

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


def compute(ws: Workspace, spec: ReportSpec) -> ReportFigures:
    """The figures of the report, from results, schools and the campaign's award decisions."""
    assert ws.schools is not None
    campaign = ws.campaigns[spec.campaign]
    results: CampaignResults = ws.results[spec.campaign]
    years = list(range(campaign.period.start, campaign.period.end + 1))
    clusters: list[ClusterFigures] = []
    for cid, cluster in ws.schools.clusters.items():
        members = [s for s, school in ws.schools.schools.items() if school.cluster == cid]
        figures = ClusterFigures(cid, cluster.name, cluster.short, members)
        for year in years:
            figures.reached[year] = sum(
                1
                for s in members
                if (r := results.schools.get(s)) and r.reached is not None and r.reached <= year
            )
            figures.seminars[year] = sum(
                results.schools[s].seminars.get(year, 0) for s in members if s in results.schools
            )
        clusters.append(figures)
    by_school = {s: c for c in clusters for s in c.schools}
    award_names: list[str] = []
    for decision in ws.specs.values():
        if (
            not isinstance(decision, AwardDecisionSpec)
            or decision.campaign != spec.campaign
            or decision.issuer != spec.issuer  # the report counts its issuer's own awards
        ):
            continue
        data = awarded(ws, decision)
        if data.award.name not in award_names:
            award_names.append(data.award.name)
        for awardee in [*data.collectives, *data.individuals]:
            counted = by_school[awardee.school_id]
            form = counted.by_form.setdefault(data.award.name, [0, 0, 0])
            if awardee.kind == "collective":
                counted.collectives += 1
                form[0] += 1
            else:
                counted.individuals += 1
                form[1] += 1
            counted.money += awardee.amount.value
            form[2] += awardee.amount.value
    notes = [(ws.schools.schools[s].name, r.note) for s, r in results.schools.items() if r.note]
    return ReportFigures(years, len(ws.schools.schools), clusters, notes, award_names)


def reached_table(f: ReportFigures, rules: FormatRules) -> Blocks:
    headers = ["Cụm thi đua", "Số trường", *[str(y) for y in f.years], "Tỷ lệ"]
    rows = [
        [
            c.short,
            str(len(c.schools)),
            *[str(c.reached[y]) for y in f.years],
            percent(c.reached[f.last_year], len(c.schools)),
        ]
        for c in f.clusters
    ]
    total = [
        "Tổng cộng",
        str(f.school_count),
        *[str(f.reached(y)) for y in f.years],
        percent(f.reached(f.last_year), f.school_count),
    ]
    return simple_table(rules, headers, rows, total, first_mm=55)


def seminars_table(f: ReportFigures, rules: FormatRules) -> Blocks:
    headers = ["Cụm thi đua", *[str(y) for y in f.years], "Cộng"]
    rows = [
        [c.short, *[str(c.seminars[y]) for y in f.years], str(sum(c.seminars.values()))]
        for c in f.clusters
    ]
    total = ["Tổng cộng", *[str(f.seminars(y)) for y in f.years], str(f.seminars())]
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
        groups.append((form, rows))
    total = ["Tổng cộng", str(f.collectives), str(f.individuals), format_money(f.money)]
    return simple_table(rules, headers, [], total, first_mm=55, groups=groups)
