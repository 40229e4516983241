"""Rules of the page: paper size, margins, page numbers, fonts and the text's encoding."""

from __future__ import annotations

import re

from docgen.checker.base import CheckerBase
from docgen.checker.docx_model import header_has_page_field, page_field_alignment
from docgen.checker.layout import _norm
from docgen.checker.pages import page_count
from docgen.vn.text import detect_legacy_encoding

_LEGACY_FONT = re.compile(r"^(\.Vn|VNI[- ]|VNtime|VN-)", re.IGNORECASE)


class PageChecks(CheckerBase):
    """The page and its text, whatever the elements."""

    def page(self) -> None:
        if not self.model.sections:
            return
        section = self.model.sections[-1]  # the body's section properties close the body
        paper = self.rules.page.paper_mm
        tol = self.rules.page.tolerance_mm
        w, h = section.page_width_mm, section.page_height_mm
        if abs(w - paper["width"]) > tol or abs(h - paper["height"]) > tol:
            orientation = "landscape " if w > h else ""
            self.add(
                "DOC-PAGE-SIZE",
                f"the page is {orientation}{w:.0f} × {h:.0f} mm; official documents are "
                f"A4 portrait ({paper['width']:.0f} × {paper['height']:.0f} mm)",
            )
        for side, rng in self.rules.page.margins_mm.items():
            value = section.margins_mm.get(side, 0.0)
            high = rng.max if rng.max is not None else rng.min
            if value < rng.min - tol or value > high + tol:
                self.add(
                    "DOC-MARGIN",
                    f"the {side} margin is {value:.0f} mm; it must be {rng.min:.0f}–{high:.0f} mm",
                )

    def page_numbers(self) -> None:
        if not self.model.sections:
            return
        section = self.model.sections[0]
        default = self.model.header_parts.get(section.headers.get("default", ""))
        first = self.model.header_parts.get(section.headers.get("first", ""))
        if not header_has_page_field(default):
            required = self.requires("page_numbers")
            if required is None:
                self.add(
                    "DOC-PAGE-NUMBER",
                    "no page number: pages from the second on must be numbered in the header",
                    warning=True,
                )
            elif required:
                if self.pdf is not None:
                    pages, how = self.pdf.count, "as LibreOffice lays it out"
                else:
                    pages, how = page_count(self.model)
                if pages > 1:
                    self.add(
                        "DOC-PAGE-NUMBER",
                        f"no page number: the document has {pages} pages ({how}); pages from "
                        "the second on must be numbered in the header",
                    )
            return
        if not section.title_page or header_has_page_field(first):
            self.add(
                "DOC-PAGE-NUMBER-FIRST",
                "the first page shows a page number; it must not (numbers start on page 2)",
            )
        align = page_field_alignment(default, self.model.styles)
        if align != "center":
            self.add(
                "DOC-PAGE-NUMBER-ALIGN",
                f"the page number is aligned {align}; it must be centred in the header",
            )

    def text(self) -> None:
        wrong_fonts: dict[str, list[int]] = {}
        for p in self.model.paragraphs:
            for run in p.visible_runs:
                font = run.props.font or "(none)"
                if font != self.rules.page.font:
                    wrong_fonts.setdefault(font, []).append(p.index)
            if _norm(p.text) != re.sub(r"\s+", " ", p.text).strip():
                self.add(
                    "DOC-TEXT-NFC",
                    "text is not in Unicode NFC form (decomposed accents): search and "
                    "sorting will fail on it",
                    p,
                )
            legacy = detect_legacy_encoding(p.text)
            if legacy:
                self.add(
                    "DOC-LEGACY-TEXT",
                    f"text looks typed in a legacy {legacy} font, not Unicode: '{p.text[:40]}'",
                    p,
                )
        for font, where in wrong_fonts.items():
            first = next(p for p in self.model.paragraphs if p.index == where[0])
            count = len(set(where))
            others = f" (and {count - 1} more paragraphs)" if count > 1 else ""
            if _LEGACY_FONT.match(font):
                self.add(
                    "DOC-LEGACY-FONT",
                    f"legacy font {font}{others}: use {self.rules.page.font} (Unicode, "
                    "TCVN 6909:2001)",
                    first,
                )
            else:
                self.add(
                    "DOC-FONT",
                    f"text is in {font}{others}; official documents use {self.rules.page.font}",
                    first,
                )
