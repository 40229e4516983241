"""docgen's own structural check of a PDF/A file (no validator of PDF/A-2 is packaged here).

It reads the file with pypdf and checks what ISO 19005-2 level B asks of the file's structure,
the parts a wrong export or a later edit (a stamp, a signature) most often break:

* the header (``%PDF-1.n`` and a binary comment line), a file ID in the trailer, no
  encryption (§6.1.2, §6.1.3);
* XMP metadata in the catalogue, unfiltered, naming the part and conformance of
  rules/esign.yaml (``pdfaid:part``, ``pdfaid:conformance``; §6.6.2, §6.6.4);
* an output intent ``GTS_PDFA1`` with an ICC profile, the same profile in every intent
  (§6.2.3);
* every font the file uses embedded (Type 3 fonts are drawn by the file itself; §6.2.11.4);
* no JavaScript, no additional actions (``AA``) and no forbidden action types (§6.5.1,
  §6.6.1, §6.6.2), no external streams (``F``, ``FFilter``; §6.1.7), no embedded files
  (§6.8: PDF/A-2 allows only PDF/A ones, which are not checked here);
* every annotation printable and not hidden (§6.3.2).

It does NOT check what a full validator does: the content streams' operators and colour
spaces against the output intent, transparency groups and blend modes, the fonts' programs
(glyph widths, cmaps, .notdef), the images' details, the document information dictionary
against the XMP, the XMP's schema and extension schemas, the cross-reference syntax, nor the
level A (tagged, Unicode) requirements. A file it passes may still fail veraPDF.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject, StreamObject

from docgen.rules.esign import esign_rules

_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_HEADER = re.compile(rb"%PDF-1\.[0-7]\r?\n?")
# annotation flags (ISO 32000-1 table 165): Invisible, Hidden, Print, NoView
_INVISIBLE, _HIDDEN, _PRINT, _NOVIEW = 1, 2, 4, 32
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pdfa_problems(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from being PDF/A of the level rules/esign.yaml names (empty when
    nothing the check covers is wrong: see the module's docstring for what it does not)."""
    rules = esign_rules().pdf
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        if reader.is_encrypted:  # nothing more can be read without its password
            return ["the file is encrypted"]
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            return ["the file has no catalogue"]
    except (PdfReadError, KeyError, ValueError, TypeError) as exc:
        return [f"the file cannot be read as a PDF ({exc})"]
    problems: list[str] = []
    problems += _header(pdf)
    ids = reader.trailer.get("/ID")
    if not isinstance(ids, ArrayObject) or len(ids) != 2:
        problems.append("the trailer has no file ID (/ID)")
    problems += _metadata(root, rules.pdfa.part, rules.pdfa.conformance)
    problems += _output_intents(root)
    problems += _objects(root, set(rules.forbidden_actions))
    return problems


def _header(pdf: bytes) -> list[str]:
    match = _HEADER.match(pdf)
    if match is None:
        return ["the file does not begin with a %PDF-1.n header"]
    comment = pdf[match.end() : match.end() + 5]
    if not (comment.startswith(b"%") and all(b >= 128 for b in comment[1:5])):
        return ["the header is not followed by a comment of four binary bytes"]
    return []


def _metadata(root: DictionaryObject, part: int, conformance: str) -> list[str]:
    stream = root.get("/Metadata")
    stream = stream.get_object() if stream is not None else None
    if not isinstance(stream, StreamObject):
        return ["the catalogue has no XMP metadata stream"]
    problems = []
    if "/Filter" in stream:
        problems.append("the XMP metadata stream is compressed (PDF/A wants it readable)")
    try:
        xmp = ElementTree.fromstring(stream.get_data())
    except (ElementTree.ParseError, ValueError, OSError) as exc:
        return [*problems, f"the XMP metadata is not XML ({exc})"]
    found = {"part": _xmp_value(xmp, "part"), "conformance": _xmp_value(xmp, "conformance")}
    if found["part"] != str(part):
        problems.append(f"the XMP metadata names PDF/A part {found['part']}, not {part}")
    if (found["conformance"] or "").upper() != conformance:
        problems.append(
            f"the XMP metadata names conformance {found['conformance']}, not {conformance}"
        )
    return problems


def _xmp_value(xmp: ElementTree.Element, name: str) -> str | None:
    """``pdfaid:NAME``, written as an element or as an attribute of an rdf:Description."""
    for element in xmp.iter(f"{_PDFAID}{name}"):
        return (element.text or "").strip()
    for description in xmp.iter(f"{_RDF}Description"):
        value = description.get(f"{_PDFAID}{name}")
        if value is not None:
            return value.strip()
    return None


def _output_intents(root: DictionaryObject) -> list[str]:
    intents = root.get("/OutputIntents")
    intents = intents.get_object() if intents is not None else None
    pdfa = [
        intent.get_object()
        for intent in (intents if isinstance(intents, ArrayObject) else [])
        if intent.get_object().get("/S") == "/GTS_PDFA1"
    ]
    if not pdfa:
        return ["the catalogue has no PDF/A output intent (GTS_PDFA1)"]
    profiles = []
    for intent in pdfa:
        profile = intent.get("/DestOutputProfile")
        profile = profile.get_object() if profile is not None else None
        if not isinstance(profile, StreamObject):
            return ["the PDF/A output intent has no ICC profile (DestOutputProfile)"]
        data = profile.get_data()
        if data[36:40] != b"acsp":
            return ["the PDF/A output intent's profile is not an ICC profile"]
        profiles.append(data)
    if any(p != profiles[0] for p in profiles):
        return ["the PDF/A output intents do not share one ICC profile"]
    return []


def _objects(root: DictionaryObject, forbidden: set[str]) -> list[str]:
    """Fonts, actions, external streams and annotations, in every object the catalogue
    reaches."""
    problems: list[str] = []
    if "/AA" in root:
        problems.append("the catalogue has additional actions (/AA)")
    names = root.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject):
        if "/JavaScript" in names:
            problems.append("the file holds JavaScript")
        if "/EmbeddedFiles" in names:
            problems.append("the file embeds files")
    for obj in _reachable(root):
        kind = obj.get("/Type")
        if kind == "/Font":
            problems += _font(obj)
        action = obj.get("/S")
        if (
            action is not None
            and str(action).lstrip("/") in forbidden
            and (kind in (None, "/Action"))
        ):
            problems.append(f"the file holds a {str(action).lstrip('/')} action")
        if isinstance(obj, StreamObject) and ("/F" in obj or "/FFilter" in obj):
            problems.append("a stream's data lies outside the file (/F)")
        if kind == "/Page" and "/AA" in obj:
            problems.append("a page has additional actions (/AA)")
        if "/Subtype" in obj and "/Rect" in obj and obj.get("/Subtype") != "/Popup":
            problems += _annotation(obj)
    return sorted(set(problems), key=problems.index)


def _font(font: DictionaryObject) -> list[str]:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return []
    if subtype == "/Type0":
        descendants = font.get("/DescendantFonts")
        descendants = descendants.get_object() if descendants is not None else None
        if not isinstance(descendants, ArrayObject) or not descendants:
            return [f"the font {font.get('/BaseFont')} has no descendant font"]
        return _font(descendants[0].get_object())
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    if not isinstance(descriptor, DictionaryObject) or not any(
        key in descriptor for key in _FONT_FILES
    ):
        return [f"the font {font.get('/BaseFont')} is not embedded"]
    return []


def _annotation(annotation: DictionaryObject) -> list[str]:
    flags = int(annotation.get("/F", 0))
    name = str(annotation.get("/Subtype")).lstrip("/")
    if not flags & _PRINT:
        return [f"a {name} annotation is not printed (its Print flag is off)"]
    if flags & (_INVISIBLE | _HIDDEN | _NOVIEW):
        return [f"a {name} annotation is hidden"]
    return []


def _reachable(root: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream) reachable from the catalogue, once each; parents
    (/Parent, /P) are not followed back up."""
    seen: set[tuple[int, int]] = set()
    todo: list[PdfObject] = [root]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            resolved = item.get_object()
            if resolved is None:
                continue
            item = resolved
        if isinstance(item, DictionaryObject):
            yield item
            todo.extend(v for k, v in item.items() if k not in ("/Parent", "/P"))
        elif isinstance(item, ArrayObject):
            todo.extend(item)
