"""Rules drawn out of proportion to the text they stand under (issue 22, fault 8).

ND 30/2020 Phụ lục I mục II.4: under the issuing body "có đường kẻ ngang, nét liền, có độ dài
bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với dòng chữ" (format.md, "top
left, line 2"). A rule drawn as the bottom border of a paragraph is as long as the paragraph
between its indents; typed rules ("____", "-----") are as long as their characters. The
allowed shares are rules/format.yaml ``proportions`` (with their source), measured with Times
New Roman's widths (documents.text_width).
"""

from __future__ import annotations

import re

from docgen.checker.base import CheckerBase
from docgen.checker.docx_model import Paragraph
from docgen.documents.text_width import style_of, text_width_pt

_TYPED_RULE = re.compile(r"^[_\-–—]{3,}$")
_PT_MM = 25.4 / 72


def _text_mm(p: Paragraph) -> float:
    """The width of a paragraph's text, each run in its own size and weight."""
    total = 0.0
    for run in p.runs:
        size = run.props.size or 12
        style = style_of(bool(run.props.bold), bool(run.props.italic))
        total += text_width_pt(run.text.upper() if run.props.caps else run.text, size, style)
    return total * _PT_MM


def rule_mm(p: Paragraph) -> float | None:
    """The length of the rule ``p`` draws: its bottom border between its indents, or its typed
    rule characters; None when it draws none."""
    text = p.text.strip()
    if text and _TYPED_RULE.match(text):
        return _text_mm(p)
    if p.props.border_bottom and not text and p.cell_width_mm is not None:
        return p.cell_width_mm - (p.props.left_mm or 0) - (p.props.right_mm or 0)
    return None


class ProportionChecks(CheckerBase):
    def proportions(self) -> None:
        """The State issuer's rule: 1/3 to 1/2 of the issuing body's longest line."""
        lay = self.layout
        if self.system != "state" or not lay.issuers or lay.national is None:
            return
        share = self.rules.proportions.issuer_rule
        cell = [
            p
            for p in self.model.paragraphs
            if p.table == lay.issuers[-1].table and p.row == 1 and p.cell == 1
        ]
        after = [p for p in cell if p.index > lay.issuers[-1].index]
        widest = max(_text_mm(p) for p in lay.issuers)
        tolerance = self.rules.page.tolerance_mm
        for p in after:
            length = rule_mm(p)
            if length is None:
                continue
            lo, hi = share.min * widest, share.max * widest
            if not lo - tolerance <= length <= hi + tolerance:
                self.add(
                    "ND30-ISSUER-RULE-LENGTH",
                    f"the rule under the issuing body is {length:.1f} mm long; its line is "
                    f"{widest:.1f} mm, so the rule should be {lo:.1f}–{hi:.1f} mm "
                    f"({share.min:.2g}–{share.max:.2g} of it, ND 30/2020 Phụ lục I mục II.4)",
                    p,
                )
            return
