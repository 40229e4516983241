"""``docgen new TYPE``: a commented skeleton for every type of both systems, valid as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.checker import check_docx
from docgen.cli.main import cli
from docgen.rules import load_rules
from tests.conftest import make_workspace

PAIRS = [
    (type_id, system)
    for type_id, doc_type in sorted(load_rules().document_types.items())
    if doc_type.numbered  # a báo cáo thành tích is made by docgen achievements, not a spec
    for system in doc_type.systems
]


def test_every_type_in_every_system_validates_as_written(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    docs = ws / "data" / "documents"
    for old in docs.glob("*.yaml"):
        old.unlink()  # only the skeletons: each must stand on its own
    # and the decisions received back, which answer the example's Tờ trình removed above
    for old in (ws / "data" / "received").glob("*.yaml"):
        old.unlink()
    runner = CliRunner()
    for type_id, system in PAIRS:
        target = docs / f"moi-{type_id.replace('_', '-')}-{system}.yaml"
        args = ["-C", str(ws), "new", type_id, "--system", system, "-o", str(target)]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert target.read_text(encoding="utf-8").startswith("# ")
    result = runner.invoke(cli, ["-C", str(ws), "validate"])
    assert result.exit_code == 0, result.output
    assert f"{len(PAIRS)} documents" in result.stdout
    assert len(PAIRS) > 40
    # and each builds into a document the checker passes
    register = str(tmp_path / "register.sqlite")
    result = runner.invoke(cli, ["-C", str(ws), "--register", register, "build", "--check"])
    assert result.exit_code == 0, result.output
    assert f"checked {len(PAIRS)} documents: 0 format errors" in result.stdout


@pytest.mark.parametrize(
    ("type_id", "system", "symbol"),
    [
        ("cong_van", "state", "01/SNV"),
        ("cong_van", "party", "01-CV/HVCTQG"),
        ("quyet_dinh", "state", "01/QĐ-SNV"),
        ("huong_dan", "party", "01-HD/HVCTQG"),
    ],
)
def test_a_skeleton_builds_and_passes_the_checker(
    tmp_path: Path, type_id: str, system: str, symbol: str
) -> None:
    ws = make_workspace(tmp_path)
    target = ws / "data" / "documents" / "moi.yaml"
    runner = CliRunner()
    register = ["--register", str(tmp_path / "register.sqlite")]
    assert (
        runner.invoke(
            cli, ["-C", str(ws), "new", type_id, "--system", system, "-o", str(target)]
        ).exit_code
        == 0
    )
    result = runner.invoke(cli, ["-C", str(ws), *register, "render", str(target)])
    assert result.exit_code == 0, result.output
    assert f"({symbol})" in result.stdout
    report = check_docx(ws / "output" / "moi.docx")
    assert report.errors == [] and report.doc_type is not None and report.doc_type.id == type_id


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["ket_luan", "--system", "state"],
            "error[NEW-TYPE]: Kết luận is a party document type, not a state one",
        ),
        (
            ["huong_dann"],
            "error[NEW-TYPE]: unknown document type 'huong_dann' (known: ban_ghi_nho,",
        ),
    ],
)
def test_what_cannot_be_made_is_said(tmp_path: Path, args: list[str], message: str) -> None:
    ws = make_workspace(tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(ws), "new", *args])
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_never_overwrites(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    existing = ws / "data" / "documents" / "ke-hoach-2024.yaml"
    before = existing.read_bytes()
    result = CliRunner().invoke(cli, ["-C", str(ws), "new", "ke_hoach", "-o", str(existing)])
    assert result.exit_code == 5 and "never overwrites a file" in result.stderr
    assert existing.read_bytes() == before


def test_prints_when_no_file_is_named(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    result = CliRunner().invoke(
        cli, ["-C", str(ws), "new", "to_trinh"], env={"SOURCE_DATE_EPOCH": "1735689600"}
    )
    assert result.exit_code == 0
    assert "type: to_trinh" in result.stdout and "date: 2025-01-01" in result.stdout
    assert "addressee:" in result.stdout  # a tờ trình is addressed (Kính gửi)
