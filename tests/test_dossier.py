"""`docgen dossier`: a decision's or a proposal's documents, in submission order, in one folder
(and one PDF); a folder that is not a dossier is refused and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import cli
from tests.conftest import make_workspace
from tests.support.docx_inspect import text_dump
from tests.support.pdf_inspect import page_count, page_text, require_poppler

DECISION = "data/documents/quyet-dinh-khen-thuong-2024.yaml"
PROPOSAL = "data/documents/to-trinh-lao-cai-2024.yaml"


def run(ws: Path, *args: str) -> tuple[int, str, str]:
    register = ws / "register.sqlite"
    result = CliRunner().invoke(cli, ["-C", str(ws), "--register", str(register), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("dossier-ws"), achievements=True)


def test_a_decisions_dossier_holds_its_documents_in_submission_order(workspace: Path) -> None:
    out = workspace / "ho-so"
    code, stdout, stderr = run(workspace, "dossier", DECISION, "--out", str(out))
    assert code == 0, stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    docs = [n for n in names if n.endswith(".docx")]
    # the schools' Tờ trình first, the decision last, each numbered by its place
    assert docs[0].startswith("01-to-trinh-") and docs[-1].endswith(
        "-quyet-dinh-khen-thuong-2024-HVCTQG.docx"
    )
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(1, len(names) + 1)]
    assert names[5] == "06-bao-cao-thanh-tich"
    schools = [n for n in docs if "to-trinh" in n]
    assert len(schools) == 4
    # then the council's minutes, the achievement reports of those it awards, the decision
    assert docs[4].startswith("05-bien-ban-hoi-dong-tdkt-2024")
    reports = sorted((out / "06-bao-cao-thanh-tich").iterdir())
    assert len(reports) == 58  # 59 proposed; Bùi Công Long failed the council's vote
    assert not [r for r in reports if "Bùi Công Long" in r.name]
    assert "BÁO CÁO THÀNH TÍCH" in text_dump(reports[0])
    # the same files as `docgen build` wrote, under the same numbers
    built = workspace / "output" / docs[-1][3:]
    assert text_dump(out / docs[-1]) == text_dump(built)
    assert "Tờ trình đề nghị khen thưởng" in stdout
    total = len(docs) + len(reports)
    assert stdout.strip().splitlines()[-1].startswith(f"dossier of {total} documents in")


def test_a_second_dossier_replaces_the_first_as_a_whole(workspace: Path) -> None:
    out = workspace / "ho-so-2"
    assert run(workspace, "dossier", DECISION, "--out", str(out))[0] == 0
    (out / "99-stale.docx").write_bytes(b"left from an earlier dossier")
    code, _, stderr = run(workspace, "dossier", DECISION, "--out", str(out))
    assert code == 0, stderr
    assert not (out / "99-stale.docx").exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".ho-so-2")]


def test_a_folder_with_other_files_is_refused_and_kept(workspace: Path) -> None:
    out = workspace / "mine"
    out.mkdir()
    (out / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    code, _, stderr = run(workspace, "dossier", DECISION, "--out", str(out))
    assert code != 0
    assert "error[DOSSIER-OUT]" in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == ["ghi-chu.txt"]
    assert not [p for p in workspace.iterdir() if p.name.startswith(".mine.")]


def test_a_plan_has_no_dossier(workspace: Path) -> None:
    code, _, stderr = run(
        workspace, "dossier", "data/documents/ke-hoach-2024.yaml", "--out", str(workspace / "x")
    )
    assert code == 2
    assert "data/documents/ke-hoach-2024.yaml:3:7: error[DOSSIER-KIND]" in stderr
    assert not (workspace / "x").exists()


@pytest.mark.libreoffice
def test_one_pdf_joins_every_document_in_order(workspace: Path) -> None:
    require_poppler()
    out = workspace / "ho-so-pdf"
    code, stdout, stderr = run(workspace, "dossier", PROPOSAL, "--out", str(out), "--pdf")
    assert code == 0, stderr
    pdf = next(out.glob("*.pdf"))
    pages = page_count(pdf)
    assert f"of {pages} pages" in stdout
    # the Tờ trình (3 pages: its list attached), then the Lào Cai nominees' reports (2 each)
    reports = sorted((out / "02-bao-cao-thanh-tich").iterdir())
    assert len(reports) == 14
    assert pages == 3 + 2 * len(reports)
    assert "TỜ TRÌNH" in page_text(pdf, 1)
    assert "BÁO CÁO THÀNH TÍCH" in page_text(pdf, 4)


def test_a_proposals_dossier_goes_without_the_level_aboves_minutes(workspace: Path) -> None:
    """The Học viện's council meets after the school's Tờ trình: its minutes belong to the
    decision's dossier, not to the school's, which is made (and says so) without minutes."""
    out = workspace / "ho-so-lao-cai"
    code, _, stderr = run(workspace, "dossier", "to-trinh-lao-cai-2024", "--out", str(out))
    assert code == 0, stderr
    assert f"{PROPOSAL}: warning[DOSSIER-MISSING]: no council minutes" in stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["01-to-trinh-87-TTr-TCT-lao-cai.docx", "02-bao-cao-thanh-tich"]
