"""The command line as issue 26 (case 6) asks: every problem of a file at once, .yml files
named instead of ignored, global options after the command too, -v saying what each step did,
the exit statuses in --help."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_workspace
from tests.support.cli_run import edit, run

CONG_VAN = "data/documents/cong-van-snv-125.yaml"


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    """Before: a bad date hid the rest of its file (only DATA-DATE was reported); now the
    misspelt key and the missing field of the same file are reported with it."""
    ws = make_workspace(tmp_path / "ws")
    edit(ws, CONG_VAN, "date: 2025-04-07", "date: 2025-02-30")
    edit(ws, CONG_VAN, "unit: VP", "unti: VP")
    edit(ws, CONG_VAN, "subject: ", "# subject: ")
    code, _, err = run(ws, "validate")
    assert code == 2
    errors = [line for line in err.splitlines() if "error[" in line]
    assert errors == [
        f"{CONG_VAN}:7:1: error[DATA-MISSING]: required field 'subject' is missing",
        f"{CONG_VAN}:11:1: error[DATA-UNKNOWN-FIELD]: unknown field 'unti' (check its spelling)",
        f"{CONG_VAN}:12:7: error[DATA-DATE]: '2025-02-30' is not a real date: "
        "February 2025 has 28 days",
    ]


def test_a_bad_value_alone_is_reported_once(tmp_path: Path) -> None:
    """The date that loading refused is not reported a second time by validation."""
    ws = make_workspace(tmp_path / "ws")
    edit(ws, CONG_VAN, "date: 2025-04-07", "date: 2025-02-30")
    code, _, err = run(ws, "build")
    assert code == 2
    assert [line for line in err.splitlines() if "error[" in line] == [
        f"{CONG_VAN}:12:7: error[DATA-DATE]: '2025-02-30' is not a real date: "
        "February 2025 has 28 days"
    ]
