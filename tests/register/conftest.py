"""Register tests run on both backends: SQLite and a real PostgreSQL server.

``register_url`` / ``register`` are parametrized ``[sqlite]`` and ``[postgres]``; each test gets
a new, empty register (a new file, or a new database on the session's server). Without a
server the PostgreSQL tests skip, or fail in CI (tests/support/tools.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.register import IssueRequest, NumberingPolicy, Register, open_register
from tests.register.pg_server import ServerUnavailable, postgres_server
from tests.support.tools import missing

YEARLY = NumberingPolicy()


def make_request(
    spec: str,
    day: dt.date = dt.date(2024, 3, 1),
    type_abbr: str | None = "KH",
    number: int | None = None,
    system: str = "party",
    issuer: str = "hvctqg",
    issuer_abbr: str = "HVCTQG",
    subject: str | None = None,
) -> IssueRequest:
    """A Party plan of the Học viện unless told otherwise."""
    return IssueRequest(
        issuer=issuer,
        issuer_abbr=issuer_abbr,
        system=system,  # type: ignore[arg-type]
        kind="plan",
        type_abbr=type_abbr,
        date=day,
        subject=subject or f"Kế hoạch {spec}",
        signer="Hoàng Phúc Lâm",
        recipients=["Các đơn vị trực thuộc", "Lưu: VT"],
        spec=spec,
        number=number,
    )


def issue(register: Register, request: IssueRequest, policy: NumberingPolicy = YEARLY) -> str:
    """Take the number and complete it at once (a successful build); returns the symbol."""
    with register.issue(request, policy) as slot:
        slot.complete(f"output/{Path(request.spec).stem}.docx", "0" * 64)
    return slot.symbol


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The session's PostgreSQL server (a database on it)."""
    try:
        with postgres_server() as url:
            yield url
    except ServerUnavailable as exc:
        missing(f"a PostgreSQL server ({exc}) — apt-get install postgresql")


@pytest.fixture
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """A new database on the session's server, dropped after the test."""
    import psycopg

    name = f"docgen_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a register could be on each backend: no file, or an empty database."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite")
    return str(request.getfixturevalue("fresh_pg_url"))


@pytest.fixture
def register_url(blank_url: str) -> str:
    """A new, empty register on each backend, as docgen register init makes it."""
    open_register(blank_url, create=True)
    return blank_url


@pytest.fixture
def register(register_url: str) -> Register:
    return open_register(register_url, create=True)
