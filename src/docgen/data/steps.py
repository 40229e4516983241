"""What each step of loading and checking did, for ``-v``: the library says it here and the
command line listens (the library never prints). Messages are English templates, shown
through the catalogue by the listener."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# (what was done, how long it took in seconds, or None)
Listener = Callable[[str, float | None], None]

clock = time.perf_counter

_listener: ContextVar[Listener | None] = ContextVar("docgen_steps", default=None)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send the steps done inside the block to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def listened() -> bool:
    return _listener.get() is not None


def detail(message: str, started: float | None = None) -> None:
    """Say that ``message`` was done (since ``started``, a ``time.perf_counter()``)."""
    listener = _listener.get()
    if listener is not None:
        listener(message, None if started is None else time.perf_counter() - started)


class Steps:
    """The stages of one long step, each timed from the end of the one before."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def detail(self, message: str) -> None:
        detail(message, self.last)
        self.last = time.perf_counter()


def kinds_used(specs: Iterable[Any]) -> str:
    """``document ×20, decision_award ×3``: the kinds of the specs, the most used first."""
    counts = Counter(spec.kind for spec in specs)
    return ", ".join(f"{kind} ×{n}" for kind, n in counts.most_common()) or "none"
