"""Blocks (the attached list, report tables) put into the saved XML after docxtpl give the very
file docxtpl gives when it renders them in place."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx.shared import Mm

from docgen.api import _context
from docgen.awards.tables import simple_table
from docgen.data.workspace import load_workspace
from docgen.documents.render import render_docx
from docgen.documents.templates import jinja_env
from docgen.output import reproducible_zip
from docgen.rules import load_rules
from tests.conftest import ROOT

# every spec whose template takes a Blocks value
SPECS = [
    "quyet-dinh-khen-thuong-2024",
    "quyet-dinh-khen-thuong-ubnd-nghe-an-2024",
    "to-trinh-lao-cai-2024",
    "bao-cao-tong-ket-2022-2025",
]


def in_place(template: Path, context: dict[str, Any]) -> bytes:
    """The plain docxtpl rendering: every value rendered where its tag stands."""
    from docxtpl import DocxTemplate, InlineImage

    doc = DocxTemplate(str(template))
    images = context.pop("_images", None) or {}

    def inline(value: Any) -> Any:  # a picture, or a mapping of pictures (one per item)
        if isinstance(value, dict):
            return {key: inline(item) for key, item in value.items()}
        png, width = value
        return InlineImage(doc, io.BytesIO(png), width=Mm(width))

    for name, value in images.items():
        context[name] = inline(value)
    doc.render(context, jinja_env=jinja_env(), autoescape=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    # the one step docgen takes after rendering (no spliced block here: the whole XML)
    from docgen.documents.render import keep_end_with_signature

    return reproducible_zip(buffer.getvalue(), lambda xml: [keep_end_with_signature(xml, [])])


def spliced(template: Path, context: dict[str, Any]) -> bytes:
    images = context.pop("_images", None)
    return render_docx(template, context, record="test", shown=template.name, images=images)


def template_and_context(spec_id: str) -> tuple[Path, dict[str, Any]]:
    ws = load_workspace(ROOT)
    spec = ws.specs[spec_id]
    template = ws.templates_dir / ws.issuers[spec.issuer].system / f"{spec.kind}.docx"
    return template, _context(ws, spec_id, "99-QĐ/TEST", ["Căn cứ thử nghiệm"])


def members(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("spec_id", SPECS)
def test_the_example_documents_are_byte_identical(spec_id: str) -> None:
    # a context each: section counters count on in a second rendering
    template, context = template_and_context(spec_id)
    ours = spliced(template, context)
    theirs = in_place(*template_and_context(spec_id))
    assert b"docgen-splice" not in members(ours)["word/document.xml"]
    assert members(ours) == members(theirs)
    assert ours == theirs


HOSTILE = [
    "Phòng Tổ chức & Cán bộ <Ban> \"A\" 'B'",
    "tab\there",
    "line\nbreak",
    "Windows\r\nline end",
    "lone\rreturn",
    "{_{ not a tag }_} {_% neither %_}",
    "{{ ignored }} {% raw %}",
    "trailing newline\n",
    "\n<w:p> looks like markup",
]


def test_hostile_text_in_a_table_is_byte_identical() -> None:
    template, context = template_and_context("quyet-dinh-khen-thuong-2024")
    rows = [[text, str(i), text] for i, text in enumerate(HOSTILE)]
    context["award_table"] = simple_table(load_rules(), ["A", "B", "C"], rows, total=HOSTILE[:3])
    ours = spliced(template, dict(context))
    assert members(ours) == members(in_place(template, dict(context)))
    xml = members(ours)["word/document.xml"].decode("utf-8")
    assert "Phòng Tổ chức &amp; Cán bộ &lt;Ban&gt;" in xml
    assert "line</w:t><w:br/><w:t" in xml


# -- the content's last paragraph kept with the signature (issue 22, fault 7) ----------------

_SPACER = b'<w:p><w:pPr><w:pStyle w:val="DGBody"/><w:keepNext/></w:pPr></w:p><w:tbl>'


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        (
            b'<w:p><w:pPr><w:pStyle w:val="DGDash"/></w:pPr><w:r><w:t>- x</w:t></w:r></w:p>',
            b'<w:p><w:pPr><w:pStyle w:val="DGDash"/><w:keepNext/></w:pPr><w:r><w:t>- x</w:t>'
            b"</w:r></w:p>",
        ),
        (b"<w:p><w:r><w:t>x</w:t></w:r></w:p>", b"<w:p><w:pPr><w:keepNext/></w:pPr><w:r>"),
        (
            b'<w:p><w:pPr><w:pStyle w:val="B"/><w:keepNext w:val="0"/></w:pPr></w:p>',
            b'<w:p><w:pPr><w:pStyle w:val="B"/><w:keepNext/></w:pPr></w:p>',
        ),
    ],
)
def test_the_last_paragraph_is_kept_with_the_signature(last: bytes, kept: bytes) -> None:
    from docgen.documents.render import keep_end_with_signature

    xml = b"<w:body><w:p><w:r><w:t>a</w:t></w:r></w:p>" + last + _SPACER + b"</w:tbl></w:body>"
    out = keep_end_with_signature(xml, [])
    assert kept in out
    assert out.startswith(b"<w:body><w:p><w:r><w:t>a</w:t></w:r></w:p>")  # the others as they were
    assert out.count(b"<w:keepNext/>") == 2


def test_the_last_paragraph_of_a_spliced_body_is_kept_with_the_signature() -> None:
    from docgen.documents.render import keep_end_with_signature

    pieces = [[b"<w:p><w:r><w:t>1</w:t></w:r></w:p>", b"<w:p><w:r><w:t>2</w:t></w:r></w:p>"]]
    xml = b"<w:body><!--docgen-splice-0-->" + _SPACER + b"</w:tbl></w:body>"
    assert keep_end_with_signature(xml, pieces) == xml
    assert pieces[0] == [
        b"<w:p><w:r><w:t>1</w:t></w:r></w:p>",
        b"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>2</w:t></w:r></w:p>",
    ]
