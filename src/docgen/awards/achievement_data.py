"""The data of achievement reports (Báo cáo thành tích): each nominee's details, the forms the
Bộ Nội vụ prescribes by date, and their checks against the proposals.

Two kinds of file:

* ``data/achievements/<year>/<school>.yaml`` (optional, one per school and year): the details
  of the nominees of ``data/proposals/<year>/<school>.yaml``. An entry is matched to its nominee
  as the proposals tell nominees apart (``workspace.nominee_key``): the name and the unit, and
  the birth date when both give one. An entry that matches no nominee is an error; a nominee
  without an entry gets a warning, and its report is made from the proposal's summary (an
  error when the batch is asked to be ``strict``).
* ``data/law/forms.yaml``: which form (mẫu) applies on which day, for an individual and for a
  collective, with the act and article it is taken from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from docgen.awards.law import Cited, LegalText, unconfirmed_warning
from docgen.data.bodies import body_key
from docgen.data.body_alias import body_alias
from docgen.data.loader import KeyPath, Source
from docgen.data.models import (
    AwardCatalogue,
    Identifier,
    InForce,
    Name,
    PointItem,
    Proposal,
    Record,
    Text,
)
from docgen.errors import Diagnostic, Location, Problems, Severity
from docgen.i18n import message
from docgen.vn.dates import short_date

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace

Recipient = Literal["collective", "individual"]

# -- the forms by date (data/law/forms.yaml) ---------------------------------------------------


class ReportForm(Cited):
    """One prescribed form: its number in the act's annex and the headings it prints."""

    form: Text  # "Mẫu số 02"
    name: Text  # what the form is for, as the annex names it
    confirm: Text  # the left signature's heading: the head (or the level above) confirming
    sign: Text  # the right signature's heading: the nominee, or the collective's head


class FormsRow(InForce):
    """The forms of one act, for the days it is in force."""

    act: LegalText  # the act whose annex holds the forms
    in_force: Cited
    template: Identifier = "achievement"  # templates/<system>/<template>.docx
    individual: ReportForm
    collective: ReportForm
    # the headings of the tables of section III (titles received, forms received)
    titles_columns: list[Text] = Field(min_length=3, max_length=3)
    awards_columns: list[Text] = Field(min_length=3, max_length=3)

    @property
    def act_name(self) -> str:
        """The act as named in short: "Thông tư số 01/2024/TT-BNV"."""
        return re.split(r" ngày | của ", " ".join(self.act.text.split()), maxsplit=1)[0]

    def for_recipient(self, recipient: Recipient) -> ReportForm:
        return self.collective if recipient == "collective" else self.individual


class FormsTable(Record):
    """data/law/forms.yaml."""

    forms: list[FormsRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_a_day(self) -> FormsTable:
        ordered = sorted(self.forms, key=lambda r: r.from_)
        if ordered != self.forms:
            raise ValueError("the forms must be listed in date order")
        for before, after in pairwise(ordered):
            if before.to is None or before.to >= after.from_:
                raise ValueError(
                    f"the forms of {after.act.text[:40]}… start on "
                    f"{after.from_.strftime('%d/%m/%Y')}, while the earlier ones are still in "
                    f"force ({before.period})"
                )
        return self

    def on(self, day: dt.date) -> int | None:
        """The index of the row in force on ``day``, or None."""
        return next((i for i, row in enumerate(self.forms) if row.covers(day)), None)

    def coverage(self) -> str:
        return "; ".join(row.period for row in self.forms)


# -- the details of the nominees (data/achievements/<year>/<school>.yaml) ----------------------


class Received(Record):
    """A title or a form the nominee already received: a row of section III's tables."""

    year: int = Field(ge=1945, le=2100)
    award: Identifier | None = None  # an id of data/law/awards.yaml: its name, title or form
    title: Text | None = None  # a danh hiệu thi đua the catalogue lacks
    form: Text | None = None  # a hình thức khen thưởng the catalogue lacks
    number: Text  # the decision's number and symbol: "215/QĐ-TCT", "1569-QĐ/HVCTQG"
    date: dt.date  # the decision's date
    by: Text  # who issued it: "Hiệu trưởng Trường Chính trị tỉnh Lào Cai"

    @model_validator(mode="after")
    def _one_name(self) -> Received:
        given = [n for n in ("award", "title", "form") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'award' (an id of data/law/awards.yaml), 'title' (a danh "
                "hiệu thi đua) or 'form' (a hình thức khen thưởng)"
            )
        return self


class Head(Record):
    """Who signs: a name and a title ("Hiệu trưởng", "Trưởng khoa")."""

    name: Name
    title: Text


class IndividualDetails(Record):
    """One individual's report: Sơ lược lý lịch, duties, achievements, what was received."""

    name: Name  # as in the proposal
    unit: Text | None = None  # as in the proposal (default: the school)
    birth_date: dt.date | None = None  # tells namesakes apart, and is printed
    hometown: Text | None = None  # quê quán
    residence: Text | None = None  # trú quán
    positions: list[Text] = Field(default_factory=list)  # Party and union posts besides the job
    qualification: Text | None = None  # trình độ chuyên môn, nghiệp vụ
    political_theory: Text | None = None  # trình độ lý luận chính trị
    honours: Text | None = None  # học hàm, học vị, danh hiệu, giải thưởng
    duties: list[PointItem] = Field(min_length=1)  # quyền hạn, nhiệm vụ được giao
    achievements: list[PointItem] = Field(min_length=1)  # with figures
    received: list[Received] = Field(default_factory=list)


class CollectiveDetails(Record):
    """One collective's report: Sơ lược đặc điểm, tình hình, results, measures, received."""

    name: Name  # as in the proposal
    unit: Text | None = None  # as in the proposal (default: the school)
    address: Text | None = None  # địa chỉ trụ sở
    phone: Text | None = None
    staff: Text | None = None  # "07 cán bộ, giảng viên; 03 tiến sĩ, 04 thạc sĩ"
    history: Text | None = None  # quá trình thành lập và phát triển
    organisation: list[PointItem] = Field(default_factory=list)  # cơ cấu tổ chức
    duties: list[PointItem] = Field(min_length=1)  # chức năng, nhiệm vụ
    achievements: list[PointItem] = Field(min_length=1)  # results, with figures
    measures: list[PointItem] = Field(default_factory=list)  # biện pháp, nguyên nhân
    head: Head | None = None  # the collective's head, who signs its report
    received: list[Received] = Field(default_factory=list)


class AchievementsFile(Record):
    """data/achievements/<year>/<body>.yaml: the details of one body's nominees."""

    campaign: Identifier
    year: int
    school: Identifier  # the body (docgen.data.bodies), written ``body:`` or ``school:``
    # the award of the proposal these details belong to, when the school proposes nominees for
    # two awards in the same year (data/proposals/2024/nghe-an.yaml and nghe-an-ubnd.yaml)
    award: Identifier | None = None
    # the unit whose header the reports carry (default: the issuer of the school's proposal
    # document, else the school's name)
    issuer: Identifier | None = None
    date: dt.date | None = None  # the reports' date (default: the proposal's)
    # the head confirming (default: the body's head, else the issuer's head among its signers)
    head: Head | None = None
    collectives: list[CollectiveDetails] = Field(default_factory=list)
    individuals: list[IndividualDetails] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _body(cls, data: Any) -> Any:
        return body_alias(data)


# -- the rows of section III: one function, so that the award history can fill them later ------


@dataclass(frozen=True)
class ReceivedRow:
    year: int
    kind: Literal["title", "form"]  # danh hiệu thi đua / hình thức khen thưởng
    name: str
    decision: str  # "Quyết định số 215/QĐ-TCT ngày 20/7/2022 của Hiệu trưởng …"


def received_rows(
    received: Sequence[Received], catalogue: AwardCatalogue | None
) -> list[ReceivedRow]:
    """The rows of the two tables of "III. Các hình thức đã được khen thưởng", by year then
    date; an award of the catalogue is a title or a form as the catalogue says."""
    rows: list[tuple[int, dt.date, ReceivedRow]] = []
    for item in received:
        kind: Literal["title", "form"]
        if item.award is not None:
            rule = catalogue.get(item.award) if catalogue is not None else None
            name = rule.name if rule is not None else item.award
            kind = rule.kind if rule is not None else "form"
        elif item.title is not None:
            name, kind = item.title, "title"
        else:
            assert item.form is not None  # validated: exactly one is given
            name, kind = item.form, "form"
        decision = f"Quyết định số {item.number} ngày {short_date(item.date)} của {item.by}"
        rows.append((item.year, item.date, ReceivedRow(item.year, kind, name, decision)))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


# -- matching entries to nominees --------------------------------------------------------------

Matches = dict[tuple[Recipient, int], int]  # (recipient, index in the proposal) → entry index


def _key(unit: str | None, default_unit: str, name: str) -> tuple[str, str]:
    from docgen.awards.nominees import nominee_key

    return nominee_key(unit or default_unit), nominee_key(name)


def match_entries(
    proposal: Proposal,
    proposal_shown: str,
    details: AchievementsFile,
    source: Source,
    problems: Problems,
) -> Matches:
    """Which entry of ``details`` holds which nominee of ``proposal``. An entry matching no
    nominee, or two, or a nominee already matched, is an error in ``problems``."""
    from docgen.awards.nominees import same_person

    found: Matches = {}
    taken: dict[tuple[Recipient, int], KeyPath] = {}
    groups: tuple[tuple[Recipient, str, Sequence[object], Sequence[object]], ...] = (
        ("collective", "collectives", proposal.collectives, details.collectives),
        ("individual", "individuals", proposal.individuals, details.individuals),
    )
    for recipient, field_name, nominees, entries in groups:
        keys = [
            _key(getattr(n, "unit", None), proposal.school, getattr(n, "name", ""))
            for n in nominees
        ]
        for e, entry in enumerate(entries):
            at: KeyPath = (field_name, e, "name")
            key = _key(getattr(entry, "unit", None), proposal.school, getattr(entry, "name", ""))
            birth = getattr(entry, "birth_date", None)
            candidates = [
                i
                for i, (k, n) in enumerate(zip(keys, nominees, strict=True))
                if k == key and same_person(birth, getattr(n, "birth_date", None))
            ]
            name = getattr(entry, "name", "")
            if not candidates:
                hint = (
                    "write the name and the unit as the proposal does (and the same "
                    "birth_date, if both give one)"
                )
                if recipient == "collective":
                    message = f"'{name}' matches no collective of {proposal_shown}"
                else:
                    message = f"'{name}' matches no individual of {proposal_shown}"
                problems.add("DATA-ACHIEVEMENT-NOMINEE", message, source.locate(at), hint=hint)
                continue
            if len(candidates) > 1:
                problems.add(
                    "DATA-ACHIEVEMENT-NOMINEE",
                    f"'{name}' matches {len(candidates)} nominees of {proposal_shown} (namesakes "
                    "of one unit)",
                    source.locate(at),
                    hint="give the birth_date (YYYY-MM-DD) the proposal gives the one meant",
                )
                continue
            slot = (recipient, candidates[0])
            if slot in taken:
                problems.add(
                    "DATA-DUPLICATE-NOMINEE",
                    f"'{name}' has details twice (first at {source.locate(taken[slot])})",
                    source.locate(at),
                )
                continue
            taken[slot] = at
            found[slot] = e
    return found


def proposals_for(ws: Workspace, details: AchievementsFile) -> list[tuple[str, Proposal]]:
    """The proposals (display path, record) a details file may belong to: its campaign, year
    and school, and its award when it names one."""
    return [
        (shown, p)
        for shown, p in sorted(ws.proposals.items())
        if p.campaign == details.campaign
        and p.year == details.year
        and p.school == details.school
        and (details.award is None or p.award == details.award)
    ]


def proposal_for(ws: Workspace, details: AchievementsFile) -> tuple[str, Proposal] | None:
    """The proposal a details file belongs to; None when none, or several, fit it."""
    found = proposals_for(ws, details)
    return found[0] if len(found) == 1 else None


def details_for(ws: Workspace, proposal: Proposal) -> tuple[str, AchievementsFile] | None:
    """The details file (display path, record) of a proposal, when there is one."""
    return next(
        (
            (shown, d)
            for shown, d in ws.achievements.items()
            if (found := proposal_for(ws, d)) is not None and found[1] is proposal
        ),
        None,
    )


def report_day(details: AchievementsFile | None, proposal: Proposal) -> dt.date:
    """The reports' date: the details file's, else the proposal's."""
    return details.date if details is not None and details.date is not None else proposal.date


# -- loading and checking (called by workspace.load_workspace) ---------------------------------

FORMS_FILE = "data/law/forms.yaml"


def load_achievement_data(
    ws: Workspace, load: Callable[..., Source | None], problems: Problems
) -> list[Diagnostic]:
    """Read data/law/forms.yaml and data/achievements/*/*.yaml into ``ws``; check each details
    file against its proposal. Returns the warnings (nominees without details, unconfirmed
    values of the forms in use)."""
    from docgen.data.workspace import display_path, validate

    warnings: list[Diagnostic] = []
    forms_path = ws.data_dir / "law" / "forms.yaml"
    forms_src: Source | None = None
    if forms_path.exists():
        forms_src = load(forms_path)
        if forms_src is not None:
            table, found = validate(FormsTable, forms_src, forms_src.data)
            problems.extend(found)
            ws.forms = table
    for path in sorted((ws.data_dir / "achievements").glob("*/*.yaml")):
        src = load(path)
        if src is None:
            continue
        details, found = validate(AchievementsFile, src, src.data)
        problems.extend(found)
        if details is None:
            continue
        ws.achievements[src.display] = details
        warnings.extend(_check_details(ws, details, src, forms_src, problems))
    if ws.achievements and forms_src is None and not forms_path.exists():
        problems.add(
            "DATA-LAYOUT",
            "the achievement reports need data/law/forms.yaml (the prescribed forms by date)",
            Location(display_path(ws.root, forms_path)),
        )
    return warnings


def _check_details(
    ws: Workspace,
    details: AchievementsFile,
    src: Source,
    forms_src: Source | None,
    problems: Problems,
) -> list[Diagnostic]:
    warnings: list[Diagnostic] = []
    if details.issuer is not None and details.issuer not in ws.issuers:
        known = ", ".join(sorted(ws.issuers)) or "none"
        problems.add(
            "DATA-REF",
            f"unknown issuer '{details.issuer}' (known: {known})",
            src.locate(("issuer",)),
        )
    candidates = proposals_for(ws, details)
    if len(candidates) > 1:
        awards = ", ".join(p.award for _, p in candidates)
        problems.add(
            "DATA-AMBIGUOUS",
            f"'{details.school}' has {len(candidates)} proposals for {details.year} in the "
            f"campaign '{details.campaign}' ({', '.join(shown for shown, _ in candidates)}): "
            "say whose nominees these details are",
            src.locate((body_key(src),)),
            hint=f"add award: with the award of the proposal they belong to ({awards})",
        )
        return warnings
    found = proposal_for(ws, details)
    if found is None:
        if f"proposal:{details.school}:{details.year}" not in ws.broken:
            problems.add(
                "DATA-REF",
                f"no proposal of '{details.school}' for {details.year} in the campaign "
                f"'{details.campaign}' (data/proposals/{details.year}/{details.school}.yaml)",
                src.locate((body_key(src),)),
            )
        return warnings
    shown, proposal = found
    matches = match_entries(proposal, shown, details, src, problems)
    day = report_day(details, proposal)
    entries: tuple[tuple[str, Sequence[IndividualDetails | CollectiveDetails]], ...] = (
        ("collectives", details.collectives),
        ("individuals", details.individuals),
    )
    for field_name, group in entries:
        for e, entry in enumerate(group):
            for r, item in enumerate(entry.received):
                at: KeyPath = (field_name, e, "received", r)
                if (
                    item.award is not None
                    and ws.catalogue is not None
                    and ws.catalogue.unknown(item.award)
                ):
                    problems.add(
                        "DATA-REF", f"unknown award '{item.award}'", src.locate((*at, "award"))
                    )
                if item.date > day:
                    problems.add(
                        "DATA-DATE-ORDER",
                        f"the decision {item.number} ({item.date.strftime('%d/%m/%Y')}) is dated "
                        f"after the report ({day.strftime('%d/%m/%Y')})",
                        src.locate((*at, "date")),
                    )
    # nominees the file forgot: their reports are made from the proposal's summary
    proposal_src = ws.sources[shown]
    nominees: tuple[tuple[Recipient, str, Sequence[object]], ...] = (
        ("collective", "collectives", proposal.collectives),
        ("individual", "individuals", proposal.individuals),
    )
    for recipient, field_name, members in nominees:
        for i, nominee in enumerate(members):
            if (recipient, i) not in matches:
                name = getattr(nominee, "name", "")
                warnings.append(missing_details(name, src.display, proposal_src, field_name, i))
    at_date = src.locate(("date",) if details.date is not None else ("school",))
    if ws.forms is not None and forms_src is not None:
        index = form_in_force(ws.forms, day, at_date, problems)
        if index is not None:
            warnings.extend(form_warnings(ws.forms, index, forms_src, at_date))
    return warnings


def form_in_force(forms: FormsTable, day: dt.date, at: Location, problems: Problems) -> int | None:
    """The row of data/law/forms.yaml in force on ``day``; none is an error at ``at``."""
    index = forms.on(day)
    if index is None:
        problems.add(
            "DATA-LAW-DATE",
            f"no form of achievement report is in force on {day.strftime('%d/%m/%Y')} "
            f"(data/law/forms.yaml covers: {forms.coverage()})",
            at,
            hint="add the forms in force then to data/law/forms.yaml, or correct the date",
        )
    return index


def missing_details(
    name: str,
    details_shown: str,
    proposal_src: Source,
    field_name: str,
    index: int,
    *,
    strict: bool = False,
) -> Diagnostic:
    """A nominee without details: a warning (the report is made from the proposal's summary),
    or an error in a strict batch."""
    return Diagnostic(
        "ACHIEVEMENT-MISSING",
        f"'{name}' has no details in {details_shown}: the achievement report is made from the "
        "proposal's summary",
        proposal_src.locate((field_name, index, "name")),
        Severity.ERROR if strict else Severity.WARNING,
        f"add an entry for them to {details_shown} (name and unit as here)",
    )


def form_warnings(
    table: FormsTable, index: int, forms_src: Source, at: Location
) -> list[Diagnostic]:
    """Warnings for the values of the forms row in force that were not read in the act."""
    row = table.forms[index]
    used: list[tuple[str, Cited, tuple[str | int, ...]]] = [
        (
            message("the dates in force {period}", period=row.period),
            row.in_force,
            ("forms", index, "from"),
        ),
        (message("the citation of {act}", act=row.act_name), row.act, ("forms", index, "act")),
        (
            message("the form for individuals ({form})", form=row.individual.form),
            row.individual,
            ("forms", index, "individual"),
        ),
        (
            message("the form for collectives ({form})", form=row.collective.form),
            row.collective,
            ("forms", index, "collective"),
        ),
    ]
    return [
        unconfirmed_warning(what, value, forms_src.locate(path), at)
        for what, value, path in used
        if not value.confirmed
    ]
