"""A generated workspace for whole-command benchmarks: the example workspace (data/ and
templates/ of this repository) with the 2024 proposals replaced by N individuals spread over
the four proposing schools, so the 2024 award decision awards N people.

    python benchmarks/workspace_gen.py N DIR
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hằng", "Khánh", "Lan", "Minh"]
UNITS = [
    "Khoa Xây dựng Đảng",
    "Khoa Lý luận cơ sở",
    "Khoa Dân vận",
    "Khoa Nhà nước và pháp luật",
    "Phòng Đào tạo",
    "Phòng Tổ chức - Hành chính",
]
POSITIONS = ["Giảng viên", "Giảng viên chính", "Chuyên viên", "Phó Trưởng khoa", "Trưởng khoa"]


def as_installed() -> None:
    """Let the timed commands use compiled modules, as an installed docgen does (pip compiles
    them when it installs): a machine that sets PYTHONDONTWRITEBYTECODE would otherwise have
    every timed process compile docgen's own modules again (0.1-0.2 s of each run here)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _proposal(school: str, people: range, header: str) -> str:
    lines = [header.rstrip(), "", "individuals:"]
    for i in people:
        name = (
            f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 10) % len(MIDDLE)]} "
            f"{GIVEN[(i // 80) % len(GIVEN)]} {i}"
        )
        lines += [
            f"  - name: {name}",
            f"    gender: {'nữ' if i % 2 else 'nam'}",
            f"    position: {POSITIONS[i % len(POSITIONS)]}",
            f"    unit: {UNITS[i % len(UNITS)]}",
            f"    rank: {i % 5 + 1}",
            "    achievement: >-",
            "      Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024; có sáng kiến được công nhận.",
        ]
    return "\n".join(lines) + "\n"


def every_member_voted_for(root: Path) -> None:
    """The council's minutes name a few stock nominees whose votes differ; generated
    proposals have other names, so every member present votes for everyone."""
    minutes = root / "data" / "documents" / "bien-ban-hoi-dong-2024.yaml"
    text = minutes.read_text(encoding="utf-8")
    minutes.write_text(re.sub(r"  exceptions:\n(    - .*\n)+", "", text), encoding="utf-8")


def make_workspace(n: int, target: Path) -> Path:
    """Copy the examples to ``target`` and make the 2024 proposals hold ``n`` individuals."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "templates", target / "templates")
    # its register, as docgen register init makes it (nothing creates one silently)
    from docgen.register import open_register

    open_register(target / "register.sqlite", create=True)
    every_member_voted_for(target)
    # the nominees' details for achievement reports belong to the proposals replaced here
    shutil.rmtree(target / "data" / "achievements", ignore_errors=True)
    proposals = sorted(
        p for p in (target / "data" / "proposals" / "2024").glob("*.yaml") if "ubnd" not in p.name
    )
    share = -(-n // len(proposals))
    for k, path in enumerate(proposals):
        text = path.read_text(encoding="utf-8")
        header = text.split("\ncollectives:")[0].split("\nindividuals:")[0]
        people = range(k * share, min(n, (k + 1) * share))
        path.write_text(_proposal(path.stem, people, header), encoding="utf-8")
    return target


if __name__ == "__main__":
    make_workspace(int(sys.argv[1]), Path(sys.argv[2]))
