"""Section numbering: I. → 1. → 1.1. → a), gapless, continuing from template text into data."""

from __future__ import annotations

import re

import pytest

from docgen.documents.sections import SectionNumbering, parse_inline
from docgen.errors import TemplateError
from docgen.rules import load_rules


def numbering() -> SectionNumbering:
    return SectionNumbering(load_rules())


@pytest.mark.parametrize(
    ("calls", "labels"),
    [
        ([1, 2, 2, 1, 2], ["I.", "1.", "2.", "II.", "1."]),
        ([1, 2, 3, 3, 2, 3], ["I.", "1.", "1.1.", "1.2.", "2.", "2.1."]),
        ([1, 2, 3, 4, 4, 4, 4, 4, 4], ["I.", "1.", "1.1.", "a)", "b)", "c)", "d)", "đ)", "e)"]),
        (
            [1, 1, 1, 1, 1, 1, 1, 1, 1],
            ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII.", "VIII.", "IX."],
        ),
    ],
)
def test_labels(calls: list[int], labels: list[str]) -> None:
    n = numbering()
    assert [n.next(level) for level in calls] == labels


def test_a_level_cannot_be_skipped() -> None:
    n = numbering()
    n.next(1)
    with pytest.raises(TemplateError, match="level-3 heading comes before any level-2"):
        n.next(3)


def _texts(xml: str) -> list[str]:
    paragraphs = re.findall(r"<w:p>.*?</w:p>", xml)
    return ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]


def test_units_continue_the_template_numbers() -> None:
    n = numbering()
    assert n.next(1) == "I."
    units = [
        {"unit": "Ban Giám đốc", "tasks": ["Lãnh đạo."]},
        {
            "unit": "Các đơn vị",
            "units": [
                {"unit": "Vụ A", "tasks": ["Việc 1.", "Việc 2."]},
                {"unit": "Văn phòng", "tasks": ["Kinh phí."]},
            ],
        },
    ]
    texts = _texts(n.units(units).xml)
    assert texts == [
        "1. Ban Giám đốc: Lãnh đạo.",
        "2. Các đơn vị",
        "2.1. Vụ A",
        "- Việc 1.",
        "- Việc 2.",
        "2.2. Văn phòng: Kinh phí.",
    ]
    assert n.next(1) == "II."


def _nested(depth: int) -> list[dict[str, object]]:
    """Units nested ``depth`` deep: "Cấp 1" holds "Cấp 2" … which has a task."""
    unit: dict[str, object] = {"unit": f"Cấp {depth}", "tasks": ["Việc."]}
    for level in range(depth - 1, 0, -1):
        unit = {"unit": f"Cấp {level}", "units": [unit]}
    return [unit]


def test_units_are_numbered_to_the_last_numbered_level() -> None:
    n = numbering()
    n.next(1)
    assert _texts(n.units(_nested(3)).xml) == ["1. Cấp 1", "1.1. Cấp 2", "a) Cấp 3: Việc."]


def test_a_unit_deeper_than_the_numbered_levels_is_refused() -> None:
    """Issue 25 item 6: it printed as a plain line without a number ("Cấp 4: Việc.");
    validate reports it where it is written (tests/test_plan_units.py), the renderer refuses."""
    n = numbering()
    n.next(1)
    with pytest.raises(TemplateError, match="the unit 'Cấp 4' is at level 5; the format rules"):
        n.units(_nested(4))


def test_points_and_sub_points() -> None:
    xml = numbering().points(["Một.", {"text": "Hai:", "points": ["a", "b"]}]).xml
    assert _texts(xml) == ["- Một.", "- Hai:", "+ a", "+ b"]
    assert xml.count('w:val="DGDash"') == 2 and xml.count('w:val="DGPlus"') == 2


def test_text_is_escaped() -> None:
    xml = numbering().points(["A & B <c> {{ x }}"]).xml
    assert "A &amp; B &lt;c&gt; {{ x }}" in xml


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("plain", [("plain", None)]),
        ("a *b* c", [("a ", None), ("b", True), (" c", None)]),
        ("*x*", [("x", True)]),
        ("no * star", [("no * star", None)]),
    ],
)
def test_parse_inline(text: str, runs: list[tuple[str, bool | None]]) -> None:
    assert [(r.text, r.italic) for r in parse_inline(text)] == runs
