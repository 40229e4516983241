"""A preview of the signatures' look: the placements drawn into the pages' content with pypdf,
without any cryptography. The PNGs keep their transparency (a soft mask); the lines are real
text in Times New Roman (or its metric twin Liberation Serif), subset and embedded with a
Unicode map, so that the preview stays PDF/A and its text can be read back. For looking at,
never for issuing."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from docgen.signing.appearance import Placement
from docgen.signing.picture import font_file


def stamp_preview(pdf: bytes, placements: Sequence[Placement]) -> bytes:
    """``pdf`` with every placement drawn over its page: the PNG stretched to the box, the
    lines set from the box's top."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    text = "".join(line for place in placements for line in place.lines)
    font, encode = embed_font(writer, text) if text else (None, None)
    for n, place in enumerate(placements):
        page = writer.pages[place.page]
        x1, y1, x2, y2 = place.box
        ops: list[str] = []
        xobjects: dict[str, IndirectObject] = {}
        if place.png is not None:
            name = f"/DGSign{n}"
            xobjects[name] = image_xobject(writer, place.png)
            ops.append(f"q {x2 - x1:.2f} 0 0 {y2 - y1:.2f} {x1:.2f} {y1:.2f} cm {name} Do Q")
        if place.lines and encode is not None:
            ops.append(f"BT 0 g /DGFont {place.font_size:g} Tf {place.leading:g} TL")
            ops.append(f"{x1 + 1:.2f} {y2 - place.font_size:.2f} Td")
            ops += [f"<{encode(line).hex()}> Tj T*" for line in place.lines]
            ops.append("ET")
        _add_resources(page, xobjects, font)
        contents = page.get_contents()
        data = b"q\n" + (contents.get_data() if contents is not None else b"") + b"\nQ\n"
        stream = ContentStream(None, writer)
        stream.set_data(data + "\n".join(ops).encode("ascii"))
        page.replace_contents(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_resources(
    page: DictionaryObject, xobjects: dict[str, IndirectObject], font: IndirectObject | None
) -> None:
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    for kind, entries in (("/XObject", xobjects), ("/Font", {"/DGFont": font} if font else {})):
        if not entries:
            continue
        table = resources.setdefault(NameObject(kind), DictionaryObject()).get_object()
        for name, ref in entries.items():
            table[NameObject(name)] = ref


def image_xobject(writer: PdfWriter, png: bytes) -> IndirectObject:
    """The PNG as an image XObject: its colours in RGB, its transparency a soft mask."""
    from PIL import Image

    with Image.open(io.BytesIO(png), formats=["PNG"]) as opened:
        image = opened.convert("RGBA")
    alpha = image.getchannel("A")

    def xobject(data: bytes, space: str) -> StreamObject:
        stream = StreamObject()
        stream._data = zlib.compress(data)
        stream.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(image.width),
                NameObject("/Height"): NumberObject(image.height),
                NameObject("/ColorSpace"): NameObject(space),
                NameObject("/BitsPerComponent"): NumberObject(8),
                NameObject("/Filter"): NameObject("/FlateDecode"),
            }
        )
        return stream

    picture = xobject(image.convert("RGB").tobytes(), "/DeviceRGB")
    picture[NameObject("/SMask")] = writer._add_object(xobject(alpha.tobytes(), "/DeviceGray"))
    return writer._add_object(picture)


def embed_font(writer: PdfWriter, text: str) -> tuple[IndirectObject, Callable[[str], bytes]]:
    """The font subset to ``text``'s characters as a Type 0 font (Identity-H, with widths and
    a Unicode map), and how to encode a string in it (two bytes a glyph)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = sorted(set(text) | {" "})
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "kern", "FFTM"]
    font = TTFont(str(font_file()))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    program = io.BytesIO()
    font.save(program)
    cmap = font.getBestCmap()
    gids = {c: font.getGlyphID(cmap[ord(c)]) for c in chars if ord(c) in cmap}
    scale = 1000 / font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    order = font.getGlyphOrder()
    name = "/DGSIGN+" + font["name"].getDebugName(6).replace(" ", "")

    file = StreamObject()
    file._data = zlib.compress(program.getvalue())
    file.update(
        {
            NameObject("/Filter"): NameObject("/FlateDecode"),
            NameObject("/Length1"): NumberObject(len(program.getvalue())),
        }
    )
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject(name),
            NameObject("/Flags"): NumberObject(32 + 2),  # nonsymbolic, serif
            NameObject("/FontBBox"): ArrayObject(
                FloatObject(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
            ),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): FloatObject(hhea.ascent * scale),
            NameObject("/Descent"): FloatObject(hhea.descent * scale),
            NameObject("/CapHeight"): FloatObject(getattr(os2, "sCapHeight", 660) * scale),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(file),
        }
    )
    widths = ArrayObject()
    for gid, glyph in enumerate(order):
        widths += [NumberObject(gid), ArrayObject([FloatObject(metrics[glyph][0] * scale)])]
    cid = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject(name),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/W"): widths,
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    unicode = StreamObject()
    unicode._data = _to_unicode(gids)
    top = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject(name),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid)]),
            NameObject("/ToUnicode"): writer._add_object(unicode),
        }
    )

    def encode(line: str) -> bytes:
        return b"".join(gids.get(c, 0).to_bytes(2, "big") for c in line)

    return writer._add_object(top), encode


def _to_unicode(gids: dict[str, int]) -> bytes:
    pairs = "\n".join(
        f"<{gid:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c, gid in sorted(gids.items())
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(gids)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend\n"
    ).encode("ascii")
