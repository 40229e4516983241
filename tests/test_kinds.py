"""Kinds are plug-ins: one module each, registered in one place; build-time code stays apart."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from docgen.documents.kinds import KIND_MODULES, registry
from docgen.documents.kinds.base import Kind

SRC = Path(__file__).resolve().parent.parent / "src" / "docgen"
BUILD_TIME = {"docgen_build", "docgen_build.templates", "docgen_build.styles"}


def test_every_registered_module_defines_one_kind() -> None:
    kinds = registry()
    assert len(kinds) == len(KIND_MODULES)
    for kind in kinds.values():
        assert isinstance(kind, Kind)
        assert kind.spec_model.model_fields["kind"].annotation.__args__ == (kind.name,)  # type: ignore[union-attr]


def test_no_module_outside_kinds_names_a_kind() -> None:
    """Adding a kind touches one place: no other module tests for a kind's name."""
    names = set(registry())
    for path in SRC.rglob("*.py"):
        if "kinds" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                for side in [node.left, *node.comparators]:
                    if isinstance(side, ast.Constant) and side.value in names:
                        raise AssertionError(f"{path.name}:{node.lineno} compares with a kind name")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_runtime_code_never_imports_the_template_builder() -> None:
    for path in SRC.rglob("*.py"):
        if path.stem == "template_builder":
            continue
        assert not _imports(path) & BUILD_TIME, f"{path.relative_to(SRC)} imports the builder"


def test_running_docgen_loads_no_build_time_module() -> None:
    code = (
        "import sys, docgen.cli.main, docgen.api, docgen.awards.certificates, docgen.checker;"
        f"print(sorted(m for m in sys.modules if m in {BUILD_TIME!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
