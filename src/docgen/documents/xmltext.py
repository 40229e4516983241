"""Text inside XML elements: the three characters it must escape.

The same as ``xml.sax.saxutils.escape`` without its import of ``urllib.request`` (and, through
it, ``http``, ``email`` and ``ssl``): a fifth of the start-up of a command that writes XML.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities ("&" first, so nothing is escaped twice)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
