"""The programs some tests need: LibreOffice, poppler's tools, chromium, a PostgreSQL server.

On a developer's machine a test whose program is missing is skipped. In CI (``CI=true``) or
with ``DOCGEN_TEST_REQUIRED=1`` every such test must run: a missing program fails the test
with its name and the Debian package that provides it, never a quiet skip.
``DOCGEN_TEST_PG_REQUIRED=1``, the switch that once held for PostgreSQL alone, is the same
switch.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM = "/usr/bin/chromium"  # Debian's, never a browser downloaded by pip

# program → what it is, for the message, and the Debian package that installs it
_PROGRAMS = {
    "soffice": ("soffice (LibreOffice)", "libreoffice-writer-nogui"),
    "pdfinfo": ("pdfinfo", "poppler-utils"),
    "pdftotext": ("pdftotext", "poppler-utils"),
    "pdftoppm": ("pdftoppm", "poppler-utils"),
    "pdfsig": ("pdfsig", "poppler-utils"),
    "calc": ("LibreOffice Calc", "libreoffice-calc-nogui"),
    "chromium": (f"chromium ({CHROMIUM})", "chromium"),
}


def under_ci() -> bool:
    """Whether this run is CI's (CI=true, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


def tests_required() -> bool:
    """Whether every test must run: CI, or DOCGEN_TEST_REQUIRED=1 (DOCGEN_TEST_PG_REQUIRED=1,
    its older name)."""
    return (
        under_ci()
        or os.environ.get("DOCGEN_TEST_REQUIRED") == "1"
        or os.environ.get("DOCGEN_TEST_PG_REQUIRED") == "1"
    )


def missing(what: str) -> NoReturn:
    """Skip the test for want of ``what``; fail it, naming ``what``, where tests must run."""
    if tests_required():
        pytest.fail(
            f"missing: {what}; every test must run here (CI=true or DOCGEN_TEST_REQUIRED=1): "
            "install it, or unset the switch to let such tests skip",
            pytrace=False,
        )
    pytest.skip(f"missing: {what}")


def _found(program: str) -> bool:
    if program in ("soffice", "calc"):
        from docgen.documents.pdf import find_soffice

        soffice = find_soffice()
        if soffice is None or program == "soffice":
            return soffice is not None
        # Calc is a library beside soffice (what .ci/run looks for too)
        return (Path(soffice).resolve().parent / "libsclo.so").exists()
    if program == "chromium":
        return Path(CHROMIUM).exists()
    return shutil.which(program) is not None


def require(*programs: str) -> None:
    """Go on only when every one of ``programs`` (keys of _PROGRAMS: "soffice" is LibreOffice
    as docgen finds it, "calc" its spreadsheet) is installed; else skip, or fail where tests
    must run."""
    absent = [p for p in programs if not _found(p)]
    if absent:
        names = ", ".join(_PROGRAMS[p][0] for p in absent)
        packages = " ".join(dict.fromkeys(_PROGRAMS[p][1] for p in absent))
        missing(f"{names} — apt-get install {packages}")
