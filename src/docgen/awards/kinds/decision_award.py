"""Kind ``decision_award``: an award decision (Quyết định khen thưởng), its list and money."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docgen.awards.specs import AwardDecisionSpec
from docgen.data.bodies import body_key, check_body
from docgen.data.models import Campaign, Issuer
from docgen.documents.context import document_context
from docgen.documents.effect import effectiveness_clause
from docgen.documents.kinds.base import Kind, RenderJob, TemplateSource
from docgen.errors import Problems
from docgen.rules import FormatRules

if TYPE_CHECKING:
    from docgen.awards.commendation import DecisionList
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


def award_decision_context(
    spec: AwardDecisionSpec,
    issuer: Issuer,
    campaign: Campaign,
    rules: FormatRules,
    symbol: str,
    bases: list[str],
    data: DecisionList,
    names: Sequence[str] = (),
    replaces: str | None = None,
) -> dict[str, Any]:
    """Everything an award decision template uses; Điều 3 opens with the effectiveness
    clause (rules/text.yaml), the attached list's title names what it holds."""
    from docgen.awards.tables import award_table
    from docgen.awards.wording import award_wording

    return {
        **document_context(spec, issuer, campaign, rules, symbol, bases, names),
        "effectiveness": effectiveness_clause(
            issuer.system, spec.effective, issuer.pad_dates, replaces
        ),
        "list_holds": list_holds(bool(data.collectives), bool(data.individuals)),
        "award": data.award,
        "wording": award_wording(data.award),
        # an award without money (an office's own title) has no money article: the executors'
        # article follows Điều 1
        "paid": data.award.paid,
        "executors_article": 3 if data.award.paid else 2,
        "collectives": data.collectives,
        "individuals": data.individuals,
        "collective_amount": data.collective_amount,
        "individual_amount": data.individual_amount,
        "total": data.total,
        "award_table": award_table(data, rules, spec.group_by_unit),
    }


def list_holds(collectives: bool, individuals: bool) -> str:
    """What a list of awardees holds, as its title names it: ``TẬP THỂ, CÁ NHÂN`` for both,
    ``TẬP THỂ`` or ``CÁ NHÂN`` for one kind only (a title over individuals only never says
    TẬP THỂ)."""
    kinds = [name for name, has in (("TẬP THỂ", collectives), ("CÁ NHÂN", individuals)) if has]
    return ", ".join(kinds) or "TẬP THỂ, CÁ NHÂN"


def awarded(ws: Workspace, spec: AwardDecisionSpec | Any) -> DecisionList:
    """Who a decision (or a proposal) awards, in order, with the money: from the proposals."""
    from docgen.awards.commendation import decision_list
    from docgen.awards.nominees import decided_proposals

    assert ws.catalogue is not None and ws.law is not None
    proposals = list(decided_proposals(ws, spec).values())
    data = decision_list(spec, proposals, ws.body, ws.catalogue, ws.law)
    if isinstance(spec, AwardDecisionSpec) and spec.minutes is not None:
        from docgen.awards.kinds.minutes import passed_only

        return passed_only(ws, spec.minutes, data)
    return data


def _check_executors_article(spec: AwardDecisionSpec, src: Source, problems: Problems) -> None:
    """Without money the executors' article is Điều 2: a recipient still written "Như Điều 3"
    would send the decision to an article it does not have."""
    for i, recipient in enumerate(spec.recipients or []):
        if re.match(r"\s*Như\s+Điều\s+3\b", recipient):
            problems.add(
                "DATA-REF",
                f"'{recipient}': this decision has no Điều 3 (an award without money has no "
                "money article; who executes it is Điều 2)",
                src.locate(("recipients", i)),
                hint="write 'Như Điều 2'",
            )


class AwardDecision(Kind):
    name = "decision_award"
    summary = "Quyết định khen thưởng, its DANH SÁCH and the money"
    spec_model = AwardDecisionSpec
    type_id = "quyet_dinh"
    templates = (TemplateSource("decision_award", "quyet_dinh"),)

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """The award is known, the base salary is there, the proposals are older, the schools
        exist."""
        from docgen.awards.nominees import decided_proposals

        spec = ws.specs[spec_id]
        assert isinstance(spec, AwardDecisionSpec)
        src = source
        catalogue = ws.catalogue
        award = catalogue.get(spec.award) if catalogue is not None else None
        if catalogue is not None and award is None:
            problems.add("DATA-REF", f"unknown award '{spec.award}'", src.locate(("award",)))
        if award is not None and award.paid and spec.funding is None:
            problems.add(
                "DATA-MISSING",
                f"'{award.name}' carries money: the decision needs 'funding' (where the money "
                "comes from)",
                src.locate(("award",)),
            )
        if award is not None and not award.paid:
            _check_executors_article(spec, src, problems)
        if ws.salaries is None and not ws.is_broken("law", "base_salary.yaml"):
            problems.add(
                "DATA-LAYOUT",
                "an award decision needs data/law/base_salary.yaml",
                src.locate(("award",)),
            )
        for display, proposal in decided_proposals(ws, spec).items():
            if proposal.date > spec.date:
                problems.add(
                    "DATA-DATE-ORDER",
                    f"the decision ({spec.date.strftime('%d/%m/%Y')}) is dated before the "
                    f"proposal it decides ({display}, {proposal.date.strftime('%d/%m/%Y')})",
                    src.locate(("date",)),
                )
        listed = body_key(src, "bodies", "schools")
        for i, school in enumerate(spec.schools or []):
            check_body(ws, school, src.locate((listed, i)), problems, listed)
        from docgen.awards.kinds.minutes import check_decision_minutes

        check_decision_minutes(ws, spec_id, src, problems)

    def context(self, job: RenderJob) -> dict[str, Any]:
        assert isinstance(job.spec, AwardDecisionSpec) and job.campaign is not None
        data = awarded(job.ws, job.spec)
        return award_decision_context(
            job.spec,
            job.issuer,
            job.campaign,
            job.rules,
            job.symbol,
            job.bases,
            data,
            job.names,
            job.replaces,
        )


KIND = AwardDecision()
