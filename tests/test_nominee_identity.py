"""Who is proposed twice: the same name in the same unit of the same school, unless birth dates
tell the two apart; namesakes in the same unit of two schools are two people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.awards.commendation import decision_list
from docgen.awards.nominees import decided_proposals, nominee_key, same_person
from docgen.awards.specs import AwardDecisionSpec
from docgen.cli.main import cli
from docgen.data.workspace import Workspace, load_workspace
from tests.conftest import make_workspace

LAO_CAI = "data/proposals/2024/lao-cai.yaml"
CAN_THO = "data/proposals/2024/can-tho.yaml"
# in lao-cai.yaml, line 45: "  - name: Trần Xuân Việt" of "Khoa Dân vận"
FIRST = f"{LAO_CAI}:45:11"
NAME_LINE = "  - name: Trần Xuân Việt\n"
HINT = (
    "    hint: if they are two people with the same name in the same unit, give each their "
    "birth_date (YYYY-MM-DD)"
)


def validate(ws: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(ws), "validate"])
    return result.exit_code, result.stdout, result.stderr


def append_individual(ws: Path, file: str, birth: str | None = None) -> int:
    """Add "Trần Xuân Việt" of "Khoa Dân vận" at the end of ``file``; returns the line of
    its name."""
    path = ws / file
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and text.rstrip().splitlines()[-1].startswith("      ")
    block = NAME_LINE + (
        "    gender: nam\n"
        "    position: Giảng viên\n"
        "    unit: Khoa Dân vận\n"
        + (f"    birth_date: {birth}\n" if birth else "")
        + "    achievement: Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024.\n"
    )
    path.write_text(text + block, encoding="utf-8")
    return text.count("\n") + 1


def give_birth_date(ws: Path, birth: str) -> None:
    """Write a birth date on the first "Trần Xuân Việt" (lao-cai.yaml, line 45)."""
    path = ws / LAO_CAI
    text = path.read_text(encoding="utf-8")
    assert text.count(NAME_LINE) == 1
    path.write_text(
        text.replace(NAME_LINE, NAME_LINE + f"    birth_date: {birth}\n"), encoding="utf-8"
    )


def test_namesakes_in_the_same_unit_of_two_schools_are_two_people(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    append_individual(ws, CAN_THO)  # Khoa Dân vận of Cần Thơ, not of Lào Cai
    code, out, err = validate(ws)
    assert code == 0 and "error[" not in err  # (the law tables' warnings may stand)
    assert out.startswith("data OK")


def test_the_same_person_twice_in_one_school_names_the_first_place(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    line = append_individual(ws, LAO_CAI)
    code, _, err = validate(ws)
    assert code == 2
    assert err == (
        f"{LAO_CAI}:{line}:11: error[DATA-DUPLICATE-NOMINEE]: 'Trần Xuân Việt' is already "
        f"proposed for this award in 2024 (at {FIRST})\n{HINT}\n"
    )


def test_different_birth_dates_tell_namesakes_apart(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    give_birth_date(ws, "1980-05-12")
    line = append_individual(ws, LAO_CAI, birth="1991-02-03")
    code, out, err = validate(ws)
    assert code == 0 and "error[" not in err, f"line {line}"
    assert out.startswith("data OK")


def test_equal_birth_dates_are_one_person_proposed_twice(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    give_birth_date(ws, "1980-05-12")
    line = append_individual(ws, LAO_CAI, birth="1980-05-12")
    code, _, err = validate(ws)
    assert code == 2
    assert err == (
        f"{LAO_CAI}:{line}:11: error[DATA-DUPLICATE-NOMINEE]: 'Trần Xuân Việt' is already "
        f"proposed for this award in 2024 (at {FIRST})\n"
    )


def test_one_birth_date_alone_does_not_tell_them_apart(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    line = append_individual(ws, LAO_CAI, birth="1991-02-03")
    code, _, err = validate(ws)
    assert code == 2
    assert err == (
        f"{LAO_CAI}:{line}:11: error[DATA-DUPLICATE-NOMINEE]: 'Trần Xuân Việt' is already "
        f"proposed for this award in 2024 (at {FIRST})\n{HINT}\n"
    )


def test_a_birth_date_must_be_a_date(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    give_birth_date(ws, '"12/05/1980"')
    code, _, err = validate(ws)
    assert code == 2
    assert err == (
        f"{LAO_CAI}:46:17: error[DATA-TYPE]: 'birth_date' must be a date like 2024-05-31 "
        "(written without quotes), not text '12/05/1980'\n"
    )


def test_birth_dates_change_nothing_in_the_decision_list(tmp_path: Path) -> None:
    plain = load_workspace(make_workspace(tmp_path / "plain"))
    dated_root = make_workspace(tmp_path / "dated")
    give_birth_date(dated_root, "1980-05-12")
    dated = load_workspace(dated_root)

    def rows(ws_: Workspace) -> list[tuple[str, str, str]]:
        spec = ws_.specs["quyet-dinh-khen-thuong-2024"]
        assert isinstance(spec, AwardDecisionSpec)
        assert ws_.catalogue and ws_.law
        found = decision_list(
            spec,
            list(decided_proposals(ws_, spec).values()),
            ws_.body,
            ws_.catalogue,
            ws_.law,
        )
        return [(a.name, a.description, str(a.amount)) for a in found.individuals]

    assert any(
        p.birth_date == dt.date(1980, 5, 12)
        for proposal in dated.proposals.values()
        for p in proposal.individuals
    )
    assert rows(dated) == rows(plain)
    assert ("Trần Xuân Việt", "Giảng viên chính Khoa Dân vận, Trường Chính trị tỉnh Lào Cai") in [
        r[:2] for r in rows(dated)
    ]


@pytest.mark.parametrize(
    ("birth", "other", "same"),
    [
        (None, None, True),
        (dt.date(1980, 5, 12), None, True),
        (None, dt.date(1980, 5, 12), True),
        (dt.date(1980, 5, 12), dt.date(1980, 5, 12), True),
        (dt.date(1980, 5, 12), dt.date(1991, 2, 3), False),
    ],
)
def test_same_person(birth: dt.date | None, other: dt.date | None, same: bool) -> None:
    assert same_person(birth, other) is same


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("Khoa Dân vận", "khoa dân vận", True),
        ("Khoa  Dân vận ", "Khoa Dân vận", True),
        ("TRẦN XUÂN VIỆT", "Trần Xuân Việt", True),
        ("Trần Xuân Việt", "Trần Xuân Viết", False),  # another tone, another name
        ("Khoa Dân vận", "Khoa Dân tộc", False),
    ],
)
def test_nominee_key(a: str, b: str, equal: bool) -> None:
    assert (nominee_key(a) == nominee_key(b)) is equal
