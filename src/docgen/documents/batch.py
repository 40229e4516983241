"""The fast path for batches: compile a docxtpl template once, then render only document.xml
per record and write the .docx zip directly, every other part copied as bytes.

It performs the same text transformations as docxtpl's own ``render`` (``patch_xml`` before
Jinja, the paragraph newlines and ``resolve_listing`` after), so the document XML is the same
(tests compare both paths). Templates for this path must keep Jinja out of headers, footers
and document properties (checked when the template is loaded).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateSyntaxError

from docgen.documents.docx_safe import open_template
from docgen.documents.templates import jinja_env
from docgen.errors import OutputError, TemplateError

_DOCUMENT = "word/document.xml"
_TAG = re.compile(r"{[{%#]")
_LISTING = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)


class CompiledTemplate:
    """A .docx template ready to render many records quickly."""

    def __init__(self, path: Path, cache_dir: Path | None = None, shown: str | None = None) -> None:
        self.path = path
        # every part within the limits, every XML part parsed safely, before docxtpl reads it
        with open_template(path, shown or path.name) as package:
            package.xml_parts()
            self.parts: list[tuple[zipfile.ZipInfo, bytes]] = [
                (info, package.read(info.filename)) for info in package.infos
            ]
        for info, data in self.parts:
            if (
                info.filename != _DOCUMENT
                and info.filename.endswith(".xml")
                and _TAG.search(data.decode("utf-8", "replace"))
            ):
                raise TemplateError(
                    f"{path.name}: {info.filename} holds template tags; the batch path renders "
                    "only the document body",
                    code="TEMPLATE-BATCH",
                )
        document = next(data for info, data in self.parts if info.filename == _DOCUMENT)
        text = document.decode("utf-8")
        open_at = re.search(r"<w:body[ >]", text)
        close_at = text.rfind("</w:body>")
        if open_at is None or close_at < 0:
            raise TemplateError(f"{path.name}: no document body", code="TEMPLATE-BATCH")
        # the document around its body: the rendered body is spliced in between
        self._before = text[: text.index(">", open_at.start()) + 1]
        self._after = text[close_at:]
        self._tpl: Any = None
        env = jinja_env()
        try:
            self._template: Template = env.from_string(_jinja_source(path, document, cache_dir))
        except TemplateSyntaxError:
            if cache_dir is None:
                raise
            # a damaged cache entry: made again from the template itself
            self._template = env.from_string(_jinja_source(path, document, cache_dir, fresh=True))
        self._static: list[_ZipEntry | None] | None = None

    def render_body(self, context: dict[str, Any]) -> str:
        """The rendered <w:body> element, exactly as docxtpl's render produces it."""
        xml = self._template.render(context)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        return self._resolve_listing(xml)

    def _resolve_listing(self, xml: str) -> str:
        """docxtpl's ``resolve_listing`` (tabs, line and page breaks typed in values), run
        only on the paragraphs that hold such a character: on the others it changes nothing,
        and it is the most costly step of a certificate."""
        if not _LISTING.search(xml):
            return xml

        if self._tpl is None:
            from docxtpl import DocxTemplate

            self._tpl = DocxTemplate(str(self.path))

        def resolve(match: re.Match[str]) -> str:
            text = match.group(0)
            return str(self._tpl.resolve_listing(text)) if _LISTING.search(text) else text

        # the same paragraph pattern as docxtpl's, so each piece is resolved as it would be
        return _PARAGRAPH.sub(resolve, xml)

    def render_xml(self, context: dict[str, Any]) -> str:
        """The whole word/document.xml for one record."""
        body = self.render_body(context)
        inner = body[body.index(">") + 1 : body.rindex("</w:body>")]
        return self._before + inner + self._after

    def render_bytes(self, context: dict[str, Any]) -> bytes:
        """The whole .docx for one record."""
        xml = self.render_xml(context)
        return self.package(xml)

    def package(self, document_xml: str) -> bytes:
        """The .docx zip: the static parts as compressed once, the new document.xml."""
        if self._static is None:
            self._static = [
                None if info.filename == _DOCUMENT else _ZipEntry.deflated(info.filename, data, 6)
                for info, data in self.parts
            ]
        entries = [
            entry
            if entry is not None
            else _ZipEntry.deflated(_DOCUMENT, document_xml.encode("utf-8"), 1)
            for entry in self._static
        ]
        return _zip_bytes(entries)


def _jinja_source(
    path: Path, document: bytes, cache_dir: Path | None, *, fresh: bool = False
) -> str:
    """The Jinja source of the template's body as docxtpl prepares it (python-docx serialises
    the body, ``patch_xml`` cleans the tags), kept in ``cache_dir`` by the content of
    document.xml and the versions that made it: a batch then needs neither python-docx nor
    docxtpl loaded to start."""
    target = None
    if cache_dir is not None:
        from importlib.metadata import version

        from docgen import __version__

        key = hashlib.sha256(
            f"{__version__}|docxtpl {version('docxtpl')}|".encode() + document
        ).hexdigest()[:24]
        target = cache_dir / f"body-{key}.jinja"
        if not fresh:
            try:
                return target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                pass
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    # docxtpl renders the body element (python-docx serialises it with its namespaces)
    source = str(tpl.patch_xml(tpl.get_xml()))
    # as docxtpl's render_xml_part: one paragraph per line, so Jinja errors have lines
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    if target is not None:
        from docgen.output import write_atomic

        with contextlib.suppress(OutputError):  # a cache not written only costs time
            write_atomic(target, source.encode("utf-8"))
    return source


# A fixed timestamp (1 January 2026, 00:00) in the zip's DOS format: builds are reproducible.
_DOS_TIME, _DOS_DATE = 0, ((2026 - 1980) << 9) | (1 << 5) | 1


@dataclass(frozen=True)
class _ZipEntry:
    """One member of a zip, already compressed (raw deflate), ready to be written as bytes."""

    name: bytes
    crc: int
    size: int
    data: bytes

    @classmethod
    def deflated(cls, name: str, raw: bytes, level: int) -> _ZipEntry:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = packer.compress(raw) + packer.flush()
        return cls(name.encode("utf-8"), zlib.crc32(raw), len(raw), data)


def _zip_bytes(entries: list[_ZipEntry]) -> bytes:
    """A standard zip (PKWARE APPNOTE 4.3): local headers and data, then the central
    directory. Written by hand so that parts compressed once are copied as bytes."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        head = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0x0800,
            8,
            _DOS_TIME,
            _DOS_DATE,
            e.crc,
            len(e.data),
            e.size,
            len(e.name),
            0,
        )
        out += head + e.name + e.data
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x0800,
                8,
                _DOS_TIME,
                _DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(e.name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + e.name
        )
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0
    )
    return bytes(out)


def body_of(document_xml: str) -> tuple[str, str, str]:
    """Split document.xml into (head up to <w:body>, body content, final sectPr + tail)."""
    start = document_xml.index("<w:body>") + len("<w:body>")
    sect = document_xml.rindex("<w:sectPr")
    return document_xml[:start], document_xml[start:sect], document_xml[sect:]
