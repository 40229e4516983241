"""Signing bound to the register: only an issued, frozen document is signed, and each signature
is recorded with the signed PDF's hash, its role, the certificate's subject, the time, the user."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.data.models import Issuer
from docgen.data.workspace import display_path, load_issuers
from docgen.errors import SigningError
from docgen.output import write_atomic
from docgen.register import Entry, Register
from docgen.signing.images import SignatureImages, images_folder, load_images
from docgen.signing.keys import Role, check_certificate, subject_text
from docgen.signing.pades import pades_rules, placements, sign_pdf
from docgen.signing.page_text import lines_of, remember

if TYPE_CHECKING:
    from docgen.signing.verify import Verification


@dataclass(frozen=True)
class Signed:
    """What ``sign_document`` did."""

    entry: Entry
    role: Role
    path: Path  # the signed PDF
    sha256: str
    subject: str
    signed_at: dt.datetime
    level: str  # PAdES baseline: B-B, B-T, B-LT


def find_entry(root: Path, register: Register, document: str) -> Entry:
    """The register's live entry for ``document``: a spec id (``ke-hoach-2024``), a spec's path
    (``data/documents/ke-hoach-2024.yaml``) or a number as printed (``1247-KH/HVCTQG``)."""
    specs = [document] if document.endswith((".yaml", ".yml")) else []
    folder = root / "data" / "documents"
    specs += [display_path(root, p) for p in sorted(folder.rglob(f"{document}.yaml"))]
    for spec in specs:
        entry = register.get_by_spec(spec)
        if entry is not None:
            return entry
    entry = register.entry_by_symbol(document)
    if entry is not None:
        return entry
    raise SigningError(
        f"{document}: no document of this workspace has this id or number in the register",
        code="SIGN-NOT-ISSUED",
        hint="give the spec's id (its file name under data/documents/) or its number as "
        "printed, of a document built through the register (docgen build)",
    )


def frozen_document(register: Register, entry: Entry) -> bytes:
    """The issued .docx the register froze with its hash; refused when the number is not
    issued or the register keeps no document for it."""
    if entry.state != "issued":
        raise SigningError(
            f"{entry.symbol} is not issued in the register (voided, or its build did not "
            "finish): only an issued document is signed",
            code="SIGN-NOT-ISSUED",
            hint="build the document (docgen build) so that its number is issued",
        )
    document = register.issued_document(entry.id)
    if document is None or not entry.sha256:
        raise SigningError(
            f"{entry.symbol} was issued before the register kept its documents: there is no "
            "frozen document to sign",
            code="SIGN-NOT-FROZEN",
            hint="build it again (docgen build) so that the register keeps the issued file",
        )
    if hashlib.sha256(document).hexdigest() != entry.sha256:
        raise SigningError(
            f"{entry.symbol}: the document the register kept does not match its recorded hash",
            code="SIGN-NOT-FROZEN",
            hint="the register may be damaged: restore it from its backup (docgen register "
            "backup) before signing",
        )
    return document


def unsigned_pdf(root: Path, entry: Entry, document: bytes) -> bytes:
    """The PDF the signer signs: the register's frozen .docx converted by LibreOffice, kept in
    .docgen/pdf/ under the .docx's hash so that it is made once. The one place to change for
    another PDF (PDF/A) of the same frozen document."""
    from docgen.documents.pdf import convert_to_pdf

    cache = pdf_cache(root, entry)
    if cache.exists():
        return cache.read_bytes()
    with tempfile.TemporaryDirectory(prefix="docgen-sign-") as work:
        name = Path(entry.output or f"{entry.id}.docx").with_suffix(".docx").name
        source = Path(work) / name
        source.write_bytes(document)
        (made,) = convert_to_pdf([source], Path(work) / "pdf")
        data = made.read_bytes()
    cache.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(cache, data)
    remember(cache, data)  # the pages' text, read once with the PDF (page_text)
    return data


def pdf_cache(root: Path, entry: Entry) -> Path:
    """Where the PDF made from ``entry``'s frozen .docx is kept (by the .docx's hash)."""
    return root / ".docgen" / "pdf" / f"{entry.sha256}.pdf"


def signer_signed_pdf(root: Path, register: Register, entry: Entry) -> bytes:
    """The PDF the office signs: the signer's signed PDF as the register recorded it."""
    for record in reversed(register.signatures(entry.id)):
        if record.role != "signer" or not record.file:
            continue
        path = Path(record.file) if Path(record.file).is_absolute() else root / record.file
        if not path.exists():
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == record.sha256:
            return data
        raise SigningError(
            f"{display_path(root, path)} is not the file the signer signed (its content changed "
            "since)",
            code="SIGN-CHANGED",
            hint="put back the signed file as the signer signed it, or have the signer sign again",
        )
    raise SigningError(
        f"{entry.symbol} has no signer's signature yet: the office signs after the signer",
        code="SIGN-NO-SIGNER",
        hint=f"sign it first as the signer: docgen sign {entry.symbol} --as signer --p12 …",
    )


def signed_path(root: Path, entry: Entry) -> Path:
    """Beside the issued .docx: ``<stem>.signed.pdf`` (rules/pades.yaml ``signed_name``)."""
    docx = Path(entry.output or f"output/{entry.id}.docx")
    folder = docx.parent if docx.is_absolute() else root / docx.parent
    return folder / str(pades_rules()["signed_name"]).format(stem=docx.stem)


def signing_images(root: Path, entry: Entry, issuer: Issuer | None) -> SignatureImages:
    """The signer's signature image and the office's seal for ``entry`` (images_folder: the
    workspace's .docgen/esign/ unless configured); both are drawn by both signatures (the
    seal is set against the signer's image). A missing image is an error naming its place."""
    signer = next(
        (key for key, s in (issuer.signers if issuer else {}).items() if s.name == entry.signer),
        None,
    )
    if signer is None:
        raise SigningError(
            f"'{entry.signer}' is not a signer of '{entry.issuer}' in data/issuers.yaml",
            code="SIGN-NO-SIGNER-IMAGE",
            hint="the signer's image is found by the signer's id in data/issuers.yaml",
        )
    return load_images(images_folder(root), entry.issuer, signer)


def check_own(signed: bytes, target: Path, roots: list[Any]) -> Verification:
    """The signed file checked as ``docgen verify`` checks it, before it is written or
    recorded: every signature intact, and none changed by what came after it (the office's
    signature over the signer's). A file that fails is neither written nor recorded."""
    from docgen.signing.verify import verify_pdf

    result = verify_pdf(target, roots, data=signed)
    for n, sig in enumerate(result.signatures, 1):
        if not sig.intact or sig.changed_after:
            raise SigningError(
                f"the signed file does not pass its own check (signature {n}, {sig.subject}: "
                + ("changed after it was signed" if sig.intact else "not intact")
                + "): nothing was written or recorded",
                code="SIGN-SELF-CHECK",
                hint="the PDF signed on may be damaged: build the document's PDF again, "
                "or report the file to whoever maintains docgen",
            )
    return result


def sign_document(
    root: Path,
    register: Register,
    document: str,
    role: Role,
    signer: Any,
    *,
    tsa_url: str | None = None,
    lt_roots: list[Any] | None = None,
    out: Path | None = None,
    now: dt.datetime | None = None,
) -> Signed:
    """Sign the issued document ``document`` as ``role`` with ``signer`` (a pyHanko signer),
    write the signed PDF and record the signature in the register."""
    entry = find_entry(root, register, document)
    docx = frozen_document(register, entry)
    issuers = load_issuers(root)
    issuer = issuers.get(entry.issuer)
    office_names = [issuer.name, " ".join(issuer.header)] if issuer else [entry.issuer]
    cert = signer.signing_cert
    now = now or dt.datetime.now(dt.UTC)
    check_certificate(cert, role, signer_name=entry.signer, office_names=office_names, now=now)
    pdf = (
        unsigned_pdf(root, entry, docx)
        if role == "signer"
        else signer_signed_pdf(root, register, entry)
    )
    appearance = placements(
        pdf,
        role,
        signer_name=entry.signer,
        office_name=office_names[0],
        signed_at=now,
        images=signing_images(root, entry, issuer),
        symbol=entry.symbol,
        pages=lines_of(pdf, pdf_cache(root, entry)),
    )
    signed = sign_pdf(
        pdf,
        signer,
        role=role,
        symbol=entry.symbol,
        appearance=appearance,
        tsa_url=tsa_url,
        lt_roots=lt_roots or [],
    )
    target = out or signed_path(root, entry)
    checked = check_own(signed, target, lt_roots or [])
    # the time the signature itself carries: its timestamp's (B-T), else the signer's clock
    now = checked.signatures[-1].signed_at or now
    target.parent.mkdir(parents=True, exist_ok=True)
    sha256 = write_atomic(target, signed)
    subject = subject_text(cert)
    register.record_signature(entry, role, sha256, subject, now, display_path(root, target))
    level = "B-LT" if tsa_url and lt_roots else "B-T" if tsa_url else "B-B"
    return Signed(entry, role, target, sha256, subject, now, level)
