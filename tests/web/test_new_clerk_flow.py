"""A clerk's first day, in chromium through the real server, without touching a file (issue
26): she writes a State công văn (a wrong date refused beside its field, fixed, the pages seen
before a number is given, saved, then issued), adds ten nominees pasted from a spreadsheet to
a school's list and issues that school's Tờ trình with them, issues the award decision and
prints its certificates. With DOCGEN_SCREENSHOTS=DIR each step's page is kept there as PNG
(the README's pictures come from this run)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docgen.register import open_register
from tests.conftest import make_workspace
from tests.support.tools import CHROMIUM, require
from tests.web.conftest import add_users
from tests.web.live import live_server
from tests.web.test_browser import ARGS, signed_in
from tests.web.test_lists_edit import TEN, paste_into, tsv

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("DOCGEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"flow-{name}.png"), full_page=False)


def _job_done(page: Any, seconds: float = 300) -> str:
    """The job page (a build, a print) followed until it has finished: what it says then."""
    page.wait_for_url("**/builds/*")
    deadline = time.monotonic() + seconds
    while "Đang chạy" in page.inner_text("#state"):
        assert time.monotonic() < deadline, "the job did not finish"
        page.wait_for_timeout(500)
    return str(page.inner_text("main"))


def _build_here(page: Any) -> str:
    """The document page's "Tạo văn bản này", followed to its end."""
    page.click("button:text-is('Tạo văn bản này')")
    return _job_done(page)


def _texts(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells).replace("\xa0", " ")


@contextmanager
def clerk_in_chromium(tmp_path: Path) -> Iterator[tuple[Path, str, Any]]:
    """A copy of the example workspace served by a new app, and Lan (văn thư) signed in to it
    in chromium at a desktop's width: (the workspace, the server's address, her page)."""
    require("chromium", "soffice", "pdftoppm")
    from playwright.sync_api import sync_playwright

    from docgen.web.app import create_app

    root = make_workspace(tmp_path / "ws")
    add_users(root)
    with live_server(create_app(root)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, "--lang=vi"])
        page = signed_in(browser, base, "lan")
        page.set_viewport_size({"width": 1280, "height": 900})
        try:
            yield root, base, page
        finally:
            browser.close()


def test_a_new_clerks_first_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "vi")  # the server speaks to her as to any clerk
    with clerk_in_chromium(tmp_path) as (root, base, page):
        # 1. a State công văn from the form
        page.click("text=Soạn văn bản mới")
        _shot(page, "1-type")
        page.click("a:text-is('Công văn')")
        page.click("text=Sở Nội vụ tỉnh Nghệ An")
        page.wait_for_selector("#doc-form")
        page.fill("#f-subject", "đề nghị báo cáo công tác văn thư, lưu trữ năm 2025")
        page.fill("#f-unit", "VP")
        page.fill("#f-date", "2025-11-31")
        beside = page.locator('ul.msg[data-for="date"] li')
        beside.wait_for(timeout=15_000)
        assert "2025-11-31" in beside.inner_text()
        beside.scroll_into_view_if_needed()
        _shot(page, "2-error-beside-field")
        page.fill("#f-date", "2025-11-20")
        beside.wait_for(state="detached", timeout=15_000)
        page.click("#preview-button")
        page.locator("#preview-pages img").first.wait_for(timeout=90_000)
        assert "chưa có số" in page.inner_text("#preview h2")
        page.locator("#preview").scroll_into_view_if_needed()
        _shot(page, "3-preview-before-number")
        page.click("button[value=save]")
        page.wait_for_url("**/edit?saved=1")
        spec_id = page.url.split("/documents/")[1].split("/")[0]
        page.goto(f"{base}/documents/{spec_id}")
        assert "/SNV-VP" in _build_here(page)
        # the job is named by what it makes, not by a file name
        assert page.inner_text("h1") == (
            "Tạo văn bản: Công văn đề nghị báo cáo công tác văn thư, lưu trữ năm 2025"
        )
        _shot(page, "4-issued")

        # 2. ten nominees pasted into the Trường Chính trị tỉnh Lào Cai's list of 2024
        page.goto(f"{base}/proposals/2024/lao-cai/edit")
        page.click("button[value=add]")
        last = page.locator("tr.grid-row").last.locator("td.c-kind input")
        before = page.locator("tr.grid-row").count()
        last.click()
        paste_into(last, tsv(True))
        assert page.locator("tr.grid-row").count() == before - 1 + len(TEN)
        _shot(page, "5-list-pasted")
        page.click("button[value=save]")
        page.wait_for_selector("#saved")
        # the school's Tờ trình, issued with them
        page.goto(f"{base}/documents/to-trinh-lao-cai-2024")
        assert "Xong" in _build_here(page)
        _shot(page, "6-to-trinh-issued")

        # 3. every document issued, then the decision's certificates printed
        page.goto(f"{base}/documents")
        page.click("button:text-is('Tạo tất cả văn bản')")
        _job_done(page)
        page.goto(f"{base}/decisions/quyet-dinh-khen-thuong-2024")
        page.locator("button:text-is('In bằng')").first.click()
        _job_done(page)
        page.goto(f"{base}/decisions/quyet-dinh-khen-thuong-2024")
        assert page.locator("a:text-is('Tải tất cả (.zip)')").count() >= 1
        _shot(page, "7-certificates-printed")

    # what she made is what the command line reads and the register holds
    book = open_register(root / "register.sqlite")
    issued = {e.spec: e for e in book.entries() if e.state == "issued"}
    assert f"data/documents/{spec_id}.yaml" in issued
    to_trinh = issued["data/documents/to-trinh-lao-cai-2024.yaml"]
    assert to_trinh.output is not None
    text = _texts(root / to_trinh.output)
    for name, *_ in TEN:
        assert name in text
