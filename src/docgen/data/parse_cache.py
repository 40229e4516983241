"""Parsed YAML files kept by content, so a long list is parsed once, not at every command.

A clerk validates, builds and prints the same 5,000-nominee proposals many times in a day;
parsing them is most of what ``docgen validate`` does. What ``docgen.data.loader`` builds from a
file (its data and its problems) depends only on the file's bytes and on the loader's own
code, so it is kept in ``.docgen-cache/yaml/`` under the hash of both and read back when the
same bytes come again:

* an entry is found only by the hash of the file's content and of the loader's source files:
  an edited file, or another version of docgen, never reads a stale entry;
* only large files are kept (a small one parses faster than an entry is read);
* entries are pickles of plain values read with a closed list of classes (dates and times):
  a planted file cannot make the reader run code, it is only a miss;
* an entry is written whole to a temporary file and renamed, so a reader never sees half
  of one; a cache that cannot be read or written (a read-only folder, a full disk) is
  skipped without a word, and the file is parsed as before;
* the folder is bounded: past ``MAX_ENTRIES`` the least recently used are removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from docgen.errors import Diagnostic, Location, Severity
from docgen.output import CACHE_DIR, FILE_MODE

SUBDIR = "yaml"
MIN_BYTES = 8 * 1024  # a file of 5 KB parses in 1 ms: what is smaller is not worth an entry
MAX_ENTRIES = 512
PREFETCH_MIN_BYTES = 1 << 20  # below a megabyte to parse, starting workers costs more
FORMAT = 1  # the layout of an entry; bump it when _pack changes

# What decides an entry's content besides the file: the loader and the helpers it calls.
_LOADER_SOURCES = ("data/loader.py", "vn/text.py", "vn/dates.py", "data/parse_cache.py")
_fingerprint: bytes | None = None

_ALLOWED = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "time"): dt.time,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
}

_Problem = tuple[str, str, bool, int | None, int | None, str, str | None]
Packed = tuple[int, bytes, Any, list[_Problem]]


class _Unpickler(pickle.Unpickler):
    """Plain values and dates only: any other class in an entry makes it unreadable."""

    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:  # never shown: the entry is a miss
            refused = f"{module}.{name}"
            raise pickle.UnpicklingError(refused)
        return found


def _loader_fingerprint() -> bytes:
    global _fingerprint
    if _fingerprint is None:
        import sys
        import unicodedata

        import yaml

        from docgen import __version__

        # and what the loader's result rests on besides its code: Python (and its Unicode
        # tables, for NFC), PyYAML's composer, docgen's version
        versions = (FORMAT, sys.version, unicodedata.unidata_version, yaml.__version__, __version__)
        digest = hashlib.sha256(repr(versions).encode())
        here = Path(__file__).resolve().parents[1]  # src/docgen
        for name in _LOADER_SOURCES:
            try:
                digest.update((here / name).read_bytes())
            except OSError:  # pragma: no cover - an installation without its sources
                digest.update(name.encode())
        _fingerprint = digest.digest()
    return _fingerprint


def key_of(raw: bytes) -> bytes:
    """The entry's key: the file's bytes and the loader's code."""
    return hashlib.sha256(_loader_fingerprint() + raw).digest()


def folder(root: Path) -> Path:
    return root / CACHE_DIR / SUBDIR


def wanted(raw: bytes) -> bool:
    return len(raw) >= MIN_BYTES


def get(cache: Path, key: bytes, shown: str) -> tuple[Any, list[Diagnostic]] | None:
    """The data and problems kept for ``key``, or None (absent, unreadable, or not ours)."""
    path = cache / f"{key.hex()}.pickle"
    try:
        with open(path, "rb") as f:
            packed = _Unpickler(io.BufferedReader(f, 1 << 20)).load()
    except Exception:  # absent, unreadable, damaged, not ours: a miss, never a crash
        return None
    if not (isinstance(packed, tuple) and len(packed) == 4 and packed[:2] == (FORMAT, key)):
        return None
    try:
        problems = [
            Diagnostic(
                code,
                message,
                Location(shown, line, col) if located else None,
                Severity(severity),
                hint,
            )
            for code, message, located, line, col, severity, hint in packed[3]
        ]
    except (TypeError, ValueError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the folder is pruned
    return packed[2], problems


def put(cache: Path, key: bytes, data: Any, problems: list[Diagnostic]) -> None:
    """Keep ``data`` and ``problems`` under ``key``; any failure leaves the cache as it was."""
    packed: Packed = (
        FORMAT,
        key,
        data,
        [
            (
                d.code,
                d.message,
                d.location is not None,
                d.location.line if d.location else None,
                d.location.col if d.location else None,
                d.severity.value,
                d.hint,
            )
            for d in problems
        ],
    )
    try:
        blob = pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                if hasattr(os, "fchmod"):  # colleagues sharing the workspace read it too
                    os.fchmod(f.fileno(), FILE_MODE)
                f.write(blob)
            os.replace(tmp, cache / f"{key.hex()}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(cache)
    except (OSError, pickle.PicklingError, RecursionError, TypeError):
        return


def _prune(cache: Path) -> None:
    entries = []
    for entry in os.scandir(cache):
        if entry.name.endswith(".pickle"):
            try:
                entries.append((entry.stat().st_mtime, entry.path))
            except OSError:
                continue
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort()
    for _mtime, path in entries[: len(entries) - MAX_ENTRIES]:
        Path(path).unlink(missing_ok=True)
