"""docgen check: verify any .docx against the Party and State format rules."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docgen.checker.base import Finding
from docgen.checker.certificate_rules import certificate_kind, check_certificate
from docgen.checker.docx_model import load_docx
from docgen.checker.layout import detect_system
from docgen.checker.rules import check_typed
from docgen.errors import Severity
from docgen.rules import DocumentType, SystemName, load_rules


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
            out.append(f"{where}: {f.severity.value}[{f.code}]: {f.message}")
        return out

    def summary(self, shown: str | None = None) -> str:
        e, w = len(self.errors), len(self.warnings)
        kind = f", {self.doc_type.text_name.lower()}" if self.doc_type else ", type not recognised"
        rules = f"{self.system} rules{kind}"
        if self.certificate:
            rules = f"certificate rules, {self.certificate.replace('_', ' ')}"
        return (
            f"{shown or self.path.name}: {e} error{'s' if e != 1 else ''}, "
            f"{w} warning{'s' if w != 1 else ''} ({rules})"
        )

    def as_json(self) -> list[dict[str, object]]:
        return [
            {
                "file": str(self.path),
                "paragraph": f.paragraph,
                "severity": f.severity.value,
                "code": f.code,
                "message": f.message,
                "type": self.doc_type.id if self.doc_type else None,
            }
            for f in self.findings
        ]


def check_docx(path: Path, system: Literal["party", "state", "auto"] = "auto") -> CheckReport:
    """Check one document; ``auto`` takes the system from its header (State when none)."""
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
    report = CheckReport(path, chosen, detected)
    if not detected:
        report.findings.append(
            Finding(
                "DOC-SYSTEM",
                Severity.WARNING,
                "no ĐẢNG CỘNG SẢN VIỆT NAM or CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM header: checked "
                "against the State rules (use --system party to choose)",
            )
        )
    report.doc_type, findings = check_typed(model, rules, chosen)
    report.findings.extend(findings)
    return report


def dump_json(reports: list[CheckReport]) -> str:
    return json.dumps([item for r in reports for item in r.as_json()], ensure_ascii=False, indent=2)


__all__ = ["CheckReport", "Finding", "check_docx", "dump_json"]
