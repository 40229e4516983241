"""The data layer names its plug-ins in one place and imports them only when a workspace loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docgen.data.extensions import PART_MODULES, WorkspacePart, parts
from docgen.data.workspace import load_workspace
from tests.conftest import make_workspace


def test_every_part_module_defines_one_part() -> None:
    found = parts()
    assert len(found) == len(PART_MODULES)
    assert all(isinstance(part, WorkspacePart) for part in found)


def _loaded_after(code: str) -> list[str]:
    """The docgen modules a fresh interpreter holds after running ``code``."""
    show = "import sys; print(sorted(m for m in sys.modules if m.startswith('docgen.')))"
    out = subprocess.run(
        [sys.executable, "-c", f"{code}; {show}"], capture_output=True, text=True, check=True
    )
    return eval(out.stdout)


@pytest.mark.parametrize(
    "module", ["docgen.data.workspace", "docgen.data.loader", "docgen.data.models"]
)
def test_the_data_layer_imports_no_award_and_no_engine(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert module in loaded
    outside = [m for m in loaded if m.startswith(("docgen.awards", "docgen.documents"))]
    assert outside == []


def test_a_workspace_asks_each_part_at_its_four_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = parts()[0]

    def spy(name: str):  # type: ignore[no-untyped-def]
        hook = getattr(real, name)

        def called(*args):  # type: ignore[no-untyped-def]
            calls.append(name)
            return hook(*args)

        return called

    spied = WorkspacePart(**{name: spy(name) for name in WorkspacePart.__dataclass_fields__})
    monkeypatch.setattr("docgen.data.workspace.parts", lambda: (spied,))
    ws = load_workspace(make_workspace(tmp_path))
    assert calls == ["load_law", "load_data", "cross_check", "finish"]
    assert ws.law is not None and ws.history is not None  # what the award part loads
