"""``docgen init``: a new office's workspace that builds at once.

It holds the office as an issuer (header lines, one signer, its numbering), the settings, the
law data, a sample campaign and one plan to build, docgen's templates and the data files' JSON
Schemas. Every data file names its schema on its first line, so an editor completes and checks
it while the clerk replaces the sample values.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import unicodedata
import uuid
from pathlib import Path
from typing import Any

from docgen.data.models import System
from docgen.data.yaml_writer import dump, schema_reference
from docgen.errors import DocgenError, OutputError
from docgen.output import write_atomic
from docgen.register.store import open_register
from docgen.schema import write_schemas

DEFAULT_NAME = "Cơ quan mẫu"
# The head's title by the first words of the office's name, for the authority line
# ("K/T GIÁM ĐỐC"); the clerk corrects it in data/issuers.yaml when it is another.
_HEAD_TITLES = (
    ("Sở", "Giám đốc"),
    ("Học viện", "Giám đốc"),
    ("Trường", "Hiệu trưởng"),
    ("Ủy ban nhân dân", "Chủ tịch"),
    ("Văn phòng", "Chánh Văn phòng"),
    ("Ban", "Trưởng ban"),
)
_PLACE_WORDS = ("thành phố", "tỉnh")
# What the templates and the law data are copied from: docgen's own workspace (its source tree)
_TEMPLATE_PARTS = ("party", "state", "certificates", "README.md")


def new_identity() -> str:
    """A new workspace identity (data/settings.yaml ``workspace``)."""
    return uuid.uuid4().hex


def slug(text: str) -> str:
    """``Sở Nội vụ tỉnh Nghệ An`` → ``so-noi-vu-tinh-nghe-an``: an id from a name."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "co-quan"


def _split_place(name: str) -> tuple[str, str | None]:
    """(the body, "tỉnh Nghệ An") when the name ends with its province or city."""
    for word in _PLACE_WORDS:
        at = name.find(f" {word} ")
        if at > 0:
            return name[:at], name[at + 1 :]
    return name, None


def abbreviation(name: str) -> str:
    """The initials of the body's name, without its province: ``Sở Nội vụ tỉnh Nghệ An`` →
    ``SNV``, ``Trường Chính trị tỉnh Lào Cai`` → ``TCT``."""
    body, _ = _split_place(name)
    return "".join(_initial(word) for word in body.split() if word[0].isalpha()) or "CQ"


def _initial(word: str) -> str:
    """A word's first letter as abbreviations write it: without its marks, except Đ
    (Ủy ban nhân dân → UBND, Thi đua - Khen thưởng → TĐKT)."""
    first = word[0].upper()
    if first == "Đ":
        return first
    return unicodedata.normalize("NFD", first)[0]


def head_title(name: str) -> str:
    for start, title in _HEAD_TITLES:
        if name.startswith(start):
            return title
    return "Thủ trưởng"


def _today() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def docgen_source() -> Path:
    """docgen's own workspace (its source tree), which holds the templates and the law data."""
    return Path(__file__).resolve().parents[3]


def init_workspace(
    directory: Path,
    *,
    system: System = "state",
    name: str | None = None,
    source: Path | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Create the workspace in ``directory`` (absent or empty); returns the files written."""
    origin = source or docgen_source()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise OutputError(
            f"{directory} is not empty: docgen init makes a workspace in a new or empty folder",
            code="OUTPUT-NOT-EMPTY",
            hint="choose a new folder name",
        )
    if not (origin / "templates" / system / "plan.docx").exists():
        raise DocgenError(
            f"docgen's templates were not found in {origin / 'templates'}",
            code="INIT-TEMPLATES",
            hint="run docgen init from a docgen installed from its source folder",
        )
    office = " ".join((name or DEFAULT_NAME).split())
    day = today or _today()
    identity = new_identity()
    root = directory
    written: list[Path] = []

    def write(relative: str, kind: str, sections: list[dict[str, Any]], *notes: str) -> None:
        target = root / relative
        text = dump(sections, schema=schema_reference(target, root, kind), comments=notes)
        write_atomic(target, text.encode("utf-8"))
        written.append(target)

    for part in _TEMPLATE_PARTS:
        path = origin / "templates" / part
        if path.is_dir():
            shutil.copytree(path, root / "templates" / part)
            written.extend(sorted((root / "templates" / part).rglob("*.docx")))
        elif path.exists():
            (root / "templates").mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, root / "templates" / part)
            written.append(root / "templates" / part)
    # the law: the award catalogue, base salaries, the decree tables, the eligibility rules and
    # the forms of the achievement reports, each by date
    names = ("awards.yaml", "base_salary.yaml", "eligibility.yaml", "forms.yaml")
    laws = [origin / "data" / "law" / name for name in names]
    laws += sorted((origin / "data" / "law" / "decrees").glob("*.yaml"))
    for path in laws:
        if path.exists():
            target = root / path.relative_to(origin)
            write_atomic(target, path.read_bytes())
            written.append(target)
    written.extend(write_schemas(root / "schemas"))

    issuer_id = slug(office)
    body, place_line = _split_place(office)
    place = place_line.split(" ", 1)[1] if place_line and " " in place_line else "Hà Nội"
    if place_line and place_line.startswith("thành phố "):
        place = place_line.removeprefix("thành phố ")
    header = [body, place_line] if place_line else [office]
    title = head_title(office)
    signer = "nguoi-ky"
    write(
        "data/issuers.yaml",
        "issuers",
        [
            {
                issuer_id: {
                    "name": office,
                    "header": header,
                    "parent": [],
                    "abbr": abbreviation(office),
                    "system": system,
                    "place": place,
                    "pad_dates": True,
                    "head_title": title,
                    "signers": {signer: {"name": "Nguyễn Văn A", "title": title}},
                    "numbering": {
                        "scope": "year",
                        "series": "shared" if system == "party" else "per_type",
                    },
                }
            }
        ],
        # the comments of the files a clerk edits are in Vietnamese
        "Cơ quan ban hành: hãy sửa các giá trị mẫu. Ý nghĩa các mục xem README của docgen",
        "(Data layout): header, parent là các dòng tên cơ quan và cơ quan cấp trên, abbr là",
        "chữ viết tắt trong ký hiệu (01/KH-SNV), place là địa danh ở dòng ngày tháng, head_title",
        "là chức danh người đứng đầu, signers là những người ký, numbering là cách đánh số.",
    )
    write(
        "data/settings.yaml",
        "settings",
        [{"register": "register.sqlite", "workspace": identity}],
        "register: nơi đặt sổ đăng ký số văn bản: một tệp trong thư mục làm việc, hoặc",
        "postgresql://user@server/docgen khi nhiều văn thư dùng chung một sổ.",
        "workspace: mã định danh của thư mục làm việc này trong sổ đăng ký; giữ nguyên,",
        "không bao giờ chép sang thư mục làm việc của cơ quan khác.",
    )
    campaign = f"thi-dua-{day.year}"
    write(
        f"data/campaigns/{campaign}.yaml",
        "campaign",
        [
            {
                "id": campaign,
                "name": f"Thi đua hoàn thành xuất sắc nhiệm vụ năm {day.year}",
                "period": {"start": day.year, "end": day.year},
                "bases": ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
                "purposes": [
                    "Động viên cán bộ, công chức, viên chức thi đua hoàn thành xuất sắc nhiệm vụ."
                ],
                "requirements": ["Phong trào được triển khai thiết thực, hiệu quả."],
                "content": {
                    "collective": ["Hoàn thành xuất sắc nhiệm vụ được giao."],
                    "individual": ["Chấp hành tốt kỷ luật, kỷ cương hành chính."],
                },
                "awards": [
                    {
                        "form": f"Giấy khen của {title} {office}",
                        "recipients": "tập thể, cá nhân có thành tích xuất sắc",
                    }
                ],
                "timeline": [
                    {
                        "year": day.year,
                        "activities": [
                            "Quý I: phát động phong trào, đăng ký thi đua.",
                            "Quý IV: sơ kết, đánh giá, đề xuất khen thưởng.",
                        ],
                    }
                ],
                "responsibilities": [
                    {
                        "unit": "Các phòng, đơn vị",
                        "tasks": ["Tổ chức thực hiện Kế hoạch này."],
                    }
                ],
            }
        ],
        "Phong trào thi đua mẫu: hãy thay bằng phong trào của cơ quan.",
    )
    write(
        f"data/documents/ke-hoach-{campaign}.yaml",
        "document",
        [
            {
                "kind": "plan",
                "issuer": issuer_id,
                "number": "auto",
                "date": day,
                "subject": f"Tổ chức phong trào thi đua năm {day.year}",
                "campaign": campaign,
                "intro": f"{office} ban hành Kế hoạch tổ chức phong trào thi đua năm "
                f"{day.year} như sau:",
                "signature": {"signer": signer, "authority": "head"},
                "recipients": ["Các phòng, đơn vị"],
                "archive": "VT",
                "output": f"ke-hoach-{campaign}.docx",
            }
        ],
        "Một văn bản để tạo (docgen build): kế hoạch của phong trào mẫu. `number: auto`",
        "là lấy số tiếp theo trong sổ đăng ký.",
    )
    # the register, made here and only here or by docgen register init: a mistyped path later
    # is an error, never a new empty register
    register = open_register(root / "register.sqlite", workspace=identity, create=True)
    register.record("init", detail=f"docgen init {office}")
    written.append(root / "register.sqlite")
    return written
