"""Writing files safely: atomic replace, never a half-written document."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from docgen.errors import OutputError

# Where docgen keeps what it can make again (compiled templates, blank certificate
# templates), in the workspace beside the register: deleting it costs only time.
CACHE_DIR = ".docgen-cache"

# Names Windows refuses for files, whatever the extension (clerks open outputs on Windows).
WINDOWS_RESERVED = frozenset(
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(1, 10)),
        *(f"LPT{i}" for i in range(1, 10)),
    }
)


def _default_file_mode() -> int:
    """What ``open()`` gives a new file: 0666 less the process's umask (read once, at import,
    before the web app starts threads: ``os.umask`` is process-wide)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _default_file_mode()


def link_outside(path: Path, root: Path) -> Path | None:
    """Where ``path`` really leads, when it is written inside the folder ``root`` but a
    symbolic link on its way (a folder, or the file itself) leads outside ``root``; None
    otherwise. A workspace may come from elsewhere with its links: output/ linked to another
    office's folder, register.sqlite to another register. A path written outside ``root`` is
    the choice of whoever typed it, and is not looked at here."""
    written, folder = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if not written.is_relative_to(folder):
        return None
    try:
        real = written.resolve()
        inside = real.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return written
    return None if inside else real


def write_atomic(path: Path, data: bytes) -> str:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, rename.

    A crash at any moment leaves either the old file or the new one, never a mix. Returns the
    SHA-256 of what was written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write in {path.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file private (0600); a document is as readable as any file
            # the clerk saves (the umask decides), so colleagues sharing the folder open it
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


STAGED_SUFFIX = ".docgen-tmp"


def stage_file(path: Path, data: bytes) -> tuple[Path, str]:
    """Write ``data`` beside ``path`` under a temporary name of this process, flushed to disk:
    the document waits there while its number is committed, then ``place_staged`` gives it
    its name. Returns the temporary path and the SHA-256 of ``data``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.parent / f".{path.name}.{os.getpid()}{STAGED_SUFFIX}"
    try:
        with open(staged, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc
    return staged, hashlib.sha256(data).hexdigest()


def place_staged(staged: Path, path: Path) -> None:
    """Give a staged file its final name and make the rename durable."""
    try:
        os.replace(staged, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc
    fsync_dir(path.parent)


def discard_stale_staged(folder: Path) -> None:
    """Remove the files ``stage_file`` left in ``folder`` for processes no longer running (a
    build killed while its number was being committed: the register keeps the document, and
    the next build puts it back under its name)."""
    for leftover in folder.glob(f".*.*{STAGED_SUFFIX}"):
        pid = leftover.name[: -len(STAGED_SUFFIX)].rsplit(".", 1)[-1]
        if pid.isdigit() and leftover.is_file() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


# A batch names its files as plain strings (folder, name): ten thousand pathlib objects per
# batch cost a quarter of a second.


def staged_path(folder: str, name: str) -> str:
    """Where a batch writes a file before it is committed under its own name."""
    return os.path.join(folder, f".{name}{STAGED_SUFFIX}")


def write_staged(folder: str, name: str, data: bytes) -> None:
    """Write a batch member beside its final name, without fsync (``commit_staged`` syncs the
    whole batch at once and only then gives the files their names)."""
    try:
        with open(staged_path(folder, name), "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write {os.path.join(folder, name)}: {exc.strerror}") from exc


def sync_folder_filesystem(folder: Path) -> None:
    """Flush every written file of the file system that holds ``folder`` to disk: one
    ``syncfs`` (Linux) instead of one fsync per file; ``os.sync`` elsewhere."""
    if hasattr(os, "sync"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            syncfs = libc.syncfs
        except (OSError, AttributeError):
            os.sync()
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) != 0:
                os.sync()
        finally:
            os.close(fd)


def commit_staged(folder: Path, names: list[str]) -> None:
    """Give the staged batch members ``names`` of ``folder`` their names: first everything is
    flushed to disk, then each file is renamed over its final name, then the folder is synced.

    The promise is the same as ``write_atomic`` for each file: a file under its final name is
    always complete, because its data was on disk before it got the name; a crash leaves the
    old file or the new one, and at worst staged files that ``discard_staged`` removes."""
    if not names:
        return
    where = str(folder)
    if hasattr(os, "sync"):
        sync_folder_filesystem(folder)
    else:  # pragma: no cover - Windows: no file-system sync, so one flush per file
        for name in names:
            with open(staged_path(where, name), "rb+") as handle:
                os.fsync(handle.fileno())
    name = names[0]
    try:
        for name in names:
            os.replace(staged_path(where, name), os.path.join(where, name))
    except OSError as exc:
        raise OutputError(f"cannot write {folder / name}: {exc.strerror}") from exc
    fsync_dir(folder)


def discard_staged(folder: Path) -> None:
    """Remove staged files an interrupted batch left in ``folder``."""
    for leftover in folder.glob(f".*{STAGED_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def save_docx_reproducibly(doc: object, target: Path) -> None:
    """Save a python-docx document with fixed zip timestamps: the same content gives the same
    bytes (templates rebuilt from unchanged rules, blank certificate templates)."""
    buffer = io.BytesIO()
    doc.save(buffer)  # type: ignore[attr-defined]
    target.write_bytes(reproducible_zip(buffer.getvalue()))


FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def reproducible_zip(
    data: bytes,
    transform: Callable[[bytes], list[bytes]] | None = None,
    *,
    edit: Callable[[str, bytes], bytes] | None = None,
    added: dict[str, bytes] | None = None,
) -> bytes:
    """The same .docx with fixed member timestamps: the same data gives the same bytes, so a
    rebuild of unchanged data leaves the file's SHA-256 (kept in the register) unchanged.

    Not read through docgen.documents.docx_safe: ``data`` is what docxtpl wrote a moment ago in this
    process from a template that passed it, and its limits, meant for files from elsewhere,
    could refuse a large document docgen itself rendered (a decision listing thousands).

    ``transform`` may turn each XML member into chunks written one after the other (so a
    big list is never joined into one more copy). ``edit`` may change any member by name, and
    ``added`` adds members (or replaces those of the same name): the register's stamp."""
    import zipfile

    out = io.BytesIO()
    extra = dict(added or {})
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in extra:
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            member = src.read(info.filename)
            if edit is not None:
                member = edit(info.filename, member)
            chunks = [member]
            if transform is not None and info.filename.endswith(".xml"):
                chunks = transform(member)
            # as ZipFile.writestr does, with the size known beforehand: the same bytes
            fixed.file_size = sum(len(chunk) for chunk in chunks)
            with dst.open(fixed, "w") as stream:
                for chunk in chunks:
                    stream.write(chunk)
        for name, member in extra.items():
            fixed = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, member)
    return out.getvalue()


# A CSV cell a spreadsheet would read as a formula (OWASP "CSV injection"): "=", "+", "-",
# "@", a tab or a carriage return at its start. Every CSV docgen writes goes through
# ``csv_text``, which prefixes such a cell with an apostrophe, so Excel and LibreOffice Calc
# show it as the text it is ("=HYPERLINK(…)" as a name stays a name).
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell as text that opens as text; a number (int) stays a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A CSV table (header row first, CRLF lines, no BOM), every cell safe to open."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in header])
    writer.writerows([csv_cell(c) for c in row] for row in rows)
    return buffer.getvalue()
