"""Certificate pages (Bằng khen, Giấy khen), landscape, drawn from rules/certificates.yaml.

Runtime side: the blank-mode template, only the variable text, each field in a frame at the
position a clerk sets in millimetres, to print on pre-printed blanks ("phôi"), built on demand
and kept by content hash; a test sheet draws the frames' boxes. The full certificate templates
in templates/certificates/ (own border, header lines, red title) are built at build time by
``template_builder`` from the same drawing helpers.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docgen.rules import load_rules

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

# python-docx is loaded only when a template is built: printing a batch from a built template
# (the common case) does not need it.

Kind = Literal["bang_khen", "giay_khen", "bang_chung_nhan", "giay_chung_nhan"]
FIELDS = (
    "authority",
    "give",
    "title",
    "honour",
    "name",
    "description",
    "reason",
    "decision",
    "book",
    "date_line",
    "signer_title",
    "signer_name",
)


@cache
def certificate_rules() -> dict[str, Any]:
    from docgen.rules import read_rules_file

    data: dict[str, Any] = read_rules_file("certificates.yaml")
    return data


def names_title(kind: str) -> bool:
    """Whether a certificate of ``kind`` names the title it certifies (certificates.yaml
    ``honour``): a Bằng chứng nhận does, a Bằng khen does not."""
    return kind in certificate_rules()["honour"]["kinds"]


def honour_line(kind: str, award_name: str) -> str:
    """The line naming the title on a certificate of ``kind`` ("Danh hiệu “…”"), or ""."""
    if not names_title(kind):
        return ""
    return str(certificate_rules()["honour"]["text"]).replace("{name}", award_name)


def setup_page(doc: Any, paper: str) -> float:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    props = doc.core_properties
    props.author = props.last_modified_by = "docgen"
    props.created = props.modified = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    props.revision = 1
    spec = certificate_rules()["papers"][paper]
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(spec["width"]), Mm(spec["height"])
    top, right, bottom, left = spec["margins"]
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    font = load_rules().page.font
    normal = doc.styles["Normal"]
    normal.font.name = font
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    # single spacing: the line height the fitting measures with (certificates.yaml fitting)
    normal.paragraph_format.line_spacing = 1.0
    return float(spec["scale"])


# the fields whose size a batch sets for each certificate (docgen.awards.certificate_fit)
FITTED = (
    "authority",
    "honour",
    "name",
    "description",
    "reason",
    "decision",
    "book",
    "date_line",
    "signer_title",
    "signer_name",
)


def add_text(p: Paragraph, text: str, field: str, scale: float) -> None:
    """A run of ``field``'s look; the size of a fitted field is the batch's (``name_sz``, in
    half-points), the field's own size when the batch gives none."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    look = certificate_rules()["fields"][field]
    run = p.add_run(text)
    size = round(look["size"] * scale, 1)
    run.font.size = Pt(size)
    if field in FITTED:
        sz = run._r.get_or_add_rPr().find(qn("w:sz"))
        sz.set(qn("w:val"), f"{{{{ {field}_sz | default({round(size * 2)}) }}}}")
    run.bold = look.get("bold") or None
    run.italic = look.get("italic") or None
    run.underline = look.get("underline") or None
    if look.get("color"):
        run.font.color.rgb = RGBColor.from_string(look["color"])


def add_centered(doc: Any, text: str, field: str, scale: float, before: float = 0) -> Paragraph:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(before * scale)
    add_text(p, text, field, scale)
    return p


# The children of a section's properties (w:sectPr) from the page borders on, in the schema's
# order: Word rejects one out of order (LibreOffice forgives), so a new one goes before those
# that follow it.
_SECT_PR_ORDER = (
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def sect_pr_after(tag: str) -> tuple[str, ...]:
    """The children of w:sectPr that come after ``tag`` in the schema's order."""
    return _SECT_PR_ORDER[_SECT_PR_ORDER.index(tag) + 1 :]


def add_page_border(doc: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    spec = certificate_rules()["border"]
    space = min(31, round(spec["from_edge_mm"] * 72 / 25.4))  # pt from the page's edge; 31 at most
    sect = doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), spec["style"])
        edge.set(qn("w:sz"), str(int(spec["width_pt"] * 8)))
        edge.set(qn("w:space"), str(space))
        edge.set(qn("w:color"), spec["color"])
        borders.append(edge)
    # pgBorders comes after pgMar in sectPr's schema order
    sect.insert_element_before(borders, *sect_pr_after("w:pgBorders"))


def build_blank(positions: dict[str, Any], paper: str, test_sheet: bool, target: Path) -> Path:
    """Only the variable text, each field framed at its position on the page (mm from the
    page's top-left corner), for pre-printed blanks. A test sheet boxes every frame."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    scale = setup_page(doc, paper)
    for field, pos in positions.items():
        p = doc.add_paragraph()
        ppr = p._p.get_or_add_pPr()
        frame = OxmlElement("w:framePr")
        frame.set(qn("w:w"), str(round(pos["width"] * 1440 / 25.4)))
        frame.set(qn("w:hSpace"), "0")
        frame.set(qn("w:wrap"), "around")
        frame.set(qn("w:vAnchor"), "page")
        frame.set(qn("w:hAnchor"), "page")
        frame.set(qn("w:x"), str(round(pos["x"] * 1440 / 25.4)))
        frame.set(qn("w:y"), str(round(pos["y"] * 1440 / 25.4)))
        ppr.insert(0, frame) if ppr.find(qn("w:pStyle")) is None else ppr.insert(1, frame)
        if test_sheet:
            borders = OxmlElement("w:pBdr")
            for side in ("top", "left", "bottom", "right"):
                edge = OxmlElement(f"w:{side}")
                edge.set(qn("w:val"), "dashed")
                edge.set(qn("w:sz"), "4")
                edge.set(qn("w:space"), "0")
                edge.set(qn("w:color"), "808080")
                borders.append(edge)
            ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(
            pos.get("align", "center"), WD_ALIGN_PARAGRAPH.CENTER
        )
        text = "Số sổ vàng: {{ book }}" if field == "book" else f"{{{{ {field} }}}}"
        add_text(p, text, field, pos.get("scale", scale))
    return save_certificate(doc, target)


def save_certificate(doc: Any, target: Path) -> Path:
    """Save a certificate template reproducibly (fixed zip times), slimmed of what a
    certificate never uses (a batch writes this package once per awardee), atomically."""
    import io

    from docgen.documents.docx_slim import slim_package
    from docgen.output import reproducible_zip, write_atomic

    buffer = io.BytesIO()
    doc.save(buffer)
    write_atomic(target, slim_package(reproducible_zip(buffer.getvalue())))
    return target


def blank_template(
    positions: dict[str, Any], paper: str, test_sheet: bool, cache_dir: Path
) -> Path:
    """The blank-mode template for these positions, built once and kept by content hash (of
    the positions and of the rules and docgen version that shape it)."""
    from docgen import __version__

    key = hashlib.sha256(
        json.dumps(
            [positions, paper, test_sheet, certificate_rules(), __version__],
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()[:16]
    target = cache_dir / f"blank-{paper}-{key}.docx"
    if not target.exists():
        build_blank(positions, paper, test_sheet, target)
    return target
