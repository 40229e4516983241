"""The command line as issue 26 (case 6) asks: every problem of a file at once, .yml files
named instead of ignored, global options after the command too, -v saying what each step did,
the exit statuses in --help."""

from __future__ import annotations

import json
import re
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


# -- .yml files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moved", "renamed"),
    [
        (CONG_VAN, "data/documents/cong-van-snv-125.yml"),
        (CONG_VAN, "data/documents/cong-van-snv-125.YAML"),
        ("data/councils/hvctqg.yaml", "data/councils/hvctqg.yml"),
        ("data/proposals/2024/lao-cai.yaml", "data/proposals/2024/lao-cai.Yaml"),
        ("data/certificates/bang-khen-2024.yaml", "data/certificates/bang-khen-2024.yml"),
        ("data/issuers.yaml", "data/issuers.yml"),
        (
            "data/received/ttg-2026-bang-khen-nghe-an.yaml",
            "data/received/ttg-2026-bang-khen-nghe-an.yml",
        ),
        ("data/history/nghe-an.yaml", "data/history/nghe-an.YML"),
    ],
)
def test_a_data_file_not_ending_in_yaml_is_named(tmp_path: Path, moved: str, renamed: str) -> None:
    """Before: the file was silently left out (a document fewer, or errors about what it held
    as if it were missing). Now validate and build name it and say the rename."""
    ws = make_workspace(tmp_path / "ws")
    (ws / moved).rename(ws / renamed)
    stem = Path(moved).stem
    for command in ("validate", "build"):
        code, _, err = run(ws, command)
        assert code == 2
        name = Path(renamed).name
        assert (
            f"{renamed}: error[DATA-FILE-NAME]: '{name}' is not read: docgen reads only files "
            f"ending in .yaml\n    hint: rename it {stem}.yaml"
        ) in err
    assert not (ws / "output").exists()  # nothing written, nothing numbered


def test_render_of_a_yml_spec_names_the_file(tmp_path: Path) -> None:
    """Before: "… is not a document spec in data/documents/" for a file that is there."""
    ws = make_workspace(tmp_path / "ws")
    spec = ws / "data/documents/cong-van-snv-125.yml"
    (ws / CONG_VAN).rename(spec)
    code, _, err = run(ws, "render", str(spec))
    assert code == 2
    assert "data/documents/cong-van-snv-125.yml: error[DATA-FILE-NAME]: " in err
    assert "in data/documents/" not in err


def test_two_files_for_one_id_are_both_named(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    (ws / "data/documents/cong-van-snv-125.yml").write_bytes((ws / CONG_VAN).read_bytes())
    code, _, err = run(ws, "validate")
    assert code == 2
    assert (
        "data/documents/cong-van-snv-125.yml: error[DATA-FILE-NAME]: 'cong-van-snv-125.yml' "
        f"and {CONG_VAN} are two files for the same 'cong-van-snv-125': docgen reads only "
        "files ending in .yaml\n    hint: keep one of them, named cong-van-snv-125.yaml, and "
        "delete the other"
    ) in err


def test_the_file_name_error_in_vietnamese(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    (ws / CONG_VAN).rename(ws / "data/documents/cong-van-snv-125.yml")
    code, _, err = run(ws, "--lang", "vi", "validate")
    assert code == 2
    assert (
        "lỗi[DATA-FILE-NAME]: tệp 'cong-van-snv-125.yml' không được đọc: docgen chỉ đọc các "
        "tệp có đuôi .yaml\n    gợi ý: hãy đổi tên tệp thành cong-van-snv-125.yaml"
    ) in err


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


# -- -v: what each step did ------------------------------------------------------------------

STEPS = re.compile(r"^  .+ \(\d+ ms\)$|^  .+ \(\d+\.\d\d s\)$", re.M)


def test_validate_verbose_says_each_file_read_and_each_stage(tmp_path: Path) -> None:
    """Before: `validate -v` printed what `validate` prints."""
    ws = make_workspace(tmp_path / "ws")
    code, out, err = run(ws, "validate", "-v")
    assert code == 0, err
    shown = STEPS.findall(err)
    assert any(line.startswith("  read data/issuers.yaml (") for line in shown)
    assert any(line.startswith(f"  read {CONG_VAN} (") for line in shown)
    for stage in (
        "  read and validated ",
        "  checked the references between the files (",
        "  ran the rules of each document's kind: document ×",
        "  ran the checks that need all the data (history, eligibility) (",
        "  looked in the register for numbers left bỏ trống (",
    ):
        assert any(line.startswith(stage) for line in shown), stage
    assert out.startswith("data OK: ")  # the summary stays on its own on stdout
    _, _, quiet = run(ws, "validate")
    assert not STEPS.findall(quiet)


@pytest.mark.parametrize("before", [False, True])
def test_render_and_check_verbose_say_what_was_done(tmp_path: Path, before: bool) -> None:
    ws = make_workspace(tmp_path / "ws")
    verbose = ["-v"] if before else []
    after = [] if before else ["-v"]
    code, _, err = run(ws, *verbose, "render", str(ws / CONG_VAN), *after)
    assert code == 0, err
    written = ws / "output" / "cong-van-125-SNV-VP.docx"
    assert re.search(
        rf"^  {CONG_VAN}: numbered 125/SNV-VP, rendered and written to {re.escape(str(written))} "
        r"\(\d+ ms\)$",
        err,
        re.M,
    ), err
    code, out, err = run(ws, *verbose, "check", str(written), *after)
    assert code == 0, err
    assert re.search(
        rf"^  {re.escape(str(written))}: checked against the State rules \(ND 30\) \(the system "
        r"read from its header\), công văn \(\d+ ms\)$",
        err,
        re.M,
    ), err
    code, out, err = run(ws, *verbose, "check", "--format", "json", str(written), *after)
    assert json.loads(out)[0]["type"] == "cong_van"  # the steps stay out of the JSON
    assert "checked against the State rules" in err


def test_build_verbose_says_each_document_numbered_and_written(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    code, _, err = run(ws, "build", "-v", "--check")
    assert code == 0, err
    documents = sorted((ws / "data" / "documents").glob("*.yaml"))
    done = [line for line in STEPS.findall(err) if ": numbered " in line]
    assert len(done) == len(documents)
    checked = [line for line in STEPS.findall(err) if ": checked against the " in line]
    assert len(checked) == len(documents)
    assert (
        any(line.startswith("  ran the rules of each document's kind: ") for line in done) is False
    )


def test_the_help_ends_with_the_exit_statuses_in_vietnamese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    shown = docgen("--help").stdout
    assert "Các tùy chọn trên cũng có thể ghi sau tên lệnh" in shown
    assert "Mã thoát:\n  0  xong; các cảnh báo không làm thay đổi mã thoát\n" in shown
    assert "  6  LibreOffice không chuyển được văn bản sang PDF\n" in shown


@pytest.mark.parametrize(
    "args",
    [
        ("render", CONG_VAN, "-o", "{out}/cv.docx"),
        ("render", "cong-van-snv-125", "-o", "{out}/cv.docx"),  # its id
        ("export", "decision", "data/documents/quyet-dinh-khen-thuong-2024.yaml", "--out", "{x}"),
        ("certificates", "data/certificates/bang-khen-2024.yaml", "--out", "{out}/bk"),
    ],
)
def test_a_file_named_from_the_workspace_is_found_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """``docgen -C WS COMMAND data/…`` from another folder: the file is the workspace's (it
    was looked for in the current folder and refused as missing, or worse, read from there)."""
    from docgen.register import open_register

    ws = make_workspace(tmp_path / "ws")
    open_register(ws / "register.sqlite", create=True)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "out").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    given = [a.format(out=elsewhere / "out", x=elsewhere / "out" / "ds.xlsx") for a in args]
    result = docgen("-C", str(ws), *given)
    shown = result.output + result.stderr
    assert "does not exist" not in shown and "DATA-READ" not in shown, shown
    if args[0] == "render":
        assert result.exit_code == 0, shown
        assert (elsewhere / "out" / "cv.docx").exists()
    else:  # the decision is not built yet: refused for that, the file itself was found
        assert result.exit_code != 0
        assert "quyet-dinh-khen-thuong-2024" in shown, shown
