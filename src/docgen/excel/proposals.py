"""The workspace side of a nominee list: what it needs loaded, and the school's proposal file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.data.bodies import BodiesFile
from docgen.data.loader import load_yaml
from docgen.data.models import (
    AwardCatalogue,
    Collective,
    Individual,
    Proposal,
    SchoolsFile,
)
from docgen.data.workspace import display_path, validate
from docgen.data.yaml_writer import dump
from docgen.errors import DataError, Diagnostic, Location


@dataclass
class Context:
    """The parts of a workspace a nominee list needs: loaded on their own, so that a broken
    file elsewhere (the very proposal being replaced, say) does not stop an import."""

    root: Path
    catalogue: AwardCatalogue
    bodies: dict[str, str]  # id → name: the schools, the other bodies, the issuers
    campaigns: dict[str, str]  # id → name
    periods: dict[str, tuple[int, int]]  # id → first and last year

    def school_name(self, school: str) -> str:
        return self.bodies[school]

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
    bodies = _body_names(root)
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
    return Context(root, catalogue, bodies, campaigns, periods)


SCHOOLS = "data/schools.yaml"


def _body_names(root: Path) -> dict[str, str]:
    """Whose lists can be imported (docgen.data.bodies): the schools of data/schools.yaml, the
    bodies of data/bodies.yaml, the issuers of data/issuers.yaml; id → name."""
    names: dict[str, str] = {}
    for relative, model in ((SCHOOLS, SchoolsFile), ("data/bodies.yaml", BodiesFile)):
        if (root / relative).exists():
            record = _load_model(root, relative, model)
            found = record.schools if isinstance(record, SchoolsFile) else record.bodies
            names.update({key: body.name for key, body in found.items()})
    path = root / "data" / "issuers.yaml"
    if path.exists():
        source, problems = load_yaml(path, display_path(root, path))
        if not problems and isinstance(source.data, dict):
            for key, value in source.data.items():
                if isinstance(value, dict) and isinstance(value.get("name"), str):
                    names.setdefault(str(key), value["name"])
    if not names:
        raise DataError([Diagnostic("DATA-LAYOUT", f"{SCHOOLS} is missing", Location(SCHOOLS))])
    return names


def proposal_path(root: Path, year: int, school: str) -> Path:
    """The school's proposal file: data/proposals/<year>/<school>.yaml."""
    return root / "data" / "proposals" / str(year) / f"{school}.yaml"


def _check_school(ctx: Context, school: str) -> None:
    if school in ctx.bodies:
        return
    if not (ctx.root / "data" / "bodies.yaml").exists():  # a workspace of schools only
        problem = Diagnostic(
            "DATA-REF", f"unknown school '{school}' (data/schools.yaml)", Location("--school")
        )
    else:
        known = ", ".join(list(ctx.bodies)[:12]) + (", …" if len(ctx.bodies) > 12 else "")
        problem = Diagnostic(
            "DATA-REF",
            f"unknown body '{school}' (data/schools.yaml, data/bodies.yaml)",
            Location("--school"),
            hint=f"known: {known}",
        )
    raise DataError([problem])


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


# the fields of a proposal's nominees, in the order its file writes them
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
        "birth_date",
        "achievement",
    ),
}


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
