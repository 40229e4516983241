"""Issued means frozen (issue 23, cases 1, 2 and 4): an issued document is never rewritten by
a later build; its number and its file are committed together; a file numbered by another
register is not numbered again. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from docgen.documents.readable import readable_of_bytes, readable_of_file
from docgen.documents.stamp import read_stamp
from docgen.register import open_register
from tests.conftest import make_workspace
from tests.support.cli_run import edit, run

DECISION = "output/quyet-dinh-khen-thuong-2024-HVCTQG.docx"
PLAN = "output/ke-hoach-1247-KH-HVCTQG.docx"
NOTICE = "output/thong-bao-ket-luan-TB-SNV.docx"


def _specs(ws: Path) -> int:
    """How many documents a build of the workspace issues: one a spec."""
    return len(list((ws / "data" / "documents").glob("*.yaml")))


def _workspace(tmp_path: Path, register_url: str) -> Path:
    """The example workspace numbering into the test's register: on SQLite, the register
    file at the workspace's root (data/settings.yaml may name no file outside it)."""
    if "://" not in register_url:
        assert Path(register_url) == tmp_path / "register.sqlite"
        return make_workspace(tmp_path)
    ws = make_workspace(tmp_path / "ws")
    (ws / "register.sqlite").unlink()  # the test's own register, on PostgreSQL
    settings = ws / "data" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("register:")]
    settings.write_text("\n".join([*lines, f"register: {register_url}", ""]), encoding="utf-8")
    return ws


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_issued_document_is_kept_when_shared_data_changes(
    tmp_path: Path, register_url: str
) -> None:
    """Before: after a base-salary row and a signer's name were edited, the next build
    rewrote 1569-QĐ/HVCTQG (4.680.000 → 5.980.000 per collective) and the 2022 plan
    1247-KH/HVCTQG (another signer) under the same numbers, without a word."""
    ws = _workspace(tmp_path, register_url)
    assert run(ws, "build")[0] == 0
    decision, plan = ws / DECISION, ws / PLAN
    issued = {DECISION: _sha(decision), PLAN: _sha(plan)}
    assert "4.680.000" in readable_of_file(decision)
    edit(ws, "data/law/base_salary.yaml", "amount: 2340000", "amount: 2990000")
    edit(ws, "data/issuers.yaml", "name: Hoàng Phúc Lâm", "name: Hoàng Phúc Lâmm")

    code, _, err = run(ws, "build")

    assert code == 0, err
    assert {DECISION: _sha(decision), PLAN: _sha(plan)} == issued  # not rewritten
    assert "warning[ISSUED-KEPT]: 1569-QĐ/HVCTQG is issued" in err
    assert "figures: 4.680.000 → 5.980.000; 2.340.000 → 2.990.000" in err
    assert "warning[ISSUED-KEPT]: 1247-KH/HVCTQG is issued" in err
    assert "+ PHÓ GIÁM ĐỐC / Hoàng Phúc Lâmm" in err or "Hoàng Phúc Lâmm" in err
    assert "corrects:" in err and "docgen register void" in err  # the ways forward
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    entry = next(e for e in register.entries() if e.symbol == "1569-QĐ/HVCTQG")
    document = register.issued_document(entry.id)  # the register's copy: the issued one
    assert document is not None and hashlib.sha256(document).hexdigest() == issued[DECISION]
    content = readable_of_bytes(document)
    assert "4.680.000" in content and "5.980.000" not in content


def test_a_deleted_issued_file_comes_back_as_issued(tmp_path: Path, register_url: str) -> None:
    ws = _workspace(tmp_path, register_url)
    assert run(ws, "build")[0] == 0
    before = (ws / DECISION).read_bytes()
    edit(ws, "data/law/base_salary.yaml", "amount: 2340000", "amount: 2990000")
    (ws / DECISION).unlink()
    assert run(ws, "build")[0] == 0
    assert (ws / DECISION).read_bytes() == before  # the register's copy, not today's data


def test_the_output_carries_the_registers_stamp(tmp_path: Path, register_url: str) -> None:
    ws = _workspace(tmp_path, register_url)
    assert run(ws, "build")[0] == 0
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    stamp = read_stamp(ws / NOTICE)
    assert stamp is not None
    entry = next(e for e in register.entries() if e.symbol == stamp.symbol)
    assert (stamp.register, stamp.workspace, stamp.entry) == (
        register.identity,
        "hvctqg-vi-du-2024",
        entry.id,
    )
    assert entry.output == NOTICE


def test_outputs_numbered_by_another_register_are_refused(
    tmp_path: Path, register_url: str
) -> None:
    """Before: building a workspace against another (new, empty) register renumbered and
    overwrote every auto-numbered file in output/ (01-TB became 04-TB), without a word."""
    ws = _workspace(tmp_path, register_url)
    assert run(ws, "build")[0] == 0
    before = (ws / NOTICE).read_bytes()
    other = tmp_path / "other.sqlite"
    assert run(ws, "--register", str(other), "register", "init")[0] == 0
    first = open_register(register_url).identity
    second = open_register(other).identity
    code, _, err = run(ws, "--register", str(other), "build")
    assert code != 0
    assert f"{NOTICE}: error[REGISTER-FOREIGN]: {NOTICE} is 01/TB-SNV, numbered by another " in err
    assert first in err and second in err
    assert (ws / NOTICE).read_bytes() == before
    assert open_register(other).entries() == [] or all(
        e.output != NOTICE for e in open_register(other).entries()
    )


# -- case 4: number, then file ---------------------------------------------------------------


def _build(ws: Path, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCGEN_LANG": "en"}
    env.pop("DOCGEN_CRASH_AT", None)
    if crash_at is not None:
        env["DOCGEN_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "docgen", "-C", str(ws), "-q", "build"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _issued(register_url: str) -> list[tuple[str, str, str | None]]:
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    return sorted((e.spec, e.symbol, e.sha256) for e in register.entries())


def test_a_register_failing_at_commit_keeps_no_file_with_the_number(
    tmp_path: Path, register_url: str
) -> None:
    """Before: when the register failed after the .docx was written (a full disk under the
    database), the file stayed under its final name with a number the register never kept,
    and the next document took the same number."""
    ws = _workspace(tmp_path, register_url)
    failed = _build(ws, "register-commit:fail")
    assert failed.returncode != 0
    assert "error[REGISTER-DB]" in failed.stderr and "Traceback" not in failed.stderr
    assert "database or disk is full" in failed.stderr
    assert list((ws / "output").glob("*.docx")) == []  # no file under a final name
    assert list((ws / "output").glob(".*")) == []  # nor a temporary one
    assert _issued(register_url) == []  # no number kept
    again = _build(ws)
    assert again.returncode == 0, again.stderr
    issued = _issued(register_url)
    assert len(issued) == _specs(ws)
    for _, _, sha in issued:
        assert sha is not None
    assert read_stamp(ws / NOTICE) is not None


def test_a_kill_between_commit_and_rename_is_recovered(tmp_path: Path, register_url: str) -> None:
    """A build killed after a number was committed and before its file took its name: the
    document waits under a temporary name and in the register; the next build puts it under
    its name, the same bytes, the same number."""
    ws = _workspace(tmp_path, register_url)
    killed = _build(ws, "file-rename")
    assert killed.returncode == -9
    (first,) = _issued(register_url)  # the first document's number was committed
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    (entry,) = register.entries()
    assert entry.output is not None
    assert not (ws / entry.output).exists()
    staged = list((ws / "output").glob(".*.docgen-tmp"))
    assert [_sha(s) for s in staged] == [entry.sha256]

    again = _build(ws)

    assert again.returncode == 0, again.stderr
    assert _sha(ws / entry.output) == entry.sha256  # the same document, under its name
    assert not list((ws / "output").glob(".*docgen-tmp"))
    assert first in _issued(register_url) and len(_issued(register_url)) == _specs(ws)


def test_a_kill_at_the_commit_leaves_neither_number_nor_file(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    assert _build(ws, "register-commit").returncode == -9
    assert open_register(ws / "register.sqlite").entries() == []
    assert list((ws / "output").glob("*.docx")) == []
    assert _build(ws).returncode == 0
    assert len(open_register(ws / "register.sqlite").entries()) == _specs(ws)
