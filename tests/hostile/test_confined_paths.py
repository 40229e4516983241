"""A workspace from elsewhere, with its links (issue 24, case 2, the command line): docgen
writes no document through a link of the workspace to a folder outside it, and numbers into
no register reached that way or named outside it by data/settings.yaml. What the clerk gives
on the command line (--out, --register, -C) outside the workspace is the clerk's choice."""

from __future__ import annotations

import shutil
from pathlib import Path

from docgen.register import open_register
from tests.conftest import make_workspace
from tests.support.cli_run import edit, run


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_output_linked_outside_is_not_written_into(tmp_path: Path) -> None:
    """Before: `docgen build` followed output/ → elsewhere and wrote 27 documents there."""
    ws = make_workspace(tmp_path / "ws")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ws / "output").symlink_to(elsewhere, target_is_directory=True)
    code, _, err = run(ws, "build")
    assert code == 5
    assert (
        f"output: error[OUTPUT-OUTSIDE]: refusing to write into output: it is a link to "
        f"{elsewhere}, outside the workspace"
    ) in err
    assert _files(elsewhere) == []
    assert open_register(ws / "register.sqlite").entries() == []


def test_a_folder_of_output_linked_outside_is_not_written_into(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    assert run(ws, "build")[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ws / "output" / "bang-khen").symlink_to(elsewhere, target_is_directory=True)
    spec = "data/certificates/bang-khen-2024.yaml"
    code, _, err = run(ws, "certificates", spec, "--out", str(ws / "output" / "bang-khen"))
    assert code == 5
    assert (
        "bang-khen: error[OUTPUT-OUTSIDE]: refusing to write into output/bang-khen: it is a link"
        in err
    )
    assert _files(elsewhere) == []
    # the clerk's own folder outside the workspace, typed on the command line, is written
    code, _, err = run(ws, "certificates", spec, "--out", str(tmp_path / "in-bang"))
    assert code == 0, err
    assert len(_files(tmp_path / "in-bang")) > 0


def test_a_register_linked_outside_is_not_numbered_into(tmp_path: Path) -> None:
    """Before: a workspace whose register.sqlite was a link to another office's register
    numbered its documents there."""
    ws = make_workspace(tmp_path / "ws")
    other = tmp_path / "other-office"
    other.mkdir()
    (ws / "register.sqlite").rename(other / "register.sqlite")
    (ws / "register.sqlite").symlink_to(other / "register.sqlite")
    before = (other / "register.sqlite").read_bytes()
    linked = str(ws / "register.sqlite")
    for args in (["build"], ["register", "list"], ["--register", linked, "build"]):
        code, _, err = run(ws, *args)
        assert code == 2, (args, err)
        assert "error[REGISTER-OUTSIDE]" in err
        assert f"{other / 'register.sqlite'}, outside the workspace" in err
    assert (other / "register.sqlite").read_bytes() == before


def test_settings_may_not_name_a_register_outside_the_workspace(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    other = tmp_path / "other-office"
    other.mkdir()
    shutil.copy(ws / "register.sqlite", other / "register.sqlite")
    edit(
        ws,
        "data/settings.yaml",
        "register: register.sqlite",
        "register: ../other-office/register.sqlite",
    )
    code, _, err = run(ws, "build")
    assert code == 2
    assert err.startswith(
        "data/settings.yaml:4:11: error[REGISTER-OUTSIDE]: the register "
        "../other-office/register.sqlite of data/settings.yaml is outside the workspace"
    )
    assert open_register(other / "register.sqlite").entries() == []
    # given on the command line, the same register is the clerk's choice
    code, _, err = run(ws, "--register", str(other / "register.sqlite"), "build")
    assert code == 0, err
    assert len(open_register(other / "register.sqlite").entries()) > 0


def test_a_workspace_reached_through_a_link_works(tmp_path: Path) -> None:
    """-C through a link is the clerk's choice: followed, and what is inside it is inside."""
    ws = make_workspace(tmp_path / "ws")
    (tmp_path / "link").symlink_to(ws, target_is_directory=True)
    code, _, err = run(tmp_path / "link", "build")
    assert code == 0, err
    assert len(_files(ws / "output")) > 0
