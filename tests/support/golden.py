"""When the golden files are rewritten: on purpose only.

``DOCGEN_UPDATE_GOLDEN=1`` rewrites them (and the tests pass); unset or empty, they are
compared. Any other value fails, "0" and "false" included, rather than silently rewriting
them; and under ``CI=true`` even 1 fails: CI compares, it never rewrites. How to regenerate
and review a change: README.md, "Golden files".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.tools import under_ci

SWITCH = "DOCGEN_UPDATE_GOLDEN"


def update_golden() -> bool:
    """Whether this run rewrites the golden files (failing the test on a wrong switch)."""
    value = os.environ.get(SWITCH, "")
    if value == "":
        return False
    if value != "1":
        pytest.fail(
            f"{SWITCH}={value!r}: only {SWITCH}=1 rewrites the golden files; unset it to "
            "compare with them",
            pytrace=False,
        )
    if under_ci():
        pytest.fail(
            f"{SWITCH}=1 under CI=true: CI compares with the golden files, it never rewrites them",
            pytrace=False,
        )
    return True


def write_if_updating(golden: Path, actual: str) -> None:
    """Write ``actual`` as the golden file when this run rewrites them; the test then compares
    as always (and passes)."""
    if update_golden():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with {SWITCH}=1"
