"""Several clerks at once: separate processes, each with its own connection, never share or skip
a number (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock per series)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import threading
import traceback
from typing import Any

from docgen.errors import RegisterError
from docgen.register import open_register
from tests.register.conftest import YEARLY, issue, make_request

WORKERS, EACH = 4, 200


def _reserve(url: str, specs: list[str], start: Any, results: Any) -> None:
    """One clerk's process: open the register itself, wait for the others, then number."""
    try:
        register = open_register(url)
        start.wait(60)
        got = []
        for spec in specs:
            with register.issue(make_request(spec), YEARLY) as slot:
                slot.complete(f"output/{spec}.docx", "0" * 64)
            got.append((spec, slot.number))
        results.put(got)
    except BaseException:
        results.put(traceback.format_exc())


def _run_clerks(url: str, work: list[list[str]]) -> list[list[tuple[str, int]]]:
    open_register(url)  # the schema exists before the race
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(len(work)), ctx.Queue()
    processes = [ctx.Process(target=_reserve, args=(url, specs, start, results)) for specs in work]
    for p in processes:
        p.start()
    try:
        outcome = [results.get(timeout=120) for _ in processes]
    finally:
        for p in processes:
            p.join(30)
    failures = [o for o in outcome if isinstance(o, str)]
    assert not failures, failures[0]
    return outcome


def test_processes_racing_get_distinct_consecutive_numbers(register_url: str) -> None:
    work = [[f"w{w}-{i}" for i in range(EACH)] for w in range(WORKERS)]
    outcome = _run_clerks(register_url, work)
    numbers = sorted(n for got in outcome for _, n in got)
    assert numbers == list(range(1, WORKERS * EACH + 1))
    # each process saw its own numbers rising: nobody was handed an older one
    for got in outcome:
        mine = [n for _, n in got]
        assert mine == sorted(mine)
    entries = open_register(register_url).entries()
    assert [e.number for e in entries] == list(range(1, WORKERS * EACH + 1))
    assert len({e.spec for e in entries}) == WORKERS * EACH


def test_processes_building_the_same_specs_agree_on_their_numbers(register_url: str) -> None:
    specs = [f"data/documents/{i:02d}.yaml" for i in range(30)]
    work = [random.Random(w).sample(specs, len(specs)) for w in range(WORKERS)]
    outcome = _run_clerks(register_url, work)
    seen = [dict(got) for got in outcome]
    assert all(s == seen[0] for s in seen)  # every clerk got the same number for each spec
    assert sorted(seen[0].values()) == list(range(1, len(specs) + 1))
    assert len(open_register(register_url).entries()) == len(specs)


def test_a_spec_numbered_into_two_series_at_once_gets_one(register_url: str) -> None:
    """Clerk A holds the spec's number in 2024 while clerk B builds it dated 2025: B waits,
    then is refused (SQLite: B sees A's entry; PostgreSQL: the one-live-entry-per-spec index)."""
    register = open_register(register_url)
    outcome: list[BaseException | str] = []

    def clerk_b() -> None:
        try:
            outcome.append(
                issue(open_register(register_url), make_request("x", dt.date(2025, 1, 2)))
            )
        except BaseException as exc:
            outcome.append(exc)

    with register.issue(make_request("x", dt.date(2024, 6, 1)), YEARLY) as slot:
        other = threading.Thread(target=clerk_b)
        other.start()
        other.join(1.0)  # B is now waiting on A's lock or on A's row
        slot.complete("output/x.docx", "0" * 64)
    other.join(60)
    (result,) = outcome
    assert isinstance(result, RegisterError), result
    assert result.code in {"REGISTER-REBIND", "REGISTER-CONFLICT"}
    assert [(e.spec, e.symbol, e.date.year) for e in register.entries()] == [
        ("x", "01-KH/HVCTQG", 2024)
    ]


def test_a_reader_is_not_blocked_by_a_clerk_numbering(register_url: str) -> None:
    register = open_register(register_url)
    issue(register, make_request("a"))
    with register.issue(make_request("b"), YEARLY) as slot:
        # listing the book while a number is held: the held number is not shown
        assert [e.spec for e in open_register(register_url).entries()] == ["a"]
        slot.complete("output/b.docx", "0" * 64)
    assert len(register.entries()) == 2
