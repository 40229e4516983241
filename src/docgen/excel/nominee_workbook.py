"""A school's proposal written out as a nominee workbook: the list, shared values, drop-downs."""

from __future__ import annotations

from typing import Any

from docgen.data.models import Collective, Individual, Proposal
from docgen.excel.layout import (
    STYLES,
    FastRows,
    load_layout,
    new_workbook,
    print_setup,
    row_height,
    set_widths,
    title_rows,
    workbook_bytes,
)
from docgen.excel.proposals import Context


def _exported_columns() -> list[Any]:
    return [c for c in load_layout().nominees.columns if c.width > 0]


def nominee_workbook(ctx: Context, proposal: Proposal) -> bytes:
    """The proposal as a workbook: the list (Danh sách), what it shares (Thông tin) and the
    values of the drop-down lists (Danh mục, hidden)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    layout = load_layout().nominees
    columns = _exported_columns()
    col = {c.field: i for i, c in enumerate(columns, 1)}
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = layout.sheet
    school = ctx.school_name(proposal.school)
    header = title_rows(
        ws,
        [
            (layout.title, STYLES.title),
            (f"{school} - năm {proposal.year}", STYLES.subtitle),
        ],
        len(columns),
    )
    for i, column in enumerate(columns, 1):
        ws.cell(row=header, column=i, value=column.header).style = STYLES.header
    size = load_layout().sizes.text
    ws.row_dimensions[header].height = row_height(
        [c.header for c in columns], [c.width for c in columns], load_layout().sizes.header
    )
    wrapping = [c.width if c.wrap else 0 for c in columns]
    styles = [
        STYLES.centre
        if c.field in ("index", "rank", "gender")
        else STYLES.date
        if c.field == "birth_date"
        else STYLES.wrap
        if c.wrap
        else STYLES.text
        for c in columns
    ]
    awards = {a.id: a.name for a in ctx.catalogue.awards}
    members: list[Collective | Individual] = [*proposal.collectives, *proposal.individuals]
    parts = ("family", "middle", "given")
    parts_used = any(
        isinstance(n, Individual) and any((n.family, n.middle, n.given)) for n in members
    )
    # the name parts matter for a few names only: out of the way when unused, not gone
    hidden = set() if parts_used else {col[name] for name in parts}
    if not any(isinstance(n, Individual) and n.birth_date for n in members):
        hidden.add(col["birth_date"])
    rows = FastRows(wb, ws)
    for n, nominee in enumerate(members, 1):
        r = header + n
        individual = isinstance(nominee, Individual)
        values: dict[str, Any] = {
            "index": n,
            "kind": layout.kinds["individual" if individual else "collective"],
            "name": nominee.name,
            "unit": nominee.unit,
            "award": awards[nominee.award or proposal.award],
            "achievement": nominee.achievement,
        }
        if isinstance(nominee, Individual):
            values.update(
                gender=layout.genders[nominee.gender],
                position=nominee.position,
                rank=nominee.rank or None,
                family=nominee.family,
                middle=nominee.middle or None,
                given=nominee.given,
                birth_date=nominee.birth_date,
            )
        row = [values.get(c.field) for c in columns]
        # a hidden column's empty cell need not be written
        kept = [None if v is None and i in hidden else s for i, (v, s) in enumerate(
            zip(row, styles, strict=True), 1)]  # fmt: skip
        rows.row(r, row, kept, row_height(row, wrapping, size))
    last = header + len(members)
    set_widths(ws, [c.width for c in columns])
    for i in hidden:
        ws.column_dimensions[get_column_letter(i)].hidden = True
    print_setup(ws, header, len(columns), last)

    # Danh mục: the lists the drop-downs offer (an inline list is limited to 255 characters)
    lists = wb.create_sheet(layout.lists_sheet)
    lists.sheet_state = "hidden"
    names = [a.name for a in ctx.catalogue.awards]
    for i, name in enumerate(names, 1):
        lists.cell(row=i, column=1, value=name)
    headroom = last + max(200, len(members))  # rows a clerk may still add
    rules = (
        ("kind", f'"{",".join(layout.kinds.values())}"'),
        ("gender", f'"{",".join(layout.genders.values())}"'),
        ("award", f"'{layout.lists_sheet}'!$A$1:$A${len(names)}"),
    )
    for field_name, formula in rules:
        letter = get_column_letter(col[field_name])
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.error = f"Chọn một giá trị trong danh sách ({layout.column(field_name).header})"
        check.errorTitle = "Giá trị không hợp lệ"
        check.showErrorMessage = True
        check.add(f"{letter}{header + 1}:{letter}{headroom}")
        ws.add_data_validation(check)
    letter = get_column_letter(col["rank"])
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    whole.allow_blank = True
    whole.error = "Thứ tự trong đơn vị là một số nguyên (1 = đứng đầu)"
    whole.showErrorMessage = True
    whole.add(f"{letter}{header + 1}:{letter}{headroom}")
    ws.add_data_validation(whole)

    _info_sheet(wb, ctx, proposal, f"'{layout.lists_sheet}'!$A$1:$A${len(names)}")
    wb.active = 0
    return workbook_bytes(wb, [rows])


def _info_sheet(wb: Any, ctx: Context, proposal: Proposal, award_list: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    layout = load_layout().nominees
    info = wb.create_sheet(layout.info_sheet)
    header = title_rows(info, [("THÔNG TIN TỜ TRÌNH", STYLES.title)], 3)
    for i, text in enumerate(("Mục", "Giá trị", "Ghi chú"), 1):
        info.cell(row=header, column=i, value=text).style = STYLES.header
    school_name = ctx.school_name(proposal.school)
    award = ctx.catalogue.get(proposal.award)
    rows: dict[str, tuple[Any, str | None, str]] = {
        "campaign": (proposal.campaign, ctx.campaigns.get(proposal.campaign), STYLES.text),
        "year": (proposal.year, None, STYLES.centre),
        "school": (proposal.school, school_name, STYLES.text),
        "date": (proposal.date, "ngày/tháng/năm", STYLES.date),
        "award": (award.name if award else proposal.award, "cho mọi người, trừ khi một dòng "
                  "ghi hình thức khác", STYLES.wrap),
    }  # fmt: skip
    widths = (30, 36, 50)
    for r, row in enumerate(layout.info, header + 1):
        value, note, style = rows[row.field]
        info.cell(row=r, column=1, value=row.label).style = STYLES.section
        info.cell(row=r, column=2, value=value).style = style
        info.cell(row=r, column=3, value=note).style = STYLES.wrap
        info.row_dimensions[r].height = row_height(
            [row.label, value, note], widths, load_layout().sizes.text
        )
        if row.field == "award":
            check = DataValidation(type="list", formula1=award_list, allow_blank=False)
            check.add(f"B{r}")
            info.add_data_validation(check)
    set_widths(info, widths)
    print_setup(info, header, len(widths))
