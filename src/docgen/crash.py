"""Crash points: the moments where a crash must leave the office's record whole (a number
and its file, a batch and its số sổ vàng). The kill tests name one in ``DOCGEN_CRASH_AT``
and the process dies there, as it would on a power cut; unset (always, outside those
tests), a crash point does nothing."""

from __future__ import annotations

import os
import signal

from docgen.errors import RegisterError

ENV = "DOCGEN_CRASH_AT"


def crash_point(name: str) -> None:
    """``DOCGEN_CRASH_AT=<name>``: die here (SIGKILL); ``<name>:fail``: the operation fails
    here as a register whose disk is full would."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    if wanted == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if wanted == f"{name}:fail":
        raise RegisterError(
            f"the register failed at {name}: database or disk is full", code="REGISTER-DB"
        )
