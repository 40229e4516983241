"""Kind ``proposal``: a school's award proposal (Tờ trình đề nghị khen thưởng) and its list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docgen.awards.kinds.decision_award import awarded
from docgen.awards.specs import ProposalSpec
from docgen.awards.wording import award_wording
from docgen.data.bodies import body_key
from docgen.data.models import Campaign, Issuer
from docgen.documents.context import document_context
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.errors import Problems
from docgen.rules import FormatRules

if TYPE_CHECKING:
    from docgen.awards.commendation import DecisionList
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


def proposal_context(
    spec: ProposalSpec,
    issuer: Issuer,
    campaign: Campaign,
    rules: FormatRules,
    symbol: str,
    bases: list[str],
    data: DecisionList,
    school_name: str,
    names: Sequence[str] = (),
    through: str | None = None,
) -> dict[str, Any]:
    """A school's award proposal and its nominee list (with achievements); ``through`` is
    who receives it for the addressee (an upward proposal's "(qua …)")."""
    from docgen.awards.tables import award_table

    return {
        **document_context(spec, issuer, campaign, rules, symbol, bases, names),
        "school_name": school_name,
        # who proposes, in running text: the issuer (a school, or a province proposing upward)
        "proposer": issuer.name,
        "through": spec.through or through,
        "award": data.award,
        "wording": award_wording(data.award),
        "collectives": data.collectives,
        "individuals": data.individuals,
        "award_table": award_table(data, rules, spec.group_by_unit, proposal=True),
    }


class Proposal(Kind):
    name = "proposal"
    summary = "Tờ trình đề nghị khen thưởng of a school, with its nominee list"
    spec_model = ProposalSpec
    type_id = "to_trinh"
    templates = (TemplateSource("proposal", "to_trinh"),)

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """The school's proposal data exists for the year."""
        from docgen.awards.nominees import decided_proposals

        spec = ws.specs[spec_id]
        assert isinstance(spec, ProposalSpec)
        catalogue = ws.catalogue
        unknown = {  # a proposal of the school and year naming an unknown award (reported)
            p.award
            for p in ws.proposals.values()
            if p.school == spec.school and p.year == spec.year
            if catalogue is not None and catalogue.get(p.award) is None
        }
        if (
            not decided_proposals(ws, spec)
            and f"proposal:{spec.school}:{spec.year}" not in ws.broken
            and not unknown
        ):
            problems.add(
                "DATA-REF",
                f"no proposal data of '{spec.school}' for '{spec.award}' in {spec.year} "
                f"(a file of data/proposals/{spec.year}/ with this body, year and award)",
                source.locate((body_key(source),)),
            )

    def context(self, job: RenderJob) -> dict[str, Any]:
        spec = job.spec
        assert isinstance(spec, ProposalSpec) and job.campaign is not None
        data = awarded(job.ws, spec)
        body = job.ws.body(spec.school)
        assert body is not None  # validated
        school = body.name
        from docgen.awards.upward import required_dossier

        required = required_dossier(job.ws, spec.award, spec.date)
        through = required.row.through if required is not None else None
        return proposal_context(
            spec,
            job.issuer,
            job.campaign,
            job.rules,
            job.symbol,
            job.bases,
            data,
            school,
            job.names,
            through.text if through is not None else None,
        )


KIND = Proposal()
