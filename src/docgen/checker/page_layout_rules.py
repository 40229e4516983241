"""Rules of the pages as LibreOffice lays them out (``docgen check --pages``): what a records
desk sees and refuses, which the .docx alone cannot tell.

* ``DOC-PAGE-FURNITURE``: a page holding only furniture (its page number, nothing else) —
  a blank sheet in a signed original; the usual cause is a paragraph holding a page break run
  onto a page of its own.
* ``DOC-PAGE-HOLE``: a hole at a page's foot taller than rules/page_layout.yaml ``hole.max_mm``
  before a heading whose heading and first line would have fitted there — text chained by
  keep-with-next onto the next page.
* ``DOC-HEADING-STRANDED``: a heading as the last line of a page, its text on the next —
  what keep-with-next exists to prevent, and which LibreOffice does not always honour.
* ``DOC-SIGNATURE-SPLIT``: the signature block (authority and title down to the signer's name)
  across two pages: ND 30/2020 Phụ lục I mục II.7 and HD 36 place the signature with the
  content it signs; a name alone on a page is not a signature of that page.
* ``DOC-GROUP-STRANDED``: a list's group row (a school over its people) as the last line of a
  page, its rows on the next: read as a heading of nothing.
* ``DOC-SIGNATURE-ALONE``: the signature block on a page of its own, without a line of the
  content above it (a signature detached from the text it signs).
* ``DOC-DASH-LINE``: a line of running text beginning with the dash of " - " (a name such as
  "Thi đua - Khen thưởng", a range "2022 - 2025") broken there: it reads as a list item.
* ``DOC-NAME-CUT``: a known proper name (rules/proper_names.yaml, and the document's own issuer
  and parent lines) cut across two lines (reason in proper_names.yaml).

Every number is in rules/page_layout.yaml, with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from typing import Any

from docgen.checker.base import Finding
from docgen.checker.docx_model import DocxModel
from docgen.checker.layout import Layout
from docgen.checker.names import split_names
from docgen.checker.pdf_pages import Line, Page, PdfPages
from docgen.errors import Severity
from docgen.rules import read_rules_file

# a section label that opens a heading: I. / 1. / 1.1. / a) / Chương / Mục / Điều
_HEADING = re.compile(
    r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|Chương\s+[IVXLC\d]+|Mục\s+\d+|Điều\s+\d+\.)(?:\s|$)"
)
_ROMAN = re.compile(r"^[IVXLCivxlc]+$")


@cache
def _settings() -> dict[str, Any]:
    data: dict[str, Any] = read_rules_file("page_layout.yaml")
    return data


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _is_page_number(line: Line) -> bool:
    text = line.text.strip()
    limit = int(_settings()["furniture"]["page_number_chars"])
    return len(text) <= limit and (text.isdigit() or bool(_ROMAN.match(text)))


def _is_heading(line: Line) -> bool:
    """A heading's line: a section label, or a short line in capitals (a chapter's title)."""
    text = line.text.strip()
    if len(text) > _settings()["hole"]["heading_chars"]:
        return False
    return bool(_HEADING.match(text)) or (text.isupper() and len(text.split()) > 1)


def _table_follows(lines: Sequence[Line]) -> bool:
    """Three lines or more side by side (overlapping heights): a table's cells. Two can be
    one justified line that pdftotext reads in two parts (a bold run, then the rest)."""
    return any(sum(1 for b in lines if a.y0 < b.y1 and b.y0 < a.y1) >= 3 for a in lines)


def _content(page: Page) -> list[Line]:
    """The page's lines without its page number."""
    return [line for line in page.lines if not _is_page_number(line)]


def furniture_pages(pages: PdfPages) -> list[Finding]:
    found = []
    for page in pages.pages:
        if not _content(page):
            shown = " ".join(line.text for line in page.lines) or "nothing"
            found.append(
                Finding(
                    "DOC-PAGE-FURNITURE",
                    Severity.ERROR,
                    f"the page holds only furniture ({shown}): a blank sheet in the signed "
                    "original (often a paragraph holding a page break run onto a page of its own)",
                    page=page.number,
                )
            )
    return found


def holes(pages: PdfPages, foot_mm: float | None = None) -> list[Finding]:
    """A hole at a page's foot before a heading that, with its first line, would have fitted.
    ``foot_mm``: where the text area ends (the page's height less its bottom margin, from the
    .docx); without it, the lowest line of any page but the last."""
    hole = _settings()["hole"]
    if pages.count < 2:
        return []
    feet = [max(line.y1 for line in _content(p)) for p in pages.pages[:-1] if _content(p)]
    if not feet:
        return []
    bottom = foot_mm if foot_mm is not None else max(feet)
    found = []
    for page, following in pairwise(pages.pages):
        here, there = _content(page), sorted(_content(following), key=lambda x: (x.y0, x.x0))
        if not here or len(there) < 2:
            continue
        gap = bottom - max(line.y1 for line in here)
        first = there[0]
        # a section label opens it: a page begun by an attached part ("DANH SÁCH", its own
        # header) starts a page on purpose
        if gap <= hole["max_mm"] or not (_is_heading(first) and _HEADING.match(first.text)):
            continue
        # what keep-with-next and widow control rightly carry over together: the true
        # headings at the top of the next page (a Chương, its title, an Điều: short lines),
        # then two lines of the text under them, or one more line of a heading's own text
        limit = max(line.x1 - line.x0 for line in there) * hole["short_fraction"]
        end = 0
        while (
            end + 1 < len(there)
            and _is_heading(there[end + 1])
            and there[end + 1].x1 - there[end + 1].x0 < limit
        ):
            end += 1
        if _table_follows(there[end + 1 : end + 7]):
            # a table's header row and first row never split (cantSplit): how much they need
            # is not read from the lines; not judged
            continue
        own_text = there[end].x1 - there[end].x0 >= limit
        end = min(end + (1 if own_text else hole["text_lines"]), len(there) - 1)
        needed = there[end].y1 - first.y0 + hole["line_mm"]
        if needed < gap:
            found.append(
                Finding(
                    "DOC-PAGE-HOLE",
                    Severity.ERROR,
                    f"{gap:.1f} mm left blank at the page's foot (over {hole['max_mm']:g} mm) "
                    f"while the heading “{first.text[:60]}” on page {following.number} and the "
                    f"first lines of its text need {needed:.1f} mm: is a paragraph before it "
                    "kept with the next one (keep-with-next) though it is not a heading?",
                    page=page.number,
                )
            )
    return found


def figure_holes(pages: PdfPages, foot_mm: float | None = None) -> list[Finding]:
    """A hole at a page's foot before a picture that, with the caption under it, would have
    fitted there: the next page's text begins far below the text area's top."""
    hole = _settings()["hole"]
    contents = [sorted(_content(p), key=lambda x: (x.y0, x.x0)) for p in pages.pages]
    if pages.count < 2 or not all(contents):
        return []
    top = min(lines[0].y0 for lines in contents)
    bottom = foot_mm if foot_mm is not None else max(c[-1].y1 for c in contents[:-1])
    found = []
    for (page, here), there in zip(
        zip(pages.pages, contents, strict=True), contents[1:], strict=False
    ):
        gap = bottom - max(line.y1 for line in here)
        first = there[0]
        if gap <= hole["max_mm"] or first.y0 - top < hole["figure_mm"]:
            continue
        needed = first.y1 - top + hole["line_mm"]
        if needed < gap:
            found.append(
                Finding(
                    "DOC-PAGE-HOLE",
                    Severity.ERROR,
                    f"{gap:.1f} mm left blank at the page's foot (over {hole['max_mm']:g} mm) "
                    f"while the picture at the top of page {page.number + 1} and the line under "
                    f"it (“{first.text[:60]}”) need {needed:.1f} mm: is its caption kept with "
                    "what follows it (keep-with-next)?",
                    page=page.number,
                )
            )
    return found


def stranded_headings(pages: PdfPages) -> list[Finding]:
    """A heading as the last line of a page, its text on the next page."""
    limit = _settings()["hole"]["heading_chars"]
    found = []
    for page in pages.pages[:-1]:
        here = _content(page)
        if not here:
            continue
        last = max(here, key=lambda line: line.y1).text.strip()
        if len(last) <= limit and _HEADING.match(last) and not last.endswith((".", ";", ",", ":")):
            found.append(
                Finding(
                    "DOC-HEADING-STRANDED",
                    Severity.ERROR,
                    f"the heading “{last[:60]}” ends the page and its text begins the next: a "
                    "heading stays on the page of its first lines",
                    page=page.number,
                )
            )
    return found


def _starts(line: Line, text: str) -> bool:
    wanted, have = _norm(text), _norm(line.text)
    return bool(have) and wanted.startswith(have[: max(8, len(wanted) // 2)])


def signature_split(pages: PdfPages, layout: Layout) -> list[Finding]:
    """The signer's name on a later page than the block's first line (its authority, else its
    title): the name's first page, and the last page up to it where the block begins."""
    head = layout.authority or layout.signer_title
    if head is None or layout.signer_name is None:
        return []
    name = _norm(layout.signer_name.text)
    end = next((p.number for p in pages.pages if any(_norm(x.text) == name for x in p.lines)), None)
    if not name or end is None:
        return []
    starts = [p.number for p in pages.pages[:end] if any(_starts(x, head.text) for x in p.lines)]
    if not starts or starts[-1] == end:
        return []
    start = starts[-1]
    return [
        Finding(
            "DOC-SIGNATURE-SPLIT",
            Severity.ERROR,
            f"the signature block begins on page {start} (“{head.text.strip()[:40]}”) and its "
            f"signer's name is on page {end}: the block must stand on one page with the end "
            "of the content (ND 30/2020 Phụ lục I mục II.7; HD 36)",
            page=start,
        )
    ]


def _centred(a: Line, b: Line, full: float) -> bool:
    """Two lines set centred on one another, not a justified paragraph's full lines."""
    tolerance = float(_settings()["names"]["centre_mm"])
    mid_a, mid_b = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
    narrow = min(a.x1 - a.x0, b.x1 - b.x0) < full - 4 * tolerance
    # left-aligned lines (a table cell's) share their left edge instead
    return abs(mid_a - mid_b) <= tolerance and abs(a.x0 - b.x0) > tolerance and narrow


def _runs(page: Page) -> list[list[Line]]:
    """The page's centred lines (titles, headers, subjects: the lines docgen balances) in
    runs of lines that follow one another down one column. Justified body text breaks
    where the line is full, names included, as any typeset text does: not looked at."""
    full = max((line.x1 - line.x0 for line in page.lines), default=0.0)
    runs: list[list[Line]] = []
    for line in page.lines:
        last = runs[-1][-1] if runs else None
        follows = (
            last is not None
            and line.y0 > last.y0 + 0.5 * last.height
            and line.y0 - last.y1 < 1.5 * last.height
            and _centred(last, line, full)
        )
        if follows:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def names_cut(pages: PdfPages, names: Iterable[str]) -> list[Finding]:
    names = tuple(names)
    long_words = int(_settings()["names"]["long_name_words"])
    found = []
    for page in pages.pages:
        for run in _runs(page):
            texts = [line.text for line in run]
            for cut in split_names(texts, names, long_words):
                found.append(
                    Finding(
                        "DOC-NAME-CUT",
                        Severity.ERROR,
                        f"the name “{cut.name}” is cut across two lines (“{texts[cut.line][-30:]}"
                        f" / {texts[cut.line + 1][:30]}”): a proper name stays on one line",
                        page=page.number,
                    )
                )
    return found


def signature_alone(pages: PdfPages, layout: Layout) -> list[Finding]:
    """The page of the signer's name holding nothing of the content above the signature
    block: the signature (and the Nơi nhận beside it) alone on a page, detached from the text
    it signs. The block's first line is its authority line, else the signer's title or the
    Nơi nhận heading; what stands above the highest of them is the content."""
    if layout.signer_name is None or pages.count < 2:
        return []
    name = _norm(layout.signer_name.text)
    page = next((p for p in pages.pages if any(_norm(x.text) == name for x in p.lines)), None)
    if not name or page is None or page.number == 1:
        return []
    heads = [x for x in (layout.authority, layout.signer_title, layout.recipients_heading) if x]
    tops = [
        line.y0 for line in _content(page) for head in heads if _starts(line, head.text.strip())
    ]
    if not tops:
        return []
    above = [line for line in _content(page) if line.y1 <= min(tops) + 0.5]
    if above:
        return []
    return [
        Finding(
            "DOC-SIGNATURE-ALONE",
            Severity.ERROR,
            "the signature block stands alone on its page, without a line of the content it "
            "signs: keep the content's last paragraph with it (ND 30/2020 Phụ lục I mục II.7; "
            "HD 36)",
            page=page.number,
        )
    ]


def group_rows(model: DocxModel) -> list[str]:
    """The texts of a list's group rows: a row of one cell spanning a table whose other rows
    have three cells or more (a school's row over its people; a "I. TẬP THỂ" row)."""
    cells: dict[tuple[int, int | None], set[int]] = {}
    texts: dict[tuple[int, int | None], str] = {}
    for p in model.paragraphs:
        if p.table is None or p.cell is None:
            continue
        key = (p.table, p.row)
        cells.setdefault(key, set()).add(p.cell)
        texts[key] = f"{texts.get(key, '')} {p.text}".strip()
    widest: dict[int, int] = {}
    for (table, _row), found in cells.items():
        widest[table] = max(widest.get(table, 0), len(found))
    return [
        texts[key]
        for key, found in cells.items()
        if found == {1} and widest[key[0]] >= 3 and texts.get(key)
    ]


def stranded_groups(pages: PdfPages, groups: Sequence[str]) -> list[Finding]:
    """A group row as the last line of a page, its people on the next."""
    wanted = {_norm(g) for g in groups}
    found = []
    for page in pages.pages[:-1]:
        here = _content(page)
        if not here or not wanted:
            continue
        last = max(here, key=lambda line: line.y1)
        if _norm(last.text) in wanted:
            found.append(
                Finding(
                    "DOC-GROUP-STRANDED",
                    Severity.ERROR,
                    f"the list's group row “{last.text.strip()[:60]}” ends the page and its "
                    "rows begin the next: a group's row stays with its first rows",
                    page=page.number,
                )
            )
    return found


_DASH_START = re.compile(r"^[-–]\s")
_ITEM_END = tuple(",.;:!?)”")


def dash_lines(pages: PdfPages) -> list[Finding]:
    """Lines that begin with a dash only because a sentence broke at a " - " (settings in
    rules/page_layout.yaml ``dash_start``): the line above is full, ends with a word, and the
    dash stands no further right than the line above begins (an item's dash is indented)."""
    settings = _settings()["dash_start"]
    full_mm, left_mm = float(settings["full_mm"]), float(settings["left_mm"])
    found = []
    for page in pages.pages:
        right = max((line.x1 for line in page.lines), default=0.0)
        for above, line in pairwise(page.lines):
            if not _DASH_START.match(line.text) or above.block != line.block:
                continue
            follows = -0.5 * above.height <= line.y0 - above.y1 < above.height  # next line
            if (
                follows
                and above.x1 >= right - full_mm
                and not above.text.rstrip().endswith(_ITEM_END)
                and line.x0 <= above.x0 + left_mm
            ):
                found.append(
                    Finding(
                        "DOC-DASH-LINE",
                        Severity.ERROR,
                        f"a line begins with a dash (“…{above.text[-30:]} / {line.text[:30]}”): "
                        "it reads as a list item; keep the dash on the line above",
                        page=page.number,
                    )
                )
    return found


def header_names(layout: Layout) -> list[str]:
    """The document's own names: its issuer and parent lines, as the header prints them."""
    return [p.text for p in (layout.parents or []) + (layout.issuers or []) if p.text.strip()]


def page_layout_findings(
    pages: PdfPages,
    layout: Layout,
    known_names: Iterable[str],
    foot_mm: float | None = None,
    groups: Sequence[str] = (),
) -> list[Finding]:
    """Every page rule; ``foot_mm``: the text area's foot on the page, from the .docx."""
    names = [*known_names, *header_names(layout)]
    return [
        *furniture_pages(pages),
        *holes(pages, foot_mm),
        *figure_holes(pages, foot_mm),
        *stranded_headings(pages),
        *stranded_groups(pages, groups),
        *signature_split(pages, layout),
        *signature_alone(pages, layout),
        *names_cut(pages, names),
        *dash_lines(pages),
    ]
