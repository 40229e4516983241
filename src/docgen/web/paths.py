"""No path from a request reaches outside its folder: names are resolved against one folder."""

from __future__ import annotations

from pathlib import Path

from docgen.web.errors import WebError


def safe_child(folder: Path, name: str) -> Path:
    """The regular file ``name`` directly inside ``folder``, or WebError(WEB-PATH).

    A request names a file, never a path: separators (``/``, ``\\``, whatever their encoding
    once decoded), ``.``/``..``, drive letters, NUL and symbolic links are all refused, and the
    resolved file must still sit in ``folder`` itself. Hidden names (a leading dot: a batch's
    staged files, a write in progress) are not offered either.
    """
    refused = WebError(f"no such file: {name!r}", code="WEB-PATH")
    if (
        not name
        or name.startswith(".")
        or any(c in name for c in "/\\:\x00")
        or name != name.strip()
        or Path(name).is_absolute()
    ):
        raise refused
    candidate = folder / name
    try:
        if candidate.is_symlink() or not candidate.is_file():
            raise refused
        base = folder.resolve(strict=True)
        resolved = candidate.resolve(strict=True)
    except OSError as exc:
        raise refused from exc
    if resolved.parent != base:
        raise refused
    return resolved
