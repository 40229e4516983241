"""Create .venv even where Debian's python3 lacks ensurepip (no python3-venv package).

``python3 -m venv`` needs ensurepip; on a bare Debian python3 it is missing. Then we create the
venv without pip and install pip from its wheel on PyPI (the only network the project uses).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

PYPI_PIP = "https://pypi.org/pypi/pip/json"


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    try:
        import ensurepip  # noqa: F401

        venv.create(target, with_pip=True, clear=True)
        return
    except ImportError:
        pass
    venv.create(target, with_pip=False, clear=True)
    with urllib.request.urlopen(PYPI_PIP, timeout=60) as response:
        release, base = json.load(response), response.geturl()
    wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
    # an index may give the file's address relative to its own page
    url = urllib.parse.urljoin(base, wheel["url"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(url, timeout=120) as response:
            path.write_bytes(response.read())
        python = target / "bin" / "python"
        # a pip wheel can run itself: python pip.whl/pip install pip
        subprocess.run([str(python), f"{path}/pip", "install", "--quiet", str(path)], check=True)


if __name__ == "__main__":
    main()
