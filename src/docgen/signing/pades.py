"""PAdES signatures with pyHanko: B-B, B-T with a timestamp server, B-LT with validation data."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import cache
from typing import Any

from docgen.errors import SigningError
from docgen.rules import read_rules_file
from docgen.signing.appearance import Placement, SignatureImages, TextLine, placement
from docgen.signing.keys import Role
from docgen.signing.picture import placement_png


@cache
def pades_rules() -> dict[str, Any]:
    """rules/pades.yaml: reasons, field names, file names, folders, fonts."""
    data: dict[str, Any] = read_rules_file("pades.yaml")
    return data


def placements(
    pdf: bytes,
    role: Role,
    *,
    signer_name: str,
    office_name: str,
    signed_at: dt.datetime,
    images: SignatureImages,
    symbol: str | None = None,
    pages: list[list[TextLine]] | None = None,
) -> Placement | None:
    """The visible signature's place (the signer's image at the signature block; the office's
    seal over it, its lines, its mark on each attachment page), from
    ``docgen.signing.appearance`` (positions from rules/esign.yaml). The first is the signature
    field's appearance: the office's seal and lines are one picture of the box around both.
    Marks on other pages (rules/esign.yaml attachment.same_file) are refused: drawn after the
    signer's signature they change a signed page."""
    found = placement(
        pdf,
        role,
        signer_name=signer_name,
        office_name=office_name,
        signed_at=signed_at,
        images=images,
        symbol=symbol,
        pages=pages,
    )
    if not found:
        return None
    page = found[0].page
    if any(p.page != page for p in found):
        raise SigningError(
            "the appearance puts marks on other pages than the signature's (attachments in "
            "the same file): they would change pages the signer has signed",
            code="SIGN-MARKS",
            hint="rules/esign.yaml appearance.attachment.same_file: false, as Nghị định "
            "30/2020/NĐ-CP Phụ lục I has it for attachments in the same file",
        )
    return found[0] if len(found) == 1 else _merged(found)


def _merged(places: Sequence[Placement], dpi: int = 300) -> Placement:
    """Several placements of one page as one: their pictures in the box around them all."""
    from PIL import Image

    x1 = min(p.box[0] for p in places)
    y1 = min(p.box[1] for p in places)
    x2 = max(p.box[2] for p in places)
    y2 = max(p.box[3] for p in places)
    scale = dpi / 72
    canvas = Image.new("RGBA", (round((x2 - x1) * scale), round((y2 - y1) * scale)), (0, 0, 0, 0))
    for place in places:
        with Image.open(io.BytesIO(placement_png(place, dpi))) as picture:
            # PDF's y grows upwards, the picture's downwards
            at = (round((place.box[0] - x1) * scale), round((y2 - place.box[3]) * scale))
            canvas.alpha_composite(picture.convert("RGBA"), at)
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return Placement(places[0].page, (x1, y1, x2, y2), out.getvalue(), (), what="signature")


def _style(place: Placement) -> Any:
    """A placement as pyHanko's stamp: one transparent picture of its image and its lines
    (placement_png: the lines drawn with an embedded font, since pyHanko's own text stamps
    need HarfBuzz for letters outside Latin-1)."""
    from PIL import Image
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    picture = Image.open(io.BytesIO(placement_png(place)))
    return StaticStampStyle(border_width=0, background=PdfImage(picture), background_opacity=1.0)


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
    appearance: Placement | None = None,
    tsa_url: str | None = None,
    lt_roots: Sequence[Any] = (),
) -> bytes:
    """``pdf`` signed by ``signer`` as an incremental update (an earlier signature stays valid):
    PAdES B-B; B-T when ``tsa_url`` names a timestamp server; B-LT when ``lt_roots`` (trust
    roots) are given too, with the chain's validation data embedded. ``appearance``: the
    visible signature's placement (placements); None: an invisible signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    existing = [name for name, _, _ in fields.enumerate_sig_fields(writer.prev)]
    name = field_name(role, existing)
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
    if appearance is not None:
        first = appearance
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
