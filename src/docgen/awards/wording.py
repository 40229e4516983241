"""How a decision words an award (rules/awards.yaml ``wording``): "Tặng Bằng khen …", "Tặng
danh hiệu “…”", "Công nhận danh hiệu “…”", in its Điều 1, money article and list title."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from docgen.data.models import AwardRule
from docgen.errors import Diagnostic, Severity
from docgen.rules import read_rules_file

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace


@dataclass(frozen=True)
class Wording:
    act: str  # Điều 1: "Tặng danh hiệu “Chiến sĩ thi đua cơ sở”"
    given: str  # the money article: "được tặng danh hiệu “Chiến sĩ thi đua cơ sở”"
    list: str  # the list's title: "ĐƯỢC TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ”"
    named: str  # among other awards (a report): "danh hiệu “Chiến sĩ thi đua cơ sở”"
    confirmed: bool  # read in the law or a real decision (rules/awards.yaml sources)

    @property
    def phrase(self) -> str:
        """The act inside a sentence: "(đề nghị) tặng danh hiệu “…”", "(họp xét) công nhận …"."""
        return self.act[:1].lower() + self.act[1:]


@cache
def _rules() -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    data = read_rules_file("awards.yaml")
    return data["wording"], data["default_wording"]


def wording_ids() -> tuple[str, ...]:
    """The wordings an award of the catalogue may choose."""
    return tuple(_rules()[0])


def award_wording(award: AwardRule) -> Wording:
    """The wording of ``award``: its own ``wording:``, or its kind's default."""
    wordings, defaults = _rules()
    row = wordings[award.wording or defaults[award.kind]]
    name = award.name

    def fill(key: str) -> str:
        return str(row[key]).replace("{name}", name).replace("{NAME}", name.upper())

    return Wording(
        fill("act"), fill("given"), fill("list"), fill("named"), bool(row.get("confirmed"))
    )


def unconfirmed_wordings(ws: Workspace) -> list[Diagnostic]:
    """A warning at each decision or proposal whose award is worded in words not read in the
    law or a real decision (rules/awards.yaml ``confirmed: false``), as the law's values are."""
    from docgen.awards.specs import AwardDecisionSpec, ProposalSpec

    found = []
    for spec_id, spec in ws.specs.items():
        if not isinstance(spec, AwardDecisionSpec | ProposalSpec) or ws.catalogue is None:
            continue
        ids = spec.award_ids if isinstance(spec, AwardDecisionSpec) else [spec.award]
        for i, award_id in enumerate(ids):
            at = ("awards", i) if len(ids) > 1 else ("award",)
            found.extend(_unconfirmed(ws, ws.catalogue.get(award_id), spec_id, at))
    return found


def _unconfirmed(
    ws: Workspace, award: AwardRule | None, spec_id: str, at: tuple[str | int, ...]
) -> list[Diagnostic]:
    """The warning of unconfirmed_wordings for one award of a spec, if its wording is so."""
    if award is None or (award.wording and award.wording not in wording_ids()):
        return []  # an unknown wording is an error of the catalogue, reported there
    if award_wording(award).confirmed:
        return []
    return [
        Diagnostic(
            "WORDING-UNCONFIRMED",
            f"words '{award.name}' as '{award_wording(award).act}', a wording not "
            "confirmed from the law or a real decision (src/docgen/rules/awards.yaml)",
            ws.sources[ws.spec_display(spec_id)].locate(at),
            Severity.WARNING,
            "check it against the office's own decisions, or choose another 'wording:' in "
            "data/law/awards.yaml",
        )
    ]
