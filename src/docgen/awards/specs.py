"""The award domain's document specs: what a proposal and an award decision say in data/documents/.

Models only, so that the law, the lists and the other kinds can name them without importing
the kinds that render them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import model_validator

from docgen.data.body_alias import bodies_alias, body_alias
from docgen.data.models import CampaignSpec, Identifier, Text
from docgen.data.period import YearOrPeriod


class AwardDecisionSpec(CampaignSpec):
    """An award decision (Quyết định khen thưởng) with its attached list."""

    kind: Literal["decision_award"]
    # the proposals of this year of the campaign, or of a period of it (2019-2025: its stage or
    # whole term; the register keeps the award as of the period's last year)
    year: YearOrPeriod
    # the award catalogue id; or ``awards:``, several ids: one article and one list per award
    # (Điều 1, Điều 2 …), the money of each in one money article with one total. One of the
    # two, never both (the kind's check says so at ``docgen validate``)
    award: Identifier | None = None
    awards: list[Identifier] | None = None
    # whose proposals are decided (default: all): bodies (docgen.data.bodies), written
    # ``bodies:`` or ``schools:``
    schools: list[Identifier] | None = None
    proposed_by: Text  # after "Theo đề nghị của"
    executors: Text  # Điều 3: who executes the decision
    # where the money comes from ("Nguồn kinh phí …"); required unless the award carries no
    # money (an office's own title: the decision then has no money article)
    funding: Text | None = None
    order: Literal["given_name", "unit_then_rank", "as_written"] = "given_name"
    group_by_unit: bool = True
    # the council's minutes (a spec id, kind: minutes): only the nominees who passed its vote
    # are awarded; a decision of several awards may cite the minutes of each ([id, id]), each
    # minutes filtering the list of the award it voted on
    minutes: Identifier | list[Identifier] | None = None
    # the day the decision takes effect, when not the signing day (rules/text.yaml)
    effective: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _bodies(cls, data: Any) -> Any:
        return bodies_alias(data)

    @property
    def award_ids(self) -> list[str]:
        """The awards the decision gives, in the order of its articles."""
        if self.awards:
            return list(self.awards)
        return [self.award] if self.award is not None else []

    @property
    def minutes_ids(self) -> list[str]:
        """The minutes the decision follows (one per award voted on)."""
        if self.minutes is None:
            return []
        return [self.minutes] if isinstance(self.minutes, str) else list(self.minutes)

    @property
    def minutes_id(self) -> str | None:
        """The minutes of a decision of one award (as decision_parts gives it)."""
        ids = self.minutes_ids
        return ids[0] if ids else None

    def for_award(self, award: str) -> AwardDecisionSpec:
        """The decision as if it gave ``award`` alone: what one article and one list decide."""
        if self.award == award and not self.awards:
            return self
        return self.model_copy(update={"award": award, "awards": None})


class ProposalSpec(CampaignSpec):
    """A body's award proposal (Tờ trình đề nghị khen thưởng) with its nominee list."""

    kind: Literal["proposal"]
    year: YearOrPeriod  # a year, or a period (2019-2025)
    # whose proposal (data/proposals/<year>/<body>.yaml): a body, ``body:`` or ``school:``
    school: Identifier
    award: Identifier  # the award proposed
    addressee: Text  # "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"
    # who receives it for the addressee, printed "Kính gửi: … (qua …)"; an upward proposal's
    # default is the body data/law/dossiers.yaml names (docgen.awards.upward)
    through: Text | None = None
    intro: Text  # the opening paragraph (what was achieved, why the proposal)
    group_by_unit: bool = False

    @model_validator(mode="before")
    @classmethod
    def _body(cls, data: Any) -> Any:
        return body_alias(data)
