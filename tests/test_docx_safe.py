"""The safe .docx reader's pure helpers: sizes in words, what a file is, the zip limits."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from docgen.documents.docx_safe import (
    DocxLimits,
    describe_no_document,
    describe_not_zip,
    directory_extent,
    directory_problem,
    format_size,
    inflate_exactly,
    load_limits,
)
from docgen.documents.xml_safe import Refused, parse_xml, refused_xml
from tests.support.hostile_zip import DOCUMENT_XML, Member, deflated, write_zip

KB, MB = 1024, 1024 * 1024

# small limits, so that each row below crosses exactly one of them
LIMITS = DocxLimits(
    members=3,
    directory_bytes=1000,
    xml_part_bytes=10 * KB,
    part_bytes=100 * KB,
    total_bytes=150 * KB,
    ratio=50,
    ratio_from_bytes=4 * KB,
)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1,023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (16 * MB, "16 MB"),
        (32_584_568, "31.1 MB"),
        (2 << 30, "2 GB"),
        (5 << 40, "5 TB"),
        (5 << 50, "5120 TB"),
    ],
)
def test_format_size(size: int, shown: str) -> None:
    assert format_size(size) == shown


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "this is an old Word 97–2003 (.doc) file or a "),
        (b"%PDF-1.7", "this is a PDF file, not a Word document"),
        (b"{\\rtf1\\ansi", "this is an RTF file, not a .docx"),
        (b"PK\x03\x04\x14\x00", "the file is cut short: it begins like a .docx but its end"),
        (b"hello", "not a Word .docx file: a .docx is a zip package, and this file is not one"),
        (b"PK\x05\x06", "not a Word .docx file"),
    ],
)
def test_what_a_file_that_is_not_a_zip_is(head: bytes, reason: str) -> None:
    assert describe_not_zip(head).startswith(reason)


@pytest.mark.parametrize(
    ("names", "reason"),
    [
        (["xl/workbook.xml", "[Content_Types].xml"], "this is an Excel workbook (.xlsx), not a "),
        (["ppt/presentation.xml"], "this is a PowerPoint presentation (.pptx), not a "),
        (["mimetype", "content.xml"], "this is an OpenDocument file (.odt); save it in Word as "),
        (["a.txt"], "no word/document.xml inside: this zip package is not a Word document"),
        ([], "no word/document.xml inside"),
    ],
)
def test_what_a_zip_without_a_document_is(names: list[str], reason: str) -> None:
    assert describe_no_document(names).startswith(reason)


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        ([("word/document.xml", 10 * KB, 1 * KB)], None),
        (
            [("word/document.xml", 10 * KB + 1, 5 * KB)],
            "word/document.xml would expand to 10,241 bytes (the limit for one part is 10,240 "
            "bytes): refused as a possible zip bomb",
        ),
        ([("word/media/image1.png", 100 * KB, 90 * KB)], None),  # not XML: the larger limit
        (
            [("word/media/image1.png", 101 * KB, 100 * KB)],
            "word/media/image1.png would expand to 101 KB (the limit for one part is 100 KB)",
        ),
        (
            [("word/_rels/document.xml.rels", 11 * KB, 11 * KB)],  # .rels is XML
            "word/_rels/document.xml.rels would expand to 11 KB",
        ),
        (
            [("word/styles.xml", 8 * KB, 100)],
            "word/styles.xml would expand 81 times, from 100 bytes to 8 KB (the limit is 50 "
            "times): refused as a possible zip bomb",
        ),
        ([("word/styles.xml", 8 * KB, 200)], None),  # 41 times
        ([("word/styles.xml", 4 * KB - 1, 1)], None),  # small parts have no ratio
        (
            [("word/fonts/a.odttf", 4 * KB, 0)],  # nothing compressed: no division by zero
            "word/fonts/a.odttf would expand 4,096 times, from 0 bytes to 4 KB",
        ),
        (
            [("a.bin", 90 * KB, 90 * KB), ("b.bin", 90 * KB, 90 * KB)],
            "its parts would expand to 180 KB in all (the limit is 150 KB): refused as a "
            "possible zip bomb",
        ),
        (
            [("a", 0, 0), ("b", 0, 0), ("c", 0, 0), ("d", 0, 0)],
            "it holds 4 parts, where a Word document has a few dozen (the limit is 3): refused "
            "as a possible zip bomb",
        ),
    ],
)
def test_directory_limits(parts: list[tuple[str, int, int]], reason: str | None) -> None:
    problem = directory_problem(parts, LIMITS)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and problem.startswith(reason)


STATED = (
    "word/document.xml expands past the {} its zip directory states: refused as a possible zip bomb"
)


@pytest.mark.parametrize(
    ("actual", "stated", "crc_of", "reason"),
    [
        (0, 0, None, None),
        (10 * KB, 10 * KB, None, None),
        (MB, MB, None, None),
        # the directory says less than the data inflates to: refused on the first byte past it
        (10 * KB + 1, 10 * KB, None, STATED.format("10 KB")),
        (64 * MB, 1000, None, STATED.format("1,000 bytes")),
        # ... even when its checksum is the one of the bytes up to the stated size (zipfile
        # would give those bytes and stop there, and a library reading it all at once would
        # inflate the whole 64 MB into memory first)
        (64 * MB, 1000, 1000, STATED.format("1,000 bytes")),
        # the directory says more than there is
        (1000, 2000, None, "word/document.xml is damaged (its size or checksum is not the one"),
        # the right size with a wrong checksum
        (1000, 1000, 999, "word/document.xml is damaged (its size or checksum is not the one"),
    ],
)
def test_parts_inflate_to_exactly_their_stated_size(
    tmp_path: Path, actual: int, stated: int, crc_of: int | None, reason: str | None
) -> None:
    """docgen inflates each part itself, a chunk at a time, and refuses it the moment it passes
    the size the central directory states: what any library reads afterwards is that size."""
    member = deflated("word/document.xml", bytes(actual))
    crc = member.crc if crc_of is None else zlib.crc32(bytes(crc_of))
    path = write_zip(tmp_path / "t.docx", [Member(member.name, member.data, crc, stated)])

    class Counting(io.FileIO):
        handed = 0

        def read(self, n: int | None = -1) -> bytes:
            data = super().read(n)
            self.handed += len(data)
            return data

    with Counting(path) as fp, zipfile.ZipFile(fp) as package:
        fp.handed = 0
        info = package.getinfo("word/document.xml")
        if reason is None:
            assert inflate_exactly(fp, info) == bytes(actual)
        else:
            with pytest.raises(Refused) as caught:
                inflate_exactly(fp, info)
            assert str(caught.value).startswith(reason)
            # its local header, then no more than one chunk (64 KiB) of compressed data
            assert fp.handed <= 30 + len(member.name) + min(len(member.data), 64 * KB)


@pytest.mark.parametrize(("count", "stated"), [(3, None), (70_000, None), (70_000, 12)])
def test_directory_extent_reads_the_end_record(
    tmp_path: Path, count: int, stated: int | None
) -> None:
    members = [deflated(f"p{i}", b"") for i in range(count)]
    path = write_zip(tmp_path / "x.zip", members, stated_count=stated)
    with path.open("rb") as stream:
        found, directory = directory_extent(stream, path.stat().st_size) or (0, 0)
    assert found == (stated if stated is not None else count)
    assert directory == sum(46 + len(m.name) for m in members)


def test_a_zip64_locator_pointing_at_a_fake_record_does_not_hide_parts(tmp_path: Path) -> None:
    """zipfile lists the parts the record before the locator states; a locator pointing at a
    forged record that states 3 parts must not make the pre-check believe it."""
    fake = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 3, 3, 200, 0)
    members = [Member("fake", fake, zlib.crc32(fake), len(fake), method=0)]
    members += [deflated(f"p{i}", b"") for i in range(70_000)]
    path = write_zip(tmp_path / "x.zip", members)
    data = bytearray(path.read_bytes())
    locator = len(data) - 22 - 20
    data[locator + 8 : locator + 16] = struct.pack("<Q", 30 + len("fake"))  # the forged record
    path.write_bytes(bytes(data))
    with path.open("rb") as stream:
        found = directory_extent(stream, len(data))
    assert found is not None and found[0] == 70_001


def test_directory_extent_of_a_file_without_an_end_record() -> None:
    assert directory_extent(io.BytesIO(b"PK\x03\x04 not the end"), 19) is None


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "p.xml declares a DOCTYPE"),
        (b'<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE a SYSTEM "http://x/a.dtd"><a/>', "p.xml "),
        ("<!DOCTYPE a><a/>".encode("utf-16"), "p.xml declares a DOCTYPE"),
        (b"<a>\n<b></c>\n</a>", "p.xml, line 2, column 8: not well-formed XML (Opening and "),
        (b"", "p.xml, line 1, column 1: not well-formed XML (Document is empty)"),
        (b"<a>&e;</a>", "p.xml, line 1, column 7: not well-formed XML (Entity 'e' not defined)"),
    ],
)
def test_hostile_xml_is_refused(xml: bytes, reason: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_xml(xml, "p.xml")
    assert str(caught.value).startswith(reason)


DOCTYPE = "p.xml declares a DOCTYPE (a DTD, which can define entities)"
DECLARES = "p.xml has a DTD declaration (<!{} …>), which can define entities"
WRITTEN_IN = "p.xml is written in {}, where the XML of Office files is in UTF-8 or UTF-16"
MISLABELLED = "p.xml says it is in {} but is not written in it"
XML_DECLARATION = '<?xml version="1.0" encoding="{}"?>\n'


def _utf16(text: str, encoding: str = "utf-16") -> bytes:
    return (XML_DECLARATION.format("UTF-16") + text).encode(encoding)


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        # a DOCTYPE, however it is written
        (b"<!DOCTYPE a><a/>", DOCTYPE),
        (b"<!doctype a><a/>", DOCTYPE),
        (b"<!DocType a><a/>", DOCTYPE),
        (b"<!DOCTYPE\n\ta\n><a/>", DOCTYPE),
        (b"<!  DOCTYPE a><a/>", DOCTYPE),
        (b'<!DOCTYPEa [<!ENTITY e "x">]><a>&e;</a>', DOCTYPE),  # libxml2 reads a DOCTYPE "a"
        (b" \r\n\t<!DOCTYPE a><a/>", DOCTYPE),
        (b'<?xml version="1.0"?>\n<!DOCTYPE a SYSTEM "http://x/a.dtd"><a/>', DOCTYPE),
        (b'<?xml version="1.0"?><!-- note --><?pi x?>\n<!DOCTYPE a><a/>', DOCTYPE),
        (b"<a/>\n<!DOCTYPE a>", DOCTYPE),  # after the root: never one, still refused
        (b"<?pi <!-- ?><!DOCTYPE a><a/><!-- -->", DOCTYPE),  # the PI ends first: no comment
        (b"<!-- <? --><!DOCTYPE a><a/><?pi ?>", DOCTYPE),  # the comment ends first: no PI
        (b"\xef\xbb\xbf<!DOCTYPE a><a/>", DOCTYPE),  # UTF-8 with its byte order mark
        (_utf16("<!DOCTYPE a><a/>"), DOCTYPE),  # UTF-16 with its mark, in this machine's order
        (_utf16("<!DOCTYPE a><a/>", "utf-16-le"), DOCTYPE),  # "<\0?\0": UTF-16, no mark
        (_utf16("<!DOCTYPE a><a/>", "utf-16-be"), DOCTYPE),
        ("<!DOCTYPE a><a/>".encode("utf-16-le"), DOCTYPE),  # no declaration at all
        ("\ufeff<!DOCTYPE a><a/>".encode("utf-16-be"), DOCTYPE),
        # the other DTD declarations, which only a DTD may hold
        (b'<!ENTITY e "x"><a/>', DECLARES.format("ENTITY")),
        (b"<a/><!element a ANY>", DECLARES.format("ELEMENT")),
        (b"<a><!ATTLIST a b CDATA #IMPLIED></a>", DECLARES.format("ATTLIST")),
        # encodings other than UTF-8 and UTF-16 (ECMA-376 Part 2 [M1.17])
        (XML_DECLARATION.format("ISO-8859-1").encode() + b"<a/>", WRITTEN_IN.format("ISO-8859-1")),
        (
            XML_DECLARATION.format("UTF-7").encode() + b"+ADw-!DOCTYPE a+AD4-<a/>",
            WRITTEN_IN.format("UTF-7"),
        ),
        ("<a/>".encode("utf-32"), WRITTEN_IN.format("UTF-32")),
        ("<a/>".encode("utf-32-be"), WRITTEN_IN.format("UTF-32")),
        (XML_DECLARATION.format("IBM037").encode("cp037") + b"<a/>", WRITTEN_IN.format("EBCDIC")),
        # an encoding declared that is not the one the bytes are in
        (XML_DECLARATION.format("UTF-16").encode() + b"<a/>", MISLABELLED.format("UTF-16")),
        ((XML_DECLARATION.format("UTF-8") + "<a/>").encode("utf-16"), MISLABELLED.format("UTF-8")),
        (
            (XML_DECLARATION.format("UTF-16BE") + "<a/>").encode("utf-16-le"),
            MISLABELLED.format("UTF-16BE"),
        ),
    ],
)
def test_a_dtd_or_another_encoding_is_refused_by_its_bytes(xml: bytes, reason: str) -> None:
    """Found before any parser runs, so that the answer never depends on the XML library."""
    found = refused_xml(xml, "p.xml")
    assert found is not None and found.startswith(reason)


@pytest.mark.parametrize(
    "xml",
    [
        DOCUMENT_XML,
        b"\xef\xbb\xbf" + DOCUMENT_XML,
        DOCUMENT_XML.decode().replace('"UTF-8"', '"UTF-16"').encode("utf-16"),
        DOCUMENT_XML.decode().replace('"UTF-8"', '"utf-16le"').encode("utf-16-le"),
        DOCUMENT_XML.replace(b'"UTF-8"', b"'utf-8'"),
        DOCUMENT_XML.replace(b'"UTF-8"', b'"UTF8"'),
        b'<?xml version="1.0" standalone="yes"?><a/>',
        b"<a>DOCTYPE</a>",  # the word, in text
        b"<a>&lt;!DOCTYPE a&gt;</a>",  # the declaration, as text
        b'<a b="&lt;!DOCTYPE a&gt;" DOCTYPE="x"/>',
        b"<a><!-- <!DOCTYPE a [<!ENTITY e 'x'>]> --></a>",
        b"<a><![CDATA[<!DOCTYPE a [<!ENTITY e 'x'>]>]]></a>",
        b"<?pi <!DOCTYPE a> ?><a/>",
        b"<a><!--</a> <!DOCTYPE a>",  # a comment never closed: the rest is in it, the parser stops
        b"",
    ],
)
def test_xml_without_a_dtd_passes_the_byte_check(xml: bytes) -> None:
    assert refused_xml(xml, "p.xml") is None


def test_no_parser_ever_sees_a_dtd(monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_xml refuses a DOCTYPE before lxml is called: the message is docgen's whatever
    libxml2 would have said (2.14 stops on an entity bomb itself, with its own words)."""
    from lxml import etree

    def no_parser(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser was given the part")

    monkeypatch.setattr(etree, "fromstring", no_parser)
    monkeypatch.setattr(etree, "iterparse", no_parser)
    with pytest.raises(Refused) as caught:
        parse_xml(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', "p.xml")
    assert str(caught.value).startswith(DOCTYPE)


def test_plain_xml_parses() -> None:
    assert parse_xml(DOCUMENT_XML, "word/document.xml")[0][0][0][0].text == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )


def test_the_limits_file_loads() -> None:
    limits = load_limits()
    assert limits.members >= 100 and limits.xml_part_bytes <= limits.part_bytes
    assert limits.part_bytes <= limits.total_bytes
