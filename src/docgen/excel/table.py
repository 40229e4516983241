"""A nominee table (from a sheet or a Word table) → nominee records, every bad cell located.

The header row is found by its column names (in any order, under any title rows); each row
under it is a collective or an individual, told by its ``Đối tượng`` cell or by the section
row above it (``I. TẬP THỂ``, ``II. CÁ NHÂN``, as docgen's Tờ trình writes them).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from docgen.awards.commendation import position_in_unit
from docgen.data.models import AwardCatalogue, AwardRule
from docgen.errors import Location, Problems
from docgen.excel.layout import NomineeLayout, load_layout
from docgen.excel.reader import Cell, Grid
from docgen.vn.text import detect_legacy_encoding, find_forbidden_xml_chars

Kind = Literal["collective", "individual"]
# fields that only an individual has (models.py Individual)
INDIVIDUAL_ONLY = ("gender", "position", "rank", "family", "middle", "given", "birth_date")
# the first words of a unit's name, to split a Tờ trình's "Chức vụ, đơn vị" cell
# ("Phó Trưởng Khoa Lý luận cơ sở" → "Phó Trưởng khoa" + "Khoa Lý luận cơ sở")
UNIT_WORDS = (
    "Khoa",
    "Phòng",
    "Ban",
    "Văn phòng",
    "Trung tâm",
    "Bộ môn",
    "Tổ",
    "Viện",
    "Thư viện",
    "Tạp chí",
    "Đảng ủy",
    "Công đoàn",
    "Đoàn",
)
_SECTION = re.compile(r"^(?:[ivxlc]+\s*[.)]\s*)?(tập thể|cá nhân)\s*(?:\(\s*\d+\s*\))?\s*:?$")


def header_key(text: str) -> str:
    """A column title as compared: case, spacing around '/' and ',' and a trailing ':' or
    '(*)' do not matter."""
    key = unicodedata.normalize("NFC", text).casefold()
    key = re.sub(r"\(\s*\*\s*\)|\*", " ", key)
    key = re.sub(r"\s+", " ", key).strip().rstrip(":").strip()
    return re.sub(r"\s*([/,])\s*", r"\1 ", key).replace("/ ", "/").strip()


def fold(text: str) -> str:
    """Text as compared for identity: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass
class Header:
    """Where the header row is and which field each column holds."""

    row: int  # index in grid.rows
    fields: dict[int, str]  # column index (0-based) → field
    cells: dict[str, Cell]  # field → its header cell


@dataclass
class Row:
    """One nominee as read: its fields (model names) and the cell each came from."""

    kind: Kind
    values: dict[str, Any]
    cells: dict[str, Cell]  # field → its cell, for every column the table has
    anchor: Cell  # the name cell (or the row's first) for errors about the whole row
    blank: set[str] = field(default_factory=set)  # fields whose cell is there but empty

    @property
    def where(self) -> Location:
        return self.anchor.location

    def place(self, field_name: str) -> Location:
        """Where ``field_name`` of this nominee was read (the row when it has no column)."""
        cell = self.cells.get(field_name)
        return cell.location if cell is not None else self.where


def _aliases(layout: NomineeLayout) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in layout.columns:
        for title in (column.header, *column.aliases):
            table[header_key(title)] = column.field
    return table


def find_header(grid: Grid, layout: NomineeLayout | None = None) -> Header | None:
    """The first row (of the first few) naming the name column and at least one other."""
    rules = layout or load_layout().nominees
    known = _aliases(rules)
    for index, row in enumerate(grid.rows[: load_layout().limits.header_rows]):
        found: dict[int, str] = {}
        for col, cell in enumerate(row):
            if isinstance(cell.value, str) and header_key(cell.value) in known:
                found[col] = known[header_key(cell.value)]
        if "name" in found.values() and len(set(found.values())) >= 2:
            cells = {f: row[c] for c, f in sorted(found.items(), reverse=True)}
            return Header(index, found, cells)
    return None


def check_header(grid: Grid, header: Header, layout: NomineeLayout, problems: Problems) -> None:
    """Unknown, repeated and missing columns of the header row."""
    known = ", ".join(f"'{c.header}'" for c in layout.columns if c.width)
    seen: dict[str, Cell] = {}
    for col, cell in enumerate(grid.rows[header.row]):
        if cell.empty:
            continue
        name = str(cell.value).strip()
        if col not in header.fields:
            problems.add(
                "DATA-COLUMN-UNKNOWN",
                f"unknown column '{name}'",
                cell.location,
                f"docgen knows the columns {known}: rename this one or delete it",
            )
            continue
        field_name = header.fields[col]
        if field_name in seen:
            problems.add(
                "DATA-COLUMN-DUPLICATE",
                f"column '{name}' appears twice (first at {seen[field_name].location})",
                cell.location,
                "keep one of them",
            )
        else:
            seen[field_name] = cell
    row_at = grid.row_locations[header.row]
    for column in layout.columns:
        if column.required and column.field not in seen:
            problems.add(
                "DATA-COLUMN-MISSING", f"required column '{column.header}' is missing", row_at
            )
    if "position_unit" in seen and ({"position", "unit"} & set(seen)):
        problems.add(
            "DATA-COLUMN-DUPLICATE",
            f"'{layout.column('position_unit').header}' and "
            f"'{layout.column('position').header}' / '{layout.column('unit').header}' say the "
            "same thing twice",
            seen["position_unit"].location,
            "keep the combined column or the separate ones",
        )


def section_kind(row: list[Cell]) -> Kind | None:
    """``I. TẬP THỂ (03)`` → collective; ``II. CÁ NHÂN`` → individual; else None."""
    values = {c.value for c in row if c.value is not None and c.value != ""}
    if len(values) != 1:
        return None  # a data row: several values (the common case, decided without folding)
    texts = {fold(str(v)) for v in values}
    match = _SECTION.match(texts.pop())
    if match is None:
        return None
    return "collective" if match.group(1) == "tập thể" else "individual"


@dataclass
class Reader:
    """Reads the rows under a header: one instance per table."""

    grid: Grid
    header: Header
    catalogue: AwardCatalogue
    school_name: str
    layout: NomineeLayout
    problems: Problems

    def __post_init__(self) -> None:
        self.headers = {c.field: c.header for c in self.layout.columns}
        self.kinds = {fold(v): k for k, v in self.layout.kinds.items()}
        self.kinds.update({k: k for k in self.layout.kinds})
        self.genders = {fold(v): k for k, v in self.layout.genders.items()}
        self.genders.update({fold(k): k for k in self.layout.genders})
        self.awards: dict[str, AwardRule] = {}
        for award in self.catalogue.awards:
            self.awards[fold(award.name)] = award
            self.awards[award.id] = award
        self.limit = load_layout().limits.cell_chars

    # -- cells ------------------------------------------------------------------------------
    def text(self, cell: Cell, field_name: str) -> str | None:
        value = cell.value
        if value is None:
            return None
        if isinstance(value, dt.datetime | dt.date | dt.time):
            self.problems.add(
                "DATA-TYPE",
                f"'{self.headers[field_name]}' must be text, not a date",
                cell.location,
                "format the cell as Text and type the value again",
            )
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = unicodedata.normalize("NFC", str(value)).strip()
        if not text:
            return None
        if len(text) > self.limit:
            self.problems.add(
                "DATA-VALUE",
                f"'{self.headers[field_name]}' is too long ({len(text)} characters; at most "
                f"{self.limit})",
                cell.location,
            )
            return None
        forbidden = find_forbidden_xml_chars(text)
        if forbidden:
            position, char = forbidden[0]
            self.problems.add(
                "DATA-CHAR",
                f"'{self.headers[field_name]}' contains the control character "
                f"U+{ord(char):04X} at position {position + 1}, which a Word document cannot "
                "hold",
                cell.location,
                "delete it (it usually comes from copying out of a PDF or an old program)",
            )
            return None
        legacy = detect_legacy_encoding(text)
        if legacy:
            self.problems.add(
                "DATA-LEGACY-TEXT",
                f"'{self.headers[field_name]}' looks typed with a legacy {legacy} font, not "
                f"Unicode: '{text[:40]}'",
                cell.location,
                "convert it to Unicode (for example with UniKey's converter) or retype it",
            )
            return None
        return text

    def value(self, cell: Cell, field_name: str) -> Any:
        """The cell's value for ``field_name``, or None (empty, or reported bad)."""
        if cell.formula:
            self.problems.add(
                "DATA-FORMULA",
                f"'{self.headers[field_name]}' holds a formula ({str(cell.value)[:40]}): docgen "
                "reads values only and never computes formulas",
                cell.location,
                "copy the column and paste it back with Paste Special → Values",
            )
            return None
        if field_name == "rank":
            return self.rank(cell)
        if field_name == "birth_date":
            if cell.empty:
                return None
            day, why = read_date(cell.value)
            if day is None:
                self.problems.add(
                    "DATA-DATE", f"'{self.headers[field_name]}': {why}", cell.location
                )
            return day
        text = self.text(cell, field_name)
        if text is None:
            return None
        if field_name == "kind":
            kind = self.kinds.get(fold(text))
            if kind is None:
                self.bad_choice(cell, "kind", text, self.layout.kinds.values())
            return kind
        if field_name == "gender":
            gender = self.genders.get(fold(text))
            if gender is None:
                self.bad_choice(cell, "gender", text, self.layout.genders.values())
            return gender
        if field_name == "award":
            award = self.awards.get(fold(text)) or self.awards.get(text)
            if award is None:
                known = "; ".join(a.name for a in self.catalogue.awards)
                self.problems.add(
                    "DATA-REF",
                    f"unknown award '{text}'",
                    cell.location,
                    f"choose one of the catalogue (data/law/awards.yaml): {known}",
                )
                return None
            return award.id
        return text

    def bad_choice(self, cell: Cell, field_name: str, text: str, choices: Any) -> None:
        wanted = " or ".join(choices)
        self.problems.add(
            "DATA-VALUE",
            f"'{self.headers[field_name]}' must be {wanted}, not '{text}'",
            cell.location,
        )

    def rank(self, cell: Cell) -> int | None:
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        else:
            number = None
        if number is None or number < 0:
            self.problems.add(
                "DATA-TYPE",
                f"'{self.headers['rank']}' must be a whole number (1 = first in the unit), "
                f"not '{value}'",
                cell.location,
            )
            return None
        return number

    # -- rows -------------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        records: list[Row] = []
        section: Kind | None = None
        columns = self.header.fields
        # a column whose title is unknown is reported at its title, not at each value
        untitled = {c for c, cell in enumerate(self.grid.rows[self.header.row]) if not cell.empty}
        for index in range(self.header.row + 1, len(self.grid.rows)):
            cells = self.grid.rows[index]
            kind_of_section = section_kind(cells)
            if kind_of_section is not None:
                section = kind_of_section
                continue
            for col, cell in enumerate(cells):
                if col not in columns and col not in untitled and not cell.empty:
                    untitled.add(col)  # once a column: its first value says it all
                    self.problems.add(
                        "DATA-COLUMN-UNKNOWN",
                        "a value in a column without a known title: docgen would not read it",
                        cell.location,
                        "give the column one of the titles docgen knows, or empty it",
                    )
            used = {
                f: cells[c]
                for c, f in columns.items()
                if c < len(cells) and f != "index" and not cells[c].empty
            }
            if not used:
                continue  # a blank row
            record = self.row(cells, used, section, index)
            if record is not None:
                records.append(record)
        return records

    def row(
        self, cells: list[Cell], used: dict[str, Cell], section: Kind | None, index: int
    ) -> Row | None:
        columns = self.header.fields
        present = {f: cells[c] for c, f in columns.items() if c < len(cells)}
        values: dict[str, Any] = {}
        before = len(self.problems)
        for field_name, cell in used.items():
            values[field_name] = self.value(cell, field_name)
        anchor = present.get("name") or Cell(None, self.grid.row_locations[index])
        where = anchor.location
        kind: Kind | None = values.pop("kind", None) or section
        if kind is None and "kind" not in used:
            kind_header = self.layout.column("kind").header
            self.problems.add(
                "DATA-KIND",
                "docgen cannot tell whether this row is a collective or an individual",
                present["kind"].location if "kind" in present else where,
                f"fill the '{kind_header}' column ({' or '.join(self.layout.kinds.values())}), "
                "or put the rows under a row 'I. TẬP THỂ' / 'II. CÁ NHÂN'",
            )
        for required in ("name", "achievement"):
            if required in present and values.get(required) is None and required not in used:
                self.problems.add(
                    "DATA-EMPTY-VALUE",
                    f"'{self.headers[required]}' is empty",
                    present[required].location,
                )
        if kind == "collective":
            for name in INDIVIDUAL_ONLY:
                if values.get(name) is not None:
                    self.problems.add(
                        "DATA-VALUE",
                        f"'{self.headers[name]}' is for individuals, and this row is a collective",
                        present[name].location,
                        "empty the cell, or make the row an individual",
                    )
        if len(self.problems) > before or kind is None:
            return None
        combined = values.pop("position_unit", None)
        if combined is not None:
            values.update(self.split_position_unit(combined, kind))
        blank = {f for f in present if f not in used}
        return Row(kind, {k: v for k, v in values.items() if v is not None}, present, anchor, blank)

    def split_position_unit(self, text: str, kind: Kind) -> dict[str, str]:
        """A Tờ trình's "Chức vụ, đơn vị": the school's name at the end is the default unit;
        the rest is the position and the unit, split where the unit's name begins."""
        school = fold(self.school_name)
        rest = text
        if fold(rest) == school:
            rest = ""
        elif fold(rest).endswith(", " + school):
            rest = rest[: -len(self.school_name)].rstrip().rstrip(",").rstrip()
        if not rest:
            return {}
        if kind == "collective":
            return {"unit": rest}
        position, unit = split_position(rest)
        return {"position": position, "unit": unit} if unit else {"position": position}


def split_position(text: str) -> tuple[str, str | None]:
    """``Phó Trưởng Khoa Lý luận cơ sở`` → (``Phó Trưởng khoa``, ``Khoa Lý luận cơ sở``): the
    inverse of commendation.position_in_unit, checked by composing the parts again."""
    words = text.split()
    for i in range(1, len(words)):
        for unit_word in UNIT_WORDS:
            size = len(unit_word.split())
            if " ".join(words[i : i + size]) != unit_word or i + size >= len(words):
                continue  # not a unit's name, or the bare word ("Chánh Văn phòng")
            unit = " ".join(words[i:])
            position = " ".join(words[:i])
            if words[i - 1] in ("Trưởng", "Phó"):  # "Trưởng khoa" merged into "Trưởng Khoa …"
                position = f"{position} {words[i].lower()}"
            if position_in_unit(position, unit) == text:
                return position, unit
    return text, None


_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
# Excel's serial day numbers: 1 is 01/01/1900, 2958465 is 31/12/9999
_SERIAL_RANGE = (1, 2958465)


def read_date(value: Any) -> tuple[dt.date | None, str | None]:
    """A date from a cell or an option: an Excel date, its serial number, ``28/10/2024``
    (also with ``-`` or ``.``), ``2024-10-28`` or ``ngày 28 tháng 10 năm 2024``. Returns the
    date, or None and why not in plain words."""
    day, why = _read_date(value)
    if day is not None:
        from docgen.rules import data_limits

        why = data_limits().date_problem(day)
        if why is not None:
            return None, why
    return day, why


def _read_date(value: Any) -> tuple[dt.date | None, str | None]:
    from docgen.vn.dates import check_date

    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1] and float(value).is_integer():
            from openpyxl.utils.datetime import from_excel

            day = from_excel(value)
            return (day.date() if isinstance(day, dt.datetime) else day), None
        return None, f"'{value}' is not a date"
    text = unicodedata.normalize("NFC", str(value)).strip()
    found = _DMY.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
    elif (found := _YMD.match(text)) is not None:
        year, month, day = (int(g) for g in found.groups())
    elif (found := _WORDS.fullmatch(text)) is not None:
        day, month, year = (int(g) for g in found.groups())
    else:
        return None, f"'{text}' is not a date: write it as dd/mm/yyyy (28/10/2024)"
    why = check_date(year, month, day)
    if why is not None:
        return None, f"'{text}' is not a real date: {why}"
    return dt.date(year, month, day), None


def find_date_words(text: str) -> str | None:
    """The first ``ngày 28 tháng 10 năm 2024`` in a text (a date line), as written."""
    found = _WORDS.search(text)
    return found.group(0) if found else None
