"""Titles (danh hiệu) as awards (issue 25 item 1): the decree's titles with their money and the
words of a decision on titles ("Tặng danh hiệu “…”", "Công nhận danh hiệu “…”"), and an
office's own title without money (its Quy chế cited): no money article, no money column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx import Document

from tests.conftest import make_workspace
from tests.support.cli_run import edit, run
from tests.support.docx_inspect import iter_paragraphs

PROPOSAL = "data/proposals/2025/nghe-an-ubnd.yaml"
DECISION = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2025.yaml"
OUTPUT = "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx"
CATALOGUE = "data/law/awards.yaml"

# an office's own campaign title, defined by its Quy chế: it carries no money
OWN_TITLE = """\
  - id: can-bo-mau-muc
    name: Cán bộ trường chính trị mẫu mực
    kind: title
    recipients: individual
    money: none
    source: Quy chế thi đua, khen thưởng của Trường Chính trị tỉnh Nghệ An (Điều 8)
"""


def title_workspace(tmp_path: Path, award: str, catalogue_row: str = "") -> Path:
    """The example workspace, the Nghệ An decision of 2025 deciding ``award`` on the two
    individuals of its proposal (titles for individuals: the collective is left out)."""
    ws = make_workspace(tmp_path / "ws")
    if catalogue_row:
        path = ws / CATALOGUE
        path.write_text(path.read_text(encoding="utf-8") + catalogue_row, encoding="utf-8")
    for rel in (PROPOSAL, DECISION):
        edit(ws, rel, "award: bang-khen-chu-tich-ubnd-tinh", f"award: {award}")
    text = (ws / PROPOSAL).read_text(encoding="utf-8")
    start, end = text.index("collectives:"), text.index("individuals:")
    (ws / PROPOSAL).write_text(text[:start] + text[end:], encoding="utf-8")
    edit(ws, DECISION, "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
         "Về việc tặng danh hiệu thi đua năm 2025")  # fmt: skip
    return ws


def without_money(ws: Path) -> None:
    """The decision of an award without money: no funding, its executors in Điều 2."""
    text = (ws / DECISION).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("funding:")]
    (ws / DECISION).write_text("".join(lines), encoding="utf-8")
    edit(ws, DECISION, "- Như Điều 3", "- Như Điều 2")


def render(ws: Path, tmp_path: Path) -> Path:
    out = tmp_path / OUTPUT
    code, _, err = run(ws, "render", "-q", str(ws / DECISION), "-o", str(out))
    assert code == 0, err
    return out


def texts(path: Path) -> list[str]:
    doc = Document(str(path))
    return [p.text.replace("\u00a0", " ") for p in iter_paragraphs(doc) if p.text.strip()]


def list_table(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[-1]
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.append(cell._tc)
                cells.append(cell.text.replace("\u00a0", " "))
        rows.append(cells)
    return rows


def test_a_decree_title_is_given_as_a_title_with_its_money(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    body = texts(render(ws, tmp_path))
    joined = "\n".join(body)
    assert (
        "Điều 1. Tặng danh hiệu “Lao động tiên tiến” cho 02 cá nhân (có danh sách kèm theo)"
        in joined
    )
    # 26/12/2025: Nghị định 152/2025, Lao động tiên tiến 0.3 × 2.340.000 → 710.000
    assert (
        "Điều 2. Mỗi cá nhân được tặng danh hiệu “Lao động tiên tiến” kèm theo mức tiền "
        "thưởng 710.000 đồng (Bảy trăm mười nghìn đồng). Tổng số tiền thưởng: 1.420.000 đồng"
    ) in joined
    assert "Tặng Lao động tiên tiến" not in joined
    assert any(t.startswith("Điều 3. Quyết định này có hiệu lực") for t in body)
    assert "CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" in joined.replace("\n", " ")


def test_a_title_the_catalogue_words_cong_nhan(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    edit(ws, CATALOGUE, "    category: lao-dong-tien-tien\n",
         "    category: lao-dong-tien-tien\n    wording: cong_nhan\n")  # fmt: skip
    joined = "\n".join(texts(render(ws, tmp_path)))
    assert "Điều 1. Công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân" in joined
    assert "Mỗi cá nhân được công nhận danh hiệu “Lao động tiên tiến” kèm theo" in joined
    assert "CÁ NHÂN ĐƯỢC CÔNG NHẬN DANH HIỆU" in joined


def test_a_form_keeps_tang(outputs: dict[str, Path]) -> None:
    joined = "\n".join(texts(outputs["quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx"]))
    assert "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể" in joined
    assert "danh hiệu" not in joined


def test_an_own_title_without_money(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    code, _, err = run(ws, "validate")
    assert code == 0, err
    out = render(ws, tmp_path)
    body = texts(out)
    joined = "\n".join(body)
    assert "Điều 1. Tặng danh hiệu “Cán bộ trường chính trị mẫu mực” cho 02 cá nhân" in joined
    assert "tiền thưởng" not in joined and "đồng" not in joined
    # no money article: the executors' article is Điều 2, and there is no Điều 3
    assert any(t.startswith("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.") for t in body)
    assert not any(t.startswith("Điều 3.") for t in body)
    rows = list_table(out)
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị"]
    assert not any("Tổng cộng" in cell for row in rows for cell in row)


def test_an_own_title_in_the_exports_and_stats(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    code, _, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    xlsx = tmp_path / "qd.xlsx"
    code, _, err = run(ws, "export", "decision", str(ws / DECISION), "--out", str(xlsx))
    assert code == 0, err
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU “CÁN BỘ TRƯỜNG CHÍNH TRỊ MẪU MỰC”"] in values
    assert ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Trường"] in values
    assert not any("Tổng" in str(cell) for row in values for cell in row)
    code, out, err = run(ws, "stats", "--from", "2025", "--issuer", "ubnd-nghe-an")
    assert code == 0, err
    total = next(line for line in out.splitlines() if line.startswith("Tổng cộng"))
    assert total.split()[2:] == ["1", "0", "2", "2", "0"]


def test_a_decision_without_money_still_citing_dieu_3(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    edit(ws, DECISION, "- Như Điều 2", "- Như Điều 3")
    code, _, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:28:5: error[DATA-REF]: 'Như Điều 3': this decision has no Điều 3 (an award "
        "without money has no money article; who executes it is Điều 2)"
    ) in err


def test_a_paid_award_needs_its_funding(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    without_money(ws)
    code, _, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:12:8: error[DATA-MISSING]: 'Lao động tiên tiến' carries money: the "
        "decision needs 'funding' (where the money comes from)"
    ) in err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (  # a form is always paid by a decree row
            "    category: giay-khen           # of a unit head, e.g. a provincial school's "
            "principal\n",
            "    money: none\n    source: Quy chế\n",
            "data/law/awards.yaml:40:5: error[DATA-VALUE]: 'money: none' is for an office's own "
            "titles, not for a form",
        ),
        (
            "    category: cstd-co-so\n",
            "",
            "data/law/awards.yaml:56:5: error[DATA-VALUE]: a title needs 'category' (its decree "
            "row) or 'money: none' with its 'source'",
        ),
        (
            "    source: Quy chế thi đua, khen thưởng của Trường Chính trị tỉnh Nghệ An (Điều 8)\n",
            "",
            "data/law/awards.yaml:81:5: error[DATA-VALUE]: a title without money needs "
            "'source': the Quy chế that defines it",
        ),
        (
            "    money: none\n",
            "    money: none\n    wording: cong-nhan\n",
            "data/law/awards.yaml:86:14: error[DATA-REF]: unknown wording 'cong-nhan' for 'Cán bộ "
            "trường chính trị mẫu mực' (rules/awards.yaml has: tang, tang_danh_hieu, cong_nhan)",
        ),
    ],
)
def test_catalogue_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    edit(ws, CATALOGUE, old, new)
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    assert message in err.splitlines(), err
