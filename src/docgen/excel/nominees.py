"""A school's nominee list in and out: data/proposals/<year>/<school>.yaml ⇄ an Excel workbook,
and the nominee table of a Tờ trình (.docx) read in.

An exported workbook imports back to exactly the same data. An import checks every cell, reports
every problem at once (``lao-cai.xlsx:Danh sách!C12: error[DATA-VALUE]: …``) and writes nothing
unless all is well; then it writes the proposal file atomically, and only over a file holding
other data when asked to (``force``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.data.loader import KeyPath, Source, load_yaml
from docgen.data.models import (
    AwardCatalogue,
    Collective,
    Individual,
    Proposal,
    SchoolsFile,
)
from docgen.data.workspace import display_path, validate
from docgen.data.yaml_writer import dump, schema_reference
from docgen.errors import DataError, Diagnostic, Location, OutputError, Problems
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
from docgen.excel.reader import Cell, Grid, open_workbook, read_word, sheet_grid
from docgen.excel.table import (
    Header,
    Reader,
    Row,
    check_header,
    find_header,
    fold,
    read_date,
)
from docgen.output import write_atomic

# -- what the list needs from the workspace ---------------------------------------------------


@dataclass
class Context:
    """The parts of a workspace a nominee list needs: loaded on their own, so that a broken
    file elsewhere (the very proposal being replaced, say) does not stop an import."""

    root: Path
    catalogue: AwardCatalogue
    schools: SchoolsFile
    campaigns: dict[str, str]  # id → name
    periods: dict[str, tuple[int, int]]  # id → first and last year

    def school_name(self, school: str) -> str:
        return self.schools.schools[school].name

    def show(self, path: Path) -> str:
        return display_path(self.root, path)


def _load_model(root: Path, relative: str, model: Any) -> Any:
    path = root / relative
    if not path.exists():
        raise DataError([Diagnostic("DATA-LAYOUT", f"{relative} is missing", Location(relative))])
    source, problems = load_yaml(path, display_path(root, path))
    if problems:
        raise DataError(problems)
    record, problems = validate(model, source, source.data)
    if problems or record is None:
        raise DataError(problems)
    return record


def load_context(root: Path) -> Context:
    catalogue = _load_model(root, "data/law/awards.yaml", AwardCatalogue)
    schools = _load_model(root, "data/schools.yaml", SchoolsFile)
    campaigns: dict[str, str] = {}
    periods: dict[str, tuple[int, int]] = {}
    for path in sorted((root / "data" / "campaigns").glob("*.yaml")):
        source, problems = load_yaml(path, display_path(root, path))
        data = source.data
        if not problems and isinstance(data, dict) and isinstance(data.get("id"), str):
            campaigns[data["id"]] = str(data.get("name") or data["id"])
            period = data.get("period")
            if isinstance(period, dict):
                start, end = period.get("start"), period.get("end")
                if isinstance(start, int) and isinstance(end, int):
                    periods[data["id"]] = (start, end)
    return Context(root, catalogue, schools, campaigns, periods)


def proposal_path(root: Path, year: int, school: str) -> Path:
    """The school's proposal file: data/proposals/<year>/<school>.yaml."""
    return root / "data" / "proposals" / str(year) / f"{school}.yaml"


def _check_school(ctx: Context, school: str) -> None:
    if school not in ctx.schools.schools:
        raise DataError(
            [
                Diagnostic(
                    "DATA-REF",
                    f"unknown school '{school}' (data/schools.yaml)",
                    Location("--school"),
                )
            ]
        )


def _load_proposal(ctx: Context, path: Path) -> tuple[Proposal | None, list[Diagnostic]]:
    source, problems = load_yaml(path, ctx.show(path))
    if problems:
        return None, problems
    proposal, problems = validate(Proposal, source, source.data)
    return proposal, problems


def find_proposal(ctx: Context, year: int, school: str) -> tuple[Path, Proposal]:
    """The school's proposal of ``year``: its own file, else the one file of that year whose
    ``school`` it is."""
    _check_school(ctx, school)
    own = proposal_path(ctx.root, year, school)
    candidates = [own] if own.exists() else sorted(own.parent.glob("*.yaml"))
    found: list[tuple[Path, Proposal]] = []
    for path in candidates:
        proposal, problems = _load_proposal(ctx, path)
        if path == own and problems:
            raise DataError(problems)
        if proposal is not None and proposal.school == school and proposal.year == year:
            found.append((path, proposal))
    if len(found) != 1:
        where = ", ".join(ctx.show(p) for p, _ in found) or ctx.show(own)
        message = (
            f"no proposal of school '{school}' for {year} ({where})"
            if not found
            else f"school '{school}' has several proposals for {year} ({where})"
        )
        raise DataError([Diagnostic("DATA-REF", message, Location(ctx.show(own)))])
    return found[0]


# -- export -------------------------------------------------------------------------------------


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
    school = ctx.schools.schools[proposal.school]
    award = ctx.catalogue.get(proposal.award)
    rows: dict[str, tuple[Any, str | None, str]] = {
        "campaign": (proposal.campaign, ctx.campaigns.get(proposal.campaign), STYLES.text),
        "year": (proposal.year, None, STYLES.centre),
        "school": (proposal.school, school.name, STYLES.text),
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


@dataclass
class ExportResult:
    path: Path
    source: Path
    collectives: int
    individuals: int


def export_nominees(root: Path, year: int, school: str, out: Path) -> ExportResult:
    ctx = load_context(root)
    path, proposal = find_proposal(ctx, year, school)
    write_atomic(out, nominee_workbook(ctx, proposal))
    return ExportResult(out, path, len(proposal.collectives), len(proposal.individuals))


# -- import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """A value of the whole proposal and where it was found."""

    value: Any
    where: Location


class _CellSource(Source):
    """A Source whose places are cells: pydantic's errors land on the cell they are about."""

    def __init__(self, display: str, places: dict[KeyPath, Cell], where: Location) -> None:
        super().__init__(Path(display), display, None)
        self.places = places
        self.where = where

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        probe = tuple(path)
        while probe:
            if probe in self.places:
                return self.places[probe].location
            probe = probe[:-1]
        return self.where


@dataclass
class ImportResult:
    path: Path
    collectives: int
    individuals: int
    written: bool  # False: the file already held exactly this data


def _xlsx_table(path: Path, display: str) -> tuple[Grid, Header | None, dict[str, Cell]]:
    layout = load_layout().nominees
    book = open_workbook(path, display)
    try:
        names = book.sheet_names
        wanted = [n for n in names if fold(n) == fold(layout.sheet)]
        others = [n for n in names if n not in wanted and fold(n) != fold(layout.info_sheet)]
        grid: Grid | None = None
        header: Header | None = None
        for name in [*wanted, *others]:
            if fold(name) == fold(layout.lists_sheet):
                continue
            candidate = sheet_grid(book, name)
            found = find_header(candidate)
            if grid is None or found is not None:
                grid, header = candidate, found
            if found is not None:
                break
        if grid is None:
            raise DataError(
                [Diagnostic("DATA-HEADER", f"{display} has no sheet", Location(display))]
            )
        info: dict[str, Cell] = {}
        info_names = [n for n in names if fold(n) == fold(layout.info_sheet)]
        if info_names:
            labels = {fold(r.label): r.field for r in layout.info}
            for row in sheet_grid(book, info_names[0]).rows:
                if len(row) >= 2 and isinstance(row[0].value, str):
                    field_name = labels.get(fold(row[0].value))
                    if field_name is not None and field_name not in info:
                        info[field_name] = row[1]
    finally:
        book.close()
    return grid, header, info


def _word_table(path: Path, display: str) -> tuple[Grid, Header | None, dict[str, Cell], list[str]]:
    doc = read_word(path, display)
    best: tuple[int, int, Grid, Header] | None = None
    for number, grid in enumerate(doc.tables, 1):
        header = find_header(grid)
        if header is None:
            continue
        score = len(set(header.fields.values()))
        if best is None or score >= best[0]:  # the last of the best: after the signature
            best = (score, number, grid, header)
    if best is None:
        where = Location(display)
        return Grid(where, display), None, {}, [t for _, t in doc.texts]
    _, number, grid, header = best
    texts = [t for n, t in doc.texts if n != number]
    info: dict[str, Cell] = {}
    from docgen.excel.table import find_date_words

    for text in texts:
        written = find_date_words(text)
        if written:
            info["date"] = Cell(written, Location(display))
            break
    return grid, header, info, texts


def _text_choice(texts: list[str], names: dict[str, str]) -> str | None:
    """The one key whose name is written in ``texts`` (the longest when names overlap)."""
    found = {key for key, name in names.items() for t in texts if fold(name) in fold(t)}
    longest = {k for k in found if not any(fold(names[k]) in fold(names[o]) for o in found - {k})}
    return longest.pop() if len(longest) == 1 else None


def import_nominees(
    root: Path,
    source: Path,
    year: int,
    school: str,
    out: Path | None = None,
    *,
    force: bool = False,
    campaign: str | None = None,
    date: str | None = None,
    award: str | None = None,
) -> ImportResult:
    """Read a nominee list (.xlsx, or the table of a Tờ trình .docx) into the school's
    proposal file. Raises DataError listing every bad cell; OutputError when the target holds
    other data and ``force`` is not given."""
    ctx = load_context(root)
    _check_school(ctx, school)
    display = source.name
    target = out if out is not None else proposal_path(root, year, school)
    suffix = source.suffix.lower()
    texts: list[str] = []
    if suffix == ".xlsx":
        grid, header, info = _xlsx_table(source, display)
    elif suffix == ".docx":
        grid, header, info, texts = _word_table(source, display)
    else:
        raise DataError(
            [
                Diagnostic(
                    "DATA-READ",
                    f"{display}: docgen reads nominee lists from .xlsx (Excel) or .docx (a "
                    "Tờ trình's table)",
                    Location(display),
                    hint="in Excel, save an .xls or .csv file as Excel Workbook (.xlsx)",
                )
            ]
        )
    layout = load_layout().nominees
    problems = Problems()
    if header is None:
        required = ", ".join(f"'{c.header}'" for c in layout.columns if c.required)
        where = (
            f"the first {load_layout().limits.header_rows} rows of {grid.name}"
            if suffix == ".xlsx"
            else "any of its tables"
        )
        problems.add(
            "DATA-HEADER",
            f"no header row of a nominee list in {where}",
            grid.where,
            f"a header row names the columns, among them {required}",
        )
        problems.raise_if_any()
        raise AssertionError  # pragma: no cover - raise_if_any raised
    check_header(grid, header, layout, problems)
    school_name = ctx.school_name(school)
    reader = Reader(grid, header, ctx.catalogue, school_name, layout, problems)
    rows = reader.rows() if not problems else []

    prior_path = target if target.exists() else proposal_path(root, year, school)
    loaded = _load_proposal(ctx, prior_path)[0] if prior_path.exists() else None
    prior = loaded
    if prior is not None and (prior.school != school or prior.year != year):
        prior = None
    shared = _shared_values(ctx, info, texts, rows, year, school, prior, problems, display)
    shared.update(_overrides(ctx, campaign, date, award, problems))
    proposal = _assemble(ctx, rows, shared, year, school, prior, layout, problems, grid, display)
    if proposal is not None:
        _check_others(ctx, proposal, rows, target, problems)
    problems.raise_if_any()
    assert proposal is not None
    text = proposal_yaml(proposal, schema_reference(target, root, "proposal"), school_name)
    if prior_path == target:
        current = loaded  # read once
    else:
        current = _load_proposal(ctx, target)[0] if target.exists() else None
    result = ImportResult(target, len(proposal.collectives), len(proposal.individuals), False)
    if current is not None and current == proposal:
        return result  # the file already holds exactly this data (comments and all kept)
    if target.exists() and not force:
        raise OutputError(
            f"{ctx.show(target)} already exists and holds other data: importing would replace it",
            code="OUTPUT-EXISTS",
            location=Location(ctx.show(target)),
            hint="import with --force to replace it, or with --out to write another file",
        )
    write_atomic(target, text.encode("utf-8"))
    result.written = True
    return result


def _shared_values(
    ctx: Context,
    info: dict[str, Cell],
    texts: list[str],
    rows: list[Row],
    year: int,
    school: str,
    prior: Proposal | None,
    problems: Problems,
    display: str,
) -> dict[str, Given]:
    """Campaign, date and award of the proposal: from the file (its Thông tin sheet, or a
    Tờ trình's text), else from the school's current proposal file, else from the workspace
    (its one campaign; the one award every row names)."""
    layout = load_layout().nominees
    shared: dict[str, Given] = {}
    for field_name, cell in info.items():
        if cell.empty:
            continue
        label = layout.label(field_name)
        if cell.formula:
            problems.add(
                "DATA-FORMULA",
                f"'{label}' holds a formula: docgen reads values only",
                cell.location,
            )
            continue
        value = _shared_value(ctx, field_name, cell.value, label, cell.location, problems)
        if value is None:
            continue
        if field_name == "year" and value != year:
            problems.add(
                "DATA-VALUE",
                f"this list is for {value}, not for {year} (--year)",
                cell.location,
            )
        elif field_name == "school" and value != school:
            problems.add(
                "DATA-VALUE",
                f"this list is of school '{value}', not of '{school}' (--school)",
                cell.location,
            )
        shared[field_name] = Given(value, cell.location)
    whole = Location(display)
    if "campaign" not in shared and texts:
        found = _text_choice(texts, ctx.campaigns)
        if found is not None:
            shared["campaign"] = Given(found, whole)
    if "award" not in shared and texts:
        subject = [t for t in texts if fold(t).startswith("về việc")] or texts
        found = _text_choice(subject, {a.id: a.name for a in ctx.catalogue.awards})
        if found is not None:
            shared["award"] = Given(found, whole)
    if prior is not None:
        for field_name in ("campaign", "date", "award"):
            if field_name not in shared:
                shared[field_name] = Given(getattr(prior, field_name), whole)
    if "campaign" not in shared:  # the one campaign running that year
        running = [c for c, (start, end) in ctx.periods.items() if start <= year <= end]
        if len(running) == 1:
            shared["campaign"] = Given(running[0], whole)
    if "award" not in shared:
        named = {r.values.get("award") for r in rows}
        if len(named) == 1 and None not in named:
            shared["award"] = Given(named.pop(), whole)
    return shared


def _shared_value(
    ctx: Context, field_name: str, raw: Any, label: str, where: Location, problems: Problems
) -> Any:
    text = str(raw).strip() if raw is not None else ""
    if field_name == "date":
        day, why = read_date(raw)
        if day is None:
            problems.add("DATA-DATE", why or f"'{label}' is not a date", where)
        return day
    if field_name == "year":
        if isinstance(raw, int | float) and float(raw).is_integer() and not isinstance(raw, bool):
            return int(raw)
        if text.isdigit():
            return int(text)
        problems.add("DATA-TYPE", f"'{label}' must be a year (2024), not '{text}'", where)
        return None
    choices: dict[str, str]
    if field_name == "campaign":
        choices = ctx.campaigns
    elif field_name == "school":
        choices = {k: s.name for k, s in ctx.schools.schools.items()}
    else:
        choices = {a.id: a.name for a in ctx.catalogue.awards}
    if text in choices:
        return text
    by_name = [k for k, name in choices.items() if fold(name) == fold(text)]
    if len(by_name) == 1:
        return by_name[0]
    known = ", ".join(sorted(choices)) or "none"
    problems.add("DATA-REF", f"unknown {label.lower()} '{text}' (known: {known})", where)
    return None


def _overrides(
    ctx: Context, campaign: str | None, date: str | None, award: str | None, problems: Problems
) -> dict[str, Given]:
    given: dict[str, Given] = {}
    for field_name, raw, option in (
        ("campaign", campaign, "--campaign"),
        ("date", date, "--date"),
        ("award", award, "--award"),
    ):
        if raw is None:
            continue
        value = _shared_value(ctx, field_name, raw, field_name, Location(option), problems)
        if value is not None:
            given[field_name] = Given(value, Location(option))
    return given


_FIELDS = {
    "collective": ("name", "unit", "award", "achievement"),
    "individual": (
        "name",
        "family",
        "middle",
        "given",
        "gender",
        "position",
        "unit",
        "award",
        "rank",
        "achievement",
    ),
}


def _assemble(
    ctx: Context,
    rows: list[Row],
    shared: dict[str, Given],
    year: int,
    school: str,
    prior: Proposal | None,
    layout: Any,
    problems: Problems,
    grid: Grid,
    display: str,
) -> Proposal | None:
    """The rows and the shared values as a Proposal: fields the table lacks are kept from the
    school's current proposal; every field is checked where it was read."""
    whole = Location(display)
    for field_name in ("campaign", "date", "award"):
        if field_name not in shared:
            label = layout.label(field_name)
            problems.add(
                "DATA-MISSING",
                f"the proposal's {field_name} ('{label}') is not known",
                whole,
                f"give it in the sheet '{layout.info_sheet}' ('{label}'), or with --{field_name}",
            )
    if "campaign" in shared and shared["campaign"].value not in ctx.campaigns:
        problems.add(
            "DATA-REF", f"unknown campaign '{shared['campaign'].value}'", shared["campaign"].where
        )
    if not rows and not problems:
        problems.add("DATA-EMPTY", f"the list in {grid.name} has no nominees", grid.where)
    known = {(k, fold(n.name)): n for k, n in _members(prior)}
    default_award = shared["award"].value if "award" in shared else None
    groups: dict[str, list[Any]] = {"collective": [], "individual": []}
    places: dict[KeyPath, Cell] = {}
    seen: dict[tuple[str, ...], Row] = {}
    for row in rows:
        values = dict(row.values)
        earlier = known.get((row.kind, fold(values.get("name", ""))))
        _keep_prior(row, values, earlier)
        if row.kind == "individual":
            for required in ("gender", "position"):
                if required not in values:
                    header = layout.column(required).header
                    if required in row.cells:
                        message, hint = f"'{header}' is empty", None
                    else:
                        message = f"the table has no '{header}' column"
                        hint = (
                            f"add the column, or import the school's Excel list first "
                            f"(docgen export nominees gives one): a nominee already in "
                            f"data/proposals/{year}/{school}.yaml keeps what is written there"
                        )
                    problems.add(
                        "DATA-MISSING",
                        f"{message}: the {required} of '{values.get('name', '?')}' is not known",
                        row.place(required),
                        hint,
                    )
        if values.get("award") == default_award:
            values.pop("award", None)
        award_id = values.get("award") or default_award
        rule = ctx.catalogue.get(award_id) if award_id else None
        if rule is not None and not rule.allows(row.kind):
            whom = "individuals" if rule.recipients == "individual" else "collectives"
            problems.add(
                "DATA-AWARD-RECIPIENT",
                f"'{rule.name}' goes to {whom} only, not to the {row.kind} '{values.get('name')}'",
                row.place("award"),
            )
        key = (
            row.kind,
            str(award_id),
            fold(values.get("name", "")),
            fold(values.get("unit") or school),
        )
        if key in seen:
            problems.add(
                "DATA-DUPLICATE-NOMINEE",
                f"'{values.get('name')}' is already proposed for this award in {year} "
                f"(at {seen[key].place('name')})",
                row.place("name"),
                "delete one of the two rows",
            )
        else:
            seen[key] = row
        group = groups[row.kind]
        base: KeyPath = ("collectives" if row.kind == "collective" else "individuals", len(group))
        for field_name, cell in row.cells.items():
            places[(*base, field_name)] = cell
        places[base] = row.anchor
        record = {f: values[f] for f in _FIELDS[row.kind] if values.get(f) is not None}
        group.append((record, base, row))
    if problems:
        return None
    source = _CellSource(display, places, whole)
    nominees: dict[str, list[Any]] = {"collective": [], "individual": []}
    for kind, model in (("collective", Collective), ("individual", Individual)):
        for record, base, _row in groups[kind]:
            nominee, found = validate(model, source, record, base)
            problems.extend(found)
            if nominee is not None:
                nominees[kind].append(nominee)
    if problems:
        return None
    data = {
        "campaign": shared["campaign"].value,
        "year": year,
        "school": school,
        "date": shared["date"].value,
        "award": shared["award"].value,
        "collectives": nominees["collective"],
        "individuals": nominees["individual"],
    }
    proposal, found = validate(Proposal, source, data)
    problems.extend(found)
    return proposal


def _members(proposal: Proposal | None) -> list[tuple[str, Collective | Individual]]:
    if proposal is None:
        return []
    return [("collective", c) for c in proposal.collectives] + [
        ("individual", i) for i in proposal.individuals
    ]


def _keep_prior(row: Row, values: dict[str, Any], earlier: Collective | Individual | None) -> None:
    """What the table does not say of a nominee already in the school's file is kept from it:
    a column the table lacks (a Tờ trình has no Giới tính), an empty Giới tính or Chức vụ, the
    exact position and unit where the table writes them in one cell the same way."""
    if earlier is None:
        return
    fields = _FIELDS[row.kind]
    for field_name in fields:
        if field_name in ("name", "achievement"):
            continue
        absent = field_name not in row.cells and not (
            field_name in ("position", "unit")
            and "position_unit" in row.cells
            and row.kind == "individual"
        )
        blank = field_name in ("gender", "position") and field_name not in values
        if (absent or blank) and field_name not in values:
            value = getattr(earlier, field_name, None)
            if value is not None and value != 0:
                values[field_name] = value
    if isinstance(earlier, Individual) and "position_unit" in row.cells and "position" in values:
        from docgen.awards.commendation import position_in_unit

        as_read = position_in_unit(values["position"], values.get("unit"))
        if position_in_unit(earlier.position, earlier.unit) == as_read:
            values["position"] = earlier.position
            if earlier.unit is None:
                values.pop("unit", None)
            else:
                values["unit"] = earlier.unit


def _check_others(
    ctx: Context, proposal: Proposal, rows: list[Row], target: Path, problems: Problems
) -> None:
    """Nobody may be proposed twice for the same award in the same year by two proposal files
    (as `docgen validate` would find once the file is written)."""
    folder = proposal_path(ctx.root, proposal.year, proposal.school).parent
    if target.resolve().parent != folder.resolve():
        return  # written outside the workspace's proposals: no other file to clash with
    others: dict[tuple[str, ...], str] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.resolve() == target.resolve():
            continue
        other, _ = _load_proposal(ctx, path)
        if other is None or other.campaign != proposal.campaign or other.year != proposal.year:
            continue
        for kind, nominee in _members(other):
            key = _key(other, kind, nominee)
            others.setdefault(key, ctx.show(path))
    if not others:
        return
    by_name = {fold(r.values.get("name", "")): r for r in rows}
    for kind, nominee in _members(proposal):
        at = others.get(_key(proposal, kind, nominee))
        if at is not None:
            row = by_name.get(fold(nominee.name))
            where = row.place("name") if row else Location(proposal.school)
            problems.add(
                "DATA-DUPLICATE-NOMINEE",
                f"'{nominee.name}' is already proposed for this award in {proposal.year} (at {at})",
                where,
            )


def _key(proposal: Proposal, kind: str, nominee: Collective | Individual) -> tuple[str, ...]:
    """As workspace._check_commendation compares nominees."""
    return (
        kind,
        nominee.award or proposal.award,
        fold(nominee.name),
        fold(nominee.unit or proposal.school),
    )


def proposal_yaml(proposal: Proposal, schema: str | None, school_name: str) -> str:
    """The proposal file as docgen writes it: the fields in the order of the other proposal
    files, so that exporting it and importing it back gives the same text."""
    head = {
        "campaign": proposal.campaign,
        "year": proposal.year,
        "school": proposal.school,
        "date": proposal.date,
        "award": proposal.award,
    }
    sections: list[dict[str, Any]] = [head]
    if proposal.collectives:
        sections.append({"collectives": [_nominee_data(c) for c in proposal.collectives]})
    if proposal.individuals:
        sections.append({"individuals": [_nominee_data(i) for i in proposal.individuals]})
    comments = [
        f"Tờ trình đề nghị khen thưởng of {proposal.school} ({school_name}): the nominees it "
        f"proposes for {proposal.year}.",
        "Written by docgen import nominees; fields as in the other proposal files.",
    ]
    return dump(sections, schema=schema, comments=comments)


def _nominee_data(nominee: Collective | Individual) -> dict[str, Any]:
    kind = "individual" if isinstance(nominee, Individual) else "collective"
    data: dict[str, Any] = {}
    for field_name in _FIELDS[kind]:
        value = getattr(nominee, field_name)
        if value is None or (field_name == "rank" and value == 0):
            continue
        data[field_name] = value
    return data
