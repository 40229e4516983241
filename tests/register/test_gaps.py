"""Numbers left "bỏ trống" by a number given by hand: found per series, listed by
`docgen register gaps`, shown in the register book, filled only by hand or by voiding them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from docgen.cli.register import register_group
from docgen.errors import RegisterError
from docgen.register import GAP_KIND, Entry, Register, export_docx, find_gaps
from docgen.register.export import csv_text
from tests.register.conftest import issue, make_request

JAN_6, MAR_10, DEC_15 = dt.date(2025, 1, 6), dt.date(2025, 3, 10), dt.date(2025, 12, 15)


def entry(series: str, number: int, kind: str = "plan", entry_id: int = 0) -> Entry:
    return Entry(
        id=entry_id or number,
        issuer=series.split("/")[0],
        series=series,
        number=number,
        symbol=f"{number:02d}-KH/X",
        date=dt.date(2025, 1, 1),
        kind=kind,
        type_abbr="KH",
        subject="",
        signer="",
        recipients=[],
        spec=f"{series}:{number}",
        output=None,
        sha256=None,
        state="voided" if kind == GAP_KIND else "issued",
        created_at="",
        updated_at=None,
        voided_at=None,
        void_reason=None,
    )


@pytest.mark.parametrize(
    ("numbers", "gaps"),
    [
        pytest.param({"a/2025/*": [1, 2, 3]}, [], id="consecutive"),
        pytest.param({"a/2025/*": []}, [], id="empty"),
        pytest.param({"a/2025/*": [1, 5, 6]}, [("a/2025/*", 2, 4, 1, 5)], id="hand-5"),
        pytest.param({"a/2025/*": [1247, 1248]}, [], id="begins-above-1"),
        pytest.param(
            {"a/2025/*": [3, 5, 9]},
            [("a/2025/*", 4, 4, 3, 5), ("a/2025/*", 6, 8, 5, 9)],
            id="two-gaps",
        ),
        pytest.param(
            {"a/2024/*": [1, 3], "a/2025/*": [1, 2], "b/2025/KH": [2, 4]},
            [("a/2024/*", 2, 2, 1, 3), ("b/2025/KH", 3, 3, 2, 4)],
            id="per-series",
        ),
    ],
)
def test_find_gaps(
    numbers: dict[str, list[int]], gaps: list[tuple[str, int, int, int, int]]
) -> None:
    entries = [entry(s, n, entry_id=100 * i + n) for i, s in enumerate(numbers) for n in numbers[s]]
    found = find_gaps(list(reversed(entries)))  # the order given does not matter
    assert [(g.series, g.first, g.last, g.below.number, g.above.number) for g in found] == gaps


def test_a_voided_gap_number_splits_the_gap_between_the_same_documents() -> None:
    rows = [entry("a/2025/*", 1), entry("a/2025/*", 3, GAP_KIND), entry("a/2025/*", 5)]
    found = find_gaps(rows)
    assert [(g.first, g.last, g.before.number, g.after.number) for g in found] == [
        (2, 2, 1, 3),
        (4, 4, 3, 5),
    ]
    assert {(g.below.number, g.above.number) for g in found} == {(1, 5)}


@pytest.mark.parametrize(
    ("first", "last", "text"), [(3, 3, "03"), (2, 4, "02–04"), (9, 12, "09–12")]
)
def test_gap_numbers_text(first: int, last: int, text: str) -> None:
    rows = [entry("a/2025/*", first - 1), entry("a/2025/*", last + 1)]
    (gap,) = find_gaps(rows)
    assert gap.numbers_text() == text
    assert gap.count == last - first + 1


def run(register_url: str, *args: str) -> Result:
    return CliRunner().invoke(register_group, ["--register", register_url, *args])


def fill(register: Register) -> None:
    """01 by the register, 05 by hand (02–04 skipped), then 06 by the register."""
    issue(register, make_request("data/documents/ke-hoach-2025.yaml", JAN_6))
    issue(register, make_request("data/documents/ke-hoach-so-5.yaml", MAR_10, number=5))
    issue(register, make_request("data/documents/bao-cao.yaml", DEC_15, type_abbr="BC"))


def test_a_hand_number_leaves_a_gap_that_auto_numbers_never_fill(register: Register) -> None:
    fill(register)
    assert [e.number for e in register.entries()] == [1, 5, 6]
    (gap,) = register.gaps()
    assert (gap.series, gap.numbers_text(), gap.below.symbol, gap.above.spec) == (
        "hvctqg/2025/*",
        "02–04",
        "01-KH/HVCTQG",
        "data/documents/ke-hoach-so-5.yaml",
    )
    assert issue(register, make_request("next", DEC_15)) == "07-KH/HVCTQG"
    # a hand number dated between the neighbours fills it
    assert issue(register, make_request("filled", dt.date(2025, 2, 1), number=3)) == "03-KH/HVCTQG"
    assert [g.numbers_text() for g in register.gaps()] == ["02", "04"]
    assert register.gaps(year=2024) == [] and len(register.gaps(year=2025)) == 2


def test_register_gaps_lists_them_per_series(register_url: str, register: Register) -> None:
    fill(register)
    issue(register, make_request("old", dt.date(2024, 9, 9), number=1247))
    result = run(register_url, "gaps")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "hvctqg/2025/*: 02–04 bỏ trống, between 01-KH/HVCTQG of 06/01/2025 and 05-KH/HVCTQG "
        "of 10/03/2025 (data/documents/ke-hoach-so-5.yaml)",
        "hvctqg/2024/*: begins at 1247-KH/HVCTQG of 09/09/2024; numbers below it were given "
        "before the register was kept (not checked)",
        f"3 numbers bỏ trống in 1 series of {register.target}",
        "    hint: give a gap's number by hand to a document dated between its neighbours, or "
        'void it: docgen register void ISSUER NUMBER --year YEAR --reason "…"',
    ]
    result = run(register_url, "gaps", "--year", "2024")
    assert result.stdout.splitlines()[-1] == f"no numbers bỏ trống in {register.target}"


def test_voiding_a_gap_number_records_it(register_url: str, register: Register) -> None:
    fill(register)
    result = run(register_url, "void", "hvctqg", "3", "--reason", "số cấp tay ngoài docgen")
    assert result.exit_code == 0, result.output
    assert result.stdout == "voided 03 (bỏ trống in hvctqg/2025/*): số cấp tay ngoài docgen\n"
    assert [g.numbers_text() for g in register.gaps()] == ["02", "04"]
    listing = run(register_url, "list").stdout.splitlines()
    assert listing[1] == f"{'':10}  {'03':<22} (bỏ trống)  [voided: số cấp tay ngoài docgen]"
    # a voided number is never given, by hand either
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request("late", dt.date(2025, 2, 1), number=3))
    assert caught.value.code == "REGISTER-CLASH"
    result = run(register_url, "void", "hvctqg", "3", "--reason", "lần hai")
    assert result.exit_code == 4
    assert "03 of hvctqg (bỏ trống) is already voided" in result.stderr
    # a number below the series' first is not a gap; nor is one above its last
    issue(register, make_request("old", dt.date(2024, 9, 9), number=1247))
    result = run(register_url, "void", "hvctqg", "12", "--year", "2024", "--reason", "x")
    assert result.exit_code == 4 and "hvctqg has no document numbered 12 in 2024" in result.stderr


def test_a_gap_number_in_several_series_asks_which(register: Register) -> None:
    fill(register)
    issue(register, make_request("a24", dt.date(2024, 1, 2)))
    issue(register, make_request("b24", dt.date(2024, 2, 2), number=4))
    with pytest.raises(RegisterError) as caught:
        register.void("hvctqg", "2", "nhầm")
    assert caught.value.code == "REGISTER-VOID"
    assert caught.value.message == (
        "2 matches several numbers of hvctqg: 2 bỏ trống in hvctqg/2024/*, "
        "2 bỏ trống in hvctqg/2025/*"
    )
    assert register.void("hvctqg", "2", "nhầm", year=2024).series == "hvctqg/2024/*"
    assert register.void("hvctqg", "2", "nhầm", series="hvctqg/2025/*").number == 2


def test_the_book_shows_the_gaps(register: Register, tmp_path: Path) -> None:
    fill(register)
    register.void("hvctqg", "4", "hỏng phôi")
    entries, gaps = register.entries(), register.gaps()
    rows = csv_text(entries, gaps).splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == ["01", "02–03", "04", "05", "06"]
    assert rows[2] == "02–03,,,,,,,,Bỏ trống"
    assert rows[3] == '04,,,,,,,,"Bỏ trống, đã hủy: hỏng phôi"'
    doc = Document(str(export_docx(entries, tmp_path / "so.docx", gaps=gaps)))
    table = doc.tables[0]
    assert [r.cells[0].text for r in table.rows[1:]] == ["01", "02–03", "04", "05", "06"]
    assert [r.cells[8].text for r in table.rows[2:4]] == ["Bỏ trống", "Bỏ trống, đã hủy: hỏng phôi"]
    assert table.rows[2].cells[1].text == table.rows[2].cells[2].text == ""  # no symbol, no date
