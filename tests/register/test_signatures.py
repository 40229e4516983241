"""The register's signatures (schema v6, issue 27) on SQLite and PostgreSQL: recorded with the
signed PDF's hash, role, subject, time and user, found again by the hash; refused for a voided
number; a v5 register is brought forward keeping its entries."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import RegisterError
from docgen.register import SCHEMA_VERSION, Register, open_register
from docgen.register.audit import acting_as
from docgen.register.schema import MIGRATIONS, v1
from tests.register.conftest import YEARLY, issue, make_request
from tests.register.test_schema import V1_ROW, _run_sql

SIGNED_AT = dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.UTC)


def test_signatures_are_recorded_and_found_by_their_hash(register: Register) -> None:
    symbol = issue(register, make_request("data/documents/plan.yaml"))
    entry = register.entry_by_symbol(symbol)
    assert entry is not None and entry.spec == "data/documents/plan.yaml"
    with acting_as("web:van-thu"):
        register.record_signature(
            entry, "signer", "a" * 64, "CN=Hoàng Phúc Lâm,C=VN", SIGNED_AT, "output/plan.pdf"
        )
    register.record_signature(
        entry, "office", "b" * 64, "CN=Học viện,C=VN", SIGNED_AT, "output/plan.pdf"
    )
    rows = register.signatures(entry.id)
    assert [(r.role, r.sha256[0], r.subject, r.signed_at, r.file) for r in rows] == [
        ("signer", "a", "CN=Hoàng Phúc Lâm,C=VN", SIGNED_AT, "output/plan.pdf"),
        ("office", "b", "CN=Học viện,C=VN", SIGNED_AT, "output/plan.pdf"),
    ]
    assert rows[0].actor == "web:van-thu"
    (found,) = register.signatures_by_sha256("b" * 64)
    assert (found.entry, found.role) == (entry.id, "office")
    assert register.signatures_by_sha256("c" * 64) == []
    signed = register.log(action="sign")
    assert [(a.symbol, a.detail.split(";")[0]) for a in signed] == [
        (symbol, "signer: CN=Hoàng Phúc Lâm,C=VN"),
        (symbol, "office: CN=Học viện,C=VN"),
    ]


def test_a_voided_number_takes_no_signature(register: Register) -> None:
    symbol = issue(register, make_request("data/documents/plan.yaml"))
    entry = register.entry_by_symbol(symbol)
    assert entry is not None
    register.void("hvctqg", symbol, "ký nhầm", None, None)
    with pytest.raises(RegisterError) as caught:
        register.record_signature(entry, "signer", "a" * 64, "CN=X", SIGNED_AT, None)
    assert caught.value.code == "SIGN-NOT-ISSUED"
    assert register.signatures(entry.id) == []
    assert register.entry_by_symbol(symbol) is None  # a voided number is no live entry


def test_a_version_5_register_is_brought_to_version_6(blank_url: str) -> None:
    dialect = "postgresql" if blank_url.startswith("postgresql") else "sqlite"
    id_column = "BIGSERIAL PRIMARY KEY" if dialect == "postgresql" else "INTEGER PRIMARY KEY"
    steps = [s for m in MIGRATIONS if m.version <= 5 for s in m.statements(dialect)]
    _run_sql(
        blank_url,
        [
            *v1(id_column),
            *steps,
            "INSERT INTO meta VALUES ('schema_version', '5')",
            "INSERT INTO meta VALUES ('register_id', 'old-register')",
            V1_ROW,
        ],
    )
    register = open_register(blank_url)
    assert register.migration_backup  # the v5 register was kept before the change
    assert _run_sql(blank_url, ["SELECT value FROM meta WHERE key = 'schema_version'"]) == [
        (str(SCHEMA_VERSION),)
    ]
    assert SCHEMA_VERSION == 6
    (entry,) = register.entries()
    assert entry.symbol == "07-KH/HVCTQG"
    register.record_signature(entry, "signer", "d" * 64, "CN=Hoàng Phúc Lâm", SIGNED_AT, None)
    assert [r.role for r in register.signatures(entry.id)] == ["signer"]
    assert "schema version 5 to 6" in register.log(action="migrate")[0].detail
    # and numbering goes on
    assert issue(register, make_request("new"), YEARLY) == "08-KH/HVCTQG"
