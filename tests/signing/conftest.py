"""A throwaway CA made here (root, intermediate, the signer's and the office's certificates, an
expired one, another person's) and a copy of the example workspace with its documents issued."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.api import build
from docgen.cli.main import cli
from docgen.data.workspace import load_issuers
from docgen.register import open_register
from docgen.signing.binding import find_entry, frozen_document, unsigned_pdf
from docgen.signing.demo_images import write_demo_images
from docgen.signing.images import images_folder
from docgen.signing.throwaway import (
    Issued,
    intermediate_authority,
    root_authority,
    signing_certificate,
)
from tests.conftest import make_workspace
from tests.support.tools import require

PASSWORD = "mật khẩu thử"
SPEC = "ke-hoach-1247-phat-dong"  # the example plan 1247-KH/HVCTQG
SYMBOL = "1247-KH/HVCTQG"
SIGNER = "Hoàng Phúc Lâm"  # who signs it (data/issuers.yaml)
OFFICE = "Học viện Chính trị quốc gia Hồ Chí Minh"
SIGNED = "output/ke-hoach-1247-KH-HVCTQG.signed.pdf"


@dataclass(frozen=True)
class Keys:
    """The CA's files: PKCS#12 files by name, the root and an unrelated root as PEM."""

    folder: Path
    root: Path
    stranger_root: Path

    def p12(self, name: str) -> Path:
        return self.folder / f"{name}.p12"


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    folder = tmp_path_factory.mktemp("ca")
    root = root_authority("Test Root CA")
    middle = intermediate_authority(root, "Test Issuing CA")
    now = dt.datetime.now(dt.UTC)
    made: dict[str, Issued] = {
        "signer": signing_certificate(middle, SIGNER, OFFICE),
        # the same person's name decomposed (NFD) and in capitals, as another CA may write it
        "signer-nfd": signing_certificate(
            middle, unicodedata.normalize("NFD", SIGNER.upper()), OFFICE
        ),
        "office": signing_certificate(middle, OFFICE, OFFICE),
        "other-person": signing_certificate(middle, "Nguyễn Xuân Thắng", OFFICE),
        "other-office": signing_certificate(middle, "Sở Nội vụ", "Sở Nội vụ tỉnh Nghệ An"),
        "expired": signing_certificate(
            middle,
            SIGNER,
            OFFICE,
            not_before=now - dt.timedelta(days=400),
            not_after=now - dt.timedelta(days=2),
        ),
    }
    for name, issued in made.items():
        (folder / f"{name}.p12").write_bytes(issued.pkcs12(PASSWORD.encode(), name))
    (folder / "root.pem").write_bytes(root.pem())
    (folder / "stranger.pem").write_bytes(root_authority("Someone Else's Root").pem())
    return Keys(folder, folder / "root.pem", folder / "stranger.pem")


@pytest.fixture(scope="session")
def issued_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace, built through its register (every document issued and frozen),
    with the plan's PDF made once by LibreOffice (kept in .docgen/pdf/)."""
    require("soffice")
    ws = make_workspace(tmp_path_factory.mktemp("issued"))
    report = build(ws, ws / "output", register=str(ws / "register.sqlite"))
    assert not report.failed
    register = open_register(ws / "register.sqlite", workspace="hvctqg-vi-du-2024")
    entry = find_entry(ws, register, SPEC)
    unsigned_pdf(ws, entry, frozen_document(register, entry))
    # throwaway images of the issuer's seal and its signers' signatures, where docgen finds them
    issuers = load_issuers(ws)
    office = issuers[entry.issuer]
    write_demo_images(images_folder(ws), entry.issuer, office.name, list(office.signers))
    return ws


@pytest.fixture
def ws(issued_workspace: Path, tmp_path: Path) -> Path:
    """A copy of the issued workspace of the test's own (its register too)."""
    target = tmp_path / "ws"
    shutil.copytree(issued_workspace, target)
    return target


def docgen(ws: Path, *args: str, password: str | None = PASSWORD) -> tuple[int, str, str]:
    """``docgen -C ws ARGS…`` with the password on standard input (--password-stdin)."""
    result = CliRunner().invoke(
        cli, ["-C", str(ws), *args], input=None if password is None else password + "\n"
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash is a crash, not an exit status to compare
    return result.exit_code, result.stdout, result.stderr


def sign(ws: Path, keys: Keys, role: str, key: str, *more: str) -> tuple[int, str, str]:
    return docgen(
        ws, "sign", SPEC, "--as", role, "--p12", str(keys.p12(key)), "--password-stdin", *more
    )


def pdfsig_verdicts(path: Path) -> list[str]:
    """poppler's pdfsig: the 'Signature Validation' line of each signature."""
    require("pdfsig")
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return [
        line.split(":", 1)[1].strip()
        for line in done.stdout.splitlines()
        if "Signature Validation:" in line
    ]
