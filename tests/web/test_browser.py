"""The web app in a real browser (Debian's chromium, driven by Playwright): log in, check an
uploaded .docx, build with live progress, open the preview, download a .docx, and try the
forbidden paths. Skipped only when chromium is absent and this is not CI."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docgen.web.config import users_file
from docgen.web.users import add_user
from tests.conftest import ROOT, make_workspace
from tests.support.tools import CHROMIUM, require
from tests.web.conftest import PASSWORDS, add_users
from tests.web.live import live_server

pytestmark = pytest.mark.browser

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLAN = "ke-hoach-2024-KH-HVCTQG.docx"
ADMIN_PASSWORD = "quan-tri-mat-khau"


@pytest.fixture(scope="module", autouse=True)
def _needs_chromium() -> None:
    """Before the module's server starts: skipped without chromium, failed so in CI."""
    require("chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """docgen serve on 127.0.0.1 and a free port, over a fresh copy of the workspace."""
    from docgen.web.app import create_app

    root = make_workspace(tmp_path_factory.mktemp("browser"))
    add_users(root)
    add_user(users_file(root), "an", "admin", ADMIN_PASSWORD)
    with live_server(create_app(root)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def signed_in(browser: Any, base: str, name: str) -> Any:
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{base}/documents")
    assert "/login" in page.url
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/documents")
    return page


def test_build_with_progress_preview_and_download(server: str, browser: Any) -> None:
    base = server
    page = signed_in(browser, base, "lan")
    examples = len(list((ROOT / "data" / "documents").glob("*.yaml")))
    assert page.locator("text=Chưa tạo").count() == examples
    page.click("text=Tạo tất cả văn bản")
    page.wait_for_url(f"{base}/builds/*")
    # the page follows the build by itself (docgen.js), without a reload
    page.wait_for_selector("#state.ok", timeout=120_000)
    assert "Xong" in page.inner_text("#state")
    assert page.locator("#lines li").count() == examples
    assert page.inner_text("#count") == f"{examples}/{examples}"

    page.goto(f"{base}/documents")
    assert page.locator("text=Đã tạo").count() == examples
    row = page.locator("tr", has_text="1568-KH/HVCTQG")
    with page.expect_download() as caught:
        row.locator("a", has_text=".docx").click()
    download = caught.value
    assert download.suggested_filename == PLAN
    text = "\n".join(
        p.text for p in Document(io.BytesIO(Path(download.path()).read_bytes())).paragraphs
    )
    assert "Tổ chức phong trào thi đua" in text

    require("soffice", "pdftoppm")  # the preview
    row.locator("a", has_text="Xem").click()
    page.wait_for_selector(".pages img", timeout=120_000)
    images = page.locator(".pages img")
    assert images.count() >= 2
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pages img')].slice(0, 2)"
        ".every(i => i.complete && i.naturalWidth > 400)",
        timeout=30_000,
    )


def test_check_an_uploaded_docx(server: str, browser: Any, tmp_path: Path) -> None:
    base = server
    page = signed_in(browser, base, "minh")
    source = Document()
    source.add_paragraph("Một văn bản không theo thể thức nào.")
    upload = tmp_path / "van-ban-thu.docx"
    source.save(str(upload))
    page.goto(f"{base}/check")
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Kiểm tra')")
    page.wait_for_selector("#summary")
    assert "van-ban-thu.docx:" in page.inner_text("#summary")
    assert page.locator("#findings li").count() >= 1
    assert "error[" in page.inner_text("#findings")


def test_forbidden_paths_and_roles(server: str, browser: Any) -> None:
    base = server
    page = signed_in(browser, base, "minh")
    for url in (
        "/files/..%2Fdata%2Fissuers.yaml",
        "/files/%2Fetc%2Fpasswd",
        "/files/..%5Cdata%5Cissuers.yaml",
        "/preview/..%2F..%2Fetc%2Fpasswd",
    ):
        response = page.goto(base + url)
        assert response is not None and response.status == 404, url
        assert "hvctqg:" not in page.content()
    # a reader sees no build button, and a forged build request is refused
    page.goto(f"{base}/documents")
    assert page.locator("text=Tạo tất cả văn bản").count() == 0
    refused = page.request.post(f"{base}/build", form={"csrf_token": "forged"})
    assert refused.status == 403
    # and the import page is for the văn thư only
    assert page.goto(f"{base}/import").status == 403  # type: ignore[union-attr]


def test_the_users_page_of_the_administrator(server: str, browser: Any, tmp_path: Path) -> None:
    """The administrator adds a clerk for one issuer on the page, as it looks in chromium."""
    base = server
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "an")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/documents")
    page.click("nav >> text=Người dùng")
    page.wait_for_url(f"{base}/users")
    form = page.locator("form[action='/users/add']")
    form.locator("input[name=name]").fill("hoa")
    form.locator("select[name=role]").select_option("van_thu")
    form.locator("input[name=password]").fill("mat-khau-hoa")
    form.locator("label", has_text="Sở Nội vụ tỉnh Nghệ An").locator("input").check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".banner.ok")
    assert "Đã thêm hoa (Văn thư, cơ quan: snv-nghe-an)" in page.inner_text(".banner.ok")
    row = page.locator("#user-hoa")
    assert "Sở Nội vụ tỉnh Nghệ An" in row.inner_text() and "Đang dùng" in row.inner_text()
    shot = tmp_path / "users.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000  # a page drawn, not a blank one
    context.close()
