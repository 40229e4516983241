"""What a signed PDF says: who signed, when, in which role; intact, trusted, issued here."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
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
    level: str = "B-B"  # PAdES baseline: B-B; B-T timestamped; B-LT with validation data
    timestamp_authority: str | None = None  # the timestamp's signer (B-T and above)

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and not self.changed_after


@dataclass(frozen=True)
class ValidationData:
    """What the file's Document Security Store (DSS, PAdES B-LT) holds to check its signatures
    later without the network: certificates, revocation lists, OCSP answers."""

    certificates: int
    crls: int
    ocsp_responses: int


@dataclass(frozen=True)
class Verification:
    """``docgen verify``: every signature of one file, and what the register says of it."""

    path: Path
    signatures: list[SignatureCheck]
    register: str | None  # the register consulted (None: not consulted)
    problems: list[str] = field(default_factory=list)
    validation_data: ValidationData | None = None  # the file's DSS (None: it has none)

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
    dss = _dss(reader)
    signed_ends = [
        int(sig.sig_object["/ByteRange"][2]) + int(sig.sig_object["/ByteRange"][3])
        for sig in embedded
    ]
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
            stamp = status.timestamp_validity
            timestamped = stamp is not None
            authority = subject_text(stamp.signing_cert) if stamp is not None else None
        except Exception as exc:  # a damaged signature is a finding, not a crash
            message = f"the signature cannot be checked: {type(exc).__name__}: {exc}"
            problems.append(message)
            intact = valid = trusted = False
            level, signed_at, timestamped, authority = None, None, False, None
        if intact and valid and not trusted:
            problems.append(_untrusted(sig.signer_cert, roots))
        pades = "B-B"
        if timestamped:
            pades = (
                "B-LT" if dss is not None and _lt_complete(sig, dss, roots, signed_at) else "B-T"
            )
        revision = _sha256(data, signed_ends[len(checks)])
        issued = None
        if register is not None:
            ends = _revisions_after(data, signed_ends, len(checks))
            issued = next(filter(None, (_issued(register, _sha256(data, e)) for e in ends)), None)
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
                level=pades,
                timestamp_authority=authority,
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
    held = None if dss is None else ValidationData(len(dss.certs), len(dss.crls), len(dss.ocsps))
    return Verification(path, checks, register.target if register else None, found, held)


def _sha256(data: bytes, end: int) -> str:
    return hashlib.sha256(data[:end]).hexdigest()


def _revisions_after(data: bytes, signed_ends: Sequence[int], n: int) -> list[int]:
    """Where the file as ``docgen sign`` wrote it with signature ``n`` may end, latest first:
    the signature's own revision, or a revision after it and before the next signature (the
    validation data, DSS, pyHanko adds after a B-LT signature)."""
    until = signed_ends[n + 1] if n + 1 < len(signed_ends) else len(data) + 1
    ends = {m.end() for m in re.finditer(rb"%%EOF(\r\n|\r|\n)?", data)}
    return sorted({signed_ends[n], *(e for e in ends if signed_ends[n] < e < until)}, reverse=True)


def _dss(reader: Any) -> Any:
    """The file's Document Security Store, or None."""
    from pyhanko.sign.validation import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        return DocumentSecurityStore.read_dss(reader)
    except (NoDSSFoundError, ValueError, KeyError):
        return None


def _lt_complete(sig: Any, dss: Any, roots: Sequence[Any], moment: dt.datetime | None) -> bool:
    """Whether the file's DSS alone (no network) holds what checking ``sig``'s chains needs, the
    signer's and the timestamp's, at the timestamp's time: PAdES B-LT. The DSS's own roots are
    taken as roots here: whether they are trusted is the other check's question."""
    import asyncio

    from pyhanko.sign.validation import collect_validation_info

    own_roots = [c for c in dss.load_certs() if c.self_signed != "no"]
    context = dss.as_validation_context(
        {
            "trust_roots": [*roots, *own_roots],
            "allow_fetching": False,
            "revocation_mode": "hard-fail",
            "moment": moment,
            "retroactive_revinfo": True,  # fetched just after the signature, as B-LT is made
        }
    )
    try:
        asyncio.run(collect_validation_info(sig, context))
    except Exception:  # a chain that cannot be built or checked from the DSS alone
        return False
    return True


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
