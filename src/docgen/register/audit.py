"""Who acts on the register: the OS user running docgen, or the web app's signed-in user."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_acting: ContextVar[str | None] = ContextVar("docgen_register_actor", default=None)


def current_actor() -> str:
    """``web:<user>`` inside a web request (``acting_as``), else ``<os user>@<host>``."""
    named = _acting.get()
    if named:
        return named
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor in the password file
        user = "?"
    return f"{user}@{socket.gethostname()}"


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Record register acts inside the block as done by ``actor`` (the web user)."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)
