"""Rules of the signature block: the authority line, the signer, the recipients list."""

from __future__ import annotations

from itertools import pairwise
from typing import cast

from docgen.checker.base import CheckerBase, _label
from docgen.checker.docx_model import Paragraph
from docgen.checker.layout import _norm
from docgen.rules import AuthorityForm, SystemName, signing_rules


class SignatureChecks(CheckerBase):
    """The signature block and the "Nơi nhận" list beside it."""

    def signature(self) -> None:
        lay = self.layout
        if lay.authority is None:
            return
        table = self.model.tables.get(lay.sign_table or 0)
        if lay.signature_in_table and table is not None and table.borders:
            self.add(
                f"{self.p}-SIGN-BORDERS",
                "the signature block's table prints its borders: the 'Nơi nhận' and signature "
                "columns stand in a borderless table",
                lay.authority,
            )
        if not lay.signature_in_table and lay.recipients_heading is not None:
            self.add(
                f"{self.p}-SIGN-BLOCK",
                "the signature is typed in paragraphs with 'Nơi nhận:' "
                f"{'under' if lay.recipients_heading.index > lay.authority.index else 'above'} "
                "it: they stand side by side, 'Nơi nhận:' in the left column level with the "
                "authority line, the signature in the right (a two-column borderless table)",
                lay.authority,
            )
        self.element("authority", lay.authority)
        if lay.signer_title is not None:
            self.element("signer_title", lay.signer_title)
        if lay.signer_name is not None:
            self.element("signer_name", lay.signer_name)
        own = set(self.sys.authority_prefixes.values())
        other_system: SystemName = "state" if self.system == "party" else "party"
        other = set(self.rules.system(other_system).authority_prefixes.values()) - own
        first_word = _norm(lay.authority.text).split(" ")[0]
        if first_word in other:
            self.add(
                f"{self.p}-SIGN-AUTHORITY",
                f"'{first_word}' is the {_label(other_system)} form; "
                f"{_label(self.system)} documents write "
                f"{', '.join(sorted(own))}",
                lay.authority,
            )
        self.signer_authority()

    def _signature_lines(self) -> list[Paragraph]:
        """The signature block's lines from the authority line to the name, blank ones left
        out."""
        lay = self.layout
        first = lay.authority
        assert first is not None
        last = lay.signer_name.index if lay.signer_name is not None else first.index
        return [
            p
            for p in self.model.paragraphs
            if first.index <= p.index <= last
            and p.table == first.table
            and p.cell == first.cell
            and _norm(p.text)
        ]

    def signer_authority(self) -> None:
        """Who signs against how they sign (rules/signing.yaml), as the block prints it: under
        "KT. GIÁM ĐỐC" a deputy of the Giám đốc ("PHÓ GIÁM ĐỐC"), not the head nor a unit's head;
        under "TL."/"TUQ." the head of a unit, and never on an award decision."""
        rules = signing_rules()
        prefixes = {prefix: form for form, prefix in self.sys.authority_prefixes.items()}
        lines = self._signature_lines()[:-1]  # the name is the last line
        for line, below in pairwise(lines):
            text = _norm(line.text)
            word = text.split(" ")[0]
            form_key = prefixes.get(word)
            if form_key is None or form_key == "on_behalf":
                continue  # TM. names a collective, whose head's title the page does not give
            if prefixes.get(_norm(below.text).split(" ")[0]) is not None:
                continue  # "TM. … / KT. …": the next line is another authority line
            head_title = text[len(word) :].strip()
            head_title = head_title[:1] + head_title[1:].lower()  # "GIÁM ĐỐC" → "Giám đốc"
            title = _norm(below.text)
            form = rules.forms.get(cast("AuthorityForm", form_key))
            if form is None:
                continue
            position = rules.position(title, head_title)
            if head_title and position not in form.positions:
                allowed = "; ".join(rules.position_name(p, head_title) for p in form.positions)
                self.add(
                    f"{self.p}-SIGN-POSITION",
                    f"'{title}' under '{text}' is {rules.position_name(position, head_title)}: "
                    f"{word} is signed by {allowed} (rules/signing.yaml: {form.source})",
                    below,
                )
            for key in form.not_for:
                document = rules.documents[key]
                recognised = document.recognised_by
                subject = " ".join(_norm(p.text) for p in self.layout.subject or [])
                type_id = self.doc_type.id if self.doc_type is not None else None
                if recognised is not None and recognised.holds(type_id, subject):
                    self.add(
                        f"{self.p}-SIGN-POSITION",
                        f"'{word}' ({form.name}) may not sign {document.name} "
                        f"(rules/signing.yaml: {document.source})",
                        line,
                    )

    def recipients(self) -> None:
        lay = self.layout
        if lay.recipients_heading is None:
            required = self.requires("recipients")
            if lay.authority is not None and required is not False:
                self.add(
                    f"{self.p}-RECIPIENTS-MISSING",
                    "no 'Nơi nhận:' list beside the signature",
                    lay.authority,
                    warning=required is None,
                )
            return
        rec = self.sys.recipients
        self.element("recipients_heading", lay.recipients_heading)
        if _norm(lay.recipients_heading.text) != rec.heading:
            self.add(
                f"{self.p}-RECIPIENTS-FORM",
                f"write '{rec.heading}'",
                lay.recipients_heading,
                warning=rec.approx,
            )
        items = lay.recipients or []
        self.element("recipients", items)
        for p in items:
            if not _norm(p.text).startswith("- "):
                self.add(
                    f"{self.p}-RECIPIENTS-FORM",
                    "each recipient line starts with '- '",
                    p,
                    warning=rec.approx,
                )
        if items and not _norm(items[-1].text).startswith(f"- {rec.archive_prefix.strip()}"):
            self.add(
                f"{self.p}-RECIPIENTS-FORM",
                f"the list ends with the archive line '- {rec.archive_prefix}…'",
                items[-1],
                warning=rec.approx,
            )
