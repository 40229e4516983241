"""A campaign's results (data/results/<campaign>.yaml): what the campaign measures, in its own
words, and each school's figures, from which the summary report (Báo cáo tổng kết) computes
every number. The report knows no campaign: its sections, sentences, chart and tables are
those of the indicators written here."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from docgen.data.models import Identifier, Record, Text


def _year_keys(value: object) -> object:
    """YAML mapping keys arrive as text ("2022"): years are whole numbers."""
    if isinstance(value, dict):
        try:
            return {int(k): v for k, v in value.items()}
        except ValueError as exc:
            raise ValueError(f"years must be whole numbers ({exc})") from exc
    return value


YearMap = Annotated[dict[int, int], BeforeValidator(_year_keys)]


class Standard(Record):
    """A standard each school reaches once, on meeting all its criteria (a school recognised as
    "đạt chuẩn"): counted by the end of each year, by cluster, with a chart and a table."""

    id: Identifier
    kind: Literal["standard"]
    title: Text  # the section: "Kết quả xây dựng trường chính trị chuẩn"
    counted: Text  # who is counted, in the plural: "trường chính trị tỉnh, thành phố"
    unit: Text  # one of them, as counted: "trường" ("năm 2023 có 5 trường")
    reached: Text  # what reaching it is: "được công nhận đạt chuẩn theo Quy định số 11-QĐ/TW"
    criteria: int = Field(gt=0)  # criteria a school must meet
    axis: Text  # the chart's axis and the sentence's figure: "Số trường đạt chuẩn"
    chart: Text  # the chart's caption: "Số trường đạt chuẩn theo cụm thi đua qua các năm"
    table: Text  # the table's caption


class Count(Record):
    """Something each school does a number of times a year (seminars held): summed by cluster
    and year, with a table."""

    id: Identifier
    kind: Literal["count"]
    title: Text  # the section: "Tổ chức tọa đàm"
    done: Text  # who did what: "các trường và các cụm thi đua đã tổ chức"
    counted: Text  # what is counted: "cuộc tọa đàm trao đổi giải pháp …"
    table: Text  # the table's caption: "Số tọa đàm theo cụm thi đua và năm"


Indicator = Annotated[Standard | Count, Field(discriminator="kind")]


class SchoolResult(Record):
    reached: dict[Identifier, int] = Field(default_factory=dict)  # standard → the year reached
    values: dict[Identifier, YearMap] = Field(default_factory=dict)  # indicator → by year
    note: Text | None = None


class CampaignResults(Record):
    """data/results/<campaign>.yaml."""

    campaign: Identifier
    awarder: Text  # who gives the campaign's awards, as the report says it: "Học viện"
    indicators: list[Indicator] = Field(min_length=1)
    schools: dict[Identifier, SchoolResult] = Field(min_length=1)

    def standards(self) -> list[Standard]:
        return [i for i in self.indicators if isinstance(i, Standard)]

    @model_validator(mode="after")
    def _consistent(self) -> CampaignResults:
        ids = [i.id for i in self.indicators]
        if len(set(ids)) != len(ids):
            raise ValueError(f"two indicators have the same id: {', '.join(sorted(ids))}")
        standards = {i.id: i for i in self.standards()}
        for school, result in self.schools.items():
            for name in result.values:
                if name not in ids:
                    raise ValueError(
                        f"{school}: '{name}' is not one of the indicators ({', '.join(ids)})"
                    )
            for name in result.reached:
                if name not in standards:
                    raise ValueError(
                        f"{school}: '{name}' is not a standard that can be reached "
                        f"({', '.join(standards) or 'none'})"
                    )
            for name, standard in standards.items():
                _check_reached(school, standard, result.reached.get(name), result.values)
        return self


def _check_reached(
    school: str, standard: Standard, reached: int | None, values: dict[str, dict[int, int]]
) -> None:
    """A school reached a standard in the first year it met all its criteria."""
    met = values.get(standard.id, {})
    full = [y for y, c in sorted(met.items()) if c >= standard.criteria]
    if reached is not None and met.get(reached, 0) < standard.criteria:
        raise ValueError(
            f"{school}: reached '{standard.id}' in {reached} but met only "
            f"{met.get(reached, 0)} of {standard.criteria} criteria then"
        )
    if reached is None and full:
        raise ValueError(
            f"{school}: met all {standard.criteria} criteria of '{standard.id}' in {full[0]} "
            "but has no 'reached' year"
        )
