"""docgen check: verify any .docx against the Party and State format rules."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docgen.checker.base import Finding
from docgen.checker.certificate_rules import certificate_kind, check_certificate
from docgen.checker.docx_model import load_docx
from docgen.checker.layout import detect_system, find_layout
from docgen.checker.page_layout_rules import group_rows, page_layout_findings
from docgen.checker.pdf_pages import PdfPages
from docgen.checker.rules import check_typed
from docgen.errors import Severity
from docgen.i18n import message, severity_label, translate
from docgen.rules import DocumentType, SystemName, load_rules, proper_names


@dataclass
class CheckReport:
    path: Path
    system: SystemName
    detected: bool  # the system was found in the header (not assumed)
    findings: list[Finding] = field(default_factory=list)
    doc_type: DocumentType | None = None  # the type recognised (title, else number)
    # a certificate (bang_khen, giay_khen, or blank: the text of a pre-printed blank), checked
    # by the certificate rules only (checker.certificate_rules)
    certificate: str | None = None
    pages: int | None = None  # as LibreOffice lays the document out (--pages), else None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def lines(self, shown: str | None = None) -> list[str]:
        """``plan.docx:¶12: error[ND30-BODY-SIZE]: body text is 12 pt; …``"""
        name = shown or self.path.name
        out = []
        for f in self.findings:
            where = f"{name}:¶{f.paragraph}" if f.paragraph else name
            if f.page:
                where = f"{name}:p{f.page}"
            out.append(
                f"{where}: {severity_label(f.severity.value)}[{f.code}]: {translate(f.message)}"
            )
        return out

    def summary(self, shown: str | None = None) -> str:
        """``plan.docx: 0 errors, 1 warning (state rules, kế hoạch)``, in the clerk's language
        (each part a whole phrase of the catalogue)."""
        e, w = len(self.errors), len(self.warnings)
        kind = self.doc_type.text_name.lower() if self.doc_type else None
        party = self.system == "party"
        if self.certificate:
            rules = message("certificate rules, {kind}", kind=self.certificate.replace("_", " "))
        elif kind is None:
            rules = (
                message("party rules, type not recognised")
                if party
                else message("state rules, type not recognised")
            )
        else:
            rules = (
                message("party rules, {kind}", kind=kind)
                if party
                else message("state rules, {kind}", kind=kind)
            )
        text = _counts(shown or self.path.name, e, w)
        return f"{translate(text)} ({translate(rules)})"

    def as_json(self) -> dict[str, object]:
        """The file, what was recognised in it and its findings: a clean file says its system
        and type too."""
        return {
            "file": str(self.path),
            "system": self.system,
            "detected": self.detected,
            "type": self.doc_type.id if self.doc_type else None,
            "pages": self.pages,
            "findings": [
                {
                    "paragraph": f.paragraph,
                    "page": f.page,
                    "severity": f.severity.value,
                    "code": f.code,
                    "message": f.message,
                }
                for f in self.findings
            ],
        }


def check_docx(
    path: Path,
    system: Literal["party", "state", "auto"] = "auto",
    pages: PdfPages | None = None,
) -> CheckReport:
    """Check one document; ``auto`` takes the system from its header (State when none).
    ``pages``: its pages as LibreOffice laid them out (``docgen check --pages``): the page
    rules run on them and the page count is the real one."""
    rules = load_rules()
    model = load_docx(path)
    certificate = certificate_kind(model)
    if certificate is not None:
        # a sheet, not a document: none of the document rules apply
        report = CheckReport(path, "state", True, certificate=certificate)
        report.findings.extend(check_certificate(model, certificate))
        return report
    chosen: SystemName
    detected = True
    if system == "auto":
        found = detect_system(model, rules)
        detected = found is not None
        chosen = found or "state"
    else:
        chosen = system
    report = CheckReport(path, chosen, detected, pages=pages.count if pages else None)
    if not detected:
        report.findings.append(
            Finding(
                "DOC-SYSTEM",
                Severity.WARNING,
                "no ĐẢNG CỘNG SẢN VIỆT NAM or CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM header: checked "
                "against the State rules (use --system party to choose)",
            )
        )
    report.doc_type, findings = check_typed(model, rules, chosen, pages)
    report.findings.extend(findings)
    if pages is not None:
        layout = find_layout(model, rules, chosen)
        foot = None
        if model.sections:  # the body's section closes the body
            body = model.sections[-1]
            foot = body.page_height_mm - body.margins_mm.get("bottom", 0.0)
        report.findings.extend(
            page_layout_findings(pages, layout, proper_names(), foot, group_rows(model))
        )
    return report


def dump_json(reports: list[CheckReport]) -> str:
    """One object a file: ``{file, system, detected, type, pages, findings: [...]}``."""
    return json.dumps([r.as_json() for r in reports], ensure_ascii=False, indent=2)


__all__ = ["CheckReport", "Finding", "PdfPages", "check_docx", "dump_json"]


def _counts(file: str, errors: int, warnings: int) -> str:
    """``x.docx: 0 errors, 1 warning``: one whole phrase for each plural."""
    values = {"file": file, "errors": errors, "warnings": warnings}
    if errors == 1:
        if warnings == 1:
            return message("{file}: {errors} error, {warnings} warning", **values)
        return message("{file}: {errors} error, {warnings} warnings", **values)
    if warnings == 1:
        return message("{file}: {errors} errors, {warnings} warning", **values)
    return message("{file}: {errors} errors, {warnings} warnings", **values)
