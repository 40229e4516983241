"""The signer's key: from a PKCS#12 file or a PKCS#11 token, checked against who must sign."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from asn1crypto import x509 as asn1_x509

from docgen.errors import SigningError

Role = Literal["signer", "office"]


@dataclass(frozen=True)
class Token:
    """A PKCS#11 token (the USB tokens offices use): the module, the token's label, the key's
    label (None: the token's only key)."""

    library: str  # e.g. /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so, or the vendor's .so
    label: str
    key_label: str | None = None


def comparable(text: str) -> str:
    """A name as compared: Unicode NFC (a name typed on another keyboard may come decomposed),
    case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def load_pkcs12(path: Path, password: bytes) -> Any:
    """A pyHanko signer from a PKCS#12 file (.p12 / .pfx); a wrong password or a file that is
    not PKCS#12 is a SIGN-KEY error."""
    from pyhanko.sign import signers

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(
            f"{path}: the key file cannot be read: {exc.strerror or exc}", code="SIGN-KEY"
        ) from exc
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=password or None)
    except ValueError as exc:
        raise SigningError(
            f"{path}: the key file cannot be opened: wrong password, or not a PKCS#12 file",
            code="SIGN-KEY",
            hint="type the password the certificate authority gave with the key",
        ) from exc


def open_token(token: Token, pin: str) -> tuple[Any, Any]:
    """A pyHanko signer on a PKCS#11 token and its open session (close it after signing).
    Needs the python-pkcs11 package, which docgen does not install: an office using tokens
    installs it beside docgen (README, "Signing")."""
    try:
        from pyhanko.sign import pkcs11
    except ImportError as exc:
        raise SigningError(
            "signing with a token needs the python-pkcs11 package, which is not installed",
            code="SIGN-TOKEN",
            hint="pip install python-pkcs11 in docgen's environment, or sign with a .p12 file",
        ) from exc
    from pyhanko.config.pkcs11 import TokenCriteria

    try:
        session = pkcs11.open_pkcs11_session(
            token.library, token_criteria=TokenCriteria(label=token.label), user_pin=pin
        )
        signer = pkcs11.PKCS11Signer(session, key_label=token.key_label, cert_label=token.key_label)
    except Exception as exc:  # the token's library raises its own errors
        raise SigningError(
            f"the token {token.label} ({token.library}) cannot be used: {exc}",
            code="SIGN-TOKEN",
            hint="check the token is plugged in, its label and its PIN",
        ) from exc
    return signer, session


def subject_text(cert: asn1_x509.Certificate) -> str:
    """The certificate's subject as people read it: ``CN=…,O=…,C=VN`` (RFC 4514)."""
    from cryptography import x509

    return x509.load_der_x509_certificate(cert.dump()).subject.rfc4514_string()


def _names(cert: asn1_x509.Certificate, *fields: str) -> list[str]:
    native = cert.subject.native
    found: list[str] = []
    for name in fields:
        value = native.get(name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, Iterable):
            found += [str(v) for v in value]
    return found


def check_certificate(
    cert: asn1_x509.Certificate,
    role: Role,
    *,
    signer_name: str,
    office_names: Iterable[str],
    now: dt.datetime | None = None,
) -> None:
    """Refuse a certificate out of its validity period (SIGN-CERT-EXPIRED), a signer's whose
    common name is not the signer the register names (SIGN-WRONG-SIGNER), and an office's
    that names another organisation (SIGN-WRONG-OFFICE)."""
    now = now or dt.datetime.now(dt.UTC)
    valid = cert["tbs_certificate"]["validity"]
    start, end = valid["not_before"].native, valid["not_after"].native
    subject = subject_text(cert)
    if not start <= now <= end:
        if now > end:
            message = (
                f"the certificate of {subject} expired on {end:%d/%m/%Y %H:%M} UTC: it can no "
                "longer sign"
            )
        else:
            message = (
                f"the certificate of {subject} is valid only from {start:%d/%m/%Y %H:%M} UTC: "
                "it cannot sign yet"
            )
        raise SigningError(
            message,
            code="SIGN-CERT-EXPIRED",
            hint="sign with a valid certificate (the certificate authority renews it)",
        )
    if role == "signer":
        common = _names(cert, "common_name")
        if comparable(signer_name) not in {comparable(n) for n in common}:
            raise SigningError(
                f"the certificate is {subject}, but the document is signed by {signer_name}: "
                "only the signer's own certificate may sign it",
                code="SIGN-WRONG-SIGNER",
                hint="use the key of the signer the document names, or sign as the office "
                "(--as office) with the office's key",
            )
        return
    wanted = [n for n in office_names if n]
    # the office's own certificate: its common name is the office (a person's certificate
    # names the office too, in O, and is not the office's signature)
    names = {comparable(n) for n in _names(cert, "common_name")}
    if not names & {comparable(n) for n in wanted}:
        raise SigningError(
            f"the certificate is {subject}, but the office signature is {wanted[0]}'s: "
            "only the issuing office's certificate may sign for it",
            code="SIGN-WRONG-OFFICE",
            hint="use the office's own key (its certificate names the office)",
        )
