"""Rules of the title block and the body: type name, subject, V/v and Kính gửi, paragraphs."""

from __future__ import annotations

from docgen.checker.base import CheckerBase, _label
from docgen.checker.docx_model import Paragraph
from docgen.checker.layout import _norm


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

    def letter(self) -> None:
        """A công văn's subject under its number and the addressee, when its type needs them."""
        lay = self.layout
        if lay.national is None or self.doc_type is None:
            return
        name = self.doc_type.text_name.lower()
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

    def body(self) -> None:
        body_rules = self.rules.body
        indent = body_rules.first_line_indent_cm
        for p in self.layout.body or []:
            is_basis = _norm(p.text).startswith(("Căn cứ", "- Căn cứ"))
            self.element("bases" if is_basis else "body", p)
            if len(_norm(p.text)) < 90:
                continue  # headings and short lines: alignment and indent are free
            if p.props.align != "both":
                self.add(f"{self.p}-BODY-ALIGN", "body paragraphs must be justified", p)
            first = (p.props.first_line_mm or 0) / 10
            if not indent.min - 0.05 <= first <= (indent.max or indent.min) + 0.05:
                self.add(
                    f"{self.p}-BODY-INDENT",
                    f"the first-line indent is {first:.2f} cm; it must be "
                    f"{indent.min:g}–{indent.max:g} cm",
                    p,
                )
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
