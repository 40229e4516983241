"""A build killed with SIGKILL at random moments leaves only complete files and a register
that agrees with them; the next build finishes normally with the same numbers."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from docgen.register import open_register
from tests.conftest import make_workspace


def _build(ws: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "docgen", "-C", str(ws), "-q", "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def _check_consistent(ws: Path) -> None:
    for path in (ws / "output").glob("*.docx"):
        with zipfile.ZipFile(path) as zf:  # a complete zip: the central directory is there
            assert zf.testzip() is None, path
            assert "word/document.xml" in zf.namelist()
    if not (ws / "register.sqlite").exists():
        return
    register = open_register(ws / "register.sqlite")
    for entry in register.entries():
        assert entry.output is not None
        path = ws / entry.output
        # a number is recorded only once its file is written: under its name, or (killed
        # between the commit and the rename) under the temporary name; the register keeps the
        # issued document too, so a build killed after discarding a dead build's temporary
        # file, before putting the document back, leaves it there for the next build
        staged = list(path.parent.glob(f".{path.name}.*.docgen-tmp"))
        written = [path.read_bytes()] if path.exists() else [p.read_bytes() for p in staged]
        kept = register.issued_document(entry.id)
        assert written or kept is not None, path
        data = written[0] if written else kept
        assert data is not None and hashlib.sha256(data).hexdigest() == entry.sha256


def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    # a reference build, timed, in a workspace of its own
    reference_ws = make_workspace(tmp_path / "reference")
    started = time.perf_counter()
    assert _build(reference_ws).wait(timeout=120) == 0
    duration = time.perf_counter() - started
    reference = {
        e.spec: e.symbol for e in open_register(reference_ws / "register.sqlite").entries()
    }
    # the same workspace built again and again, each run killed at a random moment
    ws = make_workspace(tmp_path / "killed")
    rng = random.Random(8)
    for _ in range(6):
        process = _build(ws)
        time.sleep(rng.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        _check_consistent(ws)
    final = _build(ws)
    _, err = final.communicate(timeout=120)
    assert final.returncode == 0, err.decode()
    _check_consistent(ws)
    after = {e.spec: e.symbol for e in open_register(ws / "register.sqlite").entries()}
    assert after == reference  # the same numbers: none lost, none skipped
