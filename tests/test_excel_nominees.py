"""Nominee lists in and out: round trips, every bad cell located, untrusted files refused."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from docgen.data.models import Proposal
from docgen.errors import DataError, OutputError
from docgen.excel import reader
from docgen.excel.layout import load_layout
from docgen.excel.nominees import export_nominees, import_nominees
from docgen.excel.proposals import _load_proposal, load_context, proposal_path
from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import run

YEAR = 2024


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def proposal(root: Path, path: Path) -> Proposal:
    found, problems = _load_proposal(load_context(root), path)
    assert not problems, [p.format() for p in problems]
    assert found is not None
    return found


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("school", ["lao-cai", "nghe-an", "can-tho"])
def test_export_then_import_gives_the_same_data(ws: Path, tmp_path: Path, school: str) -> None:
    book = tmp_path / f"{school}.xlsx"
    back = tmp_path / f"{school}.yaml"
    export_nominees(ws, YEAR, school, book)
    result = import_nominees(ws, book, YEAR, school, back)
    assert result.written
    assert proposal(ws, back) == proposal(ws, proposal_path(ws, YEAR, school))


def test_yaml_written_by_docgen_comes_back_byte_for_byte(ws: Path) -> None:
    """YAML → xlsx → YAML: the text docgen writes is the text it reads back."""
    folder = ws / "data" / "proposals" / str(YEAR)
    first = ws / "first.xlsx"
    export_nominees(ws, YEAR, "nghe-an", first)  # the file with explicit name parts
    target = folder / "nghe-an.yaml"
    target.unlink()  # the hand-written file: docgen writes its own
    import_nominees(ws, first, YEAR, "nghe-an")
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../../schemas/proposal")
    second = ws / "second.xlsx"
    export_nominees(ws, YEAR, "nghe-an", second)
    target.unlink()
    import_nominees(ws, second, YEAR, "nghe-an")
    assert target.read_text(encoding="utf-8") == written


def test_an_unchanged_list_leaves_the_clerks_file_alone(ws: Path) -> None:
    """Importing what the file already holds writes nothing (its comments are kept)."""
    target = proposal_path(ws, YEAR, "lao-cai")
    before = target.read_bytes()
    export_nominees(ws, YEAR, "lao-cai", ws / "lc.xlsx")
    code, out, err = run(ws, "import", "nominees", str(ws / "lc.xlsx"), "--year", "2024",
                         "--school", "lao-cai")  # fmt: skip
    assert code == 0, err
    assert out.startswith("unchanged: data/proposals/2024/lao-cai.yaml (3 collectives, 11 ")
    assert target.read_bytes() == before


def test_other_data_is_not_overwritten_without_force(ws: Path) -> None:
    book = ws / "lc.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    edit_cells(book, {"H5": "Thành tích mới của khoa."})
    target = proposal_path(ws, YEAR, "lao-cai")
    before = target.read_bytes()
    code, _, err = run(ws, "import", "nominees", str(book), "--year", "2024", "--school",
                       "lao-cai")  # fmt: skip
    assert code == 5
    assert err.startswith(
        "data/proposals/2024/lao-cai.yaml: error[OUTPUT-EXISTS]: data/proposals/2024/lao-cai.yaml"
        " already exists and holds other data"
    )
    assert target.read_bytes() == before
    code, out, err = run(ws, "import", "nominees", str(book), "--year", "2024", "--school",
                         "lao-cai", "--force")  # fmt: skip
    assert code == 0, err
    assert out.startswith("wrote data/proposals/2024/lao-cai.yaml")
    assert proposal(ws, target).collectives[0].achievement == "Thành tích mới của khoa."
    code, _, err = run(ws, "validate")
    assert code == 0, err


# -- the workbook as a clerk sees it -------------------------------------------------------------


def test_the_workbook_offers_choices_and_prints_on_a4_landscape(ws: Path) -> None:
    book = ws / "lc.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    wb = openpyxl.load_workbook(book)
    sheet = wb["Danh sách"]
    headers = [c.value for c in sheet[4]]
    assert headers[:9] == [
        "STT",
        "Đối tượng",
        "Họ và tên / Tên tập thể",
        "Giới tính",
        "Chức vụ",
        "Đơn vị",
        "Hình thức khen thưởng",
        "Tóm tắt thành tích",
        "Thứ tự trong đơn vị",
    ]
    assert sheet["C5"].value == "Khoa Dân vận" and sheet["B5"].value == "Tập thể"
    assert sheet["D8"].value == "Nữ" and sheet["G8"].value == "Bằng khen của Giám đốc Học viện"
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert {c.font.name for row in sheet.iter_rows(min_row=1, max_row=10) for c in row} == {
        "Times New Roman"
    }
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["B5"] == '"Tập thể,Cá nhân"'
    assert lists["D5"] == '"Nam,Nữ"'
    # every award of the catalogue, one a row
    awards = yaml.safe_load((ws / "data/law/awards.yaml").read_text(encoding="utf-8"))["awards"]
    assert lists["G5"] == f"'Danh mục'!$A$1:$A${len(awards)}"
    assert [r[0] for r in wb["Danh mục"].iter_rows(values_only=True)] == [a["name"] for a in awards]
    assert wb["Danh mục"].sheet_state == "hidden"
    assert wb["Danh mục"]["A2"].value == "Bằng khen của Giám đốc Học viện"
    info = wb["Thông tin"]
    assert [info.cell(row=r, column=1).value for r in range(4, 9)] == [
        "Phong trào thi đua",
        "Năm",
        "Trường",
        "Ngày tờ trình",
        "Hình thức khen thưởng đề nghị",
    ]
    assert info["B7"].number_format == "dd/mm/yyyy"
    # the name-part columns are hidden where no name needs them
    assert sheet.column_dimensions["J"].hidden


def test_text_that_looks_like_a_formula_stays_text(ws: Path, tmp_path: Path) -> None:
    """A name typed as "=HYPERLINK(…)" must not become a live formula in the finance office's
    Excel, and comes back as the same text."""
    path = proposal_path(ws, YEAR, "lao-cai")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Khoa Dân vận", "name: '=HYPERLINK(\"x\")'"), "utf-8")
    book = tmp_path / "lc.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    cell = openpyxl.load_workbook(book)["Danh sách"]["C5"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
    back = tmp_path / "back.yaml"
    import_nominees(ws, book, YEAR, "lao-cai", back)
    assert proposal(ws, back).collectives[0].name == '=HYPERLINK("x")'


def test_exporting_twice_gives_the_same_bytes(ws: Path) -> None:
    export_nominees(ws, YEAR, "lao-cai", ws / "a.xlsx")
    export_nominees(ws, YEAR, "lao-cai", ws / "b.xlsx")
    assert (ws / "a.xlsx").read_bytes() == (ws / "b.xlsx").read_bytes()


# -- located errors ---------------------------------------------------------------------------


def edit_cells(book: Path, cells: dict[str, Any], sheet: str = "Danh sách") -> None:
    wb = openpyxl.load_workbook(book)
    for ref, value in cells.items():
        where, _, ref = ref.rpartition("!")
        wb[where or sheet][ref] = value
    wb.save(book)


# (cells changed, the one error line printed); row 5-7 collectives, 8-18 individuals
BAD_CELLS = [
    pytest.param(
        {"G9": "Bằng khen của Bộ trưởng"},
        "lao-cai.xlsx:Danh sách!G9: error[DATA-REF]: unknown award 'Bằng khen của Bộ trưởng'",
        id="unknown-award",
    ),
    pytest.param(
        {"D8": "Nu"},
        "lao-cai.xlsx:Danh sách!D8: error[DATA-VALUE]: 'Giới tính' must be Nam or Nữ, not 'Nu'",
        id="bad-gender",
    ),
    pytest.param(
        {"Thông tin!B7": "30/02/2024"},
        "lao-cai.xlsx:Thông tin!B7: error[DATA-DATE]: '30/02/2024' is not a real date: "
        "February 2024 has 29 days",
        id="impossible-date",
    ),
    pytest.param(
        {"Thông tin!B7": "28.10.24"},
        "lao-cai.xlsx:Thông tin!B7: error[DATA-DATE]: '28.10.24' is not a date: write it as "
        "dd/mm/yyyy (28/10/2024)",
        id="not-a-date",
    ),
    pytest.param(
        {"C10": None},
        "lao-cai.xlsx:Danh sách!C10: error[DATA-EMPTY-VALUE]: 'Họ và tên / Tên tập thể' is empty",
        id="empty-name",
    ),
    pytest.param(
        {"M4": "Ghi chú"},
        "lao-cai.xlsx:Danh sách!M4: error[DATA-COLUMN-UNKNOWN]: unknown column 'Ghi chú'",
        id="unknown-column",
    ),
    pytest.param(
        {"H4": None},
        "lao-cai.xlsx:Danh sách!A4: error[DATA-COLUMN-MISSING]: required column 'Tóm tắt "
        "thành tích' is missing",
        id="missing-column",
    ),
    pytest.param(
        {"C6": "Khoa Dân vận"},
        "lao-cai.xlsx:Danh sách!C6: error[DATA-DUPLICATE-NOMINEE]: 'Khoa Dân vận' is already "
        "proposed for this award in 2024 (at lao-cai.xlsx:Danh sách!C5)",
        id="duplicate",
    ),
    pytest.param(
        {"B9": "Nhóm"},
        "lao-cai.xlsx:Danh sách!B9: error[DATA-VALUE]: 'Đối tượng' must be Tập thể or Cá nhân,"
        " not 'Nhóm'",
        id="bad-kind",
    ),
    pytest.param(
        {"D5": "Nam"},
        "lao-cai.xlsx:Danh sách!D5: error[DATA-VALUE]: 'Giới tính' is for individuals, and this"
        " row is a collective",
        id="collective-with-gender",
    ),
    pytest.param(
        {"I9": "nhất"},
        "lao-cai.xlsx:Danh sách!I9: error[DATA-TYPE]: 'Thứ tự trong đơn vị' must be a whole "
        "number (1 = first in the unit), not 'nhất'",
        id="bad-rank",
    ),
    pytest.param(
        {"C9": '=CONCATENATE("Đặng ","Minh")'},
        "lao-cai.xlsx:Danh sách!C9: error[DATA-FORMULA]: 'Họ và tên / Tên tập thể' holds a "
        'formula (=CONCATENATE("Đặng ","Minh")): docgen reads values only and never computes '
        "formulas",
        id="formula",
    ),
    pytest.param(
        {"G8": "Tập thể lao động xuất sắc"},
        "lao-cai.xlsx:Danh sách!G8: error[DATA-AWARD-RECIPIENT]: 'Tập thể lao động xuất sắc' "
        "goes to collectives only, not to the individual 'Đỗ Bích Hoa'",
        id="award-recipient",
    ),
    pytest.param(
        {"Thông tin!B5": 2023},
        "lao-cai.xlsx:Thông tin!B5: error[DATA-VALUE]: this list is for 2023, not for 2024 "
        "(--year)",
        id="other-year",
    ),
    pytest.param(
        {"H8": "Hoµn thµnh xuÊt s¾c nhiÖm vô"},
        "lao-cai.xlsx:Danh sách!H8: error[DATA-LEGACY-TEXT]: 'Tóm tắt thành tích' looks typed "
        "with a legacy TCVN3 font, not Unicode: 'Hoµn thµnh xuÊt s¾c nhiÖm vô'",
        id="legacy-font",
    ),
]


@pytest.mark.parametrize(("cells", "expected"), BAD_CELLS)
def test_each_bad_cell_is_reported_where_it_is(
    ws: Path, tmp_path: Path, cells: dict[str, Any], expected: str
) -> None:
    book = tmp_path / "lao-cai.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    edit_cells(book, cells)
    out = tmp_path / "out.yaml"
    code, _, err = run(ws, "import", "nominees", str(book), "--year", "2024", "--school",
                       "lao-cai", "--out", str(out))  # fmt: skip
    assert code == 2
    assert expected in err.splitlines(), err
    assert "Traceback" not in err
    assert not out.exists()


def test_every_bad_cell_is_reported_at_once(ws: Path, tmp_path: Path) -> None:
    book = tmp_path / "lao-cai.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    edit_cells(book, {"D8": "x", "G9": "y", "C10": None, "I11": "z"})
    with pytest.raises(DataError) as caught:
        import_nominees(ws, book, YEAR, "lao-cai", tmp_path / "out.yaml")
    assert [str(d.location) for d in caught.value] == [
        "lao-cai.xlsx:Danh sách!D8",
        "lao-cai.xlsx:Danh sách!G9",
        "lao-cai.xlsx:Danh sách!C10",
        "lao-cai.xlsx:Danh sách!I11",
    ]


def test_a_schools_own_sheet_is_read_by_its_column_names(ws: Path, tmp_path: Path) -> None:
    """Columns in any order under a merged title, section rows instead of a Đối tượng column,
    a unit written once over several rows (merged), an Excel date and text dates."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet["A1"] = "TRƯỜNG CHÍNH TRỊ TỈNH CAO BẰNG"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024"
    sheet.merge_cells("A2:F2")
    sheet.append([])
    sheet.append(["Thành tích", "Họ tên", "STT", "Đơn vị công tác", "Chức danh", "Nam/Nữ"])
    sheet.append(["I. Tập thể"])
    sheet.append(["Dẫn đầu phong trào.", "Khoa Dân vận", 1, None, None, None])
    sheet.append(["II. CÁ NHÂN:"])
    sheet.append(["Giảng dạy giỏi.", "Nông Văn Dũng", 1, "Khoa Dân vận", "Giảng viên", "nam"])
    sheet.append(["Nghiên cứu tốt.", "Hoàng Thị Mai", 2, None, "Giảng viên chính", "NỮ"])
    sheet.merge_cells("D8:D9")
    info = wb.create_sheet("Thông tin")
    info.append(["Ngày tờ trình", "05/11/2024"])
    info.append(["Hình thức khen thưởng đề nghị", "bang-khen-giam-doc-hv"])
    book = tmp_path / "cao-bang.xlsx"
    wb.save(book)
    result = import_nominees(ws, book, YEAR, "cao-bang")
    got = proposal(ws, result.path)
    assert got.date.isoformat() == "2024-11-05"
    assert got.campaign == "xd-truong-chuan"  # the workspace's campaign of that year
    assert [c.name for c in got.collectives] == ["Khoa Dân vận"]
    assert [(i.name, i.gender, i.position, i.unit) for i in got.individuals] == [
        ("Nông Văn Dũng", "nam", "Giảng viên", "Khoa Dân vận"),
        ("Hoàng Thị Mai", "nữ", "Giảng viên chính", "Khoa Dân vận"),
    ]
    code, _, err = run(ws, "validate")
    assert code == 0, err


def test_rows_without_kind_are_refused(ws: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["Họ và tên", "Tóm tắt thành tích"])
    sheet.append(["Nông Văn Dũng", "Giảng dạy giỏi."])
    book = tmp_path / "x.xlsx"
    wb.save(book)
    with pytest.raises(DataError) as caught:
        import_nominees(ws, book, YEAR, "cao-bang", tmp_path / "x.yaml")
    assert (
        "x.xlsx:Sheet!A2: error[DATA-KIND]: docgen cannot tell whether this row is a collective"
        " or an individual"
    ) in caught.value.format().splitlines()


# -- untrusted files ----------------------------------------------------------------------------


def test_a_corrupt_file_is_named_without_a_traceback(ws: Path, tmp_path: Path) -> None:
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a workbook")
    code, _, err = run(ws, "import", "nominees", str(bad), "--year", "2024", "--school",
                       "lao-cai")  # fmt: skip
    assert code == 2
    assert err.splitlines()[0] == (
        "hong.xlsx: error[DATA-READ]: cannot read hong.xlsx: it is not an Excel workbook "
        "(.xlsx), or it is damaged"
    )
    assert "Traceback" not in err


def test_a_zip_that_is_not_a_workbook_is_refused(ws: Path, tmp_path: Path) -> None:
    bad = tmp_path / "rong.xlsx"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(DataError) as caught:
        import_nominees(ws, bad, YEAR, "lao-cai", tmp_path / "x.yaml")
    assert caught.value.problems[0].code == "DATA-READ"
    assert caught.value.problems[0].message == (
        "cannot read rong.xlsx: no xl/workbook.xml inside: it is not an Excel workbook (.xlsx)"
    )


def _replace_part(package: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(package) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[name] = data
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as target:
        for part, content in parts.items():
            target.writestr(part, content)


_XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row><c t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'
)


def test_a_workbook_with_a_doctype_is_refused_before_openpyxl_parses_it(
    ws: Path, tmp_path: Path
) -> None:
    """Found in the part's bytes, whichever XML library openpyxl uses and whatever its version."""
    book = tmp_path / "lao-cai.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    _replace_part(book, "xl/worksheets/sheet1.xml", _XXE)
    with pytest.raises(DataError) as caught:
        import_nominees(ws, book, YEAR, "lao-cai", tmp_path / "x.yaml")
    assert caught.value.problems[0].format() == (
        "lao-cai.xlsx: error[DATA-READ]: cannot read lao-cai.xlsx: xl/worksheets/sheet1.xml "
        "declares a DOCTYPE (a DTD, which can define entities); Office files never have one, so "
        "it is not read\n"
        "    hint: open it in Excel and save it again as Excel Workbook (.xlsx)"
    )


def test_a_word_list_in_another_encoding_is_refused_before_python_docx_parses_it(
    tmp_path: Path,
) -> None:
    document = tmp_path / "danh-sach.docx"
    shutil.copy(ROOT / "templates" / "state" / "plan.docx", document)
    latin = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<w:document/>'
    _replace_part(document, "word/document.xml", latin)
    with pytest.raises(DataError) as caught:
        reader.read_word(document, "danh-sach.docx")
    assert caught.value.problems[0].message == (
        "cannot read danh-sach.docx: word/document.xml is written in ISO-8859-1, where the XML "
        "of Office files is in UTF-8 or UTF-16, so it is not read"
    )


def test_a_part_larger_than_its_directory_says_is_refused(tmp_path: Path) -> None:
    """Its XML is inflated no further than the size stated: the rest is never unpacked."""
    book = tmp_path / "x.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>" + b" " * 5_000)
    data = bytearray(book.read_bytes())
    at = data.rindex(b"PK\x01\x02") + 24  # the central directory's uncompressed size
    data[at : at + 4] = (11).to_bytes(4, "little")
    book.write_bytes(bytes(data))
    with pytest.raises(DataError) as caught:
        reader.check_archive(book, "x.xlsx", "Excel")
    assert caught.value.problems[0].code == "DATA-READ-LIMIT"
    assert caught.value.problems[0].message == (
        "cannot read x.xlsx: xl/workbook.xml expands past the 11 bytes its zip directory "
        "states: refused as a possible zip bomb"
    )


def test_size_bounds_are_checked_before_parsing(tmp_path: Path) -> None:
    book = tmp_path / "big.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 2_000_000)  # packs to ~2 kB
    limits = load_layout().limits
    small = limits.model_copy(update={"unpacked_bytes": 1_000_000})
    with pytest.raises(DataError) as caught:
        reader.check_archive(book, "big.xlsx", "Excel", small)
    assert caught.value.problems[0].format() == (
        "big.xlsx: error[DATA-READ-LIMIT]: big.xlsx unpacks to 2.0 MB in 1 parts (at most "
        "1.0 MB in 2000): refused\n"
        "    hint: open it in Excel and save it again as Excel Workbook (.xlsx)"
    )
    tiny = limits.model_copy(update={"file_bytes": 100})
    with pytest.raises(DataError) as caught:
        reader.check_archive(book, "big.xlsx", "Excel", tiny)
    assert caught.value.problems[0].code == "DATA-READ-LIMIT"
    assert "is too large to read" in caught.value.problems[0].message


def test_a_row_past_the_limit_after_empty_rows_is_refused_not_dropped(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: with the limit at 50,000 rows, a nominee in row 50,002 (row 50,001 empty) was
    never read and the import ended with exit 0 (issue 24, case 5)."""
    book = tmp_path / "lao-cai.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    rules = load_layout()
    few = rules.model_copy(update={"limits": rules.limits.model_copy(update={"rows": 20})})
    monkeypatch.setattr(reader, "load_layout", lambda: few)
    edit_cells(book, {"B23": "Người ở dòng 23"})  # row 21 and 22 empty
    with pytest.raises(DataError) as caught:
        import_nominees(ws, book, YEAR, "lao-cai", tmp_path / "x.yaml")
    assert str(caught.value.problems[0].location) == "lao-cai.xlsx:Danh sách!A23"
    assert "more than 20 rows" in caught.value.problems[0].message
    assert not (tmp_path / "x.yaml").exists()


def test_rows_and_columns_are_bounded(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "lao-cai.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    rules = load_layout()
    few = rules.model_copy(update={"limits": rules.limits.model_copy(update={"rows": 10})})
    monkeypatch.setattr(reader, "load_layout", lambda: few)
    with pytest.raises(DataError) as caught:
        import_nominees(ws, book, YEAR, "lao-cai", tmp_path / "x.yaml")
    assert str(caught.value.problems[0].location) == "lao-cai.xlsx:Danh sách!A11"
    assert "more than 10 rows" in caught.value.problems[0].message
    edit_cells(book, {"AZ5": "ngoài lề"})
    narrow = rules.model_copy(update={"limits": rules.limits.model_copy(update={"columns": 20})})
    monkeypatch.setattr(reader, "load_layout", lambda: narrow)
    with pytest.raises(DataError) as caught:
        import_nominees(ws, book, YEAR, "lao-cai", tmp_path / "x.yaml")
    assert caught.value.problems[0].format().splitlines()[0] == (
        "lao-cai.xlsx:Danh sách: error[DATA-READ-LIMIT]: the sheet is 52 columns wide: docgen "
        "reads at most 20"
    )


def test_a_workbook_with_a_stale_cached_formula_value_is_not_trusted(
    ws: Path, tmp_path: Path
) -> None:
    """The total row a clerk's sheet often has: a formula in a column docgen reads is refused
    whatever its cached value says."""
    book = tmp_path / "lao-cai.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    edit_cells(book, {"I19": "=SUM(I8:I18)", "C19": "Tổng", "H19": "x", "B19": "Cá nhân"})
    with pytest.raises(DataError) as caught:
        import_nominees(ws, book, YEAR, "lao-cai", tmp_path / "x.yaml")
    assert [d.code for d in caught.value] == ["DATA-FORMULA"]


def test_an_unknown_school_is_refused(ws: Path, tmp_path: Path) -> None:
    # the example declares bodies besides its schools (data/bodies.yaml): an unknown body,
    # where either is declared, and the known ids
    with pytest.raises(DataError) as caught:
        export_nominees(ws, YEAR, "ha-giang", tmp_path / "x.xlsx")
    [problem] = caught.value.problems
    first, hint = problem.format().splitlines()
    assert first == (
        "--school: error[DATA-REF]: unknown body 'ha-giang' (data/schools.yaml, data/bodies.yaml)"
    )
    assert hint.strip().startswith("hint: known: cao-bang, dien-bien, "), hint
    # a workspace of schools only: an unknown school, as before bodies
    (ws / "data" / "bodies.yaml").unlink()
    with pytest.raises(DataError) as caught:
        export_nominees(ws, YEAR, "ha-giang", tmp_path / "x.xlsx")
    assert [p.format() for p in caught.value.problems] == [
        "--school: error[DATA-REF]: unknown school 'ha-giang' (data/schools.yaml)"
    ]


def test_exports_stay_out_of_data(ws: Path) -> None:
    code, _, err = run(ws, "export", "nominees", "--year", "2024", "--school", "lao-cai",
                       "--out", str(ws / "data" / "x.xlsx"))  # fmt: skip
    assert code == 5
    assert "error[OUTPUT-PROTECTED]" in err
    code, _, err = run(ws, "export", "nominees", "--year", "2024", "--school", "lao-cai",
                       "--out", str(ws / "x.csv"))  # fmt: skip
    assert code == 5
    assert "error[OUTPUT-TYPE]" in err


def test_output_error_is_an_output_error() -> None:
    assert OutputError.exit_code == 5
