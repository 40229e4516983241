"""Benchmark: the whole ``docgen validate`` command on a workspace of 5,000 and 50,000 nominees,
against plain ``yaml.load(CSafeLoader)`` of the same files (and nothing else) in the same run.

    python benchmarks/validate.py [--runs 3] [--keep DIR]

Both sides are fresh processes (interpreter start and imports included), best of ``--runs``
wall time, with that run's CPU time (user + system), which a loaded machine disturbs less.
docgen is timed twice: on a first run (its cache of parsed files, .docgen-cache/yaml, emptied
before each run) and on the runs a clerk makes next, with the same files (the cache filled).
The nominees are spread over ten schools' proposals, 3 % of them with a birth date.
Last line (the 50,000 case): ``validate_50k_s=<next runs> validate_50k_first_s=<first run>
validate_5k_s=<next runs> ratio_vs_csafe=<next runs> first_ratio_vs_csafe=<first run>``.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workspace_gen import as_installed, every_member_voted_for

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ["hue", "lao-cai", "can-tho", "da-nang", "nghe-an", "ha-noi", "hai-phong", "son-la"]
SCHOOLS += ["gia-lai", "khanh-hoa"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hồng", "Ngọc", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hằng", "Khánh", "Lan", "Thảo"]
UNITS = ["Khoa Dân vận", "Khoa Xây dựng Đảng", "Khoa Lý luận cơ sở", "Phòng Quản lý khoa học"]
POSITIONS = ["Giảng viên", "Giảng viên chính", "Trưởng khoa", "Phó Trưởng phòng"]
ACHIEVEMENTS = [
    "Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024; giảng dạy đạt loại giỏi cấp trường.",
    "Có sáng kiến đổi mới phương pháp giảng dạy được Hội đồng khoa học nhà trường công nhận; "
    "02 năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở.",
    "Tích cực đi thực tế cơ sở, viết bài nghiên cứu đăng trên tạp chí chuyên ngành.",
]


def make_workspace(root: Path, nominees: int) -> list[Path]:
    """A copy of the example workspace whose 2024 proposals hold ``nominees`` individuals.

    Returns every YAML file under data/ (what the baseline loads)."""
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "templates", root / "templates")
    # its register, as docgen register init makes it (nothing creates one silently)
    from docgen.register import open_register

    open_register(root / "register.sqlite", create=True)
    every_member_voted_for(root)
    # the nominees' details for achievement reports belong to the proposals replaced here
    shutil.rmtree(root / "data" / "achievements", ignore_errors=True)
    proposals = root / "data" / "proposals" / "2024"
    shutil.rmtree(proposals)
    proposals.mkdir()
    per_school = -(-nominees // len(SCHOOLS))
    for s, school in enumerate(SCHOOLS):
        lines = [
            "campaign: xd-truong-chuan",
            "year: 2024",
            f"school: {school}",
            "date: 2024-11-01",
            "award: bang-khen-giam-doc-hv",
            "individuals:",
        ]
        for i in range(s * per_school, min(nominees, (s + 1) * per_school)):
            name = f"{FAMILY[i % 11]} {MIDDLE[i // 11 % 9]} {GIVEN[i // 99 % 11]} {i // 1089 or ''}"
            lines += [
                f"  - name: {name.strip()}",
                f"    gender: {'nữ' if i % 9 == 1 else 'nam'}",
                f"    position: {POSITIONS[i % 4]}",
                f"    unit: {UNITS[i // 7 % 4]}",
                f"    rank: {i % 5 + 1}",
            ]
            if i % 33 == 0:
                lines.append(f"    birth_date: {1970 + i % 30}-0{i % 9 + 1}-1{i % 10}")
            lines += ["    achievement: >-", f"      {ACHIEVEMENTS[i % 3]}"]
        (proposals / f"{school}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted((root / "data").rglob("*.yaml"))


def docgen_validate(root: Path, first: bool = False) -> None:
    if first:
        shutil.rmtree(root / ".docgen-cache" / "yaml", ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "--lang", "en", "-C", str(root), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.startswith("data OK"):
        raise SystemExit(f"docgen validate failed:\n{result.stdout}{result.stderr}")


def csafe_load(files: list[Path]) -> None:
    script = (
        "import sys, yaml\n"
        "for name in sys.argv[1:]:\n"
        "    with open(name, encoding='utf-8') as f:\n"
        "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
    )
    subprocess.run([sys.executable, "-c", script, *map(str, files)], check=True)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(runs: int, func: object, *args: object) -> tuple[float, float]:
    """The best wall time of ``runs``, and the CPU time of that run's process."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        cpu = children_cpu()
        started = time.perf_counter()
        func(*args)  # type: ignore[operator]
        best = min(best, (time.perf_counter() - started, children_cpu() - cpu))
    return best


def main() -> None:
    as_installed()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="also write the 50,000 workspace here")
    args = parser.parse_args()
    results: dict[int, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (5_000, 50_000):
            root = Path(tmp) / f"ws-{n}"
            files = make_workspace(root, n)
            t_first, cpu_first = best_of(args.runs, docgen_validate, root, True)
            docgen_validate(root)  # fills the cache for the runs that follow
            t_docgen, cpu_docgen = best_of(args.runs, docgen_validate, root)
            t_csafe, cpu_csafe = best_of(args.runs, csafe_load, files)
            results[n] = (t_docgen, t_first, t_csafe)
            print(
                f"nominees={n} docgen_validate_s={t_docgen:.3f} (cpu {cpu_docgen:.3f}) "
                f"first_run_s={t_first:.3f} (cpu {cpu_first:.3f}) "
                f"csafe_load_s={t_csafe:.3f} (cpu {cpu_csafe:.3f}) ratio={t_docgen / t_csafe:.2f}"
            )
        if args.keep is not None:
            make_workspace(args.keep, 50_000)
    (big, big_first, big_csafe), (small, _, _) = results[50_000], results[5_000]
    print(
        f"validate_50k_s={big:.3f} validate_50k_first_s={big_first:.3f} "
        f"validate_5k_s={small:.3f} ratio_vs_csafe={big / big_csafe:.2f} "
        f"first_ratio_vs_csafe={big_first / big_csafe:.2f}"
    )


if __name__ == "__main__":
    main()
