"""The council's minutes (kind: minutes): the vote on each nominee, the law of the vote by date,
the quorum, and the award decision that awards only those who passed."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document

from docgen.awards.kinds.decision_award import awarded
from docgen.awards.kinds.minutes import evaluate
from docgen.awards.specs import AwardDecisionSpec
from docgen.awards.votes import (
    VotesLaw,
    percent_text,
    reaches,
    share_value,
    time_words,
)
from docgen.checker import check_docx
from docgen.data.workspace import load_workspace
from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import edit, run
from tests.support.docx_inspect import iter_paragraphs

MINUTES = "data/documents/bien-ban-hoi-dong-2024.yaml"
DECISION = "data/documents/quyet-dinh-khen-thuong-2024.yaml"
VOTES = "data/law/votes.yaml"
OUT = "bien-ban-hoi-dong-tdkt-2024-HVCTQG.docx"
DECISION_OUT = "quyet-dinh-khen-thuong-2024-HVCTQG.docx"
FAILED = "Bùi Công Long"  # 8 of 13 votes in the example: 61,54% < 70%


def texts(path: Path) -> list[str]:
    """The paragraphs as a reader reads them (a no-break space read as a space)."""
    paragraphs = iter_paragraphs(Document(str(path)))
    return [p.text.replace("\xa0", " ") for p in paragraphs if p.text.strip()]


def votes_rows(path: Path) -> list[list[str]]:
    """The rows of the votes table (the document's second table), merged cells once."""
    table = Document(str(path)).tables[1]
    rows = []
    for row in table.rows:
        cells: list[tuple[object, str]] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1][0]:
                cells.append((cell._tc, cell.text))
        rows.append([text for _, text in cells])
    return rows


def line_of(ws: Path, rel: str, text: str) -> int:
    lines = (ws / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# -- pure helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("70%", Fraction(7, 10)),
        ("90%", Fraction(9, 10)),
        ("2/3", Fraction(2, 3)),
        ("66,7%", Fraction(667, 1000)),
        ("100%", Fraction(1)),
    ],
)
def test_share_value(text: str, value: Fraction) -> None:
    assert share_value(text) == value


@pytest.mark.parametrize("text", ["70", "0%", "120%", "3/0", "seventy", "4/3"])
def test_share_value_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        share_value(text)


@pytest.mark.parametrize(
    ("count", "base", "share", "passes"),
    [
        (8, 13, "70%", False),  # 61.5%
        (9, 13, "70%", False),  # 69.2%
        (10, 13, "70%", True),  # 76.9%
        (7, 10, "70%", True),  # exactly 70%: "từ 70% trở lên"
        (12, 13, "90%", True),  # 92.3%
        (13, 15, "90%", False),  # 86.7% of all members
        (10, 15, "2/3", True),  # a quorum of exactly two thirds
        (9, 15, "2/3", False),
        (0, 0, "70%", False),
    ],
)
def test_reaches(count: int, base: int, share: str, passes: bool) -> None:
    assert reaches(count, base, share) is passes


@pytest.mark.parametrize(
    ("count", "base", "text"),
    [
        (13, 13, "100"),
        (8, 13, "61,54"),  # 61.538…: rounded half up
        (10, 13, "76,92"),
        (12, 13, "92,31"),
        (6999, 10000, "69,99"),
        (69999, 100000, "69,99"),  # never printed as the 70 it does not reach
        (7, 10, "70"),
    ],
)
def test_percent_text(count: int, base: int, text: str) -> None:
    assert percent_text(count, base, None if count * 10 >= base * 7 else "70%") == text


@pytest.mark.parametrize(
    ("value", "words"), [("14:00", "14 giờ 00 phút"), ("8:30", "8 giờ 30 phút")]
)
def test_time_words(value: str, words: str) -> None:
    assert time_words(value) == words


def test_the_rule_in_force_is_the_one_of_the_day() -> None:
    law = VotesLaw.model_validate(
        {
            "rules": [
                {
                    "awards": ["a"],
                    "from": dt.date(2020, 1, 1),
                    "to": dt.date(2024, 6, 30),
                    "votes": {"share": "70%", "of": "present", "source": "x", "confirmed": True},
                    "quorum": {"share": "2/3", "source": "x", "confirmed": True},
                },
                {
                    "awards": ["a", "b"],
                    "from": dt.date(2024, 7, 1),
                    "votes": {"share": "90%", "of": "members", "source": "y", "confirmed": True},
                    "quorum": {"share": "2/3", "source": "y", "confirmed": True},
                },
            ]
        }
    )
    for award, day, share in [
        ("a", dt.date(2024, 6, 30), "70%"),
        ("a", dt.date(2024, 7, 1), "90%"),
        ("b", dt.date(2030, 1, 1), "90%"),
        ("b", dt.date(2024, 6, 30), None),
        ("a", dt.date(2019, 12, 31), None),
    ]:
        found = law.rule_for(award, day)
        assert (found[1].votes.share if found else None) == share, (award, day)


# -- the example minutes -----------------------------------------------------------------------


def test_the_example_vote() -> None:
    ws = load_workspace(ROOT)
    outcome = evaluate(ws, "bien-ban-hoi-dong-2024")
    assert outcome is not None
    assert (len(outcome.council.members), outcome.ballots, outcome.base) == (15, 13, 13)
    assert (len(outcome.collectives), len(outcome.individuals)) == (12, 47)
    failed = outcome.failed()
    assert [(b.awardee.name, b.votes_for, b.percent) for b in failed] == [(FAILED, 8, "61,54")]
    passed_10 = next(b for b in outcome.passed() if b.awardee.name == "Hồ Hữu Quân")
    assert (passed_10.votes_for, passed_10.percent) == (10, "76,92")


def test_a_failed_vote_is_left_out_of_the_decision(outputs: dict[str, Path]) -> None:
    rows = votes_rows(outputs[OUT])
    assert rows[0] == [
        "STT",
        "Họ và tên / Tên tập thể",
        "Chức vụ, đơn vị",
        "Số phiếu đồng ý",
        "Tỷ lệ (%)",
        "Tỷ lệ cần đạt",
        "Kết quả",
    ]
    line = next(r for r in rows if FAILED in r)
    assert line[1:] == [
        FAILED,
        "Phó Trưởng Khoa Lý luận cơ sở",
        "8/13",
        "61,54",
        "≥ 70%",
        "Không đạt",
    ]
    assert rows[-1] == ["Tổng cộng", "Đạt: 58; không đạt: 01"]
    assert sum(1 for r in rows if r[-1] == "Đạt") == 58
    body = "\n".join(texts(outputs[OUT]))
    assert (
        "01 trường hợp không đạt: Bùi Công Long, Trường Chính trị tỉnh Lào Cai (8/13 phiếu, "
        "61,54%)" in body
    )
    assert (
        "Hội đồng thống nhất đề nghị Giám đốc Học viện tặng Bằng khen của Giám đốc Học viện cho "
        "12 tập thể và 46 cá nhân đạt tỷ lệ phiếu đồng ý theo quy định"
    ) in body
    # the decision, its list and its money, and whatever else lists its awardees
    decision = "\n".join(texts(outputs[DECISION_OUT]))
    assert FAILED not in decision
    assert "cho 12 tập thể và 46 cá nhân (có danh sách kèm theo)" in decision
    assert "Tổng số tiền thưởng: 163.800.000 đồng" in decision
    ws = load_workspace(ROOT)
    spec = ws.specs["quyet-dinh-khen-thuong-2024"]
    assert isinstance(spec, AwardDecisionSpec)
    names = [a.name for a in awarded(ws, spec).individuals]
    assert len(names) == 46 and FAILED not in names


def test_the_decision_cites_the_minutes_number_from_the_register(
    outputs: dict[str, Path],
) -> None:
    decision = texts(outputs[DECISION_OUT])
    assert (
        "Căn cứ Biên bản số 01-BB/HĐTĐKT ngày 16/12/2024 của Hội đồng Thi đua - Khen thưởng Học "
        "viện về việc xét tặng Bằng khen của Giám đốc Học viện cho các tập thể, cá nhân có thành "
        "tích xuất sắc trong phong trào thi đua “Xây dựng trường chính trị chuẩn” năm 2024;"
    ) in decision


def test_what_the_minutes_show(outputs: dict[str, Path]) -> None:
    body = texts(outputs[OUT])
    assert "Số 01-BB/HĐTĐKT" in body and "BIÊN BẢN" in body
    assert body[0:3] == ["HỌC VIỆN CHÍNH TRỊ QUỐC GIA", "HỒ CHÍ MINH", "HỘI ĐỒNG"]
    joined = "\n".join(body)
    assert "Hôm nay, vào lúc 14 giờ 00 phút, ngày 16 tháng 12 năm 2024, tại Phòng họp" in joined
    assert "Thành viên Hội đồng có mặt: 13/15 đồng chí, gồm:" in body
    assert "Vắng mặt: 02 đồng chí:" in body
    assert (
        "- Đồng chí Trần Minh Đức, Phó Giám đốc Học viện, Phó Chủ tịch Hội đồng (lý do: đi "
        "công tác);"
    ) in body
    assert "số thành viên Hội đồng tham gia bỏ phiếu: 13/15" in joined
    assert "Cuộc họp kết thúc vào lúc 16 giờ 30 phút cùng ngày." in joined
    # the two signatures side by side: THƯ KÝ left, CHỦ TỊCH HỘI ĐỒNG right
    signatures = Document(str(outputs[OUT])).tables[-1]
    left, right = signatures.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["THƯ KÝ", "Nguyễn Thanh Tùng"]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CHỦ TỊCH HỘI ĐỒNG",
        "Nguyễn Xuân Thắng",
    ]


def test_the_minutes_pass_the_format_checker(outputs: dict[str, Path]) -> None:
    report = check_docx(outputs[OUT])
    assert report.errors == [], report.lines()
    assert report.system == "party"
    assert report.doc_type is not None and report.doc_type.id == "bien_ban"


def test_minutes_without_their_recipients_fail_the_format_checker(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    """A biên bản has its Nơi nhận (ND 30/2020 Phụ lục III mẫu 1.9: "Nơi nhận: … Lưu: VT, Hồ
    sơ"): the minutes show one, and `docgen check` reports a biên bản without it."""
    doc = Document(str(outputs[OUT]))
    recipients = [
        p
        for p in iter_paragraphs(doc)
        if p.style is not None and p.style.name.startswith("DGRecipients")
    ]
    assert [p.text for p in recipients][:1] == ["Nơi nhận:"]
    for p in recipients:
        p._p.getparent().remove(p._p)
    bare = tmp_path / "bien-ban-khong-noi-nhan.docx"
    doc.save(str(bare))
    report = check_docx(bare)
    assert [e.code for e in report.errors] == ["HD36-RECIPIENTS-MISSING"], report.lines()
    assert "no 'Nơi nhận:' list beside the signature" in "\n".join(report.lines())


# -- errors, each with its place in the data --------------------------------------------------


def test_a_nominee_without_a_vote_is_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, MINUTES, "\n  default: all", "\n  default: none")
    code, _out, err = run(ws, "validate")
    assert code == 2
    line = line_of(ws, MINUTES, "votes:")
    assert (
        f"{MINUTES}:{line + 1}:3: error[DATA-MINUTES-NO-VOTE]: no votes are given for 'Khoa Lý "
        "luận cơ sở' (Trường Chính trị thành phố Cần Thơ)"
    ) in err
    # the three nominees listed have their votes; all the others are reported
    assert err.count("DATA-MINUTES-NO-VOTE") == 59 - 3
    assert "traceback" not in err.lower()


def test_a_vote_for_no_nominee_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, MINUTES, "{name: Hồ Hữu Quân, school: can-tho", "{name: Hồ Hữu Quang, school: can-tho")
    edit(
        ws,
        MINUTES,
        "{name: Bùi Công Long, school: lao-cai",
        "{name: Bùi Công Long, school: da-nang",
    )
    code, _out, err = run(ws, "validate")
    assert code == 2
    line = line_of(ws, MINUTES, "Hồ Hữu Quang")
    assert (
        f"{MINUTES}:{line}:14: error[DATA-MINUTES-NOMINEE]: 'Hồ Hữu Quang' is not a nominee of "
        "Trường Chính trị thành phố Cần Thơ for 'Bằng khen của Giám đốc Học viện' in 2024\n"
        "    hint: did you mean 'Hồ Hữu Quân'?"
    ) in err
    # the same name at another school is another person: not a nominee there
    assert "'Bùi Công Long' is not a nominee of Trường Chính trị thành phố Đà Nẵng" in err


def test_more_votes_than_members_present_is_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, MINUTES, "school: can-tho, for: 10}", "school: can-tho, for: 14}")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        "error[DATA-MINUTES-VOTES]: 14 votes for 'Hồ Hữu Quân' (Trường Chính trị thành phố Cần "
        "Thơ), but only 13 members were present to vote"
    ) in err


def test_quorum_not_met_is_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    absent = "".join(
        f"  - member: {m}\n    reason: đi công tác\n"
        for m in ("le-thi-thu-ha", "pham-van-khai", "vu-hong-son", "bui-thi-ngoc-mai")
    )
    edit(ws, MINUTES, "absent:\n", "absent:\n" + absent)
    code, _out, err = run(ws, "validate")
    assert code == 2
    line = line_of(ws, MINUTES, "absent:")
    assert (
        f"{MINUTES}:{line + 1}:3: error[DATA-MINUTES-QUORUM]: only 9 of the council's 15 members "
        "were present; a vote on 'Bằng khen của Giám đốc Học viện' needs 2/3 of them"
    ) in err
    assert f"3370-QĐ/HVCTQG), {VOTES}:" in err  # where the quorum is written


def test_an_absent_chair_must_be_replaced(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, MINUTES, "chair: nguyen-xuan-thang\n", "")
    edit(ws, MINUTES, "  - member: tran-minh-duc", "  - member: nguyen-xuan-thang")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert "error[DATA-MINUTES-ROLE]: the council's chair (Nguyễn Xuân Thắng) is absent" in err
    edit(
        ws,
        MINUTES,
        "secretary: nguyen-thanh-tung",
        "chair: hoang-phuc-lam\nsecretary: nguyen-thanh-tung",
    )
    code, _out, err = run(ws, "build", "--out", str(ws / "out"))
    assert code == 0, err
    right = Document(str(ws / "out" / OUT)).tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text] == [
        "PHÓ CHỦ TỊCH HỘI ĐỒNG",
        "Hoàng Phúc Lâm",
    ]


def test_thresholds_come_from_the_data_by_date(tmp_path: Path) -> None:
    """A stricter rule from the meeting's day on: 90% of those present, so 10 of 13 fail."""
    ws = make_workspace(tmp_path)
    stricter = (
        "  - awards: [bang-khen-giam-doc-hv]\n    from: 2024-12-16\n    votes:\n"
        "      share: 90%\n      of: present\n      source: a test rule\n      confirmed: true\n"
        "    quorum:\n      share: 2/3\n      source: a test rule\n      confirmed: true\n"
    )
    edit(
        ws,
        VOTES,
        "  - awards: [bang-khen-giam-doc-hv]\n    from: 2019-07-04\n",
        stricter
        + "  - awards: [bang-khen-giam-doc-hv]\n    from: 2019-07-04\n    to: 2024-12-15\n",
    )
    outcome = evaluate(load_workspace(ws), "bien-ban-hoi-dong-2024")
    assert outcome is not None
    assert [(b.awardee.name, b.percent) for b in outcome.failed()] == [
        ("Hồ Hữu Quân", "76,92"),
        (FAILED, "61,54"),
    ]
    # the day before, the old rule holds: 70%
    edit(ws, MINUTES, "date: 2024-12-16", "date: 2024-12-15")
    outcome = evaluate(load_workspace(ws), "bien-ban-hoi-dong-2024")
    assert outcome is not None and [b.awardee.name for b in outcome.failed()] == [FAILED]
    # before any rule, the minutes are an error at their date
    edit(ws, MINUTES, "date: 2024-12-15", "date: 2019-07-03")
    code, _out, err = run(ws, "validate")
    assert code == 2
    line = line_of(ws, MINUTES, "date: 2019-07-03")
    assert (
        f"{MINUTES}:{line}:7: error[DATA-LAW-DATE]: no vote rule for 'Bằng khen của Giám đốc Học "
        "viện' is in force on 03/07/2019 (data/law/votes.yaml covers: 16/12/2024 – …; "
        "04/07/2019 – 15/12/2024)"
    ) in err


def test_a_share_of_all_members_counts_the_absent_as_votes_against(tmp_path: Path) -> None:
    """90% of the council's 15 members: 13 present cannot reach it, so nobody passes — and a
    decision that follows such minutes awards no one, which is an error."""
    ws = make_workspace(tmp_path)
    edit(ws, VOTES, "      share: 70%\n      of: present", "      share: 90%\n      of: members")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:{line_of(ws, DECISION, 'minutes:')}:10: error[DATA-MINUTES-NONE-PASSED]: no "
        f"nominee of this decision passed the vote of the minutes {MINUTES}"
    ) in err
    edit(ws, VOTES, "      share: 90%\n      of: members", "      share: 80%\n      of: members")
    outcome = evaluate(load_workspace(ws), "bien-ban-hoi-dong-2024")
    assert outcome is not None and outcome.base == 15
    # 13 of 15 (86,67%) pass; 12 of 15 (80%) pass; 10 and 8 of 15 fail
    assert [(b.awardee.name, b.percent) for b in outcome.failed()] == [
        ("Hồ Hữu Quân", "66,67"),
        (FAILED, "53,33"),
    ]


def test_two_rules_in_force_on_one_day_are_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(
        ws,
        VOTES,
        "awards: [cstd-bo-tinh, cstd-toan-quoc]\n    from: 2017-10-01\n    to: 2023-12-31",
        "awards: [cstd-bo-tinh, cstd-toan-quoc]\n    from: 2017-10-01\n    to: 2024-01-01",
    )
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        "error[DATA-LAW-OVERLAP]: two vote rules for 'cstd-bo-tinh' are in force on 01/01/2024"
    ) in err


def test_an_unconfirmed_threshold_is_a_warning(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    code, _out, err = run(ws, "validate")
    assert code == 0
    line = line_of(ws, MINUTES, "date: 2024-12-16")
    warnings = [x for x in err.splitlines() if x.startswith(f"{MINUTES}:{line}:7: warning")]
    assert len(warnings) == 2
    assert warnings[0].startswith(
        f"{MINUTES}:{line}:7: warning[LAW-UNCONFIRMED]: uses the vote threshold 70%, not "
        "confirmed from the legal text: Quy chế công tác thi đua, khen thưởng của Học viện "
        f"(Quyết định số 3370-QĐ/HVCTQG ngày 04/7/2019), chưa rõ điều nào ({VOTES}:"
    )
    assert "uses the quorum 2/3" in warnings[1]
    for what in ("votes", "quorum"):
        text = (ws / VOTES).read_text(encoding="utf-8")
        first = text.index(f"    {what}:\n")
        at = text.index("confirmed: false", first)
        (ws / VOTES).write_text(text[:at] + "confirmed: true " + text[at + 16 :], "utf-8")
    code, _out, err = run(ws, "validate")
    assert code == 0 and f"{MINUTES}:{line}:7: warning" not in err


# -- the decision follows the minutes ---------------------------------------------------------


def test_minutes_of_another_year_or_award_are_errors_naming_both_files(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, MINUTES, "year: 2024", "year: 2023")
    edit(ws, MINUTES, "award: bang-khen-giam-doc-hv", "award: giay-khen")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:{line_of(ws, DECISION, 'year: 2024')}:7: error[DATA-MINUTES-MISMATCH]: the "
        f"minutes {MINUTES} vote for year 2023, but this decision ({DECISION}) decides year 2024"
    ) in err
    assert (
        f"the minutes {MINUTES} vote for award giay-khen, but this decision ({DECISION}) decides "
        "award bang-khen-giam-doc-hv"
    ) in err


def test_minutes_dated_after_the_decision_are_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, MINUTES, "date: 2024-12-16", "date: 2024-12-21")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:{line_of(ws, DECISION, 'date: 2024-12-20')}:7: error[DATA-DATE-ORDER]: the "
        f"decision {DECISION} (20/12/2024) is dated before the minutes it follows ({MINUTES}, "
        "21/12/2024)"
    ) in err


def test_a_decision_must_cite_the_minutes_of_its_award(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, DECISION, "minutes: bien-ban-hoi-dong-2024\n", "")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:{line_of(ws, DECISION, 'award: bang-khen')}:8: error[DATA-MINUTES-UNCITED]: "
        f"the council voted on the nominees of this decision in {MINUTES}: the decision must "
        "follow those minutes\n"
        "    hint: add 'minutes: bien-ban-hoi-dong-2024' so that only the nominees who passed are "
        "awarded"
    ) in err


def test_a_nominee_the_minutes_did_not_vote_on_is_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, MINUTES, "council: hvctqg", "schools: [can-tho, da-nang, lao-cai]\ncouncil: hvctqg")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:{line_of(ws, DECISION, 'minutes:')}:10: error[DATA-MINUTES-NOT-VOTED]: the "
        f"minutes {MINUTES} do not vote on 16 of the nominees this decision ({DECISION}) "
        "decides: 'Khoa Lý luận cơ sở' (Trường Chính trị tỉnh Nghệ An)"
    ) in err


def test_a_decision_naming_no_minutes_is_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, DECISION, "minutes: bien-ban-hoi-dong-2024", "minutes: ke-hoach-2024")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        "error[DATA-REF]: 'ke-hoach-2024' is not the minutes of a council meeting in this workspace"
    ) in err
