"""Opens .docx packages safely: zip limits checked before and while decompressing, hardened XML.

Every reader of a .docx in docgen goes through here: ``docgen check`` reads files from other
offices (and soon uploads), and templates are files clerks edit in Word, so both get the same
limits (rules/docx_limits.yaml). Any file that cannot be read safely is a DocxReadError whose
message says why in plain words; templates turn it into a TemplateError (TEMPLATE-READ).
"""

from __future__ import annotations

import os
import posixpath
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, PositiveFloat, PositiveInt

from docgen.documents.xml_safe import Refused, parse_xml, refused_xml
from docgen.errors import DocxReadError, Location, TemplateError

if TYPE_CHECKING:
    from lxml import etree  # imported when first parsing: `docgen --help` stays quick

DOCUMENT = "word/document.xml"
CONTENT_TYPES = "[Content_Types].xml"
_CHUNK = 64 * 1024  # bytes decompressed at a time: memory in use never passes a limit by more

ZIP_BOMB = "refused as a possible zip bomb"


class DocxLimits(BaseModel):
    """How much of a .docx docgen reads; the values and why: rules/docx_limits.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    members: PositiveInt
    directory_bytes: PositiveInt
    xml_part_bytes: PositiveInt
    part_bytes: PositiveInt
    total_bytes: PositiveInt
    ratio: PositiveFloat
    ratio_from_bytes: PositiveInt

    def part_limit(self, name: str) -> int:
        return self.xml_part_bytes if is_xml_part(name) else self.part_bytes


@cache
def load_limits() -> DocxLimits:
    from docgen.rules import read_rules_file

    return DocxLimits(**read_rules_file("docx_limits.yaml")["limits"])


def is_xml_part(name: str) -> bool:
    """Parts docgen parses as XML (the others are only ever copied as bytes)."""
    return name.lower().endswith((".xml", ".rels"))


def format_size(size: int) -> str:
    """``812 bytes``, ``1.5 KB``, ``16 MB``, ``2 GB``: powers of 1,024 with the labels Windows
    Explorer shows, which is where a clerk will look the file up."""
    if size < 1024:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} {unit}"


# -- what a file is when it is not a .docx ------------------------------------------------------

_NOT_ZIP = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2 compound file: .doc, or an encrypted .docx
        "an old Word 97–2003 (.doc) file or a password-protected document; open it in Word and "
        "save it as .docx without a password",
    ),
    (b"%PDF", "a PDF file, not a Word document"),
    (b"{\\rtf", "an RTF file, not a .docx; open it in Word and save it as .docx"),
)


def describe_not_zip(head: bytes) -> str:
    """Why a file that is not a zip package is not a .docx, from its first bytes."""
    for magic, what in _NOT_ZIP:
        if head.startswith(magic):
            return f"this is {what}"
    if head.startswith(b"PK\x03\x04"):
        return (
            "the file is cut short: it begins like a .docx but its end (the zip's table of "
            "contents) is missing; copy it again from the original"
        )
    return "not a Word .docx file: a .docx is a zip package, and this file is not one"


_OTHER_PACKAGES = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("mimetype", "an OpenDocument file (.odt); save it in Word as .docx"),
)


def describe_no_document(names: Iterable[str]) -> str:
    """Why a zip without word/document.xml is not a Word document."""
    present = set(names)
    for marker, what in _OTHER_PACKAGES:
        if marker in present:
            return f"this is {what}, not a Word document"
    return f"no {DOCUMENT} inside: this zip package is not a Word document"


# -- the zip's end record and central directory -------------------------------------------------

_END = struct.Struct("<4s4H2LH")  # APPNOTE 4.3.16: end of central directory record
_END64_LOCATOR = struct.Struct("<4sLQL")  # 4.3.15
_END64 = struct.Struct("<4sQ2H2L4Q")  # 4.3.14
_NO_COMMENT_MAX = _END.size + 0xFFFF  # the end record sits within this much of the file's end


def directory_extent(stream: IO[bytes], size: int) -> tuple[int, int] | None:
    """(number of parts, central directory bytes) as the zip's end record states them, read
    without listing a single part; None when the file has no end record."""
    tail_size = min(size, _NO_COMMENT_MAX)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        return None
    _, _, _, _, count, directory, offset, _ = _END.unpack_from(tail, at)
    if count != 0xFFFF and 0xFFFFFFFF not in (directory, offset):
        return count, directory
    # Zip64: the real figures are in a zip64 end record. zipfile reads the one just before the
    # locator, APPNOTE says the one the locator points to: take the larger of both, so that
    # neither can understate what zipfile will list.
    locator_at = size - tail_size + at - _END64_LOCATOR.size
    if locator_at < 0:
        return count, directory
    stream.seek(locator_at)
    signature, _, pointed_at, _ = _END64_LOCATOR.unpack(stream.read(_END64_LOCATOR.size))
    if signature != b"PK\x06\x07":
        return count, directory
    found = []
    for record_at in {locator_at - _END64.size, pointed_at}:
        if 0 <= record_at <= size - _END64.size:
            stream.seek(record_at)
            record = _END64.unpack(stream.read(_END64.size))
            if record[0] == b"PK\x06\x06":
                found.append((record[7], record[8]))
    if not found:
        return count, directory
    return max(c for c, _ in found), max(d for _, d in found)


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes in words, in bytes when rounding would make them look the same."""
    shown = format_size(size), format_size(limit)
    return shown if shown[0] != shown[1] else (f"{size:,} bytes", f"{limit:,} bytes")


def directory_problem(parts: Iterable[tuple[str, int, int]], limits: DocxLimits) -> str | None:
    """The reason the parts, as (name, uncompressed bytes, compressed bytes) listed by the
    central directory, are refused; None when they are within the limits."""
    count = total = 0
    for name, size, packed in parts:
        count += 1
        limit = limits.part_limit(name)
        if size > limit:
            size_text, limit_text = _sizes(size, limit)
            return (
                f"{name} would expand to {size_text} (the limit for one part is {limit_text}): "
                f"{ZIP_BOMB}"
            )
        if size >= limits.ratio_from_bytes and size > limits.ratio * max(packed, 1):
            return (
                f"{name} would expand {size // max(packed, 1):,} times, from "
                f"{format_size(packed)} to {format_size(size)} (the limit is "
                f"{limits.ratio:g} times): {ZIP_BOMB}"
            )
        total += size
    if count > limits.members:
        return too_many_parts(count, limits)
    if total > limits.total_bytes:
        total_text, limit_text = _sizes(total, limits.total_bytes)
        return (
            f"its parts would expand to {total_text} in all (the limit is {limit_text}): {ZIP_BOMB}"
        )
    return None


def too_many_parts(count: int, limits: DocxLimits) -> str:
    return (
        f"it holds {count:,} parts, where a Word document has a few dozen (the limit is "
        f"{limits.members:,}): {ZIP_BOMB}"
    )


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # APPNOTE 4.3.7: local file header


def inflate_exactly(fp: IO[bytes], info: zipfile.ZipInfo) -> bytes:
    """Part ``info`` of the zip open as ``fp``, inflated by docgen itself a chunk at a time and
    refused the moment it passes the size the central directory states: a lying directory is
    found whatever a library would later make of the part. A part that inflates to exactly its
    stated size, with its checksum, is what any reader of the package (openpyxl, python-docx,
    zipfile) then gets, so the limits checked on the directory hold for them too."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise Refused(f"{name} is password-protected")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Refused(f"{name} is compressed in a way Word and Excel never use")
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise Refused(f"{name} is damaged (its header is not where the zip says)")
    fields = _LOCAL_HEADER.unpack(header)
    fp.seek(info.header_offset + _LOCAL_HEADER.size + fields[-2] + fields[-1])
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    chunks: list[bytes] = []
    got = crc = 0
    left = info.compress_size
    while left > 0:
        packed = fp.read(min(_CHUNK, left))
        if not packed:
            raise Refused(f"{name} is damaged (its data stops early)")
        left -= len(packed)
        while packed:
            if inflater is None:
                piece, packed = packed, b""
            else:
                piece = inflater.decompress(packed, _CHUNK)
                packed = inflater.unconsumed_tail
            got += len(piece)
            if got > info.file_size:
                raise Refused(
                    f"{name} expands past the {format_size(info.file_size)} its zip directory "
                    f"states: {ZIP_BOMB}"
                )
            crc = zlib.crc32(piece, crc)
            chunks.append(piece)
    if inflater is not None and not inflater.eof:
        raise Refused(f"{name} is damaged (its compressed data is cut short)")
    if got != info.file_size or crc != info.CRC:
        raise Refused(f"{name} is damaged (its size or checksum is not the one its zip states)")
    return b"".join(chunks)


# Errors zipfile and zlib raise on a damaged package (wrong CRC, bad headers, truncated data).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError, OSError)


# -- the package --------------------------------------------------------------------------------


class SafeDocx:
    """An open .docx whose central directory is within the limits; parts are read through the
    limits again while they are decompressed."""

    def __init__(self, zf: zipfile.ZipFile, shown: str, limits: DocxLimits) -> None:
        self._zip = zf
        self.shown = shown
        self.limits = limits
        self.infos = zf.infolist()
        self.names = [info.filename for info in self.infos]
        self._by_name = {info.filename: info for info in self.infos}
        self._read_total = 0

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __enter__(self) -> SafeDocx:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def error(self, reason: str) -> DocxReadError:
        return DocxReadError(reason, location=Location(self.shown))

    def read(self, name: str) -> bytes:
        """The bytes of part ``name``, decompressed within the limits."""
        info = self._by_name.get(name)
        if info is None:
            raise self.error(f"{name} is missing from the package")
        assert self._zip.fp is not None, "read after close"
        try:
            data = inflate_exactly(self._zip.fp, info)
        except Refused as exc:
            raise self.error(str(exc)) from None
        except _DAMAGED as exc:
            raise self.error(f"{name} is damaged ({exc}); copy the file again") from exc
        self._read_total += len(data)
        if self._read_total > self.limits.total_bytes:
            raise self.error(
                f"its parts expand past {format_size(self.limits.total_bytes)} in all: {ZIP_BOMB}"
            )
        return data

    def xml(self, name: str) -> etree._Element:
        """Part ``name`` parsed with the hardened parser."""
        try:
            return parse_xml(self.read(name), name)
        except Refused as exc:
            raise self.error(str(exc)) from None

    def check_whole(self) -> None:
        """Every part Word needs is there: the content types, and each part a relationship
        names. A package that lacks one is refused here, naming the part, rather than
        failing later inside a library (python-docx raises KeyError) or in Word."""
        if CONTENT_TYPES not in self:
            raise self.error(
                f"its {CONTENT_TYPES} is missing (the list of its parts): Word cannot open it"
            )
        for rels in [n for n in self.names if n.endswith(".rels")]:
            folder = posixpath.dirname(posixpath.dirname(rels))  # word/_rels/x.rels → word
            for rel in self.xml(rels):
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" or not target:
                    continue
                if target.startswith("/"):
                    part = target.lstrip("/")
                else:
                    part = posixpath.normpath(posixpath.join(folder, target))
                if part not in self:
                    raise self.error(
                        f"the part {part} named in {rels} is missing: Word cannot open it"
                    )

    def check_parts(self) -> None:
        """Read every part through the limits, and look at each XML part's bytes for a DTD or an
        encoding Office never writes, keeping none of them: what a package from outside goes
        through before a library that reads it its own way (openpyxl, python-docx) is given it."""
        for name in self.names:
            data = self.read(name)
            if is_xml_part(name):
                reason = refused_xml(data, name)
                if reason is not None:
                    raise self.error(reason)

    def xml_parts(self) -> dict[str, etree._Element]:
        """Every XML part parsed: what a template is checked with before docxtpl reads it."""
        return {name: self.xml(name) for name in self.names if is_xml_part(name)}


def open_docx(
    path: Path, *, shown: str | None = None, limits: DocxLimits | None = None
) -> SafeDocx:
    """Open ``path`` (shown to the clerk as ``shown``) if it is a Word document within the
    limits; the reason otherwise, as a DocxReadError naming the file."""
    return open_package(path, shown=shown, limits=limits, document=DOCUMENT)


def open_package(
    path: Path,
    *,
    shown: str | None = None,
    limits: DocxLimits | None = None,
    document: str | None = None,
) -> SafeDocx:
    """Open ``path`` if it is an Office package (.docx, .xlsx) within the limits, whose parts
    are then read through the limits on the bytes actually inflated; ``document``: the part it
    must have (word/document.xml for a Word document)."""
    shown = shown if shown is not None else str(path)
    limits = limits or load_limits()

    def refuse(reason: str) -> DocxReadError:
        return DocxReadError(reason, location=Location(shown))

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise refuse("no such file") from None
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise refuse("this is a folder, not a .docx file")
    if not stat.S_ISREG(mode):  # a pipe or a device would be read forever
        raise refuse("this is not a regular file, so it is not a .docx")
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror or exc})") from None
    try:
        return _open_stream(stream, refuse, shown, limits, document)
    except BaseException:
        stream.close()
        raise


def _open_stream(
    stream: IO[bytes],
    refuse: Callable[[str], DocxReadError],
    shown: str,
    limits: DocxLimits,
    document: str | None,
) -> SafeDocx:
    size = os.fstat(stream.fileno()).st_size
    if size == 0:
        raise refuse("the file is empty (0 bytes), not a Word document")
    head = stream.read(8)
    extent = directory_extent(stream, size)
    if extent is None:
        raise refuse(describe_not_zip(head))
    count, directory = extent
    if count > limits.members:
        raise refuse(too_many_parts(count, limits))
    if directory > limits.directory_bytes:
        raise refuse(
            f"its table of parts takes {format_size(directory)} (the limit is "
            f"{format_size(limits.directory_bytes)}), far more than a Word document's: {ZIP_BOMB}"
        )
    stream.seek(0)
    try:
        zf = zipfile.ZipFile(stream)
    except NotImplementedError as exc:
        raise refuse(f"it uses a zip feature Word never writes ({exc})") from exc
    except _DAMAGED as exc:
        raise refuse(f"the file is damaged ({exc}); copy it again from the original") from exc
    try:
        problem = directory_problem(
            ((i.filename, i.file_size, i.compress_size) for i in zf.infolist()), limits
        )
        if problem is not None:
            raise refuse(problem)
        names = zf.namelist()
        if document == DOCUMENT and document not in names:
            raise refuse(describe_no_document(names))
        if document is not None and document not in names:
            what = dict((m, w) for m, w in _OTHER_PACKAGES).get(document, "what its name says")
            raise refuse(f"no {document} inside: it is not {what}")
    except BaseException:
        zf.close()
        raise
    return SafeDocx(zf, shown, limits)


@contextmanager
def open_template(path: Path, shown: str) -> Iterator[SafeDocx]:
    """open_docx for a template: what makes it unreadable is a TemplateError (TEMPLATE-READ)."""
    try:
        with open_docx(path, shown=shown) as package:
            yield package
    except DocxReadError as exc:
        raise TemplateError(exc.message, code="TEMPLATE-READ", location=exc.location) from None


def check_template(path: Path, shown: str) -> etree._Element:
    """Read every XML part of a template within the limits, before docxtpl and python-docx (which
    read it again their own way) are given it; returns its parsed word/document.xml."""
    with open_template(path, shown) as package:
        parts = package.xml_parts()
        package.check_whole()
        return parts[DOCUMENT]
