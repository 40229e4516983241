"""The keys kept on the machine that signs (rules/pades.yaml ``keys_folder``), found by name:
what the web app signs with, the password typed each time and never kept."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from docgen.errors import SigningError
from docgen.register import Register
from docgen.signing.binding import Signed, sign_document
from docgen.signing.keys import Role, Token, load_pkcs12, open_token
from docgen.signing.pades import pades_rules


@dataclass(frozen=True)
class ServerKey:
    """The key one role of one document is signed with on this machine: a PKCS#12 file, a
    token, both, or neither (``name`` says which file the office would put in place)."""

    name: str  # "hoang-phuc-lam", "office-hvctqg"
    p12: Path | None
    token: Token | None

    @property
    def present(self) -> bool:
        return self.p12 is not None or self.token is not None


def keys_folder(root: Path) -> Path:
    return root / str(pades_rules()["keys_folder"])


def key_name(role: Role, *, signer: str | None, issuer: str) -> str | None:
    """The name of the key of ``role``: the signer's id for the signer, ``office-<issuer>``
    for the office (rules/pades.yaml ``signer_key``, ``office_key``)."""
    rules = pades_rules()
    if role == "office":
        return str(rules["office_key"]).format(issuer=issuer)
    return str(rules["signer_key"]).format(signer=signer) if signer else None


def _tokens(folder: Path) -> dict[str, Any]:
    path = folder / str(pades_rules()["tokens_file"])
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SigningError(
            f"{path.name}: the list of tokens cannot be read: {exc}", code="SIGN-TOKEN"
        ) from exc
    if not isinstance(data, dict):
        raise SigningError(
            f"{path.name}: the list of tokens must map key names to a token", code="SIGN-TOKEN"
        )
    return data


def server_key(root: Path, name: str | None) -> ServerKey:
    """The key named ``name`` in the workspace's keys folder: ``<name>.p12`` (or .pfx) and the
    token the tokens file gives that name (``library``, ``label``, ``key``)."""
    if name is None:
        return ServerKey("", None, None)
    folder = keys_folder(root)
    p12 = next((p for p in (folder / f"{name}.p12", folder / f"{name}.pfx") if p.is_file()), None)
    entry = _tokens(folder).get(name)
    token = None
    if isinstance(entry, dict) and entry.get("library") and entry.get("label"):
        key = entry.get("key")
        token = Token(str(entry["library"]), str(entry["label"]), str(key) if key else None)
    return ServerKey(name, p12, token)


def sign_on_server(
    root: Path,
    register: Register,
    document: str,
    role: Role,
    key: ServerKey,
    secret: str,
    *,
    with_token: bool = False,
) -> Signed:
    """Sign ``document`` as ``role`` with the key kept on this machine: its PKCS#12 file opened
    with ``secret`` (its password), or its token with ``secret`` as the PIN. The secret is
    used for this call only."""
    session = None
    try:
        if with_token:
            if key.token is None:
                raise SigningError(
                    f"no token is configured for {key.name} on this machine", code="SIGN-TOKEN"
                )
            signer, session = open_token(key.token, secret)
        else:
            if key.p12 is None:
                raise SigningError(
                    f"the key {key.name}.p12 is not on this machine", code="SIGN-KEY"
                )
            signer = load_pkcs12(key.p12, secret.encode())
        return sign_document(root, register, document, role, signer)
    finally:
        if session is not None:
            session.close()


def signed_revision(data: bytes, sha256: str) -> bytes | None:
    """The part of a signed PDF that is the file as it was after one signature: a later
    signature is an incremental update, so that file is a prefix of this one, ending after an
    ``%%EOF``. None when no prefix has the hash ``sha256``."""
    ends = [len(data)]
    at = data.find(b"%%EOF")
    while at != -1:
        end = at + 5
        ends += [end, end + 1, end + 2]
        at = data.find(b"%%EOF", end)
    for end in sorted(set(ends)):
        if end <= len(data) and hashlib.sha256(data[:end]).hexdigest() == sha256:
            return data[:end]
    return None
