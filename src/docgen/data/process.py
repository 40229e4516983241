"""What kind of process docgen runs in: one command that exits (the CLI), or a server or a
library caller. Kept apart from the loader, which it steers, so that a command that loads no
data (``docgen verify``, ``docgen --help``) does not import the loader to say so."""

from __future__ import annotations

_one_command = False


def run_as_one_command(one: bool = True) -> None:
    """This process runs one command and exits (the CLI, not the web app), with no other
    thread: what is loaded is kept out of the garbage collector's passes until it ends, and
    large files may be parsed in worker processes (docgen.data.parse_cache.prefetch). ``False``
    for a server (``docgen serve``) or a library caller (the default)."""
    global _one_command
    _one_command = one


def one_command() -> bool:
    return _one_command
