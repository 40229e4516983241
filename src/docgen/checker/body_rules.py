"""Rules of the title block and the body: type name, subject, V/v and Kính gửi, paragraphs."""

from __future__ import annotations

import re

from docgen.checker.base import CheckerBase, _label
from docgen.checker.docx_model import Paragraph
from docgen.checker.layout import _norm
from docgen.rules.glyphs import style_of, text_width_mm

_CHAPTER = re.compile(r"^(Chương|Mục|Phần) [IVXLC\d]+\b")
_BASIS = ("Căn cứ", "- Căn cứ", "Theo đề nghị", "Xét đề nghị", "Xét Tờ trình", "Theo đề xuất")


class BodyChecks(CheckerBase):
    """The type name and subject, a công văn's subject line and addressee, the body."""

    def title(self) -> None:
        lay = self.layout
        if lay.title is None:
            if lay.national is not None and self.requires("type_name") is not False:
                self.add(
                    f"{self.p}-TITLE-MISSING",
                    "no document type name (KẾ HOẠCH, QUYẾT ĐỊNH …) in capitals after the header",
                )
            return
        if self.doc_type is not None and not self.doc_type.exists_in(self.system):
            other = " and ".join(_label(s) for s in self.doc_type.systems)
            self.add(
                f"{self.p}-TYPE-SYSTEM",
                f"{self.doc_type.name} is a {other} document type, not a {_label(self.system)} one",
                lay.title,
            )
        if not lay.subject and self.requires("subject"):
            self.add(
                f"{self.p}-SUBJECT-MISSING",
                f"no subject (trích yếu) under '{_norm(lay.title.text)}'",
                lay.title,
            )
        self.element("type_name", lay.title)
        if lay.title.props.align != "center":
            self.add(f"{self.p}-TITLE-ALIGN", "the type name must be centred", lay.title)
        self.element("subject", lay.subject)
        for p in lay.subject or []:
            if p.props.align != "center":
                self.add(f"{self.p}-SUBJECT-ALIGN", "the subject line must be centred", p)
        if lay.subject and lay.subject_rule_line is None:
            # State: a short centred rule under the subject (ND 30 Phụ lục I mục II.5.a);
            # Party: a short separator (≈ "-----", HD 36), so a warning there
            self.add(
                f"{self.p}-SUBJECT-RULE",
                "no short centred rule under the subject (trích yếu)",
                lay.subject[-1],
                warning=self.system == "party",
            )

    def letter(self) -> None:
        """A công văn's subject under its number and the addressee, when its type needs them."""
        lay = self.layout
        if lay.national is None or self.doc_type is None:
            return
        name = self.doc_type.text_name.lower()
        if (
            lay.title is not None
            and lay.letter_subject is not None
            and not self.requires("letter_subject")
            and _norm(lay.letter_subject.text).startswith("V/v")
        ):
            # "V/v …" under the number is a công văn's subject (ND 30 Phụ lục I mục II.5.b);
            # a document with a type name states its subject under the name
            self.add(
                f"{self.p}-LETTER-SUBJECT-TITLED",
                f"a {name} has its subject under its type name; the 'V/v …' line under the "
                "number belongs to a công văn",
                lay.letter_subject,
            )
        if self.requires("letter_subject"):
            prefix = self.sys.element("letter_subject").text or ""
            if lay.letter_subject is None:
                self.add(
                    f"{self.p}-LETTER-SUBJECT-MISSING",
                    f"a {name} states its subject under the number ('{prefix} …')",
                    lay.number,
                )
            else:
                self.element("letter_subject", lay.letter_subject)
                if self.system == "state" and not _norm(lay.letter_subject.text).startswith(prefix):
                    self.add(
                        "ND30-LETTER-SUBJECT-FORM",
                        f"the subject under the number starts with '{prefix}'",
                        lay.letter_subject,
                    )
        if self.requires("addressee") and lay.addressee is None:
            self.add(
                f"{self.p}-ADDRESSEE-MISSING",
                f"a {name} names whom it is sent to ('Kính gửi: …')",
                lay.title or lay.number,
            )

    def order(self) -> None:
        """The bases and the proposal come before the verb ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"), the
        articles after it (ND 30 Phụ lục III mẫu 1.1–1.3; HD 36 mẫu quyết định)."""
        verb = self.layout.verb
        if verb is None:
            return
        body = self.layout.body or []
        for p in body[body.index(verb) + 1 :]:
            text = _norm(p.text)
            if text.startswith("Điều"):
                return
            if text.startswith(_BASIS):
                self.add(
                    f"{self.p}-DECISION-ORDER",
                    f"'{text[:40]}…' stands after '{_norm(verb.text)}': the bases and the "
                    "proposal come before it, the articles after it",
                    p,
                )
                return

    def chapters(self) -> None:
        """A chapter's (mục's, phần's) label and its title each on a line, centred and bold
        (ND 30 Phụ lục I mục II.6.b; format.yaml ``regulation``)."""
        body = self.layout.body or []
        for i, p in enumerate(body):
            if not _CHAPTER.match(_norm(p.text)):
                continue
            lines = [p]
            nxt = body[i + 1] if i + 1 < len(body) else None
            if nxt is not None and _norm(nxt.text) == _norm(nxt.text).upper():
                lines.append(nxt)
            for line in lines:
                if line.props.align != "center" or not all(r.props.bold for r in line.visible_runs):
                    self.add(
                        f"{self.p}-CHAPTER-FORMAT",
                        f"'{_norm(line.text)}' must be centred and bold, on a line of its own",
                        line,
                    )

    def _heading(self, p: Paragraph) -> bool:
        """A line set apart from the running text: bold throughout or in capitals (a section
        heading, a decision's authority line, the verb, a chapter), or a chapter's label."""
        text = _norm(p.text)
        runs = p.visible_runs
        if text.startswith(("Kính gửi", "Gửi")) or (
            text.startswith("- ") and (p.props.left_mm or 0) > 0 and p.props.align != "both"
        ):
            return True  # an addressee line, however written, and its indented list
        return (
            bool(runs and all(r.props.bold for r in runs))
            or (text == text.upper() and any(c.isalpha() for c in text))
            or bool(_CHAPTER.match(text))
        )

    def _wraps(self, p: Paragraph) -> bool:
        """Whether the paragraph takes more than one line on the page's text width."""
        if not self.model.sections:
            return len(_norm(p.text)) >= self.rules.checker.spacing_min_chars
        s = self.model.sections[-1]
        width = s.page_width_mm - s.margins_mm.get("left", 0) - s.margins_mm.get("right", 0)
        width -= (p.props.left_mm or 0) + (p.props.right_mm or 0) + (p.props.first_line_mm or 0)
        need = sum(
            text_width_mm(r.text, r.props.size or 12, style_of(bool(r.props.bold), False))
            for r in p.runs
        )
        return need > width

    def body(self) -> None:
        body_rules = self.rules.body
        indent = body_rules.first_line_indent_cm
        for p in self.layout.body or []:
            is_basis = _norm(p.text).startswith(("Căn cứ", "- Căn cứ"))
            self.element("bases" if is_basis else "body", p)
            if self._heading(p):
                continue  # headings: placed as the writer sets them apart
            # a line that wraps shows a ragged edge unless justified; a one-line paragraph
            # shows only when centred or pushed right
            if (self._wraps(p) and p.props.align != "both") or p.props.align in (
                "center",
                "right",
            ):
                self.add(f"{self.p}-BODY-ALIGN", "body paragraphs must be justified", p)
            first = (p.props.first_line_mm or 0) / 10
            if not indent.min - 0.05 <= first <= (indent.max or indent.min) + 0.05:
                self.add(
                    f"{self.p}-BODY-INDENT",
                    f"the first-line indent is {first:.2f} cm; it must be "
                    f"{indent.min:g}–{indent.max:g} cm",
                    p,
                )
            if len(_norm(p.text)) < self.rules.checker.spacing_min_chars:
                continue
            spacing = max(p.props.space_after_pt or 0, p.props.space_before_pt or 0)
            if spacing < body_rules.space_after_pt.min:
                self.add(
                    f"{self.p}-BODY-SPACING",
                    f"{spacing:g} pt between paragraphs; at least "
                    f"{body_rules.space_after_pt.min:g} pt",
                    p,
                )
            self._line_spacing(p)

    def _line_spacing(self, p: Paragraph) -> None:
        ls = self.rules.body.line_spacing
        size = max((r.props.size or 0 for r in p.visible_runs), default=0) or 14
        rule, line = p.props.line_rule or "auto", p.props.line or 240
        if self.system == "party":
            lo, hi = float(ls.party_exact_pt["min"]), float(ls.party_exact_pt["max"])
            if rule != "exact" or not lo <= line / 20 <= hi:
                shown = (
                    f"exactly {line / 20:g} pt" if rule == "exact" else f"{line / 240:.2f} lines"
                )
                self.add(
                    "HD36-BODY-LINE-SPACING",
                    f"line spacing is {shown}; Party practice is exactly {lo:g}–{hi:g} pt",
                    p,
                    warning=True,
                )
            return
        lo, hi = ls.state_multiple["min"], ls.state_multiple["max"]
        lines = line / 240 if rule == "auto" else (line / 20) / (size * 1.15)
        if not lo - 0.05 <= lines <= hi + 0.05:
            self.add(
                "ND30-BODY-LINE-SPACING",
                f"line spacing is {lines:.2f} lines; it must be {lo:g}–{hi:g} lines",
                p,
            )
