"""No path from a request reaches outside its folder: names are resolved against one folder."""

from __future__ import annotations

from pathlib import Path

from docgen.web.errors import WebError


def confined(folder: Path, base: Path) -> Path:
    """``folder`` resolved, when it lies inside ``base`` (the app's output folder) with no
    symbolic link on the way: a folder of output/ linked to elsewhere is refused (WEB-PATH),
    for reading and for writing alike."""
    refused = WebError(f"no such folder: {folder.name!r}", code="WEB-PATH")
    try:
        steps = folder.absolute().relative_to(base.absolute()).parts
    except ValueError:
        raise refused from None
    here = base.absolute()
    for part in steps:
        here = here / part
        if part in ("..", ".") or here.is_symlink():
            raise refused
    try:
        resolved = folder.resolve()
        inside = resolved.is_relative_to(base.resolve(strict=True))
    except OSError as exc:
        raise refused from exc
    if not inside:
        raise refused
    return resolved


def safe_child(folder: Path, name: str, base: Path | None = None) -> Path:
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
    if base is not None:  # the folder itself confined to the output folder (no link)
        folder = confined(folder, base)
    candidate = folder / name
    try:
        if candidate.is_symlink() or not candidate.is_file():
            raise refused
        if candidate.stat().st_nlink > 1:  # a hard link: the same file as one elsewhere
            raise refused
        base = folder.resolve(strict=True)
        resolved = candidate.resolve(strict=True)
    except OSError as exc:
        raise refused from exc
    if resolved.parent != base:
        raise refused
    return resolved
