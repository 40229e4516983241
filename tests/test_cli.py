"""The command line: data traps stop the build with exact messages, and nothing is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from docgen.cli.main import cli
from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import edit, run

SPEC = "data/documents/ke-hoach-1247-phat-dong.yaml"
# the example's issuers, as an unknown one's message lists them: sorted
ISSUERS = ", ".join(sorted(yaml.safe_load((ROOT / "data/issuers.yaml").read_bytes())))


# (file, text replaced, replacement, exact message printed)
TRAPS = [
    pytest.param(
        SPEC,
        "date: 2022-09-09",
        "date: 2022-02-30",
        f"{SPEC}:19:7: error[DATA-DATE]: '2022-02-30' is not a real date: February 2022 has 28 "
        "days",
        id="impossible-date",
    ),
    pytest.param(
        SPEC,
        "kind: plan",
        "kind: plan\nkind: plan",
        f"{SPEC}:17:1: error[DATA-DUPLICATE-KEY]: key 'kind' appears twice in the same mapping "
        "(first at line 16); YAML would silently keep only the last one\n"
        "    hint: remove or rename one of them",
        id="duplicate-key",
    ),
    pytest.param(
        SPEC,
        "number: 1247",
        "number: dozen",
        f"{SPEC}:18:9: error[DATA-VALUE]: 'number' must be a whole number or auto, not text "
        "'dozen'",
        id="wrong-type",
    ),
    pytest.param(
        SPEC,
        "archive: VT, CTCT, TCCB (TĐKT)\n",
        "",
        f"{SPEC}:16:1: error[DATA-MISSING]: required field 'archive' is missing",
        id="missing-field",
    ),
    pytest.param(
        SPEC,
        "issuer: hvctqg",
        "issuer: hvctqgg",
        f"{SPEC}:17:9: error[DATA-REF]: unknown issuer 'hvctqgg' (known: {ISSUERS})",
        id="unknown-issuer",
    ),
    pytest.param(
        SPEC,
        "campaign: xd-truong-chuan",
        "campaign: xd-truong",
        f"{SPEC}:21:11: error[DATA-REF]: unknown campaign 'xd-truong' (known: van-hoa-cong-so, "
        "xd-truong-chuan)",
        id="unknown-campaign",
    ),
    pytest.param(
        "data/issuers.yaml",
        "pad_dates: true",
        "pad_dates: yes",
        "data/issuers.yaml:26:14: error[DATA-YAML-BOOL]: 'yes' is read by YAML as a yes/no "
        "value, not as text\n    hint: write true or false for a yes/no setting, or quote the "
        'text: "yes"',
        id="yaml11-bool",
    ),
    pytest.param(
        SPEC,
        "number: 1247",
        "number: 01247",
        f"{SPEC}:18:9: error[DATA-YAML-NUMBER]: '01247' would be read as the number 679, losing "
        "its leading zeros or changing its value\n"
        '    hint: quote it to keep it as written: "01247"',
        id="leading-zero",
    ),
    pytest.param(
        SPEC,
        "signer: hoang-phuc-lam",
        "signer: [hoang",
        f"{SPEC}:27:12: error[DATA-YAML]: YAML syntax error: while parsing a flow sequence: "
        "did not find expected ',' or ']'",
        id="yaml-syntax",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "message"), TRAPS)
def test_data_trap_stops_the_build(
    tmp_path: Path, rel: str, old: str, new: str, message: str
) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, rel, old, new)
    code, _out, err = run(ws, "build")
    assert code == 2
    assert err.strip() == message
    assert "Traceback" not in err
    assert not (ws / "output").exists() or not any((ws / "output").iterdir())


def test_many_problems_are_reported_together(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, SPEC, "date: 2022-09-09", "date: 2022-13-09")
    edit(ws, "data/issuers.yaml", "pad_dates: true", "pad_dates: no")
    code, _, err = run(ws, "validate")
    assert code == 2
    assert [line.split(": ")[1] for line in err.splitlines() if "error[" in line] == [
        "error[DATA-DATE]",  # sorted by file: data/documents/… before data/issuers.yaml
        "error[DATA-YAML-BOOL]",
    ]


def test_build_writes_every_example_and_one_summary_line(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    code, out, err = run(ws, "build")
    assert code == 0, err
    lines = out.strip().splitlines()
    specs = sorted((ws / "data" / "documents").glob("*.yaml"))
    assert len(specs) >= 25  # every example of data/documents/
    assert len(lines) == len(specs) + 1
    assert lines[-1].startswith(f"built {len(specs)} documents in {ws / 'output'} (")
    wanted = [yaml.safe_load(p.read_text(encoding="utf-8"))["output"] for p in specs]
    assert sorted(p.name for p in (ws / "output").iterdir()) == sorted(wanted)
    assert "ke-hoach-1247-KH-HVCTQG.docx" in wanted and "cong-van-125-SNV-VP.docx" in wanted
    # no temporary files left behind by the atomic writes
    assert not list((ws / "output").glob(".*"))


def test_render_one_spec(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    target = tmp_path / "elsewhere" / "kh.docx"
    code, out, err = run(ws, "render", str(ws / SPEC), "-o", str(target))
    assert code == 0, err
    assert target.exists()
    assert "(1247-KH/HVCTQG)" in out


def test_validate_says_ok(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    code, out, _ = run(ws, "validate")
    assert code == 0
    issuers = len(yaml.safe_load((ws / "data" / "issuers.yaml").read_text(encoding="utf-8")))
    documents = len(list((ws / "data" / "documents").glob("*.yaml")))
    assert out.startswith(f"data OK: {issuers} issuers, 2 campaigns, {documents} documents")


def test_refuses_to_write_into_data(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    code, _, err = run(ws, "build", "--out", str(ws / "data" / "x"))
    assert code == 5
    assert "error[OUTPUT-PROTECTED]: refusing to write documents into data/" in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, SPEC, "date: 2022-09-09", "date: 2022-02-30")
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "-C", str(ws), "--debug", "build"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "DataError" in result.stderr


def test_help_does_not_import_the_heavy_libraries() -> None:
    """`docgen --help` must answer at once: docxtpl and python-docx load only when rendering."""
    code = (
        "import sys; from docgen.cli.main import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docxtpl', 'docx', 'pydantic', 'lxml') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stdout
    assert "build" in result.stdout and "validate" in result.stdout


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("docgen, version ")
