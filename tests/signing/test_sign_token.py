"""docgen sign --token (issue 27): the signer's and the office's keys on a PKCS#11 token (SoftHSM2
standing for the USB tokens of Viettel-CA, VNPT-CA, BKAV-CA…), the PIN read from standard
input; the signed file verifies for docgen and for poppler's pdfsig. A wrong PIN, a module that
is not there or not PKCS#11, a token or key that is not there, another person's certificate:
each an error in the clerk's words (exit status 7), nothing written, nothing recorded.
Before: the token path had never run; a token holding its CA's certificates beside the key
(as the CAs' tokens do) failed in pyHanko with "more than one certificate", and any token
problem came out of `docgen sign` as a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.register import open_register
from tests.signing.conftest import (
    PASSWORD,
    SIGNED,
    SIGNER,
    SPEC,
    SYMBOL,
    Keys,
    docgen,
    pdfsig_verdicts,
)
from tests.signing.token_support import PIN, REPO, SoftToken, make_token

LABEL = "HVCTQG-KY-SO"  # the token's label, as the CA wrote it


@pytest.fixture
def token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: Keys) -> SoftToken:
    """A token holding the signer's and the office's keys (labels "signer", "office"), another
    person's ("other-person"), and their CA's certificates."""
    names = ("signer", "office", "other-person")
    return make_token(
        tmp_path, monkeypatch, LABEL, {n: keys.p12(n) for n in names}, password=PASSWORD
    )


def sign_token(
    ws: Path, spec: str, role: str = "signer", pin: str = PIN, *more: str
) -> tuple[int, str, str]:
    """``docgen -C ws sign SPEC --as ROLE --token SPEC --password-stdin`` in a process of its
    own (SoftHSM2 reads its configuration once per process: see token_support), the PIN on
    its standard input."""
    command = [sys.executable, "-m", "docgen", "-C", str(ws), "sign", SPEC, "--as", role]
    done = subprocess.run(
        [*command, "--token", spec, "--password-stdin", *more],
        input=pin + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _nothing_signed(ws: Path) -> None:
    assert not (ws / SIGNED).exists()
    register = open_register(ws / "register.sqlite", workspace="hvctqg-vi-du-2024")
    entry = register.entry_by_symbol(SYMBOL)
    assert entry is not None
    assert register.signatures(entry.id) == []


def test_signed_with_a_token_then_verified(ws: Path, keys: Keys, token: SoftToken) -> None:
    code, out, err = sign_token(ws, token.spec("signer"))
    assert code == 0, err
    assert out.startswith(f"signed {SYMBOL} as signer (CN={SIGNER},"), out
    assert "PAdES B-B) at " in out and out.rstrip().endswith(SIGNED)
    code, out, err = sign_token(ws, token.spec("office"), "office")
    assert code == 0, err
    assert out.startswith(f"signed {SYMBOL} as office (CN=Học viện Chính trị quốc gia"), out
    code, out, err = docgen(ws, "verify", str(ws / SIGNED), "--trust", str(keys.root))
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith(f"signature 1 (signer): CN={SIGNER},")
    assert lines[2:5] == [
        "  intact (byte range and digest): yes",
        "  certificate trusted: yes",  # the chain came from the token
        f"  recorded in the register: {SYMBOL}",
    ]
    assert lines[-1] == "verified: all good"
    assert pdfsig_verdicts(ws / SIGNED) == ["Signature is Valid.", "Signature is Valid."]


def test_the_only_key_of_a_token_needs_no_label(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: Keys
) -> None:
    alone = make_token(
        tmp_path, monkeypatch, "CHI-MOT-KHOA", {"Hoang Phuc Lam": keys.p12("signer")}, PASSWORD
    )
    code, out, err = sign_token(ws, alone.spec())
    assert code == 0, err
    assert out.startswith(f"signed {SYMBOL} as signer (CN={SIGNER},"), out


def test_several_keys_and_no_label_is_said(ws: Path, token: SoftToken) -> None:
    code, _, err = sign_token(ws, token.spec())
    assert code == 7
    assert "error[SIGN-TOKEN-KEY]" in err
    assert f"the token {LABEL} holds several keys (office, other-person, signer)" in err
    _nothing_signed(ws)


def test_a_wrong_pin_is_said(ws: Path, token: SoftToken) -> None:
    code, out, err = sign_token(ws, token.spec("signer"), pin="000000")
    assert code == 7, err
    assert out == ""
    assert f"error[SIGN-PIN]: wrong PIN for the token {LABEL}" in err
    assert "Traceback" not in err
    _nothing_signed(ws)


def test_a_module_that_is_not_there(ws: Path, token: SoftToken, tmp_path: Path) -> None:
    gone = tmp_path / "vnpt-ca.so"
    code, _, err = sign_token(ws, f"{gone}:{LABEL}:signer")
    assert code == 7, err
    assert f"error[SIGN-TOKEN-MODULE]: {gone}: there is no such file" in err
    _nothing_signed(ws)


def test_a_file_that_is_not_a_pkcs11_module(ws: Path, token: SoftToken, tmp_path: Path) -> None:
    fake = tmp_path / "not-a-module.so"
    fake.write_bytes(b"\x7fELF not really")
    code, _, err = sign_token(ws, f"{fake}:{LABEL}:signer")
    assert code == 7, err
    assert f"error[SIGN-TOKEN-MODULE]: {fake} is not a PKCS#11 module" in err
    _nothing_signed(ws)


def test_no_token_with_this_label(ws: Path, token: SoftToken) -> None:
    code, _, err = sign_token(ws, f"{token.module}:VIETTEL-CA:signer")
    assert code == 7, err
    assert f"error[SIGN-TOKEN]: no token labelled VIETTEL-CA (tokens present: {LABEL})" in err
    _nothing_signed(ws)


def test_no_key_with_this_label(ws: Path, token: SoftToken) -> None:
    code, _, err = sign_token(ws, token.spec("nobody"))
    assert code == 7, err
    assert (
        f"error[SIGN-TOKEN-KEY]: the token {LABEL} has no key labelled nobody "
        "(its keys: office, other-person, signer)"
    ) in err
    _nothing_signed(ws)


def test_a_certificate_of_another_person_on_the_token(ws: Path, token: SoftToken) -> None:
    code, _, err = sign_token(ws, token.spec("other-person"))
    assert code == 7, err
    assert "error[SIGN-WRONG-SIGNER]: the certificate is CN=Nguyễn Xuân Thắng," in err
    assert f"but the document is signed by {SIGNER}" in err
    _nothing_signed(ws)


def test_the_office_key_cannot_sign_as_the_signer(ws: Path, token: SoftToken) -> None:
    code, _, err = sign_token(ws, token.spec("office"))
    assert code == 7, err
    assert "error[SIGN-WRONG-SIGNER]" in err
    _nothing_signed(ws)


def test_a_wrong_pin_in_vietnamese(
    ws: Path, token: SoftToken, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    code, _, err = sign_token(ws, token.spec("signer"), pin="000000")
    assert code == 7, err
    assert f"sai mã PIN của token {LABEL}" in err
    _nothing_signed(ws)
