"""The lock files in requirements/: is each one current with pyproject.toml, and what differs.

The Makefile installs from the locks with ``pip --require-hashes --no-deps``, so pip never checks
a lock against pyproject.toml: a requirement added there and not locked would simply be missing.
``make lock`` therefore writes into each lock a digest of the requirements it was made from
(``stamp``), and every install first compares it with pyproject.toml's (``check``). ``drift``
lists where the running environment (``make latest``'s) differs from a lock.

    python tools/locks.py stamp|check LOCK...
    python tools/locks.py drift LOCK
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
# What installs docgen rather than what it imports: pip and the [build-system] requires
BUILD_IN = ROOT / "requirements" / "build.in"
DIGEST_PREFIX = "# requirements digest:"
# pip and setuptools build and install; `make latest` does not lock them, so no drift to show
NOT_DRIFT = {"pip", "setuptools"}


def normalize(name: str) -> str:
    """PEP 503's form of a project name: ``PyYAML`` and ``pyyaml`` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_lines(path: Path) -> list[str]:
    """The requirement lines of a ``.in`` file, comments and blank lines left out."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def inputs_digest() -> str:
    """A digest of everything the locks are resolved from, and of nothing else in pyproject.toml
    (a change to ruff's settings leaves the locks current)."""
    data = tomllib.loads(PYPROJECT.read_text("utf-8"))
    project = data["project"]
    inputs = {
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
        "build-system": data.get("build-system", {}).get("requires", []),
        "build.in": requirement_lines(BUILD_IN),
    }
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stamp(lock: Path) -> None:
    """Write the digest line into ``lock``, after the header uv writes."""
    lines = [
        line for line in lock.read_text("utf-8").splitlines() if not line.startswith(DIGEST_PREFIX)
    ]
    header = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    lines.insert(header, f"{DIGEST_PREFIX} {inputs_digest()} (tools/locks.py)")
    lock.write_text("\n".join(lines) + "\n", "utf-8")


def problems(locks: list[Path]) -> list[str]:
    """Why ``locks`` cannot be installed as docgen's requirements now; empty when they can."""
    found = []
    build_requires = tomllib.loads(PYPROJECT.read_text("utf-8"))["build-system"]["requires"]
    listed = {line.replace(" ", "") for line in requirement_lines(BUILD_IN)}
    for requirement in build_requires:
        if requirement.replace(" ", "") not in listed:
            found.append(
                f"{BUILD_IN.relative_to(ROOT)} lacks pyproject.toml's build requirement "
                f"{requirement!r}: copy it there, then `make lock`"
            )
    for lock in locks:
        digests = [
            line.removeprefix(DIGEST_PREFIX).split()[0]
            for line in lock.read_text("utf-8").splitlines()
            if line.startswith(DIGEST_PREFIX)
        ]
        if digests != [inputs_digest()]:
            found.append(
                f"{lock} was not made from pyproject.toml's requirements as they are now: "
                "run `make lock` and commit the locks"
            )
    return found


def pins(lock: Path) -> dict[str, set[str]]:
    """Each project of ``lock`` with its pinned versions (more than one where markers split the
    resolution, e.g. numpy by Python version)."""
    found: dict[str, set[str]] = {}
    for line in lock.read_text("utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", line)
        if match:
            found.setdefault(normalize(match[1]), set()).add(match[2])
    return found


def pinned_block(lock: Path, name: str) -> str:
    """The lines of ``lock`` that pin ``name``, its hashes with it: a requirements file of one."""
    block: list[str] = []
    for line in lock.read_text("utf-8").splitlines():
        if block:
            if not line.startswith(" ") or line.lstrip().startswith("#"):
                break
            block.append(line)
        elif re.match(rf"{re.escape(name)}==", line, re.IGNORECASE):
            block.append(line)
    if not block:
        raise LookupError(f"{lock} pins no {name}")
    return "\n".join(block).rstrip(" \\") + "\n"


def drift(lock: Path) -> list[str]:
    """Where the running environment differs from ``lock``: newer, older or unlocked projects."""
    locked = pins(lock)
    lines = []
    for dist in sorted(metadata.distributions(), key=lambda d: normalize(d.metadata["Name"])):
        name = normalize(dist.metadata["Name"] or "")
        if name in NOT_DRIFT or name == "docgen":
            continue
        if name not in locked:
            lines.append(f"{name} {dist.version}: not in {lock}")
        elif dist.version not in locked[name]:
            lines.append(f"{name} {dist.version}: {lock} has {', '.join(sorted(locked[name]))}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"stamp", "check", "drift"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, locks = argv[0], [Path(arg) for arg in argv[1:]]
    if command == "stamp":
        for lock in locks:
            stamp(lock)
        return 0
    if command == "check":
        found = problems(locks)
        for problem in found:
            print(f"error: {problem}", file=sys.stderr)
        return 1 if found else 0
    lines = drift(locks[0])
    print(f"{len(lines)} differences from {locks[0]}:" if lines else f"as in {locks[0]}")
    for line in lines:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
