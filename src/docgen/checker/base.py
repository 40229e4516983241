"""What every check stands on: findings, the layout and type, and each element's format."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.checker.docx_model import DocxModel, Paragraph
from docgen.checker.layout import _norm, find_layout, recognise_type
from docgen.checker.pdf_pages import PdfPages
from docgen.errors import Severity
from docgen.rules import Component, ElementRule, FormatRules, SystemName, SystemRules

_ELEMENT_CODES = {
    "national_title": "NATIONAL",
    "motto": "MOTTO",
    "parent_body": "PARENT",
    "issuer_body": "ISSUER",
    "number": "NUMBER",
    "date_line": "DATE",
    "type_name": "TITLE",
    "subject": "SUBJECT",
    "body": "BODY",
    "bases": "BASES",
    "authority": "AUTHORITY",
    "signer_title": "SIGNER-TITLE",
    "signer_name": "SIGNER-NAME",
    "recipients_heading": "RECIPIENTS-HEADING",
    "recipients": "RECIPIENTS",
    "page_number": "PAGE-NUMBER",
    "letter_subject": "LETTER-SUBJECT",
    "addressee": "ADDRESSEE",
}
_ELEMENT_NAMES = {
    "national_title": "the national/Party title",
    "motto": "the motto",
    "parent_body": "the parent body",
    "issuer_body": "the issuing body",
    "number": "the number line",
    "date_line": "the place-and-date line",
    "type_name": "the type name",
    "subject": "the subject line",
    "body": "body text",
    "bases": "the legal bases",
    "authority": "the authority line",
    "signer_title": "the signer's title",
    "signer_name": "the signer's name",
    "recipients_heading": "'Nơi nhận:'",
    "recipients": "the recipients list",
    "page_number": "the page number",
    "letter_subject": "the subject under the number (V/v …)",
    "addressee": "'Kính gửi:'",
}


_RULED = ("national_title", "motto")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    paragraph: int | None = None
    page: int | None = None  # the page of LibreOffice's PDF (docgen check --pages)


def _prefix(system: SystemName) -> str:
    return "HD36" if system == "party" else "ND30"


def _label(system: SystemName) -> str:
    return "Party" if system == "party" else "State"


class CheckerBase:
    """A document being checked against one system's rules, and what was found so far."""

    def __init__(self, model: DocxModel, rules: FormatRules, system: SystemName) -> None:
        self.model = model
        self.rules = rules
        self.system = system
        self.sys: SystemRules = rules.system(system)
        self.p = _prefix(system)
        self.layout = find_layout(model, rules, system)
        self.doc_type = recognise_type(self.layout, rules, system)
        self.findings: list[Finding] = []
        self.pdf: PdfPages | None = None  # the pages LibreOffice laid out (check --pages)

    def requires(self, component: Component) -> bool | None:
        """Whether the recognised type requires a component; None when no type is known."""
        if self.doc_type is None:
            return None
        return component in self.doc_type.requires

    def add(
        self, code: str, message: str, paragraph: Paragraph | None = None, warning: bool = False
    ) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.findings.append(
            Finding(code, severity, message, paragraph.index if paragraph else None)
        )

    def element(self, name: str, paragraphs: list[Paragraph] | Paragraph | None) -> None:
        if paragraphs is None or name not in self.sys.elements:
            return
        items = paragraphs if isinstance(paragraphs, list) else [paragraphs]
        rule: ElementRule = self.sys.element(name)
        code = f"{self.p}-{_ELEMENT_CODES[name]}"
        what = _ELEMENT_NAMES[name]
        lo, hi = rule.size
        wanted = f"{lo:g} pt" if lo == hi else f"{lo:g}–{hi:g} pt"
        for p in items:
            runs = p.visible_runs
            if not runs:
                continue
            sizes = {r.props.size for r in runs}
            if None in sizes:
                bad: list[float | None] = [None]
            else:
                bad = [
                    s for s in sorted(x for x in sizes if x is not None) if not rule.allows_size(s)
                ]
            if bad:
                shown = "unset" if bad[0] is None else f"{bad[0]:g} pt"
                self.add(
                    f"{code}-SIZE",
                    f"{what} is {shown}; {_label(self.system)} documents need {wanted}",
                    p,
                    warning=rule.approx,
                )
            problems = []
            for flag, word in (("bold", "bold"), ("italic", "italic"), ("underline", "underlined")):
                want = getattr(rule, flag)
                if want is None or (flag == "underline" and name in _RULED):
                    continue  # the rule under these is checked as HEADER-RULE (underline or border)
                have = [bool(getattr(r.props, flag)) for r in runs]
                if want and not all(have):
                    problems.append(f"must be {word}")
                if not want and any(have) and flag != "underline":
                    problems.append(f"must not be {word}")
            if rule.caps and not (
                _norm(p.text) == _norm(p.text).upper() or all(r.props.caps for r in runs)
            ):
                problems.append("must be in capitals")
            if problems:
                self.add(f"{code}-FORMAT", f"{what} {', '.join(problems)}", p, warning=rule.approx)


def _grouped(findings: list[Finding]) -> list[Finding]:
    """One finding per code: the first place, and how many other paragraphs share it."""
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        if f.paragraph is not None:
            by_code.setdefault(f.code, []).append(f)
    out = []
    for f in findings:
        if f.paragraph is None:
            out.append(f)
            continue
        same = by_code[f.code]
        if same[0] is not f:
            continue
        others = sorted({g.paragraph for g in same[1:] if g.paragraph})
        if others:
            shown = ", ".join(f"¶{n}" for n in others[:5]) + (" …" if len(others) > 5 else "")
            f = Finding(f.code, f.severity, f"{f.message} (also {shown})", f.paragraph)
        out.append(f)
    return out
