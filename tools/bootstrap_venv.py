"""Create .venv even where Debian's python3 lacks ensurepip (no python3-venv package), with the
pip a lock names when one is given.

``python3 -m venv`` needs ensurepip; on a bare Debian python3 it is missing. Then we create the
venv without pip and install pip from its wheel on PyPI (the only network the project uses).
Given a lock (``make demo``: requirements/demo.lock), the venv gets that lock's pip, checked
against the lock's hashes either way; without one (``make latest``), the newest pip.

    python tools/bootstrap_venv.py VENV [LOCK]
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

from locks import pinned_block

PYPI_PIP = "https://pypi.org/pypi/pip/json"
PYPI_SIMPLE_PIP = "https://pypi.org/simple/pip/"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    lock = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    python = target / "bin" / "python"
    # no lock yet: the first `make lock` of a new project
    pip_pin = pinned_block(lock, "pip") if lock and lock.exists() else None
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        venv.create(target, with_pip=False, clear=True)
        install_pip_wheel(python, pip_pin)
        return
    venv.create(target, with_pip=True, clear=True)
    if pip_pin:
        # ensurepip's pip is the one Python shipped with: bring it to the lock's
        with tempfile.TemporaryDirectory() as tmp:
            requirement = Path(tmp) / "pip.txt"
            requirement.write_text(pip_pin, "utf-8")
            pip = [str(python), "-m", "pip", "install", "--quiet", "--require-hashes"]
            subprocess.run([*pip, "--no-deps", "-r", str(requirement)], check=True)


def install_pip_wheel(python: Path, pip_pin: str | None) -> None:
    """Install pip into a venv without one from its wheel on PyPI: the pinned version, its file
    checked against the pin's hashes, or the newest without a pin."""
    if pip_pin:
        version = re.match(r"pip==([^ ;\\]+)", pip_pin, re.IGNORECASE)
        assert version, pip_pin
        hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", pip_pin))
        # the index's JSON form (PEP 691) lists every release's files, as pip reads it
        request = urllib.request.Request(PYPI_SIMPLE_PIP, headers={"Accept": SIMPLE_JSON})
        with urllib.request.urlopen(request, timeout=60) as response:
            files, base = json.load(response)["files"], response.geturl()
        wheel = next(f for f in files if f["filename"].startswith(f"pip-{version[1]}-py3-none"))
    else:
        with urllib.request.urlopen(PYPI_PIP, timeout=60) as response:
            release, base = json.load(response), response.geturl()
        wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
        hashes = set()
    # an index may give the file's address relative to its own page
    url = urllib.parse.urljoin(base, wheel["url"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(url, timeout=120) as response:
            path.write_bytes(response.read())
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if hashes and digest not in hashes:
            sys.exit(f"{wheel['filename']}: sha256 {digest} is none of the lock's hashes for pip")
        # a pip wheel can run itself: python pip.whl/pip install pip
        subprocess.run([str(python), f"{path}/pip", "install", "--quiet", str(path)], check=True)


if __name__ == "__main__":
    main()
