"""Voiding a number in chromium (issue 26, case 3): the form chooses no issuer for the clerk, the
browser will not send it without one, and the confirmation page shows the number, document and
date before anything is voided; going back voids nothing. Before: "Hủy số" voided at once, the
first issuer pre-selected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.api import build
from docgen.register import open_register
from tests.conftest import make_workspace
from tests.support.tools import require
from tests.web.conftest import add_users
from tests.web.live import live_server
from tests.web.test_browser import browser, signed_in  # noqa: F401 (the chromium fixture)

pytestmark = pytest.mark.browser

SPEC = "thong-bao-snv-ket-luan"


@pytest.fixture(scope="module", autouse=True)
def _needs_chromium() -> None:
    require("chromium")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = make_workspace(tmp_path_factory.mktemp("browser-void"))
    add_users(made)
    assert [d.symbol for d in build(made, only=[SPEC]).documents] == ["01/TB-SNV"]
    return made


@pytest.fixture(scope="module")
def server(root: Path) -> Iterator[str]:
    from docgen.web.app import create_app

    with live_server(create_app(root)) as base:
        yield base


def _state(root: Path) -> str:
    (entry,) = open_register(root / "register.sqlite").entries("snv-nghe-an")
    return entry.state


def test_the_void_asks_before_voiding(
    root: Path,
    server: str,
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    base = server
    page = signed_in(browser, base, "lan")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/register")
    form = page.locator("form[action='/register/void']")
    issuer = form.locator("select[name=issuer]")
    assert issuer.input_value() == ""  # "— chọn —": nothing chosen for her
    form.locator("input[name=number]").fill("01/TB-SNV")
    form.locator("input[name=reason]").fill("Ký nhầm người ký")
    form.locator("button[type=submit]").click()
    # the browser refuses the form without an issuer: still the register, nothing sent
    assert page.url == f"{base}/register"
    assert issuer.evaluate("e => !e.checkValidity()")
    assert _state(root) == "issued"

    issuer.select_option(label="Sở Nội vụ tỉnh Nghệ An")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Xác nhận hủy số')")
    facts = page.inner_text("table.void-target")
    assert "01/TB-SNV" in facts and "15/04/2025" in facts
    assert "Kết luận của Giám đốc Sở Nội vụ tại cuộc họp giao ban tháng 4 năm 2025" in facts
    assert f"data/documents/{SPEC}.yaml" in facts and "Ký nhầm người ký" in facts
    page.screenshot(path=str(tmp_path / "xac-nhan-huy-so.png"), full_page=True)
    assert (tmp_path / "xac-nhan-huy-so.png").stat().st_size > 10_000
    assert _state(root) == "issued"  # shown, not voided

    page.click("text=Không hủy, quay lại sổ")
    page.wait_for_url(f"{base}/register")
    assert _state(root) == "issued"
    assert "Đã cấp" in page.locator("tr", has_text="01/TB-SNV").inner_text()

    form.locator("select[name=issuer]").select_option(label="Sở Nội vụ tỉnh Nghệ An")
    form.locator("input[name=number]").fill("01/TB-SNV")
    form.locator("input[name=reason]").fill("Ký nhầm người ký")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Xác nhận hủy số')")
    page.click("button:has-text('Xác nhận hủy số 01/TB-SNV')")
    page.wait_for_selector(".banner.ok")
    assert "Đã hủy số 01/TB-SNV: Ký nhầm người ký (hủy bởi lan)" in page.inner_text(".banner.ok")
    assert _state(root) == "voided"
    page.context.close()
