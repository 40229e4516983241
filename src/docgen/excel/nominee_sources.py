"""Reading a nominee list's table and shared values from an .xlsx, or a Tờ trình's .docx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.data.models import Proposal
from docgen.errors import DataError, Diagnostic, Location, Problems
from docgen.excel.layout import load_layout
from docgen.excel.proposals import Context
from docgen.excel.reader import Cell, Grid, open_workbook, read_word, sheet_grid
from docgen.excel.table import Header, Row, find_header, fold, read_date


@dataclass(frozen=True)
class Given:
    """A value of the whole proposal and where it was found."""

    value: Any
    where: Location


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
        choices = dict(ctx.bodies)
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
