"""Issue 25 item 3: awardees of any body, not only schools. The Học viện awards its own units
(data/bodies.yaml: an institute, a regional academy) and its own departments (the issuer as a
body); a person of the regional academy has her report confirmed by its own Giám đốc."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml
from click.testing import CliRunner
from docx import Document
from jsonschema import Draft202012Validator

from docgen.api import achievement_reports, build, validate_workspace
from docgen.awards.stats import award_stats
from docgen.cli.main import cli
from docgen.data.places import settings_register
from docgen.data.workspace import load_workspace
from docgen.excel.proposals import _load_proposal, load_context
from docgen.register import open_register
from docgen.schema import json_ready, kind_named, schema_for
from tests.conftest import make_workspace
from tests.support.docx_inspect import open_docx, paragraph_texts

# The institute this scenario adds to the example's bodies (data/bodies.yaml declares the
# regional academy hvctkv-1 as BODIES does, and its own institute, whose proposal of the
# campaign's term names it).
INSTITUTE_BODY = """\
  vien-triet-hoc:
    name: Viện Triết học
    abbr: VTH
    parent: hvctqg
    head: {title: Viện trưởng, name: Lê Minh Triết}
"""

BODIES = (
    """\
# Bodies whose collectives and people are proposed, that are neither schools nor issuers.
bodies:
  hvctkv-1:
    name: Học viện Chính trị khu vực I
    abbr: HVCTKV I
    parent: hvctqg
    place: Hà Nội
    head: {title: Giám đốc, name: Nguyễn Văn Khu}
"""
    + INSTITUTE_BODY
)

OWN_UNITS = """\
campaign: xd-truong-chuan
year: 2025
body: hvctqg
date: 2025-10-20
award: bang-khen-giam-doc-hv
collectives:
  - name: Vụ Tổ chức - Cán bộ
    achievement: Tham mưu tốt công tác tổ chức, cán bộ của Học viện năm 2025.
individuals:
  - name: Phan Thị Lụa
    gender: nữ
    position: Chuyên viên chính
    unit: Vụ Tổ chức - Cán bộ
    achievement: Hoàn thành xuất sắc nhiệm vụ được giao năm 2025.
"""

INSTITUTE = """\
campaign: xd-truong-chuan
year: 2025
body: vien-triet-hoc
date: 2025-10-20
award: bang-khen-giam-doc-hv
collectives:
  - name: Viện Triết học
    achievement: Hoàn thành xuất sắc nhiệm vụ nghiên cứu khoa học năm 2025.
"""

REGIONAL = """\
campaign: xd-truong-chuan
year: 2025
body: hvctkv-1
date: 2025-10-21
award: bang-khen-giam-doc-hv
individuals:
  - name: Vũ Thị Thu Hà
    gender: nữ
    position: Giảng viên chính
    unit: Khoa Xây dựng Đảng
    achievement: Giảng dạy đạt kết quả xuất sắc năm học 2024-2025.
"""

DECISION = """\
kind: decision_award
issuer: hvctqg
number: auto
date: 2025-12-15
subject: về việc tặng Bằng khen của Giám đốc Học viện cho các tập thể, cá nhân thuộc Học viện
campaign: xd-truong-chuan
year: 2025
award: bang-khen-giam-doc-hv
bodies: [hvctqg, vien-triet-hoc, hvctkv-1]
bases:
  - law: decree
proposed_by: Trưởng Ban Thi đua - Khen thưởng
funding: Quỹ thi đua, khen thưởng của Học viện năm 2025
executors: Chánh Văn phòng Học viện và các tập thể, cá nhân có tên tại Điều 1
signature:
  signer: nguyen-xuan-thang
  authority: head
recipients:
  - Như Điều 3
archive: VT, TĐKT
output: quyet-dinh-don-vi-2025.docx
"""


def bodies_workspace(tmp_path: Path) -> Path:
    """A copy of the example workspace with data/bodies.yaml, the Học viện's own proposal,
    its institute's and its regional academy's, and a decision over the three."""
    return add_bodies(make_workspace(tmp_path / "ws"))


def add_bodies(ws: Path) -> Path:
    """Into the copy of the example workspace ``ws``: what bodies_workspace adds."""
    # merged into the example's bodies, not over them: its proposals of the campaign's term
    # name its institute (vien-xay-dung-dang), which an overwrite would make unknown
    bodies = ws / "data/bodies.yaml"
    example = bodies.read_text(encoding="utf-8")
    assert "  hvctkv-1:\n" in example and "vien-triet-hoc" not in example
    bodies.write_text(example + INSTITUTE_BODY, encoding="utf-8")
    # the example's decision of the term (2022-2025, kept as of its last year) gives Vũ Thị
    # Thu Hà the Giám đốc's Bằng khen already: this scenario's decision for 2025 would give it
    # her a second time (DATA-AWARD-TWICE, as test_award_multi checks). Left out here, with
    # the certificate printed from it.
    (ws / "data/documents/quyet-dinh-tong-ket-2022-2025.yaml").unlink()
    (ws / "data/certificates/chung-nhan-2022-2025.yaml").unlink()
    (ws / "data/proposals/2025").mkdir(exist_ok=True)
    for name, text in (
        ("hvctqg", OWN_UNITS),
        ("vien-triet-hoc", INSTITUTE),
        ("hvctkv-1", REGIONAL),
    ):
        (ws / f"data/proposals/2025/{name}.yaml").write_text(text, encoding="utf-8")
    (ws / "data/documents/quyet-dinh-don-vi-2025.yaml").write_text(DECISION, encoding="utf-8")
    return ws


def run(ws: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(ws), *args])
    return result.exit_code, result.stderr


def list_rows(path: Path) -> list[list[str]]:
    """The attached list's rows, a merged cell once, no-break spaces as spaces."""
    rows = []
    for row in Document(str(path)).tables[-1].rows:
        cells: list[tuple[object, str]] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1][0]:
                cells.append((cell._tc, cell.text.replace("\u00a0", " ")))
        rows.append([text for _, text in cells])
    return rows


def test_a_decision_of_the_hoc_vien_awards_its_own_units_and_people(tmp_path: Path) -> None:
    ws = bodies_workspace(tmp_path)
    code, err = run(ws, "validate")
    assert code == 0, err
    out = tmp_path / "decision.docx"
    code, err = run(
        ws, "render", "-q", str(ws / "data/documents/quyet-dinh-don-vi-2025.yaml"), "-o", str(out)
    )
    assert code == 0, err
    rows = list_rows(out)
    # each body a group of the list under its own name; "Chức vụ, đơn vị": the position in the
    # person's unit (the body is the group's row)
    assert rows[1:] == [
        ["I. TẬP THỂ (02)"],
        ["Học viện Chính trị quốc gia Hồ Chí Minh"],
        ["1", "Vụ Tổ chức - Cán bộ", "", "7.020.000"],
        ["Viện Triết học"],
        ["2", "Viện Triết học", "", "7.020.000"],
        ["II. CÁ NHÂN (02)"],
        ["Học viện Chính trị khu vực I"],
        ["1", "Vũ Thị Thu Hà", "Giảng viên chính Khoa Xây dựng Đảng", "3.510.000"],
        ["Học viện Chính trị quốc gia Hồ Chí Minh"],
        ["2", "Phan Thị Lụa", "Chuyên viên chính Vụ Tổ chức - Cán bộ", "3.510.000"],
        ["Tổng cộng", "21.060.000"],
    ]
    # not grouped: the body follows the unit in "Chức vụ, đơn vị" (another workspace: this
    # decision is numbered and issued now)
    ws = bodies_workspace(tmp_path / "flat")
    spec = ws / "data/documents/quyet-dinh-don-vi-2025.yaml"
    spec.write_text(DECISION + "group_by_unit: false\n", encoding="utf-8")
    flat = tmp_path / "flat.docx"
    code, err = run(ws, "render", "-q", str(spec), "-o", str(flat))
    assert code == 0, err
    assert [
        "2",
        "Phan Thị Lụa",
        "Chuyên viên chính Vụ Tổ chức - Cán bộ, Học viện Chính trị quốc gia Hồ Chí Minh",
        "3.510.000",
    ] in list_rows(flat)


def test_the_regional_academys_nominee_is_confirmed_by_its_own_head(tmp_path: Path) -> None:
    ws = load_workspace(bodies_workspace(tmp_path))
    report = achievement_reports(ws, "quyet-dinh-don-vi-2025", tmp_path / "reports")
    [path] = [p for p in report.written if "Vũ Thị Thu Hà" in p.name]
    texts = paragraph_texts(open_docx(path))
    confirm = texts.index("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ")
    after = texts[confirm:]
    assert "GIÁM ĐỐC" in after, after
    assert "Nguyễn Văn Khu" in after, after
    assert "Nguyễn Xuân Thắng" not in texts  # not the Giám đốc of the Học viện
    # the header: the regional academy under the Học viện
    head = " / ".join(texts[:4]).upper()
    assert "HỌC VIỆN CHÍNH TRỊ QUỐC GIA" in head and "HỌC VIỆN CHÍNH TRỊ KHU VỰC I" in head, head
    # the institute's collective: its Viện trưởng; the Học viện's own unit: its Giám đốc
    [institute] = [p for p in report.written if "Viện Triết học" in p.name]
    assert "Lê Minh Triết" in paragraph_texts(open_docx(institute))
    [own] = [p for p in report.written if "Phan Thị Lụa" in p.name]
    assert "Nguyễn Xuân Thắng" in paragraph_texts(open_docx(own))


def test_an_unknown_body_is_one_error_at_validate(tmp_path: Path) -> None:
    ws = bodies_workspace(tmp_path)
    path = ws / "data/proposals/2025/hvctkv-1.yaml"
    path.write_text(REGIONAL.replace("body: hvctkv-1", "body: hvctkv-9"), encoding="utf-8")
    code, err = run(ws, "validate")
    assert code == 2
    errors = [line for line in err.splitlines() if "error[" in line]
    assert errors == [
        "data/proposals/2025/hvctkv-1.yaml:3:7: error[DATA-REF]: unknown body 'hvctkv-9'"
    ], err
    assert "data/bodies.yaml" in err and "hvctkv-1" in err  # where to declare it, the known


def test_a_file_naming_its_body_twice_is_refused(tmp_path: Path) -> None:
    ws = bodies_workspace(tmp_path)
    path = ws / "data/proposals/2025/hvctkv-1.yaml"
    path.write_text(REGIONAL.replace("body: hvctkv-1", "body: hvctkv-1\nschool: lao-cai"))
    code, err = run(ws, "validate")
    assert code == 2
    assert "'body' (or 'school', as before) once, not both" in err, err


def test_a_body_under_an_unknown_issuer_is_an_error(tmp_path: Path) -> None:
    ws = bodies_workspace(tmp_path)
    bodies = ws / "data/bodies.yaml"
    text = bodies.read_text(encoding="utf-8")
    at = text.index("parent: hvctqg\n    place")  # the regional academy's, the first
    bodies.write_text(text[:at] + "parent: hv" + text[at + len("parent: hvctqg") :])
    line = text.count("\n", 0, at) + 1
    code, err = run(ws, "validate")
    assert code == 2
    errors = [e for e in err.splitlines() if "error[" in e]
    assert errors == [f"data/bodies.yaml:{line}:13: error[DATA-REF]: unknown issuer 'hv'"], err


def test_a_bodys_list_goes_to_excel_and_back(tmp_path: Path) -> None:
    """`docgen export/import nominees --body`: the regional academy's list, as a school's."""
    ws = bodies_workspace(tmp_path)
    book = tmp_path / "kv1.xlsx"
    code, err = run(
        ws, "export", "nominees", "--year", "2025", "--body", "hvctkv-1", "--out", str(book)
    )
    assert code == 0, err
    rows = list(openpyxl.load_workbook(book)["Thông tin"].iter_rows(values_only=True))
    assert any("hvctkv-1" in r and "Học viện Chính trị khu vực I" in r for r in rows), rows
    back = tmp_path / "back.yaml"
    code, err = run(
        ws,
        "import",
        "nominees",
        str(book),
        "--year",
        "2025",
        "--body",
        "hvctkv-1",
        "--out",
        str(back),
    )
    assert code == 0, err
    ctx = load_context(ws)
    found, problems = _load_proposal(ctx, back)
    assert not problems and found is not None
    assert found.school == "hvctkv-1"
    assert [p.name for p in found.individuals] == ["Vũ Thị Thu Hà"]


def test_the_schemas_know_body_and_bodies() -> None:
    """An editor checking a file against `docgen schema`'s output accepts what docgen does."""
    proposal = Draft202012Validator(schema_for(kind_named("proposal")))
    data = yaml.safe_load(REGIONAL)
    assert list(proposal.iter_errors(json_ready(data))) == []
    assert list(proposal.iter_errors(json_ready({**data, "school": "lao-cai"}))) != []
    document = Draft202012Validator(schema_for(kind_named("document")))
    assert list(document.iter_errors(json_ready(yaml.safe_load(DECISION)))) == []
    bodies = Draft202012Validator(schema_for(kind_named("bodies")))
    assert list(bodies.iter_errors(yaml.safe_load(BODIES))) == []


def test_the_bodies_outside_the_clusters_have_their_own_row(tmp_path: Path) -> None:
    """`docgen stats --by cluster`: the bodies that are not schools share one row after the
    clusters (the rows add up to the total); by school, each body has its own."""
    ws = bodies_workspace(tmp_path)
    report = build(ws, ws / "output", only=["quyet-dinh-don-vi-2025"])
    assert not report.failed, [d.error.format() for d in report.failed if d.error]
    workspace = validate_workspace(ws)
    register = open_register(settings_register(workspace))
    by_cluster = award_stats(workspace, register, by="cluster")
    assert [(r.label, *r.figures.values()) for r in by_cluster.rows] == [
        ("Ngoài cụm thi đua", 1, 2, 2, 4, 21_060_000)
    ]
    by_school = award_stats(workspace, register, by="school")
    assert [r.label for r in by_school.rows] == [
        "Học viện Chính trị khu vực I",
        "Học viện Chính trị quốc gia Hồ Chí Minh",
        "Viện Triết học",
    ]
