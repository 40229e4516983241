"""A document's readable text: what the register keeps of an issued document and compares a
rebuild with. One line per paragraph in reading order; a table row is one line, its cells
separated by `` | ``; empty paragraphs are left out. Formatting is not part of it: a record
is what the document says."""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docgen.documents.docx_safe import DOCUMENT, open_docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# a tab or a line break inside a paragraph reads as a space
_SPACES = ((b"<w:tab/>", b"<w:t> </w:t>"), (b"<w:br/>", b"<w:t> </w:t>"))


def readable_text(document_xml: bytes) -> str:
    """The readable text of a ``word/document.xml``."""
    from docgen.documents.xml_safe import parse_xml

    for mark, space in _SPACES:
        document_xml = document_xml.replace(mark, space)
    root = parse_xml(document_xml, DOCUMENT)
    body = root.find(f"{_W}body")
    lines: list[str] = []
    if body is not None:
        _block_lines(body, lines)
    return "\n".join(lines) + "\n" if lines else ""


def _paragraph(p: object) -> str:
    # itertext walks the paragraph in C; split/join folds every run of whitespace
    return " ".join("".join(p.itertext(_T)).split())  # type: ignore[attr-defined]


_T = f"{_W}t"
_P = f"{_W}p"
_TBL = f"{_W}tbl"
_TR = f"{_W}tr"
_TC = f"{_W}tc"
_SDT = f"{_W}sdt"


def _block_lines(container: object, lines: list[str]) -> None:
    for child in container:  # type: ignore[attr-defined]
        if child.tag == _P:
            text = _paragraph(child)
            if text:
                lines.append(text)
        elif child.tag == _TBL:
            for row in child.iter(_TR):
                cells = []
                for cell in row.iterchildren(_TC):
                    texts = [_paragraph(p) for p in cell.iter(_P)]
                    cells.append(" / ".join(t for t in texts if t))
                if any(cells):
                    lines.append(" | ".join(cells))
        elif child.tag == _SDT:
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _block_lines(content, lines)


def document_part(data: bytes) -> bytes:
    """The ``word/document.xml`` of a .docx docgen rendered (or kept as issued)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(DOCUMENT)


def readable_of_bytes(data: bytes) -> str:
    """The readable text of a .docx docgen rendered (or kept as issued)."""
    return readable_text(document_part(data))


def readable_of_file(path: Path, shown: str | None = None) -> str:
    """The readable text of a .docx on disk (read within docgen's limits)."""
    with open_docx(path, shown=shown) as package:
        return readable_text(package.read(DOCUMENT))


@dataclass(frozen=True)
class Difference:
    """What a rebuild would change in an issued document, for the clerk."""

    lines: list[str]  # "- old line" / "+ new line", the changed lines only
    figures: list[tuple[str, str]]  # (issued, now) of the numbers that changed
    more: int  # changed lines left out

    def text(self) -> str:
        shown = "\n".join(self.lines)
        if self.more:
            shown += f"\n… (+{self.more})"
        return shown


_FIGURE = re.compile(r"\d[\d.,]*\d|\d")


def difference(issued: str, now: str, limit: int = 12) -> Difference:
    """The changed lines between the issued text and today's, and the figures that moved."""
    changed: list[str] = []
    figures: list[tuple[str, str]] = []
    before_lines, after_lines = issued.splitlines(), now.splitlines()
    matcher = difflib.SequenceMatcher(a=before_lines, b=after_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = before_lines[i1:i2], after_lines[j1:j2]
        changed += [f"- {line}" for line in old] + [f"+ {line}" for line in new]
        for before, after in zip(old, new, strict=False):
            a, b = _FIGURE.findall(before), _FIGURE.findall(after)
            if len(a) == len(b):
                figures += [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return Difference(changed[:limit], list(dict.fromkeys(figures)), max(0, len(changed) - limit))
