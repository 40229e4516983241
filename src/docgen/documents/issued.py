"""An issued document is a record: never rewritten by a later build, put back from the
register's copy when its file is missing, never overwritten by a build through another
register, and never overwritten when a clerk edited it by hand."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from docgen.data.workspace import Workspace, display_path
from docgen.documents.readable import difference, document_part, readable_of_bytes
from docgen.documents.stamp import read_stamp
from docgen.errors import Diagnostic, DocxReadError, Location, OutputError, RegisterError, Severity
from docgen.register import Register, Slot


def written_by_docgen(path: Path) -> bool:
    """True when every zip member carries docgen's fixed timestamp: the file is docgen's own
    output (perhaps from a build killed before its number was committed), not a file saved
    since by Word or LibreOffice, which stamp members with their own times."""
    try:
        from docgen.documents.docx_safe import open_docx
        from docgen.output import FIXED_ZIP_TIME

        with open_docx(path) as package:
            return all(info.date_time == FIXED_ZIP_TIME for info in package.infos)
    except DocxReadError:
        return False


def guard_hand_edits(ws: Workspace, shown: str, target: Path, register: Register) -> None:
    """A document docgen wrote and a clerk then edited (its hash is no longer the register's)
    is not overwritten silently."""
    entry = register.get_by_spec(shown)
    if entry is None or not entry.output or not entry.sha256 or not target.exists():
        return
    written = Path(entry.output)
    if not written.is_absolute():
        written = ws.root / written
    if written.resolve() != target.resolve():
        return
    if hashlib.sha256(target.read_bytes()).hexdigest() != entry.sha256 and not written_by_docgen(
        target
    ):
        raise OutputError(
            f"{display_path(ws.root, target)} was changed after docgen wrote it (its content "
            "differs from the register's record); building again would overwrite those changes",
            code="OUTPUT-EDITED",
            hint="keep your edits under another name, or build with --force to overwrite",
        )


@dataclass
class Kept:
    data: bytes | None  # what to write under the document's name; None: it is there already
    notes: list[Diagnostic] = field(default_factory=list)


def keep_issued(
    ws: Workspace, shown: str, register: Register, slot: Slot, target: Path, data: bytes
) -> Kept:
    """A rebuild of an issued document (``data``: today's rendering): it stays as issued.
    Today's rendering is only compared with it: when the data has changed since, the clerk
    is told what would change and how to go on. The issued file is put back under its name
    when it is missing (a build killed before its rename, a file deleted by mistake). An
    entry issued before the register kept documents takes its file on disk as the record."""
    issued = register.issued_document(slot.entry_id)
    on_disk = target.exists() and (
        slot.issued_sha256 is not None
        and hashlib.sha256(target.read_bytes()).hexdigest() == slot.issued_sha256
    )
    adopt = False
    if issued is None:  # issued before the register kept documents
        if not on_disk:  # nothing to compare with: today's rendering becomes the record
            return Kept(data)
        issued, adopt = target.read_bytes(), True
    notes: list[Diagnostic] = []
    # the same document.xml says the same: the readable texts are made only to show a change
    if document_part(issued) != document_part(data):
        before, now = readable_of_bytes(issued), readable_of_bytes(data)
        if before != now:
            notes.append(issued_changed(ws, shown, slot, before, now))
    if on_disk:
        return Kept(issued if adopt else None, notes)  # adopted: the register keeps it now
    return Kept(issued, notes)


def issued_changed(ws: Workspace, shown: str, slot: Slot, issued: str, now: str) -> Diagnostic:
    diff = difference(issued, now)
    changes = diff.text()
    if diff.figures:
        figures = "; ".join(f"{a} → {b}" for a, b in diff.figures[:6])
        message = (
            f"{slot.symbol} is issued: today's data would change it, so it is kept as issued "
            f"and not rewritten. What would change:\n{changes}\nfigures: {figures}"
        )
    else:
        message = (
            f"{slot.symbol} is issued: today's data would change it, so it is kept as issued "
            f"and not rewritten. What would change:\n{changes}"
        )
    return Diagnostic(
        "ISSUED-KEPT",
        message,
        ws.sources[shown].locate(("number",)) if shown in ws.sources else Location(shown),
        Severity.WARNING,
        hint=(
            "nothing to do if the issued document stands; to change what it says, issue a "
            "correcting document that cites it (a new spec with corrects:), or, if it was "
            "never sent, void its number (docgen register void) and build again"
        ),
    )


def guard_foreign(ws: Workspace, target: Path, register: Register) -> None:
    """A file numbered by another register (or for another workspace) is not overwritten by
    a build through this one: building against the wrong register would renumber it."""
    if not target.exists():
        return
    stamp = read_stamp(target)
    if stamp is None or (stamp.register, stamp.workspace) == (register.identity, ws.identity):
        return
    shown_file = display_path(ws.root, target)
    if stamp.register != register.identity:
        raise RegisterError(
            f"{shown_file} is {stamp.symbol}, numbered by another register (identity "
            f"{stamp.register}); this build uses the register {register.target} (identity "
            f"{register.identity}), which would number it again",
            code="REGISTER-FOREIGN",
            location=Location(shown_file),
            hint="build with the register that numbered these documents (--register, "
            "DOCGEN_REGISTER, data/settings.yaml), or move the file away to start over",
        )
    raise RegisterError(
        f"{shown_file} is {stamp.symbol} of another workspace (identity {stamp.workspace}); "
        f"this workspace is {ws.identity}",
        code="REGISTER-FOREIGN",
        location=Location(shown_file),
        hint="each workspace writes its own output folder",
    )
