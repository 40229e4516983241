"""What the examples print where docgen joins text, and the checks of it (issue 22 faults 3,
4 and 9): the effectiveness clause, a plan's dates, list titles, punctuation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_workspace
from tests.support.cli_run import edit, run
from tests.support.docx_inspect import iter_paragraphs

DECISIONS = [
    "quyet-dinh-1248-QD-HVCTQG-phat-dong.docx",
    "quyet-dinh-khen-thuong-2024-HVCTQG.docx",
    "quyet-dinh-120-QD-TCT-quy-che.docx",
    "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx",
    "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx",
    "quyet-dinh-12-QD-SNV-quy-che.docx",
]


def texts(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in iter_paragraphs(Document(str(path)))]


@pytest.mark.parametrize("name", DECISIONS)
def test_every_decision_says_when_it_takes_effect(outputs: dict[str, Path], name: str) -> None:
    lines = texts(outputs[name])
    articles = [t for t in lines if t.startswith("Điều ")]
    assert any("có hiệu lực" in t and "kể từ ngày" in t for t in articles), articles
    party = "HVCTQG" in name or "TCT" in name
    if "12-QD-SNV" not in name:  # the clerk's own clause there stays as written
        clause = "Quyết định có hiệu lực" if party else "Quyết định này có hiệu lực"
        last = [t for t in articles if "chịu trách nhiệm thi hành" in t][-1]
        assert last.split(". ", 1)[1].startswith(clause), last


def test_the_2024_plan_carries_no_2022_deadline(outputs: dict[str, Path]) -> None:
    yearly = "\n".join(texts(outputs["ke-hoach-2024-KH-HVCTQG.docx"]))
    launching = "\n".join(texts(outputs["ke-hoach-1247-KH-HVCTQG.docx"]))
    assert "30/9/2022" not in yearly
    assert "trước ngày 30/9/2022" in launching  # the launching year's plan keeps it


def test_a_plan_date_outside_its_year_is_flagged(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, "data/campaigns/xd-truong-chuan.yaml", "          - year: 2022\n", "          - ")
    edit(ws, "data/campaigns/xd-truong-chuan.yaml", "            text: >-\n", "")
    code, _out, err = run(ws, "validate")
    assert code != 0
    assert "data/campaigns/xd-truong-chuan.yaml:" in err and "DATA-PLAN-DATE" in err
    assert "a plan for 2024 carries the date 30/9/2022" in err


def test_a_cited_documents_date_is_not_a_deadline(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    code, _out, err = run(ws, "validate")
    assert code == 0 and "DATA-PLAN-DATE" not in err  # "Kế hoạch số 1247-KH/HVCTQG ngày 09/9/2022"


def test_list_title_names_what_it_holds() -> None:
    from docgen.awards.kinds.decision_award import list_holds

    assert list_holds(True, True) == "TẬP THỂ, CÁ NHÂN"
    assert list_holds(False, True) == "CÁ NHÂN"
    assert list_holds(True, False) == "TẬP THỂ"


def test_a_clerks_full_stop_is_not_doubled(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    spec = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2024.yaml"
    edit(ws, spec, "của tỉnh\n", "của tỉnh năm 2021.\n")
    edit(ws, spec, "ngày 23 tháng 12 năm 2024\n", "ngày 23 tháng 12 năm 2024.\n")
    edit(ws, spec, "  Chánh Văn phòng", "  chánh Văn phòng")
    code, _out, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    lines = texts(tmp_path / "out" / "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx")
    joined = "\n".join(lines)
    assert "năm 2021.." not in joined and "năm 2021." in joined
    assert "năm 2024.." not in joined
    assert any(
        t.startswith("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh") for t in lines
    )
