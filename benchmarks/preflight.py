"""Benchmark: `docgen build` of the examples with the template preflight against without it.

    python benchmarks/preflight.py [--runs 3]

Every rendering first checks its template's values and tags (template_check.py). This builds
the example workspace with the preflight and, as the baseline in the same run, with the
preflight switched off, each into a fresh folder and register. Last line:
``build_s=<median> baseline_s=<median> documents=<n> ratio=<build/baseline>``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import docgen.api
from docgen.api import build

ROOT = Path(__file__).resolve().parent.parent


def one_build() -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        report = build(ROOT, out / "docs", register=str(out / "register.sqlite"))
        seconds = time.perf_counter() - started
        assert not report.failed, [d.error for d in report.failed]
        return seconds, len(report.documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    one_build()  # warm imports and caches
    checked, baseline = [], []
    real = docgen.api.check_template

    def skip(*_args: Any) -> None:
        return None

    count = 0
    for _ in range(args.runs):
        docgen.api.check_template = real
        seconds, count = one_build()
        checked.append(seconds)
        docgen.api.check_template = skip  # type: ignore[assignment]
        baseline.append(one_build()[0])
    docgen.api.check_template = real
    build_s, base_s = statistics.median(checked), statistics.median(baseline)
    print(
        f"build_s={build_s:.2f} baseline_s={base_s:.2f} documents={count} "
        f"ratio={build_s / base_s:.3f}"
    )


if __name__ == "__main__":
    main()
