"""All the checker's rules, in the order they run, over a read .docx."""

from __future__ import annotations

from collections.abc import Callable

from docgen.checker.base import Finding, _grouped
from docgen.checker.body_rules import BodyChecks
from docgen.checker.docx_model import DocxModel
from docgen.checker.header_rules import HeaderChecks
from docgen.checker.page_rules import PageChecks
from docgen.checker.pdf_pages import PdfPages
from docgen.checker.proportion_rules import ProportionChecks
from docgen.checker.signature_rules import SignatureChecks
from docgen.checker.text_rules import TextChecks
from docgen.rules import DocumentType, FormatRules, SystemName


class Checker(PageChecks, HeaderChecks, ProportionChecks, BodyChecks, SignatureChecks, TextChecks):
    """The format rules applied to a read .docx. Every number comes from rules/format.yaml.

    Codes: ``DOC-…`` for both systems, ``ND30-…`` for State rules (Nghị định 30/2020),
    ``HD36-…`` for Party rules (Hướng dẫn 36-HD/VPTW). Rules marked approx in the data (≈ in
    format.md, secondary sources) report warnings."""

    def run(self) -> list[Finding]:
        steps: list[Callable[[], None]] = [
            self.page,
            self.page_numbers,
            self.text,
            self.header,
            self.proportions,
            self.number,
            self.date,
            self.title,
            self.letter,
            self.body,
            self.order,
            self.chapters,
            self.signature,
            self.recipients,
            self.wording,
        ]
        for step in steps:
            step()
        return _grouped(self.findings)


def check_typed(
    model: DocxModel, rules: FormatRules, system: SystemName, pages: PdfPages | None = None
) -> tuple[DocumentType | None, list[Finding]]:
    """The type the checker recognised, and its findings (``pages``: as LibreOffice laid
    the document out, when known)."""
    checker = Checker(model, rules, system)
    checker.pdf = pages
    return checker.doc_type, checker.run()
