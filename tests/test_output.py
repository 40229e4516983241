"""Atomic writes give files the mode any saved file gets, not mkstemp's private 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from docgen.output import write_atomic


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX file modes")
def test_a_written_document_is_readable_by_colleagues(tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.docx"
    write_atomic(target, b"first")
    write_atomic(target, b"second")  # replacing keeps the same mode
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["ke-hoach.docx"]
