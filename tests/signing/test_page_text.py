"""The pages' text read once with the PDF (docgen.signing.page_text), and pyHanko's HTTP
clients loaded only when used (docgen.signing.lazy_http)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

from docgen.errors import DocgenError
from docgen.signing.appearance import TextLine
from docgen.signing.page_text import lines_of, remember, sidecar


def _pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def cached(tmp_path: Path) -> tuple[Path, bytes]:
    pdf = _pdf()
    path = tmp_path / "abc.pdf"
    path.write_bytes(pdf)
    remember(path, pdf)
    # what the sidecar says is what comes back: a line no blank page has
    data = json.loads(sidecar(path).read_text(encoding="utf-8"))
    data["pages"][1] = [["Hoàng Phúc Lâm", 300.0, 380.0, 120.0, 14.0]]
    sidecar(path).write_text(json.dumps(data), encoding="utf-8")
    return path, pdf


KEPT = [[], [TextLine("Hoàng Phúc Lâm", 300.0, 380.0, 120.0, 14.0)]]


@pytest.mark.parametrize(
    ("what", "kept"),
    [
        ("the cached PDF itself", True),
        ("the cached PDF with a signature appended", True),
        ("another PDF", False),
        ("the cached PDF cut short", False),
    ],
)
def test_the_kept_lines_serve_only_that_pdf(cached: tuple[Path, bytes], what: str, kept: bool):
    path, pdf = cached
    given = {
        "the cached PDF itself": pdf,
        "the cached PDF with a signature appended": pdf + b"\n% an incremental update\n",
        "another PDF": _pdf(3),
        "the cached PDF cut short": pdf[:-10],
    }[what]
    if what == "the cached PDF cut short":
        with pytest.raises(DocgenError, match="cannot be read"):  # read again: no PDF
            lines_of(given, path)
        return
    lines = lines_of(given, path)
    assert (lines == KEPT) is kept
    if not kept:
        assert lines == [[]] * 3


@pytest.mark.parametrize(
    "damage",
    ["{not json", '{"version": 0}', '{"version": 1, "pdf_sha256": "00", "pages": []}'],
)
def test_a_damaged_or_stale_sidecar_is_read_again(cached: tuple[Path, bytes], damage: str):
    path, pdf = cached
    sidecar(path).write_text(damage, encoding="utf-8")
    assert lines_of(pdf, path) == [[], []]
    # and kept again, right this time
    assert json.loads(sidecar(path).read_text(encoding="utf-8"))["version"] == 1


def test_signing_and_verifying_load_no_http_client_until_asked() -> None:
    """pyHanko imports aiohttp with everything; docgen defers it to the first timestamp
    request, and the deferred name then gives pyHanko's own client."""
    code = (
        "import sys\n"
        "import docgen.signing.verify, docgen.signing.binding\n"
        "import pyhanko.sign.validation, pyhanko.sign.signers\n"
        "print('aiohttp' in sys.modules)\n"
        "from pyhanko.sign.timestamps import HTTPTimeStamper\n"
        "stamper = HTTPTimeStamper('http://127.0.0.1:9/')\n"
        "print(type(stamper).__module__, 'aiohttp' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == [
        "False",
        "pyhanko.sign.timestamps.aiohttp_client True",
    ]
