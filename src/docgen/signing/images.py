"""The signers' signature images and the office's seal: transparent PNGs an office keeps outside
the repository (rules/esign.yaml ``images``), read with bounds, as hostile input."""

from __future__ import annotations

import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docgen.errors import DocgenError, Location
from docgen.rules.esign import esign_rules

# where each image comes from, for the hint when it is missing
_PUT = {
    "signature": (
        "put the signer's signature image there: a transparent PNG (README: electronic issue)"
    ),
    "seal": "put the office's seal image there: a transparent PNG (README: electronic issue)",
}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# an id of data/issuers.yaml: a file name, never a path
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True)
class SignatureImages:
    """The images of one signing: the signer's signature and the office's seal (PNG bytes)."""

    signature_png: bytes | None
    seal_png: bytes | None


def images_folder(root: Path, folder: Path | None = None) -> Path:
    """Where the workspace ``root`` keeps its signature images: ``folder`` when given, else the
    folder the environment names (DOCGEN_ESIGN_DIR), else the workspace's state folder."""
    rules = esign_rules().images
    if folder is not None:
        return folder
    named = os.environ.get(rules.environment, "").strip()
    return Path(named) if named else root / rules.folder


def seal_path(folder: Path, issuer: str) -> Path:
    return folder / _safe_id(issuer) / "seal.png"


def signature_path(folder: Path, issuer: str, signer: str) -> Path:
    return folder / _safe_id(issuer) / "signers" / f"{_safe_id(signer)}.png"


def load_images(folder: Path, issuer: str, signer: str, *, seal: bool = True) -> SignatureImages:
    """The signer's signature image and (``seal``) the office's seal from ``folder``
    (``images_folder``); a missing or unsafe file is a DocgenError naming where it belongs."""
    return SignatureImages(
        signature_png=read_png(signature_path(folder, issuer, signer), "signature"),
        seal_png=read_png(seal_path(folder, issuer), "seal") if seal else None,
    )


def read_png(path: Path, what: Literal["signature", "seal"]) -> bytes:
    """The bytes of a transparent PNG at ``path``, checked: a regular file, at most
    ``max_bytes``, a PNG by its signature and by Pillow's reading of it, of bounded pixel
    size, with an alpha channel. ``what``: which image it is, for the hint."""
    from PIL import Image, UnidentifiedImageError

    rules = esign_rules().images
    where = Location(str(path))
    if not path.is_file():
        raise DocgenError(
            "the image is missing",
            code="ESIGN-IMAGE-MISSING",
            location=where,
            hint=_PUT[what],
        )
    with path.open("rb") as handle:
        data = handle.read(rules.max_bytes + 1)
    if len(data) > rules.max_bytes:
        raise DocgenError(
            f"the image is larger than {rules.max_bytes} bytes",
            code="ESIGN-IMAGE-SIZE",
            location=where,
            hint="save it smaller (a few hundred pixels across is enough)",
        )
    if not data.startswith(_PNG_SIGNATURE):
        raise DocgenError("the file is not a PNG image", code="ESIGN-IMAGE-FORMAT", location=where)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                if (
                    width * height > rules.max_pixels
                    or max(width, height) > rules.max_side_px
                    or min(width, height) < 1
                ):
                    raise DocgenError(
                        f"the image has {width} × {height} pixels, more than docgen reads",
                        code="ESIGN-IMAGE-SIZE",
                        location=where,
                    )
                image.load()
                transparent = image.mode in ("RGBA", "LA", "PA") or ("transparency" in image.info)
    except DocgenError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise DocgenError(
            f"the image cannot be read as a PNG ({exc})",
            code="ESIGN-IMAGE-FORMAT",
            location=where,
        ) from exc
    if not transparent:
        raise DocgenError(
            "the image has no transparent background",
            code="ESIGN-IMAGE-OPAQUE",
            location=where,
            hint="save it as a PNG with an alpha channel (Nghị định 30/2020: nền trong suốt)",
        )
    return data


def _safe_id(value: str) -> str:
    if not _ID.match(value):
        raise DocgenError(f"'{value}' cannot name an image file", code="ESIGN-IMAGE-NAME")
    return value
