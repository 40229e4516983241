"""Data files changed from a form keep the comments, order and text (docgen.data.roundtrip)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.data.loader import load_text
from docgen.data.roundtrip import updated_text

ROOT = Path(__file__).resolve().parent.parent
OLD = """\
# Kế hoạch của trường (a comment the clerk wrote)
kind: plan
issuer: tct-lao-cai  # the school
date: 2025-03-02
subject: Tổ chức hội thi
year: 2025
places:
  - Hà Nội
  - Lào Cai
intro: >-
  Một đoạn văn dài được gấp thành
  nhiều dòng.
"""


def _changed(**changes: object) -> str:
    data, problems = load_text(OLD, "x.yaml")
    assert not problems
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return updated_text(OLD, data, "x.yaml")


def test_unchanged_data_gives_the_same_text() -> None:
    assert _changed() == OLD


@pytest.mark.parametrize(
    ("change", "expected_line"),
    [
        (
            {"subject": "Tổ chức hội thi giảng viên giỏi"},
            "subject: Tổ chức hội thi giảng viên giỏi",
        ),
        ({"subject": "Về việc: hội thi"}, 'subject: "Về việc: hội thi"'),
        ({"note": "no"}, 'note: "no"'),  # YAML 1.1 reads a plain no as false
        ({"note": "001203"}, 'note: "001203"'),
        ({"note": "12:30"}, 'note: "12:30"'),
        ({"date": dt.date(2025, 4, 1)}, "date: 2025-04-01"),
        ({"year": 2026}, "year: 2026"),
        ({"places": ["Hà Nội", "Lào Cai", "Nghệ An"]}, "  - Nghệ An"),
    ],
)
def test_a_changed_value_reads_back_and_keeps_the_comments(
    change: dict[str, object], expected_line: str
) -> None:
    text = _changed(**change)
    assert expected_line in text.splitlines()
    assert text.startswith("# Kế hoạch của trường (a comment the clerk wrote)\n")
    assert "issuer: tct-lao-cai  # the school" in text
    data, problems = load_text(text, "x.yaml")
    assert not problems
    for key, value in change.items():
        assert data[key] == value


def test_a_removed_key_goes_and_the_order_of_the_others_stays() -> None:
    text = _changed(places=None)
    assert "places" not in text and "Lào Cai" not in text
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == ["kind", "issuer", "date", "subject", "year", "intro"]


def test_a_new_file_is_written_afresh() -> None:
    text = updated_text(None, {"kind": "plan", "year": 2025, "note": "no"}, "x.yaml")
    assert text == 'kind: plan\nyear: 2025\nnote: "no"\n'


def test_text_that_is_not_yaml_any_more_is_written_afresh_with_its_header() -> None:
    text = updated_text("# đầu tệp\nkind: [plan\n", {"kind": "plan"}, "x.yaml")
    assert text == "# đầu tệp\nkind: plan\n"


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(ROOT).as_posix()
        for folder in ("documents", "proposals", "campaigns", "councils")
        for p in (ROOT / "data" / folder).rglob("*.yaml")
    ),
)
def test_every_example_saved_unchanged_is_the_same_file(path: str) -> None:
    old = (ROOT / path).read_text(encoding="utf-8")
    data, problems = load_text(old, path)
    assert not problems
    assert updated_text(old, data, path) == old


def test_an_impossible_date_in_the_old_text_is_written_afresh() -> None:
    text = updated_text("# đầu tệp\ndate: 2025-02-30\n", {"date": "2025-03-02"}, "x.yaml")
    assert text == '# đầu tệp\ndate: "2025-03-02"\n'
