"""The signatures put on issued documents: per signed PDF, its hash, role, signer and time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from docgen.errors import RegisterError
from docgen.register.audit import current_actor
from docgen.register.base import _COLUMNS, RegisterBase, _now
from docgen.register.entries import Entry

Role = Literal["signer", "office"]

_SIGNATURE_COLUMNS = "id, entry, role, sha256, subject, signed_at, actor, file, created_at"


@dataclass(frozen=True)
class SignatureRecord:
    """One signature as the register keeps it (the ``signatures`` table)."""

    id: int
    entry: int  # the signed document's entry
    role: Role
    sha256: str  # of the PDF as it was after this signature
    subject: str  # the certificate's subject, as RFC 4514 text
    signed_at: dt.datetime
    actor: str  # who ran docgen sign (OS user or web user)
    file: str | None  # where the signed PDF was written, relative to the workspace
    created_at: str

    @classmethod
    def from_row(cls, row: Any) -> SignatureRecord:
        values = list(row)
        values[5] = dt.datetime.fromisoformat(values[5])
        return cls(*values)


class SignatureBook(RegisterBase):
    """The signatures of issued documents. Only an issued entry whose document the register
    froze (its .docx kept with its hash) may be signed: the signature is bound to that number."""

    def entry_by_symbol(self, symbol: str) -> Entry | None:
        """The live entry of this workspace numbered ``symbol`` ("1247-KH/HVCTQG")."""
        with self._connect() as conn, self._translated(f"looking up {symbol}"):
            rows = self._exec(
                conn,
                f"SELECT {_COLUMNS} FROM entries WHERE symbol = ? AND state <> 'voided'"
                " AND workspace IN (?, '') ORDER BY workspace DESC",
                (symbol, self.workspace),
            ).fetchall()
        return Entry.from_row(rows[0]) if rows else None

    def entry_by_id(self, entry_id: int) -> Entry | None:
        with self._connect() as conn, self._translated("looking up an entry"):
            row = self._exec(
                conn, f"SELECT {_COLUMNS} FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
        return Entry.from_row(row) if row else None

    def record_signature(
        self,
        entry: Entry,
        role: Role,
        sha256: str,
        subject: str,
        signed_at: dt.datetime,
        file: str | None,
    ) -> None:
        """Keep a signature of ``entry`` and log it, in one transaction; refused when the entry
        is no longer issued (voided meanwhile)."""
        with self._connect() as conn:
            try:
                with self._translated(f"recording the signature of {entry.symbol}"):
                    self.dialect.begin(conn)
                    self.dialect.lock(conn, f"signatures:{entry.id}")
                    row = self._exec(
                        conn, "SELECT state FROM entries WHERE id = ?", (entry.id,)
                    ).fetchone()
                    if row is None or row[0] != "issued":
                        raise RegisterError(
                            f"{entry.symbol} is not issued in the register (it was voided or "
                            "withdrawn): its signature is not recorded",
                            code="SIGN-NOT-ISSUED",
                        )
                    self._exec(
                        conn,
                        "INSERT INTO signatures (workspace, entry, role, sha256, subject, "
                        "signed_at, actor, file, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            entry.workspace or self.workspace,
                            entry.id,
                            role,
                            sha256,
                            subject,
                            signed_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
                            current_actor(),
                            file,
                            _now(),
                        ),
                    )
                    self._log(
                        conn,
                        "sign",
                        entry=entry.id,
                        symbol=entry.symbol,
                        spec=entry.spec,
                        detail=f"{role}: {subject}; sha256 {sha256}",
                    )
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise

    def signatures(self, entry_id: int) -> list[SignatureRecord]:
        """The signatures of one entry, oldest first."""
        with self._connect() as conn, self._translated("reading the signatures"):
            rows = self._exec(
                conn,
                f"SELECT {_SIGNATURE_COLUMNS} FROM signatures WHERE entry = ? ORDER BY id",
                (entry_id,),
            ).fetchall()
        return [SignatureRecord.from_row(r) for r in rows]

    def signatures_by_sha256(self, sha256: str) -> list[SignatureRecord]:
        """The signatures after which a signed PDF had this hash (docgen verify)."""
        with self._connect() as conn, self._translated("looking up a signed file"):
            rows = self._exec(
                conn,
                f"SELECT {_SIGNATURE_COLUMNS} FROM signatures WHERE sha256 = ? ORDER BY id",
                (sha256,),
            ).fetchall()
        return [SignatureRecord.from_row(r) for r in rows]
