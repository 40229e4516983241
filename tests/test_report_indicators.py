"""The summary report follows the campaign's own indicators (issue 25, item 6): another
campaign's results, in its own words, make its own sections, sentences, charts and tables, and
nothing of the example campaign (trường chính trị chuẩn, Quy định 11-QĐ/TW) is printed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document

from docgen.documents.readable import readable_of_file
from tests.conftest import make_workspace
from tests.support.cli_run import run

REPORT = "output/bao-cao-tong-ket-2022-2025-HVCTQG.docx"

OTHER = {
    "campaign": "xd-truong-chuan",
    "awarder": "Ban Thi đua",
    "indicators": [
        {
            "id": "van-hoa",
            "kind": "standard",
            "title": "Kết quả xây dựng cơ quan văn hóa",
            "counted": "đơn vị",
            "unit": "đơn vị",
            "reached": "được công nhận đạt danh hiệu cơ quan văn hóa",
            "criteria": 3,
            "axis": "Số đơn vị đạt chuẩn văn hóa",
            "chart": "Số đơn vị đạt chuẩn văn hóa theo cụm",
            "table": "Số đơn vị đạt chuẩn văn hóa theo cụm",
        },
        {
            "id": "sinh-hoat",
            "kind": "count",
            "title": "Sinh hoạt chuyên đề",
            "done": "các đơn vị đã tổ chức",
            "counted": "buổi sinh hoạt chuyên đề về văn hóa công vụ",
            "table": "Số buổi sinh hoạt chuyên đề theo cụm và năm",
        },
        {
            "id": "so-hoa",
            "kind": "standard",
            "title": "Chuyển đổi số",
            "counted": "đơn vị",
            "unit": "đơn vị",
            "reached": "hoàn thành chuyển đổi số hồ sơ",
            "criteria": 2,
            "axis": "Số đơn vị hoàn thành chuyển đổi số",
            "chart": "Số đơn vị hoàn thành chuyển đổi số theo cụm",
            "table": "Số đơn vị hoàn thành chuyển đổi số theo cụm",
        },
    ],
}


def _other_results(ws: Path) -> int:
    """The other campaign's results for the example's schools; how many schools they cover."""
    path = ws / "data" / "results" / "xd-truong-chuan.yaml"
    schools = yaml.safe_load(path.read_text(encoding="utf-8"))["schools"]
    data = {**OTHER, "schools": {}}
    for i, school in enumerate(schools):
        reached = 2022 + i % 4
        data["schools"][school] = {
            "reached": {"van-hoa": reached, "so-hoa": 2025},
            "values": {
                "van-hoa": {y: 3 if y >= reached else 2 for y in range(2022, 2026)},
                "sinh-hoat": {y: 1 for y in range(2022, 2026)},
                "so-hoa": {y: 2 if y == 2025 else 1 for y in range(2022, 2026)},
            },
        }
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(schools)


def test_another_campaign_reports_its_own_indicators(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    schools = _other_results(ws)
    code, _, err = run(ws, "build")
    assert code == 0, err
    text = readable_of_file(ws / REPORT)
    part_one = text[text.index("KẾT QUẢ THỰC HIỆN") : text.index("ĐÁNH GIÁ CHUNG")]
    assert "trường chính trị chuẩn" not in part_one and "11-QĐ/TW" not in part_one
    for title in ("Kết quả xây dựng cơ quan văn hóa", "Sinh hoạt chuyên đề", "Chuyển đổi số"):
        assert title in part_one
    assert "được công nhận đạt danh hiệu cơ quan văn hóa; số đơn vị đạt chuẩn văn hóa tăng qua" in (
        part_one
    )
    sessions = schools * 4  # one a year for 2022-2025
    assert f"các đơn vị đã tổ chức {sessions} buổi sinh hoạt chuyên đề về văn hóa công vụ." in (
        part_one
    )
    # numbered in the order printed: two charts, four tables (the awards' last)
    order = [
        "Biểu đồ 1. Số đơn vị đạt chuẩn văn hóa theo cụm",
        "Bảng 1. Số đơn vị đạt chuẩn văn hóa theo cụm",
        "Bảng 2. Số buổi sinh hoạt chuyên đề theo cụm và năm",
        "Biểu đồ 2. Số đơn vị hoàn thành chuyển đổi số theo cụm",
        "Bảng 3. Số đơn vị hoàn thành chuyển đổi số theo cụm",
        "Bảng 4. Khen thưởng theo hình thức và cụm thi đua",
    ]
    places = [text.index(caption) for caption in order]
    assert places == sorted(places)
    assert "Ban Thi đua đã tặng " in text
    with zipfile.ZipFile(ws / REPORT) as zf:
        assert len([n for n in zf.namelist() if n.startswith("word/media/")]) == 2


def test_a_value_of_no_indicator_is_a_located_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    path = ws / "data" / "results" / "xd-truong-chuan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      toa-dam: {2022: 2,", "      hoi-thao: {2022: 2,", 1))
    code, _, err = run(ws, "validate")
    assert code == 2
    assert "data/results/xd-truong-chuan.yaml" in err
    assert "cao-bang: 'hoi-thao' is not one of the indicators (dat-chuan, toa-dam)" in err


@pytest.mark.libreoffice
def test_a_chart_carried_over_by_its_caption_is_a_hole_check_finds(tmp_path: Path) -> None:
    """With the chart's caption kept with the table after it (DGTableCaption, as it was), the
    second chart went to page 3 and left page 2 a third blank, and `docgen check --pages` saw
    nothing. Its caption now goes with the chart (DGFigureCaption), and check finds the hole."""
    ws = make_workspace(tmp_path / "ws")
    _other_results(ws)
    assert run(ws, "build")[0] == 0
    report = ws / REPORT
    code, out, err = run(ws, "check", "--pages", str(report))
    assert code == 0, out + err
    assert "0 errors" in out
    # the caption as it was: kept with the next paragraph
    doc = Document(str(report))
    (caption,) = [p for p in doc.paragraphs if p.text.startswith("Biểu đồ 2.")]
    caption.style = doc.styles["DGTableCaption"]
    carried = tmp_path / "carried.docx"
    doc.save(str(carried))
    code, out, err = run(ws, "check", "--pages", str(carried))
    assert code == 1
    assert "error[DOC-PAGE-HOLE]" in out
    assert "while the picture at the top of page 3 and the line under it (“Biểu đồ 2." in out
