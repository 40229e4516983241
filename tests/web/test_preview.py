"""Previews and PDFs of built documents: LibreOffice → PDF → PNG pages, converted once per
content (cached under .docgen-cache/), then served from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.pdf_inspect import page_count, page_text
from tests.support.tools import require
from tests.web.conftest import ClientFactory

pytestmark = pytest.mark.libreoffice

PLAN = "ke-hoach-1247-KH-HVCTQG.docx"  # the 5-page launching plan


@pytest.fixture(autouse=True)
def _needs_libreoffice() -> None:
    require("soffice", "pdftoppm", "pdfinfo", "pdftotext")


def test_preview_shows_every_page_and_is_cached(
    built_root: Path, client_for: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(built_root, "minh")
    page = client.get(f"/preview/{PLAN}")
    assert page.status_code == 200
    assert "5 trang" in page.text
    images = [part.split('"')[0] for part in page.text.split('src="/pages/')[1:]]
    assert len(images) == 5
    first = client.get(f"/pages/{images[0]}")
    assert first.headers["content-type"] == "image/png"
    assert first.content.startswith(b"\x89PNG")
    cached = list((built_root / ".docgen-cache" / "preview").glob("*/page-*.png"))
    assert len(cached) >= 5

    # a second look converts nothing: the cache answers (by the document's content hash)
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr("docgen.web.preview.convert_to_pdf", refuse)
    assert "5 trang" in client.get(f"/preview/{PLAN}").text
    pdf = client.get(f"/pdf/{PLAN}")
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"].endswith("ke-hoach-1247-KH-HVCTQG.pdf")


def test_certificates_merged_into_one_printable_pdf(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    from tests.web.conftest import post_form, wait_for_job

    client = client_for(fresh_root, "lan")
    location = post_form(client, "/documents", "/build", follow_redirects=False).headers["location"]
    assert wait_for_job(client, location)["errors"] == []
    location = post_form(
        client,
        "/decisions/quyet-dinh-khen-thuong-2024",
        "/certificates/bang-khen-2024/make",
        follow_redirects=False,
    ).headers["location"]
    made = wait_for_job(client, location)
    assert made["errors"] == []
    pdf = client.get("/certificates/bang-khen-2024/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"].endswith("bang-khen-2024-tat-ca.pdf")
    # one page per certificate, ready to print
    saved = fresh_root / "merged.pdf"
    saved.write_bytes(pdf.content)
    assert page_count(saved) == made["total"]
    assert "Bằng khen" in page_text(saved, 1) or "BẰNG KHEN" in page_text(saved, 1)
