"""Issue 23 case 8: upgrades never lose the register. ``docgen register backup`` writes a
consistent copy while clerks keep working; an older register is backed up beside itself (or
into a schema of its PostgreSQL database) before it is migrated, and opens intact."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli.register import register_group
from docgen.errors import RegisterError
from docgen.register import SCHEMA_VERSION, Register, open_register
from docgen.register.schema import steps_after, v1
from tests.register.conftest import issue, make_request

FIXTURE = Path(__file__).parent / "fixtures" / "register-v4.sqlite"
AWARD_DECISION = "data/documents/quyet-dinh-khen-thuong-2024.yaml"  # bang-khen-2024's decision


@pytest.fixture(autouse=True)
def _elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.delenv("DOCGEN_REGISTER", raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))


def run(*args: str) -> Result:
    return CliRunner().invoke(register_group, list(args))


@pytest.fixture
def restored(register_url: str, tmp_path: Path) -> Iterator[object]:
    """``restored(copy)``: the register a backup holds, opened as a register (an SQLite copy
    as it is; a pg_dump loaded into a new database with psql, as an administrator would)."""
    made: list[str] = []

    def load(copy: Path) -> Register:
        if not register_url.startswith("postgresql://"):
            return open_register(copy)
        import psycopg

        name = f"docgen_restore_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(register_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        url = register_url.rsplit("/", 1)[0] + "/" + name
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", url, "-f", str(copy)],
            check=True,
            capture_output=True,
        )
        return open_register(url)

    yield load
    if made:
        import psycopg

        with psycopg.connect(register_url, autocommit=True) as conn:
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fill(register: Register, count: int, first_day: dt.date = dt.date(2024, 1, 1)) -> None:
    for i in range(count):
        issue(register, make_request(f"data/documents/d{i:03d}.yaml", first_day))


def test_backup_is_a_working_register_with_the_same_entries(
    register_url: str, tmp_path: Path, restored: object
) -> None:
    register = open_register(register_url)
    _fill(register, 5)
    register.void("hvctqg", "03-KH/HVCTQG", "Trùng nội dung")
    result = run("--register", register_url, "backup", "--out", str(tmp_path / "copy"))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote a copy of the register to {tmp_path / 'copy'}\n"
    copy = restored(tmp_path / "copy")  # type: ignore[operator]
    assert [(e.symbol, e.state, e.void_reason) for e in copy.entries()] == [
        (e.symbol, e.state, e.void_reason) for e in register.entries()
    ]
    assert copy.identity == register.identity
    # the copy is a register: it numbers on
    assert issue(copy, make_request("data/documents/next.yaml", dt.date(2024, 2, 1))) == (
        "06-KH/HVCTQG"
    )
    # the backup is in the log, with where it went
    (act,) = register.log(action="backup")
    assert act.spec == str(tmp_path / "copy")


def test_backup_while_another_clerk_issues_numbers(
    register_url: str, tmp_path: Path, restored: object
) -> None:
    register = open_register(register_url)
    _fill(register, 3)
    stop = threading.Event()
    failures: list[BaseException] = []

    def clerk() -> None:
        other = open_register(register_url)
        i = 0
        try:
            while not stop.is_set() and i < 200:
                issue(other, make_request(f"data/documents/w{i:03d}.yaml", dt.date(2024, 1, 2)))
                i += 1
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    writer = threading.Thread(target=clerk)
    writer.start()
    copies = []
    try:
        for n in range(3):
            copies.append(register.backup(tmp_path / f"copy-{n}"))
    finally:
        stop.set()
        writer.join()
    assert not failures
    final = [e.number for e in register.entries()]
    assert len(final) > 3
    for path in copies:
        numbers = [e.number for e in restored(path).entries()]  # type: ignore[operator]
        # a moment of the register: the numbers given up to then, none half-written
        assert numbers == list(range(1, len(numbers) + 1))
        assert 3 <= len(numbers) <= len(final)


def test_backup_names_a_sqlite_copy_beside_the_register(tmp_path: Path) -> None:
    target = tmp_path / "office" / "register.sqlite"
    open_register(target, create=True)
    result = run("--register", str(target), "backup")
    assert result.exit_code == 0, result.output
    (written,) = list(target.parent.glob("register-backup-*.sqlite"))
    assert re.fullmatch(r"register-backup-\d{8}T\d{6}Z\.sqlite", written.name)
    assert str(written) in result.stdout
    assert open_register(written).identity == open_register(target).identity
    assert not list(target.parent.glob("*.tmp"))  # nothing half-written left behind


@pytest.mark.postgres
def test_a_postgres_backup_without_pg_dump_says_so(
    fresh_pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = open_register(fresh_pg_url, create=True)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    with pytest.raises(RegisterError) as caught:
        register.backup(tmp_path / "dump.sql")
    assert caught.value.code == "REGISTER-BACKUP"
    assert "pg_dump is not installed here" in caught.value.message
    assert not (tmp_path / "dump.sql").exists()


# -- migration ------------------------------------------------------------------------------


def test_the_v4_fixture_opens_intact_and_leaves_a_backup_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "register.sqlite"
    shutil.copyfile(FIXTURE, target)
    result = run("--register", str(target), "list")
    assert result.exit_code == 0, result.output
    (backup,) = list(tmp_path.glob("register.sqlite.v4-*.bak"))
    assert re.fullmatch(r"register\.sqlite\.v4-\d{8}T\d{6}Z\.bak", backup.name)
    assert f"its former state is kept in {backup}" in result.stderr
    register = open_register(target)
    entries = register.entries()
    assert len(entries) == 27
    voided = [e for e in entries if e.state == "voided"]
    assert [(e.symbol, e.issuer, e.void_reason) for e in voided] == [
        ("01/TB-SNV", "snv-nghe-an", "Ghi sai ngày họp, hủy trước khi gửi")
    ]
    assert [n for n, _key, _name in register.book(AWARD_DECISION)] == list(range(1, 59))
    # the backup is the register as version 4 left it, byte for byte in its rows
    old = sqlite3.connect(backup)
    try:
        assert old.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            "4",
        )
        assert old.execute("SELECT COUNT(*) FROM entries").fetchone() == (27,)
        assert old.execute("SELECT COUNT(*) FROM book").fetchone() == (58,)
        fixture = sqlite3.connect(FIXTURE)
        try:
            query = "SELECT * FROM entries ORDER BY id"
            assert old.execute(query).fetchall() == fixture.execute(query).fetchall()
        finally:
            fixture.close()
    finally:
        old.close()
    (act,) = register.log(action="migrate")
    assert act.detail == f"schema version 4 to {SCHEMA_VERSION}; backup: {backup}"
    # opened again: nothing more to migrate, no second backup
    assert run("--register", str(target), "list").stderr == ""
    assert len(list(tmp_path.glob("*.bak"))) == 1


def _v4_register(url: str) -> None:
    """A register as docgen's schema 4 wrote it, with one entry and one số sổ vàng."""
    id_column = "BIGSERIAL PRIMARY KEY" if url.startswith("postgresql") else "INTEGER PRIMARY KEY"
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    statements = list(v1(id_column))
    for step in steps_after(1):
        if step.version <= 4:
            statements += step.statements(dialect)
    statements += [
        "INSERT INTO meta (key, value) VALUES ('schema_version', '4')",
        "INSERT INTO entries (issuer, series, number, symbol, date, kind, type_abbr, subject,"
        " signer, recipients, spec, output, sha256, state, created_at) VALUES ('hvctqg',"
        " 'hvctqg/2024/*', 7, '07-KH/HVCTQG', '2024-03-01', 'plan', 'KH', 'Kế hoạch cũ',"
        " 'Hoàng Phúc Lâm', '[\"Lưu: VT\"]', 'data/documents/old.yaml', 'output/old.docx',"
        " 'abc', 'issued', '2024-03-01T08:00:00+00:00')",
        "INSERT INTO book (decision, awardee, number, name, created_at) VALUES"
        " ('data/documents/qd.yaml', 'individual|x|an', 5, 'Nguyễn Văn An',"
        " '2024-03-01T08:00:00+00:00')",
    ]
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)
        return
    conn = sqlite3.connect(url)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _backup_rows(url: str, where: str, table: str) -> list[tuple[object, ...]]:
    if url.startswith("postgresql://"):
        import psycopg

        schema = where.split()[1]
        with psycopg.connect(url, autocommit=True) as conn:
            return list(conn.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall())
    conn = sqlite3.connect(where)
    try:
        return conn.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        conn.close()


def test_a_migration_is_backed_up_first_on_both_databases(blank_url: str) -> None:
    _v4_register(blank_url)
    register = open_register(blank_url)
    where = register.migration_backup
    assert where is not None
    if blank_url.startswith("postgresql://"):
        assert re.fullmatch(r"schema docgen_backup_v4_\d{8}t\d{6}z of .*", where)
    else:
        assert Path(where).parent == Path(blank_url).parent
        assert Path(where).name.startswith("register.sqlite.v4-")
    assert _backup_rows(blank_url, where, "meta") == [("schema_version", "4")]
    (old,) = _backup_rows(blank_url, where, "entries")
    assert old[4] == "07-KH/HVCTQG"
    assert [r[2] for r in _backup_rows(blank_url, where, "book")] == [5]
    # the register itself is migrated, with its entry and its số sổ vàng
    assert [e.symbol for e in register.entries()] == ["07-KH/HVCTQG"]
    assert [n for n, _k, _n in register.book("data/documents/qd.yaml")] == [5]
    assert [r.action for r in register.log()] == ["migrate"]
    # a current register is not backed up again
    assert open_register(blank_url).migration_backup is None


def test_a_newer_register_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "register.sqlite"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    result = run("--register", str(target), "list")
    assert result.exit_code != 0 and "REGISTER-SCHEMA" in result.output
    assert "written by a newer docgen" in result.output
    assert not list(tmp_path.glob("*.bak"))
