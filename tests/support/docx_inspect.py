"""Test helpers: read a .docx as a reader sees it (effective fonts, sizes, text per paragraph)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree


def open_docx(path: Path) -> DocxDocument:
    return Document(str(path))


def iter_paragraphs(doc: DocxDocument) -> Iterator[Paragraph]:
    """Every paragraph in document order, those inside tables included."""
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            table = Table(child, doc)
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs


@dataclass(frozen=True)
class Look:
    """What a run looks like after direct formatting and the style chain are applied."""

    text: str
    font: str | None
    size: float | None
    bold: bool
    italic: bool
    underline: bool


def _style_chain(paragraph: Paragraph) -> list[object]:
    chain = []
    style = paragraph.style
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _first(values: list[object]) -> object:
    return next((v for v in values if v is not None), None)


def looks(paragraph: Paragraph) -> list[Look]:
    """The effective look of each non-empty run (direct → paragraph style chain → defaults)."""
    chain = _style_chain(paragraph)
    out = []
    for run in paragraph.runs:
        if not run.text:
            continue
        font = _first([run.font.name] + [s.font.name for s in chain])
        size = _first([run.font.size] + [s.font.size for s in chain])
        bold = _first([run.font.bold] + [s.font.bold for s in chain])
        italic = _first([run.font.italic] + [s.font.italic for s in chain])
        underline = _first([run.font.underline] + [s.font.underline for s in chain])
        out.append(
            Look(
                run.text,
                font if isinstance(font, str) else None,
                size.pt if size is not None else None,  # type: ignore[attr-defined]
                bool(bold),
                bool(italic),
                bool(underline),
            )
        )
    return out


def paragraph_texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in iter_paragraphs(doc) if p.text.strip()]


def read_texts(path: Path) -> list[str]:
    """The paragraphs of the file as a reader reads them: the no-break spaces docgen sets
    (names kept whole) as plain spaces."""
    return [t.replace("\u00a0", " ") for t in paragraph_texts(open_docx(path))]


def find_paragraph(doc: DocxDocument, text: str) -> Paragraph:
    for p in iter_paragraphs(doc):
        if p.text == text:
            return p
    raise AssertionError(f"no paragraph reads {text!r}")


_VOLATILE = re.compile(r' w:rsid\w*="[^"]*"')


def normalised_document_xml(path: Path) -> str:
    """document.xml pretty-printed, without volatile attributes: for golden comparisons."""
    with zipfile.ZipFile(path) as zf:
        raw = zf.read("word/document.xml")
    root = etree.fromstring(raw)
    text = etree.tostring(root, pretty_print=True, encoding="unicode")
    return _VOLATILE.sub("", text)


# the namespace declarations every part repeats (the prefixes stay, as in document.xml's dump)
_NAMESPACES = re.compile(r' (xmlns:\w+="[^"]*"|mc:Ignorable="[^"]*")')
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# the parts around the body a reader sees or a layout depends on (styles: docgen's own only;
# python-docx's default package carries some 260 latent styles no document uses)
_PART = re.compile(r"word/(header|footer)\d*\.xml|word/settings\.xml")


def _image_line(name: str, data: bytes) -> str:
    """An image by its pixel size (a PNG's header), not its bytes: what a page shows of it,
    whatever the compressor's choices."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return f"{name}: PNG {width} x {height} px\n"
    return f"{name}: {data[:4]!r}…\n"


def parts_dump(path: Path) -> str:
    """What the golden files of document.xml leave out: the headers, footers and settings,
    pretty-printed; the styles the document defines itself (docDefaults, Normal and the DG…
    styles), one per line, canonical; the images by their pixel size."""
    out: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = sorted(zf.namelist())
        for name in names:
            if _PART.fullmatch(name):
                root = etree.fromstring(zf.read(name))
                text = etree.tostring(root, pretty_print=True, encoding="unicode")
                out.append(f"=== {name}\n{_NAMESPACES.sub('', _VOLATILE.sub('', text))}")
        styles = etree.fromstring(zf.read("word/styles.xml"))
        lines = []
        for element in styles:
            style_id = element.get(f"{_W}styleId", "")
            if (
                element.tag == f"{_W}docDefaults"
                or style_id == "Normal"
                or style_id.startswith("DG")
            ):
                lines.append(etree.tostring(element, method="c14n").decode())
        out.append("=== word/styles.xml (docDefaults, Normal, DG…)\n" + "\n".join(lines) + "\n")
        media = [n for n in names if n.startswith("word/media/")]
        if media:
            out.append("=== word/media\n" + "".join(_image_line(n, zf.read(n)) for n in media))
    return "".join(out)


def text_dump(path: Path) -> str:
    """A readable dump: one line per paragraph, with its style and run looks."""
    doc = open_docx(path)
    lines = []
    for p in iter_paragraphs(doc):
        if not p.text.strip():
            continue
        marks = []
        for look in looks(p):
            flags = (
                ("B" if look.bold else "")
                + ("I" if look.italic else "")
                + ("U" if look.underline else "")
            )
            marks.append(f"{look.size:g}{flags}" if look.size else flags or "-")
        style = p.style.style_id if p.style is not None else "-"
        lines.append(f"[{style} {' '.join(dict.fromkeys(marks))}] {p.text}")
    return "\n".join(lines) + "\n"
