"""A nominee list's rows and shared values checked and assembled into the school's Proposal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docgen.awards.nominees import nominee_identity, same_person
from docgen.data.loader import KeyPath, Source
from docgen.data.models import Collective, Individual, Proposal
from docgen.data.workspace import validate
from docgen.errors import Location, Problems
from docgen.excel.nominee_sources import Given
from docgen.excel.proposals import _FIELDS, Context, _load_proposal, proposal_path
from docgen.excel.reader import Cell, Grid
from docgen.excel.table import Row, fold


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
    # who is proposed, as `docgen validate` compares them: one list has one campaign, year and
    # school; namesakes of one unit are two people when their birth dates differ
    campaign = str(shared["campaign"].value) if "campaign" in shared else ""
    seen: dict[tuple[str, ...], list[Row]] = {}
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
        key = nominee_identity(
            campaign,
            year,
            str(award_id),
            row.kind,
            school,
            values.get("unit"),
            str(values.get("name", "")),
        )
        birth = values.get("birth_date")
        namesakes = seen.setdefault(key, [])
        first = next((r for r in namesakes if same_person(birth, r.values.get("birth_date"))), None)
        if first is not None:
            problems.add(
                "DATA-DUPLICATE-NOMINEE",
                f"'{values.get('name')}' is already proposed for this award in {year} "
                f"(at {first.place('name')})",
                row.place("name"),
                "delete one of the two rows; if they are two people with the same name in the "
                "same unit, give each their birth date ('Ngày sinh')",
            )
        else:
            namesakes.append(row)
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
    others: dict[tuple[str, ...], list[tuple[dt.date | None, str]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.resolve() == target.resolve():
            continue
        other, _ = _load_proposal(ctx, path)
        if other is None or other.campaign != proposal.campaign or other.year != proposal.year:
            continue
        for kind, nominee in _members(other):
            birth = getattr(nominee, "birth_date", None)
            others.setdefault(_key(other, kind, nominee), []).append((birth, ctx.show(path)))
    if not others:
        return
    by_name = {fold(r.values.get("name", "")): r for r in rows}
    for kind, nominee in _members(proposal):
        birth = getattr(nominee, "birth_date", None)
        namesakes = others.get(_key(proposal, kind, nominee), [])
        at = next((shown for b, shown in namesakes if same_person(birth, b)), None)
        if at is not None:
            row = by_name.get(fold(nominee.name))
            where = row.place("name") if row else Location(proposal.school)
            problems.add(
                "DATA-DUPLICATE-NOMINEE",
                f"'{nominee.name}' is already proposed for this award in {proposal.year} (at {at})",
                where,
            )


def _key(proposal: Proposal, kind: str, nominee: Collective | Individual) -> tuple[str, ...]:
    """Who the nominee is, as `docgen validate` compares them (awards.nominees)."""
    return nominee_identity(
        proposal.campaign,
        proposal.year,
        nominee.award or proposal.award,
        kind,
        proposal.school,
        nominee.unit,
        nominee.name,
    )
