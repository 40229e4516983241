"""A campaign edited in the browser: its fields, its timeline year by year, its next year."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.api import build, validate_workspace
from docgen.web.timeline_edit import points_of, points_text, shift_dates
from tests.support.docx_inspect import read_texts
from tests.web.conftest import ClientFactory
from tests.web.test_lists_edit import form_of, submit

URL = "/campaigns/van-hoa-cong-so/edit"
FILE = "data/campaigns/van-hoa-cong-so.yaml"
DATED = "Quý IV: sơ kết, đánh giá, đề xuất khen thưởng."


def _plan_for(root: Path, year: int) -> None:
    """The yearly plan a clerk makes for the new year (the document form is another page)."""
    spec = (root / "data/documents/ke-hoach-snv-van-hoa-cong-so.yaml").read_text(encoding="utf-8")
    spec = spec.replace("date: 2026-02-03", f"date: {year}-01-15\nyear: {year}")
    spec = spec.replace("năm 2026", f"năm {year}").replace("cong-so-SNV", f"cong-so-{year}-SNV")
    (root / f"data/documents/ke-hoach-van-hoa-cong-so-{year}.yaml").write_text(spec, "utf-8")


def test_the_next_year_is_added_and_its_plan_builds(fresh_root: Path, client_for: ClientFactory):
    path = fresh_root / FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'"{DATED}"', f'"{DATED[:-1]}, báo cáo trước ngày 30/11/2026."  # hạn của Sở'
        ),
        encoding="utf-8",
    )
    client = client_for(fresh_root, "lan")
    page = client.get(URL)
    assert page.status_code == 200
    assert "Hoạt động năm 2026" in page.text
    added = submit(client, page.text, URL, {"action": "next_year"})
    assert added.status_code == 200, added.text
    assert "Đã thêm năm 2027" in added.text
    assert "Hoạt động năm 2027" in added.text
    assert "báo cáo trước ngày 30/11/2027" in added.text
    assert path.read_text(encoding="utf-8").count("year:") == 1  # not written yet
    saved = submit(client, added.text, URL, {"action": "save"})
    assert 'id="saved"' in saved.text, saved.text
    text = path.read_text(encoding="utf-8")
    # the clerk's comments stay; the period now holds the new year
    assert text.startswith("# A State-system campaign of a provincial department")
    assert "# hạn của Sở" in text
    assert "- year: 2027" in text
    ws = validate_workspace(fresh_root)
    campaign = ws.campaigns["van-hoa-cong-so"]
    assert (campaign.period.start, campaign.period.end) == (2026, 2027)
    activities = campaign.timeline[-1].activities
    assert activities[-1] == f"{DATED[:-1]}, báo cáo trước ngày 30/11/2027."
    _plan_for(fresh_root, 2027)
    report = build(fresh_root, only=["ke-hoach-van-hoa-cong-so-2027"])
    assert not report.failed, [d.error for d in report.documents]
    texts = "\n".join(read_texts(report.documents[0].output))
    assert "báo cáo trước ngày 30/11/2027" in texts
    assert "năm 2027" in texts
    # a unit's task dated in 2026 is now the 2026 plan's, and its copy moved to 2027 the new one's
    assert "trước ngày 15 tháng 11 năm 2027" in texts
    assert "năm 2026" not in texts
    report = build(fresh_root, only=["ke-hoach-snv-van-hoa-cong-so"])
    assert not report.failed, [d.error for d in report.documents]
    texts = "\n".join(read_texts(report.documents[0].output))
    assert "trước ngày 15 tháng 11 năm 2026" in texts
    assert "15 tháng 11 năm 2027" not in texts


def test_a_field_changed_keeps_the_rest_of_the_file(fresh_root: Path, client_for: ClientFactory):
    before = (fresh_root / FILE).read_text(encoding="utf-8")
    client = client_for(fresh_root, "lan")
    page = client.get(URL)
    fields = dict(form_of(page.text))
    activities = fields["tactivities"] + "\nTháng 12: tổng kết, khen thưởng."
    saved = submit(client, page.text, URL, {"tactivities": activities, "action": "save"})
    assert 'id="saved"' in saved.text, saved.text
    after = (fresh_root / FILE).read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["      - 'Tháng 12: tổng kết, khen thưởng.'"] or added == [
        '      - "Tháng 12: tổng kết, khen thưởng."'
    ]
    assert [line for line in before.splitlines() if line not in after.splitlines()] == []


def test_a_wrong_period_is_shown_and_not_saved(fresh_root: Path, client_for: ClientFactory):
    before = (fresh_root / FILE).read_bytes()
    client = client_for(fresh_root, "lan")
    page = client.get(URL)
    response = submit(client, page.text, URL, {"end": "2025", "action": "save"})
    assert response.status_code == 422
    assert "Giai đoạn" in response.text or "Tiến độ" in response.text
    assert (fresh_root / FILE).read_bytes() == before


def test_a_reader_cannot_edit_a_campaign(fresh_root: Path, client_for: ClientFactory):
    assert client_for(fresh_root, "minh").get(URL).status_code == 403


@pytest.mark.parametrize(
    ("text", "year", "moved"),
    [
        ("báo cáo trước ngày 30/9/2022.", 2022, "báo cáo trước ngày 30/9/2023."),
        ("ngày 29/02/2024", 2024, "ngày 28/02/2025"),
        ("ngày 15 tháng 11 năm 2026", 2026, "ngày 15 tháng 11 năm 2027"),
        ("Tháng 9/2024: kiểm tra", 2024, "Tháng 9/2025: kiểm tra"),
        ("giai đoạn 2022-2025, năm 2022-2023", 2022, "giai đoạn 2022-2025, năm 2022-2023"),
        ("Quý I năm 2024: phát động", 2024, "Quý I năm 2025: phát động"),
        ("Quyết định số 3370 ngày 04/7/2019", 2024, "Quyết định số 3370 ngày 04/7/2019"),
    ],
)
def test_dates_of_the_year_move_one_year_on(text: str, year: int, moved: str):
    assert shift_dates(text, year) == moved


def test_points_as_lines_and_back():
    items = ["Một", {"text": "Hai:", "points": ["a", "b"]}, {"text": "Ba", "year": 2022}]
    assert points_text(items) == "Một\nHai:\n+ a\n+ b\n[2022] Ba"
    assert points_of(points_text(items), items) == items
