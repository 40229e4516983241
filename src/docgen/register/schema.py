"""The register's tables, version by version: the v1 schema and the ordered forward migrations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# What this code writes. A database with a higher meta.schema_version was written by a newer
# docgen and is refused; a lower one is brought forward by the steps below, in order.
SCHEMA_VERSION = 6


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


def _v5_entries(dialect: str) -> list[str]:
    """Entries bound to a workspace, with what was issued: the .docx itself."""
    blob = "BYTEA" if dialect == "postgresql" else "BLOB"
    return [
        # the workspace's identity (data/settings.yaml ``workspace``); '' for entries made
        # before workspaces had one: the first workspace to build that spec claims it
        "ALTER TABLE entries ADD COLUMN workspace TEXT NOT NULL DEFAULT ''",
        f"ALTER TABLE entries ADD COLUMN document {blob}",  # the issued .docx itself
        "ALTER TABLE entries ADD COLUMN corrects INTEGER",  # the entry this one corrects
        "ALTER TABLE entries ADD COLUMN correction TEXT",  # dinh_chinh, thay_the, sua_doi
        "ALTER TABLE entries ADD COLUMN withdrawn TEXT",  # where a voided document's file went
        "DROP INDEX IF EXISTS entries_live_spec",
        "CREATE UNIQUE INDEX IF NOT EXISTS entries_live_spec ON entries (workspace, spec) "
        "WHERE state <> 'voided'",
        # the documents correcting an entry (rarely any): found at once, not by a scan
        "CREATE INDEX IF NOT EXISTS entries_corrects ON entries (corrects)",
    ]


def _v5_book(dialect: str) -> list[str]:
    """The số sổ vàng keyed by workspace and by book (the sổ vàng of an issuer and a form),
    unique in the book across all its batches; a number before this version stays unique in
    its decision, which was its book."""
    return [
        """CREATE TABLE book_v5 (
            workspace TEXT NOT NULL DEFAULT '',
            decision TEXT NOT NULL,
            book TEXT NOT NULL,
            awardee TEXT NOT NULL,
            number INTEGER NOT NULL,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (workspace, decision, awardee),
            UNIQUE (workspace, book, number)
        )""",
        "INSERT INTO book_v5 (workspace, decision, book, awardee, number, name, created_at) "
        "SELECT '', decision, 'decision:' || decision, awardee, number, name, created_at "
        "FROM book",
        "DROP TABLE book",
        "ALTER TABLE book_v5 RENAME TO book",
    ]


def _v5_awards(dialect: str) -> list[str]:
    """The awards an issued decision gave: one award per person, award and year."""
    return [
        """CREATE TABLE IF NOT EXISTS awards (
            workspace TEXT NOT NULL,
            entry INTEGER NOT NULL,
            awardee TEXT NOT NULL,
            award TEXT NOT NULL,
            year INTEGER NOT NULL,
            name TEXT NOT NULL,
            money INTEGER,
            override TEXT,
            PRIMARY KEY (entry, awardee, award)
        )""",
        "CREATE INDEX IF NOT EXISTS awards_by_person ON awards (workspace, awardee, award, year)",
    ]


def _v5_log(dialect: str) -> list[str]:
    """The audit log: append-only (the database refuses UPDATE and DELETE on it)."""
    id_column = (
        "BIGSERIAL PRIMARY KEY"
        if dialect == "postgresql"
        else ("INTEGER PRIMARY KEY AUTOINCREMENT")
    )
    statements = [
        f"""CREATE TABLE IF NOT EXISTS log (
            id {id_column},
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            workspace TEXT NOT NULL DEFAULT '',
            entry INTEGER,
            symbol TEXT,
            spec TEXT,
            detail TEXT NOT NULL DEFAULT '',
            reason TEXT
        )""",
        "CREATE INDEX IF NOT EXISTS log_at ON log (at)",
    ]
    if dialect == "postgresql":
        statements += [
            "CREATE OR REPLACE FUNCTION docgen_log_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the register log is append-only'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER log_append_only BEFORE UPDATE OR DELETE ON log "
            "FOR EACH ROW EXECUTE FUNCTION docgen_log_append_only()",
            "CREATE TRIGGER log_no_truncate BEFORE TRUNCATE ON log "
            "FOR EACH STATEMENT EXECUTE FUNCTION docgen_log_append_only()",
        ]
    else:
        statements += [
            "CREATE TRIGGER IF NOT EXISTS log_no_update BEFORE UPDATE ON log BEGIN "
            "SELECT RAISE(ABORT, 'the register log is append-only'); END",
            "CREATE TRIGGER IF NOT EXISTS log_no_delete BEFORE DELETE ON log BEGIN "
            "SELECT RAISE(ABORT, 'the register log is append-only'); END",
        ]
    return statements


def _v5(dialect: str) -> list[str]:
    return [*_v5_entries(dialect), *_v5_book(dialect), *_v5_awards(dialect), *_v5_log(dialect)]


MIGRATIONS.append(
    Migration(
        5,
        "issue 23: entries keyed by workspace and keeping what was issued; the số sổ vàng by "
        "book; the awards given; the append-only audit log",
        _v5,
    )
)


def _v6(dialect: str) -> list[str]:
    """The signatures put on issued documents (issue 27): per signature, the signed PDF's
    SHA-256, the role (signer or office), the certificate's subject, when, and who ran it."""
    id_column = "BIGSERIAL PRIMARY KEY" if dialect == "postgresql" else "INTEGER PRIMARY KEY"
    return [
        f"""CREATE TABLE IF NOT EXISTS signatures (
            id {id_column},
            workspace TEXT NOT NULL DEFAULT '',
            entry INTEGER NOT NULL,
            role TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            subject TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            file TEXT,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS signatures_entry ON signatures (entry)",
        # docgen verify finds a received file by its hash
        "CREATE INDEX IF NOT EXISTS signatures_sha256 ON signatures (sha256)",
    ]


MIGRATIONS.append(
    Migration(
        6,
        "issue 27: the PAdES signatures of issued documents (signed PDF's hash, role, "
        "certificate subject, time, user)",
        _v6,
    )
)


def steps_after(version: int) -> list[Migration]:
    """The migrations to apply to a database at ``version``, in order."""
    return [m for m in MIGRATIONS if m.version > version]
