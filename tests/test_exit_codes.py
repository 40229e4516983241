"""Exit statuses and messages as the README says (issue 24, case 8): what was asked cannot be
done as given is exit 2 like the data (before: 1); a bound of a number and an empty list of
choices are said in Vietnamese (before: "Input should be greater than 0", "(… có: none)")."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import (
    ConversionError,
    DataError,
    DocgenError,
    OutputError,
    RegisterError,
    TemplateError,
)
from docgen.i18n import translate
from tests.conftest import make_workspace
from tests.support.cli_run import edit, run


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (DocgenError("x", code="CERT-KIND"), 2),
        (DataError([]), 2),
        (TemplateError("x"), 3),
        (RegisterError("x"), 4),
        (OutputError("x"), 5),
        (ConversionError("x"), 6),
    ],
)
def test_exit_statuses(error: DocgenError, status: int) -> None:
    assert error.exit_code == status


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("'book_start' must be at least 1", "'book_start' phải từ 1 trở lên"),
        ("'width' must be more than 0", "'width' phải lớn hơn 0"),
        ("'size' must be at most 72", "'size' không được lớn hơn 72"),
        (
            "unknown category 'x' for 'y' (the decree tables have: none)",
            "không có dòng 'x' cho 'y' (các bảng nghị định có: không có)",
        ),
    ],
)
def test_messages_in_vietnamese(english: str, vietnamese: str) -> None:
    assert translate(english, "vi") == vietnamese


def test_a_bound_of_a_number_is_a_located_data_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    assert run(ws, "build")[0] == 0  # the decision has its number
    edit(ws, "data/certificates/bang-khen-2024.yaml", "book_start: 1", "book_start: 0")
    spec = str(ws / "data/certificates/bang-khen-2024.yaml")
    code, _, err = run(ws, "certificates", spec, "--out", str(ws / "c"))
    assert code == 2
    assert "data/certificates/bang-khen-2024.yaml:15:13: error[DATA-VALUE]: " in err
    assert "'book_start' must be at least 1" in err


def test_a_data_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Before: a 50 MB YAML file was parsed (787 MB of memory), with no limit (issue 24,
    case 7). Now a data file over rules/data_limits.yaml's size is a located error."""
    ws = make_workspace(tmp_path / "ws")
    schools = ws / "data" / "schools.yaml"
    with schools.open("a", encoding="utf-8") as out:
        out.write(("# " + "x" * 1022 + "\n") * (17 * 1024))  # 17 MB of comments
    code, _, err = run(ws, "validate")
    assert code == 2
    assert "data/schools.yaml: error[DATA-TOO-LARGE]: the file is 17.0 MB" in err
    assert "at most 16 MB" in err


def _statuses_used() -> set[int]:
    """Every exit status docgen picks: its errors' (docgen.errors) and the commands' own
    ``ctx.exit(N)`` (the CLI modules)."""
    import re

    import docgen.errors as errors

    found = {
        cls.exit_code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, DocgenError)
    }
    cli = Path(errors.__file__).parent / "cli"
    for module in cli.glob("*.py"):
        found |= {int(n) for n in re.findall(r"ctx\.exit\((\d+)\)", module.read_text("utf-8"))}
    return found | {0}


def test_every_exit_status_is_documented_in_the_help_and_the_readme(repo_root: Path) -> None:
    """Before: exit status 1 (a format error found, a batch with failures) was in neither
    `docgen --help` nor the README's list (issue 26, case 6.5)."""
    from click.testing import CliRunner

    from docgen.cli.main import cli

    used = _statuses_used()
    assert used == {0, 1, 2, 3, 4, 5, 6, 7}
    shown = CliRunner().invoke(cli, ["--help"]).stdout
    listed = shown.partition("Exit status:\n")[2]
    assert sorted(int(line.split()[0]) for line in listed.splitlines() if line[:3].strip()) == (
        sorted(used)
    )
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    table = readme.partition("Exit status (also at the end of `docgen --help`):")[2]
    rows = [line for line in table.split("\n\n")[1].splitlines() if line.startswith("| ")]
    assert sorted(int(row.split("|")[1]) for row in rows[1:]) == sorted(used)
