"""Slowing password guessing on the office network without locking the real clerk out.

Wrong passwords are counted three ways within a window (limits.yaml): per source address and
user name (too many: that address is refused for that name), per source address (too many:
that address is refused for every name — trying many names), and per user name from every
address (each failure beyond the first few delays the next attempts on that name a little,
never more than a bounded time). So a machine guessing a clerk's password is stopped, and the
clerk, from her own machine, still signs in: at worst a few seconds later.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from docgen.web.config import Limits


@dataclass(frozen=True)
class Refusal:
    """Why a login attempt is refused now, and in how many seconds it may be tried again."""

    retry_after_s: int
    whole_address: bool  # every name from this address, not only this one


class LoginThrottle:
    def __init__(self, limits: Limits) -> None:
        self.per_pair = limits.login_max_failures
        self.per_address = limits.login_address_max_failures
        self.window_s = limits.login_window_s
        self.delay_step_s = limits.login_name_delay_step_ms / 1000
        self.delay_max_s = limits.login_name_delay_max_ms / 1000
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()
        self._pruned = 0.0

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def _prune(self, now: float) -> None:
        """Forget failures older than the window (the dictionary never grows without end)."""
        if now - self._pruned < self.window_s:
            return
        self._pruned = now
        for key in list(self._failures):
            self._recent(key, now)

    def refused(self, address: str, name: str) -> Refusal | None:
        """A refusal when this address has failed too often, for this name or for any."""
        with self._lock:
            now = time.monotonic()
            self._prune(now)
            by_address = self._recent(("address", address), now)
            if len(by_address) >= self.per_address:
                wait = by_address[-self.per_address] + self.window_s - now
                return Refusal(max(1, math.ceil(wait)), True)
            pair = self._recent(("pair", f"{address}\n{name}"), now)
            if len(pair) >= self.per_pair:
                wait = pair[-self.per_pair] + self.window_s - now
                return Refusal(max(1, math.ceil(wait)), False)
            return None

    def delay_s(self, name: str) -> float:
        """How long to wait before answering an attempt on ``name``: grows with the failures
        on that name from every address beyond the first few, up to the bound."""
        with self._lock:
            failures = len(self._recent(("name", name), time.monotonic()))
        beyond = failures - self.per_pair
        return 0.0 if beyond < 0 else min(self.delay_max_s, (beyond + 1) * self.delay_step_s)

    def failed(self, address: str, name: str) -> None:
        with self._lock:
            now = time.monotonic()
            for key in (("address", address), ("pair", f"{address}\n{name}"), ("name", name)):
                self._failures[key] = [*self._recent(key, now), now]

    def succeeded(self, address: str, name: str) -> None:
        with self._lock:
            self._failures.pop(("pair", f"{address}\n{name}"), None)
