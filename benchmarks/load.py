"""Benchmark: docgen's YAML loader (libyaml composer + located values) against PyYAML's
pure-Python loader on the same nominee-sized file.

    python benchmarks/load.py [--records 10000]

Last line: ``speedup=<x> docgen_records_per_s=<y> pyyaml_pure_records_per_s=<z>``.
"""

from __future__ import annotations

import argparse
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
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nominees.yaml"
        make_file(path, args.records)
        text = path.read_text(encoding="utf-8")

        def ours() -> None:
            _, problems = load_yaml(path)
            assert not problems

        def pure() -> None:
            yaml.load(text, Loader=yaml.SafeLoader)

        t_ours = best_of(args.runs, ours)
        t_pure = best_of(args.runs, pure)
    print(f"records={args.records} docgen_s={t_ours:.3f} pyyaml_pure_s={t_pure:.3f}")
    print(
        f"speedup={t_pure / t_ours:.2f} docgen_records_per_s={args.records / t_ours:.0f} "
        f"pyyaml_pure_records_per_s={args.records / t_pure:.0f}"
    )


if __name__ == "__main__":
    main()
