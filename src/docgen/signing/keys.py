"""The signer's key: from a PKCS#12 file or a PKCS#11 token, checked against who must sign."""

from __future__ import annotations

import datetime as dt
import re
import threading
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

    @classmethod
    def parse(cls, text: str) -> Token:
        """``LIBRARY:LABEL[:KEY]`` as ``--token`` takes it. The module's name ends the
        library (``.so``, ``.so.1``, ``.dll``, ``.dylib``), so that a Windows path
        (``C:\\…\\vnpt-ca.dll``) or a key label holding ``:`` is read whole."""
        found = re.fullmatch(r"(.+?\.(?:so(?:\.\d+)*|dll|dylib)):([^:]+)(?::(.+))?", text, re.I)
        parts = list(found.groups()) if found else text.split(":", 2)
        if len(parts) < 2 or not all(parts[:2]):
            raise SigningError(
                f"--token {text}: give LIBRARY:LABEL or LIBRARY:LABEL:KEY", code="SIGN-TOKEN"
            )
        return cls(parts[0], parts[1], parts[2] if len(parts) > 2 and parts[2] else None)


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
    """A pyHanko signer on a PKCS#11 token and its open session (close it after signing), its
    key and certificate loaded now, so that any problem with the token is said here, before
    anything is written: the module missing or not PKCS#11 (SIGN-TOKEN-MODULE), no token of
    that label (SIGN-TOKEN), a wrong PIN (SIGN-PIN), no such key or no certificate for it
    (SIGN-TOKEN-KEY). Needs the python-pkcs11 package (docgen's ``token`` extra)."""
    try:
        import pkcs11
        from pyhanko.sign.pkcs11 import PKCS11Signer
    except ImportError as exc:
        raise SigningError(
            "signing with a token needs the python-pkcs11 package, which is not installed",
            code="SIGN-TOKEN",
            hint="pip install python-pkcs11 in docgen's environment, or sign with a .p12 file",
        ) from exc
    if not _IN_USE.acquire(timeout=_WAIT_SECONDS):
        raise SigningError(
            f"the token {token.label} is busy with another signature: try again in a moment",
            code="SIGN-TOKEN",
        )
    session = None
    try:
        session = _login(_token_library(token), token, pin)
        key_id, key_label, cert, certs = _signing_objects(session, token)
        signer = PKCS11Signer(
            session,
            signing_cert=cert,
            ca_chain=[c for c in certs if c.ca],  # the CA's certificates the token carries
            key_id=key_id or None,
            key_label=None if key_id else key_label,
        )
        signer.signing_cert  # noqa: B018 (loads the key's handle: a problem shows now)
    except BaseException as exc:
        if session is not None:
            session.close()
        _IN_USE.release()
        if isinstance(exc, pkcs11.PKCS11Error):
            raise SigningError(
                f"the token {token.label} ({token.library}) cannot be used: {_said(exc)}",
                code="SIGN-TOKEN",
                hint="check the token is plugged in, its label and its PIN",
            ) from exc
        raise
    return signer, _Opened(session)


# A process signs with one token session at a time: PKCS#11 logs the whole process in (a
# second login while one is open fails, and would skip the second PIN's check), as the web app
# may sign for two clerks at once. Each module is loaded once per process and kept: unloading
# one finalizes the module under any other session on it.
_IN_USE = threading.Lock()
_WAIT_SECONDS = 60
_MODULES: dict[str, Any] = {}


class _Opened:
    """The token's session; closing it lets the next signature use the token."""

    def __init__(self, session: Any) -> None:
        self.session: Any = session

    def close(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            try:
                session.close()
            finally:
                _IN_USE.release()


def _said(exc: Exception) -> str:
    """A PKCS#11 error as words: python-pkcs11's errors often carry none, only their class."""
    return str(exc) or type(exc).__name__


def _token_library(token: Token) -> Any:
    """The token's PKCS#11 module, loaded: the .so (.dll) its maker installs."""
    import pkcs11

    path = Path(token.library)
    if not path.is_file():
        raise SigningError(
            f"{token.library}: there is no such file: the token's module (its PKCS#11 library) "
            "is not there",
            code="SIGN-TOKEN-MODULE",
            hint="install the token's software from its certificate authority and give the "
            "PKCS#11 module it installs (a .so file, usually under /usr/lib/)",
        )
    if str(path) in _MODULES:
        return _MODULES[str(path)]
    try:
        _MODULES[str(path)] = pkcs11.lib(str(path))
        return _MODULES[str(path)]
    except pkcs11.PKCS11Error as exc:
        raise SigningError(
            f"{token.library} is not a PKCS#11 module: {_said(exc)}",
            code="SIGN-TOKEN-MODULE",
            hint="give the PKCS#11 module the token's software installs (its .so file), not "
            "another file of it",
        ) from exc


def _login(library: Any, token: Token, pin: str) -> Any:
    """A session on the token labelled ``token.label``, logged in with ``pin``."""
    import pkcs11
    from pkcs11 import exceptions

    present: list[str] = []
    found = None
    for slot in library.get_slots(token_present=True):
        try:
            candidate = slot.get_token()
        except pkcs11.PKCS11Error:
            continue
        if not candidate.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
            continue  # an empty slot (SoftHSM2 keeps one free)
        present.append(candidate.label)
        if candidate.label == token.label and found is None:
            found = candidate
    if found is None and not present:
        raise SigningError(
            f"no token labelled {token.label}: no token is plugged in",
            code="SIGN-TOKEN",
            hint="plug the token in (its software's own tool should list it)",
        )
    if found is None:
        raise SigningError(
            f"no token labelled {token.label} (tokens present: {', '.join(present)})",
            code="SIGN-TOKEN",
            hint="give the label of the token that is plugged in, as its software shows it",
        )
    try:
        return found.open(user_pin=pin)
    except (exceptions.PinIncorrect, exceptions.PinLenRange, exceptions.PinInvalid) as exc:
        raise SigningError(
            f"wrong PIN for the token {token.label}",
            code="SIGN-PIN",
            hint="type the token's user PIN; after a few wrong PINs the token locks itself",
        ) from exc
    except exceptions.PinLocked as exc:
        raise SigningError(
            f"the token {token.label} is locked: too many wrong PINs",
            code="SIGN-PIN",
            hint="unlock it with the token's software and its administrator PIN (SO PIN, PUK)",
        ) from exc
    except pkcs11.PKCS11Error as exc:
        raise SigningError(
            f"the token {token.label} ({token.library}) cannot be used: {_said(exc)}",
            code="SIGN-TOKEN",
            hint="check the token is plugged in, its label and its PIN",
        ) from exc


def _signing_objects(
    session: Any, token: Token
) -> tuple[bytes, str, asn1_x509.Certificate, list[asn1_x509.Certificate]]:
    """The signing key's CKA_ID and label, and its certificate (the one under the same
    CKA_ID, else the same label): the key labelled ``token.key_label`` (or whose certificate
    is), or the token's only key; and all the token's certificates (a CA's token carries its
    chain's certificates too)."""
    from pkcs11 import Attribute, ObjectClass

    def attribute(obj: Any, name: Any) -> Any:
        try:
            return obj[name]
        except Exception:  # an attribute the token does not keep
            return None

    keys = [
        (attribute(k, Attribute.ID) or b"", attribute(k, Attribute.LABEL) or "")
        # the keys that sign (a token may keep a decryption key beside)
        for k in session.get_objects(
            {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True}
        )
    ]
    certs = [
        (
            attribute(c, Attribute.ID) or b"",
            attribute(c, Attribute.LABEL) or "",
            asn1_x509.Certificate.load(c[Attribute.VALUE]),
        )
        for c in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
    ]
    labels = ", ".join(sorted(label or ident.hex() for ident, label in keys))
    if token.key_label is not None:
        ids = {i for i, label, _ in certs if label == token.key_label and i}
        chosen = [(i, label) for i, label in keys if label == token.key_label or i in ids]
        if not chosen:
            raise SigningError(
                f"the token {token.label} has no key labelled {token.key_label} "
                f"(its keys: {labels})",
                code="SIGN-TOKEN-KEY",
                hint="give one of its keys' labels: --token LIBRARY:LABEL:KEY",
            )
    else:
        chosen = keys
        if not chosen:
            raise SigningError(
                f"the token {token.label} holds no signing key",
                code="SIGN-TOKEN-KEY",
                hint="is it the signing token the certificate authority gave?",
            )
    if len(chosen) > 1:
        raise SigningError(
            f"the token {token.label} holds several keys ({labels}): say which one signs",
            code="SIGN-TOKEN-KEY",
            hint="add the key's label: --token LIBRARY:LABEL:KEY",
        )
    ident, label = chosen[0]
    cert = next((c for i, _, c in certs if ident and i == ident), None)
    cert = cert or next((c for _, name, c in certs if label and name == label), None)
    if cert is None:
        raise SigningError(
            f"the token {token.label} has no certificate for the key {label or ident.hex()}",
            code="SIGN-TOKEN-KEY",
            hint="the certificate authority puts the certificate on the token with the key: "
            "ask it to",
        )
    return ident, label, cert, [c for _, _, c in certs]


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
