"""``body:`` / ``bodies:``, the fields a file names its bodies (docgen.data.bodies) by, and
``school:`` / ``schools:`` as the schools' files have them."""

from __future__ import annotations

from typing import Any


def body_alias(data: Any, new: str = "body", old: str = "school") -> Any:
    """``new`` is the field a proposal, its document and its details name their body by (a
    decision or minutes their bodies: ``bodies``); ``old`` is the same field: refuse both at
    once. The records keep it as ``old``, so that the schools' files read as before."""
    if isinstance(data, dict) and new in data:
        if old in data:
            raise ValueError(f"write '{new}' (or '{old}', as before) once, not both")
        data = {(old if k == new else k): v for k, v in data.items()}
    return data


def bodies_alias(data: Any) -> Any:
    """``bodies:`` for ``schools:`` (a decision's or minutes' filter)."""
    return body_alias(data, "bodies", "schools")
