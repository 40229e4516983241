"""What plugs into the data layer, named in one place: the document kinds and the domain parts.

The data layer knows no document kind and no award rule. The modules that bring them are named
here and imported on first use, so a new kind is a new module and a line below, and the
workspace asks "who checks this?" instead of importing the award domain.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace
    from docgen.documents.kinds.base import Kind
    from docgen.errors import Diagnostic, Problems

# One module a kind; each ends with ``KIND = …``.
KIND_MODULES = (
    "docgen.documents.kinds.plan",
    "docgen.documents.kinds.decision_launch",
    "docgen.awards.kinds.decision_award",
    "docgen.awards.kinds.minutes",
    "docgen.awards.kinds.proposal",
    "docgen.awards.kinds.report",
    "docgen.documents.kinds.document",
)

# Modules that load and check data of their own domain with the workspace; each ends with
# ``PART = WorkspacePart(…)``.
PART_MODULES = ("docgen.awards.workspace_part",)

Load = Callable[[Path], "Source | None"]


@dataclass(frozen=True)
class WorkspacePart:
    """A domain's share of loading a workspace, called at fixed points of the load: its law
    data after the settings, its own data after the document specs, its cross-checks after
    the references are checked, and what needs everything (the history, the eligibility of
    every nominee) last. The two last return findings that do not stop a build."""

    load_law: Callable[[Workspace, Load, Problems], None]
    load_data: Callable[[Workspace, Load, Problems], list[Diagnostic]]
    cross_check: Callable[[Workspace, Problems], list[Diagnostic]]
    finish: Callable[[Workspace, Problems, str | None], list[Diagnostic]]


@cache
def kinds() -> dict[str, Kind]:
    """Kind name → kind, loaded on first use (kind modules import the stages they need)."""
    found: dict[str, Kind] = {}
    for module_name in KIND_MODULES:
        kind: Kind = importlib.import_module(module_name).KIND
        found[kind.name] = kind
    return found


@cache
def parts() -> tuple[WorkspacePart, ...]:
    """The domain parts of the workspace, in the order they are named."""
    return tuple(importlib.import_module(name).PART for name in PART_MODULES)
