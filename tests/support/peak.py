"""A docgen command run as a child of a fresh process, with the peak memory it took: the
measuring process waits for that one child only, so RUSAGE_CHILDREN's largest is docgen's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_MEASURE = """
import json, resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60)
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"code": done.returncode, "stderr": done.stderr, "stdout": done.stdout,
                  "peak_mb": peak_kib / 1024, "seconds": time.monotonic() - started}))
"""


def run_docgen_measured(*args: str, cwd: Path | None = None) -> dict[str, object]:
    """``python -m docgen ARGS``: its exit code, output, peak memory (MB) and time (s). The
    messages are English (LANG=C), as in the other command-line tests."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "docgen", *args]
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": ""}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=True, cwd=cwd, env=env
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result
