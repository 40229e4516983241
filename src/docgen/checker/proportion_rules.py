"""Rules drawn out of proportion to the text they stand under (issue 22, fault 8).

ND 30/2020 Phụ lục I mục II.4: under the issuing body "có đường kẻ ngang, nét liền, có độ dài
bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với dòng chữ" (format.md, "top
left, line 2"); the same share under a State subject (mục II.5.b); under the State motto and the
Party's national title the rule is as long as the text (format.md, "top right"). The rules are
the ones the layout found (``Layout.issuer_rule_line`` …, however drawn: a border between its
indents, an underline, typed "____"/"-----", a line shape), measured against the longest line
of the text above, with Times New Roman's widths. The shares are rules/format.yaml
``proportions``, with their source: outside ``min``–``max`` a warning, outside
``refuse_below``–``refuse_above`` an error.
"""

from __future__ import annotations

from docgen.checker.base import CheckerBase
from docgen.checker.docx_model import Paragraph
from docgen.checker.layout import RuleLine
from docgen.rules import Share
from docgen.rules.glyphs import style_of, text_width_mm


def line_mm(paragraphs: list[Paragraph]) -> float:
    """The longest printed line of ``paragraphs`` (a line break starts a new line), each run in
    its own size and weight."""
    widest = 0.0
    for p in paragraphs:
        current = 0.0
        for run in p.runs:
            style = style_of(bool(run.props.bold), bool(run.props.italic))
            pieces = run.text.split("\n")
            for i, piece in enumerate(pieces):
                if i:
                    widest, current = max(widest, current), 0.0
                shown = piece.upper() if run.props.caps else piece
                current += text_width_mm(shown, run.props.size or 12, style)
        widest = max(widest, current)
    return widest


class ProportionChecks(CheckerBase):
    def proportions(self) -> None:
        lay = self.layout
        shares = self.rules.proportions
        if self.system == "state":
            self._share(lay.issuer_rule_line, lay.issuers, shares.issuer_rule, "ISSUER", "II.4")
            if lay.subject and lay.title is not None:
                self._share(lay.subject_rule_line, lay.subject, shares.subject_rule, "SUBJECT")
            if lay.motto is not None:
                self._share(lay.motto_rule_line, [lay.motto], shares.title_rule, "MOTTO")
        elif lay.national is not None:
            self._share(lay.motto_rule_line, [lay.national], shares.title_rule, "NATIONAL")

    def _share(
        self,
        rule: RuleLine | None,
        text: list[Paragraph] | None,
        share: Share,
        what: str,
        where: str = "II.5",
    ) -> None:
        if rule is None or rule.length_mm is None or not text:
            return
        widest = line_mm(text)
        if widest <= 0:
            return
        length = rule.length_mm
        ratio = length / widest
        tolerance = self.rules.page.tolerance_mm / widest
        if share.min - tolerance <= ratio <= share.max + tolerance:
            return
        refused = not share.refuse_below <= ratio <= share.refuse_above
        named = {
            "ISSUER": "the rule under the issuing body",
            "SUBJECT": "the rule under the subject",
            "MOTTO": "the rule under the motto",
            "NATIONAL": "the rule under the national title",
        }[what]
        source = "HD 36-HD/VPTW" if self.system == "party" else f"ND 30/2020 Phụ lục I mục {where}"
        self.add(
            f"{self.p}-{what}-RULE-LENGTH",
            f"{named} is {length:.1f} mm long; its line is {widest:.1f} mm, so the rule should "
            f"be {share.min * widest:.1f}–{share.max * widest:.1f} mm ({share.min:.2g}–"
            f"{share.max:.2g} of it, {source})",
            rule.paragraph,
            warning=not refused,
        )
