"""Rules of the header block: national title, motto, issuing body, number, place and date."""

from __future__ import annotations

import re

from docgen.checker.base import CheckerBase, _label
from docgen.checker.docx_model import Paragraph
from docgen.checker.layout import _DATE, _norm
from docgen.rules.glyphs import style_of, text_width_mm
from docgen.vn.dates import check_date


class HeaderChecks(CheckerBase):
    """The header block, above the type name."""

    def header(self) -> None:
        lay = self.layout
        national = self.sys.element("national_title").text
        if lay.national is None:
            self.add(
                f"{self.p}-HEADER-NATIONAL",
                f"the header block lacks '{national}' ({_label(self.system)} format)",
            )
        else:
            self.element("national_title", lay.national)
            if not self.sys.issuer_mark and lay.motto is None:
                motto = self.sys.element("motto").text
                self.add(
                    f"{self.p}-HEADER-MOTTO",
                    f"the motto '{motto}' must follow the national title",
                    lay.national,
                )
            ruled = lay.motto if self.system == "state" else lay.national
            # the rule may be the line's underline or border, or typed or drawn under it
            if ruled is not None and lay.motto_rule_line is None:
                self.add(
                    f"{self.p}-HEADER-RULE",
                    f"'{_norm(ruled.text)}' needs a solid rule under it as long as the text",
                    ruled,
                )
        self.element("motto", lay.motto)
        for line in (lay.national, lay.motto):
            self._one_line(line)
        if lay.national is not None:
            if not lay.issuers:
                self.add(
                    f"{self.p}-HEADER-ISSUER",
                    "the issuing body must stand in the header's left column, bold, in capitals",
                    lay.national,
                )
            self.element("issuer_body", lay.issuers)
            self.element("parent_body", lay.parents)
            if self.system == "party" and lay.mark is None:
                self.add(
                    "HD36-HEADER-MARK",
                    "Party documents put a centred '*' under the issuing body",
                    lay.issuers[-1] if lay.issuers else lay.national,
                )
            if self.system == "state" and not lay.issuer_rule:
                self.add(
                    "ND30-HEADER-ISSUER-RULE",
                    "State documents put a short centred rule under the issuing body",
                    lay.issuers[-1] if lay.issuers else None,
                )

    def _one_line(self, p: Paragraph | None) -> None:
        """The national title and the motto each stand on one line of their column: measured
        with Times New Roman's widths at their size, against the column less its padding (a
        two-line national title is the first thing a records desk sees)."""
        if p is None or p.cell_width_mm is None or not p.visible_runs or "\n" in p.text.strip():
            return
        table = self.model.tables.get(p.table or 0)
        pad = table.cell_margin_mm if table and table.cell_margin_mm is not None else None
        if pad is None:
            pad = self.rules.checker.default_cell_margin_mm
        room = p.cell_width_mm - 2 * pad - (p.props.left_mm or 0) - (p.props.right_mm or 0)
        need = sum(
            text_width_mm(
                r.text, r.props.size or 12, style_of(bool(r.props.bold), bool(r.props.italic))
            )
            for r in p.runs
        )
        if need > room + self.rules.page.tolerance_mm:
            self.add(
                f"{self.p}-HEADER-WRAP",
                f"'{_norm(p.text)}' is {need:.1f} mm wide and its column leaves {room:.1f} mm: "
                "it breaks onto two lines; widen the column or narrow the other",
                p,
            )

    def number(self) -> None:
        p = self.layout.number
        if p is None:
            if self.doc_type is not None and not self.doc_type.numbered:
                return  # a báo cáo thành tích carries no number (document_types.yaml)
            if self.layout.national is not None:
                self.add(f"{self.p}-NUMBER-MISSING", "no 'Số …' line under the issuing body")
            return
        self.element("number", p)
        text = _norm(p.text)
        if self.layout.number_placeholder:
            blank = r"^Số [-]" if self.system == "party" else r"^Số: ?/"
            self.add(
                f"{self.p}-NUMBER-PLACEHOLDER",
                f"'{text}' has no number yet: fine on a draft, the records desk writes it when "
                "the document is registered and issued",
                p,
                warning=True,
            )
            if not re.match(blank, text):
                form = "'Số   -KH/HVCTQG'" if self.system == "party" else "'Số:     /QĐ-UBND'"
                self.add(
                    f"{self.p}-NUMBER-FORM",
                    f"'{text}' is not in the {_label(self.system)} form {form}",
                    p,
                )
            return
        if self.system == "party":
            match = re.match(r"^Số (\d+)-([A-Za-zĐđ]+)/(\S+)$", text)
            form = "'Số 1247-KH/HVCTQG' (no colon; number-TYPE/ISSUER)"
        else:
            match = re.match(r"^Số: (\d+)/(?:([A-Za-zĐđ]+)-)?(\S+)$", text)
            form = "'Số: 05/QĐ-UBND' (a colon; number/TYPE-ISSUER)"
        if match is None:
            self.add(
                f"{self.p}-NUMBER-FORM",
                f"'{text}' is not in the {_label(self.system)} form {form}",
                p,
            )
            return
        number, abbr = match.group(1), match.group(2)
        if int(number) < 10 and len(number) < 2:
            self.add(
                f"{self.p}-NUMBER-PAD",
                f"number {number} must be written with a leading zero ({int(number):02d})",
                p,
            )
        known = {
            t.abbr_for(self.system)
            for t in self.rules.document_types.values()
            if self.system in t.systems
        }
        # a State công văn's symbol is issuer-unit (Số: 125/SNV-VP): no type to check there
        letter = self.system == "state" and (self.doc_type is None or not self.doc_type.titled)
        if abbr is not None and abbr not in known and not letter:
            self.add(
                f"{self.p}-NUMBER-TYPE",
                f"'{abbr}' is not a known type abbreviation "
                f"({', '.join(sorted(k for k in known if k))})",
                p,
            )
        elif (
            self.doc_type is not None
            and self.doc_type.exists_in(self.system)
            and self.layout.title is not None
            and abbr in known
            and abbr != self.doc_type.abbr_for(self.system)
        ):
            self.add(
                f"{self.p}-NUMBER-TYPE",
                f"the number says {abbr} but the document is a {self.doc_type.text_name.lower()} "
                f"({self.doc_type.abbr_for(self.system)})",
                p,
            )

    def date(self) -> None:
        p = self.layout.date
        if p is None:
            if self.layout.national is not None:
                self.add(
                    f"{self.p}-DATE-MISSING",
                    "no place-and-date line ('Hà Nội, ngày 05 tháng 01 năm 2020')",
                )
            return
        self.element("date_line", p)
        match = _DATE.match(_norm(p.text))
        assert match is not None
        d, m, y = match.group("d"), match.group("m"), match.group("y")
        why = check_date(int(y), int(m), int(d))
        if why:
            self.add(f"{self.p}-DATE-INVALID", f"'{_norm(p.text)}' is not a real date: {why}", p)
            return
        want_d = f"{int(d):02d}"
        want_m = f"{int(m):02d}" if int(m) < 3 else str(int(m))
        if (d, m) != (want_d, want_m):
            self.add(
                f"{self.p}-DATE-PAD",
                f"write 'ngày {want_d} tháng {want_m}' (pad the day below 10 and months 1 "
                "and 2); ignore this if the issuer has chosen not to pad",
                p,
                warning=True,
            )
