"""What an import changes in a school's proposal: nominees added, removed, changed (in words)."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.data.models import Individual, Nominee, Proposal
from docgen.excel.layout import load_layout


@dataclass(frozen=True)
class RowChange:
    """One nominee of the list: ``kind`` and ``fields`` are the headers of the clerk's own
    workbook (Tập thể / Cá nhân; Chức vụ, Tóm tắt thành tích …)."""

    kind: str
    name: str
    unit: str | None = None
    fields: tuple[str, ...] = ()


@dataclass
class NomineeChanges:
    """The proposal file against the list imported: ``shared`` names what the whole proposal
    shares that changes (its date, its award …); ``unchanged`` counts the same nominees."""

    added: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    unchanged: int = 0
    new_file: bool = False

    @property
    def any(self) -> bool:
        return bool(self.new_file or self.added or self.removed or self.changed or self.shared)


_COMPARED = (
    "name",
    "gender",
    "position",
    "unit",
    "award",
    "achievement",
    "rank",
    "family",
    "middle",
    "given",
    "birth_date",
)


def _key(nominee: Nominee) -> tuple[str, ...]:
    """Who a row is: a collective by its name, a person by name, unit and birth date (the
    namesakes of one school, models.py Individual.birth_date)."""
    if isinstance(nominee, Individual):
        born = nominee.birth_date.isoformat() if nominee.birth_date else ""
        return ("individual", nominee.name, nominee.unit or "", born)
    return ("collective", nominee.name, nominee.unit or "")


def nominee_changes(old: Proposal | None, new: Proposal) -> NomineeChanges:
    """The rows ``new`` adds, removes and changes against ``old`` (None: no file yet)."""
    layout = load_layout().nominees
    headers = {c.field: c.header for c in layout.columns}
    changes = NomineeChanges(new_file=old is None)

    def row(nominee: Nominee, fields: tuple[str, ...] = ()) -> RowChange:
        kind = "individual" if isinstance(nominee, Individual) else "collective"
        return RowChange(layout.kinds[kind], nominee.name, nominee.unit, fields)

    before: dict[tuple[str, ...], list[Nominee]] = {}
    if old is not None:
        for info in layout.info:
            if info.field in ("campaign", "year", "date", "award") and getattr(
                old, info.field
            ) != getattr(new, info.field):
                changes.shared.append(info.label)
        for nominee in (*old.collectives, *old.individuals):
            before.setdefault(_key(nominee), []).append(nominee)
    for nominee in (*new.collectives, *new.individuals):
        same = before.get(_key(nominee))
        if not same:
            changes.added.append(row(nominee))
            continue
        previous = same.pop(0)
        differ = tuple(
            headers.get(name, name)
            for name in _COMPARED
            if getattr(previous, name, None) != getattr(nominee, name, None)
        )
        if differ:
            changes.changed.append(row(nominee, differ))
        else:
            changes.unchanged += 1
    for left in before.values():
        changes.removed.extend(row(n) for n in left)
    return changes
