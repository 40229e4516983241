"""What a signed PDF says: who signed, when, in which role; intact, trusted, issued here."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, SigningError
from docgen.register import Register
from docgen.signing.keys import Role, subject_text
from docgen.signing.pades import pades_rules


@dataclass(frozen=True)
class Issued:
    """A signature's revision as the register recorded it at signing."""

    symbol: str
    role: Role
    state: str  # the entry's state now: issued, voided


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of the file, as checked."""

    field: str
    role: Role | None  # from the register, else from the field's name
    subject: str
    signed_at: dt.datetime | None  # the timestamp's time, else the time the signer claims
    timestamped: bool
    intact: bool  # its byte range hashes to the signed digest, and the signature is valid
    trusted: bool  # the certificate chains up to a trust root
    changed_after: bool  # the file was changed after it beyond what later signatures add
    revision_sha256: str  # the file as it was when this signature was made
    issued: Issued | None  # the register's record of that revision (None: not found)
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and not self.changed_after


@dataclass(frozen=True)
class Verification:
    """``docgen verify``: every signature of one file, and what the register says of it."""

    path: Path
    signatures: list[SignatureCheck]
    register: str | None  # the register consulted (None: not consulted)
    problems: list[str] = field(default_factory=list)

    @property
    def issued(self) -> Issued | None:
        """The register's record of the file's last signed revision."""
        return self.signatures[-1].issued if self.signatures else None

    @property
    def ok(self) -> bool:
        return not self.problems and all(s.ok for s in self.signatures)


def trust_roots(root: Path | None, extra: Sequence[Path] = ()) -> list[Any]:
    """The certificates trusted as roots: those given (--trust) and those of the workspace's
    trust folder (rules/pades.yaml ``trust_folder``), PEM or DER."""
    from pyhanko.keys import load_certs_from_pemder

    files = list(extra)
    if root is not None:
        folder = root / str(pades_rules()["trust_folder"])
        if folder.is_dir():
            files += sorted(
                p for p in folder.iterdir() if p.suffix.lower() in {".pem", ".crt", ".cer", ".der"}
            )
    from cryptography import x509

    roots: list[Any] = []
    for path in files:
        try:
            found = list(load_certs_from_pemder([str(path)]))
            for cert in found:  # asn1crypto parses lazily: a wrong file fails here, not later
                x509.load_der_x509_certificate(cert.dump())
                _ = cert.subject, cert.public_key
            roots += found
        except OSError as exc:
            raise SigningError(
                f"{path}: cannot be read: {exc.strerror or exc}", code="SIGN-TRUST"
            ) from exc
        except ValueError as exc:  # the parser's own words say nothing to a clerk
            raise SigningError(
                f"{path}: not a certificate (PEM or DER)",
                code="SIGN-TRUST",
                hint="--trust takes a root certificate (.pem, .crt, .cer), not a key file (.p12)",
            ) from exc
    return roots


def _role_of_field(name: str) -> Role | None:
    for role, base in pades_rules()["fields"].items():
        if name == base or name.startswith(f"{base}-"):
            return role
    return None


def verify_pdf(
    path: Path,
    roots: Sequence[Any],
    register: Register | None = None,
    *,
    data: bytes | None = None,
) -> Verification:
    """Check every signature of the PDF at ``path`` (or of ``data``, the file about to be
    written there) with pyHanko's validator against ``roots`` and, with ``register``, find
    each signed revision among the register's signatures."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise DocgenError(
            f"{path}: cannot be read: {exc.strerror or exc}", code="VERIFY-READ"
        ) from exc
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocgenError(
            f"{path}: not a PDF that can be read: {exc}", code="VERIFY-NOT-PDF"
        ) from exc
    if not embedded:
        raise DocgenError(f"{path}: the file carries no signature", code="VERIFY-UNSIGNED")
    context = ValidationContext(
        trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail"
    )
    checks: list[SignatureCheck] = []
    for sig in embedded:
        problems: list[str] = []
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context)
            intact, valid, trusted = status.intact, status.valid, status.trusted
            level = status.modification_level
            signed_at = (
                status.timestamp_validity.timestamp
                if status.timestamp_validity is not None
                else status.signer_reported_dt
            )
            timestamped = status.timestamp_validity is not None
        except Exception as exc:  # a damaged signature is a finding, not a crash
            message = f"the signature cannot be checked: {type(exc).__name__}: {exc}"
            problems.append(message)
            intact = valid = trusted = False
            level, signed_at, timestamped = None, None, False
        if intact and valid and not trusted:
            problems.append(_untrusted(sig.signer_cert, roots))
        start, length = int(sig.sig_object["/ByteRange"][2]), int(sig.sig_object["/ByteRange"][3])
        revision = hashlib.sha256(data[: start + length]).hexdigest()
        issued = _issued(register, revision) if register is not None else None
        changed = level is not None and level > ModificationLevel.FORM_FILLING
        checks.append(
            SignatureCheck(
                field=str(sig.field_name),
                role=issued.role if issued else _role_of_field(str(sig.field_name)),
                subject=subject_text(sig.signer_cert),
                signed_at=signed_at,
                timestamped=timestamped,
                intact=intact and valid,
                trusted=trusted,
                changed_after=changed,
                revision_sha256=revision,
                issued=issued,
                problems=tuple(problems),
            )
        )
    found: list[str] = []
    if register is not None:
        last = checks[-1]
        if last.issued is None:
            message = (
                "the file is not one this register issued: no signature it recorded has this "
                "content"
            )
            found.append(message)
        elif last.issued.state != "issued":
            message = f"{last.issued.symbol} is voided in the register: the document is void"
            found.append(message)
    return Verification(path, checks, register.target if register else None, found)


def _untrusted(cert: Any, roots: Sequence[Any]) -> str:
    """Why a certificate is not trusted, in the words a clerk can act on."""
    from cryptography import x509

    issuer = x509.load_der_x509_certificate(cert.dump()).issuer.rfc4514_string()
    if not roots:
        return (
            f"no trust root was given: the certificate's issuer ({issuer}) cannot be checked; "
            "pass its root certificate with --trust, or put it in the workspace's .docgen/trust/"
        )
    return (
        f"the certificate does not lead to a trusted root (its issuer: {issuer}), or it is "
        "expired or not valid for signing"
    )


def _issued(register: Register, sha256: str) -> Issued | None:
    records = register.signatures_by_sha256(sha256)
    if not records:
        return None
    record = records[-1]
    entry = register.entry_by_id(record.entry)
    if entry is None:  # pragma: no cover - a signature always has its entry
        return None
    return Issued(entry.symbol, record.role, entry.state)
