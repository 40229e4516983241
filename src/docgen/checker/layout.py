"""A read .docx's layout: its system, where its elements stand, and its document type."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docgen.checker.docx_model import DocxModel, Paragraph
from docgen.rules import DocumentType, FormatRules, SystemName
from docgen.rules.glyphs import style_of, text_width_mm

_DATE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")
# a number line: "Số: 05/QĐ-UBND", "Số 15-KH/TU", or a draft's blank "Số:      /QĐ-UBND",
# "Số   -QĐ/TU" (the records desk writes the number when it registers the document)
_NUMBER = re.compile(r"^Số\s*:?\s*\d")
_PLACEHOLDER = re.compile(r"^Số\s*:?[\s._…]*[-/]\s*[A-Za-zĐđ]")
_AUTHORITY = re.compile(r"^(TM\.|KT\.|TL\.|TUQ\.|Q\.|T/M|K/T|T/L)\s")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class RuleLine:
    """A rule under a line of the header or the subject, however it was made: ``border`` (a
    paragraph's bottom border), ``underline`` (the line's own text underlined), ``typed``
    (``_______`` or ``-----`` on a line of its own), ``drawn`` (a line shape). ``length_mm`` is
    what it measures on the page, when it can be told (a border runs between the paragraph's
    indents; a typed rule is measured with Times New Roman's widths)."""

    paragraph: Paragraph
    kind: str
    length_mm: float | None


def _content_width(p: Paragraph, fallback_mm: float | None) -> float | None:
    width = p.cell_width_mm or fallback_mm
    if width is None:
        return None
    return width - (p.props.left_mm or 0) - (p.props.right_mm or 0)


def rule_line(p: Paragraph, text_width_mm_: float | None = None) -> RuleLine | None:
    """The rule ``p`` is or carries, if any (``text_width_mm_``: the body's text width, for a
    border outside a table)."""
    text = _norm(p.text)
    if p.drawn_mm is not None:
        return RuleLine(p, "drawn", p.drawn_mm)
    if p.is_rule and text:
        run = p.visible_runs[0].props
        style = style_of(bool(run.bold), bool(run.italic))
        return RuleLine(p, "typed", text_width_mm(text, run.size or 12, style))
    if p.props.border_bottom:
        return RuleLine(p, "border", _content_width(p, text_width_mm_))
    runs = p.visible_runs
    if runs and all(r.props.underline for r in runs):
        return RuleLine(p, "underline", sum(_run_mm(r) for r in runs))
    return None


def _run_mm(run: object) -> float:
    props = run.props  # type: ignore[attr-defined]
    style = style_of(bool(props.bold), bool(props.italic))
    return text_width_mm(run.text, props.size or 12, style)  # type: ignore[attr-defined]


@dataclass
class Layout:
    """Where the elements of an official document are, found by their text and position.

    The rules found (stable names, read by the header and proportion rules):
    ``issuer_rule_line`` under the issuing body, ``motto_rule_line`` under the motto (State) or
    the Party's national title, ``subject_rule_line`` under the subject; ``issuer_rule`` is
    whether the first exists. ``signature_in_table`` is False when the signature stands in plain
    paragraphs (pushed right by alignment or indent) instead of the two-column block."""

    national: Paragraph | None = None
    motto: Paragraph | None = None
    parents: list[Paragraph] | None = None
    issuers: list[Paragraph] | None = None
    mark: Paragraph | None = None
    issuer_rule: bool = False
    issuer_rule_line: RuleLine | None = None
    motto_rule_line: RuleLine | None = None
    subject_rule_line: RuleLine | None = None
    number: Paragraph | None = None
    number_placeholder: bool = False  # "Số:      /QĐ-UBND": a draft's number left blank
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
    signature_in_table: bool = True
    sign_table: int | None = None  # the signature block's table number
    verb: Paragraph | None = None  # "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:" before the articles

    @property
    def issuer_rule_paragraph(self) -> Paragraph | None:
        return self.issuer_rule_line.paragraph if self.issuer_rule_line else None


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
        elif text.startswith("Số") and layout.number is None and _NUMBER.match(text):
            layout.number = p
        elif text.startswith("Số") and layout.number is None and _PLACEHOLDER.match(text):
            layout.number = p
            layout.number_placeholder = True
        elif _DATE.match(text) and layout.date is None:
            layout.date = p
    if header_table is not None:
        left = [p for p in paragraphs if p.table == header_table and p.row == 1 and p.cell == 1]
        number = layout.number
        below_number = {
            p.index
            for p in left
            if number is not None and number.cell == p.cell and p.index >= number.index
        }
        lines = [p for p in left if _norm(p.text) and p.index not in below_number]
        layout.mark = next((p for p in lines if _norm(p.text) == "*"), None)
        named = [p for p in lines if _norm(p.text) not in ("*",) and not p.is_rule]
        bold = [p for p in named if all(r.props.bold for r in p.visible_runs)]
        layout.issuers = bold
        layout.parents = [p for p in named if p not in bold]
        after_issuer = [p for p in left if p.index not in below_number]
        if bold:
            after_issuer = [p for p in after_issuer if p.index >= bold[-1].index]
        under = [r for r in (rule_line(p) for p in after_issuer) if r and r.kind != "underline"]
        layout.issuer_rule_line = under[0] if under else None
        layout.issuer_rule = layout.issuer_rule_line is not None
        layout.motto_rule_line = _rule_under(
            paragraphs, layout.motto if system == "state" else layout.national
        )
        if layout.number is not None and layout.number.table == header_table:
            vv = [
                p
                for p in paragraphs
                if p.table == header_table
                and p.row == layout.number.row
                and p.cell == layout.number.cell
                and p.index > layout.number.index
                and _norm(p.text)
            ]
            layout.letter_subject = vv[0] if vv else None
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
            if not text or set(text) <= {"-", "_", "*"} or p.is_rule:
                separated = True
                found = rule_line(p, _text_width(model))
                if found is not None and found.kind != "underline":
                    layout.subject_rule_line = found
                break
            if p.props.border_bottom or p.drawn_mm is not None:  # a rule under the line itself
                subject.append(p)
                layout.subject_rule_line = rule_line(p, _text_width(model))
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
        else:  # two signatures side by side (a biên bản, ND 30 mẫu 1.9): Nơi nhận below them
            _recipients_below(paragraphs, sign_table, layout)
    end = len(paragraphs)
    if sign_table is not None and layout.authority is None:
        sign_table = None  # a table without a signature in its right column (an attached list)
    if sign_table is not None:
        layout.sign_table = sign_table
        end = next(i for i, p in enumerate(paragraphs) if p.table == sign_table)
    else:
        end = _signature_in_paragraphs(paragraphs, start, layout, model, rules)
    if layout.addressee is not None:
        start = max(start, paragraphs.index(layout.addressee) + 1)
        # the addressees listed under "Kính gửi:", pushed right or centred
        while (
            start < end
            and _norm(paragraphs[start].text).startswith("- ")
            and (
                (paragraphs[start].props.left_mm or 0) > 0
                or paragraphs[start].props.align in ("center", "left")
            )
        ):
            start += 1
    layout.body = [
        p
        for p in paragraphs[start:end]
        if p.table is None and _norm(p.text) and not set(_norm(p.text)) <= {"-", "_", "*"}
    ]
    verbs = {t.verb for t in rules.document_types.values() if t.verb}
    layout.verb = next((p for p in layout.body if _norm(p.text).replace(" :", ":") in verbs), None)
    return layout


def _text_width(model: DocxModel) -> float | None:
    if not model.sections:
        return None
    s = model.sections[0]
    return s.page_width_mm - s.margins_mm.get("left", 0) - s.margins_mm.get("right", 0)


def _rule_under(paragraphs: list[Paragraph], line: Paragraph | None) -> RuleLine | None:
    """The rule under ``line``: its own underline or border, a line drawn in it, else a typed
    or drawn rule on the next line of its cell."""
    if line is None:
        return None
    own = rule_line(line)
    if own is not None:
        return own
    nxt = next((p for p in paragraphs if p.index == line.index + 1), None)
    if nxt is not None and nxt.table == line.table and nxt.cell == line.cell and nxt.is_rule:
        return rule_line(nxt)
    return None


def _placed(p: Paragraph, min_indent_mm: float) -> bool:
    """Pushed to the right half: right-aligned, or indented by at least ``min_indent_mm``."""
    return p.props.align == "right" or (p.props.left_mm or 0) >= min_indent_mm


def _signature_in_paragraphs(
    paragraphs: list[Paragraph], start: int, layout: Layout, model: DocxModel, rules: FormatRules
) -> int:
    """A signature typed in plain paragraphs (authority line, title, blank lines, name) pushed
    right, and a "Nơi nhận:" list under or above it: found, recorded on ``layout``; returns
    where the body ends."""
    indent = rules.checker.signature_indent_mm
    end = len(paragraphs)
    heading = next(
        (
            i
            for i in range(start, len(paragraphs))
            if paragraphs[i].table is None and _norm(paragraphs[i].text).startswith("Nơi nhận")
        ),
        None,
    )
    first = None
    for i in range(start, len(paragraphs)):
        p = paragraphs[i]
        text = _norm(p.text)
        if p.table is not None or not text or not _placed(p, indent):
            continue
        if _AUTHORITY.match(text) or (text == text.upper() and any(c.isalpha() for c in text)):
            first = i
            break
    if first is not None:
        block: list[Paragraph] = []
        for p in paragraphs[first:]:
            if p.table is not None or _norm(p.text).startswith("Nơi nhận"):
                break
            if _norm(p.text) and not _placed(p, indent):
                break
            if _norm(p.text):
                block.append(p)
        layout.signature_in_table = False
        layout.authority = block[0]
        if len(block) >= 3:
            layout.signer_title = block[1]
        layout.signer_name = block[-1] if len(block) >= 2 else None
        end = first
    if heading is not None:
        layout.recipients_heading = paragraphs[heading]
        items: list[Paragraph] = []
        for p in paragraphs[heading + 1 :]:
            text = _norm(p.text)
            if p.table is not None or (text and _placed(p, indent)):
                break
            if not text:
                if items:
                    break
                continue
            items.append(p)
        layout.recipients = items
        end = min(end, heading)
    return end


def _recipients_below(paragraphs: list[Paragraph], table: object, layout: Layout) -> None:
    """The Nơi nhận list in the paragraphs after the signature table, when its left column
    holds a second signature instead (THƯ KÝ beside CHỦ TỌA)."""
    after = [i for i, p in enumerate(paragraphs) if p.table == table]
    if not after:
        return
    rest = [p for p in paragraphs[after[-1] + 1 :] if p.table is None and _norm(p.text)]
    if rest and _norm(rest[0].text).startswith("Nơi nhận"):
        layout.recipients_heading = rest[0]
        items: list[Paragraph] = []
        for p in rest[1:]:
            if not _norm(p.text).startswith(("-", "+")):
                break
            items.append(p)
        layout.recipients = items


_PARTY_NUMBER = re.compile(r"^Số\s*(\d*)\s*-([A-Za-zĐđ]+)/(\S+)$")
_STATE_NUMBER = re.compile(r"^Số:\s*(\d*)\s*/(?:([A-Za-zĐđ]+)-)?(\S+)$")


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
