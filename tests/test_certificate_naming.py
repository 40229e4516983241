"""The unit shown beside a name or position (issue 22, faults 6 and 9): never the name again,
never a unit the position already names; on certificates a post is set off from its unit by a
comma."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.awards.commendation import Awardee
from docgen.awards.money import Amount
from docgen.awards.naming import awardee_unit, certificate_description, unit_shown

SCHOOL = "Trường Chính trị tỉnh Nghệ An"


def _awardee(kind: str, name: str, position: str = "", unit: str = "") -> Awardee:
    amount = Amount(0, Decimal(0), 0, "")
    return Awardee(
        kind,  # type: ignore[arg-type]
        name,
        position,
        SCHOOL,
        "nghe-an",
        "",
        amount,
        0,
        0,
        (),
        unit,
    )


@pytest.mark.parametrize(
    ("text", "unit", "shown"),
    [
        (SCHOOL, SCHOOL, ""),  # a collective that is the school itself
        ("trường chính trị  tỉnh Nghệ An", SCHOOL, ""),  # case and spacing do not count
        (f"Giám đốc {SCHOOL}", SCHOOL, ""),  # a position naming its unit
        ("Phòng Đào tạo", "Phòng Đào tạo", ""),  # an office's own department
        ("Phòng Đào tạo", SCHOOL, SCHOOL),
        ("Giảng viên", SCHOOL, SCHOOL),
        ("Giảng viên", "", ""),
    ],
)
def test_unit_shown(text: str, unit: str, shown: str) -> None:
    assert unit_shown(text, unit) == shown


def test_the_list_cell_of_a_collective_that_is_its_school_is_empty() -> None:
    assert awardee_unit(_awardee("collective", SCHOOL)) == ""
    assert awardee_unit(_awardee("collective", "Khoa Dân vận")) == SCHOOL
    person = _awardee("individual", "Trần Văn An", f"Hiệu trưởng {SCHOOL}")
    assert awardee_unit(person) == f"Hiệu trưởng {SCHOOL}"
    assert awardee_unit(_awardee("individual", "Trần Văn An", "Giảng viên")) == (
        f"Giảng viên, {SCHOOL}"
    )


def test_a_post_is_set_off_from_its_unit_on_a_certificate() -> None:
    post = _awardee(
        "individual", "Lê Văn Bình", "Giảng viên chính Khoa Xây dựng Đảng", "Khoa Xây dựng Đảng"
    )
    assert certificate_description(post) == f"Giảng viên chính, Khoa Xây dựng Đảng, {SCHOOL}"
    head = _awardee("individual", "Lê Văn Bình", "Trưởng Khoa Xây dựng Đảng", "Khoa Xây dựng Đảng")
    assert certificate_description(head) == f"Trưởng Khoa Xây dựng Đảng, {SCHOOL}"
    assert certificate_description(_awardee("collective", SCHOOL)) == ""
