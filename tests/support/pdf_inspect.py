"""Test helpers: what LibreOffice's PDF shows (page count, text of a page)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.support.tools import require


def require_poppler() -> None:
    require("pdfinfo", "pdftotext")


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    assert match, out
    return int(match.group(1))


def page_size_mm(pdf: Path) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out)
    assert match, out
    return (float(match.group(1)) * 25.4 / 72, float(match.group(2)) * 25.4 / 72)


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def first_line(pdf: Path, page: int) -> str:
    lines = [ln.strip() for ln in page_text(pdf, page).splitlines() if ln.strip()]
    return lines[0] if lines else ""


def page_pixels(pdf: Path, page: int, dpi: int = 100) -> bytes:
    """The page rendered by poppler (pdftoppm) as an 8-bit grey PGM: its header gives the size,
    the rest is one byte a pixel, so equal bytes are equal pixels."""
    return subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
