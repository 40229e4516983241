"""Benchmark: `docgen check` (the whole process) on each hostile .docx, against checking a real
document in the same run.

    python benchmarks/hostile_check.py [--runs 3]

Makes each hostile file (a 2 GiB zip bomb, one whose directory lies, billion laughs, an external
entity, a truncated file, not a zip, an empty file, a folder, 100,000 parts) in a temporary
folder, runs ``python -m docgen check FILE`` in a fresh process each time, and prints its exit
status, wall time and peak RSS (best of ``--runs``). The targets are 2 s and 300 MB a case.
Last line: ``max_seconds=<x> max_rss_mb=<y> baseline_seconds=<b> ratio=<x/b>``, the baseline
being `docgen check` on templates/party/plan.docx, the Party plan template (a real
document; it has format findings, so its exit status is 1).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the hostile files are made by the tests' own helpers

from tests.support.hostile_zip import (  # noqa: E402
    GiB,
    deflated,
    docx_members,
    lying,
    write_zip,
    zeros,
)

BASELINE = ROOT / "templates" / "party" / "plan.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'.encode()
    + b"</w:body></w:document>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + f'<w:styles xmlns:w="{W}"><w:style w:styleId="&x;"/></w:styles>'.encode()
)

# Measured in a process of its own, so the peak is that of `docgen check` alone.
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
seconds = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps({"code": done.returncode, "seconds": seconds, "rss_mb": peak_kib / 1024,
                  "stderr": done.stderr}))
"""


def cases(folder: Path) -> dict[str, Callable[[], Path]]:
    bomb = zeros("word/document.xml", 2 * GiB)
    many = [deflated(f"customXml/item{i}.xml", b"") for i in range(100_000)]
    head = docx_members()[:1]

    def write(name: str, data: bytes) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    def truncated() -> Path:
        good = write_zip(folder / "good.docx", docx_members()).read_bytes()
        return write("truncated.docx", good[: len(good) // 2])

    def directory() -> Path:
        (folder / "folder.docx").mkdir()
        return folder / "folder.docx"

    return {
        "zip bomb (2 GiB)": lambda: write_zip(folder / "bomb.docx", [*head, bomb]),
        "zip bomb, size lied": lambda: write_zip(folder / "liar.docx", [*head, lying(bomb, 1000)]),
        "zip bomb, size and crc lied": lambda: write_zip(
            folder / "liar2.docx", [*head, lying(bomb, 1000, crc=zlib.crc32(bytes(1000)))]
        ),
        "billion laughs": lambda: write_zip(folder / "lol.docx", docx_members(LAUGHS)),
        "external entity": lambda: write_zip(
            folder / "xxe.docx", docx_members(extra={"word/styles.xml": XXE})
        ),
        "truncated": truncated,
        "not a zip": lambda: write("text.docx", "Kính gửi".encode()),
        "empty": lambda: write("empty.docx", b""),
        "a folder": directory,
        "100,000 parts": lambda: write_zip(folder / "many.docx", [*docx_members(), *many]),
        "100,000 parts, 3 stated": lambda: write_zip(
            folder / "many3.docx", [*docx_members(), *many], stated_count=3
        ),
    }


def measure(path: Path, runs: int) -> dict[str, object]:
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "docgen", "check", str(path)]
    best: dict[str, object] | None = None
    for _ in range(runs):
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        result: dict[str, object] = json.loads(done.stdout)
        if best is None or float(str(result["seconds"])) < float(str(best["seconds"])):
            best = result
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    worst_seconds = worst_rss = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        baseline = measure(BASELINE, args.runs)
        print(
            f"{'baseline: party/plan.docx':30} exit={baseline['code']} "
            f"seconds={float(str(baseline['seconds'])):.2f} "
            f"rss_mb={float(str(baseline['rss_mb'])):.0f}"
        )
        for name, make in cases(Path(tmp)).items():
            result = measure(make(), args.runs)
            seconds, rss = float(str(result["seconds"])), float(str(result["rss_mb"]))
            worst_seconds, worst_rss = max(worst_seconds, seconds), max(worst_rss, rss)
            clean = result["code"] == 2 and "Traceback" not in str(result["stderr"])
            print(
                f"{name:30} exit={result['code']} seconds={seconds:.2f} rss_mb={rss:.0f}"
                + ("" if clean else f"  UNEXPECTED: {str(result['stderr'])[-300:]}")
            )
    base = float(str(baseline["seconds"]))
    print(
        f"max_seconds={worst_seconds:.2f} max_rss_mb={worst_rss:.0f} "
        f"baseline_seconds={base:.2f} ratio={worst_seconds / base:.2f}"
    )


if __name__ == "__main__":
    main()
