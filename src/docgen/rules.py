"""The format rules (rules/format.yaml), typed: shared by the template builder and the checker."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

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


class DocumentType(_Rule):
    name: str
    abbr: str
    state_abbr: str | None = Field(default="__same__")
    systems: tuple[SystemName, ...] = ("party", "state")

    def abbr_for(self, system: SystemName) -> str | None:
        """The type abbreviation in a symbol; a State công văn has none."""
        if system == "state" and self.state_abbr != "__same__":
            return self.state_abbr
        return self.abbr


class PageRules(_Rule):
    paper_mm: dict[str, float]
    margins_mm: dict[str, Range]
    font: str
    tolerance_mm: float
    table_cell_margin_mm: float


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
    size: float


class FormatRules(_Rule):
    version: int
    page: PageRules
    sections: tuple[SectionLevel, ...]
    alpha_letters: tuple[str, ...]
    document_types: dict[str, DocumentType]
    document_kinds: dict[str, str]
    list_table: ListTable
    systems: dict[SystemName, SystemRules]
    body: BodyRules

    def system(self, name: SystemName) -> SystemRules:
        return self.systems[name]

    def document_type(self, kind: str) -> DocumentType:
        """The type (name, abbreviation) of a kind of document docgen makes."""
        return self.document_types[self.document_kinds[kind]]


@cache
def load_rules() -> FormatRules:
    """The packaged format rules; parsed once per process."""
    text = resources.files("docgen").joinpath("rules/format.yaml").read_text(encoding="utf-8")
    return FormatRules.model_validate(yaml.safe_load(text))
