"""The council's vote by law and by date: shares of votes and quorums (data/law/votes.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from functools import cache
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from docgen.awards.law import Cited
from docgen.data.loader import Source
from docgen.data.models import AwardCatalogue, Identifier, InForce, Record, Text
from docgen.errors import Problems

_SHARE = re.compile(r"^\s*(?:(\d{1,3}(?:[.,]\d+)?)\s*%|(\d+)\s*/\s*(\d+))\s*$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@cache
def share_value(text: str) -> Fraction:
    """``70%`` → 7/10, ``2/3`` → 2/3, exactly (a share is compared, never rounded)."""
    match = _SHARE.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a share: write a percentage (70%) or a fraction (2/3)")
    percent, top, bottom = match.groups()
    if percent is not None:
        value = Fraction(Decimal(percent.replace(",", "."))) / 100
    else:
        if int(bottom) == 0:
            raise ValueError(f"'{text}' divides by zero")
        value = Fraction(int(top), int(bottom))
    if not 0 < value <= 1:
        raise ValueError(f"'{text}' must be more than 0 and at most 100%")
    return value


def _share(text: str) -> str:
    share_value(text)
    return text.strip().replace(" ", "")


Share = Annotated[str, AfterValidator(_share)]  # "70%", "90%", "2/3"


def reaches(count: int, base: int, share: str) -> bool:
    """``count`` of ``base`` is at least ``share`` ("từ 70% trở lên": 70% itself passes)."""
    # count/base >= p/q, in whole numbers: a council of 13 votes on 50,000 nominees
    need = share_value(share)
    return base > 0 and count * need.denominator >= need.numerator * base


def percent_text(count: int, base: int, below: str | None = None) -> str:
    """``8`` of ``13`` → ``61,54``: rounded half up to the decimals the minutes print
    (rules/text.yaml ``percent_decimals.votes``), a whole number without them (``100``).
    ``below``: the share the count did not reach ("70%"); the text then stays under it, so a
    share just short of the threshold never prints as the threshold itself (69,996 → 69,99)."""
    from docgen.rules import text_rules
    from docgen.vn.numbers import percent_figure

    decimals = text_rules().percent_decimals["votes"]
    text = percent_figure(count, base, decimals, whole_as_integer=True)
    if below is None or base <= 0 or reaches(count, base, below):
        return text
    limit = Decimal(share_value(below).numerator * 100) / share_value(below).denominator
    if Decimal(text.replace(",", ".")) < limit:
        return text
    step = Decimal(1).scaleb(-decimals)
    capped = limit.quantize(step, rounding=ROUND_DOWN)
    capped = capped - step if capped >= limit else capped
    return f"{capped:.{decimals}f}".replace(".", ",")


def share_text(share: str) -> str:
    """A share as a document writes it: ``70%``, ``2/3`` (a decimal comma: ``66,7%``)."""
    return share.replace(".", ",")


def _time(value: str) -> str:
    if _TIME.match(value) is None:
        raise ValueError(f"'{value}' is not a time of day: write it as \"14:00\" (in quotes)")
    return value


MeetingTime = Annotated[str, AfterValidator(_time)]


def time_words(value: str) -> str:
    """``14:00`` → ``14 giờ 00 phút``; ``8:30`` → ``8 giờ 30 phút``."""
    match = _TIME.match(value)
    if match is None:
        raise ValueError(value)
    return f"{int(match.group(1))} giờ {match.group(2)} phút"


def minutes_of_day(value: str) -> int:
    match = _TIME.match(value)
    if match is None:
        raise ValueError(value)
    return int(match.group(1)) * 60 + int(match.group(2))


# -- the data (data/law/votes.yaml) -----------------------------------------------------------


class VoteShare(Cited):
    """The votes a nominee needs: a share of the council's members, or of those present."""

    share: Share  # "70%": from 70% up ("từ 70% trở lên")
    of: Literal["members", "present"]  # members: all of the council; present: those at the meeting
    secret: bool = True  # a secret ballot ("bỏ phiếu kín")
    cited_as: Text | None = None  # the act as the minutes name it ("Quy chế … của Học viện")


class Quorum(Cited):
    """The members who must be present for the council to vote."""

    share: Share  # "2/3"


class VoteRule(InForce):
    """What the council's vote on these awards needs, for the days the rule is in force."""

    awards: list[Identifier] = Field(min_length=1)  # ids of data/law/awards.yaml
    votes: VoteShare
    quorum: Quorum


class VotesLaw(Record):
    """data/law/votes.yaml: the rules of the council's vote, by award and date."""

    rules: list[VoteRule] = Field(min_length=1)

    def rule_for(self, award: str, day: dt.date) -> tuple[int, VoteRule] | None:
        """The rule (and its index in the file) for ``award`` on ``day``."""
        return next(
            ((i, r) for i, r in enumerate(self.rules) if award in r.awards and r.covers(day)),
            None,
        )

    def coverage(self, award: str) -> str:
        periods = [r.period for r in self.rules if award in r.awards]
        return "; ".join(periods) or "none"


def check_votes_law(
    law: VotesLaw, source: Source, catalogue: AwardCatalogue | None, problems: Problems
) -> None:
    """Every award is in the catalogue; no two rules for one award in force on the same day."""
    for i, rule in enumerate(law.rules):
        for j, award in enumerate(rule.awards):
            if catalogue is not None and catalogue.unknown(award):
                problems.add(
                    "DATA-REF",
                    f"unknown award '{award}' (data/law/awards.yaml)",
                    source.locate(("rules", i, "awards", j)),
                )
    awards = {a for r in law.rules for a in r.awards}
    for award in sorted(awards):
        ordered = sorted(
            ((i, r) for i, r in enumerate(law.rules) if award in r.awards),
            key=lambda ir: ir[1].from_,
        )
        for (_, before), (after_index, after) in pairwise(ordered):
            if before.to is None or before.to >= after.from_:
                problems.add(
                    "DATA-LAW-OVERLAP",
                    f"two vote rules for '{award}' are in force on "
                    f"{after.from_.strftime('%d/%m/%Y')} ({before.period} and {after.period})",
                    source.locate(("rules", after_index, "from")),
                    hint="end the earlier rule the day before ('to:')",
                )
