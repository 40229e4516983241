"""The pages of a document as LibreOffice laid them out: its PDF read with poppler's
``pdftotext -bbox-layout`` into pages, lines and words with their positions in mm.

``docgen check --pages`` converts the .docx (the CLI does that: the checker never imports
rendering) and hands the PDF here. The XHTML pdftotext writes is parsed without entities, DTDs
or network access, and only up to a size stated in rules/page_layout.yaml.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from docgen.errors import ConversionError
from docgen.rules import read_rules_file

_PT_MM = 25.4 / 72
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # mm from the page's left edge
    y0: float  # mm from the page's top edge
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    x0: float
    y0: float
    x1: float
    y1: float
    block: int  # the pdftotext block it belongs to, in reading order across the page

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    number: int  # 1-based
    width: float  # mm
    height: float
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class PdfPages:
    path: Path
    pages: tuple[Page, ...]

    @property
    def count(self) -> int:
        return len(self.pages)


@cache
def _limits() -> dict[str, int]:
    data: dict[str, int] = read_rules_file("page_layout.yaml")["reading"]
    return data


def _mm(element: etree._Element, name: str) -> float:
    return float(element.get(name, "0")) * _PT_MM


def parse_bbox(xhtml: bytes, path: Path) -> PdfPages:
    """pdftotext's ``-bbox-layout`` XHTML → pages; lines in pdftotext's reading order (a
    column's lines after one another)."""
    limit = _limits()["xhtml_bytes"]
    if len(xhtml) > limit:
        raise ConversionError(
            f"{path.name}: the PDF's text is {len(xhtml):,} bytes, over the {limit:,} read",
            code="CHECK-PAGES-SIZE",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(xhtml, parser)
    except etree.XMLSyntaxError as exc:
        raise ConversionError(
            f"{path.name}: pdftotext wrote unreadable text ({exc})", code="CHECK-PAGES-READ"
        ) from exc
    pages: list[Page] = []
    for number, page_el in enumerate(root.iter(f"{_NS}page", "page"), 1):
        page = Page(number, _mm(page_el, "width"), _mm(page_el, "height"))
        for block_no, block in enumerate(page_el.iter(f"{_NS}block", "block")):
            for line_el in block.iter(f"{_NS}line", "line"):
                words = tuple(
                    Word(
                        (w.text or "").strip(),
                        _mm(w, "xMin"),
                        _mm(w, "yMin"),
                        _mm(w, "xMax"),
                        _mm(w, "yMax"),
                    )
                    for w in line_el.iter(f"{_NS}word", "word")
                    if (w.text or "").strip()
                )
                if words:
                    page.lines.append(
                        Line(
                            words,
                            _mm(line_el, "xMin"),
                            _mm(line_el, "yMin"),
                            _mm(line_el, "xMax"),
                            _mm(line_el, "yMax"),
                            block_no,
                        )
                    )
        pages.append(page)
    return PdfPages(path, tuple(pages))


def read_pdf(path: Path) -> PdfPages:
    """A PDF's pages with poppler's pdftotext; a clear error when poppler is missing."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ConversionError(
            "pdftotext (poppler) is not installed: --pages cannot read the pages",
            code="CHECK-PAGES-TOOL",
            hint="install it: sudo apt-get install poppler-utils",
        )
    limits = _limits()
    try:
        done = subprocess.run(
            [tool, "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            timeout=limits["timeout_s"],
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(
            f"{path.name}: pdftotext did not finish within {limits['timeout_s']} s",
            code="CHECK-PAGES-TIMEOUT",
        ) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ConversionError(
            f"{path.name}: pdftotext could not read the PDF ({detail[0]})",
            code="CHECK-PAGES-READ",
        )
    return parse_bbox(done.stdout, path)
