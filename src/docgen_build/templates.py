"""Builds the .docx templates in templates/ from the format rules and the body sources.

Run ``make templates`` (``python -m docgen_build.templates``) after changing
``rules/format.yaml`` or ``templates/source/*.txt``. The page, styles, header block, title block,
signature block and page numbers come from the rules; the body comes from the source file, one
paragraph a line::

    [DGSection2]<b>{{ sec(2) }} Chủ đề thi đua:</b> “<i>{{ campaign.name }}</i>”
    {%p for b in bases %}

``[Style]`` picks a paragraph style (default DGBody); ``<b>``, ``<i>``, ``<r>`` (regular) mark
runs. Every Jinja tag stays inside one run, so templates never have tags split across runs.
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from docgen.awards.certificate_templates import Kind as CertificateKind
from docgen.awards.certificate_templates import (
    add_centered,
    add_page_border,
    add_text,
    certificate_rules,
    save_certificate,
    setup_page,
)
from docgen.documents.kinds import TemplateSource, registry
from docgen.errors import Location, TemplateError
from docgen.output import save_docx_reproducibly
from docgen.rules import FormatRules, SystemName, load_rules
from docgen_build.styles import (
    Styles,
    border,
    measured_indents,
    no_table_borders,
    page_field,
    style_id,
)

_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
_LINE = re.compile(r"^\[(?P<style>[A-Za-z0-9]+)\](?P<text>.*)$")
_TAG = re.compile(r"(<b>|</b>|<i>|</i>|<r>|</r>)")


# -- document parts ----------------------------------------------------------------------------


def _cell_paragraph(cell: _Cell, style: str, first: list[bool]) -> Paragraph:
    """Reuse the empty paragraph a new cell starts with, then append."""
    if first[0]:
        first[0] = False
        p = cell.paragraphs[0]
        p.style = style
        return p
    return cell.add_paragraph(style=style)


def _add_runs(p: Paragraph, text: str) -> None:
    """``<b>``/``<i>``/``<r>`` markup → runs; everything else is literal text (Jinja included)."""
    bold: bool | None = None
    italic: bool | None = None
    for part in _TAG.split(text):
        if part == "<b>":
            bold = True
        elif part == "<i>":
            italic = True
        elif part in ("</b>", "</i>", "</r>"):
            bold = italic = None
        elif part == "<r>":
            bold = italic = False
        elif part:
            run = p.add_run(part)
            if bold is not None:
                run.bold = bold
            if italic is not None:
                run.italic = italic


class TemplateBuilder:
    """One template of a kind of document, in one system."""

    def __init__(self, rules: FormatRules, system: SystemName, source: TemplateSource) -> None:
        self.rules = rules
        self.system = system
        self.sys = rules.system(system)
        self.source = source
        self.doc = Document()
        # python-docx's default template carries styles we never use; they stay, harmlessly.

    # page setup, page numbers from page 2 (ND 30 Phụ lục I mục II.10; HD 36 mục 1.5)
    def page(self) -> None:
        page = self.rules.page
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(page.paper_mm["width"])
        section.page_height = Mm(page.paper_mm["height"])
        m = page.margins_mm
        section.top_margin = Mm(m["top"].default)
        section.bottom_margin = Mm(m["bottom"].default)
        section.left_margin = Mm(m["left"].default)
        section.right_margin = Mm(m["right"].default)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False
        first.paragraphs[0].style = self.doc.styles["Normal"]
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.style = self.doc.styles[style_id("page_number")]
        page_field(p)

    def _table(self, widths_mm: tuple[float, float], rows: int) -> object:
        table = self.doc.add_table(rows=rows, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        no_table_borders(table, self.rules.page.table_cell_margin_mm)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
        for col, width in zip(table.columns, widths_mm, strict=True):
            col.width = Mm(width)
        for row in table.rows:  # a header or signature block is never split across pages
            cant_split = OxmlElement("w:cantSplit")
            row._tr.get_or_add_trPr().append(cant_split)
        return table

    def header_block(self, *, numbered: bool = True) -> None:
        """The header block; without the number and date row for an attached part."""
        table = self._table(self.sys.header_columns_mm, rows=2 if numbered else 1)
        left, right = table.rows[0].cells  # type: ignore[attr-defined]
        first_l, first_r = [True], [True]
        parent, issuer = style_id("parent_body"), style_id("issuer_body")
        # each line balanced over the column, no name cut (documents.text_width.balance)
        column = self.sys.header_columns_mm[0] - 2 * self.rules.page.table_cell_margin_mm
        _cell_paragraph(left, parent, first_l).add_run("{%p for line in issuer.parent %}")
        left.add_paragraph(style=parent).add_run(
            f"{{{{ line | balance('parent_body', issuer.system, {column:g}) | upper }}}}"
        )
        left.add_paragraph(style=parent).add_run("{%p endfor %}")
        left.add_paragraph(style=issuer).add_run("{%p for line in issuer.header %}")
        left.add_paragraph(style=issuer).add_run(
            f"{{{{ line | balance('issuer_body', issuer.system, {column:g}) | upper }}}}"
        )
        left.add_paragraph(style=issuer).add_run("{%p endfor %}")
        if self.sys.issuer_mark:
            left.add_paragraph(style=style_id("issuer_mark")).add_run(self.sys.issuer_mark)
        if self.sys.issuer_rule:
            # a share of the issuing body's longest line, measured when the document is made
            rule = left.add_paragraph(style="DGRule")
            fraction = self.sys.issuer_rule.fraction
            side = (
                f"issuer.header | rule_side('issuer_body', issuer.system, {column:g}, {fraction:g})"
            )
            measured_indents(rule, side)
            border(rule)
        national = self.sys.element("national_title")
        _cell_paragraph(right, style_id("national_title"), first_r).add_run(national.text or "")
        if "motto" in self.sys.elements:
            motto = self.sys.element("motto")
            right.add_paragraph(style=style_id("motto")).add_run(motto.text or "")
        if not numbered:
            return
        num_cell, date_cell = table.rows[1].cells  # type: ignore[attr-defined]
        num_cell.paragraphs[0].style = self.doc.styles[style_id("number")]
        if self.numbered:  # a báo cáo thành tích has the date line only (no number)
            num_cell.paragraphs[0].add_run("{{ number_line }}")
        if self.source.layout == "letter":
            # a công văn's subject under its number (ND 30 Phụ lục I mục II.5.b; HD 36)
            subject = style_id("letter_subject")
            num_cell.add_paragraph(style=subject).add_run("{%p if letter_subject %}")
            num_cell.add_paragraph(style=subject).add_run("{{ letter_subject }}")
            num_cell.add_paragraph(style=subject).add_run("{%p endif %}")
        date_cell.paragraphs[0].style = self.doc.styles[style_id("date_line")]
        date_cell.paragraphs[0].add_run("{{ date_line }}")
        for cell in (num_cell, date_cell):
            cell.paragraphs[0].paragraph_format.space_before = Pt(6)

    @property
    def numbered(self) -> bool:
        """Whether documents of this template carry a number (document_types.yaml)."""
        if self.source.type_id is None:
            return True
        return self.rules.document_types[self.source.type_id].numbered

    def type_name(self) -> str:
        """The type name the title block prints: the type's, or a variable for many types."""
        if self.source.type_id is None:
            return "{{ type_title }}"
        return self.rules.document_types[self.source.type_id].name

    def title_block(self) -> None:
        name = self.type_name()
        self.doc.add_paragraph(name, style=style_id("type_name"))
        self.doc.add_paragraph("{{ subject }}", style=style_id("subject"))
        self.title_rule()

    def title_rule(self, subject: str = "subject") -> None:
        """Under the subject: the Party separator ``-----`` or the State short rule, a share of
        the longest line of ``subject`` (a Jinja expression giving the balanced subject),
        measured when the document is made (ND 30/2020 Phụ lục I mục II.5.b: 1/3 to 1/2)."""
        if self.system == "party":
            sep = self.sys.element("subject_separator")
            self.doc.add_paragraph(sep.text or "", style=style_id("subject_separator"))
        elif self.sys.subject_rule:
            rule = self.doc.add_paragraph(style="DGRule")
            text_width = self.rules.page.text_width_mm
            fraction = self.sys.subject_rule.fraction
            system = self.system
            measured_indents(
                rule, f"{subject} | rule_side('subject', '{system}', {text_width:g}, {fraction:g})"
            )
            rule.paragraph_format.space_after = Pt(6)
            border(rule)

    def body(self, source: Path) -> None:
        """The body lines; ``@signature`` places the signature block (else it ends the body),
        ``@pagebreak`` starts a new page (an attached list after the signature), ``@header``
        and ``@title_rule`` give an attached part its own header and title rule."""
        signed = False
        new_page = False
        for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            if line == "@signature":
                self.signature_block()
                signed = True
                continue
            if line == "@signatures":  # a biên bản: its secretary and its chair
                self.signatures_block()
                signed = True
                continue
            if line == "@report_signatures":  # a báo cáo thành tích: confirming, reporting
                self.report_signatures_block()
                signed = True
                continue
            if line == "@pagebreak":
                # the next paragraph starts the page ("page break before"), not a paragraph of
                # its own holding a break: after a signature block that ends at the page's foot
                # such a paragraph runs onto a page of its own, which then holds only its page
                # number (issue 22, fault 7)
                new_page = True
                continue
            if line == "@header":  # an attached part's header: issuer and national title
                if new_page:
                    # a table cannot start a page by itself: a paragraph one point high does,
                    # the smallest a paragraph can be
                    self._page_start()
                    new_page = False
                self.header_block(numbered=False)
                continue
            if line.startswith("@title_rule"):
                # "@title_rule EXPR": the rule under the subject EXPR gives (an attached part's)
                self.title_rule(line.removeprefix("@title_rule").strip() or "subject")
                continue
            match = _LINE.match(line)
            style, text = (match["style"], match["text"]) if match else ("DGBody", line)
            if style not in [s.style_id for s in self.doc.styles]:
                raise TemplateError(
                    f"unknown paragraph style [{style}]",
                    code="TEMPLATE-STYLE",
                    location=Location(str(source), number),
                )
            p = self.doc.add_paragraph(style=style)
            _add_runs(p, text)
            # a {%p …%} line is removed on rendering: the page starts at the next paragraph
            if new_page and not text.startswith("{%p"):
                p.paragraph_format.page_break_before = True
                new_page = False
            if style.startswith("DGSection") and "<r>" in text:
                # a heading that carries its own text ("1. Chủ đề thi đua: …") is a paragraph,
                # not kept with the next one as a true heading is (issue 22, fault 7)
                p.paragraph_format.keep_with_next = False
        if not signed:
            self.signature_block()

    def _page_start(self) -> None:
        """A paragraph one point high ending with a page break (before an attached header).
        A break run, not "page break before": on a page begun by a paragraph with "page break
        before", LibreOffice 7.4 does not honour keep-with-next (12/QĐ-SNV's Quy chế ended a
        page on "Điều 5. Tổ chức thực hiện", its text on the next: issue 22, fault 7)."""
        self.end_paragraph()
        run = self.doc.paragraphs[-1].add_run()
        run.font.size = Pt(1)
        run.add_break(WD_BREAK.PAGE)

    def end_paragraph(self) -> None:
        """The body's last paragraph, one point high. A body must end with a paragraph, and
        these end with a table (the signature block, an attached list): Word adds a paragraph
        of the Normal style after it, and so does LibreOffice reading a document in its own
        format, and on a page the table fills to the bottom that paragraph alone makes a
        blank last page."""
        p = self.doc.add_paragraph(style="Normal")
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(1)
        mark = OxmlElement("w:rPr")  # the paragraph mark's own size: 1 pt
        for tag in ("w:sz", "w:szCs"):
            size = OxmlElement(tag)
            size.set(qn("w:val"), "2")
            mark.append(size)
        p._p.get_or_add_pPr().append(mark)

    def signature_block(self) -> None:
        spacer = self.doc.add_paragraph(style="DGBody")  # breathing space before the block
        spacer.paragraph_format.keep_with_next = True
        table = self._table(self.sys.signature_columns_mm, rows=1)
        left, right = table.rows[0].cells  # type: ignore[attr-defined]
        rec = self.sys.recipients
        first_l, first_r = [True], [True]
        heading = _cell_paragraph(left, style_id("recipients_heading"), first_l)
        heading.add_run(rec.heading)
        item = style_id("recipients")
        left.add_paragraph(style=item).add_run("{%p for r in recipients %}")
        left.add_paragraph(style=item).add_run("- {{ r }}" + rec.separator)
        left.add_paragraph(style=item).add_run("{%p endfor %}")
        left.add_paragraph(style=item).add_run(f"- {rec.archive_prefix}{{{{ archive }}}}.")
        auth = style_id("authority")
        _cell_paragraph(right, auth, first_r).add_run("{{ signature.authority_line }}")
        title = style_id("signer_title")
        right.add_paragraph(style=title).add_run("{%p if signature.title_line %}")
        right.add_paragraph(style=title).add_run("{{ signature.title_line }}")
        right.add_paragraph(style=title).add_run("{%p endif %}")
        for _ in range(4):  # room for the signature and the seal
            right.add_paragraph(style=style_id("signer_name"))
        right.add_paragraph(style=style_id("signer_name")).add_run("{{ signature.name }}")

    def signatures_block(self) -> None:
        """Two signatures side by side, then the recipients under them: a biên bản is signed
        by its secretary (left) and the one who chaired (right) (ND 30 Phụ lục III mẫu 1.9:
        THƯ KÝ and CHỦ TỌA, each a title, room to sign, the name)."""
        spacer = self.doc.add_paragraph(style="DGBody")
        spacer.paragraph_format.keep_with_next = True
        table = self._table(self.sys.signature_columns_mm, rows=1)
        cells = table.rows[0].cells  # type: ignore[attr-defined]
        for cell, side in zip(cells, ("left", "right"), strict=True):
            first = [True]
            title = _cell_paragraph(cell, style_id("authority"), first)
            title.add_run(f"{{{{ signatures.{side}.title }}}}")
            for _ in range(4):  # room for the signature (and the chair's seal)
                cell.add_paragraph(style=style_id("signer_name"))
            name = cell.add_paragraph(style=style_id("signer_name"))
            name.add_run(f"{{{{ signatures.{side}.name }}}}")
        rec = self.sys.recipients
        heading = self.doc.add_paragraph(style=style_id("recipients_heading"))
        heading.paragraph_format.space_before = Pt(12)
        heading.add_run(rec.heading)
        item = style_id("recipients")
        self.doc.add_paragraph(style=item).add_run("{%p for r in recipients %}")
        self.doc.add_paragraph(style=item).add_run("- {{ r }}" + rec.separator)
        self.doc.add_paragraph(style=item).add_run("{%p endfor %}")
        self.doc.add_paragraph(style=item).add_run(f"- {rec.archive_prefix}{{{{ archive }}}}.")

    def report_signatures_block(self) -> None:
        """Two signatures side by side, no Nơi nhận (a báo cáo thành tích: the head confirming
        on the left, the nominee or the collective's head on the right). Each column shows
        ``signatures.left`` / ``signatures.right``: ``heading``, ``titles`` (lines), ``name``."""
        spacer = self.doc.add_paragraph(style="DGBody")
        spacer.paragraph_format.keep_with_next = True
        # two rows: the headings, then the names, so that both names stand on one line
        # whatever the length of the headings above them
        table = self._table(self.sys.signature_columns_mm, rows=2)
        rows = table.rows  # type: ignore[attr-defined]
        auth, title, name = style_id("authority"), style_id("signer_title"), style_id("signer_name")
        for column, side in enumerate(("left", "right")):
            cell = rows[0].cells[column]
            first = [True]
            _cell_paragraph(cell, auth, first).add_run(f"{{{{ signatures.{side}.heading }}}}")
            cell.add_paragraph(style=title).add_run(
                f"{{%p for line in signatures.{side}.titles %}}"
            )
            cell.add_paragraph(style=title).add_run("{{ line }}")
            cell.add_paragraph(style=title).add_run("{%p endfor %}")
            for _ in range(4):  # room for the signature (and the seal)
                cell.add_paragraph(style=name)
            below = rows[1].cells[column].paragraphs[0]
            below.style = self.doc.styles[name]
            below.add_run(f"{{{{ signatures.{side}.name }}}}")
        # the names stay on the page of their headings
        for p in rows[0].cells[0].paragraphs + rows[0].cells[1].paragraphs:
            p.paragraph_format.keep_with_next = True

    def build(self, source: Path) -> object:
        Styles(self.doc, self.rules, self.system).build()
        # the default template's first empty paragraph would push the header block down
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)
        self.page()
        self.header_block()
        if self.source.layout == "titled":
            self.title_block()
        self.body(source)
        self.end_paragraph()
        props = self.doc.core_properties
        props.author = "docgen"
        props.title = f"{self.type_name()} ({self.system})"
        # the builder's name before it left the runtime package: the built templates keep
        # their bytes (and the documents built from them their hashes in the register)
        props.comments = "Generated by docgen.template_builder from rules/format.yaml"
        # fixed stamps: rebuilding the templates from the same sources gives the same files
        props.created = props.modified = _EPOCH
        props.last_modified_by = "docgen"
        props.revision = 1
        return self.doc


# -- certificates: the full templates (border, national lines, red title, all text printed) ---


def build_full_certificate(kind: CertificateKind, paper: str, target: Path) -> Path:
    """The full certificate: border, national lines, red title, all text printed. The space
    above the first line (``top_pad``, twips) and each fitted field's size (``name_sz``) are
    set per certificate by docgen.awards.certificate_fit, which stands the text block in the
    middle of the sheet; the defaults are those of one line a field."""
    from docgen.awards.certificate_fit import TWIPS, Fit, signature_space_mm, top_pad_twips
    from docgen.awards.certificate_templates import names_title

    doc = Document()
    scale = setup_page(doc, paper)
    add_page_border(doc)
    spacing = certificate_rules()["spacing"]
    first = add_centered(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "national", scale)
    # a title's certificate has one line more, the title's name (certificates.yaml honour)
    honour = names_title(kind)
    fits = {"honour": Fit(certificate_rules()["fields"]["honour"]["size"] * scale, 1, 0, 0)}
    pad = top_pad_twips(paper, fits if honour else {})
    first._p.get_or_add_pPr().get_or_add_spacing().set(
        qn("w:before"), f"{{{{ top_pad | default({pad}) }}}}"
    )
    add_centered(doc, "Độc lập - Tự do - Hạnh phúc", "motto", scale)
    add_centered(doc, "{{ authority }}", "authority", scale, before=spacing["authority"])
    if not honour or certificate_rules()["honour"]["give"]:  # a Bằng chứng nhận certifies
        add_centered(doc, "TẶNG", "give", scale, before=spacing["give"])
    title = certificate_rules()["titles"][kind]
    add_centered(doc, title, "title", scale, before=spacing["title"])
    if honour:
        add_centered(doc, "{{ honour }}", "honour", scale, before=spacing["honour"])
    add_centered(doc, "{{ name }}", "name", scale, before=spacing["name"])
    add_centered(doc, "{{ description }}", "description", scale, before=spacing["description"])
    add_centered(doc, "{{ reason }}", "reason", scale, before=spacing["reason"])
    spec = certificate_rules()["papers"][paper]
    width = spec["width"] - spec["margins"][1] - spec["margins"][3]  # mm between the margins
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width = right.width = Mm(width / 2)
    signature = Pt(spacing["signature"] * scale)
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.space_before = signature
    add_text(p, "{{ decision }}", "decision", scale)
    p = left.add_paragraph()
    add_text(p, "Số sổ vàng: {{ book }}", "book", scale)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = signature
    add_text(p, "{{ date_line }}", "date_line", scale)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(p, "{{ signer_title }}", "signer_title", scale)
    # room for the signature and the seal (certificates.yaml balance), above the name
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Twips(round(signature_space_mm(paper) * 72 / 25.4 * TWIPS))
    add_text(p, "{{ signer_name }}", "signer_name", scale)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_certificate(doc, target)
    return target


def build_templates(templates_dir: Path, rules: FormatRules | None = None) -> list[Path]:
    """(Re)build every template of every kind and system; returns the paths written."""
    rules = rules or load_rules()
    from docgen.awards.achievements import TEMPLATE as ACHIEVEMENT_TEMPLATE

    written: list[Path] = []
    # the kinds' templates, and the báo cáo thành tích (a batch of its own, not a kind)
    sources = [t for kind in registry().values() for t in kind.templates]
    for template in [*sources, ACHIEVEMENT_TEMPLATE]:
        source = templates_dir / "source" / f"{template.name}.txt"
        systems: tuple[SystemName, ...] = ("party", "state")
        for system in systems:
            doc = TemplateBuilder(rules, system, template).build(source)
            target = templates_dir / system / f"{template.name}.docx"
            target.parent.mkdir(parents=True, exist_ok=True)
            save_docx_reproducibly(doc, target)
            written.append(target)
    certs: tuple[CertificateKind, ...] = (
        "bang_khen",
        "giay_khen",
        "bang_chung_nhan",
        "giay_chung_nhan",
    )
    for cert in certs:
        for paper in ("A3", "A4"):
            target = templates_dir / "certificates" / f"{cert}-{paper}.docx"
            written.append(build_full_certificate(cert, paper, target))
    return written


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    root = Path(args[0]) if args else Path("templates")
    for path in build_templates(root):
        print(path)


if __name__ == "__main__":
    main()
