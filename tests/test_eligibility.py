"""Eligibility from history: each condition type (history in, verdict out), the rule in force
by date, an ineligible nominee with and without override, awards the register holds, the
history files and the rules file as data, and the messages in Vietnamese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pydantic import TypeAdapter

from docgen.api import build
from docgen.awards.certificates import _awardee_key
from docgen.awards.eligibility import (
    ConditionItem,
    Facts,
    Held,
    Terms,
    evaluate,
    overrides,
)
from docgen.awards.history import Identity, book_key, past_awards
from docgen.awards.kinds.decision_award import awarded
from docgen.cli.main import cli
from docgen.data.models import Initiative
from docgen.data.workspace import load_workspace
from docgen.i18n import translate
from docgen.register import open_register
from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import edit, run

UBND = "data/proposals/2024/nghe-an-ubnd.yaml"
LAO_CAI = "data/proposals/2024/lao-cai.yaml"
HISTORY = "data/history/nghe-an.yaml"
RULES = "data/law/eligibility.yaml"
UBND_DECISION = "quyet-dinh-khen-thuong-ubnd-nghe-an-2024"
HV_BK = "Bằng khen của Giám đốc Học viện"
TINH_BK = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
CAMPAIGN = "Xây dựng trường chính trị chuẩn"
QD = "Quyết định số 231/QĐ-TCT ngày 27/12/2023 của Hiệu trưởng Trường Chính trị tỉnh Nghệ An"


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if "error[" in line]


# -- each condition type: history in, verdict out --------------------------------------------

NAMES = {
    "cstd-co-so": "Chiến sĩ thi đua cơ sở",
    "htxsnv": "Hoàn thành xuất sắc nhiệm vụ",
    "bang-khen-giam-doc-hv": HV_BK,
    "bang-khen-chu-tich-ubnd-tinh": TINH_BK,
}
TERMS = Terms("bang-khen-giam-doc-hv", NAMES)


def condition(data: dict[str, Any]) -> Any:
    return TypeAdapter(ConditionItem).validate_python(data)


def facts(
    awards: tuple[tuple[str, int], ...] = (),
    ratings: tuple[tuple[str, int], ...] = (),
    initiatives: tuple[tuple[int, str, str], ...] = (),
    campaign: str | None = CAMPAIGN,
    forms: tuple[str, ...] = (HV_BK,),
    known: bool = True,
) -> Facts:
    return Facts(
        year=2024,
        awards=tuple(Held(a, y, QD) for a, y in awards),
        ratings=tuple(Held(r, y) for r, y in ratings),
        initiatives=tuple(
            Initiative(year=y, title="Sáng kiến", kind=kind, level=level)  # type: ignore[arg-type]
            for y, kind, level in initiatives
        ),
        campaign=campaign,
        campaign_awards=forms,
        known=known,
    )


CSTD_2 = {"type": "consecutive_titles", "title": "cstd-co-so", "times": 2}
NOT_WITHIN_1 = {"type": "not_within", "years": 1}
INITIATIVES_2 = {"type": "recognised_initiative", "count": 2, "years": 2}

CONDITIONS = [
    # consecutive_titles: the run ends with the year rewarded or the one before
    (CSTD_2, facts((("cstd-co-so", 2022), ("cstd-co-so", 2023))), None),
    (CSTD_2, facts((("cstd-co-so", 2023), ("cstd-co-so", 2024))), None),
    (
        CSTD_2,
        facts((("cstd-co-so", 2021), ("cstd-co-so", 2022))),
        "no 02 consecutive years of 'Chiến sĩ thi đua cơ sở' up to 2024 (found: 2021, 2022)",
    ),
    (
        CSTD_2,
        facts((("cstd-co-so", 2021), ("cstd-co-so", 2023))),
        "no 02 consecutive years of 'Chiến sĩ thi đua cơ sở' up to 2024 (found: 2021, 2023)",
    ),
    (CSTD_2, facts(), "no 02 consecutive years of 'Chiến sĩ thi đua cơ sở' up to 2024"),
    (  # a rating counts as a title does
        {"type": "consecutive_titles", "title": "htxsnv", "times": 2},
        facts(ratings=(("htxsnv", 2022), ("htxsnv", 2023))),
        None,
    ),
    (  # a title is not a rating
        {"type": "consecutive_titles", "title": "htxsnv", "times": 2},
        facts((("htxsnv", 2022),), ratings=(("htxsnv", 2023),)),
        None,
    ),
    # prior_award
    (
        {"type": "prior_award", "award": "bang-khen-chu-tich-ubnd-tinh"},
        facts((("bang-khen-chu-tich-ubnd-tinh", 2023),)),
        None,
    ),
    (
        {"type": "prior_award", "award": "bang-khen-chu-tich-ubnd-tinh"},
        facts((("bang-khen-chu-tich-ubnd-tinh", 2024),)),
        f"has not received '{TINH_BK}' for 2023 or before",
    ),
    (
        {"type": "prior_award", "award": "bang-khen-chu-tich-ubnd-tinh", "min_years": 5},
        facts((("bang-khen-chu-tich-ubnd-tinh", 2019),)),
        None,
    ),
    (
        {
            "type": "prior_award",
            "award": "bang-khen-chu-tich-ubnd-tinh",
            "min_years": 1,
            "max_years": 5,
        },
        facts((("bang-khen-chu-tich-ubnd-tinh", 2018),)),
        f"has not received '{TINH_BK}' for any year of 2019–2023",
    ),
    # not_within: the rule's own award unless another is named
    (NOT_WITHIN_1, facts(), None),
    (NOT_WITHIN_1, facts((("bang-khen-giam-doc-hv", 2022),)), None),
    (
        NOT_WITHIN_1,
        facts((("bang-khen-giam-doc-hv", 2022), ("bang-khen-giam-doc-hv", 2023))),
        f"already received '{HV_BK}' for 2023 ({QD}): not again before 2025",
    ),
    (NOT_WITHIN_1, facts((("bang-khen-chu-tich-ubnd-tinh", 2023),)), None),
    (
        {"type": "not_within", "years": 2, "award": "bang-khen-chu-tich-ubnd-tinh"},
        facts((("bang-khen-chu-tich-ubnd-tinh", 2022),)),
        f"already received '{TINH_BK}' for 2022 ({QD}): not again before 2025",
    ),
    # recognised_initiative: count, years, level (or wider), kinds
    (
        INITIATIVES_2,
        facts(initiatives=((2023, "initiative", "co-so"), (2024, "study", "bo-tinh"))),
        None,
    ),
    (
        INITIATIVES_2,
        facts(initiatives=((2022, "initiative", "co-so"), (2024, "initiative", "co-so"))),
        "1 recognised initiatives or studies (scope: cơ sở or wider, 2023–2024); 02 needed",
    ),
    (
        {"type": "recognised_initiative", "level": "bo-tinh"},
        facts(initiatives=((2024, "initiative", "co-so"),)),
        "0 recognised initiatives or studies (scope: bộ, ban, ngành, tỉnh or wider, 2024); "
        "01 needed",
    ),
    (
        {"type": "recognised_initiative", "kinds": ["study"]},
        facts(initiatives=((2024, "initiative", "toan-quoc"),)),
        "0 recognised initiatives or studies (scope: cơ sở or wider, 2024); 01 needed",
    ),
    # emulation_campaign: the campaign announces the rule's award
    ({"type": "emulation_campaign"}, facts(), None),
    (
        {"type": "emulation_campaign"},
        facts(forms=("Giấy khen",)),
        f"'{HV_BK}' is not an award of the campaign '{CAMPAIGN}' (it announces: Giấy khen)",
    ),
    (
        {"type": "emulation_campaign"},
        facts(campaign=None, forms=()),
        "the nominee is not proposed within an emulation campaign",
    ),
    # any_of, all_of
    (
        {"type": "any_of", "conditions": [CSTD_2, {"type": "emulation_campaign"}]},
        facts(),
        None,
    ),
    (
        {
            "type": "any_of",
            "conditions": [
                {**CSTD_2, "source": "Luật, Điều 74 khoản 1 điểm d"},
                {"type": "emulation_campaign"},
            ],
        },
        facts(forms=()),
        "none of these is met: under Luật, Điều 74 khoản 1 điểm d: no 02 consecutive years of "
        f"'Chiến sĩ thi đua cơ sở' up to 2024; or '{HV_BK}' is not an award of the campaign "
        f"'{CAMPAIGN}' (it announces: -)",
    ),
    (
        {"type": "all_of", "conditions": [CSTD_2, {"type": "emulation_campaign"}]},
        facts((("cstd-co-so", 2023),)),
        "no 02 consecutive years of 'Chiến sĩ thi đua cơ sở' up to 2024 (found: 2023)",
    ),
    (
        {"type": "all_of", "conditions": [CSTD_2, INITIATIVES_2]},
        facts(),
        "all of these are needed: no 02 consecutive years of 'Chiến sĩ thi đua cơ sở' up to "
        "2024; and 0 recognised initiatives or studies (scope: cơ sở or wider, 2023–2024); "
        "02 needed",
    ),
]


@pytest.mark.parametrize(("data", "given", "expected"), CONDITIONS)
def test_each_condition_type(data: dict[str, Any], given: Facts, expected: str | None) -> None:
    unmet = evaluate(condition(data), given, TERMS)
    assert (unmet.message if unmet else None) == expected


@pytest.mark.parametrize(
    ("data", "known", "needs_history"),
    [
        (CSTD_2, False, True),  # titles asked for, and nothing recorded: fill the history
        (CSTD_2, True, False),  # recorded, but not enough
        (INITIATIVES_2, False, False),  # initiatives are on the nominee, not in the history
        ({"type": "any_of", "conditions": [CSTD_2, INITIATIVES_2]}, False, True),
    ],
)
def test_a_condition_the_history_cannot_show_asks_for_it(
    data: dict[str, Any], known: bool, needs_history: bool
) -> None:
    unmet = evaluate(condition(data), facts(known=known), TERMS)
    assert unmet is not None and unmet.needs_history is needs_history


@pytest.mark.parametrize(
    ("mine", "theirs", "same"),
    [
        ((None, None), (None, None), True),
        (("khoa dân vận", None), ("khoa dân vận", None), True),
        (("khoa dân vận", None), ("khoa xây dựng đảng", None), False),
        (("khoa dân vận", None), (None, None), True),  # a unit not recorded may be any
        (("khoa dân vận", dt.date(1980, 5, 1)), ("phòng đào tạo", dt.date(1980, 5, 1)), True),
        (("khoa dân vận", dt.date(1980, 5, 1)), ("khoa dân vận", dt.date(1981, 5, 1)), False),
    ],
)
def test_who_a_history_record_is_about(
    mine: tuple[str | None, dt.date | None], theirs: tuple[str | None, dt.date | None], same: bool
) -> None:
    record = Identity("individual", "lao-cai", "trần xuân việt", *mine)
    assert record.matches(*theirs) is same


# -- the rules in force by date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("award", "recipient", "day", "rule"),
    [
        ("bang-khen-giam-doc-hv", "individual", dt.date(2019, 7, 3), None),
        ("bang-khen-giam-doc-hv", "individual", dt.date(2019, 7, 4), "bk-hv-phong-trao-2019"),
        ("bang-khen-giam-doc-hv", "collective", dt.date(2023, 12, 31), "bk-hv-phong-trao-2019"),
        ("bang-khen-giam-doc-hv", "individual", dt.date(2024, 1, 1), "bk-hv-phong-trao"),
        ("bang-khen-giam-doc-hv", "collective", dt.date(2030, 1, 1), "bk-hv-phong-trao"),
        ("bang-khen-chu-tich-ubnd-tinh", "individual", dt.date(2023, 12, 31), None),
        ("bang-khen-chu-tich-ubnd-tinh", "individual", dt.date(2024, 12, 26), "bk-tinh-ca-nhan"),
        ("bang-khen-chu-tich-ubnd-tinh", "collective", dt.date(2024, 12, 26), "bk-tinh-tap-the"),
        ("giay-khen", "individual", dt.date(2024, 12, 26), None),
        ("bang-khen-ttg", "individual", dt.date(2017, 9, 30), None),
        ("bang-khen-ttg", "individual", dt.date(2017, 10, 1), "bk-ttg-ca-nhan-2017"),
        ("bang-khen-ttg", "individual", dt.date(2025, 12, 1), "bk-ttg-ca-nhan"),
        ("bang-khen-ttg", "collective", dt.date(2023, 12, 31), None),
        ("bang-khen-ttg", "collective", dt.date(2024, 1, 1), "bk-ttg-tap-the"),
        ("bang-khen-ttg", "collective", dt.date(2025, 12, 1), "bk-ttg-tap-the"),
        ("cstd-co-so", "individual", dt.date(2023, 12, 31), "cstd-co-so-2017"),
        ("cstd-co-so", "individual", dt.date(2025, 12, 1), "cstd-co-so"),
    ],
)
def test_the_rule_in_force_on_a_day(
    award: str, recipient: str, day: dt.date, rule: str | None
) -> None:
    rules = load_workspace(ROOT).eligibility
    assert rules is not None
    found = rules.rule_on(award, recipient, day)  # type: ignore[arg-type]
    assert (found.id if found else None) == rule


# (rule, the nominee's history and initiatives, met): the Prime Minister's Bằng khen and the
# title Chiến sĩ thi đua cơ sở have rules of their own (issue 25; both unconfirmed)
UPWARD = [
    (  # a province's Bằng khen in 2019, then five years of htxsnv and five initiatives
        "bk-ttg-ca-nhan",
        facts(
            (("bang-khen-chu-tich-ubnd-tinh", 2019),),
            tuple(("htxsnv", y) for y in range(2020, 2025)),
            tuple((y, "initiative", "co-so") for y in range(2020, 2025)),
            forms=(HV_BK,),
        ),
        True,
    ),
    (  # the same, with four initiatives
        "bk-ttg-ca-nhan",
        facts(
            (("bang-khen-chu-tich-ubnd-tinh", 2019),),
            tuple(("htxsnv", y) for y in range(2020, 2025)),
            tuple((y, "initiative", "co-so") for y in range(2021, 2025)),
            forms=(HV_BK,),
        ),
        False,
    ),
    (  # an award of a campaign that announces the Prime Minister's Bằng khen
        "bk-ttg-ca-nhan",
        facts(forms=("Bằng khen của Thủ tướng Chính phủ",)),
        True,
    ),
    (
        "cstd-co-so",
        facts((("lao-dong-tien-tien", 2024),), initiatives=((2024, "initiative", "co-so"),)),
        True,
    ),
    ("cstd-co-so", facts((("lao-dong-tien-tien", 2024),)), False),  # no initiative
    ("cstd-co-so", facts(initiatives=((2024, "study", "co-so"),)), False),  # not LĐTT
]


@pytest.mark.parametrize(("rule_id", "given", "met"), UPWARD)
def test_the_prime_ministers_bang_khen_and_cstd_co_so_have_rules(
    rule_id: str, given: Facts, met: bool
) -> None:
    ws = load_workspace(ROOT)
    assert ws.eligibility is not None and ws.catalogue is not None
    rule = next(r for r in ws.eligibility.data.rules if r.id == rule_id)
    assert rule.confirmed is False  # the Law's text was not read: validate warns
    names = {
        **NAMES,
        "lao-dong-tien-tien": "Lao động tiên tiến",
        "bang-khen-ttg": "Bằng khen của Thủ tướng Chính phủ",
    }
    terms = Terms(rule.award, names)
    unmet = [u for c in rule.conditions if (u := evaluate(c, given, terms)) is not None]
    assert (not unmet) == met, [u.message for u in unmet]


def test_a_document_follows_the_rule_of_its_own_date(tmp_path: Path) -> None:
    """The same nominee, the same history: the rule of 2024 accepts two years of Chiến sĩ thi
    đua cơ sở; a rule of the decree before it (added here) asks for initiatives instead."""
    ws = make_workspace(tmp_path)
    edit(
        ws,
        RULES,
        "  - id: bk-tinh-ca-nhan\n",
        "  - id: bk-tinh-ca-nhan-2017\n"
        "    award: bang-khen-chu-tich-ubnd-tinh\n"
        "    recipient: individual\n"
        "    from: 2017-10-01\n"
        "    to: 2023-12-31\n"
        "    source: Nghị định 91/2017/NĐ-CP, Điều 39 khoản 1 điểm c\n"
        "    confirmed: false\n"
        "    conditions:\n"
        "      - type: recognised_initiative\n"
        "        count: 2\n"
        "        years: 2\n"
        "  - id: bk-tinh-ca-nhan\n",
    )
    assert run(ws, "validate")[0] == 0  # 2024: the rule of the Law of 2022
    edit(ws, UBND, "date: 2024-11-20", "date: 2023-12-30")
    edit(ws, "data/proposals/2024/nghe-an.yaml", "date: 2024-11-04", "date: 2023-11-04")
    edit(ws, f"data/documents/{UBND_DECISION}.yaml", "date: 2024-12-26", "date: 2023-12-31")
    code, _out, err = run(ws, "validate")
    assert code == 2
    found = errors(err)
    assert len(found) == 2, err  # Tôn Nữ Thị Hà and Trịnh Quang Long, on the proposal's lines
    assert found[0].startswith(
        f"{UBND}:25:11: error[DATA-INELIGIBLE]: 'Tôn Nữ Thị Hà' does not qualify for "
        f"'{TINH_BK}' under the rule bk-tinh-ca-nhan-2017 (Nghị định 91/2017/NĐ-CP, Điều 39 "
        "khoản 1 điểm c): 0 recognised initiatives"
    )
    # (the collective: no rule for collectives before 2024, nothing to check)
    assert found[1].startswith(f"{UBND}:35:11: error[DATA-INELIGIBLE]: 'Trịnh Quang Long'")


def test_two_rules_in_force_on_one_day(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, RULES, "    to: 2023-12-31\n", "    to: 2024-03-31\n")
    code, _out, err = run(ws, "validate")
    assert code == 2
    line = next(x for x in errors(err) if "DATA-LAW-OVERLAP" in x)
    assert line.startswith(f"{RULES}:")
    assert line.endswith(
        "error[DATA-LAW-OVERLAP]: the rule bk-hv-phong-trao for 'bang-khen-giam-doc-hv' "
        "(individuals) starts on 01/01/2024, while the rule bk-hv-phong-trao-2019 is still in "
        "force (04/07/2019 – 31/03/2024)"
    )


def test_a_date_without_a_rule_in_force_is_a_warning(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, RULES, "    from: 2019-07-04\n", "    from: 2020-01-01\n")
    edit(ws, "data/proposals/2024/da-nang.yaml", "date: 2024-", "date: 2019-")
    code, _out, err = run(ws, "validate")
    assert code == 0, err
    assert (
        "data/proposals/2024/da-nang.yaml:10:8: warning[ELIGIBILITY-NO-RULE]: no eligibility "
        f"rule for '{HV_BK}' (individuals) is in force on "
    ) in err
    assert "(the rules cover: bk-hv-phong-trao-2019 01/01/2020 – 31/12/2023; bk-hv-phong" in err


# -- an ineligible nominee, with and without override --------------------------------------

# Tôn Nữ Thị Hà (the first person of the history file) without her 2022 Chiến sĩ thi đua cơ sở
# and her 2022 rating: one year of each
HER_2022_TITLE = (
    "      - year: 2022\n"
    "        award: cstd-co-so\n"
    "        decision: {number: 215/QĐ-TCT, date: 2022-12-28, issuer: Hiệu trưởng Trường Chính "
    "trị tỉnh Nghệ An}\n"
)
HER_2022_RATING = "      - {year: 2022, rating: htxsnv}\n"
OVERRIDE = (
    "    rank: 1\n"
    "    eligibility:\n"
    "      override: bk-tinh-ca-nhan\n"
    "      reason: Hội đồng Thi đua - Khen thưởng tỉnh xét thành tích chỉ đạo đạt chuẩn năm 2024\n"
)


def ineligible(tmp_path: Path) -> Path:
    ws = make_workspace(tmp_path)
    edit(ws, HISTORY, HER_2022_TITLE, "")
    edit(ws, HISTORY, HER_2022_RATING, "")
    return ws


INELIGIBLE = (
    f"{UBND}:25:11: error[DATA-INELIGIBLE]: 'Tôn Nữ Thị Hà' does not qualify for '{TINH_BK}' "
    "under the rule bk-tinh-ca-nhan (Luật Thi đua, khen thưởng 2022, Điều 74 khoản 1): none of "
    "these is met: under Luật Thi đua, khen thưởng 2022, Điều 74 khoản 1: "
    f"'{TINH_BK}' is not an award of the campaign '{CAMPAIGN}' (it announces: {HV_BK}); or "
    "under Luật Thi đua, khen thưởng 2022, Điều 74 khoản 1 điểm d: no 02 consecutive years of "
    "'Chiến sĩ thi đua cơ sở' up to 2024 (found: 2023); or under Luật Thi đua, khen thưởng "
    "2022, Điều 74 khoản 1 điểm d: all of these are needed: no 02 consecutive years of 'Hoàn "
    "thành xuất sắc nhiệm vụ' up to 2024 (found: 2023); and 0 recognised initiatives or "
    "studies (scope: cơ sở or wider, 2023–2024); 02 needed"
)


def test_an_ineligible_nominee_is_a_located_error_naming_the_rule_and_article(
    tmp_path: Path,
) -> None:
    ws = ineligible(tmp_path)
    code, out, err = run(ws, "validate")
    assert code == 2 and out == "" and "Traceback" not in err
    assert errors(err) == [INELIGIBLE]  # once, though the proposal and the decision check her
    assert err.splitlines()[1] == (
        "    hint: if the council accepts the nominee on another criterion, record it on the "
        "nominee (eligibility: override bk-tinh-ca-nhan, with its reason)"
    )
    # nothing was built: the data errors stop the build before any number is taken
    code, _out, err = run(ws, "build", "--out", str(tmp_path / "out"))
    assert code == 2 and INELIGIBLE in err.splitlines()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_without_any_history_the_error_says_which_file_to_fill(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    (ws / HISTORY).unlink()
    code, _out, err = run(ws, "validate")
    assert code == 2
    # the two people (the school itself is accepted by its override)
    assert len([e for e in errors(err) if "DATA-INELIGIBLE" in e]) == 2, err
    assert (
        "    hint: enter the nominee's past titles and awards in data/history/nghe-an.yaml, or "
        "record the council's decision on the nominee (eligibility: override bk-tinh-ca-nhan, "
        "with its reason)"
    ) in err.splitlines()


def test_an_override_with_its_reason_passes_and_is_printed(tmp_path: Path) -> None:
    ws = ineligible(tmp_path)
    edit(ws, UBND, "    rank: 1\n", OVERRIDE)
    code, out, err = run(ws, "validate")
    assert code == 0, err
    assert out.startswith("data OK")
    note = next(line for line in err.splitlines() if ":33:17: warning[ELIGIBILITY" in line)
    assert note.startswith(
        f"{UBND}:33:17: warning[ELIGIBILITY-OVERRIDE]: 'Tôn Nữ Thị Hà' is accepted for "
        f"'{TINH_BK}' without meeting the rule bk-tinh-ca-nhan (none of these is met: "
    )
    assert note.endswith(
        "; the reason recorded: Hội đồng Thi đua - Khen thưởng tỉnh xét thành tích chỉ đạo đạt "
        "chuẩn năm 2024"
    )
    # the minutes and the dossier read the same overrides, with the reasons
    found = overrides(load_workspace(ws), UBND_DECISION)
    assert [(o.nominee, o.rule) for o in found] == [
        ("Trường Chính trị tỉnh Nghệ An", "bk-tinh-tap-the"),
        ("Tôn Nữ Thị Hà", "bk-tinh-ca-nhan"),
    ]
    assert found[1].reason.startswith("Hội đồng Thi đua - Khen thưởng tỉnh xét")
    assert found[1].missing is not None and "(found: 2023)" in found[1].missing
    assert str(found[1].location) == f"{UBND}:33:17"


def written_overrides(root: Path) -> list[tuple[str, str, str]]:
    """The overrides the example's proposals write: (file, nominee, rule), in file order."""
    found = []
    for path in sorted((root / "data/proposals").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for nominee in [*data.get("collectives", []), *data.get("individuals", [])]:
            if isinstance(nominee.get("eligibility"), dict):
                shown = path.relative_to(root).as_posix()
                found.append((shown, nominee["name"], nominee["eligibility"]["override"]))
    return found


def test_the_example_nominee_accepted_by_override(repo_root: Path) -> None:
    ws = load_workspace(repo_root)
    found = overrides(ws)
    # every override the proposals write, and no other
    assert [(str(o.location).split(":")[0], o.nominee, o.rule) for o in found] == (
        written_overrides(repo_root)
    )
    # the 2024 one: the province's collective, on the council's reason
    [nghe_an] = [o for o in found if o.rule == "bk-tinh-tap-the"]
    assert (nghe_an.nominee, nghe_an.recipient) == ("Trường Chính trị tỉnh Nghệ An", "collective")
    assert "Thành tích xuất sắc đột xuất năm 2024" in nghe_an.reason
    assert overrides(ws, "quyet-dinh-khen-thuong-2024") == []


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            "    eligibility:\n      override: bk-tinh-ca-nhan\n      reason: ''\n",
            ":34:15: error[DATA-EMPTY-VALUE]: 'reason' must not be empty",
        ),
        (
            "    eligibility:\n      override: bk-tinh-ca-nhan\n",
            ":33:7: error[DATA-MISSING]: required field 'reason' is missing",
        ),
        (
            "    eligibility:\n      override: bk-tinh-canhan\n      reason: Hội đồng xét\n",
            ":33:17: error[DATA-REF]: the override names the rule 'bk-tinh-canhan', which "
            f"{RULES} does not have (the rules for '{TINH_BK}': bk-tinh-ca-nhan)",
        ),
    ],
)
def test_an_override_needs_a_known_rule_and_a_reason(
    tmp_path: Path, new: str, message: str
) -> None:
    ws = ineligible(tmp_path)
    edit(ws, UBND, "    rank: 1\n", "    rank: 1\n" + new)
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert f"{UBND}{message}" in err.splitlines()


def test_an_override_of_another_rule_does_not_pass(tmp_path: Path) -> None:
    ws = ineligible(tmp_path)
    edit(ws, UBND, "    rank: 1\n", OVERRIDE.replace("bk-tinh-ca-nhan", "bk-tinh-tap-the"))
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert errors(err)[0].startswith(f"{UBND}:25:11: error[DATA-INELIGIBLE]: 'Tôn Nữ Thị Hà'")
    assert (
        "    hint: the override names the rule bk-tinh-tap-the, but the rule in force on "
        "20/11/2024 is bk-tinh-ca-nhan: override that one, with its reason"
    ) in err.splitlines()


# -- the register's decisions are history ----------------------------------------------------

DECISION_2023 = """\
kind: decision_award
issuer: hvctqg
number: auto
date: 2023-12-20
subject: về việc tặng Bằng khen của Giám đốc Học viện năm 2023
campaign: xd-truong-chuan
year: 2023
award: bang-khen-giam-doc-hv
schools: [lao-cai]
bases:
  - law: decree
proposed_by: Vụ trưởng Vụ Các trường chính trị
funding: Quỹ thi đua, khen thưởng của Học viện năm 2023
executors: Chánh Văn phòng Học viện và các cá nhân có tên tại Điều 1
signature:
  signer: nguyen-xuan-thang
recipients: [Như Điều 3]
archive: VT, TĐKT
output: quyet-dinh-khen-thuong-2023-HVCTQG.docx
"""
PROPOSAL_2023 = """\
campaign: xd-truong-chuan
year: 2023
school: lao-cai
date: 2023-11-02
award: bang-khen-giam-doc-hv
individuals:
  - name: Trần Xuân Việt
    gender: nam
    position: Giảng viên chính
    unit: Khoa Dân vận
    achievement: Hoàn thành xuất sắc nhiệm vụ giảng dạy năm học 2022-2023.
"""


def with_2023_decision(tmp_path: Path) -> Path:
    ws = make_workspace(tmp_path / "ws")
    (ws / "data" / "proposals" / "2023").mkdir()
    (ws / "data" / "proposals" / "2023" / "lao-cai.yaml").write_text(PROPOSAL_2023, "utf-8")
    (ws / "data" / "documents" / "quyet-dinh-khen-thuong-2023.yaml").write_text(
        DECISION_2023, "utf-8"
    )
    return ws


def test_an_award_the_register_holds_counts_against_the_next_year(tmp_path: Path) -> None:
    """Trần Xuân Việt of Lào Cai, awarded the Học viện's Bằng khen by a 2023 decision, is
    proposed again in 2024: once that decision has its number, the rule "not within 1 year"
    refuses him (the 2023 decision itself stays valid: its own awards do not count for it)."""
    ws = with_2023_decision(tmp_path)
    register = str(open_register(tmp_path / "register.sqlite", create=True).target)
    code, _out, err = run(ws, "--register", register, "validate")
    assert code == 0, err  # not given yet: the decision has no number
    report = build(ws, tmp_path / "out", only=["quyet-dinh-khen-thuong-2023"], register=register)
    assert not report.failed, [d.error.format() for d in report.failed if d.error]
    symbol = report.documents[0].symbol
    code, _out, err = run(ws, "--register", register, "validate")
    assert code == 2
    assert errors(err) == [
        f"{LAO_CAI}:45:11: error[DATA-INELIGIBLE]: 'Trần Xuân Việt' does not qualify for "
        f"'{HV_BK}' under the rule bk-hv-phong-trao (Quy chế công tác thi đua, khen thưởng của "
        "Học viện ban hành kèm Quyết định số 3370-QĐ/HVCTQG ngày 04/7/2019; Luật Thi đua, khen "
        "thưởng 2022, Điều 74): under Quy chế công tác thi đua, khen thưởng của Học viện ban "
        "hành kèm Quyết định số 3370-QĐ/HVCTQG ngày 04/7/2019: already received "
        f"'{HV_BK}' for 2023 (Quyết định số {symbol} ngày 20/12/2023 của Giám đốc Học viện "
        "Chính trị quốc gia Hồ Chí Minh): not again before 2025"
    ]
    # another register, where the decision has no number, knows nothing of it
    assert run(ws, "--register", str(tmp_path / "other.sqlite"), "validate")[0] == 0


def test_the_web_app_sees_a_number_given_outside_it(tmp_path: Path) -> None:
    """The web app keeps the validated workspace between requests: a decision numbered by a
    colleague's `docgen build` changes the nominees' history, so it validates again."""
    from docgen.web.state import WorkspaceState

    ws = with_2023_decision(tmp_path)
    register = str(open_register(tmp_path / "register.sqlite", create=True).target)
    state = WorkspaceState(ws, tmp_path / "out", tmp_path / "cache", register)
    assert state.load().ws is not None
    assert state.load() is state.load()  # nothing changed: not validated again
    build(ws, tmp_path / "cli-out", only=["quyet-dinh-khen-thuong-2023"], register=register)
    loaded = state.load()
    assert loaded.ws is None and loaded.error is not None
    assert "error[DATA-INELIGIBLE]: 'Trần Xuân Việt'" in loaded.error.format()


def test_past_awards_from_the_register_carry_their_book_number(tmp_path: Path) -> None:
    ws = with_2023_decision(tmp_path)
    register = str(open_register(tmp_path / "register.sqlite", create=True).target)
    build(ws, tmp_path / "out", only=["quyet-dinh-khen-thuong-2023"], register=register)
    # proposed again in 2024: the council accepts it (else the workspace does not load)
    edit(
        ws,
        LAO_CAI,
        "    unit: Khoa Dân vận\n    rank: 3\n",
        "    unit: Khoa Dân vận\n    rank: 3\n    eligibility:\n      override: bk-hv-phong-trao\n"
        "      reason: Hội đồng xét thành tích mới của năm 2024\n",
    )
    # the certificates' numbering: the book key of each awardee (docgen.awards.certificates)
    loaded = load_workspace(ws, register)
    data = awarded(loaded, loaded.specs["quyet-dinh-khen-thuong-2023"])
    (awardee,) = data.individuals
    open_register(register).book_numbers(
        "data/documents/quyet-dinh-khen-thuong-2023.yaml",
        [(book_key("individual", "lao-cai", awardee.name), awardee.name)],
        start=41,
    )
    loaded = load_workspace(ws, register)
    nominee = loaded.proposals["data/proposals/2023/lao-cai.yaml"].individuals[0]
    (past,) = past_awards(loaded, "lao-cai", nominee)
    assert (past.year, past.award, past.book, past.spec) == (
        2023,
        "bang-khen-giam-doc-hv",
        41,
        "quyet-dinh-khen-thuong-2023",
    )
    assert past.decision.startswith("Quyết định số ") and "ngày 20/12/2023 của Giám đốc" in (
        past.decision
    )
    # a decision's own awards do not count for itself, nor awards decided later
    assert past_awards(loaded, "lao-cai", nominee, exclude="quyet-dinh-khen-thuong-2023") == []
    assert past_awards(loaded, "lao-cai", nominee, before=dt.date(2023, 12, 19)) == []


def test_the_book_key_is_the_certificates_key(repo_root: Path) -> None:
    ws = load_workspace(repo_root)
    data = awarded(ws, ws.specs["quyet-dinh-khen-thuong-2024"])
    everyone = [*data.collectives, *data.individuals]
    assert len(everyone) > 50
    for awardee in everyone:
        assert book_key(awardee.kind, awardee.school_id, awardee.name) == _awardee_key(awardee)


def test_past_awards_of_the_history_files(repo_root: Path) -> None:
    ws = load_workspace(repo_root, str(repo_root / "no-register.sqlite"))
    proposal = ws.proposals[UBND]
    found = past_awards(ws, "nghe-an", proposal.individuals[1])  # Trịnh Quang Long
    assert [(a.year, a.name) for a in found] == [
        (2021, "Lao động tiên tiến"),
        (2022, "Chiến sĩ thi đua cơ sở"),
        (2023, "Chiến sĩ thi đua cơ sở"),
    ]
    assert found[2].decision == QD
    assert found[2].source == f"{HISTORY}:62:9"
    # a namesake of another unit is another person
    other = proposal.individuals[1].model_copy(update={"unit": "Khoa Dân vận"})
    assert past_awards(ws, "nghe-an", other) == []


# -- the history files and the rules file as data ------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "        award: giay-khen\n",
            "        award: giay-khenn\n",
            f"{HISTORY}:42:16: error[DATA-REF]: unknown award 'giay-khenn'",
        ),
        (
            "        award: giay-khen\n",
            "        award: tap-the-ld-xuat-sac\n",
            f"{HISTORY}:42:16: error[DATA-AWARD-RECIPIENT]: 'Tập thể lao động xuất sắc' goes to "
            "collectives only, not to the individual 'Tôn Nữ Thị Hà'",
        ),
        (
            "      - {year: 2022, rating: htxsnv}\n",
            "      - {year: 2022, rating: xuat-sac}\n",
            f"{HISTORY}:51:30: error[DATA-REF]: unknown rating 'xuat-sac' "
            "(data/law/eligibility.yaml lists: htnv, httnv, htxsnv)",
        ),
        (
            "date: 2021-12-24, issuer: Hiệu trưởng Trường Chính trị tỉnh Nghệ An}\n"
            "      - year: 2022",
            "date: 2020-12-24, issuer: Hiệu trưởng Trường Chính trị tỉnh Nghệ An}\n"
            "      - year: 2022",
            f"{HISTORY}:43:46: error[DATA-DATE-ORDER]: the decision is dated 24/12/2020, before "
            "the year 2021 whose achievements it rewards",
        ),
        (
            "school: nghe-an\n",
            "school: nghe-ann\n",
            f"{HISTORY}:14:9: error[DATA-REF]: unknown school 'nghe-ann'",
        ),
        (
            "school: nghe-an\n",
            "",
            f"{HISTORY}:16:11: error[DATA-MISSING]: no school for this entry: give 'school' at "
            "the top of the file or on the entry",
        ),
        (
            "        award: giay-khen\n",
            "        award: giay-khen\n        note: x\n",
            f"{HISTORY}:43:9: error[DATA-UNKNOWN-FIELD]: unknown field 'note' (check its spelling)",
        ),
    ],
)
def test_a_history_file_is_checked(tmp_path: Path, old: str, new: str, message: str) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, HISTORY, old, new)
    code, _out, err = run(ws, "validate")
    assert code == 2
    # the one problem, and no verdict on the school's nominees from a history half read
    assert errors(err) == [message], err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      - type: not_within\n        years: 1\n",
            "      - type: not_withinn\n        years: 1\n",
            f"{RULES}:70:9: error[DATA-VALUE]: 'type' must be one of consecutive_titles, "
            "prior_award, not_within, recognised_initiative, emulation_campaign, any_of, all_of",
        ),
        (
            "            title: cstd-co-so\n            times: 2\n",
            "            title: cstd-co-so\n            times: two\n",
            f"{RULES}:119:20: error[DATA-TYPE]: 'times' must be a whole number, not text 'two'",
        ),
        (
            "            title: cstd-co-so\n",
            "            title: giay-khen\n",
            f"{RULES}:118:20: error[DATA-REF]: 'giay-khen' is neither a title of "
            "data/law/awards.yaml nor a rating of this file",
        ),
        (
            "  - id: cstd-toan-quoc\n",
            "  - id: cstd-bo-tinh\n",
            f"{RULES}:182:9: error[DATA-DUPLICATE-ID]: rule id 'cstd-bo-tinh' is used twice "
            f"(first at {RULES}:164:5)",
        ),
        (
            "    award: bang-khen-chu-tich-ubnd-tinh\n    recipient: collective\n",
            "    award: bang-khen-chu-tich-ubnd\n    recipient: collective\n",
            f"{RULES}:141:12: error[DATA-REF]: unknown award 'bang-khen-chu-tich-ubnd'",
        ),
    ],
)
def test_the_rules_file_is_checked(tmp_path: Path, old: str, new: str, message: str) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, RULES, old, new)
    code, _out, err = run(ws, "validate")
    assert code == 2
    # the one problem, and no verdict by a rule that has one
    assert errors(err) == [message], err


def test_every_rule_and_condition_cites_its_article() -> None:
    rules = load_workspace(ROOT).eligibility
    assert rules is not None
    for rule in rules.data.rules:
        assert "Điều" in rule.source, rule.id
        if not rule.confirmed:
            assert rule.note, f"{rule.id}: say what was read"


def test_the_examples_validate_with_their_history() -> None:
    """Every nominee qualifies, or is accepted by the override its proposal writes (one
    warning each): what make demo builds."""
    result = CliRunner().invoke(
        cli, ["-C", str(ROOT), "--register", "/nonexistent/none.sqlite", "validate"]
    )
    assert result.exit_code == 0, result.stderr
    assert "error[" not in result.stderr
    warned = [
        line for line in result.stderr.splitlines() if "warning[ELIGIBILITY-OVERRIDE]" in line
    ]
    assert len(warned) == len(written_overrides(ROOT)) > 0, warned


# -- Vietnamese ---------------------------------------------------------------------------


def test_the_error_in_vietnamese(tmp_path: Path) -> None:
    ws = ineligible(tmp_path)
    code, _out, err = run(ws, "--lang", "vi", "validate")
    assert code == 2
    assert err.splitlines()[0] == (
        f"{UBND}:25:11: lỗi[DATA-INELIGIBLE]: 'Tôn Nữ Thị Hà' chưa đủ tiêu chuẩn để được tặng "
        f"'{TINH_BK}' theo quy định bk-tinh-ca-nhan (Luật Thi đua, khen thưởng 2022, Điều 74 "
        "khoản 1): không đạt tiêu chuẩn nào sau đây: theo Luật Thi đua, khen thưởng 2022, Điều "
        f"74 khoản 1: '{TINH_BK}' không phải là hình thức khen thưởng của phong trào '{CAMPAIGN}' "
        f"(phong trào có: {HV_BK}); hoặc theo Luật Thi đua, khen thưởng 2022, Điều 74 khoản 1 "
        "điểm d: chưa có 02 năm liên tục đạt 'Chiến sĩ thi đua cơ sở' tính đến năm 2024 (đã "
        "có: 2023); hoặc theo Luật Thi đua, khen thưởng 2022, Điều 74 khoản 1 điểm d: cần đủ các "
        "điều kiện sau: chưa có 02 năm liên tục đạt 'Hoàn thành xuất sắc nhiệm vụ' tính đến năm "
        "2024 (đã có: 2023); và có 0 sáng kiến, đề tài được công nhận (phạm vi cơ sở trở lên, "
        "năm 2023–2024); cần 02"
    )
    assert err.splitlines()[1] == (
        "    gợi ý: nếu Hội đồng chấp thuận theo tiêu chuẩn khác, hãy ghi vào người được đề nghị "
        "(eligibility: override bk-tinh-ca-nhan, kèm lý do)"
    )


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        (
            f"already received '{HV_BK}' for 2023 ({QD}): not again before 2025",
            f"đã được tặng '{HV_BK}' cho thành tích năm 2023 ({QD}): chưa được xét lại trước năm "
            "2025",
        ),
        (
            "'Vũ Thanh Dung' has an override of the rule bk-hv-phong-trao, but meets it anyway; "
            "the reason recorded: Hội đồng xét",
            "'Vũ Thanh Dung' có ghi chấp thuận đối với quy định bk-hv-phong-trao, nhưng vẫn đạt "
            "quy định đó; lý do đã ghi: Hội đồng xét",
        ),
        (
            "all of these are needed: under A: has not received 'X' for 2023 or before; and "
            "the nominee is not proposed within an emulation campaign",
            "cần đủ các điều kiện sau: theo A: chưa được tặng 'X' cho thành tích năm 2023 hoặc "
            "trước đó; và không được đề nghị trong một phong trào thi đua",
        ),
    ],
)
def test_composite_messages_translate_piece_by_piece(english: str, vietnamese: str) -> None:
    assert translate(english, "vi") == vietnamese


@pytest.mark.parametrize(
    "command",
    [
        ["render", "data/documents/quyet-dinh-khen-thuong-2024.yaml", "-o", "{tmp}/qd.docx"],
        ["achievements", "to-trinh-lao-cai-2024", "--out", "{tmp}/bctt"],
        ["stats"],
        [
            "export",
            "decision",
            "data/documents/quyet-dinh-khen-thuong-2024.yaml",
            "--out",
            "{tmp}/ds.xlsx",
        ],
    ],
    ids=["render", "achievements", "stats", "export"],
)
def test_every_command_checks_against_the_register_it_is_given(
    tmp_path: Path, command: list[str]
) -> None:
    """Not only validate and build: a command given --register reads its history there (the
    2023 decision numbered in it makes Trần Xuân Việt ineligible in 2024, as validate says)."""
    ws = with_2023_decision(tmp_path)
    register = str(open_register(tmp_path / "elsewhere.sqlite", create=True).target)
    report = build(ws, tmp_path / "out", only=["quyet-dinh-khen-thuong-2023"], register=register)
    assert not report.failed
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = CliRunner().invoke(cli, ["-C", str(ws), "--register", register, *args])
    assert result.exit_code == 2, result.output
    assert "error[DATA-INELIGIBLE]: 'Trần Xuân Việt'" in result.stderr


CAMPAIGN_FILE = "data/campaigns/xd-truong-chuan.yaml"


def _line_of(ws: Path, rel: str, text: str) -> int:
    lines = (ws / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("old", "new", "found", "message"),
    [
        pytest.param(
            "  - year: 2022\n",
            "  - year: 2019-2020\n",
            "year: 2019-2020",
            "11: error[DATA-TYPE]: 'year' must be a whole number, not text '2019-2020'",
            id="a-timeline-year",
        ),
        pytest.param(
            "name: Xây dựng trường chính trị chuẩn\n",
            "name: [Xây dựng trường chính trị chuẩn\n",
            "period: {start: 2022",  # the parser stops on the line after
            "7: error[DATA-YAML]: YAML syntax error: while parsing a flow sequence: did not find "
            "expected ',' or ']'",
            id="the-file-unreadable",
        ),
    ],
)
def test_a_campaign_in_error_is_one_error(
    tmp_path: Path, old: str, new: str, found: str, message: str
) -> None:
    """Issue 25 item 7: one bad value in a campaign made every nominee proposed within it
    ineligible (DATA-INELIGIBLE "not proposed within an emulation campaign", 61 here) and,
    for a file that does not read, each proposal named an unknown campaign: now the
    campaign's own error alone."""
    ws = make_workspace(tmp_path)
    edit(ws, CAMPAIGN_FILE, old, new)
    line = _line_of(ws, CAMPAIGN_FILE, found)
    code, out, err = run(ws, "validate")
    assert code == 2 and out == ""
    assert [e for e in err.splitlines() if ": error[" in e] == [f"{CAMPAIGN_FILE}:{line}:{message}"]


def test_a_list_inside_a_list_is_bracketed_and_translated_whole() -> None:
    """The Prime Minister's Bằng khen for a collective (bk-ttg-tap-the): a campaign, or all of
    (a province's or the Học viện's Bằng khen; five years of HTXSNV). The inner lists are
    bracketed, and the Vietnamese has no English left (the catalogue read "; or " of the inner
    list as the outer list's, and left the rest in English)."""
    args = ["-C", str(ROOT), "--register", "/nonexistent/none.sqlite", "validate"]
    shown = {}
    for lang in ("en", "vi"):
        result = CliRunner().invoke(cli, ["--lang", lang, *args])
        assert result.exit_code == 0, result.stderr
        [shown[lang]] = [
            line
            for line in result.stderr.splitlines()
            if ("warning[ELIGIBILITY-OVERRIDE]" in line or "cảnh báo[ELIGIBILITY-OVERRIDE]" in line)
            and "bk-ttg-tap-the" in line
        ]
    assert (
        "; or (under Luật Thi đua, khen thưởng 2022, Điều 73 khoản 2: all of these are needed: "
        "(none of these is met: has not received 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh' "
        "for 2020 or before; or has not received 'Bằng khen của Giám đốc Học viện' for 2020 or "
        "before); and no 05 consecutive years of 'Hoàn thành xuất sắc nhiệm vụ' up to 2025 "
        "(found: 2023)))"
    ) in shown["en"]
    assert (
        "; hoặc (theo Luật Thi đua, khen thưởng 2022, Điều 73 khoản 2: cần đủ các điều kiện sau: "
        "(không đạt tiêu chuẩn nào sau đây: chưa được tặng 'Bằng khen của Chủ tịch Ủy ban nhân "
        "dân tỉnh' cho thành tích năm 2020 hoặc trước đó; hoặc chưa được tặng 'Bằng khen của "
        "Giám đốc Học viện' cho thành tích năm 2020 hoặc trước đó); và chưa có 05 năm liên tục "
        "đạt 'Hoàn thành xuất sắc nhiệm vụ' tính đến năm 2025 (đã có: 2023)))"
    ) in shown["vi"]
    for english in ("none of these", "all of these", "has not received", "before", "up to"):
        assert english not in shown["vi"], shown["vi"]
