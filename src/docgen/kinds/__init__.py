"""The kinds of document docgen makes, registered in one place: each kind is one module.

A kind module defines its spec model, its document type, its templates and how its context is
built (see ``base.Kind``), and ends with ``KIND = …``. Adding a kind is adding its module and
its name to ``KIND_MODULES``; nothing else in docgen names a kind.
"""

from __future__ import annotations

import importlib
from functools import cache

from docgen.kinds.base import Kind, RenderJob, TemplateSource
from docgen.models import SpecBase

KIND_MODULES = (
    "plan",
    "decision_launch",
    "decision_award",
    "minutes",
    "proposal",
    "report",
    "document",
)


@cache
def registry() -> dict[str, Kind]:
    """Kind name → kind, loaded on first use (kind modules import the stages they need)."""
    found: dict[str, Kind] = {}
    for module_name in KIND_MODULES:
        module = importlib.import_module(f"docgen.kinds.{module_name}")
        kind: Kind = module.KIND
        found[kind.name] = kind
    return found


def get_kind(name: str) -> Kind | None:
    return registry().get(name)


def kind_of(spec: SpecBase) -> Kind:
    """The kind of a validated spec."""
    return registry()[spec.kind]


__all__ = ["KIND_MODULES", "Kind", "RenderJob", "TemplateSource", "get_kind", "kind_of", "registry"]
