"""`--register` after the command means what it means before it (issue 26, case 6.2): before,
`docgen register list --register URL` and `docgen build --register URL` were refused ("No such
option"); on both register backends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import cli
from docgen.register import open_register
from tests.conftest import make_workspace
from tests.register.conftest import issue, make_request


@pytest.fixture(autouse=True)
def _no_register_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCGEN_REGISTER", raising=False)


@pytest.mark.parametrize(
    "args",
    [
        ("--register", "{url}", "register", "list"),
        ("register", "list", "--register", "{url}"),
        ("register", "--register", "{url}", "list"),  # the group's own option, as before
    ],
)
def test_register_list_with_the_register_before_or_after(
    register_url: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    issue(open_register(register_url), make_request("data/documents/a.yaml", dt.date(2024, 9, 3)))
    result = CliRunner().invoke(
        cli, ["-C", str(tmp_path), *(a.format(url=register_url) for a in args)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("1 entry in ")


@pytest.mark.parametrize("after", [False, True])
def test_render_numbers_in_the_register_named_after_the_command(
    register_url: str, tmp_path: Path, after: bool
) -> None:
    ws = make_workspace(tmp_path / "ws")
    spec = str(ws / "data" / "documents" / "cong-van-snv-125.yaml")
    where = ["--register", register_url]
    args = ["render", spec, *where] if after else [*where, "render", spec]
    result = CliRunner().invoke(cli, ["-C", str(ws), *args])
    assert result.exit_code == 0, result.output
    assert "(125/SNV-VP)" in result.stdout
    listed = CliRunner().invoke(cli, ["-C", str(ws), "register", "list", *where])
    assert "125/SNV-VP" in listed.stdout, listed.output
