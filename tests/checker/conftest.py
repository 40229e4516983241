"""Checker fixtures: docgen's own outputs are the correct documents; each test breaks one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from docgen.api import BuildReport

PARTY = "ke-hoach-1247-KH-HVCTQG.docx"
STATE = "ke-hoach-van-hoa-cong-so-SNV.docx"


@pytest.fixture
def mutate(
    outputs: dict[str, Path], tmp_path: Path
) -> Callable[[str, Callable[[DocxDocument], None]], Path]:
    """Copy a built document, apply ``change`` to it with python-docx, save, return the path."""

    def apply(name: str, change: Callable[[DocxDocument], None]) -> Path:
        target = tmp_path / f"broken-{name}"
        shutil.copy(outputs[name], target)
        doc = Document(str(target))
        change(doc)
        doc.save(str(target))
        return target

    return apply


@pytest.fixture(scope="session")
def all_outputs(built: BuildReport) -> list[Path]:
    return [d.output for d in built.documents]
