"""A full disk during `docgen certificates` (issue 23, case 7), with real failures of the
operating system, never a mock: a small tmpfs (ENOSPC) mounted in a private mount namespace,
and RLIMIT_FSIZE with SIGXFSZ ignored (EFBIG). The batch appears whole or not at all; every
certificate not written is named; no số sổ vàng is kept for them; once there is room, the same
command prints the same numbers.

Before: 25 of 58 files were missing, only the CSV's error was printed, and the 58 số sổ vàng
were taken."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import docgen
from docgen.api import build
from docgen.register import open_register
from tests.conftest import make_workspace

DECISION = "quyet-dinh-khen-thuong-2024"
SHOWN = f"data/documents/{DECISION}.yaml"
CERTIFICATES = "data/certificates/bang-khen-2024.yaml"
NOT_WRITTEN = re.compile(
    r"^(.*/bang-khen-2024/(\d{4}) [^:]*\.docx): error\[CERT-NOT-WRITTEN\]", re.MULTILINE
)


def _workspace(tmp_path: Path, register_url: str) -> Path:
    ws = make_workspace(tmp_path / "ws")
    built = build(ws, register=register_url)  # the decision and the documents it cites
    assert not built.failed, [d.error for d in built.documents if d.error]
    return ws


def _docgen(ws: Path, register_url: str, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "docgen", "-C", str(ws), "--lang", "en", "--register",
        register_url, "certificates", CERTIFICATES, "--out", str(out),
    ]  # fmt: skip


def _env() -> dict[str, str]:
    src = str(Path(docgen.__file__).resolve().parents[1])  # the docgen under test
    return {**os.environ, "PYTHONPATH": src, "DOCGEN_LANG": "en"}


def _book(register_url: str) -> list[tuple[int, str, str]]:
    return open_register(register_url, workspace="hvctqg-vi-du-2024").book(SHOWN)


def _check_refused(err: str, register_url: str, cause: str) -> list[str]:
    """What the clerk is told, and the book left as it was; returns the files named."""
    assert "Traceback" not in err
    assert "error[CERT-WRITE]: the certificates were not written into " in err, err
    assert cause in err
    named = NOT_WRITTEN.findall(err)
    # every one of the decision's certificates, by name, each number given back
    assert [int(n) for _, n in named] == list(range(1, 59)), err
    assert err.count("was given back") == 58
    assert _book(register_url) == []
    return [Path(path).name for path, _ in named]


def _rerun_gives_the_same_numbers(ws: Path, register_url: str, named: list[str]) -> None:
    out = ws / "output" / "bang-khen-2024"
    done = subprocess.run(_docgen(ws, register_url, out), capture_output=True, env=_env())
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(named)
    book = _book(register_url)
    assert [n for n, _, _ in book] == list(range(1, 59))


def test_a_full_disk_keeps_nothing_of_the_batch(tmp_path: Path, register_url: str) -> None:
    """The output folder sits on a 300 kB tmpfs: the disk fills after some 25 certificates."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is needed to mount a small file system")
    ws = _workspace(tmp_path, register_url)
    disk = ws / "full"
    disk.mkdir()
    prefix = [unshare, "--mount"]
    if os.geteuid() != 0:
        prefix = [unshare, "--user", "--map-root-user", "--mount"]
    report = tmp_path / "report"
    report.mkdir()
    script = (
        'mount -t tmpfs -o size=300k tmpfs "$DISK" || exit 99; '
        '"$@" >"$REPORT/out" 2>"$REPORT/err"; echo $? >"$REPORT/rc"; '
        'find "$DISK" -mindepth 1 >"$REPORT/left"'
    )
    done = subprocess.run(
        [*prefix, "sh", "-c", script, "sh", *_docgen(ws, register_url, disk / "bang-khen-2024")],
        env={**_env(), "DISK": str(disk), "REPORT": str(report)},
        capture_output=True,
    )
    if done.returncode == 99 or not (report / "rc").exists():
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    err = (report / "err").read_text(encoding="utf-8")
    assert (report / "rc").read_text().strip() == "5", err
    assert (report / "left").read_text() == ""  # no partial folder, no stage folder left
    named = _check_refused(err, register_url, "No space left on device")
    _rerun_gives_the_same_numbers(ws, register_url, named)


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.postgres
def test_a_file_too_large_keeps_nothing_of_the_batch(tmp_path: Path, fresh_pg_url: str) -> None:
    """RLIMIT_FSIZE between the certificates' sizes: some are refused (EFBIG), others not.
    PostgreSQL only: the limit would refuse an SQLite register's own pages too (its file is
    larger than a certificate), which the tmpfs test above covers."""
    open_register(fresh_pg_url, create=True)
    ws = _workspace(tmp_path, fresh_pg_url)
    out = ws / "output" / "bang-khen-2024"
    done = subprocess.run(
        _docgen(ws, fresh_pg_url, out),
        capture_output=True,
        env=_env(),
        preexec_fn=lambda: _limit_file_size(9_750),
    )
    err = done.stderr.decode()
    assert done.returncode == 5, err
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if "bang-khen-2024" in p.name] == []
    named = _check_refused(err, fresh_pg_url, "File too large")
    _rerun_gives_the_same_numbers(ws, fresh_pg_url, named)
