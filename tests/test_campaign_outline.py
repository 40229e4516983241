"""What a campaign's plan prints of its data, numbered and whole (issue 25 item 6): units to the
depth the format rules number, every year of the period in the timeline."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from tests.conftest import make_workspace
from tests.support.cli_run import edit, run
from tests.support.docx_inspect import iter_paragraphs

CAMPAIGN = "data/campaigns/xd-truong-chuan.yaml"
LAUNCHING_PLAN = "data/documents/ke-hoach-1247-phat-dong.yaml"
PLAN_2024 = "data/documents/ke-hoach-2024.yaml"
OFFICE = """      - unit: Văn phòng Học viện
        tasks:
          - Bảo đảm kinh phí cho các hoạt động theo Kế hoạch.
"""


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error[" in line]


def _line_of(ws: Path, rel: str, text: str) -> int:
    lines = (ws / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _texts(path: Path) -> list[str]:
    return [p.text for p in iter_paragraphs(Document(str(path)))]


def _render(ws: Path, spec: str, out: Path) -> list[str]:
    code, _out, err = run(ws, "render", "-q", str(ws / spec), "-o", str(out))
    assert code == 0, err
    return _texts(out)


def test_units_are_numbered_to_the_depth_the_format_rules_allow(tmp_path: Path) -> None:
    """Under "IV. TỔ CHỨC THỰC HIỆN" a plan numbers its units 1., 1.1., a): three levels."""
    ws = make_workspace(tmp_path / "ws")
    edit(
        ws,
        CAMPAIGN,
        OFFICE,
        """      - unit: Văn phòng Học viện
        units:
          - unit: Phòng Tài chính
            tasks:
              - Bảo đảm kinh phí cho các hoạt động theo Kế hoạch.
""",
    )
    lines = _render(ws, LAUNCHING_PLAN, tmp_path / "plan.docx")
    at = lines.index("3.3. Văn phòng Học viện")
    assert lines[at + 1] == "a) Phòng Tài chính: Bảo đảm kinh phí cho các hoạt động theo Kế hoạch."


def test_a_unit_deeper_than_the_numbered_levels_is_a_data_error(tmp_path: Path) -> None:
    """A fourth level of units printed as a plain line among numbered ones ("Tổ Kế toán:
    Bảo đảm …" under "a) Phòng Tài chính"): now validate says where it is written."""
    ws = make_workspace(tmp_path)
    edit(
        ws,
        CAMPAIGN,
        OFFICE,
        """      - unit: Văn phòng Học viện
        units:
          - unit: Phòng Tài chính
            units:
              - unit: Tổ Kế toán
                tasks:
                  - Bảo đảm kinh phí cho các hoạt động theo Kế hoạch.
              - unit: Tổ Thủ quỹ
                tasks:
                  - Chi trả tiền thưởng.
""",
    )
    code, out, err = run(ws, "validate")
    assert code == 2 and out == ""
    # once, though two plans print the campaign's units
    assert _errors(err) == [
        f"{CAMPAIGN}:{_line_of(ws, CAMPAIGN, name)}:23: error[DATA-OUTLINE]: units go 3 levels "
        f"deep in a plan (1., 1.1., a)); '{name.removeprefix('unit: ')}' is deeper: write it in "
        "its unit's 'tasks' (-, +)"
        for name in ("unit: Tổ Kế toán", "unit: Tổ Thủ quỹ")
    ]


def _drop_year(ws: Path, year: int, replacement: str = "") -> None:
    path = ws / CAMPAIGN
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - year: {year}\n")
    end = text.index(f"  - year: {year + 1}\n")
    path.write_text(text[:start] + replacement + text[end:], encoding="utf-8")


def test_a_year_missing_from_the_timeline_is_a_data_error(tmp_path: Path) -> None:
    """The plan of the period went from "1. Năm 2022" to "2. Năm 2024", silently."""
    ws = make_workspace(tmp_path)
    _drop_year(ws, 2023)
    code, out, err = run(ws, "validate")
    assert code == 2 and out == ""
    assert _errors(err) == [
        f"{CAMPAIGN}:{_line_of(ws, CAMPAIGN, 'timeline:')}:1: error[DATA-TIMELINE]: the timeline "
        "has no entry for 2023 (the period is 2022-2025)"
    ]


def test_a_year_stated_without_activities_is_a_warning_and_left_out(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    _drop_year(ws, 2023, "  - year: 2023\n    activities: []\n")
    code, _out, err = run(ws, "validate")
    assert code == 0, err
    line = _line_of(ws, CAMPAIGN, "    activities: []")
    assert (
        f"{CAMPAIGN}:{line}:17: warning[CAMPAIGN-EMPTY-YEAR]: the timeline of 2023 has no "
        "activities: the plan of the period leaves the year out"
    ) in err.splitlines()
    lines = _render(ws, LAUNCHING_PLAN, tmp_path / "plan.docx")
    years = [t for t in lines if " Năm 20" in t and t[0].isdigit()]
    assert years == ["1. Năm 2022", "2. Năm 2024", "3. Năm 2025"]
    # a plan for that very year would have nothing to list
    edit(ws, PLAN_2024, "year: 2024", "year: 2023")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert _errors(err) == [
        f"{PLAN_2024}:{_line_of(ws, PLAN_2024, 'year: 2023')}:7: error[DATA-REF]: campaign "
        "'xd-truong-chuan' has no activities for 2023 (its timeline entry is empty): a plan for "
        "that year would list none"
    ]
