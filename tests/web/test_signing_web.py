"""The web part of electronic originals (issue 27): a văn thư signs an issued document with the
keys kept on the server (.docgen/keys/), as its signer then as its office; the document's page
lists both signatures; /verify checks an uploaded signed PDF (valid, tampered, not a PDF); a
wrong password, another person's or an expired key, a voided document and a văn thư of another
issuer are refused in plain Vietnamese, nothing recorded. Before: the web app had no Ký số, no
/verify (404), and a document's page showed no signature."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from docgen.register import open_register
from docgen.register.log import VIETNAM
from docgen.register.store import Register
from docgen.web.app import create_app
from docgen.web.config import load_limits, users_file
from docgen.web.users import add_user
from tests.register.conftest import fresh_pg_url, pg_url  # noqa: F401 (fixtures)
from tests.signing.conftest import (  # noqa: F401 (fixtures)
    PASSWORD,
    SIGNED,
    SIGNER,
    SPEC,
    SYMBOL,
    Keys,
    issued_workspace,
    keys,
)
from tests.support.tools import CHROMIUM, require
from tests.web.conftest import ClientFactory, add_users, csrf_of, login

OFFICE = "Học viện Chính trị quốc gia Hồ Chí Minh"
DOC = f"/documents/{SPEC}"


def _register(root: Path) -> Register:
    return open_register(root / "register.sqlite", workspace="hvctqg-vi-du-2024")


def _signatures(root: Path) -> list[Any]:
    register = _register(root)
    (entry,) = [e for e in register.entries() if e.symbol == SYMBOL]  # issued or voided
    return register.signatures(entry.id)


def put_keys(root: Path, keys: Keys, signer: str = "signer", office: str = "office") -> None:  # noqa: F811
    """The office's keys where the web app looks for them, and the CA's root as trusted."""
    folder = root / ".docgen" / "keys"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(keys.p12(signer), folder / "hoang-phuc-lam.p12")
    shutil.copy(keys.p12(office), folder / "office-hvctqg.p12")
    trust = root / ".docgen" / "trust"
    trust.mkdir(parents=True, exist_ok=True)
    shutil.copy(keys.root, trust / "root.pem")


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clerk's server speaks Vietnamese (the tests' default language is English)."""
    monkeypatch.delenv("DOCGEN_LANG", raising=False)


@pytest.fixture
def root(issued_workspace: Path, keys: Keys, tmp_path: Path) -> Path:  # noqa: F811
    """The example workspace with its documents issued, the keys on the server, two users."""
    target = tmp_path / "ws"
    shutil.copytree(issued_workspace, target)
    add_users(target)
    put_keys(target, keys)
    return target


def sign(client: TestClient, role: str, password: str = PASSWORD, **more: str) -> Any:
    page = client.get(f"{DOC}/sign")
    assert page.status_code == 200, page.text
    return client.post(
        f"{DOC}/sign",
        data={"csrf_token": csrf_of(page.text), "role": role, "password": password, **more},
        follow_redirects=False,
    )


def verify(client: TestClient, name: str, data: bytes) -> Any:
    token = csrf_of(client.get("/verify").text)
    return client.post(
        "/verify",
        data={"csrf_token": token},
        files={"file": (name, data, "application/pdf")},
    )


def text(html: str) -> str:
    """A page's text as a reader sees it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_sign_as_signer_then_office_and_verify(root: Path, client_for: ClientFactory) -> None:
    client = client_for(root, "lan")
    page = client.get(DOC)
    assert "Văn bản chưa được ký số." in page.text
    assert f'href="{DOC}/sign">Ký số</a>' in page.text

    form = text(client.get(f"{DOC}/sign").text)
    # what is signed, before the password is typed
    assert f"Số, ký hiệu {SYMBOL}" in form and "Ngày 09/09/2022" in form
    assert "Trích yếu Tổ chức phong trào thi đua" in form
    assert f"người ký ({SIGNER})" in form
    assert "cơ quan ban hành" in form and "cơ quan ký sau người ký" in form

    done = sign(client, "signer")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{DOC}?signed=signer#signatures"
    done = sign(client, "office")
    assert done.status_code == 303, done.text

    records = _signatures(root)
    assert [(r.role, r.actor) for r in records] == [("signer", "web:lan"), ("office", "web:lan")]
    page = client.get(f"{DOC}?signed=office")
    shown = text(page.text)
    assert "Đã ký số văn bản với vai trò cơ quan ban hành" in shown
    when = [r.signed_at.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y") for r in records]
    assert f"người ký {SIGNER}, {OFFICE} CN={SIGNER}" in shown
    assert f"{when[0]} ke-hoach-1247-KH-HVCTQG.signed.signer.pdf" in shown
    assert f"cơ quan ban hành {OFFICE} CN={OFFICE}" in shown
    assert f"{when[1]} ke-hoach-1247-KH-HVCTQG.signed.pdf" in shown

    # each link gives the file as the register recorded it after that signature
    links = re.findall(rf'href="({DOC}/signatures/\d+\.pdf)"', page.text)
    assert len(links) == 2
    files = [client.get(link) for link in links]
    assert [hashlib.sha256(f.content).hexdigest() for f in files] == [r.sha256 for r in records]
    assert files[1].content == (root / SIGNED).read_bytes()
    assert files[0].headers["content-disposition"].endswith(".signed.signer.pdf")

    # a reader (minh) verifies the signed file from the upload page
    reader = client_for(root, "minh")
    result = verify(reader, "cong-van-nhan-duoc.pdf", files[1].content)
    assert result.status_code == 200, result.text
    shown = text(result.text)
    assert f"Hợp lệ: 2 chữ ký, tệp toàn vẹn, đúng văn bản số {SYMBOL} trong sổ đăng ký." in shown
    assert f"1 người ký {SIGNER}, {OFFICE}" in shown
    assert f"{when[0]} theo đồng hồ máy người ký PAdES B-B có có số {SYMBOL}" in shown
    assert f"2 cơ quan ban hành {OFFICE}" in shown

    # the signer's own revision: valid, the register knows it
    result = verify(reader, "ban-nguoi-ky.pdf", files[0].content)
    assert "Hợp lệ: 1 chữ ký" in text(result.text)

    # a byte changed inside the first page: both signatures broken, not the register's file
    data = bytearray(files[1].content)
    at = data.index(b"stream", 2000) + 200
    data[at] ^= 0x01
    result = verify(reader, "bi-sua.pdf", bytes(data))
    assert result.status_code == 200
    shown = text(result.text)
    assert "KHÔNG hợp lệ. tệp không phải văn bản do sổ đăng ký này ban hành" in shown
    # neither signature intact (a broken signature is not trusted either), neither recorded
    assert shown.count("theo đồng hồ máy người ký PAdES B-B KHÔNG KHÔNG không có") == 2

    # the register's log names the act and the role in Vietnamese
    log = text(client.get("/register/log").text)
    assert log.count(f"Ký số {SYMBOL}") == 2, log
    assert f"người ký: CN={SIGNER}" in log and f"cơ quan ban hành: CN={OFFICE}" in log
    assert "sign " not in log and "signer:" not in log


def test_a_wrong_password_is_refused_and_not_echoed(root: Path, client_for: ClientFactory) -> None:
    client = client_for(root, "lan")
    typed = "sai-mat-khau-bi-mat-123"
    done = sign(client, "signer", password=typed)
    assert done.status_code == 422
    shown = text(done.text)
    assert "hoang-phuc-lam.p12: không mở được tệp khóa: sai mật khẩu" in shown
    assert "[SIGN-KEY]" in shown
    assert typed not in done.text
    assert 'type="password" name="password" autocomplete="off" required>' in done.text
    assert _signatures(root) == []
    assert not (root / SIGNED).exists()


def test_guessing_a_keys_password_is_stopped(root: Path, client_for: ClientFactory) -> None:
    client = client_for(root, "lan")
    for n in range(5):  # limits.yaml login_max_failures
        assert sign(client, "signer", password=f"doan-{n}").status_code == 422
    refused = sign(client, "signer")  # even the right password, for a while
    assert refused.status_code == 429
    assert "Đã nhập sai mật khẩu của khóa quá nhiều lần" in text(refused.text)
    assert _signatures(root) == []


def test_wrong_person_expired_and_order_refused(
    root: Path,
    keys: Keys,  # noqa: F811
    client_for: ClientFactory,
) -> None:
    client = client_for(root, "lan")
    # the office's role is not offered before the signer has signed
    form = client.get(f"{DOC}/sign").text
    assert re.search(r'value="office" disabled', form)
    done = sign(client, "office")
    assert done.status_code == 422
    assert "chưa có chữ ký của người ký: cơ quan ký sau người ký" in text(done.text)

    put_keys(root, keys, signer="other-person")
    done = sign(client, "signer")
    assert done.status_code == 422
    shown = text(done.text)
    assert "chứng thư số là của CN=Nguyễn Xuân Thắng" in shown
    assert f"nhưng người ký văn bản là {SIGNER}" in shown
    assert "khóa hoang-phuc-lam lưu trên máy chủ không phải của người ký này" in shown

    put_keys(root, keys, signer="expired")
    done = sign(client, "signer")
    assert done.status_code == 422
    assert "đã hết hạn lúc" in text(done.text) and "[SIGN-CERT-EXPIRED]" in done.text
    assert _signatures(root) == []


def test_a_voided_document_is_not_signed(root: Path, client_for: ClientFactory) -> None:
    client = client_for(root, "lan")
    token = csrf_of(client.get(f"{DOC}/sign").text)
    _register(root).void("hvctqg", SYMBOL, "ký nhầm số", year=2022)
    page = client.get(f"{DOC}/sign")
    assert f"{SYMBOL} đã bị hủy trong sổ đăng ký: văn bản đã hủy không được ký số" in text(
        page.text
    )
    assert 'name="password"' not in page.text
    done = client.post(
        f"{DOC}/sign",
        data={"csrf_token": token, "role": "signer", "password": PASSWORD},
    )
    assert done.status_code == 422
    assert "đã bị hủy trong sổ đăng ký" in text(done.text)
    assert _signatures(root) == []


def test_a_clerk_of_another_issuer_is_refused(root: Path, client_for: ClientFactory) -> None:
    add_user(users_file(root), "hoa", "van_thu", "van-thu-snv-mat-khau", issuers=["snv-nghe-an"])
    client = login(client_for(root), "hoa", "van-thu-snv-mat-khau")
    page = client.get(DOC)
    assert f'href="{DOC}/sign"' not in page.text
    assert client.get(f"{DOC}/sign").status_code == 403
    token = csrf_of(page.text)
    done = client.post(
        f"{DOC}/sign", data={"csrf_token": token, "role": "signer", "password": PASSWORD}
    )
    assert done.status_code == 403
    assert "không được làm việc cho cơ quan Học viện Chính trị quốc gia" in text(done.text)
    # a reader neither
    assert client_for(root, "minh").get(f"{DOC}/sign").status_code == 403
    assert _signatures(root) == []


def test_a_token_is_offered_only_when_configured(root: Path, client_for: ClientFactory) -> None:
    client = client_for(root, "lan")
    assert "Thiết bị ký số (token)" not in client.get(f"{DOC}/sign").text
    (root / ".docgen" / "keys" / "tokens.yaml").write_text(
        "hoang-phuc-lam: {library: /usr/lib/softhsm/libsofthsm2.so, label: lam}\n",
        encoding="utf-8",
    )
    assert "Thiết bị ký số (token)" in client.get(f"{DOC}/sign").text
    done = sign(client, "signer", password="1234", via="token")
    assert done.status_code == 422
    assert "không có token nhãn lam" in text(done.text)  # python-pkcs11 is installed now


def test_not_a_pdf_and_hostile_uploads(root: Path, client_for: ClientFactory) -> None:
    client = client_for(root, "minh")
    result = verify(client, "thu.pdf", b"Hello, this is not a PDF at all\n")
    assert result.status_code == 415
    assert "thu.pdf: không phải tệp PDF (tệp không bắt đầu bằng %PDF-)" in text(result.text)
    result = verify(client, "thu.txt", b"%PDF-1.7\n")
    assert result.status_code == 415  # the name says it is no PDF
    result = verify(client, "hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" * 50)
    assert result.status_code == 422
    shown = text(result.text)
    assert "hong.pdf" in shown and "Traceback" not in result.text
    assert str(root) not in result.text  # the server's own path is not shown
    unsigned = (root / "output" / "ke-hoach-1247-KH-HVCTQG.docx").with_suffix(".pdf")
    pdf = next((root / ".docgen" / "pdf").glob("*.pdf"))
    result = verify(client, unsigned.name, pdf.read_bytes())
    assert result.status_code == 422
    assert "tệp không có chữ ký số" in text(result.text)


def test_without_keys_nothing_can_be_signed(root: Path, client_for: ClientFactory) -> None:
    shutil.rmtree(root / ".docgen" / "keys")
    form = text(client_for(root, "lan").get(f"{DOC}/sign").text)
    assert "không có khóa của vai trò này trên máy chủ (.docgen/keys/hoang-phuc-lam.p12)" in form


def test_an_upload_over_the_limit_is_refused(root: Path, client_for: ClientFactory) -> None:
    limits = replace(load_limits(), upload_max_bytes=20_000)
    client = client_for(root, "minh", app=create_app(root, limits=limits))
    result = verify(client, "lon.pdf", b"%PDF-1.7\n" + b"0" * 30_000)
    assert result.status_code == 413
    assert "Tệp tải lên quá lớn" in result.text


@pytest.mark.postgres
def test_signed_from_the_web_with_a_postgresql_register(
    fresh_pg_url: str,  # noqa: F811
    issued_workspace: Path,  # noqa: F811
    keys: Keys,  # noqa: F811
    tmp_path: Path,
    client_for: ClientFactory,
) -> None:
    """The office's shared register on PostgreSQL: the web app signs, lists and verifies."""
    from docgen.api import build

    ws = tmp_path / "ws"
    shutil.copytree(issued_workspace / "data", ws / "data")
    shutil.copytree(issued_workspace / "templates", ws / "templates")
    shutil.copytree(issued_workspace / ".docgen" / "pdf", ws / ".docgen" / "pdf")
    shutil.copytree(issued_workspace / ".docgen" / "esign", ws / ".docgen" / "esign")
    open_register(fresh_pg_url, create=True)
    assert not build(ws, ws / "output", register=fresh_pg_url).failed
    add_users(ws)
    put_keys(ws, keys)
    client = client_for(ws, "lan", app=create_app(ws, register=fresh_pg_url))
    assert sign(client, "signer").status_code == 303
    assert sign(client, "office").status_code == 303
    register = open_register(fresh_pg_url, workspace="hvctqg-vi-du-2024")
    entry = register.entry_by_symbol(SYMBOL)
    assert entry is not None
    records = register.signatures(entry.id)
    assert [(r.role, r.actor) for r in records] == [("signer", "web:lan"), ("office", "web:lan")]
    shown = text(client.get(DOC).text)
    assert f"người ký {SIGNER}, {OFFICE}" in shown and "ke-hoach-1247-KH-HVCTQG.signed.pdf" in shown
    result = verify(client, "ban-ky.pdf", (ws / SIGNED).read_bytes())
    assert f"Hợp lệ: 2 chữ ký, tệp toàn vẹn, đúng văn bản số {SYMBOL}" in text(result.text)


# -- in a real browser ------------------------------------------------------------------------


@pytest.fixture
def signing_server(root: Path) -> Iterator[str]:
    from tests.web.live import live_server

    with live_server(create_app(root)) as base:
        yield base


@pytest.mark.browser
def test_sign_and_verify_in_chromium(signing_server: str, root: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.web.test_browser import ARGS, signed_in

    require("chromium")
    base = signing_server
    # the pictures to look at: in the test's folder, or where DOCGEN_SCREENSHOTS says
    shots = Path(os.environ.get("DOCGEN_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = signed_in(browser, base, "lan")
        page.set_viewport_size({"width": 1280, "height": 900})

        page.goto(f"{base}{DOC}")
        page.click("a.button:has-text('Ký số')")
        page.wait_for_url(f"{base}{DOC}/sign")
        assert SYMBOL in page.inner_text("#signing-what")
        page.fill("input[name=password]", PASSWORD)
        page.screenshot(path=str(shots / "sign-form.png"), full_page=True)
        page.click("button:has-text('Ký số')")
        page.wait_for_selector("#signed-banner")
        page.click("a.button:has-text('Ký số')")
        assert page.is_checked("input[value=office]")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('Ký số')")
        page.wait_for_selector("#signed-banner")
        assert page.locator("#signature-list tbody tr").count() == 2
        page.locator("#signatures").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "document-signatures.png"), full_page=True)
        with page.expect_download() as caught:
            page.click("#signature-list a:has-text('.signed.pdf')")
        signed = tmp_path / caught.value.suggested_filename
        caught.value.save_as(signed)
        assert signed.name == "ke-hoach-1247-KH-HVCTQG.signed.pdf"

        page.click("nav a:has-text('Kiểm tra chữ ký số')")
        page.set_input_files("input[name=file]", str(signed))
        page.click("button:has-text('Kiểm tra chữ ký')")
        page.wait_for_selector("#verdict")
        assert page.inner_text("#verdict").startswith("Hợp lệ: 2 chữ ký")
        assert page.locator("#verify-list tbody tr").count() == 2
        page.screenshot(path=str(shots / "verify-valid.png"), full_page=True)
        browser.close()
    for shot in shots.glob("*.png"):
        assert shot.stat().st_size > 10_000  # a page drawn, not a blank one
