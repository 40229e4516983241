"""How a decision words an award (rules/awards.yaml ``wording``): "Tặng Bằng khen …", "Tặng
danh hiệu “…”", "Công nhận danh hiệu “…”", in its Điều 1, money article and list title."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from docgen.data.models import AwardRule
from docgen.rules import read_rules_file


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
