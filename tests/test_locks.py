"""The locks in requirements/ are current with pyproject.toml, hold every requirement with its
hashes, and agree with each other; tools/locks.py reads and stamps them."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from locks import DIGEST_PREFIX, normalize, pinned_block, pins, problems, stamp

DEMO = ROOT / "requirements" / "demo.lock"
TEST = ROOT / "requirements" / "test.lock"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def names(requirements: list[str]) -> set[str]:
    """The projects that requirement strings name, docgen's own extras left out."""
    found = {normalize(re.split(r"[^A-Za-z0-9._-]", r, maxsplit=1)[0]) for r in requirements}
    return found - {"docgen"}


def test_locks_are_current() -> None:
    assert problems([DEMO, TEST]) == [], "run: make lock"


@pytest.mark.parametrize(
    ("lock", "extras"), [(DEMO, ["web"]), (TEST, ["web", "test", "postgres"])], ids=["demo", "test"]
)
def test_every_requirement_is_pinned(lock: Path, extras: list[str]) -> None:
    wanted = names(PROJECT["dependencies"])
    for extra in extras:
        wanted |= names(PROJECT["optional-dependencies"][extra])
    wanted |= {"pip", "setuptools"}  # requirements/build.in
    assert wanted - set(pins(lock)) == set()


def test_demo_takes_the_test_lock_versions() -> None:
    """make test installs test.lock over make demo's venv: nothing of demo.lock changes."""
    demo, test = pins(DEMO), pins(TEST)
    assert {name: versions for name, versions in demo.items() if test.get(name) != versions} == {}


def test_every_pin_has_hashes() -> None:
    for lock in (DEMO, TEST):
        for name in pins(lock):
            block = pinned_block(lock, name)
            assert "--hash=sha256:" in block, (lock, name)


def test_pinned_block_is_one_requirement() -> None:
    block = pinned_block(TEST, "pip")
    first, *hashes = block.splitlines()
    assert re.fullmatch(r"pip==[0-9.]+ \\", first)
    assert hashes and all(re.fullmatch(r" +--hash=sha256:[0-9a-f]{64}( \\)?", h) for h in hashes)
    assert not block.rstrip().endswith("\\")
    with pytest.raises(LookupError):
        pinned_block(TEST, "no-such-project")


def test_a_lock_from_other_requirements_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "demo.lock"
    text = DEMO.read_text("utf-8")
    lock.write_text(re.sub(rf"{DIGEST_PREFIX} \w+", f"{DIGEST_PREFIX} 0000", text), "utf-8")
    assert [p for p in problems([lock]) if "make lock" in p]
    stamp(lock)
    assert problems([lock]) == []
    assert lock.read_text("utf-8") == text


def test_a_lock_without_a_digest_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "demo.lock"
    lock.write_text(
        "".join(
            line
            for line in DEMO.read_text("utf-8").splitlines(keepends=True)
            if not line.startswith(DIGEST_PREFIX)
        ),
        "utf-8",
    )
    assert problems([lock])
