"""The award domain's document specs: what a proposal and an award decision say in data/documents/.

Models only, so that the law, the lists and the other kinds can name them without importing
the kinds that render them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import model_validator

from docgen.data.body_alias import bodies_alias, body_alias
from docgen.data.models import CampaignSpec, Identifier, Text


class AwardDecisionSpec(CampaignSpec):
    """An award decision (Quyết định khen thưởng) with its attached list."""

    kind: Literal["decision_award"]
    year: int  # the proposals of this year of the campaign
    award: Identifier  # the award catalogue id
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
    # are awarded
    minutes: Identifier | None = None
    # the day the decision takes effect, when not the signing day (rules/text.yaml)
    effective: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _bodies(cls, data: Any) -> Any:
        return bodies_alias(data)


class ProposalSpec(CampaignSpec):
    """A body's award proposal (Tờ trình đề nghị khen thưởng) with its nominee list."""

    kind: Literal["proposal"]
    year: int
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
