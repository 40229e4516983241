"""Which number a document gets: series by year or term, shared or per type, manual numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from docgen.errors import RegisterError
from docgen.register import NumberingPolicy, Register, Term
from tests.register.conftest import issue, make_request

PER_TYPE = NumberingPolicy(series="per_type")
TERMS = NumberingPolicy(
    scope="term",
    series="per_type",
    terms=[
        Term(name="2020-2025", start=dt.date(2020, 10, 1), end=dt.date(2025, 9, 30)),
        Term(name="2025-2030", start=dt.date(2025, 10, 1), end=dt.date(2030, 9, 30)),
    ],
)


def test_numbers_restart_from_01_on_1_january(register: Register) -> None:
    days = [dt.date(2024, 12, 30), dt.date(2024, 12, 31), dt.date(2025, 1, 1), dt.date(2025, 1, 2)]
    got = [issue(register, make_request(f"s{i}", day)) for i, day in enumerate(days)]
    assert got == ["01-KH/HVCTQG", "02-KH/HVCTQG", "01-KH/HVCTQG", "02-KH/HVCTQG"]
    assert [e.series for e in register.entries()] == [
        "hvctqg/2024/*",
        "hvctqg/2024/*",
        "hvctqg/2025/*",
        "hvctqg/2025/*",
    ]


def test_term_scope_runs_across_years_and_restarts_with_the_term(register: Register) -> None:
    got = [
        issue(register, make_request("a", dt.date(2024, 12, 31)), TERMS),
        issue(register, make_request("b", dt.date(2025, 1, 5)), TERMS),  # same term, new year
        issue(register, make_request("c", dt.date(2025, 9, 30)), TERMS),  # last day of the term
        issue(register, make_request("d", dt.date(2025, 10, 1)), TERMS),  # first day of the next
    ]
    assert got == ["01-KH/HVCTQG", "02-KH/HVCTQG", "03-KH/HVCTQG", "01-KH/HVCTQG"]


def test_a_date_outside_every_term_is_an_error_naming_the_date(register: Register) -> None:
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request("a", dt.date(2031, 1, 1)), TERMS)
    assert caught.value.code == "REGISTER-TERM"
    assert "2031-01-01 falls in no term" in caught.value.message
    assert register.entries() == []


def test_a_shared_series_spans_types(register: Register) -> None:
    got = [
        issue(register, make_request(s, type_abbr=t))
        for s, t in zip("abc", ["KH", "QĐ", "KH"], strict=True)
    ]
    assert got == ["01-KH/HVCTQG", "02-QĐ/HVCTQG", "03-KH/HVCTQG"]


def test_a_per_type_series_numbers_each_type_from_01(register: Register) -> None:
    got = [
        issue(register, make_request(s, type_abbr=t), PER_TYPE)
        for s, t in zip("abcd", ["KH", "QĐ", "KH", "BC"], strict=True)
    ]
    assert got == ["01-KH/HVCTQG", "01-QĐ/HVCTQG", "02-KH/HVCTQG", "01-BC/HVCTQG"]


def test_issuers_have_their_own_series(register: Register) -> None:
    assert issue(register, make_request("a")) == "01-KH/HVCTQG"
    other = make_request("b", issuer="snv", issuer_abbr="SNV", system="state")
    assert issue(register, other) == "01/KH-SNV"
    assert issue(register, make_request("c")) == "02-KH/HVCTQG"


def test_state_symbols_and_the_cong_van_without_type(register: Register) -> None:
    assert issue(register, make_request("a", system="state")) == "01/KH-HVCTQG"
    assert issue(register, make_request("b", type_abbr=None, system="state")) == "02/HVCTQG"
    with register.issue(make_request("c", system="state"), NumberingPolicy()) as slot:
        assert slot.line == "Số: 03/KH-HVCTQG"
        slot.complete("output/c.docx", "0" * 64)
    with register.issue(make_request("d"), NumberingPolicy()) as slot:
        assert slot.line == "Số 04-KH/HVCTQG"
        slot.complete("output/d.docx", "0" * 64)


def test_width_pads_small_numbers(register: Register) -> None:
    assert issue(register, make_request("a"), NumberingPolicy(width=3)) == "001-KH/HVCTQG"
    assert issue(register, make_request("b", number=1247)) == "1247-KH/HVCTQG"


def test_a_party_document_without_type_is_refused(register: Register) -> None:
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request("a", type_abbr=None))
    assert caught.value.code == "REGISTER-SYMBOL"
    assert register.entries() == []


def test_manual_numbers_are_recorded_and_automatic_ones_continue_after(
    register: Register,
) -> None:
    assert issue(register, make_request("a")) == "01-KH/HVCTQG"
    # the Học viện's plan is number 1247: 02..1246 are skipped by the clerk's own choice
    assert issue(register, make_request("b", number=1247)) == "1247-KH/HVCTQG"
    assert issue(register, make_request("c")) == "1248-KH/HVCTQG"
    # a lower manual number that is free is recorded too; automatic numbering is unaffected
    assert issue(register, make_request("d", number=5)) == "05-KH/HVCTQG"
    assert issue(register, make_request("e")) == "1249-KH/HVCTQG"
    assert [e.number for e in register.entries()] == [1, 5, 1247, 1248, 1249]


def test_a_manual_clash_names_both_specs(register: Register) -> None:
    first, second = "data/documents/ke-hoach-1247.yaml", "data/documents/bao-cao.yaml"
    issue(register, make_request(first, number=12))
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request(second, number=12))
    assert caught.value.code == "REGISTER-CLASH"
    assert caught.value.message == (
        f"number 12-KH/HVCTQG asked by {second} is already taken by {first}"
    )
    # the same number in another year is free
    assert issue(register, make_request(second, dt.date(2025, 1, 2), number=12)) == "12-KH/HVCTQG"


def test_number_zero_is_refused(register: Register) -> None:
    with pytest.raises(RegisterError, match="start at 1"):
        issue(register, make_request("a", number=0))


def test_policy_validation() -> None:
    with pytest.raises(ValidationError, match="needs the list of terms"):
        NumberingPolicy(scope="term")
    with pytest.raises(ValidationError, match="overlap"):
        NumberingPolicy(
            scope="term",
            terms=[
                Term(name="a", start=dt.date(2020, 1, 1), end=dt.date(2025, 1, 1)),
                Term(name="b", start=dt.date(2025, 1, 1), end=dt.date(2030, 1, 1)),
            ],
        )
    with pytest.raises(ValidationError):
        NumberingPolicy.model_validate({"scope": "year", "sequence": "shared"})  # unknown key
    with pytest.raises(ValidationError, match="ends before it starts"):
        Term(name="x", start=dt.date(2025, 1, 1), end=dt.date(2024, 1, 1))


@pytest.mark.parametrize(
    ("policy", "type_abbr", "day", "key"),
    [
        (NumberingPolicy(), "KH", dt.date(2024, 9, 1), "hvctqg/2024/*"),
        (NumberingPolicy(series="per_type"), "KH", dt.date(2024, 9, 1), "hvctqg/2024/KH"),
        (NumberingPolicy(series="per_type"), None, dt.date(2024, 9, 1), "hvctqg/2024/-"),
        (TERMS, "QĐ", dt.date(2026, 1, 1), "hvctqg/term:2025-2030/QĐ"),
    ],
)
def test_series_keys(
    policy: NumberingPolicy, type_abbr: str | None, day: dt.date, key: str
) -> None:
    assert policy.series_key("hvctqg", day, type_abbr) == key
