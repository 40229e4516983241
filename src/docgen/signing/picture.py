"""A placement drawn as one transparent picture: the signature field's appearance as pyHanko
stamps it, and the preview's images. Kept apart from the preview's PDF drawing so that
signing does not import pypdf for it."""

from __future__ import annotations

import io
from pathlib import Path

from docgen.errors import DocgenError
from docgen.signing.appearance import Placement

# Times New Roman when the machine has it, else Liberation Serif (the same widths)
FONT_FILES = (
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "C:/Windows/Fonts/times.ttf",
)


def font_file() -> Path:
    """The TrueType font the lines are set in."""
    for name in FONT_FILES:
        if Path(name).is_file():
            return Path(name)
    raise DocgenError(
        "no Times New Roman nor Liberation Serif font file is installed",
        code="ESIGN-NO-FONT",
        hint="install it: sudo apt-get install fonts-liberation2",
    )


def placement_png(place: Placement, dpi: int = 300) -> bytes:
    """One placement as a transparent PNG of its box's size at ``dpi``: its image stretched to
    the box, its lines set over it in black from the top. For a signature's appearance drawn
    as one picture (pyHanko sets Vietnamese text only with its OpenType engine, which needs
    uharfbuzz)."""
    from PIL import Image, ImageDraw, ImageFont

    x1, y1, x2, y2 = place.box
    scale = dpi / 72
    size = (max(1, round((x2 - x1) * scale)), max(1, round((y2 - y1) * scale)))
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    if place.png is not None:
        with Image.open(io.BytesIO(place.png), formats=["PNG"]) as image:
            canvas.alpha_composite(image.convert("RGBA").resize(size, Image.Resampling.LANCZOS))
    if place.lines:
        font = ImageFont.truetype(str(font_file()), round(place.font_size * scale))
        draw = ImageDraw.Draw(canvas)
        for n, line in enumerate(place.lines):
            # the baseline of line n: a font size under the top, then a leading each
            baseline = (place.font_size + n * place.leading) * scale
            draw.text((scale, baseline), line, font=font, fill=(0, 0, 0, 255), anchor="ls")
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()
