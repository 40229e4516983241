"""Kind ``document``: any official document of any type, its body written as an outline.

``type:`` names a row of rules/document_types.yaml (huong_dan, cong_van, thong_bao …): its
name, symbol and layout come from there. A campaign is optional. A công văn gets "V/v …"
under its number; "Kính gửi:" comes from ``addressee``; a decision its authority line, its
bases, "Theo đề nghị của …" and "QUYẾT ĐỊNH:"; an ``attachment`` (a Quy chế issued with the
decision) follows the signature with its own title block.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from docgen.data.models import Identifier, Issuer, Record, SpecBase, Text
from docgen.documents.context import document_context, issuer_names, issuer_title
from docgen.documents.effect import (
    check_effective,
    effectiveness_clause,
    has_effectiveness_clause,
)
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.documents.outline import Item, Outline, check_structure, render_outline
from docgen.documents.sections import Blocks, Run, paragraph_xml
from docgen.documents.text_width import balance
from docgen.errors import Problems
from docgen.rules import DocumentType, FormatRules, SystemName, SystemRules, text_rules
from docgen.vn.dates import date_words
from docgen.vn.punctuation import via_once

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


def _as_list(value: object) -> object:
    """``addressee: Sở Tài chính`` is a list of one."""
    return [value] if isinstance(value, str) else value


class Attachment(Record):
    """A part after the signature with its own title block: the Quy chế a decision issues."""

    type: Identifier  # quy_che, quy_dinh … (rules/document_types.yaml)
    subject: Text
    # "(Ban hành kèm theo Quyết định số … ngày … của …)"; default from the types table
    reference: Text | None = None
    body: Outline = Field(min_length=1)


class DocumentSpec(SpecBase):
    """Any document: its type, and its body as an outline."""

    kind: Literal["document"]
    type: Identifier  # a type of rules/document_types.yaml
    campaign: Identifier | None = None
    # the drafting unit, in a State công văn's symbol: "Số: 125/SNV-VP" (ND 30 Phụ lục I II.3)
    unit: Text | None = None
    addressee: Annotated[
        list[Text], BeforeValidator(_as_list, json_schema_input_type=Text | list[Text])
    ] = Field(default_factory=list)
    authority_line: Text | None = None  # above a decision's bases (default: the issuer's head)
    proposed_by: Text | None = None  # "Theo đề nghị của …"
    body: Outline = Field(min_length=1)
    attachment: Attachment | None = None
    # a decision: the day it takes effect, when not the signing day (rules/text.yaml)
    effective: dt.date | None = None


def _outline_texts(items: Outline) -> list[str]:
    """Every text of an outline, depth first: where a decision's clerk may have written when
    it takes effect."""
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        out += [t for t in (item.text, item.heading, item.article) if t]
        for clause in item.clauses or []:
            out.append(clause if isinstance(clause, str) else clause.text)
        out += _outline_texts(item.body or [])
    return out


def with_effectiveness_article(
    body: Outline,
    system: SystemName,
    effective: dt.date | None,
    pad: bool,
    replaces: str | None = None,
) -> Outline:
    """A decision's articles with the effectiveness clause at the head of the last article's
    text (who executes the decision: "Như Điều 3" in the recipients keeps its number), or as
    a last article of its own when that one has no text; unchanged when the clerk wrote one."""
    if has_effectiveness_clause(_outline_texts(body)):
        return body
    clause = effectiveness_clause(system, effective, pad, replaces)
    last = next((i for i in range(len(body) - 1, -1, -1) if not isinstance(body[i], str)), None)
    item = body[last] if last is not None else None
    if last is None or isinstance(item, str) or item is None or item.what != "article":
        return [*body, Item.model_validate({"article": None, "text": clause})]
    if item.text and not item.article:
        changed = item.model_copy(update={"text": f"{clause} {item.text}"})
        return [*body[:last], changed, *body[last + 1 :]]
    return [*body, Item.model_validate({"article": None, "text": clause})]


def letter_subject(subject: str, sys: SystemRules) -> str:
    """``V/v triển khai …`` under a công văn's number; a subject written with V/v keeps it."""
    prefix = sys.element("letter_subject").text or ""
    text = " ".join(subject.split())
    if text.lower().startswith(prefix.lower()):
        text = text[len(prefix) :].lstrip()
    return f"{prefix} {text}".strip()


def balanced_letter_subject(spec: DocumentSpec, job: RenderJob) -> str:
    """The ``V/v …`` line in even lines over the header's first column, in which it stands."""
    system = job.issuer.system
    sys = job.rules.system(system)
    column = sys.header_columns_mm[0] - 2 * job.rules.page.table_cell_margin_mm
    names = (*job.names, *issuer_names(job.issuer))
    return balance(letter_subject(spec.subject, sys), "letter_subject", system, column, names)


def addressee_blocks(names: list[str]) -> Blocks:
    """``Kính gửi: …`` (ND 30 Phụ lục III mẫu 1.5): one addressee on the line, several as a
    list under it, each ending ``;`` and the last ``.``; a "(qua …)" every one of them has is
    said once, on a line after the list."""
    if not names:
        return Blocks("")
    names, via = via_once(names)
    if len(names) == 1:
        return Blocks(paragraph_xml("DGAddressee", [Run(f"Kính gửi: {names[0]}")]))
    lines = [paragraph_xml("DGAddressee", [Run("Kính gửi:")])]
    for i, name in enumerate(names):
        end = "." if i == len(names) - 1 else ";"
        lines.append(paragraph_xml("DGAddresseeItem", [Run(f"- {name}{end}")]))
    if via:
        lines.append(paragraph_xml("DGAddresseeItem", [Run(via)]))
    return Blocks("".join(lines))


class Document(Kind):
    name = "document"
    summary = "any document type (Hướng dẫn, Công văn, Thông báo …), the body as an outline"
    spec_model = DocumentSpec
    templates = (
        TemplateSource("document", None),  # a type name and subject under the header
        TemplateSource("letter", None, layout="letter"),  # a công văn
    )

    def document_type_id(self, spec: SpecBase) -> str:
        assert isinstance(spec, DocumentSpec)
        return spec.type

    def template(self, spec: SpecBase, issuer: Issuer) -> str:
        if spec.template:
            return super().template(spec, issuer)
        from docgen.rules import load_rules

        layout = self.document_type(spec, load_rules()).layout
        return f"{issuer.system}/{'letter' if layout == 'letter' else 'document'}.docx"

    def symbol_issuer(self, spec: SpecBase, issuer: Issuer) -> str:
        assert isinstance(spec, DocumentSpec)
        return f"{issuer.abbr}-{spec.unit}" if spec.unit else issuer.abbr

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """The type exists in the issuer's system; what the type requires is given; the
        outline's structure holds."""
        from docgen.rules import load_rules

        spec = ws.specs[spec_id]
        assert isinstance(spec, DocumentSpec)
        rules = load_rules()
        issuer = ws.issuers.get(spec.issuer)
        types = rules.document_types
        doc_type = types.get(spec.type)
        if doc_type is None:
            known = ", ".join(sorted(types))
            problems.add(
                "DATA-TYPE-UNKNOWN",
                f"unknown document type '{spec.type}' (known: {known})",
                source.locate(("type",)),
            )
        elif not doc_type.numbered:
            problems.add(
                "DATA-TYPE-UNNUMBERED",
                f"a {doc_type.text_name.lower()} is not written as a spec: docgen makes it from "
                "the nominees' data, with no number (docgen achievements)",
                source.locate(("type",)),
            )
        elif issuer is not None and not doc_type.exists_in(issuer.system):
            systems = " and ".join(doc_type.systems)
            problems.add(
                "DATA-TYPE-SYSTEM",
                f"{doc_type.text_name} is a {systems} document type; {issuer.id} issues "
                f"{issuer.system} documents",
                source.locate(("type",)),
            )
        elif "addressee" in doc_type.requires and not spec.addressee:
            problems.add(
                "DATA-MISSING",
                f"a {doc_type.text_name.lower()} is addressed: add 'addressee' (Kính gửi: …)",
                source.locate(()),
            )
        if spec.unit and doc_type is not None and doc_type.layout != "letter":
            problems.add(
                "DATA-VALUE",
                f"'unit' goes in the symbol of a công văn only, not of a "
                f"{doc_type.text_name.lower()}",
                source.locate(("unit",)),
            )
        elif spec.unit and issuer is not None and issuer.system == "party":
            problems.add(
                "DATA-VALUE",
                "'unit' is for a State công văn (Số: 125/SNV-VP); a Party công văn's symbol is "
                "number-CV/issuer (Số 125-CV/HVCTQG)",
                source.locate(("unit",)),
            )
        if spec.effective is not None and doc_type is not None:
            if doc_type.id not in text_rules().effectiveness_types:
                problems.add(
                    "DATA-VALUE",
                    f"'effective' is the day a decision takes effect; a "
                    f"{doc_type.text_name.lower()} has none",
                    source.locate(("effective",)),
                )
            else:
                check_effective(spec.effective, _outline_texts(spec.body), source, problems)
        max_depth = len([lv for lv in rules.sections if lv.format != "bullet"])
        parts: list[tuple[Outline, tuple[str, ...]]] = [(spec.body, ("body",))]
        if spec.attachment is not None:
            parts.append((spec.attachment.body, ("attachment", "body")))
            if spec.attachment.type not in types:
                problems.add(
                    "DATA-TYPE-UNKNOWN",
                    f"unknown document type '{spec.attachment.type}'",
                    source.locate(("attachment", "type")),
                )
        for items, base in parts:
            for wrong in check_structure(items, base, max_depth):
                problems.add("DATA-OUTLINE", wrong.message, source.locate(wrong.path))

    def context(self, job: RenderJob) -> dict[str, Any]:
        spec = job.spec
        assert isinstance(spec, DocumentSpec)
        rules = job.rules
        sys = rules.system(job.issuer.system)
        doc_type = self.document_type(spec, rules)
        base = document_context(
            spec, job.issuer, job.campaign, rules, job.symbol, job.bases, job.names
        )
        return {
            **base,
            "type": doc_type,
            "type_title": doc_type.name,
            "letter_subject": "" if doc_type.titled else balanced_letter_subject(spec, job),
            "addressee": addressee_blocks(spec.addressee),
            "authority_line": (spec.authority_line or issuer_title(job.issuer)).upper(),
            "proposed_by": spec.proposed_by,
            "verb": doc_type.verb,
            "body": render_outline(self._articles(spec, job, doc_type), rules, sys.content_end),
            "attachment": self._attachment(spec, job, doc_type, rules),
        }

    def _articles(self, spec: DocumentSpec, job: RenderJob, doc_type: DocumentType) -> Outline:
        """The body; a decision's with its effectiveness clause (rules/text.yaml)."""
        if doc_type.id not in text_rules().effectiveness_types:
            return spec.body
        issuer = job.issuer
        return with_effectiveness_article(
            spec.body, issuer.system, spec.effective, issuer.pad_dates, job.replaces
        )

    def _attachment(
        self, spec: DocumentSpec, job: RenderJob, doc_type: DocumentType, rules: FormatRules
    ) -> dict[str, Any] | None:
        part = spec.attachment
        if part is None:
            return None
        attached = rules.document_types[part.type]
        reference = part.reference or (
            f"{attached.attached_as} {doc_type.text_name} số {job.symbol} "
            f"{date_words(spec.date, job.issuer.pad_dates)} của {issuer_title(job.issuer)}"
        )
        content_end = rules.system(job.issuer.system).content_end
        return {
            "type_title": attached.name,
            "subject": part.subject,
            "reference": reference,
            "body": render_outline(part.body, rules, content_end),
        }


KIND = Document()
