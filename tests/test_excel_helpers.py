"""The pure helpers of the Excel import: table-driven."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.awards.commendation import position_in_unit
from docgen.cli.init import abbreviation, head_title, slug
from docgen.data.loader import load_yaml
from docgen.data.yaml_writer import dump, scalar
from docgen.errors import CellLocation, Location, TableLocation, column_letters
from docgen.excel.layout import line_count
from docgen.excel.reader import Cell
from docgen.excel.table import header_key, read_date, section_kind, split_position


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Họ và tên / Tên tập thể", "họ và tên/tên tập thể"),
        ("HỌ VÀ TÊN/TÊN TẬP THỂ", "họ và tên/tên tập thể"),
        ("  Chức vụ ,đơn vị: ", "chức vụ, đơn vị"),
        ("Họ và tên (*)", "họ và tên"),
        ("Tóm tắt\nthành tích", "tóm tắt thành tích"),
        ("Ho\u0300 va\u0300 tên", "hò và tên"),  # decomposed (NFD) input is composed first
    ],
)
def test_header_key(title: str, key: str) -> None:
    assert header_key(title) == key


@pytest.mark.parametrize(
    ("text", "position", "unit"),
    [
        ("Phó Trưởng Khoa Lý luận cơ sở", "Phó Trưởng khoa", "Khoa Lý luận cơ sở"),
        ("Trưởng Phòng Đào tạo", "Trưởng phòng", "Phòng Đào tạo"),
        ("Giảng viên chính Khoa Dân vận", "Giảng viên chính", "Khoa Dân vận"),
        ("Chuyên viên Phòng Tổ chức - Hành chính", "Chuyên viên", "Phòng Tổ chức - Hành chính"),
        ("Chánh Văn phòng", "Chánh Văn phòng", None),
        ("Phó Hiệu trưởng", "Phó Hiệu trưởng", None),
    ],
)
def test_split_position_is_the_inverse_of_position_in_unit(
    text: str, position: str, unit: str | None
) -> None:
    assert split_position(text) == (position, unit)
    assert position_in_unit(position, unit) == text


@pytest.mark.parametrize(
    ("value", "day", "why"),
    [
        (dt.datetime(2024, 10, 28), dt.date(2024, 10, 28), None),
        ("28/10/2024", dt.date(2024, 10, 28), None),
        ("5/1/2024", dt.date(2024, 1, 5), None),
        ("05-01-2024", dt.date(2024, 1, 5), None),
        ("05.01.2024", dt.date(2024, 1, 5), None),
        ("2024-01-05", dt.date(2024, 1, 5), None),
        ("ngày 28 tháng 10 năm 2024", dt.date(2024, 10, 28), None),
        (45593, dt.date(2024, 10, 28), None),  # Excel's serial number of that day
        ("29/02/2023", None, "'29/02/2023' is not a real date: February 2023 has 28 days"),
        ("13/13/2024", None, "'13/13/2024' is not a real date: there is no month 13"),
        ("28/10/24", None, "'28/10/24' is not a date: write it as dd/mm/yyyy (28/10/2024)"),
        (-3, None, "'-3' is not a date"),
    ],
)
def test_read_date(value: object, day: dt.date | None, why: str | None) -> None:
    assert read_date(value) == (day, why)


def cells(*values: object) -> list[Cell]:
    return [Cell(v, Location("x")) for v in values]


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        (cells("I. TẬP THỂ (03)", "I. TẬP THỂ (03)"), "collective"),
        (cells("II. Cá nhân", None, ""), "individual"),
        (cells("Cá nhân:"), "individual"),
        (cells("1", "Khoa Dân vận"), None),
        (cells("Tập thể lao động xuất sắc"), None),
        (cells(None), None),
    ],
)
def test_section_rows(row: list[Cell], kind: str | None) -> None:
    assert section_kind(row) == kind


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        (CellLocation("lao-cai.xlsx", 12, 3, sheet="Danh sách"), "lao-cai.xlsx:Danh sách!C12"),
        (CellLocation("a.xlsx", 1, 27, sheet="S"), "a.xlsx:S!AA1"),
        (CellLocation("a.xlsx", sheet="S"), "a.xlsx:S"),
        (TableLocation("to-trinh.docx", 7, table=2), "to-trinh.docx:bảng 2, dòng 7"),
    ],
)
def test_locations_as_a_clerk_reads_them(location: Location, shown: str) -> None:
    assert str(location) == shown


@pytest.mark.parametrize(("col", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (703, "AAA")])
def test_column_letters(col: int, letters: str) -> None:
    assert column_letters(col) == letters


@pytest.mark.parametrize(
    "text",
    [
        "Khoa Dân vận",
        "Quý I: phát động",
        "- Như trên",
        "no",
        "001203",
        "2024-01-05",
        "#1 của trường",
        "“Cán bộ trường Đảng mẫu mực”",
        "a\tb",
        "'quoted'",
        "",
        " leading space",
        "true",
        "~",
        "50%",
    ],
)
def test_yaml_text_reads_back_as_written(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(dump([{"value": text, "list": [text]}]), encoding="utf-8")
    source, problems = load_yaml(path)
    assert not problems, [p.format() for p in problems]
    assert source.data == {"value": text, "list": [text]}


@pytest.mark.parametrize(
    ("value", "yaml"),
    [("Khoa Dân vận", "Khoa Dân vận"), ("no", '"no"'), (True, "true"), (7, "7"),
     (dt.date(2024, 1, 5), "2024-01-05"), ("a: b", '"a: b"')],
)  # fmt: skip
def test_scalar(value: object, yaml: str) -> None:
    assert scalar(value) == yaml


@pytest.mark.parametrize(
    ("name", "identifier", "abbr", "title"),
    [
        ("Sở Nội vụ tỉnh Nghệ An", "so-noi-vu-tinh-nghe-an", "SNV", "Giám đốc"),
        ("Trường Chính trị tỉnh Lào Cai", "truong-chinh-tri-tinh-lao-cai", "TCT", "Hiệu trưởng"),
        ("Ủy ban nhân dân thành phố Đà Nẵng", "uy-ban-nhan-dan-thanh-pho-da-nang", "UBND",
         "Chủ tịch"),
        ("Cơ quan mẫu", "co-quan-mau", "CQM", "Thủ trưởng"),
    ],
)  # fmt: skip
def test_init_names(name: str, identifier: str, abbr: str, title: str) -> None:
    assert (slug(name), abbreviation(name), head_title(name)) == (identifier, abbr, title)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [(None, 10, 1), ("ngắn", 10, 1), ("một hai ba bốn năm sáu bảy tám", 10, 3),
     ("a\nb\nc", 40, 3), ("x" * 50, 10, 5)],
)  # fmt: skip
def test_line_count(text: str | None, width: float, lines: int) -> None:
    assert line_count(text, width) == lines
