"""Withdrawing a voided number's file: out of the current outputs, into the voided folder."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import RegisterError
from docgen.output import fsync_dir
from docgen.register.base import _COLUMNS, RegisterBase
from docgen.register.entries import GAP_KIND, Entry
from docgen.rules import voided_files


class Withdrawing(RegisterBase):
    """What the register records of withdrawn files: ``entries.withdrawn``, and the log."""

    def pending_withdrawals(self) -> list[Entry]:
        """This workspace's voided documents whose file has not been withdrawn yet."""
        query = (
            f"SELECT {_COLUMNS} FROM entries WHERE state = 'voided' AND kind <> ?"
            " AND output IS NOT NULL AND withdrawn IS NULL"
        )
        params: list[Any] = [GAP_KIND]
        if self.workspace:
            query += " AND workspace IN (?, '')"
            params.append(self.workspace)
        with self._connect() as conn, self._translated("listing voided files"):
            rows = self._exec(conn, query + " ORDER BY id", params).fetchall()
        return [Entry.from_row(r) for r in rows]

    def mark_withdrawn(self, entry: Entry, where: str) -> None:
        """Record that the voided ``entry``'s file is now at ``where`` (relative to the
        workspace), with the act in the log."""
        with self._connect() as conn:
            try:
                with self._translated(f"recording where the file of {entry.symbol} went"):
                    self.dialect.begin(conn)
                    self._exec(
                        conn,
                        "UPDATE entries SET withdrawn = ? WHERE id = ? AND state = 'voided'",
                        (where, entry.id),
                    )
                    self._log(
                        conn,
                        "withdraw",
                        entry=entry.id,
                        symbol=entry.symbol,
                        spec=entry.spec,
                        detail=f"{entry.output} -> {where}",
                    )
                    conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise


@dataclass(frozen=True)
class Withdrawal:
    """What became of a voided document's file."""

    entry: Entry
    source: str  # where the file was (relative to the workspace when inside it)
    target: str | None = None  # where it is now; None when it was not moved
    error: str | None = None  # why it is still at ``source`` (or not recorded)

    @property
    def moved(self) -> bool:
        return self.target is not None and self.error is None


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def voided_name(entry: Entry, source: Path, n: int = 1) -> Path:
    """Where a voided document's file goes: the voided folder beside it, a marked name."""
    rule = voided_files()
    stem = source.stem if n == 1 else f"{source.stem} ({n})"
    name = rule.name.format(stem=stem, number=entry.symbol.replace("/", "-"), suffix=source.suffix)
    return source.parent / rule.folder / name


def withdraw_file(register: Withdrawing, root: Path, entry: Entry) -> Withdrawal | None:
    """Move the file of the voided ``entry`` out of the current outputs and record where it
    went. None when there is nothing to move (no file, or it is already withdrawn).

    Called only once the void is committed: if the move fails, the number stays voided and
    the file stays where it was (the result says so and why); ``docgen build`` and the next
    void try again (``withdraw_pending``). A file whose content is the spec's current
    document (a rebuild already wrote the new number there) is never moved."""
    if entry.kind == GAP_KIND or not entry.output or entry.withdrawn:
        return None
    source = Path(entry.output)
    if not source.is_absolute():
        source = root / source
    shown = _shown(root, source)
    if not source.exists():
        # moved before, but the register failed to record it: record it now
        target = voided_name(entry, source)
        if entry.sha256 is not None and _sha256(target) == entry.sha256:
            return _record(register, root, entry, shown, target)
        return None
    sha = _sha256(source)
    current = register.get_by_spec(entry.spec) if entry.spec else None
    if (
        current is not None
        and current.id != entry.id
        and current.output == entry.output
        and current.sha256 == sha
    ):
        return None  # the file is the spec's new document, not the voided one
    n, target = 1, voided_name(entry, source)
    while target.exists():
        if sha is not None and _sha256(target) == sha:  # this very file, already copied there
            break
        n += 1
        target = voided_name(entry, source, n)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        fsync_dir(target.parent)
        fsync_dir(source.parent)
    except OSError as exc:
        return Withdrawal(entry, shown, error=exc.strerror or str(exc))
    return _record(register, root, entry, shown, target)


def _record(
    register: Withdrawing, root: Path, entry: Entry, shown: str, target: Path
) -> Withdrawal:
    where = _shown(root, target)
    try:
        register.mark_withdrawn(entry, where)
    except RegisterError as exc:
        return Withdrawal(entry, shown, where, error=exc.message)
    return Withdrawal(entry, shown, where)


def withdraw_pending(register: Withdrawing, root: Path) -> list[Withdrawal]:
    """Withdraw the files of every voided document of the workspace still among the outputs
    (a void whose move failed, or a number voided by a docgen that did not move files)."""
    done = []
    for entry in register.pending_withdrawals():
        found = withdraw_file(register, root, entry)
        if found is not None:
            done.append(found)
    return done
