"""A Tờ trình's nominee table read in; the decision's list, the register and số sổ vàng books
as workbooks, opened by LibreOffice Calc as a finance office would."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from docgen.api import BuildReport, build, open_workspace_register, validate_workspace
from docgen.cli.main import cli
from docgen.documents.pdf import find_soffice
from docgen.errors import DataError
from docgen.excel.lists import book_workbook, decision_data, decision_workbook, register_workbook
from docgen.excel.nominees import import_nominees
from docgen.excel.proposals import _load_proposal, load_context, proposal_path
from tests.conftest import make_workspace
from tests.support.cli_run import run
from tests.support.tools import require

YEAR = 2024
DECISION = "quyet-dinh-khen-thuong-2024"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


# -- a Tờ trình read in -------------------------------------------------------------------------


def test_docgens_own_to_trinh_reads_back_into_its_proposal(
    ws: Path, outputs: dict[str, Path], tmp_path: Path
) -> None:
    """The Tờ trình docgen writes has no Giới tính column and one "Chức vụ, đơn vị" cell: what
    the table does not say is kept from the school's file, which the table then matches."""
    docx = outputs["to-trinh-87-TTr-TCT-lao-cai.docx"]
    back = tmp_path / "lao-cai.yaml"
    result = import_nominees(ws, docx, YEAR, "lao-cai", back)
    assert (result.collectives, result.individuals) == (3, 11)
    ctx = load_context(ws)
    assert (
        _load_proposal(ctx, back)[0] == _load_proposal(ctx, proposal_path(ws, YEAR, "lao-cai"))[0]
    )


def test_a_to_trinh_without_the_schools_file_says_what_it_lacks(
    ws: Path, outputs: dict[str, Path], tmp_path: Path
) -> None:
    proposal_path(ws, YEAR, "lao-cai").unlink()
    docx = tmp_path / "to-trinh.docx"
    shutil.copy(outputs["to-trinh-87-TTr-TCT-lao-cai.docx"], docx)
    code, _, err = run(ws, "import", "nominees", str(docx), "--year", "2024", "--school",
                       "lao-cai")  # fmt: skip
    assert code == 2
    lines = [line for line in err.splitlines() if "error[" in line]
    assert len(lines) == 11  # one per individual, none for the collectives
    assert lines[0] == (
        "to-trinh.docx:bảng 3, dòng 7: error[DATA-MISSING]: the table has no 'Giới tính' column:"
        " the gender of 'Đỗ Bích Hoa' is not known"
    )
    assert not proposal_path(ws, YEAR, "lao-cai").exists()


def hand_made_to_trinh(path: Path, rows: list[list[str]]) -> None:
    """A clerk's Tờ trình typed in Word: header lines, a signature, then the list."""
    doc = Document()
    doc.add_paragraph("TRƯỜNG CHÍNH TRỊ TỈNH CAO BẰNG")
    doc.add_paragraph("Cao Bằng, ngày 05 tháng 11 năm 2024")
    doc.add_paragraph("TỜ TRÌNH")
    doc.add_paragraph("về việc đề nghị tặng Bằng khen của Giám đốc Học viện")
    doc.add_paragraph(
        "Hưởng ứng phong trào thi đua “Xây dựng trường chính trị chuẩn”, nhà trường đề nghị …"
    )
    signature = doc.add_table(rows=1, cols=2)
    signature.cell(0, 1).text = "HIỆU TRƯỞNG"
    doc.add_paragraph("DANH SÁCH ĐỀ NGHỊ")
    table = doc.add_table(rows=0, cols=6)
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:
            merged = cells[0].merge(cells[5])
            merged.text = values[0]
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    doc.save(str(path))


HEADER = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Thành tích"]


def test_a_clerks_word_table_is_read_by_its_column_names(ws: Path, tmp_path: Path) -> None:
    docx = tmp_path / "to-trinh.docx"
    hand_made_to_trinh(
        docx,
        [
            HEADER,
            ["I. TẬP THỂ"],
            ["1", "Khoa Dân vận", "", "", "", "Dẫn đầu phong trào."],
            ["II. CÁ NHÂN"],
            ["1", "Nông Văn Dũng", "Nam", "Giảng viên", "Khoa Dân vận", "Giảng dạy giỏi."],
            ["2", "Hoàng Thị Mai", "Nữ", "Trưởng khoa", "Khoa Dân vận", "Nghiên cứu tốt."],
        ],
    )
    result = import_nominees(ws, docx, YEAR, "cao-bang")
    got = _load_proposal(load_context(ws), result.path)[0]
    assert got is not None
    # the date from the date line, the award from the subject, the campaign from the text
    assert (got.date.isoformat(), got.award, got.campaign) == (
        "2024-11-05",
        "bang-khen-giam-doc-hv",
        "xd-truong-chuan",
    )
    assert [(i.name, i.gender, i.position) for i in got.individuals] == [
        ("Nông Văn Dũng", "nam", "Giảng viên"),
        ("Hoàng Thị Mai", "nữ", "Trưởng khoa"),
    ]
    assert result.path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../../../schemas/proposal.schema.json"
    )
    code, _, err = run(ws, "validate")
    assert code == 0, err


def test_bad_cells_of_a_word_table_are_located_by_table_and_row(ws: Path, tmp_path: Path) -> None:
    docx = tmp_path / "to-trinh.docx"
    hand_made_to_trinh(
        docx,
        [
            HEADER,
            ["II. CÁ NHÂN"],
            ["1", "Nông Văn Dũng", "Ông", "Giảng viên", "Khoa Dân vận", "Giảng dạy giỏi."],
            ["2", "", "Nữ", "Giảng viên", "Khoa Dân vận", "Nghiên cứu tốt."],
        ],
    )
    with pytest.raises(DataError) as caught:
        import_nominees(ws, docx, YEAR, "cao-bang")
    assert [d.format() for d in caught.value] == [
        "to-trinh.docx:bảng 2, dòng 3: error[DATA-VALUE]: 'Giới tính' must be Nam or Nữ, not 'Ông'",
        "to-trinh.docx:bảng 2, dòng 4: error[DATA-EMPTY-VALUE]: 'Họ và tên / Tên tập thể' is empty",
    ]
    assert not proposal_path(ws, YEAR, "cao-bang").exists()


def test_a_document_without_a_nominee_table_is_refused(ws: Path, tmp_path: Path) -> None:
    docx = tmp_path / "cong-van.docx"
    doc = Document()
    doc.add_paragraph("Kính gửi: …")
    doc.add_table(rows=1, cols=2)
    doc.save(str(docx))
    with pytest.raises(DataError) as caught:
        import_nominees(ws, docx, YEAR, "cao-bang")
    assert caught.value.problems[0].format().splitlines()[0] == (
        "cong-van.docx: error[DATA-HEADER]: no header row of a nominee list in any of its tables"
    )


# -- the lists for the finance office and the archive ----------------------------------------


@pytest.fixture(scope="module")
def built_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose documents are built (numbers in its register) and certificates
    printed (số sổ vàng given)."""
    root = make_workspace(tmp_path_factory.mktemp("lists"))
    report: BuildReport = build(root, root / "output")
    assert not report.failed
    result = CliRunner().invoke(
        cli,
        ["-C", str(root), "certificates", "data/certificates/bang-khen-2024.yaml", "--out",
         str(root / "output" / "bk")],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return root


def test_the_decision_list_has_money_as_numbers_and_totals_as_formulas(
    built_ws: Path, tmp_path: Path
) -> None:
    out = tmp_path / "qd.xlsx"
    spec = built_ws / "data" / "documents" / f"{DECISION}.yaml"
    code, stdout, err = run(built_ws, "export", "decision", str(spec), "--out", str(out))
    assert code == 0, err
    assert stdout.startswith("wrote ") and "(58 awardees, 163.800.000 đồng;" in stdout
    sheet = openpyxl.load_workbook(out)["Danh sách"]
    assert sheet["A1"].value == "DANH SÁCH"
    assert sheet["A2"].value == "TẬP THỂ VÀ CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA GIÁM ĐỐC HỌC VIỆN"
    assert sheet["A3"].value == (
        "(Kèm theo Quyết định số 1569-QĐ/HVCTQG ngày 20/12/2024 của Giám đốc Học viện Chính trị "
        "quốc gia Hồ Chí Minh)"
    )
    assert [c.value for c in sheet[5]] == [
        "STT",
        "Họ và tên / Tên tập thể",
        "Chức vụ, đơn vị",
        "Trường",
        "Hệ số",
        "Số tiền (đồng)",
    ]
    assert sheet["A6"].value == "I. TẬP THỂ (12)"
    assert (sheet["B7"].value, sheet["F7"].value) == ("Khoa Lý luận cơ sở", 4_680_000)
    assert sheet["F7"].number_format == "#,##0"
    assert (sheet["A19"].value, sheet["F19"].value) == ("Cộng tập thể", "=SUM(F7:F18)")
    assert sheet["A20"].value == "II. CÁ NHÂN (46)"  # one failed the council's vote
    assert (sheet["A67"].value, sheet["F67"].value) == ("Cộng cá nhân", "=SUM(F21:F66)")
    assert (sheet["A68"].value, sheet["F68"].value) == ("Tổng cộng", "=F19+F67")
    assert sheet["A69"].value == (
        # by Nghị định 98/2023 in force on 20/12/2024 (1,0 × 2.340.000 đồng a person)
        "Tổng số tiền thưởng: 163.800.000 đồng (Một trăm sáu mươi ba triệu tám trăm nghìn đồng)."
    )


@pytest.fixture
def _calc_installed() -> None:
    require("calc", "pdfinfo")


needs_calc = pytest.mark.usefixtures("_calc_installed")


def _calc(source: Path, out_dir: Path, target: str) -> Path:
    soffice = find_soffice()
    assert soffice is not None
    profile = out_dir / "profile"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", target, "--outdir", str(out_dir), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return out_dir / f"{source.stem}.{target.split(':')[0]}"


@pytest.mark.libreoffice
@needs_calc
def test_calc_computes_the_totals_docgen_computed(built_ws: Path, tmp_path: Path) -> None:
    """The formulas, recalculated by a real spreadsheet program, give docgen's own figures."""
    ws = validate_workspace(built_ws)
    register = open_workspace_register(ws)
    data, count, total = decision_workbook(ws, DECISION, register)
    book = tmp_path / "qd.xlsx"
    book.write_bytes(data)
    converted = _calc(book, tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76,1")
    rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))
    labels = ("Cộng tập thể", "Cộng cá nhân", "Tổng cộng")
    # as displayed: with the thousands separator of LibreOffice's locale
    totals = {r[0]: int(r[-1].replace(",", "").replace(".", "")) for r in rows if r[:1] and
              r[0] in labels}  # fmt: skip
    figures = decision_data(ws, DECISION)
    assert totals == {
        "Cộng tập thể": sum(a.amount.value for a in figures.collectives),
        "Cộng cá nhân": sum(a.amount.value for a in figures.individuals),
        "Tổng cộng": total,
    }
    assert count == 58


@pytest.mark.libreoffice
@needs_calc
def test_calc_prints_the_lists_on_a4_landscape(built_ws: Path, tmp_path: Path) -> None:
    from docgen.excel.nominees import export_nominees

    book = tmp_path / "lao-cai.xlsx"
    export_nominees(built_ws, YEAR, "lao-cai", book)
    pdf = _calc(book, tmp_path, "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    width, _, height = fields["Page size"].split()[:3]
    assert float(width) > float(height)  # landscape
    assert round(float(width)) == 842  # A4: 297 mm = 842 pt
    assert int(fields["Pages"]) == 3  # the list on two pages, Thông tin on one


def test_the_register_book_as_a_workbook(built_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "so.xlsx"
    code, stdout, err = run(built_ws, "export", "register", "--issuer", "hvctqg", "--year",
                            "2024", "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert stdout.strip() == f"wrote {out} (2 entries)"
    sheet = openpyxl.load_workbook(out)["Sổ đăng ký"]
    assert sheet["A1"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert sheet["A2"].value == "Cơ quan: hvctqg - Năm 2024"
    assert sheet["A5"].value == 1568 and sheet["A5"].number_format == "00"
    assert sheet["C5"].value.date().isoformat() == "2024-01-05"
    assert sheet["C5"].number_format == "dd/mm/yyyy"
    assert sheet["B6"].value == "1569-QĐ/HVCTQG"


def test_the_so_vang_book_lists_the_numbers_given(built_ws: Path) -> None:
    ws = validate_workspace(built_ws)
    data, count = book_workbook(ws, DECISION, open_workspace_register(ws))
    assert count == 58
    path = built_ws / "output" / "so-vang.xlsx"
    path.write_bytes(data)
    sheet = openpyxl.load_workbook(path)["Sổ vàng"]
    assert [c.value for c in sheet[5]] == [
        "Số sổ vàng",
        "Họ và tên / Tên tập thể",
        "Chức vụ, đơn vị",
        "Hình thức khen thưởng",
        "Quyết định",
    ]
    first = [c.value for c in sheet[6]]
    assert first[0] == 1 and sheet["A6"].number_format == "0000"
    assert first[1:] == [
        "Khoa Lý luận cơ sở",
        "Trường Chính trị thành phố Cần Thơ",
        "Bằng khen của Giám đốc Học viện",
        "Quyết định số 1569-QĐ/HVCTQG ngày 20/12/2024",
    ]
    assert sheet.cell(row=63, column=1).value == 58


def test_a_decision_not_yet_numbered_has_no_list_to_export(ws: Path, tmp_path: Path) -> None:
    spec = ws / "data" / "documents" / f"{DECISION}.yaml"
    code, _, err = run(ws, "export", "decision", str(spec), "--out", str(tmp_path / "qd.xlsx"))
    assert code == 4
    assert "error[REGISTER-CITE]: the decision quyet-dinh-khen-thuong-2024 has no number" in err


def test_an_empty_register_book_still_has_its_header() -> None:
    data = register_workbook([], "hvctqg", 2030)
    assert data[:2] == b"PK"
