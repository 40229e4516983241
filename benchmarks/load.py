"""Benchmark: docgen's YAML loader (libyaml composer + located values) against PyYAML's C
loader (``yaml.CSafeLoader``, libyaml: what a user who wants speed picks) on the same
nominee-sized file. Without libyaml (docgen then composes in pure Python too), PyYAML's
pure-Python loader stands in, with a note saying so: that ratio is not the one to quote.

    python benchmarks/load.py [--records 10000]

Last line: ``speedup=<x> docgen_records_per_s=<y> <baseline>_records_per_s=<z>``, where the
baseline is ``pyyaml_c`` (or ``pyyaml_pure`` without libyaml) and the speedup is the
baseline's time over docgen's (below 1: docgen is slower).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

from docgen.data.loader import load_yaml


def make_file(path: Path, records: int) -> None:
    lines = ["nominees:"]
    for i in range(records):
        lines += [
            f"  - id: n{i:05d}",
            f"    full_name: Nguyễn Văn Thành {i}",
            "    gender: nam",
            "    position: Giảng viên chính",
            f"    unit: Khoa Lý luận cơ sở, Trường Chính trị tỉnh số {i % 34}",
            "    achievement: Hoàn thành xuất sắc nhiệm vụ năm học; có sáng kiến được công nhận.",
            "    award: bang-khen-giam-doc",
            "    kind: individual",
            "    proposed_on: 2024-11-05",
            f"    order: {i}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def best_of(runs: int, func: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    loader = getattr(yaml, "CSafeLoader", None)
    baseline = "pyyaml_c"
    if loader is None:
        loader, baseline = yaml.SafeLoader, "pyyaml_pure"
        print(
            "note: this PyYAML is built without libyaml (no yaml.CSafeLoader), so the baseline "
            "is its pure-Python loader, which no user wanting speed would pick; install libyaml "
            "(apt-get install libyaml-dev, then reinstall PyYAML) for the real comparison",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nominees.yaml"
        make_file(path, args.records)
        text = path.read_text(encoding="utf-8")

        def ours() -> None:
            _, problems = load_yaml(path)
            assert not problems

        def theirs() -> None:
            yaml.load(text, Loader=loader)

        t_ours = best_of(args.runs, ours)
        t_base = best_of(args.runs, theirs)
    print(f"records={args.records} docgen_s={t_ours:.3f} {baseline}_s={t_base:.3f}")
    print(
        f"speedup={t_base / t_ours:.2f} docgen_records_per_s={args.records / t_ours:.0f} "
        f"{baseline}_records_per_s={args.records / t_base:.0f}"
    )


if __name__ == "__main__":
    main()
