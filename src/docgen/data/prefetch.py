"""Large files parsed side by side, one worker per processor, before a command reads them back.

The workers fill the parse cache (docgen.data.parse_cache); the loader then finds every entry
there. Only a process that runs one command forks them (docgen.data.loader.one_command).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from docgen.data import parse_cache
from docgen.data.loader import load_yaml


def prefetch(paths: list[Path], cache: Path) -> None:
    """Parse the large files of ``paths`` that have no entry yet in worker processes, one per
    processor, which write their entries: the loads that follow read them back. This halves a
    first ``docgen validate`` of 50,000 nominees on two processors.

    Only for a process running one command with no other thread (``one_command``), where
    processes fork (Linux, macOS); elsewhere, or for less than
    ``parse_cache.PREFETCH_MIN_BYTES`` to parse, nothing is done and the files are parsed one
    after the other as before. A worker that fails leaves its files to be parsed by the
    command itself."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    todo: list[tuple[int, str]] = []
    for path in paths:
        try:
            if path.stat().st_size < parse_cache.MIN_BYTES:
                continue  # not kept: nothing to read or hash here
            raw = path.read_bytes()
        except OSError:
            continue
        if (
            parse_cache.wanted(raw)
            and not (cache / f"{parse_cache.key_of(raw).hex()}.pickle").exists()
        ):
            todo.append((len(raw), str(path)))
    if len(todo) < 2 or sum(size for size, _ in todo) < parse_cache.PREFETCH_MIN_BYTES:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        if not os.access(cache, os.W_OK):
            return  # nothing could be kept: the command parses them itself
        todo.sort(reverse=True)  # the largest first, so the workers end together
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context) as pool:
            for future in [pool.submit(_parse_into, name, str(cache)) for _, name in todo]:
                with contextlib.suppress(Exception):
                    future.result()
    except (OSError, RuntimeError):
        return  # no pool here (a sandbox without semaphores, say): parsed one by one


def _parse_into(path: str, cache: str) -> None:
    load_yaml(Path(path), path, Path(cache))
