"""A read .docx's layout: its system, where its elements stand, and its document type."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docgen.checker.docx_model import DocxModel, Paragraph
from docgen.rules import DocumentType, FormatRules, SystemName

_DATE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


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
