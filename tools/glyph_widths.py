"""Writes src/docgen/rules/glyph_widths.yaml: the advance widths of Times New Roman's letters,
read from Liberation Serif, whose metrics are made to equal Times New Roman's (the font
LibreOffice puts in its place), so that docgen can tell where a line of a title will break.

    python tools/glyph_widths.py [FONT_DIR] > src/docgen/rules/glyph_widths.yaml

FONT_DIR holds LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf (default: Debian's
fonts-liberation2, /usr/share/fonts/truetype/liberation2). Only the tables 'head', 'hhea',
'hmtx' and 'cmap' (format 4 or 12) are read; no font tool is needed.
"""

from __future__ import annotations

import struct
import sys
from collections import defaultdict
from pathlib import Path

STYLES = {
    "regular": "Regular",
    "bold": "Bold",
    "italic": "Italic",
    "bold_italic": "BoldItalic",
}
# Latin with every Vietnamese letter, general punctuation (quotes, dashes, ellipsis)
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x1E00, 0x1EFF), (0x2010, 0x2026)]


def tables(font: bytes) -> dict[str, bytes]:
    count = struct.unpack_from(">H", font, 4)[0]
    found = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", font, 12 + 16 * i)
        found[tag.decode("latin-1")] = font[offset : offset + length]
    return found


def char_map(cmap: bytes) -> dict[int, int]:
    """Code point → glyph id, from the Windows Unicode subtable (format 12, else 4)."""
    count = struct.unpack_from(">H", cmap, 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", cmap, 4 + 8 * i)
        subtables[(platform, encoding)] = offset
    mapping: dict[int, int] = {}
    if (3, 10) in subtables:
        at = subtables[(3, 10)]
        groups = struct.unpack_from(">L", cmap, at + 12)[0]
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">LLL", cmap, at + 16 + 12 * g)
            for code in range(start, end + 1):
                mapping[code] = glyph + code - start
        return mapping
    at = subtables[(3, 1)]
    segments = struct.unpack_from(">H", cmap, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", cmap, at + 14)
    starts = struct.unpack_from(f">{segments}H", cmap, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", cmap, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", cmap, range_at)
    for s in range(segments):
        for code in range(starts[s], ends[s] + 1):
            if code == 0xFFFF:
                continue
            if offsets[s] == 0:
                glyph = (code + deltas[s]) & 0xFFFF
            else:
                where = range_at + 2 * s + offsets[s] + 2 * (code - starts[s])
                glyph = struct.unpack_from(">H", cmap, where)[0]
                glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
            mapping[code] = glyph
    return mapping


def version(name: bytes) -> str:
    """The font's version string (name id 5, Windows platform)."""
    count, strings = struct.unpack_from(">2xHH", name, 0)
    for i in range(count):
        platform, _, _, name_id, length, offset = struct.unpack_from(">6H", name, 6 + 12 * i)
        if platform == 3 and name_id == 5:
            return name[strings + offset : strings + offset + length].decode("utf-16-be")
    return "version unknown"


def advances(path: Path) -> tuple[int, dict[str, int]]:
    font = path.read_bytes()
    t = tables(font)
    units = struct.unpack_from(">H", t["head"], 18)[0]
    metrics = struct.unpack_from(">H", t["hhea"], 34)[0]
    widths = struct.unpack_from(f">{2 * metrics}H", t["hmtx"])[0::2]
    mapping = char_map(t["cmap"])
    found = {}
    for low, high in RANGES:
        for code in range(low, high + 1):
            glyph = mapping.get(code, 0)
            if glyph:
                found[chr(code)] = widths[min(glyph, metrics - 1)]
    return units, found


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
    print("# Advance widths of Times New Roman's characters, in font units, by style: each width")
    print("# lists the characters that have it. Written by tools/glyph_widths.py from Liberation")
    print("# Serif (SIL Open Font License), whose advance widths are made equal to Times New")
    print("# Roman's, so that a line measures the same in Word and in LibreOffice. Used to tell")
    print("# where a centred title breaks (docgen.documents.text_width); not a format rule.")
    regular = tables((folder / "LiberationSerif-Regular.ttf").read_bytes())
    print(f"source: Liberation Serif, {version(regular['name'])} (read from {folder})")
    units_seen = set()
    print("styles:")
    for style, suffix in STYLES.items():
        units, found = advances(folder / f"LiberationSerif-{suffix}.ttf")
        units_seen.add(units)
        groups: dict[int, list[str]] = defaultdict(list)
        for char, width in found.items():
            groups[width].append(char)
        print(f"  {style}:")
        for width in sorted(groups):
            print(f"    {width}: {quoted(''.join(groups[width]))}")
    (units,) = units_seen
    print(f"units_per_em: {units}")


if __name__ == "__main__":
    main()
