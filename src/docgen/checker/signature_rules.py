"""Rules of the signature block: the authority line, the signer, the recipients list."""

from __future__ import annotations

from docgen.checker.base import CheckerBase, _label
from docgen.checker.layout import _norm
from docgen.rules import SystemName


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
