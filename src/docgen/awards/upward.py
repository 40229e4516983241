"""Upward proposals: the dossier a higher level (Thủ tướng, Chủ tịch nước) asks for, by date.

data/law/dossiers.yaml names, for each deciding level, the awards it decides and, by date,
the parts of the dossier the law lists (Tờ trình, Biên bản of the proposing council, Báo cáo
thành tích), how many sets, and who receives it. A proposal (kind: proposal) whose award is
one of them is an upward proposal: its Tờ trình says "(qua …)" and ``docgen dossier`` on it
assembles exactly those parts, naming any the workspace lacks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from docgen.awards.law import Cited, unconfirmed_warning
from docgen.data.loader import Source
from docgen.data.models import Identifier, InForce, Record, Text
from docgen.errors import Diagnostic, Location, Problems
from docgen.i18n import message

if TYPE_CHECKING:
    from docgen.data.extensions import Load
    from docgen.data.workspace import Workspace

DOSSIERS_FILE = "data/law/dossiers.yaml"
PartKey = Literal["proposal", "minutes", "achievements"]


class Through(Cited):
    text: Text  # "Ban Thi đua - Khen thưởng Trung ương"


class Copies(Cited):
    count: int = Field(gt=0)


class RequiredPart(Cited):
    part: PartKey
    title: Text  # as the article words it


class DossierRow(InForce):
    """What the dossier holds while one act is in force."""

    act: Text
    through: Through | None = None
    copies: Copies | None = None
    parts: list[RequiredPart] = Field(min_length=1)


class Level(Record):
    id: Identifier
    name: Text  # "Thủ tướng Chính phủ"
    awards: list[Identifier] = Field(min_length=1)
    rows: list[DossierRow] = Field(min_length=1)


class DossiersLaw(Record):
    levels: list[Level] = Field(min_length=1)


@dataclass(frozen=True)
class Required:
    """The dossier an upward proposal needs: its level, the row in force and where it is."""

    level: Level
    row: DossierRow
    source: Source
    at: tuple[str | int, ...]  # the row's place in the file

    def where(self, *path: str | int) -> Location:
        return self.source.locate((*self.at, *path))

    def warnings(self, at: Location | None) -> list[Diagnostic]:
        """A warning for each value of the row that was not read in the act itself."""
        row = self.row
        used: list[tuple[str, Cited, Location]] = []
        if row.through is not None:
            used.append((message("who receives the dossier"), row.through, self.where("through")))
        if row.copies is not None:
            used.append((message("the number of sets"), row.copies, self.where("copies")))
        used += [
            (message("the part '{title}' of the dossier", title=p.title), p, self.where("parts", i))
            for i, p in enumerate(row.parts)
        ]
        return [
            unconfirmed_warning(what, v, where, at) for what, v, where in used if not v.confirmed
        ]


def load_dossiers(ws: Workspace, load: Load, problems: Problems) -> None:
    """data/law/dossiers.yaml (optional): validated, its awards known, its rows not
    overlapping within a level."""
    from docgen.data.workspace import validate

    path = ws.data_dir / "law" / "dossiers.yaml"
    if not path.exists():
        return
    src = load(path)
    if src is None:
        ws.broken.add("law:dossiers.yaml")
        return
    record, found = validate(DossiersLaw, src, src.data)
    problems.extend(found)
    if record is None:
        ws.broken.add("law:dossiers.yaml")
        return
    for i, level in enumerate(record.levels):
        for j, award in enumerate(level.awards):
            if ws.catalogue is not None and ws.catalogue.unknown(award):
                problems.add(
                    "DATA-REF",
                    f"unknown award '{award}' (data/law/awards.yaml)",
                    src.locate(("levels", i, "awards", j)),
                )
        rows = sorted(enumerate(level.rows), key=lambda r: r[1].from_)
        for (_, before), (k, after) in pairwise(rows):
            if before.to is None or before.to >= after.from_:
                problems.add(
                    "DATA-LAW-OVERLAP",
                    f"this row starts on {after.from_.strftime('%d/%m/%Y')}, while the row "
                    f"of {before.act} is still in force ({before.period})",
                    src.locate(("levels", i, "rows", k, "from")),
                    hint="end the earlier row the day before ('to:')",
                )
    ws.derived["dossiers"] = (record, src)


def required_dossier(ws: Workspace, award: str, day: dt.date) -> Required | None:
    """The dossier of the level that decides ``award``, as the law in force on ``day`` lists
    it; None for an award decided within the workspace (or a day no row covers)."""
    loaded = ws.derived.get("dossiers")
    if loaded is None:
        return None
    record, src = loaded
    for i, level in enumerate(record.levels):
        if award not in level.awards:
            continue
        for j, row in enumerate(level.rows):
            if row.covers(day):
                return Required(level, row, src, ("levels", i, "rows", j))
    return None


def upward_level(ws: Workspace, award: str) -> Level | None:
    """The higher level that decides ``award``, whatever the day."""
    loaded = ws.derived.get("dossiers")
    if loaded is None:
        return None
    return next((lv for lv in loaded[0].levels if award in lv.awards), None)


def check_upward(ws: Workspace, problems: Problems) -> list[Diagnostic]:
    """Every upward proposal has a dossier row in force on its date (else an error) and is
    warned about the unconfirmed values of that row."""
    from docgen.awards.specs import ProposalSpec

    warnings: list[Diagnostic] = []
    for spec_id, spec in sorted(ws.specs.items()):
        if not isinstance(spec, ProposalSpec):
            continue
        level = upward_level(ws, spec.award)
        if level is None:
            continue
        src = ws.sources[ws.spec_display(spec_id)]
        required = required_dossier(ws, spec.award, spec.date)
        if required is None:
            problems.add(
                "DATA-LAW-DATE",
                f"data/law/dossiers.yaml lists no dossier for {level.name} on "
                f"{spec.date.strftime('%d/%m/%Y')}",
                src.locate(("date",)),
                hint="add the row of the act in force then to data/law/dossiers.yaml",
            )
            continue
        warnings += required.warnings(src.locate(("award",)))
    return warnings
