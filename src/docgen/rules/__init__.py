"""The format rules (rules/format.yaml), typed: shared by the template builder and the checker."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

SystemName = Literal["party", "state"]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Rule):
    min: float
    max: float | None = None
    default: float


class ElementRule(_Rule):
    """How one element of the document must look."""

    text: str | None = None
    size: tuple[float, float]
    default: float
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    underline: bool | None = None
    approx: bool = False

    def allows_size(self, pt: float) -> bool:
        return self.size[0] <= pt <= self.size[1]


class RecipientsRule(_Rule):
    heading: str
    separator: str
    archive_prefix: str
    approx: bool = False


class IssuerRule(_Rule):
    """A short centred rule, as a fraction of the width it stands under."""

    fraction: float


class SystemRules(_Rule):
    label: str
    number_label: str
    symbol_pattern: str
    header_columns_mm: tuple[float, float]
    signature_columns_mm: tuple[float, float]
    issuer_mark: str | None = None
    issuer_rule: IssuerRule | None = None
    subject_rule: IssuerRule | None = None
    authority_prefixes: dict[str, str]
    content_end: str
    recipients: RecipientsRule
    elements: dict[str, ElementRule]

    def element(self, name: str) -> ElementRule:
        return self.elements[name]


class SectionLevel(_Rule):
    level: int
    format: Literal["roman", "arabic", "dotted", "alpha", "bullet"]
    suffix: str = ""
    symbol: str = ""
    caps: bool = False
    bold: bool = False
    italic: bool = False
    style: str


Component = Literal[
    "type_name", "subject", "recipients", "addressee", "letter_subject", "page_numbers"
]


class TypeInSystem(_Rule):
    """A document type as one system writes it."""

    abbr: str | None  # in the symbol; None: no type abbreviation (a State công văn)
    approx: bool = False


class RegulationLevel(_Rule):
    """A level of the regulation structure: Chương, Mục, Điều, khoản, điểm."""

    label: str  # "Điều {n}."
    format: Literal["roman", "arabic", "alpha"]
    style: str
    title_style: str | None = None  # the title on its own line under the label (Chương, Mục)


class Regulation(_Rule):
    chapter: RegulationLevel
    section: RegulationLevel
    article: RegulationLevel
    clause: RegulationLevel
    point: RegulationLevel


class DocumentType(_Rule):
    """A row of rules/document_types.yaml."""

    id: str
    name: str  # as the title block prints it: "KẾ HOẠCH"
    party: TypeInSystem | None = None
    state: TypeInSystem | None = None
    layout: Literal["titled", "letter"]
    requires: tuple[Component, ...]
    verb: str | None = None  # "QUYẾT ĐỊNH:" before the articles
    attached_as: str  # "Ban hành kèm theo" / "Kèm theo"
    numbered: bool = True  # false: no number, no register entry (a báo cáo thành tích)

    @property
    def systems(self) -> tuple[SystemName, ...]:
        both: tuple[SystemName, ...] = ("party", "state")
        return tuple(s for s in both if getattr(self, s) is not None)

    @property
    def text_name(self) -> str:
        """The name in running text: "Kế hoạch", "Quyết định"."""
        return self.name.capitalize()

    def exists_in(self, system: SystemName) -> bool:
        return getattr(self, system) is not None

    def abbr_for(self, system: SystemName) -> str | None:
        """The type abbreviation in a symbol; a State công văn has none."""
        form: TypeInSystem | None = getattr(self, system)
        if form is None:
            raise ValueError(f"{self.text_name} is not a document type of the {system} system")
        return form.abbr

    @property
    def titled(self) -> bool:
        """The title block prints the type name (a công văn has none)."""
        return self.layout == "titled"


class PageRules(_Rule):
    paper_mm: dict[str, float]
    margins_mm: dict[str, Range]
    font: str
    tolerance_mm: float
    table_cell_margin_mm: float

    @property
    def text_width_mm(self) -> float:
        """The width between the default left and right margins: what a line may fill."""
        width = self.paper_mm["width"]
        return width - self.margins_mm["left"].default - self.margins_mm["right"].default


class LineSpacing(_Rule):
    default_exact_pt: float
    party_exact_pt: dict[str, float | bool]
    state_multiple: dict[str, float]


class BodyRules(_Rule):
    alignment: str
    first_line_indent_cm: Range
    space_after_pt: Range
    line_spacing: LineSpacing


class ListTable(_Rule):
    columns_mm: tuple[float, ...]
    proposal_columns_mm: tuple[float, ...]
    # a council's minutes: STT, name, position and unit, votes for, share, share needed, outcome
    minutes_columns_mm: tuple[float, ...]
    size: float
    cell_margin_mm: float


class LineBreaks(_Rule):
    """Where a centred title breaks (docgen.documents.text_width)."""

    before: tuple[str, ...]  # words a line may begin with ("của", "đối với")
    penalty: float  # a break elsewhere, as a share of the text width
    fill: float  # the share of the text width a line may fill
    # the share for the lines of these elements instead (the header's lines: a column)
    fill_by_element: dict[str, float] = {}


class Share(_Rule):
    min: float
    max: float
    refuse_below: float = 0.0  # under this share an error, between it and ``min`` a warning
    refuse_above: float = float("inf")


class Proportions(_Rule):
    """How long a rule may be, as a share of the line it stands under (checker)."""

    issuer_rule: Share
    subject_rule: Share
    title_rule: Share


class CheckerRules(_Rule):
    """How ``docgen check`` reads a document another office laid out (format.yaml ``checker``)."""

    signature_indent_mm: float  # a paragraph indented this far stands in the signature column
    default_cell_margin_mm: float  # a table's cell padding when neither it nor its style says
    spacing_min_chars: int  # paragraphs this long at least have their spacing checked


class FormatRules(_Rule):
    version: int
    page: PageRules
    proportions: Proportions
    sections: tuple[SectionLevel, ...]
    regulation: Regulation
    alpha_letters: tuple[str, ...]
    # from rules/document_types.yaml: type id → type; kind names earlier registers recorded
    document_types: dict[str, DocumentType] = Field(default_factory=dict)
    document_kinds: dict[str, str] = Field(default_factory=dict)
    list_table: ListTable
    line_breaks: LineBreaks
    systems: dict[SystemName, SystemRules]
    body: BodyRules
    checker: CheckerRules

    def system(self, name: SystemName) -> SystemRules:
        return self.systems[name]

    def document_type(self, type_id: str) -> DocumentType:
        """A document type by its id (``ke_hoach``), or by a kind name a register recorded."""
        return self.document_types[self.document_kinds.get(type_id, type_id)]


def read_rules_file(name: str) -> Any:
    """A rules file of the package (``rules/NAME``), with libyaml's C parser when PyYAML has
    it: these files are ours, and the pure-Python parser costs a tenth of a second at each
    start (format.yaml and document_types.yaml are read by every command)."""
    text = resources.files("docgen").joinpath(f"rules/{name}").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_rules_file(name)
    return data


def document_types_data() -> tuple[dict[str, Any], dict[str, str]]:
    """rules/document_types.yaml with each type's defaults filled in."""
    raw = _read("document_types.yaml")
    defaults = raw.get("defaults", {})
    types = {
        type_id: {"id": type_id, **defaults, **(row or {})} for type_id, row in raw["types"].items()
    }
    return types, dict(raw.get("recorded_kinds", {}))


@cache
def load_rules() -> FormatRules:
    """The packaged format rules and document types; parsed once per process."""
    data = _read("format.yaml")
    data["document_types"], data["document_kinds"] = document_types_data()
    return FormatRules.model_validate(data)


@cache
def proper_names() -> tuple[str, ...]:
    """Names no line may break inside (rules/proper_names.yaml): provinces, then the other
    names of the Party and State, longest first so that a longer name wins over its part."""
    data = read_rules_file("proper_names.yaml")
    names = {" ".join(str(n).split()) for group in ("provinces", "names") for n in data[group]}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


class Effectiveness(_Rule):
    """A Quyết định's effectiveness clause in one system (rules/text.yaml)."""

    from_signing: str
    from_date: str  # "{date}": "ngày 01 tháng 01 năm 2025"
    replaces: str  # "{cited}": a decision that replaces another says so after the clause


class TextRules(_Rule):
    """rules/text.yaml: text docgen writes around a clerk's text, and its checks."""

    effectiveness: dict[SystemName, Effectiveness]
    effectiveness_pattern: str
    effectiveness_types: tuple[str, ...]
    percent_decimals: dict[str, int]
    plan_citation_before: str


@cache
def text_rules() -> TextRules:
    """rules/text.yaml, typed; parsed once per process."""
    data = _read("text.yaml")
    effect = dict(data["effectiveness"])
    pattern = effect.pop("pattern")
    types = tuple(effect.pop("types"))
    return TextRules(
        effectiveness=effect,
        effectiveness_pattern=pattern,
        effectiveness_types=types,
        percent_decimals=data["percent_decimals"],
        plan_citation_before=data["plan_dates"]["citation_before"],
    )


class AgainGrounds(_Rule):
    """Grounds on which the law allows a second award of a form in one year (rules/awards.yaml)."""

    name: str
    source: str
    confirmed: bool = False


@cache
def award_again_grounds() -> dict[str, AgainGrounds]:
    """rules/awards.yaml ``again``: the overrides of one award per person, award and year."""
    return {k: AgainGrounds.model_validate(v) for k, v in _read("awards.yaml")["again"].items()}


class RegisterLimits(_Rule):
    """The largest number and số sổ vàng a spec may give (rules/register.yaml)."""

    number_max: int
    book_max: int


class DataLimits(_Rule):
    """How large a data file docgen reads, and the dates it accepts (rules/data_limits.yaml)."""

    yaml_bytes: int
    earliest_date: dt.date
    latest_date: dt.date

    def date_problem(self, day: dt.date) -> str | None:
        """Why ``day`` is refused (outside the dates docgen accepts), or None."""
        if self.earliest_date <= day <= self.latest_date:
            return None
        return (
            f"{day:%d/%m/%Y} is outside the dates docgen accepts ({self.earliest_date:%d/%m/%Y}"
            f" – {self.latest_date:%d/%m/%Y}): a typing or conversion slip, not a real date"
        )


@cache
def data_limits() -> DataLimits:
    return DataLimits.model_validate(_read("data_limits.yaml")["limits"])


class ExpressionLimits(_Rule):
    """How far an expression written in data may go (rules/data_limits.yaml ``expressions``)."""

    source_chars: int
    output_chars: int
    loop_depth: int
    seconds: float
    exponent_max: int


@cache
def expression_limits() -> ExpressionLimits:
    return ExpressionLimits.model_validate(_read("data_limits.yaml")["expressions"])


@cache
def register_limits() -> RegisterLimits:
    return RegisterLimits.model_validate(_read("register.yaml")["limits"])


class VoidedFiles(_Rule):
    """Where the file of a voided number goes (rules/register.yaml ``voided``)."""

    folder: str
    name: str


@cache
def voided_files() -> VoidedFiles:
    return VoidedFiles.model_validate(_read("register.yaml")["voided"])


Position = Literal["head", "deputy_head", "acting_head", "unit_head", "unit_deputy"]
AuthorityForm = Literal["head", "deputy", "on_behalf", "by_order", "acting", "authorized"]


class Recognised(_Rule):
    """How ``docgen check`` knows a document of a kind in a .docx made elsewhere: its type and
    a word of its subject."""

    types: tuple[str, ...] = Field(min_length=1)
    subject_words: tuple[str, ...] = Field(min_length=1)

    def holds(self, type_id: str | None, subject: str) -> bool:
        folded = " ".join(unicodedata.normalize("NFC", subject).split()).casefold()
        return type_id in self.types and any(w.casefold() in folded for w in self.subject_words)


class SignedDocument(_Rule):
    """Documents a form may not sign (rules/signing.yaml ``documents``): by their spec's kind
    or their document type."""

    name: str  # as a message names it: "quyết định khen thưởng"
    kinds: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    recognised_by: Recognised | None = None
    source: str
    confirmed: bool
    note: str | None = None

    def holds(self, kind: str, type_id: str) -> bool:
        return kind in self.kinds or type_id in self.types


class SigningForm(_Rule):
    """One authority form (rules/signing.yaml ``forms``): who may use it, where, for what."""

    name: str  # "ký thay (KT. / K/T)"
    positions: tuple[Position, ...] = Field(min_length=1)
    systems: tuple[SystemName, ...] = Field(min_length=1)
    not_for: tuple[str, ...] = ()  # keys of SigningRules.documents
    source: str
    confirmed: bool
    note: str | None = None


class SigningWords(_Rule):
    deputy: str  # "Phó"
    acting: str  # "Quyền"


class SigningRules(_Rule):
    """rules/signing.yaml: which positions sign how, in which system, for which documents."""

    words: SigningWords
    deputy_titles: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    position_names: dict[Position, str]
    forms: dict[AuthorityForm, SigningForm]
    documents: dict[str, SignedDocument] = Field(default_factory=dict)

    def position_name(self, position: Position, head_title: str) -> str:
        """How a message names a class of signer: "cấp phó của người đứng đầu (Phó Giám đốc)"."""
        words = self.words
        return self.position_names[position].format(
            head=head_title, deputy=words.deputy, acting=words.acting
        )

    def position(self, title: str, head_title: str) -> Position:
        """The class of a signer's ``title`` under an issuer whose head is ``head_title``."""

        def norm(text: str) -> str:
            return " ".join(unicodedata.normalize("NFC", text).split()).casefold()

        own, head = norm(title), norm(head_title)
        deputy, acting = norm(self.words.deputy), norm(self.words.acting)
        if own == head:
            return "head"
        deputies = [f"{deputy} {head}"]
        deputies += [norm(d) for h, ds in self.deputy_titles.items() if norm(h) == head for d in ds]
        if any(own == d or own.startswith(f"{d} ") for d in deputies):
            return "deputy_head"
        if own == f"{acting} {head}" or own.startswith(f"{acting} {head} "):
            return "acting_head"
        return "unit_deputy" if own.startswith(f"{deputy} ") else "unit_head"


@cache
def signing_rules() -> SigningRules:
    """rules/signing.yaml, typed, checked against rules/format.yaml's authority prefixes (the
    systems a form is written in must be the systems that have a prefix for it)."""
    rules = SigningRules.model_validate(_read("signing.yaml"))
    systems = load_rules().systems
    for key, form in rules.forms.items():
        having = {s for s, sys in systems.items() if key == "head" or key in sys.authority_prefixes}
        if having != set(form.systems):
            raise ValueError(
                f"rules/signing.yaml: '{key}' is written in {sorted(form.systems)}, "
                f"rules/format.yaml has a prefix for it in {sorted(having)}"
            )
        unknown = set(form.not_for) - set(rules.documents)
        if unknown:
            raise ValueError(f"rules/signing.yaml: '{key}' names unknown documents {unknown}")
    return rules
