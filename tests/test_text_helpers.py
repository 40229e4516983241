"""The pure text helpers where docgen joins text: percentages, punctuation, "(qua …)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.awards.kinds.report_figures import percent
from docgen.awards.votes import percent_text
from docgen.documents.effect import (
    effectiveness_clause,
    has_effectiveness_clause,
    with_effectiveness,
)
from docgen.vn.numbers import percent_figure
from docgen.vn.punctuation import capital, dash_kept, sentence, tidy, via_once, via_once_in_line


@pytest.mark.parametrize(
    ("part", "whole", "decimals", "text"),
    [
        (8, 13, 2, "61,54"),  # 61.538…: rounded, not cut (61,53 before)
        (8, 13, 1, "61,5"),
        (1, 3, 2, "33,33"),
        (2, 3, 2, "66,67"),
        (2, 3, 1, "66,7"),
        (1, 8, 1, "12,5"),
        (1, 8, 2, "12,50"),
        (0, 13, 2, "0,00"),
        (0, 0, 1, "0,0"),
        (1, 16, 1, "6,3"),  # 6.25 exactly: half up (half-even would give 6,2)
        (1, 80, 1, "1,3"),  # 1.25 exactly
        (3, 8, 0, "38"),  # 37.5 exactly
        (1, 400, 1, "0,3"),  # 0.25 exactly
        (13, 13, 2, "100,00"),
    ],
)
def test_percent_figure(part: int, whole: int, decimals: int, text: str) -> None:
    assert percent_figure(part, whole, decimals) == text


@pytest.mark.parametrize(
    ("count", "base", "below", "text"),
    [
        (8, 13, None, "61,54"),
        (8, 13, "70%", "61,54"),
        (13, 13, None, "100"),
        (7, 10, None, "70"),
        (12, 13, None, "92,31"),
        (1, 8, None, "12,50"),
        # a share short of the threshold never prints as the threshold it did not reach
        (69999, 100000, "70%", "69,99"),
        (69999, 100000, None, "70"),
    ],
)
def test_percent_text_rounds_half_up(count: int, base: int, below: str | None, text: str) -> None:
    assert percent_text(count, base, below) == text


def test_report_percent_keeps_one_decimal() -> None:
    assert [percent(22, 34), percent(17, 34), percent(1, 16), percent(0, 0)] == [
        "64,7%",
        "50,0%",
        "6,3%",
        "0%",
    ]


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("năm 2021..", "năm 2021."),
        ("năm 2021. .", "năm 2021."),
        ("a ,b", "a,b"),
        ("a,, b", "a, b"),
        ("a;; b", "a; b"),
        ("xem ( qua Ban X )", "xem (qua Ban X)"),
        ("chờ...", "chờ..."),  # an ellipsis stays
        ("hết./.", "hết./."),
    ],
)
def test_tidy(text: str, clean: str) -> None:
    assert tidy(text) == clean


@pytest.mark.parametrize(
    ("text", "end", "joined"),
    [
        ("năm 2021.", ".", "năm 2021."),  # the clerk's stop is not doubled
        ("năm 2021", ".", "năm 2021."),
        ("năm 2021.", ";", "năm 2021;"),
        ("năm 2021;", ".", "năm 2021."),
        ("thi hành Quyết định này.", "./.", "thi hành Quyết định này./."),
        ("thi hành Quyết định này", "./.", "thi hành Quyết định này./."),
        ("có đúng không?", ".", "có đúng không?"),
        ("vân vân…", ".", "vân vân…"),
    ],
)
def test_sentence(text: str, end: str, joined: str) -> None:
    assert sentence(text, end) == joined


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("chịu trách nhiệm", "Chịu trách nhiệm"),
        ("đôn đốc", "Đôn đốc"),
        ("“xây dựng”", "“Xây dựng”"),
        ("Các phòng", "Các phòng"),
        ("11-QĐ/TW", "11-QĐ/TW"),
    ],
)
def test_capital(text: str, out: str) -> None:
    assert capital(text) == out


def test_via_said_once() -> None:
    names = ["Sở A (qua Ban X)", "Sở B (qua Ban X)", "Sở C (qua Ban X)"]
    assert via_once(names) == (["Sở A", "Sở B", "Sở C"], "(qua Ban X)")
    mixed = ["Sở A (qua Ban X)", "Sở B (qua Ban Y)"]
    assert via_once(mixed) == (mixed, None)
    line = "Sở A (qua Ban X), Sở B (qua Ban X) và Sở C (qua Ban X)"
    assert via_once_in_line(line) == "Sở A, Sở B và Sở C (qua Ban X)"
    assert via_once_in_line("Sở A (qua Ban X)") == "Sở A (qua Ban X)"


def test_effectiveness_clause_per_system() -> None:
    import datetime as dt

    assert effectiveness_clause("party", None, True) == "Quyết định có hiệu lực kể từ ngày ký."
    assert effectiveness_clause("state", None, True) == (
        "Quyết định này có hiệu lực kể từ ngày ký."
    )
    assert effectiveness_clause("state", dt.date(2025, 1, 1), True) == (
        "Quyết định này có hiệu lực kể từ ngày 01 tháng 01 năm 2025."
    )


def test_effectiveness_heads_the_last_article_unless_written() -> None:
    articles = ["phát động phong trào.", "các trường chịu trách nhiệm thi hành Quyết định này."]
    out = with_effectiveness(articles, "party", None, True)
    assert out == [
        "Phát động phong trào.",
        "Quyết định có hiệu lực kể từ ngày ký. Các trường chịu trách nhiệm thi hành Quyết "
        "định này.",
    ]
    own = ["Ban hành Quy chế.", "Quyết định này có hiệu lực thi hành kể từ ngày 01/3/2025."]
    assert has_effectiveness_clause(own)
    assert with_effectiveness(own, "state", None, True) == own


def test_addressees_through_one_body_say_it_once() -> None:
    from docgen.documents.kinds.document import addressee_blocks

    xml = str(addressee_blocks(["Sở A (qua Ban X)", "Sở B (qua Ban X)", "Sở C (qua Ban X)"]))
    assert xml.count("(qua Ban X)") == 1
    assert "- Sở A;" in xml and "- Sở C." in xml


def test_a_point_for_a_year_outside_the_period_is_refused(tmp_path: Path) -> None:
    from tests.conftest import make_workspace
    from tests.support.cli_run import edit, run

    ws = make_workspace(tmp_path)
    edit(
        ws,
        "data/campaigns/xd-truong-chuan.yaml",
        "- year: 2022\n            text:",
        "- year: 2019\n            text:",
    )
    code, _out, err = run(ws, "validate")
    assert code != 0 and "a point for 2019 is outside the period" in err


def test_an_article_sentence_starts_with_a_capital() -> None:
    from docgen.documents.outline import Item, render_outline
    from docgen.rules import load_rules

    body = [Item.model_validate({"article": None, "text": "chịu trách nhiệm thi hành.."})]
    xml = str(render_outline(body, load_rules(), "./."))
    assert "Chịu trách nhiệm thi hành./." in xml and "chịu" not in xml


def test_a_decision_body_gets_the_clause_in_its_last_article() -> None:
    from docgen.documents.kinds.document import with_effectiveness_article
    from docgen.documents.outline import Item

    body = [
        Item.model_validate({"article": None, "text": "Ban hành Quy chế."}),
        Item.model_validate({"article": None, "text": "Các phòng chịu trách nhiệm thi hành."}),
    ]
    out = with_effectiveness_article(body, "state", None, True)
    assert len(out) == 2 and not isinstance(out[1], str)
    assert out[1].text == (
        "Quyết định này có hiệu lực kể từ ngày ký. Các phòng chịu trách nhiệm thi hành."
    )
    titled = [Item.model_validate({"article": "Trách nhiệm", "clauses": ["Các phòng."]})]
    added = with_effectiveness_article(titled, "party", None, True)
    assert len(added) == 2 and not isinstance(added[1], str)
    assert added[1].text == "Quyết định có hiệu lực kể từ ngày ký."


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ban Thi đua - Khen thưởng", "Ban Thi đua\u00a0- Khen thưởng"),
        ("giai đoạn 2022 - 2025", "giai đoạn 2022\u00a0- 2025"),
        ("Bà Rịa – Vũng Tàu", "Bà Rịa\u00a0– Vũng Tàu"),
        ("- Lãnh đạo Học viện;", "- Lãnh đạo Học viện;"),  # an item's own dash stays
        ("Xã hội - ", "Xã hội - "),  # nothing after it: nothing to keep
        ("Mác-Lênin", "Mác-Lênin"),
        ("", ""),
    ],
)
def test_dash_kept(text: str, kept: str) -> None:
    assert dash_kept(text) == kept
