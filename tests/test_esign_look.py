"""Every PDF docgen makes is PDF/A-2b (issue 27): LibreOffice's real output passes docgen's
structural check, and the check finds what breaks PDF/A in a file changed afterwards."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from docgen.documents.pdf import convert_to_pdf
from docgen.signing.pdfa import pdfa_problems
from tests.support.tools import require

pytestmark = pytest.mark.libreoffice

# a State decision with its list on a page of its own, and a Party one whose list runs over
# three pages: the examples the signature appearance is placed on too
DECISIONS = (
    "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx",
    "quyet-dinh-khen-thuong-2024-HVCTQG.docx",
)


@pytest.fixture(scope="module")
def decisions(outputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    require("soffice", "pdffonts")
    return convert_to_pdf([outputs[n] for n in DECISIONS], tmp_path_factory.mktemp("pdfa"))


def test_libreoffice_output_is_pdfa_2b_with_every_font_embedded(decisions: list[Path]) -> None:
    for pdf in decisions:
        assert pdfa_problems(pdf.read_bytes()) == [], pdf.name
        metadata = PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b"<pdfaid:part>2</pdfaid:part>" in metadata
        assert b"<pdfaid:conformance>B</pdfaid:conformance>" in metadata
        # poppler's own list of the fonts: every one embedded ("emb" column)
        listed = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert listed
        assert all(line.split()[-5] == "yes" for line in listed), listed


def _rewritten(pdf: Path, change: object) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(pdf))
    change(writer)  # type: ignore[operator]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_check_finds_what_breaks_pdfa(decisions: list[Path]) -> None:
    pdf = decisions[0]
    assert pdfa_problems(_rewritten(pdf, lambda w: None)) == []  # pypdf itself keeps PDF/A

    def script(writer: PdfWriter) -> None:
        action = {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)

    assert "the file holds a JavaScript action" in pdfa_problems(_rewritten(pdf, script))

    locked = _rewritten(pdf, lambda w: w.encrypt("secret", algorithm="AES-128"))
    assert "the file is encrypted" in pdfa_problems(locked)

    def bare_font(writer: PdfWriter) -> None:
        helvetica = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        fonts = writer.pages[0]["/Resources"]["/Font"].get_object()
        fonts[NameObject("/F99")] = writer._add_object(helvetica)

    assert "the font /Helvetica is not embedded" in pdfa_problems(_rewritten(pdf, bare_font))

    def no_metadata(writer: PdfWriter) -> None:
        del writer._root_object["/Metadata"]
        del writer._root_object["/OutputIntents"]

    assert pdfa_problems(_rewritten(pdf, no_metadata)) == [
        "the catalogue has no XMP metadata stream",
        "the catalogue has no PDF/A output intent (GTS_PDFA1)",
    ]
    assert pdfa_problems(b"not a pdf")[0].startswith("the file cannot be read as a PDF")
