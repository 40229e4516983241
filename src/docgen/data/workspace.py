"""A workspace (data/, templates/, output/): load every data file, validate, cross-check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.data import parse_cache
from docgen.data.bodies import BodiesFile, Body, find_body, load_bodies
from docgen.data.corrections import check_correction
from docgen.data.councils import Council
from docgen.data.extensions import kinds as registry
from docgen.data.extensions import parts
from docgen.data.file_names import check_file_names
from docgen.data.loader import Source, load_yaml, paused_gc
from docgen.data.models import (
    AwardCatalogue,
    BaseSalaryTable,
    Campaign,
    Issuer,
    Proposal,
    SchoolsFile,
    Settings,
    SpecBase,
)
from docgen.data.prefetch import prefetch
from docgen.data.process import one_command
from docgen.data.results import CampaignResults
from docgen.data.signing import check_citations, check_signature
from docgen.data.steps import Steps, clock, detail, kinds_used
from docgen.data.timeline import check_timeline
from docgen.errors import Diagnostic, Location, Problems, Severity

if TYPE_CHECKING:
    from docgen.awards.achievement_data import AchievementsFile, FormsTable
    from docgen.awards.eligibility import Rules
    from docgen.awards.history import History
    from docgen.awards.law import Law
    from docgen.awards.votes import VotesLaw

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "date_type": "a date like 2024-05-31 (written without quotes)",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "float_type": "a number",
}


@dataclass
class Workspace:
    """Everything loaded from one workspace, validated."""

    root: Path
    issuers: dict[str, Issuer] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    specs: dict[str, SpecBase] = field(default_factory=dict)  # key: spec id (file stem)
    spec_paths: dict[str, Path] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)  # key: display path
    settings: Settings = field(default_factory=Settings)
    schools: SchoolsFile | None = None  # data/schools.yaml
    bodies: BodiesFile | None = None  # data/bodies.yaml: the bodies that are not schools
    proposals: dict[str, Proposal] = field(default_factory=dict)  # key: display path
    results: dict[str, CampaignResults] = field(default_factory=dict)  # key: campaign id
    catalogue: AwardCatalogue | None = None  # data/law/awards.yaml
    salaries: BaseSalaryTable | None = None  # data/law/base_salary.yaml
    law: Law | None = None  # data/law/decrees/*.yaml with the base salaries
    votes: VotesLaw | None = None  # data/law/votes.yaml: what the council's vote needs
    councils: dict[str, Council] = field(default_factory=dict)  # data/councils/<id>.yaml
    forms: FormsTable | None = None  # data/law/forms.yaml: the achievement reports' forms
    # data/achievements/<year>/<school>.yaml, key: display path (docgen.awards.achievement_data)
    achievements: dict[str, AchievementsFile] = field(default_factory=dict)
    eligibility: Rules | None = None  # data/law/eligibility.yaml
    history: History | None = None  # who received what: the register and data/history/
    # findings that do not stop a build (an unconfirmed law value in use, …)
    warnings: list[Diagnostic] = field(default_factory=list)
    # ids whose records failed validation: references to them are not reported again
    broken: set[str] = field(default_factory=set)
    # what is computed once from the validated data and used by several documents (the vote
    # of a council's minutes, for the minutes and the decision that follows them)
    derived: dict[str, Any] = field(default_factory=dict)

    def is_broken(self, kind: str, ident: object) -> bool:
        """The record ``kind:ident`` (``campaign:xd-truong-chuan``) failed validation, or a
        file of that kind could not be read at all (``kind:*``): its errors are reported where
        it is written, and what follows from them is not reported again."""
        return bool({f"{kind}:{ident}", f"{kind}:*"} & self.broken)

    def body(self, ident: str) -> Body | None:
        """The school, body or issuer ``ident`` (docgen.data.bodies); None when unknown."""
        return find_body(self, ident)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def identity(self) -> str:
        """The workspace's identity in the register (data/settings.yaml ``workspace``); ''
        for a workspace that has none yet, which may read a register but not number."""
        return self.settings.workspace or ""

    def spec_display(self, spec_id: str) -> str:
        return display_path(self.root, self.spec_paths[spec_id])

    def load_file(self, path: Path) -> tuple[Source, list[Diagnostic]]:
        """Load one of the workspace's data files (through its cache of parsed files,
        docgen.data.parse_cache) and keep its source, so that messages can point into it."""
        started = clock()
        source, found = load_yaml(
            path, display_path(self.root, path), parse_cache.folder(self.root)
        )
        self.sources[source.display] = source
        detail(f"read {source.display}", started)
        return source, found


def campaign_of(ws: Workspace, spec: SpecBase) -> Campaign | None:
    """The campaign a spec belongs to, if it names one."""
    campaign_id = getattr(spec, "campaign", None)
    return ws.campaigns.get(campaign_id) if campaign_id else None


def display_path(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


_BOUNDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")


def _message(err: Any) -> tuple[str, str, bool]:
    """(code, message, point at the key rather than the value) for one pydantic error."""
    kind = err["type"]
    loc = [str(p) for p in err["loc"] if not str(p).startswith(("function-", "union["))]
    name = loc[-1] if loc else "value"
    if kind == "missing":
        return "DATA-MISSING", f"required field '{name}' is missing", False
    if kind == "extra_forbidden":
        return "DATA-UNKNOWN-FIELD", f"unknown field '{name}' (check its spelling)", True
    if kind in _TYPE_NAMES:
        got = _describe(err.get("input"))
        return "DATA-TYPE", f"'{name}' must be {_TYPE_NAMES[kind]}, not {got}", False
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        got = _describe(err.get("input"))
        return "DATA-VALUE", f"'{name}' must be one of {expected}, not {got}", False
    if kind == "string_pattern_mismatch":
        got = _describe(err.get("input"))
        return "DATA-VALUE", f"'{name}' has an invalid form: {got}", False
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        length = len(err.get("input") or "")
        return "DATA-VALUE", f"'{name}' is too long ({length} characters; at most {limit})", False
    if kind in ("string_too_short", "too_short"):
        return "DATA-EMPTY-VALUE", f"'{name}' must not be empty", False
    if kind in _BOUNDS:  # PositiveInt, Field(ge=…): the bound in the clerk's words
        bound = next(iter(err.get("ctx", {}).values()), "")
        if kind == "greater_than":
            return "DATA-VALUE", f"'{name}' must be more than {bound}", False
        if kind == "greater_than_equal":
            return "DATA-VALUE", f"'{name}' must be at least {bound}", False
        if kind == "less_than":
            return "DATA-VALUE", f"'{name}' must be less than {bound}", False
        return "DATA-VALUE", f"'{name}' must be at most {bound}", False
    if kind == "value_error":
        return "DATA-VALUE", str(err["msg"]).removeprefix("Value error, "), False
    if kind == "invalid_choice":  # a union told apart by a key ("type: any_of"), none fitting
        return "DATA-VALUE", str(err["msg"]), False
    return "DATA-VALUE", f"'{name}': {err['msg']}", False


def _is_model_member(part: str) -> bool:
    """A union member that is a record: "Point", or one wrapped by its validators
    ("function-after[_one_thing(), Item]"); "constrained-str", "int" are plain values."""
    inner = part.rstrip("]").split("[")[-1].split(", ")[-1]
    return inner[:1].isupper()


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any, str | None, Any, bool]:
    """Follow a pydantic error location through the data.

    Returns the data path (union member names removed), the value found there, the union member
    the error belongs to (None outside unions), the value at the union, and whether a deeper
    union member does not fit what was written there (a record member for a plain value, or a
    plain member for a mapping): such an error says nothing about the data.
    """
    path: list[Any] = []
    value = data
    branch: str | None = None
    at_branch: Any = None
    stray = False
    for part in loc:
        in_dict = isinstance(value, dict) and part in value
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if in_dict or in_list:
            value = value[part]
            path.append(part)
        elif isinstance(part, str) and (
            not isinstance(value, dict | list)
            or part[:1].isupper()
            or part.endswith("str")
            or part.startswith(("literal[", "function-"))
        ):
            # a union member: "int", "constrained-str", "Point"
            if branch is None:
                branch, at_branch = part, value
            elif _is_model_member(part) != isinstance(value, dict):
                stray = True
        else:
            path.append(part)  # a missing key: the error is about it
            value = None
    return tuple(path), value, branch, at_branch, stray


def _colon_trap(value: Any) -> str | None:
    """A one-key mapping where text was expected: the text held ': ' (or ended with ':') and
    YAML split it."""
    if isinstance(value, dict) and len(value) == 1:
        key, inner = next(iter(value.items()))
        if isinstance(inner, str | int | float):
            return f"{key}: {inner}"
        if inner is None and isinstance(key, str) and " " in key:
            return f"{key}:"
    return None


def _expected(err: Any) -> str:
    kind = err["type"]
    if kind == "literal_error":
        return str(err.get("ctx", {}).get("expected", "")).replace("'", "")
    return _TYPE_NAMES.get(kind, str(err["msg"]).lower())


def validate(
    model: type[M], source: Source, data: Any, base: tuple[Any, ...] = ()
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` (found at ``base`` in ``source``) as ``model``; errors carry file:line."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        found: list[Diagnostic] = []
        seen: set[tuple[str, str]] = set()
        unions: dict[tuple[Any, ...], list[Any]] = {}

        def add(code: str, message: str, location: Location, hint: str | None = None) -> None:
            said = source.value_problems.get((location.line, location.col))
            if said:  # loading said what is wrong with this value (the same again is dropped)
                found.extend(said)
            elif (str(location), message) not in seen:
                seen.add((str(location), message))
                found.append(Diagnostic(code, message, location, Severity.ERROR, hint))

        for err in exc.errors():
            path, _value, branch, at_branch, stray = _walk(data, tuple(err["loc"]))
            if stray:
                continue
            if branch is not None:
                is_model = _is_model_member(branch)
                if isinstance(at_branch, dict):
                    if not is_model:
                        # a mapping was written where text is one choice: the text members do
                        # not apply, but a one-key mapping is a colon trap worth naming
                        text = _colon_trap(at_branch)
                        if text is not None:
                            add(
                                "DATA-COLON",
                                f"'{text}' was read as a key and a value because of its ':'",
                                source.locate(base + path),
                                "put the whole text in quotes",
                            )
                        continue
                elif is_model:
                    continue  # a plain value was written: the mapping member does not apply
                else:
                    unions.setdefault(path, []).append(err)
                    continue
            code, message, at_key = _message(err)
            if err["type"] == "missing":
                location = source.locate(base + path[:-1])
            else:
                location = source.locate(base + path, key=at_key)
            add(code, message, location)
        for path, errs in unions.items():
            if len(errs) == 1:
                code, message, _ = _message(errs[0])
            else:
                name = str(path[-1]) if path else "value"
                wanted = " or ".join(dict.fromkeys(_expected(e) for e in errs))
                got = _describe(errs[0].get("input"))
                code, message = "DATA-VALUE", f"'{name}' must be {wanted}, not {got}"
            add(code, message, source.locate(base + path))
        # what lies inside a value already reported as a colon trap says nothing more
        colon_places = {str(d.location) for d in found if d.code == "DATA-COLON"}
        found = [d for d in found if d.code == "DATA-COLON" or str(d.location) not in colon_places]
        return None, found


def load_issuers(root: Path) -> dict[str, Issuer]:
    """Only data/issuers.yaml, validated: for commands that need no more of the workspace."""
    path = root / "data" / "issuers.yaml"
    problems = Problems()
    issuers: dict[str, Issuer] = {}
    if not path.exists():
        problems.add("DATA-LAYOUT", "data/issuers.yaml is missing", Location("data/issuers.yaml"))
        problems.raise_if_any()
    source, found = load_yaml(path, display_path(root, path))
    problems.extend(found)
    if not found and isinstance(source.data, dict):
        for key, value in source.data.items():
            record = {"id": key, **value} if isinstance(value, dict) else value
            issuer, errors = validate(Issuer, source, record, (key,))
            problems.extend(errors)
            if issuer is not None:
                issuers[issuer.id] = issuer
    problems.raise_if_any()
    return issuers


def load_workspace(
    root: Path, register: str | None = None, skip: frozenset[Path] = frozenset()
) -> Workspace:
    """Load and validate every data file of the workspace; raise DataError listing all problems.
    ``register`` is where the register is (see docgen.awards.history.register_in_use): the awards of
    its issued decisions count in the nominees' history. ``skip``: document spec files left out
    (docgen.data.per_document sets the broken ones aside)."""
    with paused_gc():  # loading and validating builds millions of objects and no cycles
        return _load_workspace(root, register, skip)


def _load_workspace(root: Path, register: str | None, skip: frozenset[Path]) -> Workspace:
    ws, problems, steps = Workspace(root=root), Problems(), Steps()
    data = ws.data_dir
    if not data.is_dir():
        problems.add(
            "DATA-LAYOUT",
            "no data/ folder here",
            Location(display_path(root, root)),
            hint="run docgen in a workspace (a folder with data/ and templates/)",
        )
        problems.raise_if_any()
    check_file_names(root, problems)  # a .yml file is named, not silently left out

    if one_command():  # the long lists parsed side by side first, then read back
        prefetch(sorted(data.rglob("*.yaml")), parse_cache.folder(root))

    def load(path: Path) -> Source | None:
        """The file's source, unless it could not be read at all: a file with a bad value is
        still validated, so that all its problems are reported at once."""
        source, found = ws.load_file(path)
        problems.extend(found)
        return None if source.data is None else source

    # Issuers: data/issuers.yaml, a mapping id → issuer.
    issuers_file = data / "issuers.yaml"
    if issuers_file.exists():
        src = load(issuers_file)
        if src is None:
            # already reported; do not report every reference to its issuers again
            raw = ws.sources[display_path(root, issuers_file)].data
            ids = raw if isinstance(raw, dict) else {"*": None}
            ws.broken.update(f"issuer:{key}" for key in ids)
        elif not isinstance(src.data, dict):
            problems.add(
                "DATA-TYPE", "issuers.yaml must map each issuer id to its details", src.locate(())
            )
        else:
            for key, value in src.data.items():
                record = {"id": key, **value} if isinstance(value, dict) else value
                issuer, found = validate(Issuer, src, record, (key,))
                problems.extend(found)
                if found:
                    ws.broken.add(f"issuer:{key}")
                if issuer is not None:
                    ws.issuers[issuer.id] = issuer
    else:
        problems.add("DATA-LAYOUT", "data/issuers.yaml is missing", Location("data/issuers.yaml"))

    settings_file = data / "settings.yaml"
    if settings_file.exists():
        src = load(settings_file)
        if src is not None:
            settings, found = validate(Settings, src, src.data)
            problems.extend(found)
            if settings is not None:
                ws.settings = settings

    # The law by date: each domain part loads its own (the award money, votes, rules).
    for part in parts():
        part.load_law(ws, load, problems)

    # Councils (Hội đồng Thi đua - Khen thưởng): data/councils/<id>.yaml.
    for path in sorted((data / "councils").glob("*.yaml")):
        src = load(path)
        council = None
        if src is not None:
            council, found = validate(Council, src, src.data)
            problems.extend(found)
        if council is None:
            ws.broken.add(f"council:{path.stem}")
        else:
            ws.councils[path.stem] = council

    # Schools and clusters: data/schools.yaml.
    schools_file = data / "schools.yaml"
    if schools_file.exists():
        src = load(schools_file)
        if src is not None:
            schools, found = validate(SchoolsFile, src, src.data)
            problems.extend(found)
            ws.schools = schools
            if schools is not None:
                for key, school in schools.schools.items():
                    if school.cluster not in schools.clusters:
                        problems.add(
                            "DATA-REF",
                            f"unknown cluster '{school.cluster}'",
                            src.locate(("schools", key, "cluster")),
                        )

    load_bodies(ws, data, load, validate, problems)  # the other bodies: data/bodies.yaml

    # Proposals of the bodies: data/proposals/<year>/<body>.yaml.
    for path in sorted((data / "proposals").glob("*/*.yaml")):
        src = load(path)
        if src is None:
            continue
        proposal, found = validate(Proposal, src, src.data)
        problems.extend(found)
        if found and isinstance(src.data, dict):
            body = src.data.get("body", src.data.get("school"))
            ws.broken.add(f"proposal:{body}:{src.data.get('year')}")
        if proposal is not None:
            ws.proposals[src.display] = proposal

    # Campaign results (for summary reports): data/results/<campaign>.yaml.
    for path in sorted((data / "results").glob("*.yaml")):
        src = load(path)
        if src is None:
            continue
        results, found = validate(CampaignResults, src, src.data)
        problems.extend(found)
        if results is not None:
            ws.results[results.campaign] = results
            for school_id in results.schools:
                if ws.schools is not None and school_id not in ws.schools.schools:
                    problems.add(
                        "DATA-REF",
                        f"unknown school '{school_id}'",
                        src.locate(("schools", school_id), key=True),
                    )

    # Campaigns: one per file under data/campaigns/.
    for path in sorted((data / "campaigns").glob("*.yaml")):
        src = load(path)
        if src is None:
            raw = ws.sources[display_path(root, path)].data
            ws.broken.add(f"campaign:{raw.get('id') if isinstance(raw, dict) else '*'}")
            continue
        campaign, found = validate(Campaign, src, src.data)
        problems.extend(found)
        if found and isinstance(src.data, dict):
            ws.broken.add(f"campaign:{src.data.get('id')}")
        if campaign is not None:
            if campaign.id in ws.campaigns:
                problems.add(
                    "DATA-DUPLICATE-ID",
                    f"campaign id '{campaign.id}' is used twice",
                    src.locate(("id",)),
                )
            ws.campaigns[campaign.id] = campaign
            ws.warnings.extend(check_timeline(campaign, src, problems))

    # Document specs: one per file under data/documents/; the id is the file name.
    for path in sorted((data / "documents").glob("*.yaml")):
        src = None if path in skip else load(path)
        if src is None:
            continue
        kind = src.data.get("kind") if isinstance(src.data, dict) else None
        kinds = registry()
        spec_kind = kinds.get(kind) if isinstance(kind, str) else None
        if spec_kind is None:
            known = ", ".join(sorted(kinds))
            where = ("kind",) if kind is not None else ()
            message = (
                f"unknown document kind '{kind}' (known: {known})"
                if kind is not None
                else f"required field 'kind' is missing (one of: {known})"
            )
            problems.add("DATA-KIND", message, src.locate(where))
            continue
        spec: SpecBase | None
        spec, found = validate(spec_kind.spec_model, src, src.data)
        problems.extend(found)
        if spec is not None:
            ws.specs[path.stem] = spec
            ws.spec_paths[path.stem] = path

    # The domains' own data (the nominees' details for achievement reports, …).
    for part in parts():
        ws.warnings.extend(part.load_data(ws, load, problems))
    steps.detail(f"read and validated {len(ws.sources)} data files")
    _check_references(ws, problems)
    for part in parts():
        ws.warnings.extend(part.cross_check(ws, problems))
    steps.detail("checked the references between the files")
    for spec_id, spec in ws.specs.items():
        registry()[spec.kind].check(ws, spec_id, ws.sources[ws.spec_display(spec_id)], problems)
    steps.detail(f"ran the rules of each document's kind: {kinds_used(ws.specs.values())}")
    # What needs all of the above (who received what, every nominee against the rules).
    for part in parts():
        ws.warnings.extend(part.finish(ws, problems, register))
    steps.detail("ran the checks that need all the data (history, eligibility)")
    problems.raise_if_any()
    return ws


def _check_references(ws: Workspace, problems: Problems) -> None:
    """Unknown issuers, campaigns, signers and years; two specs writing the same file."""
    outputs: dict[str, str] = {}
    for spec_id, spec in ws.specs.items():
        src = ws.sources[ws.spec_display(spec_id)]
        issuer = ws.issuers.get(spec.issuer)
        if issuer is None and {f"issuer:{spec.issuer}", "issuer:*"} & ws.broken:
            pass
        elif issuer is None:
            known = ", ".join(sorted(ws.issuers)) or "none"
            problems.add(
                "DATA-REF",
                f"unknown issuer '{spec.issuer}' (known: {known})",
                src.locate(("issuer",)),
            )
        elif spec.signature is not None and spec.signature.signer not in issuer.signers:
            known = ", ".join(sorted(issuer.signers))
            problems.add(
                "DATA-REF",
                f"'{spec.signature.signer}' is not a signer of {spec.issuer} (known: {known})",
                src.locate(("signature", "signer")),
            )
        elif spec.signature is not None:
            check_signature(spec, issuer, src, problems)
        check_citations(ws, spec_id, spec, problems)
        campaign_id = getattr(spec, "campaign", None)
        campaign = ws.campaigns.get(campaign_id) if campaign_id else None
        broken = ws.is_broken("campaign", campaign_id)
        if campaign_id is not None and campaign is None and not broken:
            known = ", ".join(sorted(ws.campaigns)) or "none"
            problems.add(
                "DATA-REF",
                f"unknown campaign '{campaign_id}' (known: {known})",
                src.locate(("campaign",)),
            )
        if spec.template and not (ws.templates_dir / spec.template).is_file():
            problems.add(
                "DATA-REF",
                f"no template templates/{spec.template} in this workspace",
                src.locate(("template",)),
            )
        if spec.corrects is not None:
            check_correction(ws, spec_id, spec, problems)
        if spec.output in outputs:
            problems.add(
                "DATA-DUPLICATE-OUTPUT",
                f"output '{spec.output}' is also written by {outputs[spec.output]}",
                src.locate(("output",)),
            )
        else:
            outputs[spec.output] = ws.spec_display(spec_id)
