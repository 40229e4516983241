"""Typed records of the workspace data: issuers, signers, campaigns, document specs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from docgen.data.body_alias import body_alias
from docgen.data.period import YearOrPeriod
from docgen.output import WINDOWS_RESERVED
from docgen.register.policy import NumberingPolicy
from docgen.rules import AuthorityForm, register_limits

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A person's or a unit's name: long enough for any real name, short enough to print on one or
# two lines of a certificate and to make a file name.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
]
System = Literal["party", "state"]


def _template_path(value: str) -> str:
    """A path inside templates/: relative, forward slashes, no "..", ending .docx."""
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or ":" in value or ".." in parts:
        raise ValueError(f"'{value}' must be a path inside templates/, like my-office/cv.docx")
    if not value.endswith(".docx") or "" in parts:
        raise ValueError(f"'{value}' must name a .docx file inside templates/")
    return value


TemplatePath = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_template_path)
]
Authority = AuthorityForm  # the forms of rules/signing.yaml


class Record(BaseModel):
    """Base of every data record: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class InForce(Record):
    """A rule or table of the law for the days it is in force: ``from`` its first day, ``to``
    its last (absent while in force). The decree tables, the vote rules, the eligibility rules
    and the forms of the achievement reports are each chosen this way by a document's date."""

    from_: dt.date = Field(alias="from")
    to: dt.date | None = None  # last day in force; absent while in force

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.to is not None and self.to < self.from_:
            raise ValueError("'to' is before 'from'")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day <= self.to)

    @property
    def period(self) -> str:
        end = self.to.strftime("%d/%m/%Y") if self.to else "…"
        return f"{self.from_.strftime('%d/%m/%Y')} – {end}"


class Signer(Record):
    name: Text
    title: Text  # e.g. "Phó Giám đốc"


class Issuer(Record):
    id: Identifier
    name: Text  # full name in running text: "Học viện Chính trị quốc gia Hồ Chí Minh"
    header: list[Text] = Field(min_length=1)  # the issuing body as printed, one line each
    parent: list[Text] = Field(default_factory=list)  # superior/parent body, one line each
    abbr: Text  # "HVCTQG", "UBND", "SNV"
    system: System
    place: Text  # "Hà Nội"
    pad_dates: bool = True  # format.md "Date line": padding is the rule, an issuer may opt out
    head_title: Text  # title of the head, for authority lines: "Giám đốc"
    signers: dict[Identifier, Signer] = Field(min_length=1)
    numbering: NumberingPolicy = NumberingPolicy()  # format.md "Document numbers"


class Point(Record):
    """A point of a list: its text and optional sub-points (rendered "-" then "+")."""

    text: Text
    points: list[Text] = Field(default_factory=list)
    # a campaign's point for one year only ("… trước ngày 30/9/2022"): printed by that year's
    # plan (and by the launching plan dated that year), left out of the other years' plans
    year: int | None = None


PointItem = Text | Point


class Award(Record):
    form: Text  # "Bằng khen của Giám đốc Học viện"
    recipients: Text  # "Tập thể, cá nhân thuộc các trường chính trị"


class TimelineYear(Record):
    year: int
    # required; ``activities: []`` states a year of the period without activities (a warning,
    # and the plan of the period leaves the year out), where a year left out of the timeline
    # is an error
    activities: list[PointItem]


class Responsibility(Record):
    """A unit and what it must do; units nest (the Học viện's departments under "Các đơn vị")."""

    unit: Text
    tasks: list[PointItem] = Field(default_factory=list)
    units: list[Responsibility] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Responsibility:
        if not self.tasks and not self.units:
            raise ValueError("a unit needs tasks or sub-units")
        return self


class Period(Record):
    start: int
    end: int

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


class Content(Record):
    collective: list[PointItem] = Field(min_length=1)
    individual: list[PointItem] = Field(min_length=1)


def _point_years(campaign: Campaign) -> list[int]:
    """The years written on the campaign's points (``year:``), wherever they stand."""
    lists = [campaign.purposes, campaign.requirements, campaign.content.collective]
    lists += [campaign.content.individual, *(t.activities for t in campaign.timeline)]
    units = list(campaign.responsibilities)
    while units:
        unit = units.pop()
        lists.append(unit.tasks)
        units += unit.units
    return [p.year for items in lists for p in items if isinstance(p, Point) and p.year]


class Campaign(Record):
    id: Identifier
    name: Text  # the theme: "Xây dựng trường chính trị chuẩn"
    period: Period
    bases: list[Text] = Field(default_factory=list)
    purposes: list[PointItem] = Field(min_length=1)
    requirements: list[PointItem] = Field(min_length=1)
    content: Content
    awards: list[Award] = Field(min_length=1)
    timeline: list[TimelineYear] = Field(min_length=1)
    timeline_note: Text | None = None  # a closing line under the timeline
    responsibilities: list[Responsibility] = Field(min_length=1)
    contact: Text | None = None

    @model_validator(mode="after")
    def _timeline_in_period(self) -> Campaign:
        for entry in self.timeline:
            if not self.period.start <= entry.year <= self.period.end:
                raise ValueError(f"timeline year {entry.year} is outside the period {self.period}")
        years = [e.year for e in self.timeline]
        if len(set(years)) != len(years):
            raise ValueError("a year appears twice in the timeline")
        for point_year in _point_years(self):
            if not self.period.start <= point_year <= self.period.end:
                raise ValueError(f"a point for {point_year} is outside the period {self.period}")
        return self

    def year(self, year: int) -> TimelineYear | None:
        return next((e for e in self.timeline if e.year == year), None)

    def missing_years(self) -> list[int]:
        """The years of the period the timeline has no entry for."""
        written = {e.year for e in self.timeline}
        return [y for y in range(self.period.start, self.period.end + 1) if y not in written]


class Signature(Record):
    signer: Identifier  # a key of the issuer's signers
    authority: Authority = "head"
    on_behalf_of: Text | None = None  # for T/M, K/T…: "Giám đốc", "Ủy ban nhân dân" (default head)


class Citation(Record):
    """A basis citing another document of the workspace by its spec id: its number, date and
    subject are taken from the register, so the citation can never disagree with it."""

    cite: Identifier
    by: Text | None = None  # who issued it, in the citation ("của Giám đốc Học viện …")


class LawCitation(Record):
    """A basis naming the law in force on the document's date, taken from data/law/decrees/:
    ``{law: decree}`` → "Nghị định số 98/2023/NĐ-CP ngày …", ``{law: act}`` → "Luật Thi đua, …"."""

    law: Literal["decree", "act"]


Basis = Text | Citation | LawCitation


class Correction(Record):
    """A correcting document: a new number that corrects an issued one, which stays as it was
    issued. ``how``: ``dinh_chinh`` (đính chính: corrects an error of form), ``sua_doi`` (sửa
    đổi, bổ sung: amends part of it) or ``thay_the`` (thay thế: replaces it whole)."""

    document: Identifier  # the spec id of the issued document corrected
    how: Literal["dinh_chinh", "sua_doi", "thay_the"]
    reason: Text  # why, for the register's log


class SpecBase(Record):
    """What every document to produce has (a file under data/documents/)."""

    kind: str  # which kind of document (docgen/kinds/): each kind narrows it to its name
    issuer: Identifier
    # "auto": the register's next number; a number given by hand is recorded too
    number: int | Literal["auto"] = Field(union_mode="left_to_right")
    date: dt.date
    subject: Text
    bases: list[Basis] | None = None  # legal bases; a plan defaults to the campaign's
    signature: Signature
    recipients: list[Text] = Field(min_length=1)
    archive: Text  # the "Lưu" line: "VT, CTCT, TCCB (TĐKT)"
    output: Annotated[str, StringConstraints(pattern=r"^[^/\\]+\.docx$")]
    # a template of the office's own, under the workspace's templates/ ("my-office/cv.docx")
    template: TemplatePath | None = None
    corrects: Correction | None = None  # a correcting document: the issued one it corrects

    @field_validator("number")
    @classmethod
    def _bounded_number(cls, number: int | str) -> int | str:
        most = register_limits().number_max
        if isinstance(number, int) and number > most:
            raise ValueError(f"a number by hand must be at most {most} (rules/register.yaml)")
        return number

    @model_validator(mode="after")
    def _positive_number(self) -> SpecBase:
        if isinstance(self.number, int) and self.number < 1:
            raise ValueError("number must be 1 or more (or auto)")
        stem = self.output[: -len(".docx")]
        if stem.split(".")[0].upper() in WINDOWS_RESERVED:
            raise ValueError(
                f"'{self.output}' is a name Windows reserves; choose another output name"
            )
        if stem != stem.rstrip(" ."):
            raise ValueError("an output name may not end with a space or a dot before .docx")
        return self


class CampaignSpec(SpecBase):
    """A document of an emulation campaign (plans, decisions, proposals, reports)."""

    campaign: Identifier


# -- law data: award catalogue and base salary (data/law/) ------------------------------------


def _exact_decimal(value: object) -> object:
    """YAML gives 1.5 as a float; read it back through its text so 0.3 stays exactly 0.3."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


ExactDecimal = Annotated[Decimal, BeforeValidator(_exact_decimal)]


CertificateKind = Literal["bang_khen", "giay_khen", "bang_chung_nhan", "giay_chung_nhan", "none"]


class AwardRule(Record):
    """One row of the award catalogue. Its money is the row ``category`` of the decree table in
    force on the decision's date (docgen.awards.law); an office's own title, defined by its
    Quy chế (``source``), may carry none (``money: none``)."""

    id: Identifier
    name: Text
    kind: Literal["form", "title"]
    recipients: Literal["individual", "collective", "both"]
    category: Identifier | None = None  # a row of data/law/decrees/*.yaml: "bang-khen-bo-tinh"
    money: Literal["decree", "none"] = "decree"
    source: Text | None = None  # the text defining an own title: "Quy chế … ban hành kèm theo …"
    # the verb and phrase of the decision (rules/awards.yaml wording): tang, tang_danh_hieu,
    # cong_nhan; none: the kind's default
    wording: Identifier | None = None
    # bang_khen, giay_khen: a form's; bang_chung_nhan (a decree's title), giay_chung_nhan (an
    # office's own title): a title's certificate, naming the title
    certificate: CertificateKind = "none"

    @model_validator(mode="after")
    def _paid_by(self) -> Self:
        # a form is always paid by the decree's table; a title either is, or is an office's own
        # title without money, defined by the text it names
        if self.money == "decree" and self.category is None:
            if self.kind == "form":
                raise ValueError("a form of commendation needs 'category' (its decree row)")
            raise ValueError(
                "a title needs 'category' (its decree row) or 'money: none' with its 'source'"
            )
        if self.money == "none":
            if self.kind == "form":
                raise ValueError("'money: none' is for an office's own titles, not for a form")
            if self.category is not None:
                raise ValueError("'money: none' and 'category' exclude each other")
            if self.source is None:
                raise ValueError(
                    "a title without money needs 'source': the Quy chế that defines it"
                )
        titled = self.certificate in ("bang_chung_nhan", "giay_chung_nhan")
        if self.kind == "title" and self.certificate in ("bang_khen", "giay_khen"):
            raise ValueError(
                f"a title is certified by a bang_chung_nhan or giay_chung_nhan, not a "
                f"{self.certificate} (which would print no title)"
            )
        if self.kind == "form" and titled:
            raise ValueError(f"a form of commendation is printed on a bang_khen or giay_khen, "
                             f"not a {self.certificate}")  # fmt: skip
        return self

    @property
    def paid(self) -> bool:
        """Whether the award carries money (a decree row), or none (an own title)."""
        return self.money == "decree"

    def allows(self, recipient: Literal["individual", "collective"]) -> bool:
        return self.recipients in ("both", recipient)


class AwardCatalogue(Record):
    awards: list[AwardRule] = Field(min_length=1)
    _in_error: set[str] = PrivateAttr(default_factory=set)  # rows reported and left out

    def get(self, award_id: str) -> AwardRule | None:
        return next((a for a in self.awards if a.id == award_id), None)

    def unknown(self, award_id: str) -> bool:
        """No row has this id, nor a row left out for its errors (reported where it is)."""
        return self.get(award_id) is None and award_id not in self._in_error

    def left_out(self, ids: set[str]) -> None:
        self._in_error |= ids


class BaseSalaryStep(Record):
    from_: dt.date = Field(alias="from")
    amount: int = Field(gt=0)
    source: Text
    confirmed: bool  # read in the act itself; false: docgen validate warns where it is used
    note: Text | None = None  # what was found, for an unconfirmed amount


class BaseSalaryTable(Record):
    base_salary: list[BaseSalaryStep] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> BaseSalaryTable:
        dates = [step.from_ for step in self.base_salary]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("base salary steps must be in date order, one per date")
        return self

    def step_on(self, day: dt.date) -> BaseSalaryStep | None:
        """The base salary in force on ``day``, or None before the first step."""
        current = None
        for step in self.base_salary:
            if step.from_ <= day:
                current = step
        return current

    def amount_on(self, day: dt.date) -> BaseSalaryStep:
        """The base salary in force on ``day``."""
        current = self.step_on(day)
        if current is None:
            raise ValueError(f"no base salary is known on {day.isoformat()}")
        return current


class Settings(Record):
    """data/settings.yaml: workspace settings (all optional)."""

    # the register: a path relative to the workspace, or postgresql://user@host/db when an
    # office shares one register between several clerks' machines
    register_at: Text = Field(default="register.sqlite", alias="register")
    # the workspace's identity in the register (docgen init / docgen register init write a
    # new one): entries are keyed by it, so two workspaces sharing one register never take or
    # overwrite each other's numbers. A copy of the folder that keeps it is the same workspace.
    workspace: (
        Annotated[
            str,
            StringConstraints(
                strip_whitespace=True, min_length=8, max_length=64, pattern=r"^[a-z0-9-]+$"
            ),
        ]
        | None
    ) = None
    # the names and addresses by which the office's computers open the web app (docgen serve
    # on the network answers no other Host): docgen-vanthu.local, 192.168.1.20
    allowed_hosts: list[Text] = Field(default_factory=list)


# -- schools, nominees and proposals (commendation.md) ----------------------------------------


class Cluster(Record):
    name: Text
    short: Text  # for tables and charts: "Bắc Trung Bộ"
    leader: Identifier  # the school leading the cluster this term ("cụm trưởng")


class School(Record):
    name: Text
    province: Text
    cluster: Identifier
    abbr: Text


class SchoolsFile(Record):
    """data/schools.yaml."""

    clusters: dict[Identifier, Cluster] = Field(min_length=1)
    schools: dict[Identifier, School] = Field(min_length=1)


class Initiative(Record):
    """An initiative (sáng kiến) or a scientific study (đề tài khoa học) of a nominee, as it was
    recognised: what eligibility rules of the kind "02 sáng kiến được công nhận" count."""

    year: int  # the year it was recognised
    title: Text  # "Đổi mới phương pháp giảng dạy lý luận chính trị bằng tình huống"
    kind: Literal["initiative", "study"] = "initiative"
    # the scope it was recognised and applied in (Luật Thi đua, khen thưởng 2022: "trong phạm vi
    # cơ sở", "bộ, ban, ngành, tỉnh", "toàn quốc")
    level: Literal["co-so", "bo-tinh", "toan-quoc"] = "co-so"
    recognised_by: Text | None = None  # "Hội đồng khoa học Trường Chính trị tỉnh Nghệ An"


class EligibilityOverride(Record):
    """A nominee accepted although they do not meet an eligibility rule: the council's decision,
    kept in the data with its reason (docgen.awards.eligibility)."""

    override: Identifier  # the id of the rule of data/law/eligibility.yaml
    reason: Text


class AwardAgain(Record):
    """A nominee given an award that another decision gave them for the same year, on grounds
    the law allows (rules/awards.yaml ``again``: khen thưởng đột xuất), with the reason."""

    override: Identifier  # the grounds' id: dot-xuat
    reason: Text


class Nominee(Record):
    """A collective or an individual proposed for an award."""

    name: Name
    achievement: Text  # the summary of achievements ("tóm tắt thành tích")
    award: Identifier | None = None  # default: the proposal's award
    unit: Text | None = None  # default: the proposing school
    initiatives: list[Initiative] = Field(default_factory=list)  # recognised, for eligibility
    eligibility: EligibilityOverride | None = None
    award_again: AwardAgain | None = None  # one award per person, award and year, unless this


class Collective(Nominee):
    pass


class Individual(Nominee):
    gender: Literal["nam", "nữ"]
    position: Text  # "Trưởng khoa Xây dựng Đảng"
    # explicit name parts, for two-word family names ("Tôn Nữ") or names that break the pattern
    family: Text | None = None
    middle: str | None = None
    given: Text | None = None
    rank: int = 0  # order within the unit for unit_then_rank lists (1 = first)
    # tells apart two people of the same name in the same unit of one school (namesakes are
    # common: "Nguyễn Văn Hùng"); used only to decide whether a nominee is proposed twice
    birth_date: dt.date | None = None


class Proposal(Record):
    """A school's proposal (Tờ trình đề nghị khen thưởng): data/proposals/<year>/<school>.yaml."""

    campaign: Identifier
    year: YearOrPeriod  # or a period: 2019-2025 (data/period.py)
    school: Identifier  # its body (docgen.data.bodies), written ``body:`` or ``school:``
    date: dt.date
    award: Identifier  # the award proposed for everyone unless a nominee says otherwise
    collectives: list[Collective] = Field(default_factory=list)
    individuals: list[Individual] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _body(cls, data: Any) -> Any:
        return body_alias(data)

    @model_validator(mode="after")
    def _someone(self) -> Proposal:
        if not self.collectives and not self.individuals:
            raise ValueError("a proposal needs at least one collective or individual")
        return self


# -- certificates (data/certificates/*.yaml) ---------------------------------------------------


class FieldPosition(Record):
    """Where a field prints on a pre-printed blank: mm from the page's top-left corner."""

    x: float = Field(ge=0)
    y: float = Field(ge=0)
    width: float = Field(gt=0)
    align: Literal["left", "center", "right"] = "center"


class CertificateSpec(Record):
    """A batch of certificates for the awardees of an award decision."""

    decision: Identifier  # the award decision's spec id (data/documents/)
    award: Identifier | None = None  # which of a decision's several awards (``awards:``)
    mode: Literal["full", "blank"] = "full"
    paper: Literal["A3", "A4"] | None = None  # default by certificate: Bằng khen A3, Giấy khen A4
    reason: Text  # the achievement line printed on every certificate (Jinja: {{ campaign.name }})
    # the first số sổ vàng of this decision, in the book of its issuer and form (shared by all
    # their decisions: register/book.py refuses a start on numbers given already)
    book_start: int = Field(default=1, ge=1)
    book_width: int = Field(default=4, ge=1, le=8)  # 0001
    positions: dict[str, FieldPosition] = Field(default_factory=dict)  # blank mode
    test_sheet: bool = False  # blank mode: draw each field's box to align with the blanks

    @field_validator("book_start")
    @classmethod
    def _bounded_book(cls, start: int) -> int:
        most = register_limits().book_max
        if start > most:
            raise ValueError(f"the first số sổ vàng must be at most {most} (rules/register.yaml)")
        return start

    @model_validator(mode="after")
    def _positions_for_blank(self) -> CertificateSpec:
        if self.mode == "blank" and not self.positions:
            raise ValueError("blank mode needs the positions of the fields (in mm)")
        return self
