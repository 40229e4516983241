"""The register's tables, version by version: the v1 schema and the ordered forward migrations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# What this code writes. A database with a higher meta.schema_version was written by a newer
# docgen and is refused; a lower one is brought forward by the steps below, in order.
SCHEMA_VERSION = 4


def v1(id_column: str) -> list[str]:
    """The first schema. Never edit it: databases in the field were created by it; change the
    schema by appending a migration step instead."""
    return [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"""CREATE TABLE IF NOT EXISTS entries (
            id {id_column},
            issuer TEXT NOT NULL,
            series TEXT NOT NULL,
            number INTEGER NOT NULL,
            symbol TEXT NOT NULL,
            date TEXT NOT NULL,
            kind TEXT NOT NULL,
            type_abbr TEXT,
            subject TEXT NOT NULL,
            signer TEXT NOT NULL,
            recipients TEXT NOT NULL,
            spec TEXT NOT NULL,
            output TEXT,
            sha256 TEXT,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            voided_at TEXT,
            void_reason TEXT,
            UNIQUE (series, number)
        )""",
        # one live (not voided) entry per spec: the number bound to it
        "CREATE UNIQUE INDEX IF NOT EXISTS entries_live_spec ON entries (spec) "
        "WHERE state <> 'voided'",
    ]


@dataclass(frozen=True)
class Migration:
    """One step: the statements that turn schema ``version - 1`` into ``version``.

    ``statements`` gets the dialect name ("sqlite" or "postgresql") for the rare step whose SQL
    differs between the two databases.
    """

    version: int
    description: str
    statements: Callable[[str], list[str]]


MIGRATIONS: list[Migration] = [
    Migration(
        2,
        "entries.updated_at: when a rebuild last refreshed the entry",
        lambda dialect: ["ALTER TABLE entries ADD COLUMN updated_at TEXT"],
    ),
    Migration(
        3,
        "book: the số sổ vàng given to each awardee of a decision, never given twice",
        lambda dialect: [
            """CREATE TABLE IF NOT EXISTS book (
                decision TEXT NOT NULL,
                awardee TEXT NOT NULL,
                number INTEGER NOT NULL,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (decision, awardee),
                UNIQUE (decision, number)
            )"""
        ],
    ),
    Migration(
        4,
        "entries (series, date): the date-order check reads only the entries dated after a new "
        "document, not the whole series",
        lambda dialect: [
            "CREATE INDEX IF NOT EXISTS entries_series_date ON entries (series, date)"
        ],
    ),
]


def steps_after(version: int) -> list[Migration]:
    """The migrations to apply to a database at ``version``, in order."""
    return [m for m in MIGRATIONS if m.version > version]
