"""No gaps, no reuse: a failed render consumes nothing; voided numbers are kept for good."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import RegisterError
from docgen.register import Register
from tests.register.conftest import YEARLY, issue, make_request


def test_a_failed_render_leaves_no_gap(register: Register) -> None:
    issue(register, make_request("a"))
    with pytest.raises(RuntimeError), register.issue(make_request("b"), YEARLY) as slot:
        assert slot.number == 2
        raise RuntimeError("the template failed")
    assert issue(register, make_request("c")) == "02-KH/HVCTQG"
    assert [e.spec for e in register.entries()] == ["a", "c"]
    assert register.get_by_spec("b") is None


def test_a_block_that_never_completes_keeps_nothing(register: Register) -> None:
    with register.issue(make_request("a"), YEARLY) as slot:
        assert slot.symbol == "01-KH/HVCTQG"
    assert register.entries() == []
    assert issue(register, make_request("b")) == "01-KH/HVCTQG"


def test_a_failure_after_complete_still_rolls_back(register: Register) -> None:
    with pytest.raises(KeyboardInterrupt), register.issue(make_request("a"), YEARLY) as slot:
        slot.complete("output/a.docx", "0" * 64)
        raise KeyboardInterrupt
    assert register.entries() == []


def test_entries_record_everything(register: Register) -> None:
    issue(register, make_request("data/documents/a.yaml"))
    (entry,) = register.entries(issuer="hvctqg", year=2024)
    assert (entry.number, entry.symbol, entry.date, entry.kind, entry.type_abbr) == (
        1,
        "01-KH/HVCTQG",
        dt.date(2024, 3, 1),
        "plan",
        "KH",
    )
    assert entry.subject == "Kế hoạch data/documents/a.yaml"
    assert entry.recipients == ["Các đơn vị trực thuộc", "Lưu: VT"]
    assert entry.signer == "Hoàng Phúc Lâm" and entry.issuer == "hvctqg"
    assert (entry.output, entry.sha256, entry.state) == ("output/a.docx", "0" * 64, "issued")
    assert entry.created_at and entry.voided_at is None and entry.void_reason is None
    assert register.entries(year=2023) == [] and register.entries(issuer="snv") == []


def test_entries_are_ordered_by_series_then_number(register: Register) -> None:
    issue(register, make_request("a", dt.date(2025, 2, 1)))
    issue(register, make_request("b", dt.date(2024, 2, 1), number=10))
    issue(register, make_request("c", dt.date(2024, 1, 31), number=3))  # earlier: fits under 10
    issue(register, make_request("d", dt.date(2025, 2, 2)))
    assert [(e.date.year, e.number) for e in register.entries()] == [
        (2024, 3),
        (2024, 10),
        (2025, 1),
        (2025, 2),
    ]
    assert [e.spec for e in register.entries(year=2025)] == ["a", "d"]


def test_a_voided_number_is_kept_listed_and_never_given_again(register: Register) -> None:
    issue(register, make_request("a"))
    issue(register, make_request("b"))
    voided = register.void("hvctqg", "02-KH/HVCTQG", "ký nhầm người ký")
    assert (voided.state, voided.void_reason, voided.spec) == ("voided", "ký nhầm người ký", "b")
    assert voided.voided_at is not None
    # the spec takes a new number; 02 stays voided
    assert issue(register, make_request("b")) == "03-KH/HVCTQG"
    assert [(e.symbol, e.state, e.void_reason) for e in register.entries()] == [
        ("01-KH/HVCTQG", "issued", None),
        ("02-KH/HVCTQG", "voided", "ký nhầm người ký"),
        ("03-KH/HVCTQG", "issued", None),
    ]
    # nor by hand
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request("c", number=2))
    assert caught.value.code == "REGISTER-CLASH"
    assert "already voided by b" in caught.value.message


def test_voiding_the_highest_number_does_not_free_it(register: Register) -> None:
    issue(register, make_request("a"))
    register.void("hvctqg", 1, "hủy")
    assert issue(register, make_request("b")) == "02-KH/HVCTQG"


def test_void_by_number_with_the_year_when_ambiguous(register: Register) -> None:
    issue(register, make_request("a", dt.date(2024, 6, 1)))
    issue(register, make_request("b", dt.date(2025, 6, 1)))
    with pytest.raises(RegisterError) as caught:
        register.void("hvctqg", "1", "hủy")
    assert caught.value.code == "REGISTER-VOID"
    assert "matches several documents" in caught.value.message
    assert register.void("hvctqg", "01", "hủy", year=2025).spec == "b"


def test_void_errors_are_clear(register: Register) -> None:
    issue(register, make_request("a"))
    with pytest.raises(RegisterError, match="hvctqg has no document numbered 07-KH/HVCTQG"):
        register.void("hvctqg", "07-KH/HVCTQG", "không có")
    with pytest.raises(RegisterError, match="snv has no document numbered 1"):
        register.void("snv", "1", "nhầm cơ quan")
    with pytest.raises(RegisterError, match="a reason is required"):
        register.void("hvctqg", "1", "  ")
    register.void("hvctqg", "1", "lần đầu")
    with pytest.raises(RegisterError) as caught:
        register.void("hvctqg", "01-KH/HVCTQG", "lần hai")
    assert caught.value.code == "REGISTER-VOID"
    assert "01-KH/HVCTQG of hvctqg (a) is already voided" in caught.value.message
    assert "lần đầu" in caught.value.message
