"""The workspace loaded document by document: a broken spec file is set aside, the rest load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from docgen.data.models import Citation
from docgen.data.workspace import Workspace, load_workspace
from docgen.errors import DataError, Diagnostic, Severity

DOCUMENTS = PurePosixPath("data/documents")


@dataclass
class BrokenSpec:
    """A document spec whose data does not validate: its id, file and problems."""

    spec_id: str
    display: str  # data/documents/<id>.yaml
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass
class PartialWorkspace:
    """The documents whose data is valid (``ws``), and those set aside (``broken``)."""

    ws: Workspace
    broken: dict[str, BrokenSpec] = field(default_factory=dict)  # key: spec id


def _spec_file(d: Diagnostic) -> str | None:
    """The spec file (data/documents/<id>.yaml) an error is in, or None for any other file."""
    if d.location is None or not d.location.file:
        return None
    path = PurePosixPath(d.location.file)
    return d.location.file if path.parent == DOCUMENTS and path.suffix == ".yaml" else None


def load_per_document(root: Path, register: str | None = None) -> PartialWorkspace:
    """Load the workspace, setting aside each document spec that has errors of its own (and a
    spec that needs one set aside: it cites it, corrects it). Errors in the files every
    document needs (issuers, settings, campaigns, proposals, the law) still stop the load: a
    DataError with every problem found, as ``load_workspace`` raises.

    ``docgen validate`` and ``docgen build`` do not use this: they report every problem and
    stop. The web app does, so that one typo does not hide the other documents."""
    broken: dict[str, BrokenSpec] = {}
    skip: set[Path] = set()
    while True:
        try:
            ws = load_workspace(root, register, frozenset(skip))
        except DataError as exc:
            errors = [d for d in exc.problems if d.severity is Severity.ERROR]
            shared = [d for d in errors if _spec_file(d) is None]
            found = {_spec_file(d) for d in errors} - {None}
            if shared or not found - {s.display for s in broken.values()}:
                # a shared file is wrong (or nothing new can be set aside): everything stops,
                # with the problems of the documents set aside so far too
                raise DataError(
                    [*exc.problems, *(d for s in broken.values() for d in s.problems)]
                ) from None
            for d in errors:
                shown = _spec_file(d)
                assert shown is not None
                spec_id = PurePosixPath(shown).stem
                broken.setdefault(spec_id, BrokenSpec(spec_id, shown)).problems.append(d)
                skip.add(root / shown)
            continue
        waiting = _waiting(ws, set(broken))
        if not waiting:
            return PartialWorkspace(ws, dict(sorted(broken.items())))
        for d in waiting:
            shown = _spec_file(d)
            assert shown is not None
            spec_id = PurePosixPath(shown).stem
            broken.setdefault(spec_id, BrokenSpec(spec_id, shown)).problems.append(d)
            skip.add(root / shown)


def _waiting(ws: Workspace, broken: set[str]) -> list[Diagnostic]:
    """The specs that cite or correct a spec set aside: they cannot be numbered or written
    before it (it is numbered first, and named in them), so they wait for it."""
    found = []
    for spec_id, spec in ws.specs.items():
        src = ws.sources[ws.spec_display(spec_id)]
        for i, basis in enumerate(spec.bases or []):
            if isinstance(basis, Citation) and basis.cite in broken:
                found.append(
                    Diagnostic(
                        "DATA-CITE-BROKEN",
                        f"this document cites '{basis.cite}', whose data has errors: it waits "
                        "until they are fixed",
                        src.locate(("bases", i, "cite")),
                    )
                )
        if spec.corrects is not None and spec.corrects.document in broken:
            found.append(
                Diagnostic(
                    "DATA-CITE-BROKEN",
                    f"this document corrects '{spec.corrects.document}', whose data has errors: "
                    "it waits until they are fixed",
                    src.locate(("corrects", "document")),
                )
            )
    return found
