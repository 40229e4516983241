"""Schema versions: a v1 register made by hand opens with today's code; newer ones are refused;
targets are parsed into the right backend."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from docgen.errors import RegisterError
from docgen.register import SCHEMA_VERSION, open_register
from docgen.register.postgres import lock_key, mask_password
from docgen.register.schema import MIGRATIONS
from tests.register.conftest import issue, make_request

V1_ENTRIES = """CREATE TABLE entries (
    id {id}, issuer TEXT NOT NULL, series TEXT NOT NULL, number INTEGER NOT NULL,
    symbol TEXT NOT NULL, date TEXT NOT NULL, kind TEXT NOT NULL, type_abbr TEXT,
    subject TEXT NOT NULL, signer TEXT NOT NULL, recipients TEXT NOT NULL, spec TEXT NOT NULL,
    output TEXT, sha256 TEXT, state TEXT NOT NULL, created_at TEXT NOT NULL, voided_at TEXT,
    void_reason TEXT, UNIQUE (series, number))"""
V1_ROW = """INSERT INTO entries (issuer, series, number, symbol, date, kind, type_abbr, subject,
    signer, recipients, spec, output, sha256, state, created_at)
    VALUES ('hvctqg', 'hvctqg/2024/*', 7, '07-KH/HVCTQG', '2024-03-01', 'plan', 'KH',
    'Kế hoạch cũ', 'Hoàng Phúc Lâm', '["Lưu: VT"]', 'data/documents/old.yaml',
    'output/old.docx', 'abc', 'issued', '2024-03-01T08:00:00+00:00')"""


def _run_sql(url: str, statements: list[str]) -> list[Any]:
    """Run statements on the raw database, as another program would; returns the last rows."""
    rows: list[Any] = []
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as pg:
            for statement in statements:
                cursor = pg.execute(statement)
                rows = cursor.fetchall() if cursor.description else []
        return rows
    conn = sqlite3.connect(url)
    try:
        for statement in statements:
            rows = conn.execute(statement).fetchall()
        conn.commit()
    finally:
        conn.close()
    return rows


def _id_column(url: str) -> str:
    return "BIGSERIAL PRIMARY KEY" if url.startswith("postgresql") else "INTEGER PRIMARY KEY"


def test_the_migrations_are_an_ordered_list_up_to_the_current_version() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(2, SCHEMA_VERSION + 1))


def test_a_version_1_register_is_brought_forward(blank_url: str) -> None:
    _run_sql(
        blank_url,
        [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO meta VALUES ('schema_version', '1')",
            V1_ENTRIES.format(id=_id_column(blank_url)),
            V1_ROW,
        ],
    )
    register = open_register(blank_url)
    (entry,) = register.entries()
    assert (entry.symbol, entry.spec, entry.subject, entry.recipients) == (
        "07-KH/HVCTQG",
        "data/documents/old.yaml",
        "Kế hoạch cũ",
        ["Lưu: VT"],
    )
    assert entry.updated_at is None  # the column added by version 2
    assert _has_date_index(blank_url)  # added by version 4
    rows = _run_sql(blank_url, ["SELECT value FROM meta WHERE key = 'schema_version'"])
    assert rows == [(str(SCHEMA_VERSION),)]
    # and it works on: numbers continue, the old spec keeps its number
    assert issue(register, make_request("new")) == "08-KH/HVCTQG"
    assert issue(register, make_request("data/documents/old.yaml")) == "07-KH/HVCTQG"
    assert open_register(blank_url).migrate() == SCHEMA_VERSION  # nothing left to do


def _has_date_index(url: str) -> bool:
    if url.startswith("postgresql://"):
        query = "SELECT indexname FROM pg_indexes WHERE indexname = 'entries_series_date'"
    else:
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'entries_series_date'"
        )
    return _run_sql(url, [query]) == [("entries_series_date",)]


def test_a_version_3_register_gets_the_date_index_and_keeps_its_numbers(
    blank_url: str,
) -> None:
    dialect = "postgresql" if blank_url.startswith("postgresql") else "sqlite"
    steps = [s for m in MIGRATIONS if m.version <= 3 for s in m.statements(dialect)]
    _run_sql(
        blank_url,
        [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO meta VALUES ('schema_version', '3')",
            V1_ENTRIES.format(id=_id_column(blank_url)),
            *steps,
            V1_ROW,
        ],
    )
    assert not _has_date_index(blank_url)
    register = open_register(blank_url)
    assert _has_date_index(blank_url)
    assert _run_sql(blank_url, ["SELECT value FROM meta WHERE key = 'schema_version'"]) == [
        (str(SCHEMA_VERSION),)
    ]
    # the old entry (07 of 01/03/2024) takes part in the date order
    with pytest.raises(RegisterError) as caught:
        issue(register, make_request("new", dt.date(2024, 2, 1)))
    assert caught.value.code == "REGISTER-DATE-ORDER"
    assert "data/documents/old.yaml has the lower number 07-KH/HVCTQG dated 01/03/2024" in (
        caught.value.message
    )
    assert issue(register, make_request("new", dt.date(2024, 3, 2))) == "08-KH/HVCTQG"


def test_a_register_from_a_newer_docgen_is_refused(blank_url: str) -> None:
    _run_sql(
        blank_url,
        [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO meta VALUES ('schema_version', '99')",
        ],
    )
    with pytest.raises(RegisterError) as caught:
        open_register(blank_url)
    assert caught.value.code == "REGISTER-SCHEMA"
    assert "written by a newer docgen (schema version 99" in caught.value.message


def test_a_new_register_is_created_with_the_current_schema(blank_url: str) -> None:
    register = open_register(blank_url, create=True)
    assert register.entries() == []
    assert len(register.identity) == 32  # its own identity, written into what it numbers
    rows = _run_sql(blank_url, ["SELECT value FROM meta WHERE key = 'schema_version'"])
    assert rows == [(str(SCHEMA_VERSION),)]


def test_sqlite_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # sqlite:///relative and sqlite:////absolute, as SQLAlchemy writes them
    open_register("sqlite:///books/relative.sqlite", create=True)
    assert (tmp_path / "books" / "relative.sqlite").is_file()
    absolute = tmp_path / "abs" / "register.sqlite"
    open_register(f"sqlite:///{absolute}", create=True)
    assert absolute.is_file()
    # a plain path, its folder created, in WAL mode
    plain = open_register(tmp_path / "plain" / "r.sqlite", create=True)
    assert "plain" in plain.target
    mode = sqlite3.connect(tmp_path / "plain" / "r.sqlite").execute("PRAGMA journal_mode")
    assert mode.fetchone()[0] == "wal"


@pytest.mark.parametrize("target", ["mysql://x/y", "sqlite:", "sqlite://relative.sqlite"])
def test_unknown_targets_are_refused(target: str) -> None:
    with pytest.raises(RegisterError) as caught:
        open_register(target)
    assert caught.value.code == "REGISTER-URL"


def test_a_file_that_is_not_a_register(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(RegisterError) as caught:
        open_register(bogus)
    assert caught.value.code == "REGISTER-OPEN"


def test_an_unreachable_postgres_names_the_server_without_its_password() -> None:
    with pytest.raises(RegisterError) as caught:
        open_register("postgresql://clerk:s3cret@127.0.0.1:1/register")
    assert caught.value.code == "REGISTER-OPEN"
    assert "clerk:***@127.0.0.1:1" in caught.value.message
    assert "s3cret" not in caught.value.message


def test_postgres_helpers() -> None:
    assert mask_password("postgresql://u@h/db") == "postgresql://u@h/db"
    assert mask_password("postgresql://u:p@h:5432/db") == "postgresql://u:***@h:5432/db"
    # a stable 64-bit key: the same in every process and on every machine
    assert lock_key("hvctqg/2024/*") == lock_key("hvctqg/2024/*")
    assert lock_key("hvctqg/2024/*") != lock_key("hvctqg/2025/*")
    assert -(2**63) <= lock_key("x") < 2**63
