"""A school's list from outside (issue 24, cases 1 and 5): `docgen import nominees` reads it
through docgen's one safe reader, refuses a lying zip bomb within bounded memory, refuses a
DOCTYPE, refuses a date no real record holds, and compares nominees as `docgen validate`
does: two people of the same name and unit at two schools are two people, and namesakes of
one unit are told apart by their birth dates."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from docgen.excel.nominees import export_nominees
from docgen.excel.proposals import proposal_path
from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import run
from tests.support.hostile_zip import deflated, with_lying_part, write_zip
from tests.support.peak import run_docgen_measured

YEAR = 2024
BOMB = "refused as a possible zip bomb"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def book(ws: Path) -> Path:
    """lao-cai's list as docgen exports it: collectives in rows 5-7, individuals 8-18."""
    path = ws / "lao-cai.xlsx"
    export_nominees(ws, YEAR, "lao-cai", path)
    return path


def edit(book: Path, cells: dict[str, Any], formats: dict[str, str] | None = None) -> None:
    wb = openpyxl.load_workbook(book)
    for ref, value in cells.items():
        sheet, _, ref = ref.rpartition("!")
        wb[sheet or "Danh sách"][ref] = value
    for ref, number_format in (formats or {}).items():
        sheet, _, ref = ref.rpartition("!")
        wb[sheet or "Danh sách"][ref].number_format = number_format
    wb.save(book)


def import_list(ws: Path, path: Path, school: str = "lao-cai") -> tuple[int, str, str]:
    return run(ws, "import", "nominees", str(path), "--year", str(YEAR), "--school", school,
               "--force")  # fmt: skip


# -- case 1: the lying zip bomb -----------------------------------------------------------------


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_a_workbook_whose_directory_lies_is_refused_in_bounded_memory(
    ws: Path, book: Path, part: str
) -> None:
    """Before: the importer read each XML part with zipfile's read(), which inflates a part's
    whole compressed data before cutting it to the stated size: 2.16 GB and 6 s for this
    1 MB file. Now docgen inflates each part itself and stops past the stated size."""
    liar = with_lying_part(book, part, ws / "liar.xlsx")
    assert liar.stat().st_size < 2 << 20
    before = proposal_path(ws, YEAR, "lao-cai").read_bytes()
    result = run_docgen_measured(
        "import", "nominees", str(liar), "--year", str(YEAR), "--school", "lao-cai", cwd=ws
    )
    assert result["code"] == 2
    stderr = str(result["stderr"])
    assert stderr.startswith(
        f"liar.xlsx: error[DATA-READ-LIMIT]: cannot read liar.xlsx: {part} expands past the "
    )
    assert f"its zip directory states: {BOMB}" in stderr
    assert "Traceback" not in stderr
    assert float(str(result["peak_mb"])) < 300
    assert proposal_path(ws, YEAR, "lao-cai").read_bytes() == before


def test_a_word_list_whose_directory_lies_is_refused_in_bounded_memory(ws: Path) -> None:
    word = ws / "danh-sach.docx"
    with_lying_part(ROOT / "templates" / "state" / "plan.docx", "word/document.xml", word)
    result = run_docgen_measured(
        "import", "nominees", str(word), "--year", str(YEAR), "--school", "lao-cai", cwd=ws
    )
    assert result["code"] == 2
    assert str(result["stderr"]).startswith(
        "danh-sach.docx: error[DATA-READ-LIMIT]: cannot read danh-sach.docx: word/document.xml "
        "expands past the "
    )
    assert float(str(result["peak_mb"])) < 300


# -- case 5: DOCTYPE, dates, the duplicate key --------------------------------------------------


def test_a_word_list_with_a_doctype_is_refused_as_check_refuses_it(ws: Path, book: Path) -> None:
    """Before: `Khoa Dân&x; vận` with <!DOCTYPE … [<!ENTITY x "">]> was imported as 'Khoa Dân'."""
    word = ws / "danh-sach.docx"
    with zipfile.ZipFile(ROOT / "templates" / "state" / "plan.docx") as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts["word/document.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY x "">]>\n'
        f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Khoa Dân&x; vận'
        "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    ).encode()
    write_zip(word, [deflated(name, data) for name, data in parts.items()])
    before = proposal_path(ws, YEAR, "lao-cai").read_bytes()
    code, _, err = import_list(ws, word)
    assert code == 2
    assert err.startswith(
        "danh-sach.docx: error[DATA-READ]: cannot read danh-sach.docx: word/document.xml "
        "declares a DOCTYPE"
    )
    assert proposal_path(ws, YEAR, "lao-cai").read_bytes() == before
    check = run(ws, "check", str(word))
    assert check[0] == 2 and "declares a DOCTYPE" in check[2]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (-5, "dd/mm/yyyy", "25/12/1899"),  # a day number before Excel's first, as a date cell
        (dt.datetime(2150, 1, 1), "dd/mm/yyyy", "01/01/2150"),
        ("04/11/2124", None, "04/11/2124"),
    ],
)
def test_a_date_no_record_holds_is_an_error_at_its_cell(
    ws: Path, book: Path, value: Any, number_format: str | None, shown: str
) -> None:
    """Before: the serial -5 became 25/12/1899 with only a warning, and was written."""
    edit(book, {"Thông tin!B7": value}, {"Thông tin!B7": number_format} if number_format else {})
    before = proposal_path(ws, YEAR, "lao-cai").read_bytes()
    code, _, err = import_list(ws, book)
    assert code == 2
    assert err.startswith(
        f"lao-cai.xlsx:Thông tin!B7: error[DATA-DATE]: {shown} is outside the dates docgen "
        "accepts (01/01/1900 – 31/12/2099): a typing or conversion slip, not a real date"
    )
    assert proposal_path(ws, YEAR, "lao-cai").read_bytes() == before


def test_the_same_name_and_unit_at_two_schools_are_two_people(ws: Path, book: Path) -> None:
    """Before: the importer's key left out the school, and refused Trịnh Quang Long of Khoa Lý
    luận cơ sở at Lào Cai because Nghệ An proposes a Trịnh Quang Long of its own Khoa Lý luận
    cơ sở (DATA-DUPLICATE-NOMINEE), which `docgen validate` rightly accepts."""
    edit(book, {"C8": "Trịnh Quang Long", "F8": "Khoa Lý luận cơ sở"})
    code, out, err = import_list(ws, book)
    assert code == 0, err
    assert "DUPLICATE" not in out + err
    written = yaml.safe_load(proposal_path(ws, YEAR, "lao-cai").read_text(encoding="utf-8"))
    assert written["individuals"][0]["name"] == "Trịnh Quang Long"
    assert run(ws, "validate")[0] == 0


def test_namesakes_of_one_unit_are_told_apart_by_their_birth_dates(ws: Path, book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    sheet = wb["Danh sách"]
    same = {"C9": sheet["C8"].value, "F9": sheet["F8"].value}
    edit(book, same)
    code, _, err = import_list(ws, book)
    assert code == 2
    assert "error[DATA-DUPLICATE-NOMINEE]" in err
    assert "give each their birth date ('Ngày sinh')" in err
    # the Ngày sinh column (hidden when nobody has one) tells them apart
    assert sheet["M4"].value == "Ngày sinh" and sheet.column_dimensions["M"].hidden
    edit(book, {"M8": dt.datetime(1980, 5, 2), "M9": "17/08/1985"})
    code, _, err = import_list(ws, book)
    assert code == 0, err
    written = yaml.safe_load(proposal_path(ws, YEAR, "lao-cai").read_text(encoding="utf-8"))
    births = [p.get("birth_date") for p in written["individuals"][:2]]
    assert births == [dt.date(1980, 5, 2), dt.date(1985, 8, 17)]
    assert run(ws, "validate")[0] == 0
    # and the same birth date is one person twice
    edit(book, {"M9": dt.datetime(1980, 5, 2)})
    code, _, err = import_list(ws, book)
    assert code == 2 and "error[DATA-DUPLICATE-NOMINEE]" in err


def test_a_birth_date_survives_export_and_import(ws: Path, tmp_path: Path) -> None:
    """Before: the importer did not know birth_date and dropped it from the school's file."""
    target = proposal_path(ws, YEAR, "lao-cai")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data["individuals"][0]["birth_date"] = dt.date(1979, 3, 8)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    book = tmp_path / "lc.xlsx"
    export_nominees(ws, YEAR, "lao-cai", book)
    sheet = openpyxl.load_workbook(book)["Danh sách"]
    assert not sheet.column_dimensions["M"].hidden
    assert sheet["M8"].value == dt.datetime(1979, 3, 8)
    assert sheet["M8"].number_format == "dd/mm/yyyy"
    code, _, err = import_list(ws, book)
    assert code == 0, err
    again = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert again["individuals"][0]["birth_date"] == dt.date(1979, 3, 8)
