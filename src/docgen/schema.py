"""JSON Schemas of every kind of data file, generated from the models, for editors to check."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatch
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, TypeAdapter

from docgen.awards.achievement_data import AchievementsFile, FormsTable
from docgen.awards.eligibility import EligibilityFile
from docgen.awards.history import HistoryFile
from docgen.awards.law import DecreeTable
from docgen.awards.received import ReceivedDecision
from docgen.awards.upward import DossiersLaw
from docgen.awards.votes import VotesLaw
from docgen.data.bodies import BodiesFile
from docgen.data.councils import Council
from docgen.data.models import (
    AwardCatalogue,
    BaseSalaryTable,
    Campaign,
    CertificateSpec,
    Identifier,
    Issuer,
    Proposal,
    SchoolsFile,
    Settings,
)
from docgen.data.results import CampaignResults
from docgen.data.yaml_writer import schema_file_name
from docgen.output import write_atomic

DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class FileKind:
    """One kind of data file: where such files live in a workspace, and their model."""

    name: str  # the schema file is <name>.schema.json
    patterns: tuple[str, ...]  # workspace-relative paths (fnmatch)
    title: str
    model: Any  # a model class, or a type for a TypeAdapter

    @property
    def file_name(self) -> str:
        return schema_file_name(self.name)


def spec_union() -> Any:
    """Every kind's spec model, told apart by ``kind`` (docgen/kinds/)."""
    from typing import Union

    from docgen.documents.kinds import registry

    models = tuple(kind.spec_model for kind in registry().values())
    return Annotated[Union[models], Field(discriminator="kind")]  # noqa: UP007


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("issuers", ("data/issuers.yaml",), "Issuing bodies (data/issuers.yaml)", Issuer),
    FileKind("settings", ("data/settings.yaml",), "Workspace settings", Settings),
    FileKind("awards", ("data/law/awards.yaml",), "Award catalogue", AwardCatalogue),
    FileKind("base-salary", ("data/law/base_salary.yaml",), "Base salary", BaseSalaryTable),
    FileKind("decree", ("data/law/decrees/*.yaml",), "A decree's award money table", DecreeTable),
    FileKind("votes", ("data/law/votes.yaml",), "What a council's vote needs", VotesLaw),
    FileKind("council", ("data/councils/*.yaml",), "A Hội đồng Thi đua - Khen thưởng", Council),
    FileKind(
        "eligibility",
        ("data/law/eligibility.yaml",),
        "Eligibility rules of the awards, by date",
        EligibilityFile,
    ),
    FileKind(
        "history", ("data/history/*.yaml",), "Awards and titles given before docgen", HistoryFile
    ),
    FileKind("schools", ("data/schools.yaml",), "Schools and clusters", SchoolsFile),
    FileKind(
        "bodies", ("data/bodies.yaml",), "Bodies that are neither schools nor issuers", BodiesFile
    ),
    FileKind("proposal", ("data/proposals/*/*.yaml",), "A body's proposal (nominees)", Proposal),
    FileKind("results", ("data/results/*.yaml",), "Campaign results", CampaignResults),
    FileKind("campaign", ("data/campaigns/*.yaml",), "An emulation campaign", Campaign),
    FileKind(
        "document",
        ("data/documents/*.yaml",),
        "A document to produce (its spec)",
        spec_union(),
    ),
    FileKind(
        "certificate", ("data/certificates/*.yaml",), "A batch of certificates", CertificateSpec
    ),
    FileKind(
        "achievements",
        ("data/achievements/*/*.yaml",),
        "A school's nominees' details for their achievement reports",
        AchievementsFile,
    ),
    FileKind(
        "forms",
        ("data/law/forms.yaml",),
        "The prescribed forms of achievement reports, by date",
        FormsTable,
    ),
    FileKind(
        "dossiers",
        ("data/law/dossiers.yaml",),
        "The dossier a higher level asks for, by date",
        DossiersLaw,
    ),
    FileKind(
        "received",
        ("data/received/*.yaml",),
        "A higher level's decision answering a proposal",
        ReceivedDecision,
    ),
)


def kind_of(relative: str) -> FileKind | None:
    """The kind of the data file at ``relative`` (a workspace-relative POSIX path)."""
    return next((k for k in FILE_KINDS if any(fnmatch(relative, p) for p in k.patterns)), None)


def kind_named(name: str) -> FileKind:
    return next(k for k in FILE_KINDS if k.name == name)


def _model_schema(model: Any) -> dict[str, Any]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return model.model_json_schema()
    return TypeAdapter(model).json_schema()


def schema_for(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of data file."""
    if kind.name == "issuers":
        # issuers.yaml maps each id to an issuer; the id is the key, not a field
        issuer = _model_schema(Issuer)
        defs = issuer.pop("$defs", {})
        issuer["properties"].pop("id")
        issuer["required"].remove("id")
        defs["Issuer"] = issuer
        body: dict[str, Any] = {
            "type": "object",
            "minProperties": 1,
            "patternProperties": {
                TypeAdapter(Identifier).json_schema()["pattern"]: {"$ref": "#/$defs/Issuer"}
            },
            "additionalProperties": False,
            "$defs": defs,
        }
    else:
        body = _model_schema(kind.model)
        _body_aliases(body)
    where = ", ".join(kind.patterns)
    return {
        "$schema": DRAFT,
        "title": f"docgen: {kind.title}",
        "description": f"{where} (generated by docgen schema from its models)",
        **{k: v for k, v in body.items() if k not in ("title", "description")},
    }


# the records whose ``school:`` / ``schools:`` may be written ``body:`` / ``bodies:``
# (docgen.data.body_alias): their models' validators rename them, the schema lists both
_BODY_RECORDS = {
    "Proposal",
    "ProposalSpec",
    "AwardDecisionSpec",
    "MinutesSpec",
    "VoteCount",
    "AchievementsFile",
    "HistoryFile",
    "HistoryCollective",
    "HistoryIndividual",
}


def _body_aliases(node: Any) -> None:
    """In the records of _BODY_RECORDS, ``body`` beside ``school`` and ``bodies`` beside
    ``schools``: either one, never both."""
    if isinstance(node, list):
        for item in node:
            _body_aliases(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _body_aliases(value)
    properties, title = node.get("properties"), node.get("title")
    if not isinstance(title, str) or title not in _BODY_RECORDS:
        return
    if not isinstance(properties, dict):
        return
    for old, new in (("school", "body"), ("schools", "bodies")):
        if old not in properties:
            continue
        properties[new] = properties[old]
        required = node.get("required", [])
        if old in required:
            required.remove(old)
            node.setdefault("allOf", []).append(
                {"oneOf": [{"required": [old]}, {"required": [new]}]}
            )
        else:
            node.setdefault("allOf", []).append({"not": {"required": [old, new]}})


def schema_text(kind: FileKind) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write one <kind>.schema.json per kind of data file into ``out_dir``."""
    written = []
    for kind in FILE_KINDS:
        target = out_dir / kind.file_name
        write_atomic(target, schema_text(kind).encode("utf-8"))
        written.append(target)
    return written


def json_ready(data: Any) -> Any:
    """YAML data as JSON sees it (dates as ISO text), to check it against a schema."""
    if isinstance(data, dict):
        return {str(k): json_ready(v) for k, v in data.items()}
    if isinstance(data, list):
        return [json_ready(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, Decimal):
        return float(data)
    return data
