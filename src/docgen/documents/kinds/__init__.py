"""The kinds of document docgen makes, registered in one place: each kind is one module.

A kind module defines its spec model, its document type, its templates and how its context is
built (see ``base.Kind``), and ends with ``KIND = …``. Adding a kind is adding its module and
its name to ``KIND_MODULES`` (``docgen/data/extensions.py``); nothing else in docgen names a
kind. The general kinds live here; the award domain's in ``docgen/awards/kinds/``.
"""

from __future__ import annotations

from docgen.data.extensions import KIND_MODULES
from docgen.data.extensions import kinds as registry
from docgen.data.models import SpecBase
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource


def get_kind(name: str) -> Kind | None:
    return registry().get(name)


def kind_of(spec: SpecBase) -> Kind:
    """The kind of a validated spec."""
    return registry()[spec.kind]


__all__ = ["KIND_MODULES", "Kind", "RenderJob", "TemplateSource", "get_kind", "kind_of", "registry"]
