"""The command line as issue 26 (case 6) asks: every problem of a file at once, .yml files
named instead of ignored, global options after the command too, -v saying what each step did,
the exit statuses in --help."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli.main import cli
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


# -- global options after the command -------------------------------------------------------


def docgen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def broken_workspace(tmp_path: Path) -> Path:
    """A workspace with one bad date: what -C names is seen by the error it reports."""
    ws = make_workspace(tmp_path / "ws")
    edit(ws, CONG_VAN, "date: 2025-04-07", "date: 2025-02-30")
    return ws


@pytest.mark.parametrize(
    "args",
    [
        ("-C", "{ws}", "validate"),  # before the command, as always
        ("validate", "-C", "{ws}"),  # before: "Error: No such option: -C"
        ("validate", "--workspace", "{ws}"),
        ("validate", "--workspace={ws}"),
        ("-C", "elsewhere", "validate", "-C", "{ws}"),  # the one after the command wins
    ],
)
def test_the_workspace_option_before_or_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    ws = broken_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)  # no workspace here: only -C can find the bad date
    result = docgen(*(a.format(ws=ws) for a in args))
    assert result.exit_code == 2, result.output
    assert f"{CONG_VAN}:12:7: error[DATA-DATE]" in result.stderr


@pytest.mark.parametrize("after", [False, True])
def test_debug_before_or_after_the_command(tmp_path: Path, after: bool) -> None:
    ws = broken_workspace(tmp_path)
    args = (
        ["-C", str(ws), "validate", "--debug"] if after else ["--debug", "-C", str(ws), "validate"]
    )
    result = docgen(*args)
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr


@pytest.mark.parametrize("after", [False, True])
def test_lang_before_or_after_the_command(tmp_path: Path, after: bool) -> None:
    ws = broken_workspace(tmp_path)
    args = (
        ["-C", str(ws), "validate", "--lang", "vi"]
        if after
        else ["--lang", "vi", "-C", str(ws), "validate"]
    )
    result = docgen(*args)
    assert result.exit_code == 2
    assert "'2025-02-30' không phải là ngày có thật" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args", [("-q", "-v", "register", "init"), ("register", "init", "-q", "-v")]
)
def test_quiet_and_verbose_after_any_command(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`register init -q` was refused ("No such option: -q"): now every command takes the
    global options after its name."""
    result = docgen("-C", str(tmp_path), "--register", str(tmp_path / "r.sqlite"), *args)
    assert result.exit_code == 0, result.output
    assert "created the register" in result.stdout
