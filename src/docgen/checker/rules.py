"""The format rules applied to a read .docx. Every number comes from rules/format.yaml.

Codes: ``DOC-…`` for both systems, ``ND30-…`` for State rules (Nghị định 30/2020),
``HD36-…`` for Party rules (Hướng dẫn 36-HD/VPTW). Rules marked approx in the data (≈ in
format.md, secondary sources) report warnings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from docgen.checker.docx_model import (
    DocxModel,
    Paragraph,
    header_has_page_field,
    page_field_alignment,
)
from docgen.checker.pages import page_count
from docgen.errors import Severity
from docgen.rules import Component, DocumentType, ElementRule, FormatRules, SystemName, SystemRules
from docgen.vn.dates import check_date
from docgen.vn.text import detect_legacy_encoding

_DATE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")
_LEGACY_FONT = re.compile(r"^(\.Vn|VNI[- ]|VNtime|VN-)", re.IGNORECASE)
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


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _prefix(system: SystemName) -> str:
    return "HD36" if system == "party" else "ND30"


def _label(system: SystemName) -> str:
    return "Party" if system == "party" else "State"


@dataclass
class Layout:
    """Where the elements of an official document are, found by their text and position."""

    national: Paragraph | None = None
    motto: Paragraph | None = None
    parents: list[Paragraph] | None = None
    issuers: list[Paragraph] | None = None
    mark: Paragraph | None = None
    issuer_rule: bool = False
    number: Paragraph | None = None
    date: Paragraph | None = None
    title: Paragraph | None = None
    subject: list[Paragraph] | None = None
    body: list[Paragraph] | None = None
    authority: Paragraph | None = None
    signer_title: Paragraph | None = None
    signer_name: Paragraph | None = None
    recipients_heading: Paragraph | None = None
    recipients: list[Paragraph] | None = None
    letter_subject: Paragraph | None = None  # a công văn's "V/v …" under the number
    addressee: Paragraph | None = None  # "Kính gửi: …"


def detect_system(model: DocxModel, rules: FormatRules) -> SystemName | None:
    for p in model.paragraphs[:40]:
        text = _norm(p.text)
        for name, sys in rules.systems.items():
            if text == sys.element("national_title").text:
                return name
    return None


def find_layout(model: DocxModel, rules: FormatRules, system: SystemName) -> Layout:
    sys = rules.system(system)
    layout = Layout()
    paragraphs = model.paragraphs
    national_text = sys.element("national_title").text
    motto_text = sys.elements["motto"].text if "motto" in sys.elements else None
    type_names = {t.name for t in rules.document_types.values() if t.name}
    header_table: int | None = None
    for p in paragraphs[:60]:
        text = _norm(p.text)
        if text == national_text and layout.national is None:
            layout.national = p
            header_table = p.table
        elif motto_text and text.replace("–", "-") == motto_text and layout.motto is None:
            layout.motto = p
        elif text.startswith("Số") and re.match(r"^Số\s*:?\s*\d", text) and layout.number is None:
            layout.number = p
        elif _DATE.match(text) and layout.date is None:
            layout.date = p
    if header_table is not None:
        left = [p for p in paragraphs if p.table == header_table and p.row == 1 and p.cell == 1]
        lines = [p for p in left if _norm(p.text)]
        layout.mark = next((p for p in lines if _norm(p.text) == "*"), None)
        named = [p for p in lines if _norm(p.text) not in ("*",) and p is not layout.number]
        bold = [p for p in named if all(r.props.bold for r in p.visible_runs)]
        layout.issuers = bold
        layout.parents = [p for p in named if p not in bold]
        layout.issuer_rule = any(p.props.border_bottom for p in left)
        if layout.number is not None and layout.number.table == header_table:
            under = [
                p
                for p in paragraphs
                if p.table == header_table
                and p.row == layout.number.row
                and p.cell == layout.number.cell
                and p.index > layout.number.index
                and _norm(p.text)
            ]
            layout.letter_subject = under[0] if under else None
    layout.addressee = next(
        (p for p in paragraphs[:80] if p.table is None and _norm(p.text).startswith("Kính gửi")),
        None,
    )
    # the title block: the first body paragraph after the header that names a document type
    start = 0
    for i, p in enumerate(paragraphs):
        if p.table is None and _norm(p.text) in type_names:
            layout.title = p
            start = i + 1
            break
    if layout.title is not None:
        # the subject: the lines after the type name, up to its separator ("-----" or a short
        # rule) — at most three lines; without a separator, the first line alone
        following = [p for p in paragraphs[start : start + 5] if p.table is None]
        subject: list[Paragraph] = []
        separated = False
        for p in following:
            text = _norm(p.text)
            if not text or set(text) <= {"-", "_", "*"}:
                separated = True
                break
            if text.startswith(("Căn cứ", "- Căn cứ")) or len(subject) == 3:
                break
            subject.append(p)
        if not separated:
            subject = subject[:1]
        layout.subject = subject
        start += len(subject)
    # the signature block: the table holding "Nơi nhận:", else the last table after the header
    # (an attached list may follow it, after a page break)
    tables = sorted({p.table for p in paragraphs if p.table and p.table != header_table})
    sign_table = next(
        (
            t
            for t in tables
            if any(
                p.table == t and p.cell == 1 and _norm(p.text).startswith("Nơi nhận")
                for p in paragraphs
            )
        ),
        tables[-1] if tables else None,
    )
    if sign_table is not None:
        right = [p for p in paragraphs if p.table == sign_table and p.cell == 2 and _norm(p.text)]
        if right:
            layout.authority = right[0]
            if len(right) >= 3:
                layout.signer_title = right[1]
            layout.signer_name = right[-1] if len(right) >= 2 else None
        left = [p for p in paragraphs if p.table == sign_table and p.cell == 1 and _norm(p.text)]
        if left and _norm(left[0].text).startswith("Nơi nhận"):
            layout.recipients_heading = left[0]
            layout.recipients = left[1:]
    end = len(paragraphs)
    if sign_table is not None:
        end = next(i for i, p in enumerate(paragraphs) if p.table == sign_table)
    layout.body = [
        p
        for p in paragraphs[start:end]
        if p.table is None and _norm(p.text) and not set(_norm(p.text)) <= {"-", "_", "*"}
    ]
    return layout


_PARTY_NUMBER = re.compile(r"^Số (\d+)-([A-Za-zĐđ]+)/(\S+)$")
_STATE_NUMBER = re.compile(r"^Số: (\d+)/(?:([A-Za-zĐđ]+)-)?(\S+)$")


def _number_abbr(layout: Layout, system: SystemName) -> tuple[bool, str | None]:
    """(the number line has the system's form, the type abbreviation in it)."""
    if layout.number is None:
        return False, None
    pattern = _PARTY_NUMBER if system == "party" else _STATE_NUMBER
    match = pattern.match(_norm(layout.number.text))
    return (match is not None, match.group(2) if match else None)


def recognise_type(layout: Layout, rules: FormatRules, system: SystemName) -> DocumentType | None:
    """The document's type: by its type name, else by the abbreviation in its number; a State
    number without a type (``Số: 12/UBND-VX``) is a công văn's (ND 30 Phụ lục I mục II.3)."""
    types = list(rules.document_types.values())
    if layout.title is not None:
        name = _norm(layout.title.text)
        found = next((t for t in types if t.name == name), None)
        if found is not None:
            return found
    formed, abbr = _number_abbr(layout, system)
    if not formed:
        return None
    ours = [t for t in types if t.exists_in(system)]
    by_abbr = [t for t in ours if abbr is not None and t.abbr_for(system) == abbr]
    if by_abbr:
        return by_abbr[0]
    if system == "state" and layout.title is None:
        return next((t for t in ours if t.abbr_for(system) is None and not t.titled), None)
    return None


class Checker:
    def __init__(self, model: DocxModel, rules: FormatRules, system: SystemName) -> None:
        self.model = model
        self.rules = rules
        self.system = system
        self.sys: SystemRules = rules.system(system)
        self.p = _prefix(system)
        self.layout = find_layout(model, rules, system)
        self.doc_type = recognise_type(self.layout, rules, system)
        self.findings: list[Finding] = []

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

    # -- page ------------------------------------------------------------------------------------
    def page(self) -> None:
        if not self.model.sections:
            return
        section = self.model.sections[-1]  # the body's section properties close the body
        paper = self.rules.page.paper_mm
        tol = self.rules.page.tolerance_mm
        w, h = section.page_width_mm, section.page_height_mm
        if abs(w - paper["width"]) > tol or abs(h - paper["height"]) > tol:
            orientation = "landscape " if w > h else ""
            self.add(
                "DOC-PAGE-SIZE",
                f"the page is {orientation}{w:.0f} × {h:.0f} mm; official documents are "
                f"A4 portrait ({paper['width']:.0f} × {paper['height']:.0f} mm)",
            )
        for side, rng in self.rules.page.margins_mm.items():
            value = section.margins_mm.get(side, 0.0)
            high = rng.max if rng.max is not None else rng.min
            if value < rng.min - tol or value > high + tol:
                self.add(
                    "DOC-MARGIN",
                    f"the {side} margin is {value:.0f} mm; it must be {rng.min:.0f}–{high:.0f} mm",
                )

    def page_numbers(self) -> None:
        if not self.model.sections:
            return
        section = self.model.sections[0]
        default = self.model.header_parts.get(section.headers.get("default", ""))
        first = self.model.header_parts.get(section.headers.get("first", ""))
        if not header_has_page_field(default):
            required = self.requires("page_numbers")
            if required is None:
                self.add(
                    "DOC-PAGE-NUMBER",
                    "no page number: pages from the second on must be numbered in the header",
                    warning=True,
                )
            elif required:
                pages, how = page_count(self.model)
                if pages > 1:
                    self.add(
                        "DOC-PAGE-NUMBER",
                        f"no page number: the document has {pages} pages ({how}); pages from "
                        "the second on must be numbered in the header",
                    )
            return
        if not section.title_page or header_has_page_field(first):
            self.add(
                "DOC-PAGE-NUMBER-FIRST",
                "the first page shows a page number; it must not (numbers start on page 2)",
            )
        align = page_field_alignment(default, self.model.styles)
        if align != "center":
            self.add(
                "DOC-PAGE-NUMBER-ALIGN",
                f"the page number is aligned {align}; it must be centred in the header",
            )

    # -- text ------------------------------------------------------------------------------------
    def text(self) -> None:
        wrong_fonts: dict[str, list[int]] = {}
        for p in self.model.paragraphs:
            for run in p.visible_runs:
                font = run.props.font or "(none)"
                if font != self.rules.page.font:
                    wrong_fonts.setdefault(font, []).append(p.index)
            if _norm(p.text) != re.sub(r"\s+", " ", p.text).strip():
                self.add(
                    "DOC-TEXT-NFC",
                    "text is not in Unicode NFC form (decomposed accents): search and "
                    "sorting will fail on it",
                    p,
                )
            legacy = detect_legacy_encoding(p.text)
            if legacy:
                self.add(
                    "DOC-LEGACY-TEXT",
                    f"text looks typed in a legacy {legacy} font, not Unicode: '{p.text[:40]}'",
                    p,
                )
        for font, where in wrong_fonts.items():
            first = next(p for p in self.model.paragraphs if p.index == where[0])
            count = len(set(where))
            others = f" (and {count - 1} more paragraphs)" if count > 1 else ""
            if _LEGACY_FONT.match(font):
                self.add(
                    "DOC-LEGACY-FONT",
                    f"legacy font {font}{others}: use {self.rules.page.font} (Unicode, "
                    "TCVN 6909:2001)",
                    first,
                )
            else:
                self.add(
                    "DOC-FONT",
                    f"text is in {font}{others}; official documents use {self.rules.page.font}",
                    first,
                )

    # -- elements --------------------------------------------------------------------------------
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

    def header(self) -> None:
        lay = self.layout
        national = self.sys.element("national_title").text
        if lay.national is None:
            self.add(
                f"{self.p}-HEADER-NATIONAL",
                f"the header block lacks '{national}' ({_label(self.system)} format)",
            )
        else:
            self.element("national_title", lay.national)
            if not self.sys.issuer_mark and lay.motto is None:
                motto = self.sys.element("motto").text
                self.add(
                    f"{self.p}-HEADER-MOTTO",
                    f"the motto '{motto}' must follow the national title",
                    lay.national,
                )
            ruled = lay.motto if self.system == "state" else lay.national
            if ruled is not None and not (
                all(r.props.underline for r in ruled.visible_runs) or ruled.props.border_bottom
            ):
                self.add(
                    f"{self.p}-HEADER-RULE",
                    f"'{_norm(ruled.text)}' needs a solid rule under it as long as the text",
                    ruled,
                )
        self.element("motto", lay.motto)
        if lay.national is not None:
            if not lay.issuers:
                self.add(
                    f"{self.p}-HEADER-ISSUER",
                    "the issuing body must stand in the header's left column, bold, in capitals",
                    lay.national,
                )
            self.element("issuer_body", lay.issuers)
            self.element("parent_body", lay.parents)
            if self.system == "party" and lay.mark is None:
                self.add(
                    "HD36-HEADER-MARK",
                    "Party documents put a centred '*' under the issuing body",
                    lay.issuers[-1] if lay.issuers else lay.national,
                )
            if self.system == "state" and not lay.issuer_rule:
                self.add(
                    "ND30-HEADER-ISSUER-RULE",
                    "State documents put a short centred rule under the issuing body",
                    lay.issuers[-1] if lay.issuers else None,
                )

    def number(self) -> None:
        p = self.layout.number
        if p is None:
            if self.doc_type is not None and not self.doc_type.numbered:
                return  # a báo cáo thành tích carries no number (document_types.yaml)
            if self.layout.national is not None:
                self.add(f"{self.p}-NUMBER-MISSING", "no 'Số …' line under the issuing body")
            return
        self.element("number", p)
        text = _norm(p.text)
        if self.system == "party":
            match = re.match(r"^Số (\d+)-([A-Za-zĐđ]+)/(\S+)$", text)
            form = "'Số 1247-KH/HVCTQG' (no colon; number-TYPE/ISSUER)"
        else:
            match = re.match(r"^Số: (\d+)/(?:([A-Za-zĐđ]+)-)?(\S+)$", text)
            form = "'Số: 05/QĐ-UBND' (a colon; number/TYPE-ISSUER)"
        if match is None:
            self.add(
                f"{self.p}-NUMBER-FORM",
                f"'{text}' is not in the {_label(self.system)} form {form}",
                p,
            )
            return
        number, abbr = match.group(1), match.group(2)
        if int(number) < 10 and len(number) < 2:
            self.add(
                f"{self.p}-NUMBER-PAD",
                f"number {number} must be written with a leading zero ({int(number):02d})",
                p,
            )
        known = {
            t.abbr_for(self.system)
            for t in self.rules.document_types.values()
            if self.system in t.systems
        }
        # a State công văn's symbol is issuer-unit (Số: 125/SNV-VP): no type to check there
        letter = self.system == "state" and (self.doc_type is None or not self.doc_type.titled)
        if abbr is not None and abbr not in known and not letter:
            self.add(
                f"{self.p}-NUMBER-TYPE",
                f"'{abbr}' is not a known type abbreviation "
                f"({', '.join(sorted(k for k in known if k))})",
                p,
            )
        elif (
            self.doc_type is not None
            and self.doc_type.exists_in(self.system)
            and self.layout.title is not None
            and abbr in known
            and abbr != self.doc_type.abbr_for(self.system)
        ):
            self.add(
                f"{self.p}-NUMBER-TYPE",
                f"the number says {abbr} but the document is a {self.doc_type.text_name.lower()} "
                f"({self.doc_type.abbr_for(self.system)})",
                p,
            )

    def date(self) -> None:
        p = self.layout.date
        if p is None:
            if self.layout.national is not None:
                self.add(
                    f"{self.p}-DATE-MISSING",
                    "no place-and-date line ('Hà Nội, ngày 05 tháng 01 năm 2020')",
                )
            return
        self.element("date_line", p)
        match = _DATE.match(_norm(p.text))
        assert match is not None
        d, m, y = match.group("d"), match.group("m"), match.group("y")
        why = check_date(int(y), int(m), int(d))
        if why:
            self.add(f"{self.p}-DATE-INVALID", f"'{_norm(p.text)}' is not a real date: {why}", p)
            return
        want_d = f"{int(d):02d}"
        want_m = f"{int(m):02d}" if int(m) < 3 else str(int(m))
        if (d, m) != (want_d, want_m):
            self.add(
                f"{self.p}-DATE-PAD",
                f"write 'ngày {want_d} tháng {want_m}' (pad the day below 10 and months 1 "
                "and 2); ignore this if the issuer has chosen not to pad",
                p,
                warning=True,
            )

    def title(self) -> None:
        lay = self.layout
        if lay.title is None:
            if lay.national is not None and self.requires("type_name") is not False:
                self.add(
                    f"{self.p}-TITLE-MISSING",
                    "no document type name (KẾ HOẠCH, QUYẾT ĐỊNH …) in capitals after the header",
                )
            return
        if self.doc_type is not None and not self.doc_type.exists_in(self.system):
            other = " and ".join(_label(s) for s in self.doc_type.systems)
            self.add(
                f"{self.p}-TYPE-SYSTEM",
                f"{self.doc_type.name} is a {other} document type, not a {_label(self.system)} one",
                lay.title,
            )
        if not lay.subject and self.requires("subject"):
            self.add(
                f"{self.p}-SUBJECT-MISSING",
                f"no subject (trích yếu) under '{_norm(lay.title.text)}'",
                lay.title,
            )
        self.element("type_name", lay.title)
        if lay.title.props.align != "center":
            self.add(f"{self.p}-TITLE-ALIGN", "the type name must be centred", lay.title)
        self.element("subject", lay.subject)
        for p in lay.subject or []:
            if p.props.align != "center":
                self.add(f"{self.p}-SUBJECT-ALIGN", "the subject line must be centred", p)

    def body(self) -> None:
        body_rules = self.rules.body
        indent = body_rules.first_line_indent_cm
        for p in self.layout.body or []:
            is_basis = _norm(p.text).startswith(("Căn cứ", "- Căn cứ"))
            self.element("bases" if is_basis else "body", p)
            if len(_norm(p.text)) < 90:
                continue  # headings and short lines: alignment and indent are free
            if p.props.align != "both":
                self.add(f"{self.p}-BODY-ALIGN", "body paragraphs must be justified", p)
            first = (p.props.first_line_mm or 0) / 10
            if not indent.min - 0.05 <= first <= (indent.max or indent.min) + 0.05:
                self.add(
                    f"{self.p}-BODY-INDENT",
                    f"the first-line indent is {first:.2f} cm; it must be "
                    f"{indent.min:g}–{indent.max:g} cm",
                    p,
                )
            spacing = max(p.props.space_after_pt or 0, p.props.space_before_pt or 0)
            if spacing < body_rules.space_after_pt.min:
                self.add(
                    f"{self.p}-BODY-SPACING",
                    f"{spacing:g} pt between paragraphs; at least "
                    f"{body_rules.space_after_pt.min:g} pt",
                    p,
                )
            self._line_spacing(p)

    def _line_spacing(self, p: Paragraph) -> None:
        ls = self.rules.body.line_spacing
        size = max((r.props.size or 0 for r in p.visible_runs), default=0) or 14
        rule, line = p.props.line_rule or "auto", p.props.line or 240
        if self.system == "party":
            lo, hi = float(ls.party_exact_pt["min"]), float(ls.party_exact_pt["max"])
            if rule != "exact" or not lo <= line / 20 <= hi:
                shown = (
                    f"exactly {line / 20:g} pt" if rule == "exact" else f"{line / 240:.2f} lines"
                )
                self.add(
                    "HD36-BODY-LINE-SPACING",
                    f"line spacing is {shown}; Party practice is exactly {lo:g}–{hi:g} pt",
                    p,
                    warning=True,
                )
            return
        lo, hi = ls.state_multiple["min"], ls.state_multiple["max"]
        lines = line / 240 if rule == "auto" else (line / 20) / (size * 1.15)
        if not lo - 0.05 <= lines <= hi + 0.05:
            self.add(
                "ND30-BODY-LINE-SPACING",
                f"line spacing is {lines:.2f} lines; it must be {lo:g}–{hi:g} lines",
                p,
            )

    def signature(self) -> None:
        lay = self.layout
        if lay.authority is None:
            return
        self.element("authority", lay.authority)
        if lay.signer_title is not None:
            self.element("signer_title", lay.signer_title)
        if lay.signer_name is not None:
            self.element("signer_name", lay.signer_name)
        own = set(self.sys.authority_prefixes.values())
        other_system: SystemName = "state" if self.system == "party" else "party"
        other = set(self.rules.system(other_system).authority_prefixes.values()) - own
        first_word = _norm(lay.authority.text).split(" ")[0]
        if first_word in other:
            self.add(
                f"{self.p}-SIGN-AUTHORITY",
                f"'{first_word}' is the {_label(other_system)} form; "
                f"{_label(self.system)} documents write "
                f"{', '.join(sorted(own))}",
                lay.authority,
            )

    def recipients(self) -> None:
        lay = self.layout
        if lay.recipients_heading is None:
            required = self.requires("recipients")
            if lay.authority is not None and required is not False:
                self.add(
                    f"{self.p}-RECIPIENTS-MISSING",
                    "no 'Nơi nhận:' list beside the signature",
                    lay.authority,
                    warning=required is None,
                )
            return
        rec = self.sys.recipients
        self.element("recipients_heading", lay.recipients_heading)
        if _norm(lay.recipients_heading.text) != rec.heading:
            self.add(
                f"{self.p}-RECIPIENTS-FORM",
                f"write '{rec.heading}'",
                lay.recipients_heading,
                warning=rec.approx,
            )
        items = lay.recipients or []
        self.element("recipients", items)
        for p in items:
            if not _norm(p.text).startswith("- "):
                self.add(
                    f"{self.p}-RECIPIENTS-FORM",
                    "each recipient line starts with '- '",
                    p,
                    warning=rec.approx,
                )
        if items and not _norm(items[-1].text).startswith(f"- {rec.archive_prefix.strip()}"):
            self.add(
                f"{self.p}-RECIPIENTS-FORM",
                f"the list ends with the archive line '- {rec.archive_prefix}…'",
                items[-1],
                warning=rec.approx,
            )

    def letter(self) -> None:
        """A công văn's subject under its number and the addressee, when its type needs them."""
        lay = self.layout
        if lay.national is None or self.doc_type is None:
            return
        name = self.doc_type.text_name.lower()
        if self.requires("letter_subject"):
            prefix = self.sys.element("letter_subject").text or ""
            if lay.letter_subject is None:
                self.add(
                    f"{self.p}-LETTER-SUBJECT-MISSING",
                    f"a {name} states its subject under the number ('{prefix} …')",
                    lay.number,
                )
            else:
                self.element("letter_subject", lay.letter_subject)
                if self.system == "state" and not _norm(lay.letter_subject.text).startswith(prefix):
                    self.add(
                        "ND30-LETTER-SUBJECT-FORM",
                        f"the subject under the number starts with '{prefix}'",
                        lay.letter_subject,
                    )
        if self.requires("addressee") and lay.addressee is None:
            self.add(
                f"{self.p}-ADDRESSEE-MISSING",
                f"a {name} names whom it is sent to ('Kính gửi: …')",
                lay.title or lay.number,
            )

    def run(self) -> list[Finding]:
        steps: list[Callable[[], None]] = [
            self.page,
            self.page_numbers,
            self.text,
            self.header,
            self.number,
            self.date,
            self.title,
            self.letter,
            self.body,
            self.signature,
            self.recipients,
        ]
        for step in steps:
            step()
        return _grouped(self.findings)


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


def check_typed(
    model: DocxModel, rules: FormatRules, system: SystemName
) -> tuple[DocumentType | None, list[Finding]]:
    """The type the checker recognised, and its findings."""
    checker = Checker(model, rules, system)
    return checker.doc_type, checker.run()
