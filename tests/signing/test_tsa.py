"""docgen sign --tsa (PAdES B-T) and --tsa --trust (B-LT) against a local RFC 3161 timestamp
server (tests/support/tsa_server.py), whose throwaway CA publishes its CRLs: the signer then the
office sign, docgen verify says the timestamp's time, its authority and the level (and the
validation data the file holds), pyHanko and poppler's pdfsig accept the file; a timestamp
server that cannot be reached, answers an HTTP error, garbage, a page, a refusal or nothing in
time stops the signature (exit 7, nothing written, nothing recorded).
Before: --tsa and --trust had never been run; a failing server read "the PDF could not be
signed: TimestampRequestError: Error while contacting timestamp service"; verify did not say
the level."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from docgen.api import build
from docgen.register import open_register
from docgen.signing.pades import pades_rules
from docgen.signing.throwaway import (
    intermediate_authority,
    root_authority,
    signing_certificate,
)
from tests.register.conftest import fresh_pg_url, pg_url  # noqa: F401 (fixtures)
from tests.signing.conftest import (
    OFFICE,
    PASSWORD,
    SIGNED,
    SIGNER,
    SPEC,
    SYMBOL,
    docgen,
    pdfsig_verdicts,
)
from tests.support.tools import require
from tests.support.tsa_server import TimestampServer

VIETNAM = dt.timezone(dt.timedelta(hours=7))
TSA_NAME = "CN=docgen test TSA,O=docgen throwaway CA,C=VN"


@dataclass(frozen=True)
class CA:
    """A throwaway CA whose certificates name the local server's CRLs, and that server."""

    server: TimestampServer
    folder: Path
    root: Path
    stranger_root: Path

    def p12(self, name: str) -> Path:
        return self.folder / f"{name}.p12"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CA]:
    folder = tmp_path_factory.mktemp("tsa-ca")
    with TimestampServer(slow_seconds=3) as server:
        root = root_authority("Test Root CA")
        middle = intermediate_authority(root, "Test Issuing CA", crl_url=server.crl_url("root"))
        crl = server.crl_url("middle")
        tsa = signing_certificate(
            middle, "docgen test TSA", "docgen throwaway CA", crl_url=crl, timestamping=True
        )
        made = {
            "signer": signing_certificate(middle, SIGNER, OFFICE, crl_url=crl),
            "office": signing_certificate(middle, OFFICE, OFFICE, crl_url=crl),
            # its CA's revocation list is nowhere to be had: no B-LT with it
            "signer-lost-crl": signing_certificate(
                middle, SIGNER, OFFICE, crl_url=server.crl_url("lost")
            ),
            "signer-revoked": signing_certificate(middle, SIGNER, OFFICE, crl_url=crl),
        }
        server.revoked.add(made["signer-revoked"].cert.serial_number)
        for name, issued in made.items():
            (folder / f"{name}.p12").write_bytes(issued.pkcs12(PASSWORD.encode(), name))
        (folder / "root.pem").write_bytes(root.pem())
        (folder / "stranger.pem").write_bytes(root_authority("Someone Else's Root").pem())
        server.serve(tsa, {"root": root, "middle": middle})
        yield CA(server, folder, folder / "root.pem", folder / "stranger.pem")


def sign(ws: Path, ca: CA, role: str, *more: str, key: str | None = None) -> tuple[int, str, str]:
    p12 = ca.p12(key or role)
    return docgen(ws, "sign", SPEC, "--as", role, "--p12", str(p12), "--password-stdin", *more)


def verify(ws: Path, *more: str) -> tuple[int, str, str]:
    return docgen(ws, "verify", str(ws / SIGNED), *more, password=None)


def _pyhanko(path: Path, root: Path) -> list[Any]:
    """pyHanko's own validation of each signature (signer's and timestamp's chains trusted)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(root))])
    with path.open("rb") as handle:
        reader = PdfFileReader(handle)
        return [
            validate_pdf_signature(s, signer_validation_context=context)
            for s in reader.embedded_signatures
        ]


def _shown(moment: dt.datetime) -> str:
    """A time as docgen shows it: office-local (UTC+7), HH:MM:SS DD/MM/YYYY."""
    return moment.astimezone(VIETNAM).strftime("%H:%M:%S %d/%m/%Y")


def _nothing_written(ws: Path) -> None:
    assert not (ws / SIGNED).exists()
    register = open_register(ws / "register.sqlite", workspace="hvctqg-vi-du-2024")
    entry = register.entry_by_symbol(SYMBOL)
    assert entry is not None
    assert register.signatures(entry.id) == []
    assert register.log(action="sign") == []


def test_b_t_signed_by_the_signer_then_the_office(ws: Path, ca: CA) -> None:
    asked = len(ca.server.requests)
    code, out, err = sign(ws, ca, "signer", "--tsa", ca.server.url)
    assert code == 0, err
    assert "PAdES B-T) at " in out, out
    code, out, err = sign(ws, ca, "office", "--tsa", ca.server.url)
    assert code == 0, err
    assert "PAdES B-T) at " in out, out
    # pyHanko asks twice a signature: for its size, then for its token; no CRL without --trust
    assert ca.server.requests[asked:] == ["POST /"] * 4

    statuses = _pyhanko(ws / SIGNED, ca.root)
    assert all(s.bottom_line and s.timestamp_validity for s in statuses)
    times = [s.timestamp_validity.timestamp for s in statuses]
    code, out, err = verify(ws, "--trust", str(ca.root))
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0] == f"signature 1 (signer): CN={SIGNER},O={OFFICE},C=VN"
    assert lines[1:5] == [
        f"  signed at {_shown(times[0])} (timestamp)",
        f"  PAdES B-T: timestamp by {TSA_NAME}",
        "  intact (byte range and digest): yes",
        "  certificate trusted: yes",
    ]
    assert lines[7:9] == [
        f"  signed at {_shown(times[1])} (timestamp)",
        f"  PAdES B-T: timestamp by {TSA_NAME}",
    ]
    assert "validation data in the file" not in out  # B-T: no DSS
    assert lines[-2:] == [f"register: the document issued as {SYMBOL}", "verified: all good"]
    assert pdfsig_verdicts(ws / SIGNED) == ["Signature is Valid.", "Signature is Valid."]
    # the register keeps the timestamp's time, the one verify shows, not the signer's clock
    register = open_register(ws / "register.sqlite", workspace="hvctqg-vi-du-2024")
    entry = register.entry_by_symbol(SYMBOL)
    assert entry is not None
    assert [r.signed_at for r in register.signatures(entry.id)] == [
        t.replace(microsecond=0) for t in times
    ]  # kept to the second


def test_b_t_verified_in_vietnamese(ws: Path, ca: CA, monkeypatch: pytest.MonkeyPatch) -> None:
    assert sign(ws, ca, "signer", "--tsa", ca.server.url)[0] == 0
    (status,) = _pyhanko(ws / SIGNED, ca.root)
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    code, out, _ = verify(ws, "--trust", str(ca.root))
    assert code == 0
    when = _shown(status.timestamp_validity.timestamp)
    assert f"  ký lúc {when} (theo dấu thời gian)" in out.splitlines()
    assert f"  PAdES B-T: dấu thời gian do {TSA_NAME} cấp" in out.splitlines()


def test_b_lt_carries_the_validation_data(ws: Path, ca: CA) -> None:
    asked = len(ca.server.requests)
    trust = ("--tsa", ca.server.url, "--trust", str(ca.root))
    code, out, err = sign(ws, ca, "signer", *trust)
    assert code == 0, err
    assert "PAdES B-LT) at " in out, out
    # the CRLs the certificates point to were fetched, then the timestamp asked for
    assert sorted(set(ca.server.requests[asked:])) == [
        "GET /crl/middle.crl",
        "GET /crl/root.crl",
        "POST /",
    ]
    code, out, err = verify(ws, "--trust", str(ca.root))
    assert code == 0, out + err
    assert f"  PAdES B-LT: timestamp by {TSA_NAME}" in out.splitlines()
    # the signer's, the TSA's, the intermediate and the root; both CAs' CRLs
    assert (
        "validation data in the file (DSS): 4 certificates, 2 revocation lists (CRL), "
        "0 OCSP answers" in out.splitlines()
    )

    code, out, err = sign(ws, ca, "office", *trust)
    assert code == 0, err
    assert "PAdES B-LT) at " in out, out
    code, out, err = verify(ws, "--trust", str(ca.root))
    assert code == 0, out + err
    assert out.count(f"  PAdES B-LT: timestamp by {TSA_NAME}") == 2
    assert re.search(
        r"^validation data in the file \(DSS\): 5 certificates, \d+ revocation", out, re.M
    )
    assert out.splitlines()[-1] == "verified: all good"
    statuses = _pyhanko(ws / SIGNED, ca.root)
    assert all(s.bottom_line and s.timestamp_validity for s in statuses)
    assert pdfsig_verdicts(ws / SIGNED) == ["Signature is Valid.", "Signature is Valid."]
    # a file received elsewhere, its root not trusted there: still B-LT, but not trusted
    code, out, _ = verify(ws, "--no-register")
    assert code == 1
    assert out.count("  PAdES B-LT: timestamp by") == 2
    assert out.count("  certificate trusted: NO") == 2


def test_a_b_t_file_signed_by_the_office_over_a_b_b_one(ws: Path, ca: CA) -> None:
    assert sign(ws, ca, "signer")[0] == 0
    code, out, err = sign(ws, ca, "office", "--tsa", ca.server.url)
    assert code == 0, err
    code, out, err = verify(ws, "--trust", str(ca.root))
    assert code == 0, out + err
    assert "(the signer's clock)" in out.splitlines()[1]
    assert out.count("PAdES B-T: timestamp by") == 1  # the office's


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("error", "answered with an error: HTTP 500 Internal Server Error"),
        ("garbage", "did not answer with a timestamp (unreadable answer)"),
        ("html", "did not answer with a timestamp (it sent text/html)"),
        ("refuse", "refused to give a timestamp: rejection: policy"),
    ],
)
def test_a_timestamp_server_that_fails_stops_the_signature(
    ws: Path, ca: CA, path: str, said: str
) -> None:
    url = ca.server.url + path
    code, out, err = sign(ws, ca, "signer", "--tsa", url)
    assert code == 7, out + err
    assert f"error[SIGN-TSA]: the timestamp server {url} {said}" in err
    assert "hint: check the timestamp server's address" in err
    _nothing_written(ws)


def test_an_unreachable_timestamp_server_stops_the_signature(ws: Path, ca: CA) -> None:
    url = _closed_port()
    code, _, err = sign(ws, ca, "signer", "--tsa", url)
    assert code == 7
    assert (
        f"error[SIGN-TSA]: the timestamp server {url} cannot be reached: the connection was "
        "refused" in err
    )
    _nothing_written(ws)


def test_an_unreachable_timestamp_server_in_vietnamese(
    ws: Path, ca: CA, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    url = _closed_port()
    code, _, err = sign(ws, ca, "signer", "--tsa", url)
    assert code == 7
    assert (
        f"lỗi[SIGN-TSA]: không kết nối được máy chủ cấp dấu thời gian {url}: kết nối bị từ chối"
        in err
    )
    assert "gợi ý: hãy kiểm tra địa chỉ máy chủ cấp dấu thời gian" in err
    _nothing_written(ws)


def test_a_silent_timestamp_server_times_out(
    ws: Path, ca: CA, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rules/pades.yaml network.timeout_seconds, shortened (the server answers after 3 s)
    monkeypatch.setitem(pades_rules()["network"], "timeout_seconds", 1)
    url = ca.server.url + "slow"
    code, _, err = sign(ws, ca, "signer", "--tsa", url)
    assert code == 7
    assert f"error[SIGN-TSA]: the timestamp server {url} did not answer within 1 seconds" in err
    _nothing_written(ws)


def test_a_tsa_that_is_no_web_address(ws: Path, ca: CA) -> None:
    code, _, err = sign(ws, ca, "signer", "--tsa", "tsa.example.vn")
    assert code == 7
    assert "error[SIGN-TSA]: --tsa tsa.example.vn: not the address of a timestamp server" in err
    _nothing_written(ws)


def test_b_lt_without_the_revocation_list_stops_the_signature(ws: Path, ca: CA) -> None:
    trust = ("--tsa", ca.server.url, "--trust", str(ca.root))
    code, _, err = sign(ws, ca, "signer", *trust, key="signer-lost-crl")
    assert code == 7
    assert (
        "error[SIGN-LT]: the validation data for PAdES B-LT cannot be gathered: the revocation "
        f"list (CRL) or OCSP answer for the chain of CN={SIGNER}," in err
    )
    _nothing_written(ws)


def test_b_lt_with_a_revoked_certificate_stops_the_signature(ws: Path, ca: CA) -> None:
    trust = ("--tsa", ca.server.url, "--trust", str(ca.root))
    code, _, err = sign(ws, ca, "signer", *trust, key="signer-revoked")
    assert code == 7
    assert (
        f"error[SIGN-LT]: CN={SIGNER},O={OFFICE},C=VN: the certificate authority has revoked "
        "this certificate" in err
    )
    _nothing_written(ws)


def test_b_lt_with_another_root_stops_the_signature(ws: Path, ca: CA) -> None:
    code, _, err = sign(ws, ca, "signer", "--tsa", ca.server.url, "--trust", str(ca.stranger_root))
    assert code == 7
    assert (
        "error[SIGN-LT]: the certificates do not chain up to the trust root given with --trust"
        in err
    )
    _nothing_written(ws)


def test_trust_without_a_timestamp_server_is_refused(ws: Path, ca: CA) -> None:
    code, _, err = sign(ws, ca, "signer", "--trust", str(ca.root))
    assert code == 7
    assert "error[SIGN-TRUST]: --trust embeds validation data (PAdES B-LT)" in err
    _nothing_written(ws)


@pytest.mark.postgres
def test_b_lt_with_a_postgresql_register(
    fresh_pg_url: str,  # noqa: F811
    ca: CA,
    tmp_path: Path,
    issued_workspace: Path,
) -> None:
    """On PostgreSQL: a failing timestamp server records nothing; the B-LT file (the
    signature's revision followed by its validation data) is found in the register."""
    require("soffice")
    ws = tmp_path / "ws"
    shutil.copytree(issued_workspace / "data", ws / "data")
    shutil.copytree(issued_workspace / "templates", ws / "templates")
    shutil.copytree(issued_workspace / ".docgen", ws / ".docgen")
    open_register(fresh_pg_url, create=True)
    assert not build(ws, ws / "output", register=fresh_pg_url).failed
    at = ("--register", fresh_pg_url)
    key = ("--p12", str(ca.p12("signer")), "--password-stdin")
    code, _, err = docgen(ws, *at, "sign", SPEC, "--as", "signer", *key, "--tsa", _closed_port())
    assert code == 7 and "error[SIGN-TSA]" in err
    register = open_register(fresh_pg_url, workspace="hvctqg-vi-du-2024")
    entry = register.entry_by_symbol(SYMBOL)
    assert entry is not None
    assert register.signatures(entry.id) == []
    assert not (ws / SIGNED).exists()
    trust = ("--tsa", ca.server.url, "--trust", str(ca.root))
    for role in ("signer", "office"):
        key = ("--p12", str(ca.p12(role)), "--password-stdin")
        code, out, err = docgen(ws, *at, "sign", SPEC, "--as", role, *key, *trust)
        assert code == 0, err
        assert "PAdES B-LT) at " in out
    assert [r.role for r in register.signatures(entry.id)] == ["signer", "office"]
    code, out, _ = docgen(
        ws, *at, "verify", str(ws / SIGNED), "--trust", str(ca.root), password=None
    )
    assert code == 0, out
    assert out.count(f"  recorded in the register: {SYMBOL}") == 2
    assert out.count("  PAdES B-LT: timestamp by") == 2
    assert out.splitlines()[-2:] == [
        f"register: the document issued as {SYMBOL}",
        "verified: all good",
    ]


def test_the_web_verify_page_shows_the_level_and_the_timestamps_authority(ws: Path, ca: CA) -> None:
    from starlette.testclient import TestClient

    from docgen.web.app import create_app
    from tests.web.conftest import add_users, login
    from tests.web.test_signing_web import text
    from tests.web.test_signing_web import verify as verify_upload

    assert sign(ws, ca, "signer", "--tsa", ca.server.url)[0] == 0
    (ws / ".docgen" / "trust").mkdir(parents=True, exist_ok=True)
    shutil.copy(ca.root, ws / ".docgen" / "trust" / "root.pem")
    add_users(ws)
    with TestClient(create_app(ws)) as client:
        shown = text(
            verify_upload(login(client, "minh"), "da-ky.pdf", (ws / SIGNED).read_bytes()).text
        )
    assert "Hợp lệ: 1 chữ ký" in shown, shown
    assert (
        "theo dấu thời gian PAdES B-T, dấu thời gian do docgen test TSA, docgen throwaway CA cấp"
        in shown
    )
