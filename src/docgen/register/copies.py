"""Copies of a register's database taken while clerks keep working: SQLite's online backup API,
pg_dump, and the tables copied into a schema before a PostgreSQL register is migrated."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from docgen.errors import RegisterError
from docgen.output import fsync_dir
from docgen.register.sqlite import SQLiteDialect


def stamp(now: dt.datetime | None = None) -> str:
    """``20261207T135540Z``: a UTC time for a backup's name (sorts as it reads)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def sqlite_copy(source: sqlite3.Connection, target: Path) -> Path:
    """Copy the database of ``source`` into ``target`` with SQLite's online backup API: a
    consistent copy even while other connections write (the copy restarts on their changes),
    written to a temporary file and renamed, so ``target`` is whole or absent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            source.backup(copy)
            # one file, readable by a plain sqlite3 or an older docgen: no WAL beside it
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
        fsync_dir(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def pg_dump(url: str, target: Path, shown: str) -> Path:
    """Dump the PostgreSQL register at ``url`` into ``target`` (plain SQL, one consistent
    snapshot: pg_dump reads in one repeatable-read transaction, clerks keep writing)."""
    program = shutil.which("pg_dump")
    if program is None:
        raise RegisterError(
            f"cannot back up the PostgreSQL register {shown}: pg_dump is not installed here "
            "(not on PATH)",
            code="REGISTER-BACKUP",
            hint="install the PostgreSQL client tools (apt-get install postgresql-client), or "
            "ask the database's administrator for a dump",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        done = subprocess.run(
            [program, "--no-owner", "--no-privileges", "--file", str(temporary), "--dbname", url],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["pg_dump failed"])[-1]
            raise RegisterError(
                f"cannot back up the PostgreSQL register {shown}: {first.replace(url, shown)}",
                code="REGISTER-BACKUP",
            )
        os.replace(temporary, target)
        fsync_dir(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def default_backup(dialect: Any, folder: Path | None = None) -> Path:
    """Where ``docgen register backup`` writes when not told: beside an SQLite register
    (register.sqlite → register-backup-20261207T135540Z.sqlite), in the current folder for a
    PostgreSQL one (docgen-register-<database>-<time>.sql)."""
    if isinstance(dialect, SQLiteDialect):
        path = dialect.path
        return (folder or path.parent) / f"{path.stem}-backup-{stamp()}{path.suffix or '.sqlite'}"
    database = str(getattr(dialect, "url", "register")).rsplit("/", 1)[-1].split("?")[0]
    return (folder or Path(".")) / f"docgen-register-{database or 'register'}-{stamp()}.sql"


# The tables a register may hold, by the version that added them (a copy takes those present).
REGISTER_TABLES = ("meta", "entries", "book", "awards", "log", "signatures")


def pg_schema_copy(conn: Any, version: int, tables: list[str]) -> str:
    """Inside the caller's transaction, copy ``tables`` into a new schema
    ``docgen_backup_v<version>_<time>`` of the same database; returns its name. The tables are
    locked against writers first, so the copy is what the migration then transforms."""
    schema = f"docgen_backup_v{version}_{stamp().lower()}"
    conn.execute(f'CREATE SCHEMA "{schema}"')
    for table in tables:
        conn.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    for table in tables:
        conn.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE {table}')
    return schema


def migration_backup_file(path: Path, version: int) -> Path:
    """``register.sqlite.v4-20261207T135540Z.bak``: beside the register, naming the version
    it holds."""
    return path.with_name(f"{path.name}.v{version}-{stamp()}.bak")
