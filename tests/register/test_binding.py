"""A spec keeps its number across rebuilds; moving it to another series says what to do."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import RegisterError
from docgen.register import NumberingPolicy, Register
from tests.register.conftest import YEARLY, issue, make_request

SPEC = "data/documents/ke-hoach-1247.yaml"
PER_TYPE = NumberingPolicy(series="per_type")


def test_a_rebuild_gives_the_spec_its_own_number(register: Register) -> None:
    first = issue(register, make_request(SPEC))
    issue(register, make_request("data/documents/other.yaml"))
    with register.issue(make_request(SPEC), YEARLY) as slot:
        assert (slot.number, slot.symbol, slot.rebuilt) == (1, first, True)
        assert slot.line == f"Số {first}"
        slot.complete("output/renamed.docx", "f" * 64)
    assert [e.symbol for e in register.entries()] == ["01-KH/HVCTQG", "02-KH/HVCTQG"]
    entry = register.get_by_spec(SPEC)
    assert entry is not None
    assert (entry.number, entry.output, entry.sha256) == (1, "output/renamed.docx", "f" * 64)
    assert entry.updated_at is not None


def test_a_rebuild_never_rewrites_what_was_issued(register: Register) -> None:
    """An issued entry is a record: what a later build of its spec says does not replace it
    (issue 23: a changed document is a correcting document, or a void and a new number)."""
    issue(register, make_request(SPEC, dt.date(2024, 3, 1)))
    issue(register, make_request(SPEC, dt.date(2024, 3, 5), subject="Kế hoạch đã sửa"))
    (entry,) = register.entries()
    assert (entry.symbol, entry.date, entry.subject) == (
        "01-KH/HVCTQG",
        dt.date(2024, 3, 1),
        "Kế hoạch data/documents/ke-hoach-1247.yaml",
    )


def test_a_failed_rebuild_keeps_the_old_entry(register: Register) -> None:
    issue(register, make_request(SPEC))
    before = register.get_by_spec(SPEC)
    with pytest.raises(OSError), register.issue(make_request(SPEC, subject="mới"), YEARLY):
        raise OSError("disk full")
    assert register.get_by_spec(SPEC) == before


def test_get_by_spec_of_an_unknown_spec(register: Register) -> None:
    assert register.get_by_spec("data/documents/none.yaml") is None


def test_moving_a_spec_to_another_year_is_refused_with_what_to_do(register: Register) -> None:
    issue(register, make_request(SPEC, dt.date(2024, 5, 1)))
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request(SPEC, dt.date(2025, 5, 1)))
    error = caught.value
    assert error.code == "REGISTER-REBIND"
    assert f"{SPEC} already has number 01-KH/HVCTQG of 01/05/2024" in error.message
    assert "docgen register void hvctqg 01-KH/HVCTQG --reason" in error.message
    assert "build again to take a new one" in error.message
    assert len(register.entries()) == 1


def test_another_type_in_a_per_type_series_is_a_rebind(register: Register) -> None:
    issue(register, make_request(SPEC, type_abbr="KH"), PER_TYPE)
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request(SPEC, type_abbr="QĐ"), PER_TYPE)
    assert caught.value.code == "REGISTER-REBIND"
    assert "hvctqg/2024/QĐ" in caught.value.message


def test_another_type_in_a_shared_series_would_change_the_symbol(register: Register) -> None:
    issue(register, make_request(SPEC, type_abbr="KH"))
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request(SPEC, type_abbr="QĐ"))
    assert caught.value.code == "REGISTER-REBIND"
    assert "would now make it 01-QĐ/HVCTQG" in caught.value.message


def test_another_issuer_is_a_rebind(register: Register) -> None:
    issue(register, make_request(SPEC))
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request(SPEC, issuer="snv", issuer_abbr="SNV", system="state"))
    assert caught.value.code == "REGISTER-REBIND"
    assert "void hvctqg 01-KH/HVCTQG" in caught.value.message


def test_another_manual_number_for_a_bound_spec_is_a_rebind(register: Register) -> None:
    issue(register, make_request(SPEC, number=1247))
    assert issue(register, make_request(SPEC, number=1247)) == "1247-KH/HVCTQG"
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request(SPEC, number=1248))
    assert caught.value.code == "REGISTER-REBIND"
    assert "now asks for number 1248" in caught.value.message


def test_after_a_void_the_spec_takes_a_new_number(register: Register) -> None:
    issue(register, make_request(SPEC, dt.date(2024, 5, 1)))
    issue(register, make_request("b", dt.date(2024, 5, 2)))
    register.void("hvctqg", "01-KH/HVCTQG", "đổi sang năm 2025")
    assert register.get_by_spec(SPEC) is None
    # the spec moves to 2025 and numbers from there
    assert issue(register, make_request(SPEC, dt.date(2025, 1, 3))) == "01-KH/HVCTQG"
    entry = register.get_by_spec(SPEC)
    assert entry is not None and entry.series == "hvctqg/2025/*"
