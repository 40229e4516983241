"""Benchmark: `docgen check` on the example plans against merely opening them with python-docx.

    python benchmarks/check.py [--runs 30]

Builds the example workspace into a temporary folder, then times check_docx on the 5-page
launching plan (Party) and the 2-page State plan. Last line:
``check_ms=<median> pages=<n> baseline_parse_ms=<median> ratio=<check/baseline>``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from docx import Document

from docgen.api import build
from docgen.checker import check_docx

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"ke-hoach-1247-KH-HVCTQG.docx": 5, "ke-hoach-van-hoa-cong-so-SNV.docx": 2}


def median_ms(runs: int, func: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        report = build(ROOT, out / "docs", register=str(out / "register.sqlite"))
        assert not report.failed
        result = (0.0, 0.0, 0)
        for name, pages in PAGES.items():
            path = out / "docs" / name
            check_docx(path)  # warm the rules cache
            check = median_ms(args.runs, lambda p=path: check_docx(p))
            parse = median_ms(args.runs, lambda p=path: Document(str(p)))
            print(f"{name}: pages={pages} check_ms={check:.1f} baseline_parse_ms={parse:.1f}")
            if pages > result[2]:
                result = (check, parse, pages)
    check, parse, pages = result
    print(
        f"check_ms={check:.1f} pages={pages} baseline_parse_ms={parse:.1f} "
        f"ratio={check / parse:.2f}"
    )


if __name__ == "__main__":
    main()
