"""`docgen register list|void|export`: where the register is found, and what a clerk sees."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from docgen.cli.main import cli
from docgen.cli.register import register_group
from docgen.register import Register, open_register
from tests.register.conftest import issue, make_request


@pytest.fixture(autouse=True)
def _no_register_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCGEN_REGISTER", raising=False)


def run(*args: str) -> Result:
    return CliRunner().invoke(register_group, list(args))


def fill(register: Register) -> None:
    issue(register, make_request("data/documents/a.yaml", dt.date(2024, 9, 3), number=1247))
    issue(register, make_request("data/documents/b.yaml", dt.date(2024, 9, 5)))
    issue(register, make_request("data/documents/c.yaml", dt.date(2025, 1, 5)))


def test_list_void_and_list_again(register_url: str, register: Register) -> None:
    fill(register)
    result = run("--register", register_url, "list", "--issuer", "hvctqg", "--year", "2024")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("03/09/2024  1247-KH/HVCTQG")
    assert "(data/documents/b.yaml)" in lines[1]
    assert lines[-1].startswith("2 entries in ")

    result = run("--register", register_url, "void", "hvctqg", "1248", "--reason", "ký nhầm")
    assert result.exit_code == 0
    assert result.stdout == "voided 1248-KH/HVCTQG (data/documents/b.yaml): ký nhầm\n"
    listing = run("--register", register_url, "list").stdout
    assert "1248-KH/HVCTQG" in listing and "[voided: ký nhầm]" in listing
    assert "3 entries" in listing


def test_list_as_csv(register_url: str, register: Register) -> None:
    fill(register)
    result = run("--register", register_url, "list", "--format", "csv", "--year", "2025")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Số,Ký hiệu,Ngày,Loại,Trích yếu,Người ký,Nơi nhận,Tệp,Trạng thái"
    assert lines[1].startswith("01,01-KH/HVCTQG,05/01/2025,")
    assert len(lines) == 2


def test_errors_are_one_line_with_the_register_exit_status(register_url: str) -> None:
    result = run("--register", register_url, "void", "hvctqg", "7", "--reason", "x")
    assert result.exit_code == 4
    assert result.stderr.startswith("error[REGISTER-VOID]: hvctqg has no document numbered 7")
    assert "Traceback" not in result.output


def test_export_docx_and_csv(register_url: str, register: Register, tmp_path: Path) -> None:
    fill(register)
    book = tmp_path / "so.docx"
    result = run(
        "--register",
        register_url,
        "export",
        "--issuer",
        "hvctqg",
        "--year",
        "2024",
        "--out",
        str(book),
    )
    assert result.exit_code == 0 and result.stdout == f"wrote {book} (2 entries)\n"
    doc = Document(str(book))
    assert doc.paragraphs[0].text == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert doc.paragraphs[1].text == "Cơ quan: hvctqg - Năm 2024"
    assert [r.cells[1].text for r in doc.tables[0].rows[1:]] == ["1247-KH/HVCTQG", "1248-KH/HVCTQG"]

    sheet = tmp_path / "so.csv"
    result = run("--register", register_url, "export", "--issuer", "hvctqg", "--out", str(sheet))
    assert result.exit_code == 0 and "(3 entries)" in result.stdout
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbfS\xe1\xbb\x91,")  # BOM, then "Số,"

    result = run("--register", register_url, "export", "--issuer", "x", "--out", "so.pdf")
    assert result.exit_code == 4 and "REGISTER-EXPORT" in result.stderr


def test_the_default_register_outside_a_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # issue 23 case 2: before, listing made a new empty register and said "0 entries"
    result = run("list")
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith(
        "error[REGISTER-MISSING]: .docgen/register.sqlite is not a docgen register"
    )
    assert "run docgen register init" in result.stderr
    assert not (tmp_path / ".docgen").exists()
    made = run("init")
    assert made.exit_code == 0, made.output
    assert made.stdout == "created the register .docgen/register.sqlite\n"
    assert run("init").stdout == ".docgen/register.sqlite is already a register; nothing changed\n"
    result = run("list")
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 entries in .docgen/register.sqlite\n"


def test_docgen_register_option_wins_over_the_group_option(tmp_path: Path) -> None:
    top, own = tmp_path / "top.sqlite", tmp_path / "own.sqlite"
    issue(open_register(top, create=True), make_request("a"))
    result = CliRunner().invoke(
        cli,
        ["-C", str(tmp_path), "--register", str(top), "register", "--register", str(own), "list"],
    )
    assert result.exit_code == 0, result.output
    assert "1 entry in " in result.stdout and "top.sqlite" in result.stdout


def test_in_a_workspace_the_register_is_the_one_build_uses(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    made = CliRunner().invoke(cli, ["-C", str(tmp_path), "register", "init"])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "register.sqlite").is_file()  # as `docgen build` would use it
    # the workspace was given an identity, kept in its settings
    settings = (tmp_path / "data" / "settings.yaml").read_text(encoding="utf-8")
    assert re.search(r"^workspace: [0-9a-f]{32}$", settings, re.M), settings
    (tmp_path / "data" / "settings.yaml").write_text(
        "register: books/office.sqlite\n" + settings, encoding="utf-8"
    )
    assert CliRunner().invoke(cli, ["-C", str(tmp_path), "register", "list"]).exit_code == 4
    made = CliRunner().invoke(cli, ["-C", str(tmp_path), "register", "init"])
    assert made.exit_code == 0 and "gave this workspace" not in made.stdout, made.output
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "register", "list"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "books" / "office.sqlite").is_file()


def test_the_environment_names_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "env.sqlite"
    issue(open_register(target, create=True), make_request("a"))
    monkeypatch.setenv("DOCGEN_REGISTER", str(target))
    monkeypatch.chdir(tmp_path)
    assert "1 entry in " in run("list").stdout
