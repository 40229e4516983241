"""The register on SQLite and PostgreSQL: numbering rules, binding, voids, no gaps, races."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from docgen.errors import RegisterError
from docgen.register import IssueRequest, NumberingPolicy, Register, Term, open_register

YEARLY = NumberingPolicy()
PER_TYPE = NumberingPolicy(series="per_type")
TERMS = NumberingPolicy(
    scope="term",
    series="per_type",
    terms=[
        Term(name="2020-2025", start=dt.date(2020, 10, 1), end=dt.date(2025, 9, 30)),
        Term(name="2025-2030", start=dt.date(2025, 10, 1), end=dt.date(2030, 9, 30)),
    ],
)


def request(
    spec: str,
    day: dt.date = dt.date(2024, 3, 1),
    type_abbr: str | None = "KH",
    number: int | None = None,
    system: str = "party",
) -> IssueRequest:
    return IssueRequest(
        issuer="hvctqg",
        issuer_abbr="HVCTQG",
        system=system,  # type: ignore[arg-type]
        kind="plan",
        type_abbr=type_abbr,
        date=day,
        subject=f"Văn bản {spec}",
        signer="Hoàng Phúc Lâm",
        recipients=["Lãnh đạo Học viện"],
        spec=spec,
        number=number,
    )


def issue(register: Register, req: IssueRequest, policy: NumberingPolicy = YEARLY) -> str:
    with register.issue(req, policy) as slot:
        slot.complete(f"output/{req.spec}.docx", "0" * 64)
    return slot.symbol


def test_numbers_run_and_restart_each_year(register: Register) -> None:
    got = [
        issue(register, request("a", dt.date(2024, 12, 30))),
        issue(register, request("b", dt.date(2024, 12, 31))),
        issue(register, request("c", dt.date(2025, 1, 1))),
        issue(register, request("d", dt.date(2025, 1, 2))),
    ]
    assert got == ["01-KH/HVCTQG", "02-KH/HVCTQG", "01-KH/HVCTQG", "02-KH/HVCTQG"]


def test_shared_series_spans_types_and_per_type_does_not(register: Register) -> None:
    shared = [
        issue(register, request(s, type_abbr=t)) for s, t in [("a", "KH"), ("b", "QĐ"), ("c", "KH")]
    ]
    assert shared == ["01-KH/HVCTQG", "02-QĐ/HVCTQG", "03-KH/HVCTQG"]
    per_type = [
        issue(register, request(s, dt.date(2025, 5, 1), t), PER_TYPE)
        for s, t in [("d", "KH"), ("e", "QĐ"), ("f", "KH")]
    ]
    assert per_type == ["01-KH/HVCTQG", "01-QĐ/HVCTQG", "02-KH/HVCTQG"]


def test_term_scope(register: Register) -> None:
    got = [
        issue(register, request("a", dt.date(2024, 12, 31)), TERMS),
        issue(register, request("b", dt.date(2025, 1, 5)), TERMS),  # same term, new year
        issue(register, request("c", dt.date(2025, 10, 2)), TERMS),  # new term
    ]
    assert got == ["01-KH/HVCTQG", "02-KH/HVCTQG", "01-KH/HVCTQG"]
    with pytest.raises(RegisterError, match="2031-01-01 falls in no term"):
        issue(register, request("d", dt.date(2031, 1, 1)), TERMS)


def test_state_symbols(register: Register) -> None:
    assert issue(register, request("a", system="state")) == "01/KH-HVCTQG"
    assert issue(register, request("b", type_abbr=None, system="state")) == "02/HVCTQG"


def test_rebuild_gives_the_same_number(register: Register) -> None:
    first = issue(register, request("a"))
    issue(register, request("b"))
    assert issue(register, request("a")) == first
    with register.issue(request("a"), YEARLY) as slot:
        slot.complete("x", "1" * 64)
    assert slot.rebuilt and slot.symbol == first
    assert [e.symbol for e in register.entries()] == ["01-KH/HVCTQG", "02-KH/HVCTQG"]


def test_moving_a_spec_to_another_year_is_refused(register: Register) -> None:
    issue(register, request("a", dt.date(2024, 5, 1)))
    with pytest.raises(RegisterError) as caught:
        issue(register, request("a", dt.date(2025, 5, 1)))
    assert caught.value.code == "REGISTER-REBIND"
    assert "a already has number 01-KH/HVCTQG of 01/05/2024" in caught.value.message
    assert "docgen register void hvctqg 01-KH/HVCTQG" in (caught.value.hint or "")


def test_manual_numbers_are_recorded_and_auto_continues_after_them(register: Register) -> None:
    assert issue(register, request("a", number=1247)) == "1247-KH/HVCTQG"
    assert issue(register, request("b")) == "1248-KH/HVCTQG"


def test_a_manual_clash_names_both_specs(register: Register) -> None:
    issue(register, request("data/documents/first.yaml", number=12))
    with pytest.raises(RegisterError) as caught:
        issue(register, request("data/documents/second.yaml", number=12))
    assert caught.value.code == "REGISTER-CLASH"
    assert caught.value.message == (
        "number 12-KH/HVCTQG asked by data/documents/second.yaml is already taken by "
        "data/documents/first.yaml"
    )


def test_a_failed_render_leaves_no_gap(register: Register) -> None:
    issue(register, request("a"))
    with pytest.raises(RuntimeError), register.issue(request("b"), YEARLY):
        raise RuntimeError("LibreOffice crashed")
    with register.issue(request("c"), YEARLY):
        pass  # never completed: nothing kept either
    assert issue(register, request("d")) == "02-KH/HVCTQG"
    assert [e.spec for e in register.entries()] == ["a", "d"]


def test_void_keeps_the_number_and_never_reissues_it(register: Register) -> None:
    issue(register, request("a"))
    issue(register, request("b"))
    voided = register.void("hvctqg", "02-KH/HVCTQG", "ký nhầm người ký")
    assert voided.state == "voided" and voided.void_reason == "ký nhầm người ký"
    # the spec takes a new number; 02 stays voided
    assert issue(register, request("b")) == "03-KH/HVCTQG"
    states = [(e.symbol, e.state) for e in register.entries()]
    assert states == [
        ("01-KH/HVCTQG", "issued"),
        ("02-KH/HVCTQG", "voided"),
        ("03-KH/HVCTQG", "issued"),
    ]
    with pytest.raises(RegisterError, match="already voided by b"):
        issue(register, request("c", number=2))
    with pytest.raises(RegisterError, match="has no issued document 02-KH/HVCTQG"):
        register.void("hvctqg", "02-KH/HVCTQG", "again")
    with pytest.raises(RegisterError, match="a reason is required"):
        register.void("hvctqg", "1", " ")


def test_entries_record_everything(register: Register) -> None:
    issue(register, request("data/documents/a.yaml"))
    (entry,) = register.entries(issuer="hvctqg", year=2024)
    assert (entry.number, entry.symbol, entry.date, entry.kind, entry.subject) == (
        1,
        "01-KH/HVCTQG",
        dt.date(2024, 3, 1),
        "plan",
        "Văn bản data/documents/a.yaml",
    )
    assert entry.recipients == ["Lãnh đạo Học viện"] and entry.signer == "Hoàng Phúc Lâm"
    assert entry.output == "output/data/documents/a.yaml.docx" and entry.sha256 == "0" * 64
    assert entry.created_at and entry.updated_at and entry.voided_at is None
    assert register.entries(year=2023) == []


def _reserve_many(url: str, worker: int, count: int) -> list[int]:
    register = open_register(url)
    numbers = []
    for i in range(count):
        with register.issue(request(f"w{worker}-{i}"), YEARLY) as slot:
            slot.complete("x", "0" * 64)
        numbers.append(slot.number)
    return numbers


def test_concurrent_processes_never_share_a_number(register_url: str) -> None:
    open_register(register_url).entries()  # create the schema once
    workers, each = 4, 200
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        results = pool.starmap(_reserve_many, [(register_url, w, each) for w in range(workers)])
    numbers = sorted(n for chunk in results for n in chunk)
    assert numbers == list(range(1, workers * each + 1))
    assert len(open_register(register_url).entries()) == workers * each


def test_an_old_schema_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE entries (id INTEGER PRIMARY KEY AUTOINCREMENT, issuer TEXT NOT NULL,
          series TEXT NOT NULL, number INTEGER NOT NULL, symbol TEXT NOT NULL, date TEXT NOT NULL,
          kind TEXT NOT NULL, type_abbr TEXT, subject TEXT NOT NULL, signer TEXT NOT NULL,
          recipients TEXT NOT NULL, spec TEXT NOT NULL, output TEXT, sha256 TEXT,
          state TEXT NOT NULL, created_at TEXT NOT NULL, voided_at TEXT, void_reason TEXT,
          UNIQUE (series, number));
        INSERT INTO entries (issuer, series, number, symbol, date, kind, type_abbr, subject,
          signer, recipients, spec, state, created_at)
        VALUES ('hvctqg', 'hvctqg/2024/*', 7, '07-KH/HVCTQG', '2024-03-01', 'plan', 'KH', 's',
          'x', '[]', 'old.yaml', 'issued', '2024-03-01T00:00:00+00:00');
        """
    )
    conn.commit()
    conn.close()
    register = open_register(path)
    (entry,) = register.entries()
    assert entry.symbol == "07-KH/HVCTQG" and entry.updated_at is None
    assert issue(register, request("new")) == "08-KH/HVCTQG"
    version = sqlite3.connect(path).execute("SELECT value FROM meta").fetchone()[0]
    assert version == "2"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('schema_version', '99');"
    )
    conn.commit()
    conn.close()
    with pytest.raises(RegisterError, match="written by a newer docgen"):
        open_register(path).entries()
