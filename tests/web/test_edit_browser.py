"""Creating a công văn in a real browser (chromium through the real server): pick the type and
the issuer, fill the form, see a wrong date refused beside its field as it is typed, fix it,
preview the pages before a number is given, save, and find the file the CLI reads."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from docgen.cli.main import cli
from tests.conftest import make_workspace
from tests.support.tools import CHROMIUM, require
from tests.web.conftest import PASSWORDS, add_users
from tests.web.live import live_server
from tests.web.test_browser import ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require("chromium", "soffice", "pdftoppm")
    from docgen.web.app import create_app

    root = make_workspace(tmp_path_factory.mktemp("edit-browser"))
    add_users(root)
    with live_server(create_app(root)) as base:
        yield base, root


def test_a_clerk_creates_a_cong_van_in_the_browser(served: tuple[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    base, root = served
    register = (root / "register.sqlite").read_bytes()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page: Any = browser.new_context(locale="vi-VN").new_page()
        page.goto(f"{base}/documents")
        page.fill("input[name=username]", "lan")
        page.fill("input[name=password]", PASSWORDS["lan"])
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/documents")
        page.click("text=Soạn văn bản mới")
        page.click("a:text-is('Công văn')")
        page.click("text=Sở Nội vụ tỉnh Nghệ An")
        page.wait_for_selector("#doc-form")

        page.fill("#f-subject", "đề nghị báo cáo công tác văn thư, lưu trữ năm 2025")
        page.fill("#f-unit", "VP")
        page.fill("#f-date", "2025-02-30")
        # checked as it is typed, the CLI's message beside the field
        beside = page.locator('ul.msg[data-for="date"] li')
        beside.wait_for(timeout=10_000)
        assert "'2025-02-30' is not a real date" in beside.inner_text()
        assert page.locator("#summary").is_visible()
        page.fill("#f-date", "2025-11-20")
        beside.wait_for(state="detached", timeout=10_000)
        assert page.locator("#summary").is_hidden()

        page.click("#preview-button")
        image = page.locator("#preview-pages img").first
        image.wait_for(timeout=60_000)
        deadline = time.monotonic() + 30
        while not image.evaluate("img => img.complete && img.naturalWidth > 0"):
            assert time.monotonic() < deadline, "the page's image did not load"
            page.wait_for_timeout(100)
        assert "chưa có số" in page.inner_text("#preview h2")

        page.click("button[value=save]")
        page.wait_for_url("**/edit?saved=1")
        assert "Đã lưu." in page.inner_text("main")
        spec_id = page.url.split("/documents/")[1].split("/")[0]
        browser.close()

    # the file's name says its type, subject and year
    assert spec_id == "cong-van-de-nghi-bao-cao-cong-tac-van-thu-luu-tru-2025"
    saved = root / "data" / "documents" / f"{spec_id}.yaml"
    text = saved.read_text(encoding="utf-8")
    assert "date: 2025-11-20" in text and "unit: VP" in text
    result = CliRunner().invoke(cli, ["-C", str(root), "validate"])
    assert result.exit_code == 0, result.output
    assert (root / "register.sqlite").read_bytes() == register  # no number was given
