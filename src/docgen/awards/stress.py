"""Generated award proposals for stress pages: a workspace whose award decision lists N
individuals over all the schools, for the long-list tests, benchmarks/award_decision.py and
the print gallery (``docgen gallery``), which also asks for the longest names a clerk meets."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from docgen.register.store import open_register

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
# The longest names a clerk meets, from the issue that asked for the gallery (issue 22, fault
# 1: a 115-character collective overprints a blank; a 134-character description overlaps the
# reason): one more collective of the first schools, and the first individual of the first
# schools with a long position and unit.
LONG_COLLECTIVES = (
    "Phòng Quản lý đào tạo và Bồi dưỡng cán bộ lãnh đạo, quản lý cấp cơ sở thuộc Trường "
    "Chính trị tỉnh Bà Rịa - Vũng Tàu",
    "Khoa Lý luận Mác - Lênin, tư tưởng Hồ Chí Minh và Nghiên cứu, tổng kết thực tiễn địa phương",
    "Trung tâm Thông tin - Thư viện và Ứng dụng công nghệ thông tin trong đào tạo, bồi dưỡng",
)
LONG_POSITIONS = (
    (
        "Phó Trưởng phòng phụ trách Phòng Quản lý đào tạo và Bồi dưỡng cán bộ lãnh đạo",
        "Phòng Quản lý đào tạo và Bồi dưỡng cán bộ lãnh đạo, quản lý cấp cơ sở",
    ),
    (
        "Giảng viên chính, Phó Trưởng khoa phụ trách Khoa Lý luận Mác - Lênin",
        "Khoa Lý luận Mác - Lênin, tư tưởng Hồ Chí Minh và Nghiên cứu, tổng kết thực tiễn",
    ),
)


def school_ids(workspace: Path) -> list[str]:
    """The schools of a workspace (data/schools.yaml), in file order."""
    path = workspace / "data" / "schools.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["schools"])


def individual_names(n: int) -> list[str]:
    """N different names, in no particular order (a stride through all the combinations)."""
    combos = len(FAMILY) * len(MIDDLE) * len(GIVEN)
    if n > combos:
        raise ValueError(f"at most {combos} different names")
    stride = 7919  # a prime not dividing the number of combinations: visits each once
    names = []
    for i in range(n):
        k = (i * stride) % combos
        given, rest = GIVEN[k % len(GIVEN)], k // len(GIVEN)
        middle, family = MIDDLE[rest % len(MIDDLE)], FAMILY[rest // len(MIDDLE)]
        names.append(f"{family} {middle} {given}")
    return names


def proposal_yaml(
    school: str,
    names: list[str],
    first: int,
    *,
    collectives: tuple[str, ...] = ("Khoa Xây dựng Đảng",),
    long_position: tuple[str, str] | None = None,
) -> str:
    """A school's proposal: ``collectives`` and the individuals ``names`` (numbered from
    ``first`` for their positions); ``long_position`` replaces the first one's."""
    lines = [
        "campaign: xd-truong-chuan",
        "year: 2024",
        f"school: {school}",
        "date: 2024-10-28",
        f"award: {AWARD}",
        "collectives:",
    ]
    for collective in collectives:
        lines += [f"  - name: {collective}", f"    achievement: {ACHIEVEMENT}"]
    lines.append("individuals:")
    for i, name in enumerate(names, first):
        position, unit = POSITIONS[i % len(POSITIONS)]
        if long_position is not None and i == first:
            position, unit = long_position
        lines += [
            f"  - name: {name}",
            f"    gender: {'nữ' if i % 2 else 'nam'}",
            f"    position: {position}",
            f"    unit: {unit}",
            f"    rank: {1 + i % 3}",
            f"    achievement: {ACHIEVEMENT}",
        ]
    return "\n".join(lines) + "\n"


def make_decision_workspace(
    source: Path, path: Path, n: int | None, *, long_names: bool = False
) -> Path:
    """A copy of the workspace ``source`` at ``path`` building the decision and the plans it
    cites; ``n`` individuals over all schools, or the stock proposals when ``n`` is None.
    ``long_names`` adds the longest names (``LONG_COLLECTIVES``, ``LONG_POSITIONS``)."""
    shutil.copytree(source / "data", path / "data")
    shutil.copytree(source / "templates", path / "templates")
    open_register(path / "register.sqlite", create=True)  # as docgen register init makes it
    for spec in (path / "data" / "documents").glob("*.yaml"):
        if spec.stem not in KEPT_SPECS:
            spec.unlink()
    # the certificates of the decisions removed above, and the higher level's decisions
    # received back for the proposals removed above (data/received/)
    for spec in (path / "data" / "certificates").glob("*.yaml"):
        if yaml.safe_load(spec.read_text(encoding="utf-8")).get("decision") != DECISION:
            spec.unlink()
    for received in (path / "data" / "received").glob("*.yaml"):
        if yaml.safe_load(received.read_text(encoding="utf-8")).get("answers") not in KEPT_SPECS:
            received.unlink()
    # the list's size is what is measured, not the council's vote: the decision follows no
    # minutes here (the example minutes vote on the stock proposals' names)
    decision = path / "data" / "documents" / f"{DECISION}.yaml"
    text = decision.read_text(encoding="utf-8")
    for line in (
        "minutes: bien-ban-hoi-dong-2024\n",
        "  - cite: bien-ban-hoi-dong-2024\n    by: Hội đồng Thi đua - Khen thưởng Học viện\n",
    ):
        text = text.replace(line, "")
    decision.write_text(text, encoding="utf-8")
    if n is None:
        return path
    proposals = path / "data" / "proposals"
    shutil.rmtree(proposals)
    # the nominees' details belong to the proposals replaced here
    shutil.rmtree(path / "data" / "achievements", ignore_errors=True)
    (proposals / "2024").mkdir(parents=True)
    schools = school_ids(path)
    names = individual_names(n)
    per = -(-n // len(schools))
    for s, school in enumerate(schools):
        chunk = names[s * per : (s + 1) * per]
        collectives: tuple[str, ...] = ("Khoa Xây dựng Đảng",)
        long_position = None
        if long_names:
            collectives += LONG_COLLECTIVES[s : s + 1]
            long_position = LONG_POSITIONS[s] if s < len(LONG_POSITIONS) else None
        text = proposal_yaml(
            school, chunk, s * per, collectives=collectives, long_position=long_position
        )
        (proposals / "2024" / f"{school}.yaml").write_text(text, encoding="utf-8")
    return path
