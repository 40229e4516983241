"""What a void would void, asked before voiding (the web app's confirmation page, issue 26):
the same entry, gap and errors as ``void``, and nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import RegisterError
from docgen.register import Register
from tests.register.conftest import issue, make_request


def test_the_target_is_what_void_then_voids(register: Register) -> None:
    issue(register, make_request("a"))
    issue(register, make_request("b"))
    entry, gap = register.void_target("hvctqg", "02-KH/HVCTQG")
    assert gap is None and entry is not None
    assert (entry.symbol, entry.spec, entry.state) == ("02-KH/HVCTQG", "b", "issued")
    assert [e.state for e in register.entries()] == ["issued", "issued"]  # nothing voided
    assert register.void("hvctqg", "2", "hủy").id == entry.id


def test_the_target_raises_what_void_raises(register: Register) -> None:
    issue(register, make_request("a", dt.date(2024, 6, 1)))
    issue(register, make_request("b", dt.date(2025, 6, 1)))
    with pytest.raises(RegisterError, match="matches several documents"):
        register.void_target("hvctqg", "1")
    with pytest.raises(RegisterError, match="hvctqg has no document numbered 7"):
        register.void_target("hvctqg", "7")
    register.void("hvctqg", "01", "hủy", year=2025)
    with pytest.raises(RegisterError, match="is already voided"):
        register.void_target("hvctqg", "1", 2025)


def test_a_gap_number_is_named_as_a_gap(register: Register) -> None:
    issue(register, make_request("a", dt.date(2025, 1, 2)))
    issue(register, make_request("b", dt.date(2025, 2, 2), number=4))
    entry, gap = register.void_target("hvctqg", "3")
    assert entry is None and gap is not None and gap.first == 2 and gap.last == 3
    assert len(register.gaps()) == 1  # still a gap: nothing was voided
