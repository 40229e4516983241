"""A series runs in the order of issue: a later number never carries an earlier date. Refusals
name both documents and say how to resolve them; the check holds under concurrent clerks."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import traceback
from typing import Any

import pytest

from docgen.errors import RegisterError
from docgen.register import Register, open_register
from tests.register.conftest import YEARLY, issue, make_request

PLAN = "data/documents/ke-hoach-2025.yaml"
REPORT = "data/documents/bao-cao-tong-ket-2022-2025.yaml"
JAN_6, MAR_10, DEC_15 = dt.date(2025, 1, 6), dt.date(2025, 3, 10), dt.date(2025, 12, 15)


def refused(register: Register, request: Any) -> RegisterError:
    with pytest.raises(RegisterError) as caught:
        issue(register, request)
    assert caught.value.code == "REGISTER-DATE-ORDER", caught.value.format()
    return caught.value


def test_an_auto_number_after_a_later_dated_one_is_refused_naming_both(
    register: Register,
) -> None:
    assert issue(register, make_request(REPORT, DEC_15, type_abbr="BC")) == "01-BC/HVCTQG"
    error = refused(register, make_request(PLAN, JAN_6))
    assert error.message == (
        f"{PLAN} dated 06/01/2025 would take number 02-KH/HVCTQG, but {REPORT} has the lower "
        "number 01-BC/HVCTQG dated 15/12/2025. A later number never carries an earlier date "
        "(the register runs in the order of issue)"
    )
    assert error.hint == (
        "no free number fits 06/01/2025; void 01-BC/HVCTQG (docgen register void hvctqg "
        '01-BC/HVCTQG --reason "…" and build again): both documents then take numbers in '
        "date order"
    )
    assert [e.spec for e in register.entries()] == [REPORT]  # nothing taken


def test_voiding_the_later_number_lets_both_take_numbers_in_date_order(
    register: Register,
) -> None:
    issue(register, make_request(REPORT, DEC_15, type_abbr="BC"))
    refused(register, make_request(PLAN, JAN_6))
    register.void("hvctqg", "01-BC/HVCTQG", "cấp lại theo thứ tự ngày")
    assert issue(register, make_request(PLAN, JAN_6)) == "02-KH/HVCTQG"
    assert issue(register, make_request(REPORT, DEC_15, type_abbr="BC")) == "03-BC/HVCTQG"
    assert [(e.number, e.date, e.state) for e in register.entries()] == [
        (1, DEC_15, "voided"),  # a voided number keeps its place, but no longer orders dates
        (2, JAN_6, "issued"),
        (3, DEC_15, "issued"),
    ]


def test_a_hand_number_too_low_for_its_date_is_refused_with_the_numbers_that_fit(
    register: Register,
) -> None:
    issue(register, make_request("a", JAN_6))
    issue(register, make_request("b", MAR_10, number=5))
    error = refused(register, make_request("c", dt.date(2025, 3, 20), number=3))
    assert error.message.startswith(
        "c dated 20/03/2025 is given number 03-KH/HVCTQG, but b has the higher number "
        "05-KH/HVCTQG dated 10/03/2025."
    )
    assert error.hint == "give c by hand a number that fits its date (number: 6 or higher)"
    # a number in the gap fits a date between its neighbours
    error = refused(register, make_request("c", dt.date(2025, 1, 2), number=3))
    assert "a free number" not in (error.hint or "")
    assert "has the lower number 01-KH/HVCTQG dated 06/01/2025" in error.message
    assert issue(register, make_request("c", dt.date(2025, 2, 1), number=3)) == "03-KH/HVCTQG"
    error = refused(register, make_request("d", dt.date(2025, 3, 11), number=2))
    assert "but c has the higher number 03-KH/HVCTQG dated 01/02/2025" in error.message
    assert "(1 other number of the series too)" in error.message  # b's 05
    assert error.hint == "give d by hand a number that fits its date (number: 6 or higher)"


def test_the_hint_names_the_free_numbers_between_the_dates(register: Register) -> None:
    issue(register, make_request("a", JAN_6))
    issue(register, make_request("b", dt.date(2025, 2, 1), number=3))
    issue(register, make_request("c", MAR_10, number=9))
    error = refused(register, make_request("d", dt.date(2025, 2, 15)))  # auto: 10
    assert error.hint == (
        "give d by hand a number that fits its date (a free number from 4 to 8), or void "
        '09-KH/HVCTQG: docgen register void hvctqg 09-KH/HVCTQG --reason "…" and build again'
    )
    error = refused(register, make_request("e", dt.date(2025, 1, 10), number=8))
    assert error.hint == (
        "give e by hand a number that fits its date (number: 2), or void 03-KH/HVCTQG: "
        'docgen register void hvctqg 03-KH/HVCTQG --reason "…" and build again'
    )


def test_the_same_date_takes_numbers_in_any_order(register: Register) -> None:
    assert issue(register, make_request("a", JAN_6, number=5)) == "05-KH/HVCTQG"
    assert issue(register, make_request("b", JAN_6, number=2)) == "02-KH/HVCTQG"
    assert issue(register, make_request("c", JAN_6)) == "06-KH/HVCTQG"
    assert issue(register, make_request("d", MAR_10)) == "07-KH/HVCTQG"


def test_other_series_do_not_constrain(register: Register) -> None:
    issue(register, make_request("a", dt.date(2024, 12, 31)))
    assert issue(register, make_request("b", dt.date(2025, 1, 1))) == "01-KH/HVCTQG"
    other = make_request("c", dt.date(2024, 6, 1), issuer="snv", issuer_abbr="SNV")
    assert issue(register, other) == "01-KH/SNV"


def test_a_rebuild_may_not_move_its_date_out_of_order(register: Register) -> None:
    issue(register, make_request("a", JAN_6))
    issue(register, make_request("b", MAR_10))
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request("a", dt.date(2025, 4, 1)))
    error = caught.value
    assert error.code == "REGISTER-DATE-ORDER"
    assert error.message == (
        "a has number 01-KH/HVCTQG of 06/01/2025; its new date 01/04/2025 would break the "
        "order of the series: b has the higher number 02-KH/HVCTQG dated 10/03/2025. A later "
        "number never carries an earlier date"
    )
    assert error.hint == (
        "keep the date 06/01/2025, or void 01-KH/HVCTQG (docgen register void hvctqg "
        '01-KH/HVCTQG --reason "…") and build again to take a new number'
    )
    assert register.get_by_spec("a").date == JAN_6  # type: ignore[union-attr]
    # a move that keeps the order keeps the number; the issued entry stays as it was issued
    assert issue(register, make_request("a", MAR_10)) == "01-KH/HVCTQG"
    assert register.get_by_spec("a").date == JAN_6  # type: ignore[union-attr]


def test_a_clerk_waiting_on_the_series_sees_the_number_just_given(register_url: str) -> None:
    """Clerk A holds 01 dated 15/12 while clerk B asks a number for 06/01: B waits on the
    series lock, then is refused, naming A's document (the check is inside the lock)."""
    register = open_register(register_url)
    outcome: list[BaseException | str] = []

    def clerk_b() -> None:
        try:
            outcome.append(issue(open_register(register_url), make_request(PLAN, JAN_6)))
        except BaseException as exc:
            outcome.append(exc)

    with register.issue(make_request(REPORT, DEC_15, type_abbr="BC"), YEARLY) as slot:
        other = threading.Thread(target=clerk_b)
        other.start()
        other.join(1.0)
        assert outcome == []  # B is waiting for A
        slot.complete("output/report.docx", "0" * 64)
    other.join(60)
    (result,) = outcome
    assert isinstance(result, RegisterError), result
    assert result.code == "REGISTER-DATE-ORDER"
    assert f"{REPORT} has the lower number 01-BC/HVCTQG dated 15/12/2025" in result.message


WORKERS, EACH = 4, 40


def _clerk(url: str, worker: int, start: Any, results: Any) -> None:
    """One clerk's process: documents dated one day after another, racing the others."""
    try:
        register = open_register(url)
        start.wait(60)
        got: list[tuple[str, int | str]] = []
        for i in range(EACH):
            spec = f"w{worker}-{i}"
            day = dt.date(2025, 1, 1) + dt.timedelta(days=i + worker % 2)
            try:
                got.append((spec, issue(register, make_request(spec, day))))
            except RegisterError as exc:
                got.append((spec, exc.code))
        results.put(got)
    except BaseException:
        results.put(traceback.format_exc())


def test_racing_clerks_never_break_the_date_order(register_url: str) -> None:
    open_register(register_url)  # the schema exists before the race
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(WORKERS), ctx.Queue()
    processes = [
        ctx.Process(target=_clerk, args=(register_url, w, start, results)) for w in range(WORKERS)
    ]
    for p in processes:
        p.start()
    try:
        outcome = [results.get(timeout=180) for _ in processes]
    finally:
        for p in processes:
            p.join(30)
    failures = [o for o in outcome if isinstance(o, str)]
    assert not failures, failures[0]
    codes = {result for got in outcome for _, result in got if result.startswith("REGISTER")}
    assert codes <= {"REGISTER-DATE-ORDER"}
    entries = open_register(register_url).entries()
    numbers = [e.number for e in entries]
    assert numbers == list(range(1, len(entries) + 1))  # no number shared or skipped
    dates = [e.date for e in entries]
    assert dates == sorted(dates)  # and never a later number with an earlier date
    given = sum(1 for got in outcome for _, result in got if not result.startswith("REGISTER"))
    assert given == len(entries) > 0
