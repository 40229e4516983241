"""Where the signatures of an electronic original show on its pages (Nghị định 30/2020 Phụ lục I,
chữ ký số): found from the text of the PDF, sized by rules/esign.yaml.

* the signer's signature image, centred between the signer's position line and name;
* the office's seal image over about a third of it on its left, and the office's information
  lines (its name, the signing time) under the signer's name;
* the office's mark (number and symbol, signing time) at the top right of the first page of
  each attachment ("(Kèm theo …)").

The signature block is found by its text (pypdf's text extraction with positions), never by
fixed coordinates: the name line, then the nearest line above it in the same column, which
must be in capitals (the position). ``placement`` is what the signing calls for each role.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from docgen.errors import DocgenError
from docgen.rules import load_rules
from docgen.rules.esign import AppearanceRules, esign_rules
from docgen.rules.glyphs import style_of, text_width_pt
from docgen.signing.images import SignatureImages

__all__ = ["Placement", "SignatureImages", "TextLine", "page_lines", "placement"]

_MM = 72 / 25.4
# Liberation Serif's (and Times New Roman's) ascent and descent, in font sizes: how far a
# line's ink reaches above and below its baseline
_ASCENT, _DESCENT = 0.891, 0.216
# a signature PNG's proportions when there is none to read (width : height)
_SIGNATURE_ASPECT = 2.5
_SYMBOL = re.compile(r"^Số:?\s+(\S+/\S+)")


@dataclass(frozen=True)
class Placement:
    """One thing drawn for a signature: on page ``page`` (0-based), in ``box`` (PDF points,
    x1, y1, x2, y2 from the page's lower left corner), the transparent PNG ``png`` stretched
    to the box, or the text ``lines`` set from the box's top in Times New Roman of
    ``font_size`` points, ``leading`` points apart."""

    page: int
    box: tuple[float, float, float, float]
    png: bytes | None
    lines: tuple[str, ...]
    font_size: float = 10.0
    leading: float = 12.0
    what: Literal["signature", "seal", "office_info", "attachment"] = "signature"


@dataclass(frozen=True)
class TextLine:
    """A line of text as LibreOffice set it: its baseline ``y`` and its extent ``x0``–``x1``
    in points, its font size."""

    text: str
    x0: float
    x1: float
    y: float
    size: float

    @property
    def top(self) -> float:
        return self.y + _ASCENT * self.size

    @property
    def foot(self) -> float:
        return self.y - _DESCENT * self.size

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def placement(
    pdf: bytes,
    role: Literal["signer", "office"],
    *,
    signer_name: str,
    office_name: str,
    signed_at: datetime,
    images: SignatureImages,
    symbol: str | None = None,
    pages: list[list[TextLine]] | None = None,
) -> list[Placement]:
    """What ``role``'s signature draws on ``pdf``: the signer's image; or the office's seal,
    its information lines and its mark on each attachment. Pass both images to both roles
    (the seal is set against the signer's image). ``symbol``: the document's number and
    symbol for the attachments' mark (read from the first page's "Số" line when None).
    ``pages``: the text lines of ``pdf``'s pages when already read (page_text).
    A DocgenError when the signature block cannot be found by its text."""
    rules = esign_rules().appearance
    pages = _read_pages(pdf) if pages is None else pages
    attachments = _attachment_pages(pages)
    page, title, name = _signature_block(pages, signer_name, before=min(attachments, default=None))
    signature = _signature_box(rules, title, name, images.signature_png)
    if role == "signer":
        return [Placement(page, signature, images.signature_png, (), what="signature")]
    out: list[Placement] = []
    if images.seal_png is not None:
        out.append(Placement(page, _seal_box(rules, signature), images.seal_png, (), what="seal"))
    time = signing_time(signed_at)
    lines = tuple(line.format(office=office_name, time=time) for line in rules.text.office_lines)
    out.append(_info(rules, page, name, lines))
    if rules.attachment.same_file and attachments:
        number = symbol or _symbol(pages[0])
        if not number:
            raise DocgenError(
                "the document's number and symbol cannot be read on its first page, for the "
                "mark on its attachments",
                code="ESIGN-NO-SYMBOL",
                hint="the first page must show the 'Số …' line of an issued document",
            )
        marks = tuple(line.format(symbol=number, time=time) for line in rules.text.attachment_lines)
        out += [_attachment(rules, p, pages[p], _page_size(pdf, p), marks) for p in attachments]
    return out


def signing_time(signed_at: datetime) -> str:
    """The signing time as the information line writes it, in Vietnam's time zone (a naive
    time is taken as Vietnam's)."""
    text = esign_rules().appearance.text
    zone = timezone(timedelta(hours=text.utc_offset_hours))
    at = signed_at.replace(tzinfo=zone) if signed_at.tzinfo is None else signed_at.astimezone(zone)
    sign = "+" if text.utc_offset_hours >= 0 else "-"
    hours = abs(text.utc_offset_hours)
    return at.strftime(text.time_format.replace("{offset}", f"{sign}{hours:02d}:00"))


def page_lines(pdf: bytes) -> list[list[TextLine]]:
    """The text lines of each page of ``pdf``, top to bottom."""
    return _read_pages(pdf)


def _pdf_reader(pdf: bytes) -> Any:
    # pypdf is imported when a PDF is read: ``docgen verify`` takes only the rules from here
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def _read_pages(pdf: bytes) -> list[list[TextLine]]:
    from pypdf.errors import PdfReadError

    try:
        reader = _pdf_reader(pdf)
        return [_lines(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocgenError(
            f"the PDF cannot be read to place the signatures ({exc})", code="ESIGN-PDF"
        ) from exc


def _lines(page: Any) -> list[TextLine]:
    """The page's text pieces, joined into lines: pieces on one baseline, each beginning
    where the one before ends (a wide gap, as between the two columns of the signature
    table, begins a new line)."""
    pieces: list[tuple[float, float, float, str, str]] = []  # y, x, size, text, style

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3] + tm[2] * cm[1]) or 1.0
        name = str(font.get("/BaseFont", "")) if font else ""
        style = style_of("Bold" in name, "Italic" in name or "Oblique" in name)
        pieces.append((round(y, 1), x, size * scale, text.replace("\n", ""), style))

    page.extract_text(visitor_text=visit)
    rows: list[list[tuple[float, float, float, str, str]]] = []
    for piece in sorted(pieces, key=lambda p: -p[0]):
        if rows and abs(rows[-1][0][0] - piece[0]) < 0.5:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines: list[TextLine] = []
    for row in rows:
        last: TextLine | None = None
        for y, x, size, text, style in sorted(row, key=lambda p: p[1]):
            width = text_width_pt(text, size, style)
            if last is not None and x - last.x1 < 2 * size:
                last = TextLine(
                    last.text + text, last.x0, max(last.x1, x + width), last.y, last.size
                )
                lines[-1] = last
            else:
                last = TextLine(text, x, x + width, y, size)
                lines.append(last)
    return [
        TextLine(_plain(line.text), line.x0, line.x1, line.y, line.size)
        for line in lines
        if _plain(line.text)
    ]


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _attachment_pages(pages: list[list[TextLine]]) -> list[int]:
    """The first page of each attachment: the page with its "(Kèm theo …)" line (the words
    of rules/document_types.yaml ``attached_as``)."""
    words = {t.attached_as.casefold() for t in load_rules().document_types.values()}
    return [
        n
        for n, lines in enumerate(pages)
        if n > 0
        and any(any(line.text.casefold().startswith(f"({w} ") for w in words) for line in lines)
    ]


def _signature_block(
    pages: list[list[TextLine]], signer_name: str, *, before: int | None
) -> tuple[int, TextLine, TextLine]:
    """The page, position line and name line of the signature block: the last line reading
    the signer's name before the attachments, under a line in capitals in its column."""
    wanted = _plain(signer_name).casefold()
    last = len(pages) if before is None else before
    for page in range(last - 1, -1, -1):
        lines = pages[page]
        for i in range(len(lines) - 1, -1, -1):
            name = lines[i]
            if name.text.casefold() != wanted:
                continue
            above = [
                line
                for line in lines[:i]
                if line.foot > name.top and line.x0 < name.centre < line.x1
            ]
            title = min(above, key=lambda line: line.y, default=None)
            if title is None or not _capitals(title.text):
                raise DocgenError(
                    f"the signature block of {signer_name} has no position line above the "
                    f"name (page {page + 1})",
                    code="ESIGN-NO-BLOCK",
                    hint="the signer's title, in capitals, must stand right above the room "
                    "for the signature, in the name's column",
                )
            return page, title, name
    raise DocgenError(
        f"the signer's name '{signer_name}' is not in the document's signature block",
        code="ESIGN-NO-BLOCK",
        hint="the signer named for the signature must be the one the document names",
    )


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _signature_box(
    rules: AppearanceRules, title: TextLine, name: TextLine, png: bytes | None
) -> tuple[float, float, float, float]:
    """Centred between the position line's foot and the name line's top, on the name's
    centre; as high as ``fill`` of the room (at most ``max_height_mm``), as wide as the PNG's
    proportions make it (at most ``max_width_share`` of the column)."""
    look = rules.signer
    room = title.foot - name.top
    if room <= 0:
        raise DocgenError(
            "the signature block leaves no room between the position and the name",
            code="ESIGN-NO-ROOM",
        )
    aspect = _aspect(png)
    height = min(room * look.fill, look.max_height_mm * _MM)
    width = height * aspect
    widest = look.column_mm * _MM * look.max_width_share
    if width > widest:
        width, height = widest, widest / aspect
    middle = (title.foot + name.top) / 2
    return _box(name.centre - width / 2, middle - height / 2, width, height)


def _seal_box(
    rules: AppearanceRules, signature: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The seal, of its real size, its right edge ``overlap`` of the way into the signer's
    image from its left edge, its centre level with the image's."""
    side = rules.office.seal_mm * _MM
    x1, y1, x2, y2 = signature
    right = x1 + (x2 - x1) * rules.office.overlap
    return _box(right - side, (y1 + y2) / 2 - side / 2, side, side)


def _info(rules: AppearanceRules, page: int, name: TextLine, lines: tuple[str, ...]) -> Placement:
    """The office's information lines under the signer's name, centred on it."""
    text = rules.text
    leading = text.font_size * text.line_height
    width = max(text_width_pt(line, text.font_size) for line in lines) + 2
    top = name.foot - rules.office.info_gap_mm * _MM
    height = leading * len(lines)
    box = _box(name.centre - width / 2, top - height, width, height)
    return Placement(page, box, None, lines, text.font_size, leading, what="office_info")


def _attachment(
    rules: AppearanceRules,
    page: int,
    lines: list[TextLine],
    size: tuple[float, float],
    marks: tuple[str, ...],
) -> Placement:
    """The office's mark at the top right of an attachment's first page: ``top_mm`` from the
    top edge, its lines' right end ``right_mm`` from the page's; raised if the page's first line of
    text under it would be closer than ``clearance_mm``."""
    look, text = rules.attachment, rules.text
    leading = text.font_size * text.line_height
    width = max(text_width_pt(m, text.font_size) for m in marks) + 2
    height = leading * len(marks)
    x2 = size[0] - look.right_mm * _MM
    top = size[1] - look.top_mm * _MM
    under = [line.top for line in lines if line.x1 > x2 - width and line.x0 < x2 and line.top < top]
    if under:
        top = min(size[1], max(top, max(under) + look.clearance_mm * _MM + height))
    box = _box(x2 - width, top - height, width, height)
    return Placement(page, box, None, marks, text.font_size, leading, what="attachment")


def _symbol(lines: list[TextLine]) -> str | None:
    """The number and symbol on the first page's "Số" line (``Số: 01/QĐ-UBND``,
    ``Số 1569-QĐ/HVCTQG``)."""
    for line in lines:
        found = _SYMBOL.match(line.text)
        if found:
            return found.group(1)
    return None


def _page_size(pdf: bytes, page: int) -> tuple[float, float]:
    box = _pdf_reader(pdf).pages[page].mediabox
    return float(box.width), float(box.height)


def _aspect(png: bytes | None) -> float:
    if png is None:
        return _SIGNATURE_ASPECT
    from PIL import Image

    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        width, height = image.size
    return width / height if height else _SIGNATURE_ASPECT


def _box(x: float, y: float, width: float, height: float) -> tuple[float, float, float, float]:
    return (round(x, 2), round(y, 2), round(x + width, 2), round(y + height, 2))
