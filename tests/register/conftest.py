"""Register tests run on both backends: SQLite and a real PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.register import Register, open_register
from tests.register.pg_server import ServerUnavailable, postgres_server


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    try:
        with postgres_server() as url:
            yield url
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL: {exc}")


def _fresh_pg_database(base_url: str) -> str:
    import psycopg

    name = f"docgen_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty register on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite")
    return _fresh_pg_database(request.getfixturevalue("pg_url"))


@pytest.fixture
def register(register_url: str) -> Register:
    return open_register(register_url)
