"""Achievement reports (Báo cáo thành tích): the forms by date, the nominees' details matched to
the proposals, the batch (N files in submission order, nothing on a data error), what a reader
sees, golden files, the checker and LibreOffice.

Regenerate the golden files after an intended change with
``DOCGEN_UPDATE_GOLDEN=1 pytest tests/test_achievements.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.api import achievement_reports
from docgen.awards.achievement_context import header_lines, nominees_of
from docgen.awards.achievement_data import (
    AchievementsFile,
    Received,
    ReceivedRow,
    match_entries,
    received_rows,
)
from docgen.awards.achievements import AchievementReport
from docgen.awards.kinds.decision_award import awarded
from docgen.awards.specs import ProposalSpec
from docgen.checker import check_docx
from docgen.cli.main import cli
from docgen.data.loader import load_yaml
from docgen.data.workspace import Workspace, load_workspace
from docgen.errors import Problems
from tests.conftest import ROOT, make_workspace
from tests.support.docx_inspect import (
    find_paragraph,
    looks,
    normalised_document_xml,
    open_docx,
    paragraph_texts,
    text_dump,
)
from tests.support.golden import write_if_updating
from tests.support.tools import require

GOLDEN = Path(__file__).parent / "golden"
DETAILS = "data/achievements/2024/lao-cai.yaml"
PROPOSAL = "to-trinh-lao-cai-2024"
LAO_CAI = [
    "01 Khoa Dân vận.docx",
    "02 Khoa Lý luận cơ sở.docx",
    "03 Phòng Đào tạo.docx",
    "04 Đỗ Bích Hoa.docx",
    "05 Đặng Minh Thảo.docx",
    "06 Đặng Kim Vân.docx",
    "07 Trần Xuân Việt.docx",
    "08 Hoàng Xuân Minh.docx",
    "09 Đinh Hồng Trang.docx",
    "10 Bùi Thị Huyền.docx",
    "11 Đinh Tiến Cường.docx",
    "12 Bùi Công Long.docx",
    "13 Hoàng Minh Nga.docx",
    "14 Trịnh Minh Vinh.docx",
]


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return load_workspace(ROOT)


@pytest.fixture(scope="module")
def lao_cai(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> AchievementReport:
    """The reports of the Lào Cai proposal of 2024, as `make demo` writes them."""
    return achievement_reports(workspace, PROPOSAL, tmp_path_factory.mktemp("reports"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def line_of(path: Path, text: str) -> int:
    """The line (1-based) of the first line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# -- pure helpers ------------------------------------------------------------------------------


def received(year: int, day: str, **name: str) -> Received:
    return Received.model_validate(
        {"year": year, "number": "12-QĐ/TCT", "date": dt.date.fromisoformat(day), "by": "X", **name}
    )


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], []),
        (
            [received(2023, "2023-08-18", award="cstd-co-so")],
            [("title", "Chiến sĩ thi đua cơ sở", 2023)],
        ),
        (  # a form of the catalogue, then free text, ordered by year
            [
                received(2024, "2024-05-02", form="Giấy khen của Hiệu trưởng"),
                received(2022, "2022-10-14", award="bang-khen-chu-tich-ubnd-tinh"),
                received(2023, "2023-08-18", title="Lao động tiên tiến"),
            ],
            [
                ("form", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022),
                ("title", "Lao động tiên tiến", 2023),
                ("form", "Giấy khen của Hiệu trưởng", 2024),
            ],
        ),
        (  # the same year: by the decision's date
            [
                received(2023, "2023-09-25", award="tap-the-ld-xuat-sac"),
                received(2023, "2023-08-18", award="tap-the-ld-tien-tien"),
            ],
            [
                ("title", "Tập thể lao động tiên tiến", 2023),
                ("title", "Tập thể lao động xuất sắc", 2023),
            ],
        ),
    ],
)
def test_received_rows(
    workspace: Workspace, items: list[Received], expected: list[tuple[str, str, int]]
) -> None:
    rows = received_rows(items, workspace.catalogue)
    assert [(r.kind, r.name, r.year) for r in rows] == expected


def test_a_received_rows_decision_reads_as_a_citation(workspace: Workspace) -> None:
    [row] = received_rows([received(2023, "2023-08-05", award="cstd-co-so")], workspace.catalogue)
    assert row == ReceivedRow(
        2023, "title", "Chiến sĩ thi đua cơ sở", "Quyết định số 12-QĐ/TCT ngày 05/8/2023 của X"
    )


def test_received_needs_one_name() -> None:
    with pytest.raises(ValueError, match="give exactly one of 'award'"):
        received(2023, "2023-08-18", award="cstd-co-so", title="Lao động tiên tiến")
    with pytest.raises(ValueError, match="give exactly one of 'award'"):
        received(2023, "2023-08-18")


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Trường Chính trị tỉnh Nghệ An", ["Trường Chính trị", "tỉnh Nghệ An"]),
        (
            "Trường Chính trị Tô Hiệu thành phố Hải Phòng",
            ["Trường Chính trị Tô Hiệu", "thành phố Hải Phòng"],
        ),
        ("Trường Chính trị thành phố Huế", ["Trường Chính trị", "thành phố Huế"]),
        ("Học viện Chính trị khu vực I", ["Học viện Chính trị khu vực I"]),
    ],
)
def test_header_lines(name: str, lines: list[str]) -> None:
    assert header_lines(name) == lines


@pytest.mark.parametrize(
    ("day", "act", "individual"),
    [
        ("2017-10-01", "Nghị định số 91/2017/NĐ-CP", "Mẫu số 02"),  # as its money table
        ("2023-12-31", "Nghị định số 91/2017/NĐ-CP", "Mẫu số 02"),
        ("2024-01-01", "Thông tư số 01/2024/TT-BNV", "Mẫu số 02"),
        ("2025-08-01", "Thông tư số 01/2024/TT-BNV", "Mẫu số 02"),  # 15/2025 not yet signed
        ("2025-08-04", "Thông tư số 01/2024/TT-BNV", "Mẫu số 02"),  # 15/2025 signed that day
        ("2025-08-05", "Thông tư số 15/2025/TT-BNV", "Mẫu số 02"),
        ("2026-07-01", "Thông tư số 15/2025/TT-BNV", "Mẫu số 02"),
    ],
)
def test_the_form_in_force_on_a_day(
    workspace: Workspace, day: str, act: str, individual: str
) -> None:
    assert workspace.forms is not None
    index = workspace.forms.on(dt.date.fromisoformat(day))
    assert index is not None
    row = workspace.forms.forms[index]
    assert (row.act_name, row.individual.form, row.collective.form) == (
        act,
        individual,
        "Mẫu số 01",
    )


def test_no_form_before_the_first(workspace: Workspace) -> None:
    assert workspace.forms is not None
    assert workspace.forms.on(dt.date(2017, 9, 30)) is None  # Nghị định 91/2017: 01/10/2017


def _details(individuals: list[dict[str, object]]) -> AchievementsFile:
    return AchievementsFile.model_validate(
        {"campaign": "c", "year": 2024, "school": "lao-cai", "individuals": individuals}
    )


PERSON = {"duties": ["x"], "achievements": ["y"]}


@pytest.mark.parametrize(
    ("entry", "matched"),
    [
        ({"name": "Trần Xuân Việt", "unit": "Khoa Dân vận"}, 3),
        ({"name": "  trần  xuân VIỆT ", "unit": "khoa dân vận"}, 3),  # case and spacing
        ({"name": "Trần Xuân Việt", "unit": "Khoa Dân vận", "birth_date": dt.date(1979, 2, 14)}, 3),
        ({"name": "Trần Xuân Việt"}, None),  # the unit is the school's: another person
        ({"name": "Trần Xuân Việt", "unit": "Khoa Xây dựng Đảng"}, None),
        ({"name": "Trần Văn Việt", "unit": "Khoa Dân vận"}, None),
    ],
)
def test_an_entry_matches_its_nominee(
    workspace: Workspace, entry: dict[str, object], matched: int | None
) -> None:
    proposal = workspace.proposals["data/proposals/2024/lao-cai.yaml"]
    source, _ = load_yaml(ROOT / DETAILS, DETAILS)
    problems = Problems()
    found = match_entries(proposal, "p", _details([{**entry, **PERSON}]), source, problems)
    if matched is None:
        assert found == {} and [d.code for d in problems.items] == ["DATA-ACHIEVEMENT-NOMINEE"]
    else:
        assert found == {("individual", matched): 0} and not problems


# -- the batch -------------------------------------------------------------------------------


def test_one_report_per_nominee_in_submission_order(lao_cai: AchievementReport) -> None:
    assert [p.name for p in lao_cai.written] == LAO_CAI
    assert not lao_cai.failed and not lao_cai.warnings  # every nominee has details
    assert lao_cai.forms == ["Mẫu số 01 / Mẫu số 02 (Thông tư số 01/2024/TT-BNV)"]
    assert sorted(p.name for p in lao_cai.written[0].parent.iterdir()) == LAO_CAI


def test_a_decisions_reports_follow_its_list(workspace: Workspace, tmp_path: Path) -> None:
    report = achievement_reports(workspace, "quyet-dinh-khen-thuong-2024", tmp_path)
    spec = workspace.specs["quyet-dinh-khen-thuong-2024"]
    data = awarded(workspace, spec)
    everyone = [*data.collectives, *data.individuals]
    assert len(report.written) == len(everyone) == 58  # 59 proposed, one failed the council's vote
    for path, awardee in zip(report.written, everyone, strict=True):
        assert awardee.name in path.name
    # every school of the examples has its nominees' details (data/achievements/2024/)
    assert not [d for d in report.warnings if d.code == "ACHIEVEMENT-MISSING"]
    assert "(Cần Thơ)" in report.written[0].name  # several schools: the province in the name


def test_nominees_come_with_their_details(workspace: Workspace) -> None:
    spec = workspace.specs[PROPOSAL]
    assert isinstance(spec, ProposalSpec)
    nominated = nominees_of(workspace, spec)
    viet = next(n for n in nominated if n.nominee.name == "Trần Xuân Việt")
    assert viet.details is not None and viet.details.birth_date == dt.date(1979, 2, 14)


def test_the_cli_writes_the_reports(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao"
    code, stdout, stderr = run("-C", str(ROOT), "achievements", PROPOSAL, "--out", str(out))
    assert code == 0, stderr
    assert f"14 achievement reports in {out}" in stdout
    assert "forms (collectives / individuals): Mẫu số 01 / Mẫu số 02" in stdout
    assert sorted(p.name for p in out.iterdir()) == LAO_CAI
    # by its file too, and again: the same files, nothing left staged
    spec_file = str(ROOT / "data" / "documents" / f"{PROPOSAL}.yaml")
    code, _, stderr = run("-C", str(ROOT), "achievements", spec_file, "--out", str(out))
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == LAO_CAI


def test_only_proposals_and_decisions_have_reports(tmp_path: Path) -> None:
    code, _, stderr = run("-C", str(ROOT), "achievements", "ke-hoach-2024", "--out", str(tmp_path))
    assert code == 2
    assert "error[ACHIEVEMENT-SPEC]" in stderr and "is neither a proposal" in stderr
    assert not any(tmp_path.iterdir())


def test_reports_are_never_written_into_data(workspace: Workspace) -> None:
    with pytest.raises(Exception, match="refusing to write documents into data/"):
        achievement_reports(workspace, PROPOSAL, ROOT / "data" / "x")


# -- data errors: located, and nothing written ----------------------------------------------


def test_an_entry_matching_no_nominee_is_a_located_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", achievements=True)
    path = ws / DETAILS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - name: Trần Xuân Việt", "  - name: Trần Xuân Viết"), "utf-8")
    line = line_of(path, "- name: Trần Xuân Viết")
    code, _, stderr = run("-C", str(ws), "validate")
    assert code == 2
    assert (
        f"{DETAILS}:{line}:11: error[DATA-ACHIEVEMENT-NOMINEE]: 'Trần Xuân Viết' matches no "
        "individual of data/proposals/2024/lao-cai.yaml"
    ) in stderr
    out = tmp_path / "out"
    code, _, stderr = run("-C", str(ws), "achievements", PROPOSAL, "--out", str(out))
    assert code == 2 and "DATA-ACHIEVEMENT-NOMINEE" in stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_decision_dated_after_the_report_is_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, achievements=True)
    path = ws / DETAILS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2023-10-09", "date: 2024-11-09", 1), "utf-8")
    code, _, stderr = run("-C", str(ws), "validate")
    assert code == 2
    assert (
        "error[DATA-DATE-ORDER]: the decision 2987/QĐ-UBND (09/11/2024) is dated after the "
        in stderr
    )


def test_unknown_award_and_issuer_are_located(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, achievements=True)
    path = ws / DETAILS
    text = path.read_text(encoding="utf-8").replace("award: cstd-co-so", "award: cstd-xa", 1)
    path.write_text(text.replace("date: 2024-10-21", "date: 2024-10-21\nissuer: tct-x"), "utf-8")
    code, _, stderr = run("-C", str(ws), "validate")
    assert code == 2
    assert (
        f"{DETAILS}:{line_of(path, 'issuer: tct-x')}:9: error[DATA-REF]: unknown issuer" in stderr
    )
    assert "error[DATA-REF]: unknown award 'cstd-xa'" in stderr


def test_a_date_no_form_covers_is_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, achievements=True)
    path = ws / DETAILS
    path.write_text(
        path.read_text(encoding="utf-8").replace("date: 2024-10-21", "date: 2016-10-21"), "utf-8"
    )
    code, _, stderr = run("-C", str(ws), "validate")
    assert code == 2
    assert (
        f"{DETAILS}:{line_of(path, 'date: 2016-10-21')}:7: error[DATA-LAW-DATE]: no form of "
        "achievement report is in force on 21/10/2016"
    ) in stderr


def test_a_nominee_without_details_warns_or_fails_when_strict(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", achievements=True)
    path = ws / DETAILS
    text = path.read_text(encoding="utf-8")
    start = text.index("  - name: Đỗ Bích Hoa")
    end = text.index("  - name: Đặng Minh Thảo")
    path.write_text(text[:start] + text[end:], "utf-8")
    line = line_of(ws / "data/proposals/2024/lao-cai.yaml", "- name: Đỗ Bích Hoa")
    code, _, stderr = run("-C", str(ws), "validate")
    assert code == 0
    missing = (
        f"data/proposals/2024/lao-cai.yaml:{line}:11: warning[ACHIEVEMENT-MISSING]: "
        f"'Đỗ Bích Hoa' has no details in {DETAILS}: the achievement report is made from the "
        "proposal's summary"
    )
    assert missing in stderr
    strict = tmp_path / "strict"
    code, _, stderr = run("-C", str(ws), "achievements", PROPOSAL, "--out", str(strict), "--strict")
    assert code == 2
    assert missing.replace("warning[", "error[") in stderr
    assert not strict.exists() or not any(strict.iterdir())  # nothing written
    out = tmp_path / "out"
    code, _, stderr = run("-C", str(ws), "achievements", PROPOSAL, "--out", str(out))
    assert code == 0 and missing in stderr
    assert len(list(out.iterdir())) == 14
    texts = paragraph_texts(open_docx(out / "04 Đỗ Bích Hoa.docx"))
    assert "- Quê quán: ……" in texts  # to fill in by hand
    assert any(t.startswith("Tham mưu hoàn thiện hồ sơ tiêu chí") for t in texts)  # the summary


def test_details_without_a_proposal_are_an_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, achievements=True)
    shutil.copy(ws / DETAILS, ws / "data" / "achievements" / "2024" / "son-la.yaml")
    path = ws / "data" / "achievements" / "2024" / "son-la.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("school: lao-cai", "school: son-la"))
    code, _, stderr = run("-C", str(ws), "validate")
    assert code == 2
    assert (
        "error[DATA-REF]: no proposal of 'son-la' for 2024 in the campaign 'xd-truong-chuan'"
        in stderr
    )


# -- what a reader sees ---------------------------------------------------------------------


def test_an_individuals_report_reads_as_the_form(lao_cai: AchievementReport) -> None:
    doc = open_docx(lao_cai.written[6])  # Trần Xuân Việt
    texts = paragraph_texts(doc)
    for line in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "TỈNH ỦY LÀO CAI",
        "TRƯỜNG CHÍNH TRỊ",
        "Lào Cai, ngày 21 tháng 10 năm 2024",
        "BÁO CÁO THÀNH TÍCH",
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ và tên: Trần Xuân Việt",
        "- Sinh ngày, tháng, năm: 14/02/1979; Giới tính: Nam",
        "- Chức vụ (Đảng, chính quyền, đoàn thể): Giảng viên chính; Bí thư Chi bộ Khoa Dân vận",
        "- Trình độ lý luận chính trị: Cao cấp",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ",
        "HIỆU TRƯỞNG",
        "Vũ Thị Hiền",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
        "Trần Xuân Việt",
    ):
        assert line in texts, line
    subject = (
        "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA GIÁM ĐỐC HỌC VIỆN\n"
        "Trần Xuân Việt, Giảng viên chính Khoa Dân vận,\n"  # balanced, the school whole
        "Trường Chính trị tỉnh Lào Cai"
    )
    assert subject in texts
    assert not any(re.match(r"Số:? ?\d", t) for t in texts)  # no number
    # the received titles and forms are rows of real tables: Năm | name | decision
    titles, awards = doc.tables[1], doc.tables[2]
    assert [c.text for c in titles.rows[0].cells][:2] == ["Năm", "Danh hiệu thi đua"]
    # a no-break space (names kept whole in a cell) reads as a space
    shown = [[c.text.replace("\u00a0", " ") for c in row.cells] for row in titles.rows[1:]]
    assert shown == [
        [
            "2021",
            "Chiến sĩ thi đua cơ sở",
            "Quyết định số 188-QĐ/TCT ngày 16/8/2021 của Hiệu trưởng Trường Chính trị tỉnh Lào Cai",
        ],
        [
            "2023",
            "Chiến sĩ thi đua cơ sở",
            "Quyết định số 231-QĐ/TCT ngày 18/8/2023 của Hiệu trưởng Trường Chính trị tỉnh Lào Cai",
        ],
    ]
    assert awards.rows[0].cells[1].text == "Hình thức khen thưởng"
    form = awards.rows[1].cells[1].text.replace("\u00a0", " ")
    assert form == "Giấy khen của Hiệu trưởng Trường Chính trị tỉnh Lào Cai"
    for look in looks(find_paragraph(doc, "BÁO CÁO THÀNH TÍCH")):
        assert (look.font, look.size, look.bold) == ("Times New Roman", 16, True)


def test_a_collectives_report_reads_as_the_form(lao_cai: AchievementReport) -> None:
    doc = open_docx(lao_cai.written[0])  # Khoa Dân vận
    texts = paragraph_texts(doc)
    for line in (
        "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA GIÁM ĐỐC HỌC VIỆN\nKhoa Dân vận, Trường Chính trị tỉnh Lào Cai",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "- Điện thoại: 0214 3846 215",
        "- Cơ cấu tổ chức:",
        "+ Tổ bộ môn Công tác dân vận và Tổ bộ môn Dân tộc, tôn giáo",
        "2. Chức năng, nhiệm vụ",
        "2. Các biện pháp, nguyên nhân đạt được thành tích",
        "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "TRƯỞNG KHOA",
        "Lò Thị Thanh Hương",
        "Tập thể lao động xuất sắc",
    ):
        assert line in texts, line
    assert any("1.240 tiết cho 18 lớp" in t for t in texts)  # achievements with figures
    assert "I. SƠ LƯỢC LÝ LỊCH" not in texts


@pytest.mark.parametrize(
    ("index", "golden"), [(0, "bao-cao-thanh-tich-tap-the"), (6, "bao-cao-thanh-tich-ca-nhan")]
)
@pytest.mark.parametrize("kind", ["xml", "txt"])
def test_matches_golden(lao_cai: AchievementReport, index: int, golden: str, kind: str) -> None:
    path = lao_cai.written[index]
    actual = normalised_document_xml(path) if kind == "xml" else text_dump(path)
    target = GOLDEN / f"{golden}.{kind}"
    write_if_updating(target, actual)
    assert actual == target.read_text(encoding="utf-8")


def test_docgen_check_passes_every_report(lao_cai: AchievementReport, tmp_path: Path) -> None:
    for path in lao_cai.written:
        result = check_docx(path)
        assert result.doc_type is not None and result.doc_type.id == "bao_cao_thanh_tich"
        assert result.findings == [], result.lines()
    # a State unit's reports too: the UBND decision's school, made a State issuer here
    copy = make_workspace(tmp_path / "ws")
    issuers = copy / "data" / "issuers.yaml"
    text = issuers.read_text(encoding="utf-8")
    head, tail = text.split("\ntct-nghe-an:", 1)
    issuers.write_text(
        head + "\ntct-nghe-an:" + tail.replace("system: party", "system: state", 1),
        encoding="utf-8",
    )
    ws = load_workspace(copy)
    state = achievement_reports(ws, "quyet-dinh-khen-thuong-ubnd-nghe-an-2024", tmp_path / "out")
    for path in state.written:
        result = check_docx(path)
        assert result.system == "state" and result.findings == [], result.lines()
    texts = paragraph_texts(open_docx(state.written[0]))
    assert {"TRƯỜNG CHÍNH TRỊ", "Độc lập - Tự do - Hạnh phúc"} <= set(texts)


def test_the_checker_still_asks_other_types_for_a_number(
    lao_cai: AchievementReport, tmp_path: Path
) -> None:
    """A báo cáo thành tích needs no number; the same document titled BÁO CÁO does."""
    import zipfile

    source = lao_cai.written[3]
    target = tmp_path / "bao-cao.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace("BÁO CÁO THÀNH TÍCH</w:t>".encode(), "BÁO CÁO</w:t>".encode())
            zout.writestr(info, data)
    assert "HD36-NUMBER-MISSING" in check_docx(target).codes


def test_a_report_is_no_spec(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, achievements=True)
    code, _, stderr = run("-C", str(ws), "new", "bao_cao_thanh_tich")
    assert code == 2 and "error[NEW-TYPE]" in stderr and "docgen achievements" in stderr
    spec = ws / "data" / "documents" / "huong-dan-568-hvctqg.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("type: huong_dan", "type: bao_cao_thanh_tich"), "utf-8")
    code, _, stderr = run("-C", str(ws), "validate")
    assert code == 2 and "error[DATA-TYPE-UNNUMBERED]" in stderr


def test_the_demo_data_gives_every_lao_cai_nominee_details(workspace: Workspace) -> None:
    details = workspace.achievements[DETAILS]
    proposal = workspace.proposals["data/proposals/2024/lao-cai.yaml"]
    assert len(details.collectives) == len(proposal.collectives) == 3
    assert len(details.individuals) == len(proposal.individuals) == 11
    assert all(entry.received for entry in [*details.collectives, *details.individuals])


# -- LibreOffice ----------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_lays_the_reports_out(lao_cai: AchievementReport, tmp_path: Path) -> None:
    from docgen.documents.pdf import convert_to_pdf
    from tests.support.pdf_inspect import first_line, page_count, page_size_mm, page_text

    require("soffice", "pdfinfo", "pdftotext")
    chosen = [lao_cai.written[0], lao_cai.written[6]]  # a collective and an individual
    pdfs = convert_to_pdf(chosen, tmp_path)
    for pdf in pdfs:
        assert page_count(pdf) == 2
        width, height = page_size_mm(pdf)
        assert abs(width - 210) < 1 and abs(height - 297) < 1
        assert first_line(pdf, 1).startswith("TỈNH ỦY LÀO CAI")
        assert first_line(pdf, 2) == "2"  # numbered from page 2
    last = page_text(pdfs[1], 2)
    for line in ("NGƯỜI BÁO CÁO THÀNH TÍCH", "Trần Xuân Việt", "Vũ Thị Hiền"):
        assert line in last


def test_details_of_a_school_with_two_proposals_name_their_award(tmp_path: Path) -> None:
    """Nghệ An proposes for the Học viện's Bằng khen and for the Chairman's in 2024: a details
    file without ``award:`` could be either's, and is refused at its school, not guessed."""
    ws = make_workspace(tmp_path, achievements=True)
    details = ws / "data/achievements/2024/nghe-an.yaml"
    text = details.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("award: "))
    details.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    code, _, err = run("-C", str(ws), "validate")
    assert code == 2
    school_line = next(
        i
        for i, x in enumerate(details.read_text(encoding="utf-8").splitlines(), 1)
        if x.startswith("school:")
    )
    assert (
        f"data/achievements/2024/nghe-an.yaml:{school_line}:9: error[DATA-AMBIGUOUS]: 'nghe-an' "
        "has 2 proposals for 2024 in the campaign 'xd-truong-chuan'"
    ) in err
    assert (
        "hint: add award: with the award of the proposal they belong to (bang-khen-chu-tich" in err
    )
