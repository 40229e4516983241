"""The text lines of an issued document's PDF pages, read once with the PDF.

Finding the signature block means reading every page's text with its positions (pypdf's text
extraction: about 75 ms a page, most of ``docgen sign``'s own time). The pages of the PDF a
document is signed on never change: the signer signs the PDF made from the frozen .docx
(``binding.unsigned_pdf``, kept in ``.docgen/pdf/``), and the office signs the signer's file,
which is that PDF with the signature appended. So the lines are read when that PDF is made and
kept beside it (``<hash>.lines.json``), and a PDF that begins with those very bytes takes them
from there. Anything else (another file, a damaged or stale sidecar) is read again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from docgen.output import write_atomic
from docgen.signing.appearance import TextLine, page_lines

_VERSION = 1  # bumped when TextLine or the way lines are read changes


def sidecar(pdf_cache: Path) -> Path:
    """Where the lines of the cached PDF ``pdf_cache`` are kept."""
    return pdf_cache.with_suffix(".lines.json")


def remember(pdf_cache: Path, pdf: bytes) -> list[list[TextLine]]:
    """Read the lines of ``pdf`` (the bytes of ``pdf_cache``) and keep them beside it."""
    pages = page_lines(pdf)
    data = {
        "version": _VERSION,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "pages": [[[t.text, t.x0, t.x1, t.y, t.size] for t in page] for page in pages],
    }
    write_atomic(sidecar(pdf_cache), json.dumps(data, ensure_ascii=False).encode())
    return pages


def lines_of(pdf: bytes, pdf_cache: Path) -> list[list[TextLine]]:
    """The lines of ``pdf``'s pages: from the sidecar of ``pdf_cache`` when ``pdf`` is that
    PDF, or it with something appended (signatures), else read from ``pdf`` itself."""
    try:
        base = pdf_cache.read_bytes()
    except OSError:
        return page_lines(pdf)
    kept = _kept(pdf, base, pdf_cache)
    if kept is not None:
        return kept
    return remember(pdf_cache, pdf) if pdf == base else page_lines(pdf)


def _kept(pdf: bytes, base: bytes, pdf_cache: Path) -> list[list[TextLine]] | None:
    if not pdf.startswith(base):
        return None
    try:
        data: Any = json.loads(sidecar(pdf_cache).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return None
    if data.get("pdf_sha256") != hashlib.sha256(base).hexdigest():
        return None
    try:
        return [
            [TextLine(str(t), float(x0), float(x1), float(y), float(s)) for t, x0, x1, y, s in page]
            for page in data["pages"]
        ]
    except (KeyError, TypeError, ValueError):
        return None
