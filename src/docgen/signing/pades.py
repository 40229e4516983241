"""PAdES signatures with pyHanko: B-B, B-T with a timestamp server, B-LT with validation data."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar

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
    timestamper = _timestamper(tsa_url) if tsa_url else None
    context = _lt_context(lt_roots) if tsa_url and lt_roots else None
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
    except SigningError:  # the timestamp server's, said by _timestamper
        raise
    except Exception as exc:  # pyHanko's errors, said plainly
        if context is not None:
            _raise_lt_error(exc)
        raise SigningError(
            f"the PDF could not be signed: {type(exc).__name__}: {exc}",
            code="SIGN-PDF",
            hint="with --tsa, check the timestamp server's address and the network",
        ) from exc
    return out.getvalue()


def timeout_seconds() -> float:
    """How long a timestamp server, or a certificate authority's revocation list, is waited
    for (rules/pades.yaml ``network.timeout_seconds``)."""
    return float(pades_rules()["network"]["timeout_seconds"])


def _tsa_failure(message: str) -> SigningError:
    """The timestamp server's failure: nothing is signed, nothing written."""
    return SigningError(
        message,
        code="SIGN-TSA",
        hint="check the timestamp server's address (--tsa, as the certificate authority "
        "publishes it) and the network; without --tsa the signature is PAdES B-B, with the "
        "signer's clock",
    )


def _timestamper(url: str) -> Any:
    """pyHanko's HTTP timestamp client for ``url`` (PAdES B-T), whose failures are said as
    SigningError (SIGN-TSA). pyHanko asks the server twice, once for the signature's size
    before signing, once for the signature's token; nothing is written when either fails.
    aiohttp is imported here only: a signature without --tsa does not load it (lazy_http)."""
    from docgen.signing.lazy_http import real_module

    # the real class, subclassed: pyhanko.sign.timestamps gives a deferred stand-in for it
    client: Any = real_module("pyhanko.sign.timestamps.aiohttp_client").HTTPTimeStamper

    if not url.startswith(("http://", "https://")):
        message = f"--tsa {url}: not the address of a timestamp server (http://… or https://…)"
        raise _tsa_failure(message)

    class Timestamper(client):
        async def async_request_tsa_response(self, req: Any) -> Any:
            response = await super().async_request_tsa_response(req)
            _check_granted(url, bytes(response.dump()))
            return response

        async def async_timestamp(self, message_digest: Any, md_algorithm: Any) -> Any:
            try:
                return await super().async_timestamp(message_digest, md_algorithm)
            except SigningError:
                raise
            except Exception as exc:
                raise _tsa_error(exc, url) from exc

    return Timestamper(url, timeout=timeout_seconds())


def _check_granted(url: str, reply: bytes) -> None:
    """A refusal (RFC 3161 §2.4.2: a status without a token) said with the server's words;
    asn1crypto's TimeStampResp cannot read one, its token being required there."""
    from asn1crypto import cms, core, tsp

    class Reply(core.Sequence):
        _fields: ClassVar = [
            ("status", tsp.PKIStatusInfo),
            ("time_stamp_token", cms.ContentInfo, {"optional": True}),
        ]

    try:
        status = Reply.load(reply)["status"]
        granted = status["status"].native in {"granted", "granted_with_mods"}
        said = ": ".join([status["status"].native, *(status["status_string"].native or [])])
    except (ValueError, TypeError, KeyError):
        return  # not a reply at all: pyHanko's reading fails, and _tsa_error says so
    if not granted:
        message = f"the timestamp server {url} refused to give a timestamp: {said}"
        raise _tsa_failure(message)


def _lt_context(roots: Sequence[Any]) -> Any:
    """The validation context whose data PAdES B-LT embeds (the DSS): the chains of the
    signer's and the timestamp server's certificates up to ``roots``, with the revocation
    lists (CRL) and OCSP answers their certificates point to, fetched now. hard-fail: a
    certificate naming a revocation source whose answer cannot be had is an error, not a B-LT
    file silently lacking it."""
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
    from pyhanko_certvalidator.fetchers.api import OwnedFetcherBackend

    backend = AIOHttpFetcherBackend(per_request_timeout=timeout_seconds())
    return ValidationContext(
        trust_roots=list(roots),
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=OwnedFetcherBackend(backend),  # closed by pyHanko after signing
    )


def _raise_lt_error(exc: BaseException) -> None:
    """pyHanko's failure to gather B-LT's validation data (the chains and their revocation
    data), said plainly; other failures are left to the caller."""
    from pyhanko_certvalidator.errors import (
        InsufficientRevinfoError,
        PathBuildingError,
        PathValidationError,
        RevokedError,
    )

    from docgen.signing.keys import subject_text

    cause = exc.__cause__ or exc.__context__
    hint = (
        "PAdES B-LT embeds the chain of the signer's and the timestamp server's certificates "
        "up to the --trust root, with their revocation data; without --trust it is B-T"
    )
    if isinstance(cause, PathBuildingError):
        message = "the certificates do not chain up to the trust root given with --trust"
    elif isinstance(cause, RevokedError):
        who = subject_text(cause.current_path.leaf)
        message = f"{who}: the certificate authority has revoked this certificate"
    elif isinstance(cause, InsufficientRevinfoError):
        who = subject_text(cause.current_path.leaf)
        message = (
            f"the validation data for PAdES B-LT cannot be gathered: the revocation list (CRL) "
            f"or OCSP answer for the chain of {who} cannot be fetched"
        )
    elif isinstance(cause, PathValidationError):
        message = f"the validation data for PAdES B-LT cannot be gathered: {cause}"
    else:
        return
    raise SigningError(message, code="SIGN-LT", hint=hint) from exc


def _tsa_error(exc: BaseException, url: str) -> SigningError:
    """The timestamp server's failure ``exc`` (with its causes) said plainly."""
    import socket

    import aiohttp

    causes: list[BaseException] = []
    at: BaseException | None = exc
    while at is not None and at not in causes:
        causes.append(at)
        at = at.__cause__ or at.__context__

    def found(*kinds: type[BaseException]) -> Any:
        return next((c for c in causes if isinstance(c, kinds)), None)

    if found(TimeoutError):
        seconds = f"{timeout_seconds():g}"
        message = f"the timestamp server {url} did not answer within {seconds} seconds"
    elif found(aiohttp.InvalidURL):
        message = f"--tsa {url}: not the address of a timestamp server (http://… or https://…)"
    elif content := found(aiohttp.ContentTypeError):
        kind = (content.headers or {}).get("Content-Type", "?")
        message = f"the timestamp server {url} did not answer with a timestamp (it sent {kind})"
    elif answer := found(aiohttp.ClientResponseError):
        status = f"HTTP {answer.status} {answer.message}".strip()
        message = f"the timestamp server {url} answered with an error: {status}"
    elif found(socket.gaierror):
        message = f"the timestamp server {url} cannot be found: no such host"
    elif found(ConnectionRefusedError):
        message = f"the timestamp server {url} cannot be reached: the connection was refused"
    elif found(aiohttp.ClientError, OSError):
        message = f"the timestamp server {url} cannot be reached"
    else:  # an answer that is no timestamp reply (asn1crypto's ValueError…)
        message = f"the timestamp server {url} did not answer with a timestamp (unreadable answer)"
    return _tsa_failure(message)
