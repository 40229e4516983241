"""PDF conversion with LibreOffice (headless): the real client every output must open in."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import ConversionError

_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)


def find_soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    override = os.environ.get("DOCGEN_SOFFICE")
    if override:
        return override
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_pdf(sources: Sequence[Path], out_dir: Path, *, timeout: float = 300) -> list[Path]:
    """Convert every file with ONE LibreOffice start; returns the PDFs in the order given.

    LibreOffice runs with a throwaway profile so that a clerk's open LibreOffice window (or a
    stale lock) never blocks the conversion.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(
            "LibreOffice is not installed (no soffice found)",
            code="PDF-NO-SOFFICE",
            hint="install it: sudo apt-get install libreoffice-writer-nogui",
        )
    if not sources:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as profile:
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *[str(s) for s in sources],
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"LibreOffice did not finish within {timeout:.0f} s", code="PDF-TIMEOUT"
            ) from exc
    results = [out_dir / (s.stem + ".pdf") for s in sources]
    missing = [r for r in results if not r.exists()]
    if missing or done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
        raise ConversionError(
            f"LibreOffice could not convert {', '.join(m.name for m in missing) or 'the files'}"
            f" (exit {done.returncode}: {detail[0]})",
            code="PDF-FAILED",
        )
    return results
