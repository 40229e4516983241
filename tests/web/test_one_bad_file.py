"""One bad file stays one problem (issue 26, case 2). Before: a wrong date in one Tờ trình hid
all documents and their downloads behind "Dữ liệu có 1 lỗi: chưa tạo được văn bản nào", and
the build of all was refused (409)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.data.workspace import load_workspace
from docgen.errors import DataError
from tests.web.conftest import ClientFactory, post_form, wait_for_job

BROKEN = "to-trinh-da-nang-2024"


def _break_date(root: Path) -> None:
    spec = root / "data" / "documents" / f"{BROKEN}.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("date: 2024-11-12", "date: 2024-13-45"), encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_the_other_documents_are_listed_built_and_downloaded(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    _break_date(fresh_root)
    with pytest.raises(DataError):  # the command line still stops at every error
        load_workspace(fresh_root)
    specs = len(list((fresh_root / "data" / "documents").glob("*.yaml")))
    client = client_for(fresh_root, "lan")
    page = client.get("/documents")
    assert page.status_code == 200
    seen = _text(page.text)
    assert "1 văn bản có dữ liệu lỗi nên chưa tạo được; các văn bản khác vẫn tạo" in seen
    assert f"{specs} văn bản" in seen
    # the broken one: its error in place (file:line), and the way to its form
    assert f"data/documents/{BROKEN}.yaml:6:7" in seen
    assert "'2024-13-45' is not a real date: there is no month 13" in seen
    assert f'href="/documents/{BROKEN}/edit"' in page.text
    assert "Sửa văn bản này" in seen
    # the others, as before: their page, their build button
    assert "Tờ trình" in seen and 'href="/documents/ke-hoach-2024"' in page.text
    mine = _text(client.get(f"/documents/{BROKEN}").text)
    assert "Dữ liệu lỗi" in mine and "there is no month 13" in mine

    started = post_form(client, "/documents", "/build", follow_redirects=False)
    assert started.status_code == 303
    status = wait_for_job(client, started.headers["location"])
    assert status["done"] == status["total"] == specs
    (reported,) = [e for e in status["errors"] if BROKEN in e]
    assert "chưa tạo văn bản này vì dữ liệu của nó có lỗi" in reported
    assert f"data/documents/{BROKEN}.yaml:6:7" in reported
    assert len(status["errors"]) == 1  # every other document was written
    assert len(status["lines"]) == specs - 1
    listed = client.get("/documents").text
    assert 'href="/files/ke-hoach-2024-KH-HVCTQG.docx"' in listed
    download = client.get("/files/ke-hoach-2024-KH-HVCTQG.docx")
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_an_error_in_a_shared_file_stops_all_and_names_the_file(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    issuers = fresh_root / "data" / "issuers.yaml"
    text = issuers.read_text(encoding="utf-8")
    issuers.write_text(text.replace("hvctqg:\n", "hvctqg:\n  colour: đỏ\n", 1), encoding="utf-8")
    client = client_for(fresh_root, "lan")
    seen = _text(client.get("/documents").text)
    assert "Chưa tạo được văn bản nào: mọi văn bản đều cần tệp dưới đây" in seen
    assert "data/issuers.yaml — xem lỗi bên cạnh dòng dữ liệu" in seen
    assert "data/issuers.yaml:17:3" in seen


def test_a_document_citing_a_broken_one_is_set_aside_too(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """The plan the Tờ trình cite is broken: they cannot name it, so they wait as well."""
    plan = fresh_root / "data" / "documents" / "ke-hoach-1247-phat-dong.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"\ndate: .*\n", "\ndate: 2024-02-31\n", text, count=1), "utf-8")
    client = client_for(fresh_root, "lan")
    seen = _text(client.get("/documents?status=invalid").text)
    assert "data/documents/ke-hoach-1247-phat-dong.yaml" in seen
    # the Tờ trình cite it: numbered before it, they would name a plan without a number
    assert f"data/documents/{BROKEN}.yaml:14:11" in seen
    assert (
        "this document cites 'ke-hoach-1247-phat-dong', whose data has errors: it waits until "
        "they are fixed" in seen
    )
    others = _text(client.get("/documents?status=unissued").text)
    assert "Kết luận của Giám đốc Sở Nội vụ tại cuộc họp giao ban tháng 4 năm 2025" in others


def test_a_broken_document_holds_back_its_issuers_unnumbered_documents(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """A broken document of the Sở Nội vụ: the Sở's documents not yet numbered wait for it (else
    they would take numbers ahead of it, and it would be numbered out of order once fixed);
    the other issuers' documents are built. Fixed, the Sở's documents are numbered together."""
    from docgen.register import open_register

    spec = fresh_root / "data" / "documents" / "huong-dan-snv-luu-tru.yaml"
    good = spec.read_text(encoding="utf-8")
    spec.write_text(good.replace("date: 2025-03-18", "date: 2025-03-48"), encoding="utf-8")
    specs = len(list((fresh_root / "data" / "documents").glob("*.yaml")))
    snv = [p.stem for p in spec.parent.glob("*.yaml") if "issuer: snv-nghe-an" in p.read_text()]
    client = client_for(fresh_root, "lan")
    started = post_form(client, "/documents", "/build", follow_redirects=False)
    status = wait_for_job(client, started.headers["location"])
    assert status["done"] == status["total"] == specs
    held = [e for e in status["errors"] if "chưa cấp số cho văn bản này" in e]
    assert len(held) == len(snv) - 1
    assert all("data/documents/huong-dan-snv-luu-tru.yaml" in e for e in held)
    assert len(status["lines"]) == specs - len(snv)
    register = open_register(fresh_root / "register.sqlite")
    assert not [e for e in register.entries() if e.issuer == "snv-nghe-an"]
    # fixed: the Sở's documents numbered as `docgen build` numbers them, in the order of issue
    spec.write_text(good, encoding="utf-8")
    started = post_form(client, "/documents", "/build", follow_redirects=False)
    status = wait_for_job(client, started.headers["location"])
    assert status["errors"] == []
    numbered = {e.spec for e in register.entries() if e.issuer == "snv-nghe-an"}
    assert numbered == {f"data/documents/{name}.yaml" for name in snv}
