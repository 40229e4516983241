"""Void withdraws (issue 23, case 6): the file of a voided number leaves the current outputs
for the voided folder, marked as such; every list shows it voided; the next build writes the
spec's new number into a fresh file."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from docx import Document

from docgen.api import build
from docgen.register import open_register
from tests.conftest import make_workspace
from tests.support.cli_run import run
from tests.support.docx_inspect import iter_paragraphs

SPEC = "thong-bao-snv-ket-luan"
SHOWN = f"data/documents/{SPEC}.yaml"
FILE = "output/thong-bao-ket-luan-TB-SNV.docx"
VOIDED = "output/da-huy/thong-bao-ket-luan-TB-SNV (số 01-TB-SNV, đã hủy).docx"


def _number_line(path: Path) -> str:
    return next(p.text for p in iter_paragraphs(Document(str(path))) if p.text.startswith("Số"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _built(tmp_path: Path, register_url: str) -> Path:
    ws = make_workspace(tmp_path / "ws")
    report = build(ws, only=[SPEC], register=register_url)
    assert [d.symbol for d in report.documents] == ["01/TB-SNV"], report.documents
    return ws


def _void(ws: Path, register_url: str) -> tuple[int, str, str]:
    return run(
        ws, "--register", register_url, "register", "void", "snv-nghe-an", "01/TB-SNV",
        "--reason", "Ký nhầm người ký",
    )  # fmt: skip


def test_voiding_moves_the_file_out_of_the_outputs(tmp_path: Path, register_url: str) -> None:
    """Before: the file printed "Số: 01/TB-SNV" stayed in output/ after the void."""
    ws = _built(tmp_path, register_url)
    issued = _sha(ws / FILE)
    code, out, err = _void(ws, register_url)
    assert code == 0, err
    assert out == (
        f"voided 01/TB-SNV ({SHOWN}): Ký nhầm người ký\n"
        f"withdrew the file of 01/TB-SNV: {FILE} is now {VOIDED}\n"
    )
    assert not (ws / FILE).exists()
    assert _sha(ws / VOIDED) == issued  # the record of what was numbered, byte for byte
    assert _number_line(ws / VOIDED) == "Số: 01/TB-SNV"
    (entry,) = [e for e in open_register(register_url).entries("snv-nghe-an") if e.spec == SHOWN]
    assert (entry.state, entry.withdrawn) == ("voided", VOIDED)

    # every list shows it voided, with the withdrawn file
    code, listing, _ = run(ws, "--register", register_url, "register", "list")
    line = next(x for x in listing.splitlines() if "01/TB-SNV" in x)
    assert "[voided: Ký nhầm người ký]" in line and f"(file withdrawn to {VOIDED})" in line
    code, text, _ = run(ws, "--register", register_url, "register", "list", "--format", "csv")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[1] == "01/TB-SNV")
    assert row[-2:] == [VOIDED, "Đã hủy: Ký nhầm người ký"]
    out_csv = tmp_path / "so.csv"
    assert run(
        ws, "--register", register_url, "register", "export", "--issuer", "snv-nghe-an",
        "--out", str(out_csv),
    )[0] == 0  # fmt: skip
    exported = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert [r[-2:] for r in exported if r[1] == "01/TB-SNV"] == [
        [VOIDED, "Đã hủy: Ký nhầm người ký"]
    ]

    # the next build takes a new number into a fresh file; the voided one stays withdrawn
    again = build(ws, only=[SPEC], register=register_url)
    assert [d.symbol for d in again.documents] == ["02/TB-SNV"]
    assert _number_line(ws / FILE) == "Số: 02/TB-SNV"
    assert _sha(ws / VOIDED) == issued
    assert sorted(p.name for p in (ws / "output" / "da-huy").iterdir()) == [Path(VOIDED).name]


def test_a_move_that_fails_keeps_the_void_and_the_next_build_moves_it(
    tmp_path: Path, register_url: str
) -> None:
    """The void commits first; a file that cannot move (here a real OS refusal: the voided
    folder's name is taken by a file) stays, the clerk is told, and the build moves it
    before it writes the spec's new number, never over the voided file."""
    ws = _built(tmp_path, register_url)
    issued = _sha(ws / FILE)
    (ws / "output" / "da-huy").write_text("not a folder", encoding="utf-8")
    code, out, err = _void(ws, register_url)
    assert code == 0
    assert out == f"voided 01/TB-SNV ({SHOWN}): Ký nhầm người ký\n"
    assert err.startswith(
        f"warning[REGISTER-WITHDRAW]: the file of the voided 01/TB-SNV is still {FILE} (it "
        "could not be moved: "
    ) and err.endswith("do not send it: the next docgen build moves it\n")
    (entry,) = [e for e in open_register(register_url).entries("snv-nghe-an") if e.spec == SHOWN]
    assert (entry.state, entry.withdrawn) == ("voided", None)
    assert _sha(ws / FILE) == issued

    # while the file cannot move, the spec is not built over it
    stuck = build(ws, only=[SPEC], register=register_url)
    (doc,) = stuck.documents
    assert doc.error is not None and doc.error.code == "REGISTER-WITHDRAW"
    assert _sha(ws / FILE) == issued

    (ws / "output" / "da-huy").unlink()
    freed = build(ws, only=[SPEC], register=register_url)
    assert [d.symbol for d in freed.documents] == ["02/TB-SNV"]
    assert [w.code for w in freed.warnings if w.code == "REGISTER-WITHDRAW"] == [
        "REGISTER-WITHDRAW"
    ]
    assert _sha(ws / VOIDED) == issued
    assert _number_line(ws / FILE) == "Số: 02/TB-SNV"
    book = open_register(register_url).entries("snv-nghe-an")
    assert [(e.symbol, e.state, e.withdrawn) for e in book if e.spec == SHOWN] == [
        ("01/TB-SNV", "voided", VOIDED),
        ("02/TB-SNV", "issued", None),
    ]
