"""A workspace whose award decision lists N generated individuals over all the schools: for the
long-list tests and benchmarks/award_decision.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
DECISION = "quyet-dinh-khen-thuong-2024"
KEPT_SPECS = (DECISION, "ke-hoach-1247-phat-dong", "ke-hoach-2024")
AWARD = "bang-khen-giam-doc-hv"

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh",
)  # fmt: skip
MIDDLE = (
    "Văn", "Thị", "Minh", "Hồng", "Xuân", "Thu", "Đức", "Quang", "Ngọc", "Kim", "Thanh", "Hữu",
    "Công", "Bảo", "Anh",
)  # fmt: skip
GIVEN = (
    "An", "Anh", "Ánh", "Bình", "Bích", "Cường", "Chi", "Dũng", "Dương", "Đạt", "Đức", "Giang",
    "Hà", "Hải", "Hằng", "Hiền", "Hòa", "Hùng", "Huyền", "Khánh", "Khoa", "Lan", "Linh", "Long",
    "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
    "Tuấn", "Uyên", "Vân", "Việt", "Yến",
)  # fmt: skip
POSITIONS = (
    ("Giảng viên", "Khoa Lý luận cơ sở"),
    ("Giảng viên chính", "Khoa Xây dựng Đảng"),
    ("Trưởng khoa", "Khoa Nhà nước và pháp luật"),
    ("Chuyên viên", "Phòng Tổ chức - Hành chính"),
    ("Phó Trưởng phòng", "Phòng Đào tạo"),
    ("Chuyên viên chính", "Phòng Quản lý khoa học"),
)
ACHIEVEMENT = (
    "Hoàn thành xuất sắc nhiệm vụ giảng dạy năm học 2023-2024; có sáng kiến đổi mới phương "
    "pháp giảng dạy được Hội đồng khoa học nhà trường công nhận."
)


def school_ids() -> list[str]:
    data = yaml.safe_load((ROOT / "data" / "schools.yaml").read_text(encoding="utf-8"))
    return list(data["schools"])


def individual_names(n: int) -> list[str]:
    """N different names, in no particular order (a stride through all the combinations)."""
    combos = len(FAMILY) * len(MIDDLE) * len(GIVEN)
    assert n <= combos, f"at most {combos} different names"
    stride = 7919  # a prime not dividing the number of combinations: visits each once
    names = []
    for i in range(n):
        k = (i * stride) % combos
        given, rest = GIVEN[k % len(GIVEN)], k // len(GIVEN)
        middle, family = MIDDLE[rest % len(MIDDLE)], FAMILY[rest // len(MIDDLE)]
        names.append(f"{family} {middle} {given}")
    return names


def proposal_yaml(school: str, names: list[str], first: int) -> str:
    lines = [
        "campaign: xd-truong-chuan",
        "year: 2024",
        f"school: {school}",
        "date: 2024-10-28",
        f"award: {AWARD}",
        "collectives:",
        "  - name: Khoa Xây dựng Đảng",
        f"    achievement: {ACHIEVEMENT}",
        "individuals:",
    ]
    for i, name in enumerate(names, first):
        position, unit = POSITIONS[i % len(POSITIONS)]
        lines += [
            f"  - name: {name}",
            f"    gender: {'nữ' if i % 2 else 'nam'}",
            f"    position: {position}",
            f"    unit: {unit}",
            f"    rank: {1 + i % 3}",
            f"    achievement: {ACHIEVEMENT}",
        ]
    return "\n".join(lines) + "\n"


def make_decision_workspace(path: Path, n: int | None) -> Path:
    """A workspace building the decision and the plans it cites; ``n`` individuals over all
    schools, or the stock proposals when ``n`` is None."""
    shutil.copytree(ROOT / "data", path / "data")
    shutil.copytree(ROOT / "templates", path / "templates")
    for spec in (path / "data" / "documents").glob("*.yaml"):
        if spec.stem not in KEPT_SPECS:
            spec.unlink()
    # the list's size is what is measured, not the council's vote: the decision follows no
    # minutes here (the example minutes vote on the stock proposals' names)
    decision = path / "data" / "documents" / f"{DECISION}.yaml"
    text = decision.read_text(encoding="utf-8")
    for line in (
        "minutes: bien-ban-hoi-dong-2024\n",
        "  - cite: bien-ban-hoi-dong-2024\n    by: Hội đồng Thi đua - Khen thưởng Học viện\n",
    ):
        assert line in text, line
        text = text.replace(line, "")
    decision.write_text(text, encoding="utf-8")
    if n is None:
        return path
    proposals = path / "data" / "proposals"
    shutil.rmtree(proposals)
    # the nominees' details belong to the proposals replaced here
    shutil.rmtree(path / "data" / "achievements", ignore_errors=True)
    (proposals / "2024").mkdir(parents=True)
    schools = school_ids()
    names = individual_names(n)
    per = -(-n // len(schools))
    for s, school in enumerate(schools):
        chunk = names[s * per : (s + 1) * per]
        text = proposal_yaml(school, chunk, s * per)
        (proposals / "2024" / f"{school}.yaml").write_text(text, encoding="utf-8")
    return path
