"""Shared fixtures: the example workspace built once, and its PDFs made by LibreOffice once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from docgen.api import BuildReport, build
from docgen.documents.pdf import convert_to_pdf
from docgen.register import open_register
from tests.support.tools import require

# Messages are Vietnamese by default; the tests that read exact messages read the English
# ones (tests/test_i18n.py checks the Vietnamese default and the catalogue). The language is
# read when a message is shown, so setting it here covers every test and subprocess.
os.environ.setdefault("DOCGEN_LANG", "en")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """`docgen build` of the repository's own workspace (the example documents)."""
    out = tmp_path_factory.mktemp("output")
    register = tmp_path_factory.mktemp("register") / "register.sqlite"
    open_register(register, create=True)
    report = build(ROOT, out, register=str(register))
    assert not report.failed, [d.error.format() for d in report.failed if d.error]
    return report


@pytest.fixture(scope="session")
def outputs(built: BuildReport) -> dict[str, Path]:
    """Output file name → path."""
    return {d.output.name: d.output for d in built.documents}


@pytest.fixture(scope="session")
def pdfs(outputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example document converted by LibreOffice (one start for all)."""
    require("soffice", "pdfinfo")
    out = tmp_path_factory.mktemp("pdf")
    names = sorted(outputs)
    converted = convert_to_pdf([outputs[n] for n in names], out)
    return dict(zip(names, converted, strict=True))


def make_workspace(tmp_path: Path, *, achievements: bool = False) -> Path:
    """A copy of the example workspace's data and templates, to break on purpose.

    The nominees' details for achievement reports (data/achievements/) are left out unless
    asked for: they must match the proposals' nominees, so a test that renames or adds a
    nominee to break something else would break them too."""
    ignore = None if achievements else shutil.ignore_patterns("achievements")
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=ignore)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    # its register, as docgen register init makes it (no command creates one silently)
    open_register(tmp_path / "register.sqlite", create=True)
    return tmp_path
