"""Writing files safely: atomic replace, never a half-written document."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from docgen.errors import OutputError

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


def save_docx_reproducibly(doc: object, target: Path) -> None:
    """Save a python-docx document with fixed zip timestamps: the same content gives the same
    bytes (templates rebuilt from unchanged rules, blank certificate templates)."""
    import io

    from docgen.render import reproducible_zip

    buffer = io.BytesIO()
    doc.save(buffer)  # type: ignore[attr-defined]
    target.write_bytes(reproducible_zip(buffer.getvalue()))
