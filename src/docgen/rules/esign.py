"""The rules of electronic issue (rules/esign.yaml), typed: the PDF/A level and LibreOffice's
export options, where the signature images and lines stand, where the images are kept."""

from __future__ import annotations

import json
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from docgen.rules import read_rules_file


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Rule):
    source: str
    confirmed: bool
    note: str | None = None


class PdfaLevel(_Sourced):
    part: Literal[1, 2, 3]
    conformance: Literal["A", "B", "U"]


class PdfRules(_Rule):
    pdfa: PdfaLevel
    export_options: dict[str, tuple[str, str]]
    forbidden_actions: tuple[str, ...]

    def export_filter(self) -> str:
        """LibreOffice's ``--convert-to`` target: the PDF export filter with its options in
        the JSON form LibreOffice reads (7.4 and later)."""
        options = {
            name: {"type": kind, "value": value}
            for name, (kind, value) in self.export_options.items()
        }
        return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


class SignerLook(_Sourced):
    fill: float = Field(gt=0, le=1)
    max_height_mm: float = Field(gt=0)
    column_mm: float = Field(gt=0)
    max_width_share: float = Field(gt=0, le=1)


class OfficeLook(_Sourced):
    seal_mm: float = Field(gt=0)
    overlap: float = Field(gt=0, lt=1)
    info_gap_mm: float = Field(ge=0)


class TextLook(_Sourced):
    font_size: float = Field(gt=0)
    line_height: float = Field(gt=0)
    utc_offset_hours: int
    time_format: str
    office_lines: tuple[str, ...]
    attachment_lines: tuple[str, ...]


class AttachmentLook(_Sourced):
    same_file: bool
    right_mm: float = Field(ge=0)
    top_mm: float = Field(ge=0)
    clearance_mm: float = Field(ge=0)


class AppearanceRules(_Rule):
    signer: SignerLook
    office: OfficeLook
    text: TextLook
    attachment: AttachmentLook


class ImageRules(_Rule):
    folder: str
    environment: str
    max_bytes: int = Field(gt=0)
    max_pixels: int = Field(gt=0)
    max_side_px: int = Field(gt=0)


class EsignRules(_Rule):
    pdf: PdfRules
    appearance: AppearanceRules
    images: ImageRules


@cache
def esign_rules() -> EsignRules:
    """rules/esign.yaml, typed; read once per process."""
    return EsignRules.model_validate(read_rules_file("esign.yaml"))
