"""Lists for the finance office and the archive as workbooks: a decision's attached list with
its money, the register book, and the số sổ vàng book of a decision.

Money is written as numbers (with the reader's thousands separator), and every total is a
formula, so that the sheet stays right when a clerk edits it; docgen computes the same totals
itself, checks the formulas' ranges add up to them, and writes the grand total in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.awards.commendation import Awardee, DecisionList
from docgen.awards.kinds.decision_award import awarded
from docgen.awards.specs import AwardDecisionSpec
from docgen.data.models import CertificateSpec
from docgen.data.workspace import Workspace
from docgen.errors import DocgenError, RegisterError
from docgen.excel.layout import (
    STYLES,
    FastRows,
    Formula,
    load_layout,
    new_workbook,
    number_style,
    print_setup,
    row_height,
    set_widths,
    title_rows,
    workbook_bytes,
)
from docgen.register import Entry, Register
from docgen.vn.dates import short_date
from docgen.vn.numbers import format_money_dong, money_words
from docgen.vn.roman import to_roman


@dataclass
class Sheet:
    """What was written: the file, its rows of data, and the total when there is money."""

    path: Path
    rows: int
    total: int | None = None


def _decision(ws: Workspace, spec_id: str) -> AwardDecisionSpec:
    spec = ws.specs[spec_id]
    if not isinstance(spec, AwardDecisionSpec):
        raise DocgenError(
            f"{ws.spec_display(spec_id)} is not an award decision (kind: decision_award)",
            code="SPEC-KIND",
        )
    return spec


def decision_data(ws: Workspace, spec_id: str) -> DecisionList:
    spec = _decision(ws, spec_id)
    if len(spec.award_ids) > 1:
        # one sheet holds one list: a decision of several awards would lose all but its first
        raise DocgenError(
            f"{ws.spec_display(spec_id)} gives several awards ({', '.join(spec.award_ids)}): "
            "its lists are not exported to a workbook yet",
            code="SPEC-KIND",
            hint="the decision's .docx holds every list (one DANH SÁCH per award)",
        )
    return awarded(ws, spec)


def _numbered(ws: Workspace, spec_id: str, register: Register) -> Entry:
    entry = register.get_by_spec(ws.spec_display(spec_id))
    if entry is None:
        raise RegisterError(
            f"the decision {spec_id} has no number in the register yet",
            code="REGISTER-CITE",
            hint="build it first (docgen build): the list names the decision by its number",
        )
    return entry


def _decision_words(ws: Workspace, spec: AwardDecisionSpec, entry: Entry) -> str:
    """``Quyết định số 1569-QĐ/HVCTQG ngày 20/12/2024 của Giám đốc Học viện …``."""
    from docgen.documents.context import issuer_title

    issuer = ws.issuers[spec.issuer]
    day = short_date(entry.date, issuer.pad_dates)
    return f"Quyết định số {entry.symbol} ngày {day} của {issuer_title(issuer)}"


def decision_workbook(ws: Workspace, spec_id: str, register: Register) -> tuple[bytes, int, int]:
    """The decision's attached list (as its DANH SÁCH: collectives, then individuals) with the
    money of each awardee, a formula subtotal per group and a grand total; an award without
    money (an office's own title) has no coefficient, money or totals. Returns the workbook,
    the number of awardees and the total docgen computed."""
    from docgen.awards.wording import award_wording

    layout = load_layout().decision
    spec = _decision(ws, spec_id)
    entry = _numbered(ws, spec_id, register)
    data = decision_data(ws, spec_id)
    wb = new_workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = layout.sheet
    paid = data.award.paid
    columns = layout.columns if paid else layout.columns[:-2]  # no coefficient, no money
    width = len(columns)
    whom = " VÀ ".join(
        w for w, group in (("TẬP THỂ", data.collectives), ("CÁ NHÂN", data.individuals)) if group
    )
    header = title_rows(
        sheet,
        [
            ("DANH SÁCH", STYLES.title),
            (f"{whom} {award_wording(data.award).list}", STYLES.title),
            (f"(Kèm theo {_decision_words(ws, spec, entry)})", STYLES.subtitle),
        ],
        width,
    )
    for i, column in enumerate(columns, 1):
        sheet.cell(row=header, column=i, value=column.header).style = STYLES.header
    size = load_layout().sizes.text
    sheet.row_dimensions[header].height = row_height(
        [c.header for c in columns], [c.width for c in columns], load_layout().sizes.header
    )
    wrapping = [c.width if c.wrap else 0 for c in columns]
    money = get_column_letter(width)
    rows = FastRows(wb, sheet)
    line = size * load_layout().text_metrics.line_height + 2
    r = header + 1
    subtotals: list[str] = []
    checked = 0
    groups = [("TẬP THỂ", data.collectives), ("CÁ NHÂN", data.individuals)]
    styles = (STYLES.centre, STYLES.wrap, STYLES.wrap, STYLES.wrap, STYLES.coefficient,
              STYLES.money)  # fmt: skip
    for number, (label, awardees) in enumerate([g for g in groups if g[1]], 1):
        banner = f"{to_roman(number)}. {label} ({len(awardees):02d})"
        rows.row(r, [banner, *[None] * (width - 1)], [STYLES.section] * width, line)
        rows.merge(r, 1, width)
        r += 1
        first = r
        for n, awardee in enumerate(awardees, 1):
            values: list[Any] = [
                n,
                awardee.name,
                awardee.position or None,
                awardee.school,
                float(awardee.amount.coefficient),
                awardee.amount.value,
            ][:width]
            rows.row(r, values, styles[:width], row_height(values, wrapping, size))
            checked += awardee.amount.value
            r += 1
        if not paid:
            continue
        _total_row(rows, r, f"Cộng {label.lower()}", f"=SUM({money}{first}:{money}{r - 1})",
                   width, line)  # fmt: skip
        subtotals.append(f"{money}{r}")
        r += 1
    if checked != data.total:  # pragma: no cover - the rows are the list's own amounts
        raise AssertionError(f"the rows add up to {checked}, the list to {data.total}")
    if not paid:
        set_widths(sheet, [c.width for c in columns])
        print_setup(sheet, header, width, r - 1)
        count = len(data.collectives) + len(data.individuals)
        return workbook_bytes(wb, [rows]), count, 0
    _total_row(rows, r, "Tổng cộng", "=" + ("+".join(subtotals) or "0"), width, line)
    words = f"Tổng số tiền thưởng: {format_money_dong(data.total)} ({money_words(data.total)})."
    rows.row(r + 1, [words, *[None] * (width - 1)], [STYLES.note, *[None] * (width - 1)], line)
    rows.merge(r + 1, 1, width)
    set_widths(sheet, [c.width for c in columns])
    print_setup(sheet, header, width, r + 1)
    count = len(data.collectives) + len(data.individuals)
    return workbook_bytes(wb, [rows]), count, data.total


def _total_row(rows: FastRows, r: int, label: str, formula: str, width: int, height: float) -> None:
    values: list[Any] = [label, *[None] * (width - 2), Formula(formula)]
    rows.row(r, values, [*[STYLES.total] * (width - 1), STYLES.total_money], height)
    rows.merge(r, 1, width - 1)


def register_workbook(
    entries: Sequence[Entry], issuer: str | None = None, year: int | None = None
) -> bytes:
    """The register book ("sổ đăng ký văn bản đi"): the columns of the .docx and CSV book, with
    the number as a number and the date as a date."""
    from docgen.register.export import HEADERS, TITLE, row_cells

    layout = load_layout().register_book
    wb = new_workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = layout.sheet
    years = sorted({e.date.year for e in entries})
    when = f"Năm {year}" if year is not None else (
        f"Năm {years[0]}" if len(years) == 1 else
        f"Năm {years[0]}–{years[-1]}" if years else ""
    )  # fmt: skip
    issuers = sorted({e.issuer for e in entries})
    who = issuer or (issuers[0] if len(issuers) == 1 else "")
    subtitle = " - ".join(p for p in (f"Cơ quan: {who}" if who else "", when) if p)
    header = title_rows(sheet, [(TITLE, STYLES.title), (subtitle, STYLES.subtitle)], len(HEADERS))
    for i, text in enumerate(HEADERS, 1):
        sheet.cell(row=header, column=i, value=text).style = STYLES.header
    size = load_layout().sizes.text
    widths = list(layout.widths)
    # the number as printed: 01, 02 … (symbols.format_number); the date as a date
    styles = [number_style(wb, "00"), STYLES.wrap, STYLES.date,
              *[STYLES.wrap] * (len(HEADERS) - 3)]  # fmt: skip
    rows = FastRows(wb, sheet)
    for r, entry in enumerate(entries, header + 1):
        cells: list[Any] = row_cells(entry)
        cells[0], cells[2] = entry.number, entry.date
        rows.row(r, cells, styles, row_height(cells, widths, size))
    set_widths(sheet, widths)
    print_setup(sheet, header, len(HEADERS), header + len(entries))
    return workbook_bytes(wb, [rows])


def _book_width(ws: Workspace, spec_id: str) -> int:
    """The width of the số sổ vàng as the decision's certificates print it (0001)."""
    from docgen.data.loader import load_yaml
    from docgen.data.workspace import display_path, validate

    for path in sorted((ws.data_dir / "certificates").glob("*.yaml")):
        source, problems = load_yaml(path, display_path(ws.root, path))
        if problems:
            continue
        spec, problems = validate(CertificateSpec, source, source.data)
        if spec is not None and spec.decision == spec_id:
            return spec.book_width
    return int(CertificateSpec.model_fields["book_width"].default)


def book_workbook(ws: Workspace, spec_id: str, register: Register) -> tuple[bytes, int]:
    """The số sổ vàng book of a decision: every number given so far to its awardees, in order,
    with who received it and for what."""
    from docgen.awards.certificates import _awardee_key

    layout = load_layout().book
    spec = _decision(ws, spec_id)
    entry = _numbered(ws, spec_id, register)
    data = decision_data(ws, spec_id)
    everyone: dict[str, Awardee] = {
        _awardee_key(a): a for a in [*data.collectives, *data.individuals]
    }
    given = register.book(ws.spec_display(spec_id))
    width = _book_width(ws, spec_id)
    wb = new_workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = layout.sheet
    columns = layout.columns
    header = title_rows(
        sheet,
        [
            ("SỔ VÀNG", STYLES.title),
            (f"{data.award.name.upper()}", STYLES.title),
            (f"({_decision_words(ws, spec, entry)})", STYLES.subtitle),
        ],
        len(columns),
    )
    for i, column in enumerate(columns, 1):
        sheet.cell(row=header, column=i, value=column.header).style = STYLES.header
    decision = f"Quyết định số {entry.symbol} ngày {short_date(entry.date)}"
    size = load_layout().sizes.text
    widths = [c.width if c.wrap else 0 for c in columns]
    styles = [number_style(wb, "0" * width), *[STYLES.wrap] * (len(columns) - 1)]
    rows = FastRows(wb, sheet)
    for r, (number, key, name) in enumerate(given, header + 1):
        awardee = everyone.get(key)
        if awardee is None:
            description = "(không còn trong danh sách của quyết định)"
        elif awardee.kind == "individual":
            description = awardee.description
        else:
            description = awardee.school
        values: list[Any] = [number, name, description, data.award.name, decision]
        rows.row(r, values, styles, row_height(values, widths, size))
    set_widths(sheet, [c.width for c in columns])
    print_setup(sheet, header, len(columns), header + len(given))
    return workbook_bytes(wb, [rows]), len(given)
