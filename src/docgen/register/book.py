"""The số sổ vàng: the certificate numbers of each book's awardees, never reused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docgen.errors import RegisterError
from docgen.register.base import RegisterBase, _now


class GoldenBook(RegisterBase):
    """The register's số sổ vàng, kept beside its book of documents."""

    def book_numbers(
        self,
        decision: str,
        awardees: Sequence[tuple[str, str]],
        start: int = 1,
        book: str | None = None,
    ) -> dict[str, int]:
        """The số sổ vàng of each awardee of a decision: ``awardees`` are (stable key, name)
        in list order. An awardee keeps the number it was given; new awardees take the next
        numbers, consecutively, from ``start`` or after the highest the decision has in the
        book. Never reused.

        ``book`` is the sổ vàng the numbers are written in: that of an issuer and a
        certificate form (``hvctqg:bang_khen``), shared by all its decisions and batches, so
        a number is unique in it. New numbers that would overlap numbers the book has given
        already are refused (CERT-BOOK-OVERLAP) rather than moved: the clerk wrote
        ``book_start`` from the paper book, and a certificate must not print a number the
        clerk did not expect. Without ``book``, the decision's own book (as before books
        were shared: its numbers stay as they were given)."""
        shelf = book if book is not None else f"decision:{decision}"
        with self._connect() as conn:
            try:
                with self._translated(f"numbering the certificates of {decision}"):
                    self.dialect.begin(conn)
                    self.dialect.lock(conn, f"book:{self.workspace}:{shelf}")
                    rows = self._exec(
                        conn,
                        "SELECT awardee, number, book FROM book WHERE decision = ?"
                        " AND workspace IN (?, '')",
                        (decision, self.workspace),
                    ).fetchall()
                    given = {str(key): int(number) for key, number, _book in rows}
                    own = [int(number) for _key, number, kept in rows if kept == shelf]
                    following = max([start - 1, *own]) + 1
                    now, new = _now(), []
                    for key, name in awardees:
                        if key not in given:
                            new.append((self.workspace, decision, shelf, key, following, name, now))
                            given[key] = following
                            following += 1
                    if new:
                        self._refuse_overlap(conn, decision, shelf, new[0][4], new[-1][4])
                        # one statement for the batch (10,000 awardees: 10,000 rows)
                        conn.cursor().executemany(
                            self.dialect.sql(
                                "INSERT INTO book (workspace, decision, book, awardee, number,"
                                " name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            ),
                            new,
                        )
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise
        return {key: given[key] for key, _ in awardees}

    def _refuse_overlap(self, conn: Any, decision: str, shelf: str, first: int, last: int) -> None:
        """Under the book's lock: the numbers ``first``–``last`` are free in the book."""
        taken = self._exec(
            conn,
            "SELECT number, name, decision FROM book WHERE workspace = ? AND book = ?"
            " AND number >= ? AND number <= ? ORDER BY number",
            (self.workspace, shelf, first, last),
        ).fetchall()
        if not taken:
            return
        highest = self._exec(
            conn,
            "SELECT MAX(number) FROM book WHERE workspace = ? AND book = ?",
            (self.workspace, shelf),
        ).fetchone()[0]
        number, name, other = int(taken[0][0]), str(taken[0][1]), str(taken[0][2])
        raise RegisterError(
            f"the certificates of {decision} would take the số sổ vàng {first}–{last} of the "
            f"book {shelf}, but {len(taken)} of them are given already, the first, {number}, "
            f"to {name} ({other})",
            code="CERT-BOOK-OVERLAP",
            hint=f"the book's next free number is {int(highest) + 1}: set book_start: "
            f"{int(highest) + 1} in the certificates' file",
        )

    def book(self, decision: str) -> list[tuple[int, str, str]]:
        """The số sổ vàng given for a decision so far: (number, awardee key, name) by number."""
        with self._connect() as conn, self._translated(f"reading the book of {decision}"):
            rows = self._exec(
                conn,
                "SELECT number, awardee, name FROM book WHERE decision = ?"
                " AND workspace IN (?, '') ORDER BY number",
                (decision, self.workspace),
            ).fetchall()
        return [(int(number), str(key), str(name)) for number, key, name in rows]

    def release_book_numbers(self, decision: str, awardee_keys: Sequence[str]) -> int:
        """Give back the số sổ vàng of ``awardee_keys`` in ``decision``: a batch that took
        them and then could not write its certificates (a full disk) keeps none of them, so
        that printing again gives the same awardees the same numbers. Only this workspace's
        rows go; the caller passes only the keys its own run numbered (those without a
        number before it), never numbers an earlier printing gave. Returns how many went."""
        keys = list(dict.fromkeys(awardee_keys))
        if not keys:
            return 0
        released = 0
        with self._connect() as conn:
            try:
                with self._translated(f"releasing the số sổ vàng of {decision}"):
                    self.dialect.begin(conn)
                    self.dialect.lock(conn, f"book:{decision}")
                    for at in range(0, len(keys), 500):  # bounded statements for 10,000
                        chunk = keys[at : at + 500]
                        released += self._exec(
                            conn,
                            "DELETE FROM book WHERE decision = ? AND workspace = ? AND awardee IN"
                            f" ({', '.join('?' * len(chunk))})",
                            [decision, self.workspace, *chunk],
                        ).rowcount
                    self._log(
                        conn,
                        "release",
                        spec=decision,
                        detail=f"{released} số sổ vàng released: their certificates were not "
                        "written",
                    )
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise
        return released
