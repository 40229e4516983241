"""A register knows its workspaces (issue 23, cases 2 and 3): it is made only on purpose, and
two workspaces sharing one register never take or overwrite each other's entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.api import BuiltDocument, build
from docgen.register import NumberingPolicy, open_register
from tests.conftest import make_workspace
from tests.register.conftest import issue, make_request
from tests.support.cli_run import edit, run

SPEC = "thong-bao-snv-ket-luan"
SHOWN = f"data/documents/{SPEC}.yaml"
OTHER_OFFICE = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def _workspace(path: Path, identity: str | None = None) -> Path:
    ws = make_workspace(path)
    if identity is not None:
        edit(ws, "data/settings.yaml", "workspace: hvctqg-vi-du-2024", f"workspace: {identity}")
    return ws


def _symbols(documents: list[BuiltDocument]) -> list[str | None]:
    return [d.symbol for d in documents]


# -- case 2: a register is made on purpose only -------------------------------------------------


def test_a_mistyped_register_path_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    """Before: ``--register`` with a typo made a new, empty register (and its folders), and the
    build reissued numbers: 03/SNV went to two different công văn."""
    ws = _workspace(tmp_path / "ws")
    typo = tmp_path / "regsiter" / "register.sqlite"
    code, _, err = run(ws, "--register", str(typo), "build", "--out", str(tmp_path / "out"))
    assert code == 4, err
    assert err.startswith(f"error[REGISTER-MISSING]: {typo} is not a docgen register")
    assert "docgen register init" in err and "Traceback" not in err
    assert not typo.parent.exists()
    assert not (tmp_path / "out").exists()
    code, _, err = run(ws, "--register", str(typo), "register", "list")
    assert code == 4 and "REGISTER-MISSING" in err and not typo.parent.exists()


@pytest.mark.postgres
def test_an_empty_database_is_not_a_register(tmp_path: Path, fresh_pg_url: str) -> None:
    """Before: ``DOCGEN_REGISTER=postgresql://…`` naming another, empty database renumbered
    and overwrote every auto-numbered file in output/ (01-TB became 04-TB), no warning."""
    ws = _workspace(tmp_path / "ws")
    assert run(ws, "build", "--out", str(ws / "output"))[0] == 0
    before = (ws / "output" / "thong-bao-ket-luan-TB-SNV.docx").read_bytes()
    code, _, err = run(ws, "--register", fresh_pg_url, "build", "--out", str(ws / "output"))
    assert code == 4 and "error[REGISTER-MISSING]" in err, err
    assert (ws / "output" / "thong-bao-ket-luan-TB-SNV.docx").read_bytes() == before
    # made on purpose, it is a register (and the workspace keeps its identity)
    code, out, err = run(ws, "--register", fresh_pg_url, "register", "init")
    assert code == 0 and out.startswith("created the register postgresql://"), err


def test_a_workspace_without_an_identity_does_not_number(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws")
    edit(ws, "data/settings.yaml", "workspace: hvctqg-vi-du-2024\n", "")
    code, _, err = run(ws, "build", "--out", str(tmp_path / "out"))
    assert code != 0
    assert "error[WORKSPACE-IDENTITY]" in err and "data/settings.yaml" in err
    assert "docgen register init" in err
    code, out, _ = run(ws, "register", "init")
    assert code == 0 and "gave this workspace the identity" in out
    assert run(ws, "build", "--out", str(tmp_path / "out"))[0] == 0


# -- case 3: two workspaces, one register ---------------------------------------------------------


def test_two_workspaces_sharing_a_register_keep_their_own_entries(
    tmp_path: Path, register_url: str
) -> None:
    """Before: a number was bound to the spec's path inside a workspace, so workspace B's
    data/documents/x.yaml took workspace A's number and overwrote A's row."""
    a = _workspace(tmp_path / "a")
    b = _workspace(tmp_path / "b", OTHER_OFFICE)
    first = build(a, tmp_path / "out-a", only=[SPEC], register=register_url)
    assert _symbols(first.documents) == ["01/TB-SNV"], [d.error for d in first.documents]
    second = build(b, tmp_path / "out-b", only=[SPEC], register=register_url)
    # B's document is another document of the same issuer's series: the next number
    assert _symbols(second.documents) == ["02/TB-SNV"], [d.error for d in second.documents]
    again = build(a, tmp_path / "out-a", only=[SPEC], register=register_url)
    assert _symbols(again.documents) == ["01/TB-SNV"]

    book = open_register(register_url)
    rows = sorted((e.symbol, e.workspace, e.spec, e.state) for e in book.entries())
    assert rows == [
        ("01/TB-SNV", "hvctqg-vi-du-2024", SHOWN, "issued"),
        ("02/TB-SNV", OTHER_OFFICE, SHOWN, "issued"),
    ]
    # each workspace sees its own number for the spec
    assert open_register(register_url, workspace=OTHER_OFFICE).get_by_spec(SHOWN).symbol == (
        "02/TB-SNV"
    )
    mine = open_register(register_url, workspace="hvctqg-vi-du-2024").get_by_spec(SHOWN)
    assert mine is not None and mine.symbol == "01/TB-SNV"


def test_an_entry_made_before_workspaces_is_claimed_by_the_first_to_build_it(
    tmp_path: Path, register_url: str
) -> None:
    """A register written before this version has entries of no workspace (''): the workspace
    that builds the spec again claims its entry, with the same number; another workspace then
    gets its own."""
    a = _workspace(tmp_path / "a")
    legacy = open_register(register_url)  # opened outside any workspace: entries of ''
    request = make_request(
        SHOWN,
        day=dt.date(2025, 4, 15),
        type_abbr="TB",
        system="state",
        issuer="snv-nghe-an",
        issuer_abbr="SNV",
    )
    symbol = issue(legacy, request, NumberingPolicy(series="per_type"))
    assert symbol == "01/TB-SNV"
    first = build(a, tmp_path / "out-a", only=[SPEC], register=register_url)
    assert _symbols(first.documents) == ["01/TB-SNV"], [d.error for d in first.documents]
    (entry,) = open_register(register_url).entries()
    assert entry.workspace == "hvctqg-vi-du-2024"
    b = _workspace(tmp_path / "b", OTHER_OFFICE)
    second = build(b, tmp_path / "out-b", only=[SPEC], register=register_url)
    assert _symbols(second.documents) == ["02/TB-SNV"]
