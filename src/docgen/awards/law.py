"""Law by date: the decree tables of award money, which one is in force on a day, and checks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from docgen.data.loader import Source
from docgen.data.models import (
    AwardCatalogue,
    AwardRule,
    BaseSalaryStep,
    BaseSalaryTable,
    ExactDecimal,
    Identifier,
    InForce,
    LawCitation,
    Record,
    Text,
)
from docgen.errors import Diagnostic, Location, Problems, Severity
from docgen.i18n import message
from docgen.vn.numbers import format_money_dong

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace

Recipient = Literal["individual", "collective"]

# -- the tables (data/law/decrees/*.yaml) ----------------------------------------------------


class Cited(Record):
    """Where a value of the law comes from, and whether it was read in the act's own text."""

    source: Text  # "Nghị định 98/2023/NĐ-CP, Điều 53 khoản 2"
    confirmed: bool  # false: found elsewhere (press, other offices); validate warns on use
    note: Text | None = None  # what was found, for an unconfirmed value


class LegalText(Cited):
    text: Text  # the basis line as a decision writes it, without "Căn cứ" and ";"


class Rounding(Cited):
    step: int = Field(gt=0)  # amounts are rounded UP to a multiple of this many đồng


class IndividualMoney(Cited):
    coefficient: ExactDecimal = Field(gt=0)  # × base salary


class CollectiveMoney(Cited):
    """A collective's money: its own coefficient, or a multiple of the individual amount
    ("tập thể … gấp hai lần mức tiền thưởng đối với cá nhân")."""

    coefficient: ExactDecimal | None = Field(default=None, gt=0)
    times_individual: ExactDecimal | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_way(self) -> CollectiveMoney:
        if (self.coefficient is None) == (self.times_individual is None):
            raise ValueError("give either 'coefficient' or 'times_individual' for a collective")
        return self


class Issuers(Cited):
    who: list[Text] = Field(min_length=1)


class Category(Record):
    """One row of a decree's money table: a form or title as the decree words it."""

    name: Text
    individual: IndividualMoney | None = None
    collective: CollectiveMoney | None = None
    issued_by: Issuers | None = None  # documentation; not checked against issuers yet

    @model_validator(mode="after")
    def _some_money(self) -> Category:
        if self.individual is None and self.collective is None:
            raise ValueError("a category needs 'individual' or 'collective' money")
        if (
            self.collective is not None
            and self.collective.times_individual is not None
            and self.individual is None
        ):
            raise ValueError("'times_individual' needs the 'individual' coefficient")
        return self


class DecreeTable(InForce):
    """The award money of one decree, for the days it is in force."""

    number: Text  # "98/2023/NĐ-CP"
    in_force: Cited
    decree: LegalText
    act: LegalText
    rounding: Rounding
    categories: dict[Identifier, Category] = Field(min_length=1)


# -- the law of a workspace ------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A decree table with the file it was read from (for file:line in messages)."""

    data: DecreeTable
    source: Source
    # rows of the table that failed validation (reported once, where they are written): left
    # out of the table, and what needs them is not reported again
    broken: frozenset[str] = frozenset()

    def where(self, *path: str) -> Location:
        return self.source.locate(path)


@dataclass(frozen=True)
class Law:
    """Every decree table (ordered by date) and the base-salary table of a workspace."""

    tables: tuple[Table, ...]
    salaries: BaseSalaryTable
    # the days of the tables that failed validation as a whole, as far as they can be read
    # (None: not readable, any day): a document dated then is not reported again
    unread: tuple[tuple[dt.date | None, dt.date | None], ...] = ()

    def table_on(self, day: dt.date) -> Table | None:
        return next((t for t in self.tables if t.data.covers(day)), None)

    def unread_on(self, day: dt.date) -> bool:
        """A table in error (reported) may be the one in force on ``day``."""
        return any(
            (start is None or start <= day) and (end is None or day <= end)
            for start, end in self.unread
        )

    def coverage(self) -> str:
        return "; ".join(f"{t.data.number} {t.data.period}" for t in self.tables) or "none"


class NoLawError(LookupError):
    """No table (or no money for an award) on a day; validation reports it with a location."""


def money_for(
    table: DecreeTable, award: AwardRule, recipient: Recipient
) -> tuple[Decimal, list[tuple[str, str, Cited]]]:
    """The coefficient ``award`` pays ``recipient`` under ``table``, with the cited values it
    rests on as (what, where in the category, value), so that unconfirmed ones can be named."""
    category = table.categories.get(award.category) if award.category else None
    if category is None:
        raise NoLawError(f"{table.number} has no row '{award.category}' for '{award.name}'")
    individual, collective = category.individual, category.collective
    if recipient == "individual":
        if individual is None:
            raise NoLawError(f"{table.number} gives '{category.name}' to collectives only")
        return individual.coefficient, [
            (message("coefficient {value}", value=individual.coefficient), "individual", individual)
        ]
    if collective is None:
        raise NoLawError(f"{table.number} gives '{category.name}' to individuals only")
    if collective.coefficient is not None:
        return collective.coefficient, [
            (message("coefficient {value}", value=collective.coefficient), "collective", collective)
        ]
    assert individual is not None and collective.times_individual is not None  # validated
    return individual.coefficient * collective.times_individual, [
        (message("coefficient {value}", value=individual.coefficient), "individual", individual),
        (
            message("collective multiplier {value}", value=collective.times_individual),
            "collective",
            collective,
        ),
    ]


def check_tables(tables: list[Table], problems: Problems) -> tuple[Table, ...]:
    """Tables in date order; two tables in force on the same day are an error."""
    ordered = sorted(tables, key=lambda t: t.data.from_)
    for before, after in pairwise(ordered):
        if before.data.to is None or before.data.to >= after.data.from_:
            problems.add(
                "DATA-LAW-OVERLAP",
                f"{after.data.number} starts on {after.data.from_.strftime('%d/%m/%Y')}, while "
                f"{before.data.number} is still in force ({before.data.period}, "
                f"{before.source.display})",
                after.where("from"),
                hint=f"end {before.data.number} the day before ('to:')",
            )
    return tuple(ordered)


# -- checks of the workspace's documents against the law ------------------------------------


def _is_decision(spec: object) -> bool:
    from docgen.awards.specs import AwardDecisionSpec

    return isinstance(spec, AwardDecisionSpec)


def _paid_awards(ws: Workspace, spec: object) -> list[AwardRule]:
    """The awards a decision or a proposal pays (none for other documents)."""
    from docgen.awards.specs import AwardDecisionSpec, ProposalSpec

    if isinstance(spec, AwardDecisionSpec | ProposalSpec) and ws.catalogue is not None:
        ids = spec.award_ids if isinstance(spec, AwardDecisionSpec) else [spec.award]
        found = [ws.catalogue.get(award) for award in ids]
        # an office's own title (money: none) is paid by no table
        return [award for award in found if award is not None and award.paid]
    return []


def _law_bases(spec: object) -> list[tuple[int, LawCitation]]:
    bases = getattr(spec, "bases", None) or []
    return [(i, b) for i, b in enumerate(bases) if isinstance(b, LawCitation)]


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _recipients(award: AwardRule) -> list[Recipient]:
    kinds: tuple[Recipient, ...] = ("individual", "collective")
    return [r for r in kinds if award.allows(r)]


def check_catalogue(
    catalogue: AwardCatalogue, source: Source, law: Law, problems: Problems
) -> None:
    """Every award of the catalogue is paid by a row some decree table has (or, an office's
    own title, by none), and is worded as rules/awards.yaml knows."""
    from docgen.awards.wording import wording_ids

    known = {c for t in law.tables for c in (*t.data.categories, *t.broken)}
    wordings = wording_ids()
    for i, award in enumerate(catalogue.awards):
        if award.wording is not None and award.wording not in wordings:
            problems.add(
                "DATA-REF",
                f"unknown wording '{award.wording}' for '{award.name}' "
                f"(rules/awards.yaml has: {', '.join(wordings)})",
                source.locate(("awards", i, "wording")),
            )
        if award.category is not None and award.category not in known:
            problems.add(
                "DATA-REF",
                f"unknown category '{award.category}' for '{award.name}' "
                f"(the decree tables have: {', '.join(sorted(known)) or 'none'})",
                source.locate(("awards", i, "category")),
            )


Used = tuple[str, Cited | BaseSalaryStep, Location]  # what, the value, where it is written


def check_dates(ws: Workspace, problems: Problems) -> list[Diagnostic]:
    """Each document that pays money or cites the law has a table (and a base salary) in force
    on its date; returns warnings for unconfirmed values the documents use and for a decree
    cited in text that is not in force on the document's date."""
    warnings: list[Diagnostic] = []
    law = ws.law
    for spec_id, spec in ws.specs.items():
        src = ws.sources[ws.spec_display(spec_id)]
        at_date = src.locate(("date",))
        awards = _paid_awards(ws, spec)
        cites = _law_bases(spec)
        if law is not None:
            warnings.extend(_stale_citations(spec_id, ws, law))
        if not awards and not cites:
            continue
        if law is None:
            if ws.is_broken("law", "base_salary.yaml"):
                continue  # the file's errors are reported where they are written
            if not awards:  # an award decision without base salaries is reported already
                problems.add(
                    "DATA-LAYOUT",
                    "citing the law needs data/law/base_salary.yaml and data/law/decrees/",
                    src.locate(("bases", cites[0][0])),
                )
            continue
        if not law.tables:
            problems.add(
                "DATA-LAYOUT",
                "this document needs the decree tables of data/law/decrees/ (none found)",
                at_date,
            )
            continue
        table = law.table_on(spec.date)
        if table is None and law.unread_on(spec.date):
            continue  # its table has errors, reported in data/law/decrees/
        if table is None:
            problems.add(
                "DATA-LAW-DATE",
                f"no decree table is in force on {_day(spec.date)} (the tables cover: "
                f"{law.coverage()})",
                at_date,
                hint="add the table of the decree in force then to data/law/decrees/, "
                "or correct the date",
            )
            continue
        used: list[Used] = [
            (
                message("the dates in force {period}", period=table.data.period),
                table.data.in_force,
                table.where("from"),
            )
        ]
        used.extend(
            (
                message("the citation of the decree")
                if b.law == "decree"
                else message("the citation of the act"),
                getattr(table.data, b.law),
                table.where(b.law),
            )
            for _, b in cites
        )
        for award in awards:
            money = _money_values(ws, law, table, award, spec.date, src, problems)
            if _is_decision(spec):  # a proposal prints no money
                used.extend(money)
        seen: set[int] = set()
        for what, value, where in used:
            if value.confirmed or id(value) in seen:
                continue
            seen.add(id(value))
            warnings.append(unconfirmed_warning(what, value, where, at_date))
    return warnings


def unconfirmed_warning(
    what: str, value: Cited | BaseSalaryStep, where: object, at: Location | None
) -> Diagnostic:
    """The warning at ``at`` for a value of the law that was not read in the act itself:
    what it is, its source, where it is written (``where``, a place in data/law/) and its
    note. Shared by the money, the council's vote and the report forms."""
    # the note (why the value was not read) is the law data's own, in English: a clerk in
    # Vietnamese is pointed to it
    text = (
        message(
            "uses {what}, not confirmed from the legal text: {source} ({where}) — {note}",
            what=what,
            source=value.source,
            where=str(where),
            note=value.note,
        )
        if value.note
        else message(
            "uses {what}, not confirmed from the legal text: {source} ({where})",
            what=what,
            source=value.source,
            where=str(where),
        )
    )
    return Diagnostic(
        "LAW-UNCONFIRMED",
        text,
        at,
        Severity.WARNING,
        "check the value against the act, then set confirmed: true or correct it",
    )


def _money_values(
    ws: Workspace,
    law: Law,
    table: Table,
    award: AwardRule,
    day: dt.date,
    src: Source,
    problems: Problems,
) -> list[Used]:
    """The values the money of ``award`` on ``day`` rests on; missing ones are errors."""
    used: list[Used] = []
    step = law.salaries.step_on(day)
    if step is None:
        first = law.salaries.base_salary[0].from_
        problems.add(
            "DATA-LAW-DATE",
            f"no base salary is known on {_day(day)} (data/law/base_salary.yaml starts on "
            f"{_day(first)})",
            src.locate(("date",)),
        )
    elif not step.confirmed:
        index = law.salaries.base_salary.index(step)
        salary_src = ws.sources.get("data/law/base_salary.yaml")
        where = (
            salary_src.locate(("base_salary", index, "amount"))
            if salary_src
            else Location("data/law/base_salary.yaml")
        )
        used.append(
            (
                message("the base salary {amount}", amount=format_money_dong(step.amount)),
                step,
                where,
            )
        )
    assert award.category is not None  # only an award paid by a decree row has money values
    if award.category in table.broken:
        return used  # the row is in error, reported where it is written
    for recipient in _recipients(award):
        try:
            _coefficient, values = money_for(table.data, award, recipient)
        except NoLawError as exc:
            problems.add(
                "DATA-LAW-AWARD",
                f"'{award.name}' has no money for {recipient}s on {_day(day)}: {exc}",
                src.locate(("award",)),
            )
            continue
        used.extend(
            (
                message("the {what} of '{award}'", what=what, award=award.name),
                v,
                table.where("categories", award.category, part),
            )
            for what, part, v in values
        )
    rounding = table.data.rounding
    used.append(
        (
            message("the rounding up to {step}", step=format_money_dong(rounding.step)),
            rounding,
            table.where("rounding"),
        )
    )
    return used


_DECREE_NUMBER = re.compile(r"\d+/\d{4}/NĐ-CP")


def _stale_citations(spec_id: str, ws: Workspace, law: Law) -> list[Diagnostic]:
    """A basis written as text that names a decree of the tables not in force on the
    document's date (a 2024 decision citing Nghị định 152/2025, say)."""
    spec = ws.specs[spec_id]
    src = ws.sources[ws.spec_display(spec_id)]
    in_force = law.table_on(spec.date)
    numbers = {t.data.number: t for t in law.tables}
    found: list[Diagnostic] = []
    for i, basis in enumerate(spec.bases or []):
        if not isinstance(basis, str):
            continue
        for number in _DECREE_NUMBER.findall(basis):
            table = numbers.get(number)
            if table is None or table is in_force:
                continue
            now = f"{in_force.data.number} is" if in_force else "no table is"
            found.append(
                Diagnostic(
                    "LAW-CITATION",
                    f"cites Nghị định {number}, which is not in force on {_day(spec.date)} "
                    f"({table.data.period}); {now} in force then",
                    src.locate(("bases", i)),
                    Severity.WARNING,
                    "write '- law: decree' to cite the decree in force on the document's date",
                )
            )
    return found
