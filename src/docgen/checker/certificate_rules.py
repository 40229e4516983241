"""The rules of a certificate (Bằng khen, Giấy khen): a sheet, not a document.

A certificate has no number, no subject, no Nơi nhận: the document rules would give a Bằng
khen 18 errors that do not apply. A .docx is a certificate when its page is landscape and it
holds the title (``BẰNG KHEN`` / ``GIẤY KHEN``, certificates.yaml ``titles``: the full sheet),
or, on a pre-printed blank, only framed text with a ``Số sổ vàng:`` line. It is checked for
what a records desk refuses on a certificate (rules/certificates.yaml, with their reasons):

* CERT-FONT: text not in the format rules' font (Times New Roman);
* CERT-SIZE: the title not at its size, or text smaller than the smallest size the fitting
  allows (``fitting.floor``) or larger than the title;
* CERT-PRINTABLE: text nearer the paper's edge than ``printable_margin_mm``;
* CERT-OVERLAP: two fields of a blank whose text, measured with Times New Roman's widths
  (docgen.documents.wrap), prints one over the other;
* CERT-OVERFLOW: the full sheet's text taller than its page (it runs onto a second sheet);
* CERT-BORDER: the page border nearer the paper's edge than ``printable_margin_mm``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.checker.base import Finding
from docgen.checker.docx_model import DocxModel, Paragraph
from docgen.documents.docx_safe import DOCUMENT, open_docx
from docgen.documents.text_width import style_of
from docgen.documents.wrap import wrap
from docgen.errors import Severity
from docgen.rules import load_rules, read_rules_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MM = 72 / 25.4  # pt per mm
_TWIPS_MM = 25.4 / 1440
_BOOK = "Số sổ vàng:"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@cache
def _rules() -> dict[str, Any]:
    data: dict[str, Any] = read_rules_file("certificates.yaml")
    return data


@dataclass(frozen=True)
class _Frame:
    """A framed paragraph of a blank: its box in mm from the page's top-left corner."""

    paragraph: Paragraph
    x: float
    y: float
    width: float
    height: float


def certificate_kind(model: DocxModel) -> str | None:
    """``bang_khen`` / ``giay_khen`` for a full certificate, ``blank`` for the text of a
    pre-printed blank, None for anything else."""
    if not model.sections:
        return None
    section = model.sections[0]
    if section.page_width_mm <= section.page_height_mm:
        return None
    titles = {text: kind for kind, text in _rules()["titles"].items()}
    texts = [p.text.strip() for p in model.paragraphs if p.text.strip()]
    for text in texts:
        if text in titles:
            return titles[text]
    if texts and any(t.startswith(_BOOK) for t in texts) and _all_framed(model.path):
        return "blank"
    return None


def _all_framed(path: Path) -> bool:
    body = _body(path)
    paragraphs = [p for p in body.iter(_w("p")) if "".join(p.itertext()).strip()]
    return bool(paragraphs) and all(
        p.find(f"{_w('pPr')}/{_w('framePr')}") is not None for p in paragraphs
    )


def _body(path: Path) -> etree._Element:
    with open_docx(path) as package:
        root = package.xml(DOCUMENT)
    body = root.find(_w("body"))
    assert body is not None
    return body


def _paper_name(width: float, height: float) -> str:
    papers = _rules()["papers"]
    return str(
        min(
            papers,
            key=lambda n: abs(papers[n]["width"] - width) + abs(papers[n]["height"] - height),
        )
    )


def _form_paper(kind: str, width: float, height: float) -> list[Finding]:
    """A form printed on another paper than its model's (certificates.yaml ``forms``): the
    provincial Bằng khen on A4 of issue 22. A warning while the model's paper is unconfirmed."""
    form = _rules()["forms"].get(kind)
    have = _paper_name(width, height)
    if form is None or have == form["paper"]:
        return []
    unconfirmed = not form.get("confirmed", False)
    return [
        Finding(
            "CERT-PAPER",
            Severity.WARNING if unconfirmed else Severity.ERROR,
            f"a {kind.replace('_', ' ')} on {have}; its model is {form['paper']} "
            f"({' '.join(str(form['source']).split())}"
            f"{'; not confirmed' if unconfirmed else ''})",
        )
    ]


def _paper(width: float, height: float) -> dict[str, Any]:
    """The paper of the rules nearest the page's size."""
    papers = _rules()["papers"]
    name = min(
        papers, key=lambda n: abs(papers[n]["width"] - width) + abs(papers[n]["height"] - height)
    )
    paper: dict[str, Any] = papers[name]
    return paper


def _finding(code: str, message: str, paragraph: int | None = None) -> Finding:
    return Finding(code, Severity.ERROR, message, paragraph)


def check_certificate(model: DocxModel, kind: str) -> list[Finding]:
    """Every certificate rule on a certificate ``kind`` (certificate_kind)."""
    section = model.sections[0]
    paper = _paper(section.page_width_mm, section.page_height_mm)
    body = _body(model.path)
    findings = _fonts_and_sizes(model, paper["scale"])
    findings += _form_paper(kind, section.page_width_mm, section.page_height_mm)
    margin = float(_rules()["printable_margin_mm"])
    findings += _border(body, margin)
    if kind == "blank":
        frames = _frames(model, body, section.margins_mm)
        findings += _frames_printable(frames, section.page_width_mm, section.page_height_mm, margin)
        findings += _overlaps(frames)
    else:
        findings += _margins_printable(section.margins_mm, margin)
        findings += _overflow(model, body, section)
    return findings


def _fonts_and_sizes(model: DocxModel, scale: float) -> list[Finding]:
    fields = _rules()["fields"]
    floors = _rules()["fitting"]["floor"]
    title_size = round(fields["title"]["size"] * scale, 1)
    smallest = min(fields[f]["size"] * floors.get(f, 1.0) for f in fields) * scale
    font = load_rules().page.font
    out: list[Finding] = []
    titles = set(_rules()["titles"].values())
    for p in model.paragraphs:
        for run in p.visible_runs:
            if run.props.font and run.props.font != font:
                out.append(
                    _finding(
                        "CERT-FONT",
                        f"'{run.text.strip()[:40]}' is in {run.props.font}; a certificate is "
                        f"set in {font}",
                        p.index,
                    )
                )
                break
        sizes = [r.props.size for r in p.visible_runs if r.props.size]
        if not sizes:
            continue
        if p.text.strip() in titles and abs(sizes[0] - title_size) > 0.5:
            out.append(
                _finding(
                    "CERT-SIZE",
                    f"the title is {sizes[0]:g} pt; on this paper it is {title_size:g} pt "
                    "(certificates.yaml fields.title)",
                    p.index,
                )
            )
        elif min(sizes) < smallest - 0.25 or max(sizes) > title_size + 0.25:
            out.append(
                _finding(
                    "CERT-SIZE",
                    f"'{p.text.strip()[:40]}' is {min(sizes):g} pt; a certificate's text on "
                    f"this paper is {smallest:.1f}-{title_size:g} pt (certificates.yaml fields, "
                    "fitting.floor)",
                    p.index,
                )
            )
    return out


def _border(body: etree._Element, margin: float) -> list[Finding]:
    sect = body.find(_w("sectPr"))
    borders = sect.find(_w("pgBorders")) if sect is not None else None
    if borders is None or sect is None:
        return []
    page_mar = sect.find(_w("pgMar"))
    from_text = borders.get(_w("offsetFrom"), "text") == "text"
    out = []
    for side in ("top", "left", "bottom", "right"):
        edge = borders.find(_w(side))
        if edge is None or edge.get(_w("val")) in (None, "nil", "none"):
            continue
        space = float(edge.get(_w("space"), "0")) / MM
        if from_text and page_mar is not None:
            distance = float(page_mar.get(_w(side), "0")) * _TWIPS_MM - space
        else:
            distance = space
        if distance < margin - 0.05:
            out.append(
                _finding(
                    "CERT-BORDER",
                    f"the page border is {distance:.1f} mm from the paper's {side} edge, where "
                    f"printers clip; keep it at least {margin:g} mm (certificates.yaml "
                    "printable_margin_mm)",
                )
            )
            break
    return out


def _margins_printable(margins: dict[str, float], margin: float) -> list[Finding]:
    near = {side: mm for side, mm in margins.items() if mm < margin - 0.05}
    if not near:
        return []
    side, mm = min(near.items(), key=lambda item: item[1])
    return [
        _finding(
            "CERT-PRINTABLE",
            f"the text may come {mm:.1f} mm from the paper's {side} edge; a printer clips "
            f"within {margin:g} mm (certificates.yaml printable_margin_mm)",
        )
    ]


def _height_mm(p: Paragraph, width_mm: float) -> float:
    """The measured height of a paragraph's text set in ``width_mm``."""
    fitting = _rules()["fitting"]
    runs = p.visible_runs
    if not runs:
        return 0.0
    size = max(r.props.size or 11.0 for r in runs)
    style = style_of(bool(runs[0].props.bold), bool(runs[0].props.italic))
    lines, _ = wrap(p.text, width_mm * MM, size, style)
    return (lines * fitting["line_height"] + fitting["depth"]) * size / MM


def _frames(model: DocxModel, body: etree._Element, margins: dict[str, float]) -> list[_Frame]:
    raw = list(body.iter(_w("p")))
    if len(raw) != len(model.paragraphs):
        return []
    frames = []
    for element, p in zip(raw, model.paragraphs, strict=True):
        frame = element.find(f"{_w('pPr')}/{_w('framePr')}")
        if frame is None or not p.text.strip():
            continue
        x = float(frame.get(_w("x"), "0")) * _TWIPS_MM
        y = float(frame.get(_w("y"), "0")) * _TWIPS_MM
        width = float(frame.get(_w("w"), "0")) * _TWIPS_MM
        if frame.get(_w("hAnchor"), "page") != "page":
            x += margins.get("left", 0.0)
        if frame.get(_w("vAnchor"), "page") != "page":
            y += margins.get("top", 0.0)
        if width > 0:
            frames.append(_Frame(p, x, y, width, _height_mm(p, width)))
    return frames


def _frames_printable(
    frames: list[_Frame], page_w: float, page_h: float, margin: float
) -> list[Finding]:
    out = []
    for f in frames:
        gaps = {
            "left": f.x,
            "right": page_w - f.x - f.width,
            "top": f.y,
            "bottom": page_h - f.y - f.height,
        }
        side, gap = min(gaps.items(), key=lambda item: item[1])
        if gap < margin - 0.05:
            out.append(
                _finding(
                    "CERT-PRINTABLE",
                    f"'{f.paragraph.text.strip()[:40]}' comes {gap:.1f} mm from the paper's "
                    f"{side} edge; a printer clips within {margin:g} mm (certificates.yaml "
                    "printable_margin_mm)",
                    f.paragraph.index,
                )
            )
    return out


def _overlaps(frames: list[_Frame]) -> list[Finding]:
    out = []
    for i, a in enumerate(frames):
        for b in frames[i + 1 :]:
            across = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
            down = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
            if across > 0.1 and down > 0.1:
                upper, lower = (a, b) if a.y <= b.y else (b, a)
                out.append(
                    _finding(
                        "CERT-OVERLAP",
                        f"'{upper.paragraph.text.strip()[:40]}' prints {down:.1f} mm over "
                        f"'{lower.paragraph.text.strip()[:40]}' (measured: "
                        f"{upper.height:.1f} mm of text from {upper.y:.1f} mm, the next "
                        f"field at {lower.y:.1f} mm)",
                        upper.paragraph.index,
                    )
                )
    return out


def _overflow(model: DocxModel, body: etree._Element, section: Any) -> list[Finding]:
    """The full sheet's text, measured, against the page's height between its margins."""
    width = (
        section.page_width_mm
        - section.margins_mm.get("left", 0)
        - section.margins_mm.get("right", 0)
    )
    flow = 0.0
    cells: dict[int, float] = {}
    for p in model.paragraphs:
        before = (p.props.space_before_pt or 0.0) / MM
        if p.table is None:
            flow += before + _height_mm(p, width)
        else:
            cell_width = p.cell_width_mm or width / 2
            cells[p.cell or 0] = cells.get(p.cell or 0, 0.0) + before + _height_mm(p, cell_width)
    total = flow + max(cells.values(), default=0.0)
    area = (
        section.page_height_mm
        - section.margins_mm.get("top", 0)
        - section.margins_mm.get("bottom", 0)
    )
    if total <= area + 0.5:
        return []
    return [
        _finding(
            "CERT-OVERFLOW",
            f"the text measures {total:.1f} mm where the sheet holds {area:.1f} mm between its "
            "margins: it runs onto a second sheet",
        )
    ]
