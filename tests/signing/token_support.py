"""A software PKCS#11 token (SoftHSM2) made in a test's tmp_path, holding the throwaway CA's
keys and certificates as a USB token of a Vietnamese CA holds them: each key with its
certificate under one CKA_ID and one CKA_LABEL, and the CA's certificates beside them.

SoftHSM2 reads its configuration (SOFTHSM2_CONF, the token folder) once per process, when the
module is first loaded: a pytest process that loaded it could not see the next test's token.
So the token is filled, and ``docgen sign --token`` runs, in processes of their own; the test
process never loads the module. The filling: ``python -m tests.signing.token_support``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.tools import missing

# where Debian and Ubuntu (softhsm2), and Fedora, install SoftHSM2's module
MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
)
PIN = "123456"
SO_PIN = "87654321"
REPO = Path(__file__).resolve().parents[2]


def softhsm_module() -> str:
    """SoftHSM2's PKCS#11 module and its softhsm2-util, or skip (fail where tests must run)."""
    import shutil

    found = next((m for m in MODULES if Path(m).is_file()), None)
    if found is None or shutil.which("softhsm2-util") is None:
        missing("SoftHSM2 (libsofthsm2.so and softhsm2-util) — apt-get install softhsm2")
    try:
        import pkcs11  # noqa: F401
    except ImportError:
        missing("python-pkcs11 — pip install -e '.[token]'")
    return found


@dataclass(frozen=True)
class SoftToken:
    """A SoftHSM2 token: its module, its label, its PIN."""

    module: str
    label: str
    pin: str = PIN

    def spec(self, key: str | None = None) -> str:
        """``LIBRARY:LABEL[:KEY]`` as ``docgen sign --token`` takes it."""
        return f"{self.module}:{self.label}" + (f":{key}" if key else "")


def make_token(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    label: str,
    keys: dict[str, Path],
    password: str,
) -> SoftToken:
    """A token labelled ``label`` in ``folder`` (its own SOFTHSM2_CONF, set for the test and
    the processes it starts), holding each PKCS#12 file of ``keys`` (key label → file, opened
    with ``password``): the key and its certificate under that label, the chain's
    certificates as ``ca-1``, ``ca-2``…"""
    module = softhsm_module()
    tokens = folder / "softhsm-tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    init = ["softhsm2-util", "--init-token", "--free", "--label", label]
    subprocess.run(
        [*init, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
    )
    order = json.dumps(
        {
            "module": module,
            "label": label,
            "pin": PIN,
            "keys": {name: str(path) for name, path in keys.items()},
            "password": password,
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.signing.token_support"],
        input=order,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return SoftToken(module, label)


def _fill(order: dict[str, object]) -> None:
    """Put the PKCS#12 files' keys and certificates on the token (in this process)."""
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pkcs11 import Attribute
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    token = pkcs11.lib(str(order["module"])).get_token(token_label=str(order["label"]))
    keys = order["keys"]
    assert isinstance(keys, dict)
    chain: dict[bytes, None] = {}  # the CA certificates (DER), once each, in order
    with token.open(rw=True, user_pin=str(order["pin"])) as session:
        for n, (name, path) in enumerate(keys.items(), 1):
            key, cert, cas = pkcs12.load_key_and_certificates(
                Path(path).read_bytes(), str(order["password"]).encode()
            )
            assert key is not None and cert is not None
            der_key = key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
            ident = f"key-{n}".encode()
            common = {Attribute.TOKEN: True, Attribute.LABEL: name, Attribute.ID: ident}
            session.create_object(
                {
                    **decode_rsa_private_key(der_key),
                    **common,
                    Attribute.PRIVATE: True,
                    Attribute.SENSITIVE: True,
                }
            )
            session.create_object(
                {**decode_x509_certificate(cert.public_bytes(serialization.Encoding.DER)), **common}
            )
            chain.update(dict.fromkeys(ca.public_bytes(serialization.Encoding.DER) for ca in cas))
        for n, der in enumerate(chain, 1):
            session.create_object(
                {
                    **decode_x509_certificate(der),
                    Attribute.TOKEN: True,
                    Attribute.LABEL: f"ca-{n}",
                    Attribute.ID: f"ca-{n}".encode(),
                }
            )


if __name__ == "__main__":
    _fill(json.loads(sys.stdin.read()))
