"""PAdES signatures with pyHanko: B-B, B-T with a timestamp server, B-LT with validation data."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docgen.errors import SigningError
from docgen.rules import read_rules_file
from docgen.signing.keys import Role


@cache
def pades_rules() -> dict[str, Any]:
    """rules/pades.yaml: reasons, field names, file names, folders, fonts."""
    data: dict[str, Any] = read_rules_file("pades.yaml")
    return data


@dataclass(frozen=True)
class Stamp:
    """Where a visible signature, or an extra stamp of it, goes: the shape of
    ``docgen.signing.appearance.Placement``."""

    page: int  # 0-based
    box: tuple[float, float, float, float]  # PDF points: x1, y1, x2, y2
    png: bytes | None = None
    lines: tuple[str, ...] = ()


def placements(
    pdf: bytes,
    role: Role,
    *,
    signer_name: str,
    office_name: str,
    signed_at: dt.datetime,
    images: Any = None,
) -> list[Stamp]:
    """The visible signature's places (issue 27: the signer's image at the signature block, the
    office's seal over it, the office's stamp on each attachment page), from
    ``docgen.signing.appearance`` (positions from the format rules); none, an invisible
    signature, while that module is not there. The one place the appearance is asked for."""
    try:
        appearance: Any = importlib.import_module("docgen.signing.appearance")
    except ModuleNotFoundError:
        return []
    if images is None:
        images = appearance.SignatureImages(signature_png=None, seal_png=None)
    found = appearance.placement(
        pdf,
        role,
        signer_name=signer_name,
        office_name=office_name,
        signed_at=signed_at,
        images=images,
    )
    return [Stamp(p.page, tuple(p.box), p.png, tuple(p.lines)) for p in found]


def _font(size: int) -> Any:
    from PIL import ImageFont

    for name in pades_rules()["stamp_fonts"]:
        if Path(name).exists():
            return ImageFont.truetype(name, size)
    return ImageFont.load_default(size)


def stamp_image(stamp: Stamp, dpi: int = 200) -> Any:
    """The stamp as one transparent picture of its box: the PNG (signature or seal image)
    fitted above, the lines under it. The lines are drawn into the picture because pyHanko's
    own text stamps need HarfBuzz (not installed) for letters outside Latin-1."""
    from PIL import Image, ImageDraw

    x1, y1, x2, y2 = stamp.box
    scale = dpi / 72
    width, height = max(1, round((x2 - x1) * scale)), max(1, round((y2 - y1) * scale))
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    size = max(8, round(9 * scale))
    text_height = round(size * 1.25) * len(stamp.lines)
    if stamp.png:
        picture = Image.open(io.BytesIO(stamp.png)).convert("RGBA")
        room = max(1, height - text_height)
        ratio = min(width / picture.width, room / picture.height)
        picture = picture.resize(
            (max(1, round(picture.width * ratio)), max(1, round(picture.height * ratio)))
        )
        canvas.alpha_composite(picture, ((width - picture.width) // 2, 0))
    draw = ImageDraw.Draw(canvas)
    font = _font(size)
    top = height - text_height
    for line in stamp.lines:
        draw.text((width / 2, top), line, font=font, fill=(0, 0, 160, 255), anchor="ma")
        top += round(size * 1.25)
    return canvas


def _style(stamp: Stamp) -> Any:
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        border_width=0, background=PdfImage(stamp_image(stamp)), background_opacity=1.0
    )


def field_name(role: Role, existing: Sequence[str]) -> str:
    """The signature field's name for ``role``: ``docgen-nguoi-ky``, ``docgen-co-quan``; a
    second signature in the same role gets ``-2`` and so on."""
    base = str(pades_rules()["fields"][role])
    name, n = base, 1
    while name in existing:
        n += 1
        name = f"{base}-{n}"
    return name


def sign_pdf(
    pdf: bytes,
    signer: Any,
    *,
    role: Role,
    symbol: str,
    stamps: Sequence[Stamp] = (),
    tsa_url: str | None = None,
    lt_roots: Sequence[Any] = (),
) -> bytes:
    """``pdf`` signed by ``signer`` as an incremental update (an earlier signature stays valid):
    PAdES B-B; B-T when ``tsa_url`` names a timestamp server; B-LT when ``lt_roots`` (trust
    roots) are given too, with the chain's validation data embedded. ``stamps``: the visible
    signature on the first, extra stamps of it on the others; none: an invisible signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    existing = [name for name, _, _ in fields.enumerate_sig_fields(writer.prev)]
    name = field_name(role, existing)
    for extra in stamps[1:]:
        _apply_stamp(writer, extra)
    timestamper = None
    if tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa_url)
    context = None
    if tsa_url and lt_roots:
        from pyhanko_certvalidator import ValidationContext

        context = ValidationContext(trust_roots=list(lt_roots), allow_fetching=True)
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        reason=str(pades_rules()["reasons"][role]).format(symbol=symbol),
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=context is not None,
        validation_context=context,
        use_pades_lta=False,
    )
    spec = None
    style = None
    if stamps:
        first = stamps[0]
        x1, y1, x2, y2 = first.box
        spec = fields.SigFieldSpec(
            sig_field_name=name,
            on_page=first.page,
            box=(round(x1), round(y1), round(x2), round(y2)),
        )
        style = _style(first)
    pdf_signer = signers.PdfSigner(
        meta, signer, timestamper=timestamper, stamp_style=style, new_field_spec=spec
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out)
    except Exception as exc:  # pyHanko's and the timestamp server's errors, said plainly
        raise SigningError(
            f"the PDF could not be signed: {type(exc).__name__}: {exc}",
            code="SIGN-PDF",
            hint="with --tsa, check the timestamp server's address and the network",
        ) from exc
    return out.getvalue()


def _apply_stamp(writer: Any, stamp: Stamp) -> None:
    """An extra, unsigned-field stamp of the signature (the office's on an attachment page),
    written before signing so that the signature covers it."""
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp.static import StaticContentStamp

    x1, y1, x2, y2 = stamp.box
    style = _style(stamp)
    StaticContentStamp(writer, style, box=BoxConstraints(width=x2 - x1, height=y2 - y1)).apply(
        stamp.page, round(x1), round(y1)
    )
