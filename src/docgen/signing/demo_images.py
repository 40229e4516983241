"""Throwaway images for the demo and the tests: a blue scribble for a signature and a red round
"seal" with the office's name around it, DEMO in its middle. Drawn when asked, never kept in
the repository, never an image of a real seal."""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from docgen.signing.images import seal_path, signature_path

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

_BLUE = (20, 50, 170, 255)  # Nghị định 30/2020 Phụ lục I: the signature image is blue
_RED = (210, 20, 30, 255)  # … and the seal red
_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def scribble_png(seed: str, width: int = 600, height: int = 240) -> bytes:
    """A signature-like blue scribble on a transparent background (the same for one seed)."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    loops = rng.randint(3, 5)
    sizes = [0.6 + 0.4 * rng.random() for _ in range(loops + 1)]
    points = []
    for i in range(loops * 48 + 1):
        t = i / 48
        size = sizes[int(t)] + (sizes[min(int(t) + 1, loops)] - sizes[int(t)]) * (t % 1)
        x = width * (0.1 + 0.78 * t / loops) + 34 * math.sin(t * 2 * math.pi + 0.5)
        y = height * (0.55 - 0.15 * t / loops) - 70 * size * math.cos(t * 2 * math.pi)
        points.append((x, y))
    draw.line(points, fill=_BLUE, width=7, joint="curve")
    # the stroke under it, as a signer ends a signature
    y = height * 0.8
    draw.line([(width * 0.12, y), (width * 0.9, y - 18)], fill=_BLUE, width=6)
    return _png(image)


def seal_png(office: str, size: int = 720) -> bytes:
    """A red round seal of ``office``: two rings, the name in capitals around the top, DEMO
    and a star in the middle, on a transparent background."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = size / 2
    draw.ellipse((8, 8, size - 8, size - 8), outline=_RED, width=16)
    draw.ellipse((size * 0.2, size * 0.2, size * 0.8, size * 0.8), outline=_RED, width=6)
    _star(draw, c, c * 0.72, size * 0.07)
    font = _font(int(size * 0.09))
    mid = draw.textbbox((0, 0), "DEMO", font=font)
    draw.text((c - (mid[2] - mid[0]) / 2, c * 1.02), "DEMO", font=font, fill=_RED)
    _around(image, office.upper(), radius=size * 0.4, size=int(size * 0.062))
    return _png(image)


def write_demo_images(folder: Path, issuer: str, office: str, signers: list[str]) -> None:
    """Throwaway images for ``issuer`` into ``folder`` (the layout images_folder reads): the
    seal, and a signature for each signer id."""
    target = seal_path(folder, issuer)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(seal_png(office))
    for signer in signers:
        path = signature_path(folder, issuer, signer)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(scribble_png(signer))


def _around(image: Image.Image, text: str, *, radius: float, size: int) -> None:
    """``text`` around the top of the circle, each letter turned to face the centre."""
    c = image.width / 2
    font = _font(size)
    widths = [ImageDraw.Draw(image).textlength(ch, font=font) for ch in text]
    spread = min(sum(widths) / radius * 1.15, 2 * math.pi * 0.8)  # the arc the name takes
    angle = -math.pi / 2 - spread / 2
    per = spread / max(sum(widths), 1)
    for ch, width in zip(text, widths, strict=True):
        mid = angle + width * per / 2
        tile = Image.new("RGBA", (int(width * 2) + 8, int(size * 1.6)), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((width / 2 + 4, 0), ch, font=font, fill=_RED)
        turned = tile.rotate(
            -math.degrees(mid) - 90, expand=True, resample=Image.Resampling.BICUBIC
        )
        x = c + radius * math.cos(mid) - turned.width / 2
        y = c + radius * math.sin(mid) - turned.height / 2
        image.alpha_composite(turned, (int(x), int(y)))
        angle += width * per


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = [
        (
            cx + (r if i % 2 == 0 else r * 0.4) * math.cos(-math.pi / 2 + i * math.pi / 5),
            cy + (r if i % 2 == 0 else r * 0.4) * math.sin(-math.pi / 2 + i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(points, fill=_RED)


def _font(size: int) -> Font:
    for path in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
