"""Sessions kept by the server: the cookie holds only a random id, so that a logout, a new
password or a disabled user ends the session wherever its cookie was copied to."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

# One SQLite file beside the users file (.docgen/sessions.sqlite): every process serving the
# workspace sees the same sessions, and a session ended by `docgen user` ends in the server.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY,      -- SHA-256 of the session id: the file alone opens no session
    user TEXT NOT NULL,
    fingerprint TEXT NOT NULL, -- of the password hash: a password set by hand ends it too
    csrf TEXT NOT NULL,
    created REAL NOT NULL,
    address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user);
"""


@dataclass(frozen=True)
class Session:
    user: str
    fingerprint: str
    csrf: str
    created: float


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class SessionStore:
    """The open sessions of one users file; safe from several threads and processes."""

    def __init__(self, path: Path, max_age_s: int = 0) -> None:
        self.path = path
        self.max_age_s = max_age_s
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        if fresh:
            self.path.chmod(0o600)  # session ids are secrets, even hashed
        if fresh or not self._ready:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            self._ready = True
        return db

    def create(self, user: str, fingerprint: str, csrf: str, address: str = "") -> str:
        """A new session of ``user``: its id, for the cookie (never stored as such)."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        db = self._connect()
        try:
            with db:
                db.execute("DELETE FROM sessions WHERE created < ?", (now - self.max_age_s,))
                db.execute(
                    "INSERT INTO sessions (key, user, fingerprint, csrf, created, address) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (_key(session_id), user, fingerprint, csrf, now, address),
                )
        finally:
            db.close()
        return session_id

    def get(self, session_id: str) -> Session | None:
        """The open session of this id; None when it ended, expired or never was."""
        if not self.path.exists():
            return None
        db = self._connect()
        try:
            row = db.execute(
                "SELECT user, fingerprint, csrf, created FROM sessions WHERE key = ?",
                (_key(session_id),),
            ).fetchone()
        finally:
            db.close()
        if row is None or time.time() - float(row[3]) >= self.max_age_s:
            return None
        return Session(str(row[0]), str(row[1]), str(row[2]), float(row[3]))

    def end(self, session_id: str) -> None:
        """Logout: this session ends, in every copy of its cookie."""
        if not self.path.exists():
            return
        db = self._connect()
        try:
            with db:
                db.execute("DELETE FROM sessions WHERE key = ?", (_key(session_id),))
        finally:
            db.close()

    def end_user(self, user: str) -> int:
        """Every session of ``user`` ends (a new password, disabled, removed): how many."""
        if not self.path.exists():
            return 0
        db = self._connect()
        try:
            with db:
                return db.execute("DELETE FROM sessions WHERE user = ?", (user,)).rowcount
        finally:
            db.close()

    def count(self, user: str) -> int:
        if not self.path.exists():
            return 0
        db = self._connect()
        try:
            now = time.time()
            row = db.execute(
                "SELECT count(*) FROM sessions WHERE user = ? AND created >= ?",
                (user, now - self.max_age_s),
            ).fetchone()
        finally:
            db.close()
        return int(row[0])
