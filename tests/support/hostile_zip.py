"""Zip packages written by hand for the hostile-input tests: a member's stated size can differ
from its data (a central directory that lies), and a zip bomb's gigabytes of zeros are never
held in memory, nor even compressed: every MiB of zeros deflates to the same block."""

from __future__ import annotations

import dataclasses
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MiB = 1 << 20
GiB = 1 << 30

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}">'
    "<w:body><w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p></w:body>"
    "</w:document>"
).encode()


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes  # as stored in the zip: a raw deflate stream when method is 8
    crc: int
    size: int  # the uncompressed size the headers state (a lie when it differs from the data)
    method: int = 8


def deflated(name: str, raw: bytes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, packer.compress(raw) + packer.flush(), zlib.crc32(raw), len(raw))


def zeros(name: str, size: int) -> Member:
    """``size`` bytes of zeros (a whole number of MiB), deflated: about 1 KB per MiB. A full
    flush resets the compressor, so each MiB gives the same block, repeated."""
    assert size % MiB == 0
    chunk = bytes(MiB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MiB):
        crc = zlib.crc32(chunk, crc)
    return Member(name, block * (size // MiB) + packer.flush(), crc, size)


def lying(member: Member, size: int, *, crc: int | None = None) -> Member:
    """The same data under a stated size (and CRC) that are not its own."""
    return dataclasses.replace(member, size=size, crc=member.crc if crc is None else crc)


def docx_members(
    document: bytes = DOCUMENT_XML, extra: dict[str, bytes] | None = None
) -> list[Member]:
    """The parts of a minimal Word document, and ``extra`` ones (name → content)."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            b'org/package/2006/content-types"><Default Extension="xml" ContentType="application/'
            b'xml"/></Types>'
        ),
        "word/document.xml": document,
        **(extra or {}),
    }
    return [deflated(name, data) for name, data in parts.items()]


def write_zip(path: Path, members: Sequence[Member], *, stated_count: int | None = None) -> Path:
    """A zip (PKWARE APPNOTE 4.3) of ``members``, with zip64 end records past 65,535 members;
    ``stated_count`` makes the end record lie about how many there are."""
    out = bytearray()
    directory = bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, m.method, 0, 33, m.crc, len(m.data), m.size,
            len(name), 0,
        )  # fmt: skip
        out += name + m.data
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, m.method, 0, 33, m.crc,
            len(m.data), m.size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        directory += name
    start = len(out)
    out += directory
    count = len(members) if stated_count is None else stated_count
    if count > 0xFFFF:
        end64 = len(out)
        out += struct.pack(
            "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(directory), start
        )
        out += struct.pack("<IIQI", 0x07064B50, 0, end64, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, start, 0)
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0)
    path.write_bytes(bytes(out))
    return path


def with_lying_part(package: Path, part: str, out: Path) -> Path:
    """``package`` with ``part`` replaced by 1 GiB of zeros whose directory states the part's
    own small size: about 1 MB on disk."""
    members: list[Member] = []
    with zipfile.ZipFile(package) as zf:
        for info in zf.infolist():
            if info.filename == part:
                members.append(lying(zeros(part, GiB), info.file_size))
            else:
                members.append(deflated(info.filename, zf.read(info)))
    return write_zip(out, members)
