"""Kind ``decision_award``: an award decision (Quyết định khen thưởng), its list and money."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docgen.awards.kinds.minutes import decision_parts
from docgen.awards.specs import AwardDecisionSpec
from docgen.data.bodies import body_key, check_body
from docgen.data.models import Campaign, Issuer
from docgen.data.period import YearSpan
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
    data: Sequence[DecisionList],
    names: Sequence[str] = (),
    replaces: str | None = None,
) -> dict[str, Any]:
    """Everything an award decision template uses: one article and one attached list per
    award (``parts``, in the order of ``awards:``), the money of the paid ones in one article
    with one total, then the executors' article, which opens with the effectiveness clause
    (rules/text.yaml); each list's title names what it holds. The single-award names
    (``award``, ``collectives``, ``award_table`` …) are the first award's."""
    from docgen.awards.tables import award_table
    from docgen.awards.wording import award_wording

    parts = [_part(i, part, rules, spec.group_by_unit) for i, part in enumerate(data, 1)]
    paid = [part for part in parts if part["paid"]]
    # an award without money (an office's own title) has no money article: the executors'
    # article follows the awards' articles
    money_article = len(parts) + 1 if paid else None
    first = data[0]
    return {
        **document_context(spec, issuer, campaign, rules, symbol, bases, names),
        "effectiveness": effectiveness_clause(
            issuer.system, spec.effective, issuer.pad_dates, replaces
        ),
        "list_holds": list_holds(bool(first.collectives), bool(first.individuals)),
        "award": first.award,
        "wording": award_wording(first.award),
        "paid": bool(paid),
        "parts": parts,
        "paid_parts": paid,
        "money_article": money_article,
        "executors_article": len(parts) + (2 if paid else 1),
        "collectives": first.collectives,
        "individuals": first.individuals,
        "collective_amount": first.collective_amount,
        "individual_amount": first.individual_amount,
        "total": sum(part.total for part in data),
        "award_table": award_table(first, rules, spec.group_by_unit),
    }


def _part(
    article: int, data: DecisionList, rules: FormatRules, group_by_unit: bool
) -> dict[str, Any]:
    """One award of a decision: its article, its wording and its attached list."""
    from docgen.awards.tables import award_table
    from docgen.awards.wording import award_wording

    return {
        "article": article,
        "award": data.award,
        "wording": award_wording(data.award),
        "paid": data.award.paid,
        "holds": list_holds(bool(data.collectives), bool(data.individuals)),
        "collectives": data.collectives,
        "individuals": data.individuals,
        "collective_amount": data.collective_amount,
        "individual_amount": data.individual_amount,
        "total": data.total,
        "table": award_table(data, rules, group_by_unit),
    }


def list_holds(collectives: bool, individuals: bool) -> str:
    """What a list of awardees holds, as its title names it: ``TẬP THỂ, CÁ NHÂN`` for both,
    ``TẬP THỂ`` or ``CÁ NHÂN`` for one kind only (a title over individuals only never says
    TẬP THỂ)."""
    kinds = [name for name, has in (("TẬP THỂ", collectives), ("CÁ NHÂN", individuals)) if has]
    return ", ".join(kinds) or "TẬP THỂ, CÁ NHÂN"


def awarded(ws: Workspace, spec: AwardDecisionSpec | Any) -> DecisionList:
    """Who a decision (or a proposal) awards, in order, with the money: from the proposals.
    For a decision with several awards, the list of its first: see ``awarded_parts``."""
    from docgen.awards.commendation import decision_list
    from docgen.awards.nominees import decided_proposals

    assert ws.catalogue is not None and ws.law is not None
    if isinstance(spec, AwardDecisionSpec) and (
        spec.award is None or isinstance(spec.minutes, list)
    ):
        spec = decision_parts(ws, spec)[0]
    proposals = list(decided_proposals(ws, spec).values())
    data = decision_list(spec, proposals, ws.body, ws.catalogue, ws.law)
    if isinstance(spec, AwardDecisionSpec) and spec.minutes_id is not None:
        from docgen.awards.kinds.minutes import passed_only

        return passed_only(ws, spec.minutes_id, data)
    return data


def awarded_parts(ws: Workspace, spec: AwardDecisionSpec) -> list[DecisionList]:
    """Who a decision awards, award by award, in the order of its articles."""
    return [awarded(ws, part) for part in decision_parts(ws, spec)]


def _check_executors_article(
    spec: AwardDecisionSpec, executors: int, src: Source, problems: Problems
) -> None:
    """The recipients' "Như Điều N" names the executors' article: after the awards' articles
    and the money article, if any (an award without money has none), a recipient written
    "Như Điều 3" would send the decision to an article it does not have or that is not
    theirs."""
    for i, recipient in enumerate(spec.recipients or []):
        match = re.match(r"\s*Như\s+Điều\s+(\d+)\b", recipient)
        if match is None or int(match[1]) == executors:
            continue
        if len(spec.award_ids) == 1 and executors == 2 and match[1] == "3":
            problems.add(
                "DATA-REF",
                f"'{recipient}': this decision has no Điều 3 (an award without money has no "
                "money article; who executes it is Điều 2)",
                src.locate(("recipients", i)),
                hint="write 'Như Điều 2'",
            )
        elif int(match[1]) > len(spec.award_ids):
            problems.add(
                "DATA-REF",
                f"'{recipient}': who executes this decision is Điều {executors} (one article "
                "per award, then the money article if an award carries money)",
                src.locate(("recipients", i)),
                hint=f"write 'Như Điều {executors}'",
            )


def _check_period(ws: Workspace, spec: AwardDecisionSpec, src: Source, problems: Problems) -> None:
    """A decision over a period (``year: 2022-2025``) decides a stage or the whole term of its
    campaign: a period reaching outside the campaign's is a slip."""
    campaign = ws.campaigns.get(spec.campaign)
    if not isinstance(spec.year, YearSpan) or campaign is None:
        return
    if not campaign.period.start <= spec.year.first <= int(spec.year) <= campaign.period.end:
        problems.add(
            "DATA-VALUE",
            f"the period {spec.year} is outside the campaign's period ({campaign.period})",
            src.locate(("year",)),
            hint="a decision over a period awards a stage or the whole term of its campaign",
        )


def _check_each_award_proposed(
    ws: Workspace, spec: AwardDecisionSpec, src: Source, problems: Problems
) -> None:
    """Each award of a decision of several awards has someone proposed for it in the
    proposals it decides: an article and a list with nobody would be an empty award."""
    from docgen.awards.nominees import decided_proposals

    proposed = {
        nominee.award or proposal.award
        for proposal in decided_proposals(ws, spec).values()
        for nominee in [*proposal.collectives, *proposal.individuals]
    }
    catalogue = ws.catalogue
    for i, award_id in enumerate(spec.awards or []):
        rule = catalogue.get(award_id) if catalogue is not None else None
        if rule is not None and award_id not in proposed:
            problems.add(
                "DATA-REF",
                f"nobody in the proposals this decision decides is proposed for '{rule.name}' "
                f"({spec.campaign}, {spec.year})",
                src.locate(("awards", i)),
                hint="propose its nominees (award: on each, or the proposal's award), or take "
                "it out of 'awards'",
            )


def _check_award_field(spec: AwardDecisionSpec, src: Source, problems: Problems) -> None:
    """``award:`` (one award) or ``awards:`` (several), one of the two, each award once."""
    if spec.award is not None and spec.awards is not None:
        problems.add(
            "DATA-AMBIGUOUS",
            "the decision gives both 'award' and 'awards': say which awards it gives in one "
            "of them",
            src.locate(("awards",)),
            hint="one award: 'award: <id>'; several: 'awards: [<id>, <id>]' (one article each)",
        )
    elif spec.award is None and not spec.awards:
        problems.add(
            "DATA-MISSING",
            "the decision gives no award: it needs 'award' (one) or 'awards' (several)",
            src.locate(("awards",) if spec.awards is not None else ()),
        )
    for i, award in enumerate(spec.awards or []):
        if award in (spec.awards or [])[:i]:
            problems.add(
                "DATA-DUPLICATE",
                f"the award '{award}' is given twice in 'awards': one article per award",
                src.locate(("awards", i)),
            )


class AwardDecision(Kind):
    name = "decision_award"
    summary = "Quyết định khen thưởng, its DANH SÁCH and the money"
    spec_model = AwardDecisionSpec
    type_id = "quyet_dinh"
    templates = (TemplateSource("decision_award", "quyet_dinh"),)

    def check(self, ws: Workspace, spec_id: str, source: Source, problems: Problems) -> None:
        """The awards are known, the base salary is there, the proposals are older, the
        schools exist."""
        from docgen.awards.nominees import decided_proposals

        spec = ws.specs[spec_id]
        assert isinstance(spec, AwardDecisionSpec)
        src = source
        _check_award_field(spec, src, problems)
        catalogue = ws.catalogue
        paid = False
        for i, award_id in enumerate(spec.award_ids):
            at = ("awards", i) if spec.awards else ("award",)
            award = catalogue.get(award_id) if catalogue is not None else None
            if catalogue is not None and award is None:
                problems.add("DATA-REF", f"unknown award '{award_id}'", src.locate(at))
            if award is not None and award.paid:
                paid = True
                if spec.funding is None:
                    problems.add(
                        "DATA-MISSING",
                        f"'{award.name}' carries money: the decision needs 'funding' (where "
                        "the money comes from)",
                        src.locate(at),
                    )
        if spec.awards:
            _check_each_award_proposed(ws, spec, src, problems)
        if catalogue is not None and spec.award_ids:
            executors = len(spec.award_ids) + (2 if paid else 1)
            _check_executors_article(spec, executors, src, problems)
        _check_period(ws, spec, src, problems)
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

        if spec.award_ids:
            check_decision_minutes(ws, spec_id, src, problems)

    def context(self, job: RenderJob) -> dict[str, Any]:
        assert isinstance(job.spec, AwardDecisionSpec) and job.campaign is not None
        data = awarded_parts(job.ws, job.spec)
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
