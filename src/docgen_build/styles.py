"""The built templates' styles and low-level XML: fonts, borders, page fields, schema order."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.rules import FormatRules, SystemName


def style_id(element: str) -> str:
    """``national_title`` → ``DGNationalTitle``: one paragraph style per format element."""
    return "DG" + "".join(part.capitalize() for part in element.split("_"))


# -- low-level XML helpers ---------------------------------------------------------------------


def set_fonts(rpr: object, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)


# Word rejects properties out of schema order (LibreOffice forgives): insert before successors.
PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
TBLPR_AFTER_LAYOUT = (
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
TBLPR_AFTER_CELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def measured_indents(p: Paragraph, side: str) -> None:
    """Left and right indents of ``p`` (twips) given by the Jinja expression ``side``, so
    that a rule drawn as the paragraph's border is as long as the text it stands under asks
    (documents.text_width.rule_side_twips), measured when the document is made."""
    p.paragraph_format.left_indent = Mm(0)
    p.paragraph_format.right_indent = Mm(0)
    ind = p._p.get_or_add_pPr().find(qn("w:ind"))
    assert ind is not None
    ind.set(qn("w:left"), "{{ " + side + " }}")
    ind.set(qn("w:right"), "{{ " + side + " }}")


def border(p: Paragraph, side: str = "bottom", size: int = 6) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), "000000")
    borders.append(edge)
    ppr.insert_element_before(borders, *PPR_AFTER_PBDR)


def no_table_borders(table: object, cell_margin_mm: float) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(cell_margin_mm * 1440 / 25.4)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.insert_element_before(margins, *TBLPR_AFTER_CELLMAR)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.insert_element_before(layout, *TBLPR_AFTER_LAYOUT)


def page_field(p: Paragraph) -> None:
    """A PAGE field: Word and LibreOffice fill in the page number."""
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "2"),
        ("end", None),
    ):
        run = p.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


# -- styles ------------------------------------------------------------------------------------


class Styles:
    def __init__(self, doc: object, rules: FormatRules, system: SystemName) -> None:
        self.doc = doc
        self.rules = rules
        self.sys = rules.system(system)
        self.font = rules.page.font

    def defaults(self) -> None:
        styles = self.doc.styles  # type: ignore[attr-defined]
        body_size = self.sys.element("body").default
        # document defaults: Times New Roman everywhere, body size, Vietnamese language
        rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_fonts(rpr, self.font)
        normal = styles["Normal"]
        normal.font.name = self.font
        set_fonts(normal.element.get_or_add_rPr(), self.font)
        normal.font.size = Pt(body_size)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.0
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        normal.element.get_or_add_rPr().append(lang)
        for name in ("Header", "Footer"):
            if name in [s.name for s in styles]:
                styles[name].font.name = self.font

    def paragraph(
        self,
        sid: str,
        *,
        size: float,
        bold: bool | None = None,
        italic: bool | None = None,
        underline: bool | None = None,
        align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
        indent_cm: float | None = None,
        after_pt: float = 0,
        before_pt: float = 0,
        exact_pt: float | None = None,
        keep_next: bool = False,
        base: str = "Normal",
    ) -> None:
        styles = self.doc.styles  # type: ignore[attr-defined]
        style = styles.add_style(sid, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), sid)
        style.base_style = styles[base]
        style.quick_style = True
        font = style.font
        font.name = self.font
        set_fonts(style.element.get_or_add_rPr(), self.font)
        font.size = Pt(size)
        if bold is not None:
            font.bold = bold
        if italic is not None:
            font.italic = italic
        if underline is not None:
            font.underline = underline
        pf = style.paragraph_format
        if align is not None:
            pf.alignment = align
        pf.first_line_indent = Cm(indent_cm) if indent_cm is not None else Cm(0)
        pf.space_before = Pt(before_pt)
        pf.space_after = Pt(after_pt)
        if exact_pt is not None:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(exact_pt)
        else:
            pf.line_spacing = 1.0
        pf.keep_with_next = keep_next
        pf.widow_control = True

    def element(self, name: str, **extra: object) -> None:
        rule = self.sys.element(name)
        self.paragraph(
            style_id(name),
            size=rule.default,
            bold=rule.bold,
            italic=rule.italic,
            underline=rule.underline,
            **extra,  # type: ignore[arg-type]
        )

    def build(self) -> None:
        self.defaults()
        body = self.rules.body
        indent = body.first_line_indent_cm.default
        after = body.space_after_pt.default
        exact = body.line_spacing.default_exact_pt
        body_size = self.sys.element("body").default
        self.paragraph(
            "DGBody",
            size=body_size,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent_cm=indent,
            after_pt=after,
            exact_pt=exact,
        )
        bases = self.sys.element("bases")
        self.paragraph(
            "DGBases",
            size=bases.default,
            italic=True,
            base="DGBody",
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent_cm=indent,
            after_pt=after,
            exact_pt=exact,
        )
        for level in self.rules.sections:
            self.paragraph(
                level.style,
                size=body_size,
                bold=level.bold or None,
                italic=level.italic or None,
                base="DGBody",
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                indent_cm=indent,
                # a top-level heading stands clear of a table or text above it
                before_pt=after if level.level == 1 else 0,
                after_pt=after,
                exact_pt=exact,
                keep_next=level.format != "bullet",
            )
        # header and title block elements: centred, single-spaced, no indent
        for name in self.sys.elements:
            if name in ("body", "bases", "recipients", "recipients_heading"):
                continue
            extra: dict[str, object] = {}
            if name == "type_name":
                extra = {"before_pt": 12, "keep_next": True}
            elif name == "subject":
                extra = {"keep_next": True}
            elif name in ("decision_authority", "decision_verb"):
                extra = {"keep_next": True, "before_pt": 6, "after_pt": 6}
            elif name == "appendix_reference":
                extra = {"after_pt": 12}
            elif name == "addressee":
                extra = {"before_pt": 6, "after_pt": 6}
            elif name == "subject_separator":
                extra = {"keep_next": True, "after_pt": 6}
            self.element(name, **extra)
        self.element("recipients_heading", align=WD_ALIGN_PARAGRAPH.LEFT)
        self.element("recipients", align=WD_ALIGN_PARAGRAPH.LEFT)
        # the last content paragraph: kept on the page of the signature block (ND 30 Phụ lục I
        # mục II.7: the signature block never stands alone on a page)
        self.paragraph(
            "DGClosing",
            size=body_size,
            base="DGBody",
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent_cm=indent,
            after_pt=after,
            exact_pt=exact,
            keep_next=True,
        )
        # captions of tables and figures, and the paragraph holding a figure
        self.paragraph(
            "DGTableCaption",
            size=body_size,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before_pt=6,
            after_pt=6,
            keep_next=True,
        )
        self.paragraph(
            "DGFigure", size=body_size, align=WD_ALIGN_PARAGRAPH.CENTER, before_pt=6, keep_next=True
        )
        # a figure's caption stands under it and goes with it, not with what follows: kept with
        # the next paragraph, it pulled the chart onto the next page with the table after it,
        # and left the page before it a third blank
        self.paragraph(
            "DGFigureCaption",
            size=body_size,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before_pt=6,
            after_pt=6,
        )
        # text in the cells of list tables (the attached list of a decision)
        self.paragraph(
            "DGTableText",
            size=self.rules.list_table.size,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before_pt=2,
            after_pt=2,
        )
        # an empty paragraph that only carries a short rule (State)
        self.paragraph("DGRule", size=4, align=WD_ALIGN_PARAGRAPH.CENTER)
        # regulation structure (format.yaml "regulation", ND 30 Phụ lục I mục II.6.b): Chương
        # and Mục with their number on a line, centred, bold; their title under it; an
        # article's title line kept with its text
        self.paragraph(
            "DGChapter", size=body_size, bold=True, before_pt=12, keep_next=True, exact_pt=exact
        )
        self.paragraph("DGChapterTitle", size=body_size, bold=True, after_pt=after, keep_next=True)
        self.paragraph(
            "DGArticle",
            size=body_size,
            base="DGBody",
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            indent_cm=indent,
            after_pt=after,
            exact_pt=exact,
            keep_next=True,
        )
        # "Kính gửi:" followed by several addressees, one a line under it
        addressee = self.sys.element("addressee")
        self.paragraph("DGAddresseeItem", size=addressee.default, align=WD_ALIGN_PARAGRAPH.LEFT)
        item = self.doc.styles["DGAddresseeItem"]  # type: ignore[attr-defined]
        item.paragraph_format.left_indent = Cm(4)
