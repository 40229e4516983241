"""Office XML read safely: a part's bytes are looked at for a DTD or an encoding Office never
writes before any parser sees them, then parsed with entities, DTDs and the network off.

Every XML part docgen reads from a package goes through here (docgen.documents.docx_safe opens
the package; this reads its parts), whatever the package: .docx, .xlsx, a template.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml import etree  # imported when first parsing: `docgen --help` stays quick


class Refused(Exception):
    """A reason to refuse the file; open_docx adds the file's name (a DocxReadError)."""


# No DTD is loaded or validated, no entity is resolved, nothing is fetched from the network,
# and libxml2's own limits on text size and depth stay on (huge_tree off).
_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}
_POSITION = re.compile(r", line \d+, column \d+$")

# What a part declares is read in its bytes, before any parser sees them: how far a parser
# gets with an entity bomb or an external entity before it stops changes from one libxml2 to
# the next (2.14 stops on the entity itself), and the answer must not. ECMA-376 Part 2 [M1.17]
# allows an Office package's XML UTF-8 or UTF-16 only, declaring no other encoding: held to
# that, every '<' of the markup is the byte '<' once UTF-16 is decoded.
_BOMS = (  # the longer first: a UTF-32 little-endian mark begins like a UTF-16 one
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_DECLARATION_OF_XML = re.compile(rb"\s*<\?xml\s(.*?)\?>", re.S)
_ENCODING = re.compile(rb"""\sencoding\s*=\s*["']([^"']*)["']""")
_UTF8 = re.compile(rb"utf-?8", re.I)
_UTF16 = re.compile(rb"utf-?16(?:-?([lb]e))?", re.I)
# A DTD declaration (libxml2 reads "<!DOCTYPEx" as a DOCTYPE named x, so the keyword is enough),
# in any letter case, so that a near miss is refused rather than left to the parser; spelt out
# letter by letter, which keeps the search for "<!" at C speed (re.IGNORECASE would not).
_KEYWORDS = b"|".join(
    b"".join(b"[%c%c]" % (c, c + 32) for c in word)
    for word in (b"DOCTYPE", b"ENTITY", b"ELEMENT", b"ATTLIST", b"NOTATION")
)
_ANY_DTD = re.compile(rb"<!\s*(?:" + _KEYWORDS + rb")")
# A comment, a CDATA section or a processing instruction (to its end when it is never closed:
# nothing after its opening is markup then), or a DTD declaration.
_MARKUP = re.compile(
    rb"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:]]>|\Z)|<\?.*?(?:\?>|\Z)|<!\s*(" + _KEYWORDS + rb")",
    re.S,
)


def _encoding_of(data: bytes) -> str:
    """The encoding a part is in by the rules of XML 1.0 Appendix F (its byte order mark,
    else how its first characters are written): "utf-8" for any 8-bit text, "utf-16-le",
    "utf-16-be", or the name of one that is neither."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding
    head = data[:4]
    if len(head) == 4 and head.count(0) == 3:
        return "UTF-32"
    if head.startswith(b"\x4c\x6f\xa7\x94"):  # "<?xm" in EBCDIC
        return "EBCDIC"
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):  # "<" as two bytes: UTF-16
        return "utf-16-be" if head[0] == 0 else "utf-16-le"
    return "utf-8"


def _dtd_declaration(xml: bytes) -> str | None:
    """The keyword (DOCTYPE, ENTITY …) of the first DTD declaration in ``xml`` outside its
    comments, CDATA sections and processing instructions, as written; None when it has none.
    Linear in the size of ``xml``, and one search when no "<!DOCTYPE" or the like is in it at
    all (any Word document)."""
    if _ANY_DTD.search(xml) is None:
        return None
    for markup in _MARKUP.finditer(xml):
        if markup.group(1):
            return markup.group(1).decode("ascii")
    return None


def _other_encoding(name: str, encoding: str) -> str:
    return (
        f"{name} is written in {encoding}, where the XML of Office files is in UTF-8 or UTF-16, "
        "so it is not read"
    )


def _doctype(name: str) -> str:
    return (
        f"{name} declares a DOCTYPE (a DTD, which can define entities); Office files never have "
        "one, so it is not read"
    )


def refused_xml(data: bytes, name: str) -> str | None:
    """Why the XML part ``name`` is refused before any parser reads it: it declares a DOCTYPE
    or another DTD declaration (how entity bombs and external entities get in: ECMA-376 Part 2
    [M1.18] makes a package reader treat a DTD as an error, and Word never writes one), or it
    is in an encoding other than UTF-8 and UTF-16 [M1.17]; None when it is neither."""
    encoding = _encoding_of(data)
    if encoding not in ("utf-8", "utf-16-le", "utf-16-be"):
        return _other_encoding(name, encoding)
    if encoding == "utf-8":
        xml = data.removeprefix(b"\xef\xbb\xbf")
    else:
        xml = data.decode(encoding, "replace").lstrip("\ufeff").encode("utf-8")
    prolog = _DECLARATION_OF_XML.match(xml)
    declared = prolog and _ENCODING.search(b" " + prolog.group(1))
    if declared:
        label = declared.group(1)
        shown = label[:40].decode("ascii", "replace")
        utf16 = _UTF16.fullmatch(label)
        if not (_UTF8.fullmatch(label) or utf16):
            return _other_encoding(name, shown)
        if utf16 is None:
            written_as_declared = encoding == "utf-8"
        else:  # UTF-16, or UTF-16LE / UTF-16BE naming the byte order the part is written in
            order = (utf16.group(1) or b"").lower().decode()
            written_as_declared = encoding != "utf-8" and order in ("", encoding[-2:])
        if not written_as_declared:
            return f"{name} says it is in {shown} but is not written in it, so it is not read"
    keyword = _dtd_declaration(xml)
    if keyword is None:
        return None
    if keyword.upper() == "DOCTYPE":
        return _doctype(name)
    return (
        f"{name} has a DTD declaration (<!{keyword.upper()} …>), which can define entities; "
        "Office files never have one, so it is not read"
    )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse the XML part ``name`` with the hardened parser, once its bytes are known to declare
    no DTD (refused_xml)."""
    reason = refused_xml(data, name)
    if reason is not None:
        raise Refused(reason)
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        message = _POSITION.sub("", exc.msg or "").strip()
        raise Refused(
            f"{name}, line {line}, column {col}: not well-formed XML ({message})"
        ) from exc
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:  # never accept one, whatever was missed
        raise Refused(_doctype(name))
    return root
