"""A decision of several awards records each awardee with the award of their article (issue 25
item 2), on SQLite and PostgreSQL; one award per person, award and year still holds per award."""

from __future__ import annotations

import re
from pathlib import Path

from docgen.register import open_register
from tests.support.cli_run import edit, run
from tests.test_award_multi import BANG_KHEN, DECISION, TITLE, multi_workspace

SECOND = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2025-lan-2.yaml"


def test_issuing_records_each_award(tmp_path: Path, register_url: str) -> None:
    ws = multi_workspace(tmp_path)
    code, _, err = run(ws, "--register", register_url, "build", "-q", "--out", str(tmp_path / "o"))
    assert code == 0, err
    awarded = {
        (a.name, a.award, a.year, a.money)
        for a in open_register(register_url, workspace="hvctqg-vi-du-2024").issued_awards()
        if a.spec == DECISION
    }
    assert awarded == {
        ("Lê Thị Bích Ngọc", TITLE, 2025, 2340000),
        ("Trần Văn Khánh", TITLE, 2025, 2340000),
        ("Khoa Nhà nước và pháp luật", BANG_KHEN, 2025, 7020000),
        ("Nguyễn Thị Thu Hằng", BANG_KHEN, 2025, 3510000),
        ("Hồ Đức Mạnh", BANG_KHEN, 2025, 3510000),
    }


def test_one_award_per_person_award_and_year_holds_per_award(
    tmp_path: Path, register_url: str
) -> None:
    """A second decision giving the title again to the same people is refused at validate,
    naming the issued decision of two awards; giving them the Bằng khen is not the same award."""
    ws = multi_workspace(tmp_path)
    code, _, err = run(ws, "--register", register_url, "build", "-q", "--out", str(tmp_path / "o"))
    assert code == 0, err
    text = (ws / DECISION).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^output: .*$", "output: lan-2.docx", text)
    (ws / SECOND).write_text(text.replace(f"awards: [{TITLE}, {BANG_KHEN}]", f"award: {TITLE}"))
    edit(ws, SECOND, "- Như Điều 4", "- Như Điều 3")
    code, _, err = run(ws, "--lang", "en", "--register", register_url, "validate")
    assert code == 2
    twice = [line for line in err.splitlines() if "error[DATA-AWARD-TWICE]" in line]
    assert len(twice) == 2, err
    assert "'Lê Thị Bích Ngọc' would be given 'Chiến sĩ thi đua cơ sở' for 2025 by " in twice[0]
    assert "01/QĐ-UBND" in twice[0]


def test_a_period_award_is_recorded_as_of_its_last_year(tmp_path: Path, register_url: str) -> None:
    from tests.test_award_multi import PERIOD_DECISION, period_workspace

    ws = period_workspace(tmp_path)
    code, _, err = run(ws, "--register", register_url, "build", "-q", "--out", str(tmp_path / "o"))
    assert code == 0, err
    book = open_register(register_url, workspace="hvctqg-vi-du-2024")
    awarded = {(a.name, a.award, a.year) for a in book.issued_awards() if a.spec == PERIOD_DECISION}
    assert awarded == {
        ("Khoa Nhà nước và pháp luật", BANG_KHEN, 2025),
        ("Nguyễn Thị Thu Hằng", BANG_KHEN, 2025),
        ("Hồ Đức Mạnh", BANG_KHEN, 2025),
    }
    # validated again, the awards read back from the register do not count against the decision
    code, _, err = run(ws, "--register", register_url, "validate")
    assert code == 0, err
