"""Security for an office LAN: login, session cookies, CSRF on every form, roles, uploads,
and no request path that reaches outside the workspace's output folder."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from docgen.web.app import create_app
from docgen.web.config import load_limits, users_file
from docgen.web.paths import safe_child
from docgen.web.users import add_user, load_users
from tests.web.conftest import (
    PASSWORDS,
    ClientFactory,
    csrf_of,
    login,
    post_form,
    wait_for_job,
)

# -- login and sessions -------------------------------------------------------------------------


def test_pages_need_a_login(built_root: Path, client_for: ClientFactory) -> None:
    client = client_for(built_root)
    response = client.get("/documents", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/documents"
    assert "Đăng nhập" in client.get("/login").text


def test_every_route_calls_the_permission_check(built_root: Path) -> None:
    """Anonymous requests to every route but the login page and static files are refused: a
    view that forgot ``authorize`` would answer here."""
    app = create_app(built_root)
    client = TestClient(app)
    samples = {
        "spec_id": "ke-hoach-2024",
        "name": "ke-hoach-2024-KH-HVCTQG.docx",
        "job_id": "1",
        "campaign_id": "xd-truong-chuan",
        "cert_id": "bang-khen-2024",
        "sha": "0" * 64,
        "page": "1",
        "fmt": "csv",
        "entry_id": "1",
        "signature": "1",
    }
    checked = 0
    for route in app.routes:
        if not isinstance(route, Route) or route.path == "/login":
            continue
        path = route.path
        for key, value in samples.items():
            path = path.replace(f"{{{key}}}", value).replace(f"{{{key}:int}}", value)
            path = path.replace(f"{{{key}:str}}", value)
        for method in route.methods or ["GET"]:
            if method == "HEAD":
                continue
            response = client.request(method, path, follow_redirects=False)
            assert response.status_code in (303, 401, 403), (method, path, response.status_code)
            if method == "GET":
                assert response.headers["location"].startswith("/login"), path
            checked += 1
    assert checked >= 25


def test_wrong_password_is_refused_without_saying_which_part(
    built_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(built_root)
    for name, password in (("lan", "not-the-password"), ("nobody", "whatever-it-is")):
        page = client.get("/login")
        response = client.post(
            "/login",
            data={"username": name, "password": password, "csrf_token": csrf_of(page.text)},
        )
        assert response.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
        assert "docgen_session" not in response.headers.get("set-cookie", "")


def test_too_many_wrong_passwords_block_that_name(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root)
    statuses = []
    for _ in range(6):
        page = client.get("/login")
        statuses.append(
            client.post(
                "/login",
                data={
                    "username": "lan",
                    "password": "wrong-guess",
                    "csrf_token": csrf_of(page.text),
                },
            ).status_code
        )
    assert statuses == [401] * 5 + [429]
    page = client.get("/login")
    blocked = client.post(
        "/login",
        data={"username": "lan", "password": PASSWORDS["lan"], "csrf_token": csrf_of(page.text)},
    )
    assert blocked.status_code == 429  # even the right password, until the window passes
    assert "Sai mật khẩu quá nhiều lần" in blocked.text


@pytest.mark.parametrize(
    ("base_url", "secure"), [("http://testserver", False), ("https://testserver", True)]
)
def test_session_cookie_is_httponly_strict_and_secure_over_https(
    built_root: Path, base_url: str, secure: bool
) -> None:
    client = TestClient(create_app(built_root), base_url=base_url)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "lan", "password": PASSWORDS["lan"], "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    cookies = response.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("docgen_session="))
    attributes = [a.strip().lower() for a in session.split(";")]
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert ("secure" in attributes) is secure


def test_a_login_does_not_keep_the_token_from_before(
    built_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(built_root)
    before = csrf_of(client.get("/login").text)
    login(client, "lan")
    after = csrf_of(client.get("/documents").text)
    assert after != before


def test_logout_ends_the_session(built_root: Path, client_for: ClientFactory) -> None:
    client = client_for(built_root, "lan")
    response = post_form(client, "/documents", "/logout", follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/documents", follow_redirects=False).status_code == 303


def test_a_removed_user_or_a_new_password_ends_open_sessions(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    assert client.get("/documents").status_code == 200
    add_user(users_file(fresh_root), "lan", "van_thu", "a-brand-new-password")
    assert client.get("/documents", follow_redirects=False).status_code == 303


def test_login_goes_back_only_to_pages_of_this_site(
    built_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(built_root)
    for target, expected in (
        ("/register", "/register"),
        ("https://evil.example/", "/documents"),
        ("//evil.example/", "/documents"),
        ("/\\evil.example", "/documents"),
    ):
        client.cookies.clear()
        page = client.get("/login")
        response = client.post(
            "/login",
            data={
                "username": "minh",
                "password": PASSWORDS["minh"],
                "csrf_token": csrf_of(page.text),
                "next": target,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_the_users_file_holds_hashes_not_passwords(tmp_path: Path) -> None:
    path = users_file(tmp_path)
    add_user(path, "lan", "van_thu", PASSWORDS["lan"])
    text = path.read_text(encoding="utf-8")
    assert PASSWORDS["lan"] not in text
    assert load_users(path)["lan"].password_hash.startswith("$argon2id$")
    assert os.stat(path).st_mode & 0o077 == 0  # readable by the server's account only


# -- CSRF ---------------------------------------------------------------------------------------


def test_a_form_without_its_token_is_refused(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    for data in ({}, {"csrf_token": "forged"}, {"csrf_token": ""}):
        response = client.post("/build", data=data)
        assert response.status_code == 403
        assert "thiếu mã CSRF" in response.text
    assert client.get("/builds").text.count("/builds/") == 0  # nothing was started


def test_a_token_of_another_session_is_refused(fresh_root: Path, client_for: ClientFactory) -> None:
    lan = client_for(fresh_root, "lan")
    other = client_for(fresh_root, "lan")  # the same clerk on another PC: another session
    token = csrf_of(other.get("/documents").text)
    response = lan.post(
        "/register/void",
        data={"csrf_token": token, "issuer": "hvctqg", "number": "1", "reason": "thử"},
    )
    assert response.status_code == 403


def test_a_form_posted_from_another_site_is_refused(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    token = csrf_of(client.get("/documents").text)
    response = client.post(
        "/build", data={"csrf_token": token}, headers={"origin": "http://evil.example"}
    )
    assert response.status_code == 403


def test_the_login_form_needs_its_token_too(built_root: Path, client_for: ClientFactory) -> None:
    client = client_for(built_root)
    response = client.post(
        "/login", data={"username": "lan", "password": PASSWORDS["lan"]}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "docgen_session" not in response.headers.get("set-cookie", "")


# -- roles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "url", "data"),
    [
        ("/documents", "/build", {}),
        ("/documents/ke-hoach-2024", "/documents/ke-hoach-2024/build", {}),
        (
            "/register",
            "/register/void",
            {"issuer": "hvctqg", "number": "1568", "reason": "thử quyền"},
        ),
        ("/decisions/quyet-dinh-khen-thuong-2024", "/certificates/bang-khen-2024/make", {}),
    ],
)
def test_a_reader_cannot_build_or_void(
    built_root: Path, client_for: ClientFactory, page: str, url: str, data: dict[str, str]
) -> None:
    client = client_for(built_root, "minh")
    response = post_form(client, page, url, data)
    assert response.status_code == 403
    assert "không có quyền" in response.text
    entries = client.get("/register").text
    assert '<span class="status s-failed">Đã hủy</span>' not in entries


def test_a_reader_sees_no_build_or_void_buttons(
    built_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(built_root, "minh")
    assert "Tạo tất cả văn bản" not in client.get("/documents").text
    assert "Hủy số" not in client.get("/register").text
    assert client.get("/import").status_code == 403
    lan = client_for(built_root, "lan")
    assert "Tạo tất cả văn bản" in lan.get("/documents").text
    assert "Hủy số" in lan.get("/register").text


# -- paths --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../data/issuers.yaml",
        "..",
        ".",
        "",
        "/etc/passwd",
        "sub/file.docx",
        "..\\data\\issuers.yaml",
        "C:file.docx",
        "file.docx\x00.png",
        " file.docx",
        "missing.docx",
        "link.docx",  # a symbolic link, even to a file inside the folder
        ".file.docx.docgen-tmp",  # a staged file of a batch still being written
        "folder",
    ],
)
def test_safe_child_refuses(tmp_path: Path, name: str) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "file.docx").write_bytes(b"x")
    (out / ".file.docx.docgen-tmp").write_bytes(b"x")
    (out / "folder").mkdir()
    (out / "link.docx").symlink_to(out / "file.docx")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "issuers.yaml").write_text("secret")
    with pytest.raises(Exception) as caught:
        safe_child(out, name)
    assert getattr(caught.value, "code", None) == "WEB-PATH"


def test_safe_child_gives_a_plain_file(tmp_path: Path) -> None:
    (tmp_path / "Quyết định.docx").write_bytes(b"x")
    assert safe_child(tmp_path, "Quyết định.docx") == (tmp_path / "Quyết định.docx").resolve()


@pytest.mark.parametrize(
    "url",
    [
        "/files/..%2Fdata%2Fissuers.yaml",
        "/files/%2E%2E%2Fdata%2Fissuers.yaml",
        "/files/..%5Cdata%5Cissuers.yaml",
        "/files/%2Fetc%2Fpasswd",
        "/files/..%252Fdata%252Fissuers.yaml",
        "/files/../data/issuers.yaml",
        "/files/secret-link.docx",
        "/pdf/..%2Fdata%2Fissuers.yaml",
        "/preview/%2Fetc%2Fpasswd",
        "/pages/..%2F..%2Fdata/1.png",
        "/pages/" + "0" * 64 + "/1.png",
        "/certificates/bang-khen-2024/files/..%2F..%2Fdata%2Fissuers.yaml",
        "/certificates/..%2Fdata/zip",
        "/static/..%2F..%2Fapp.py",
        "/static/../web/app.py",
    ],
)
def test_no_request_path_reaches_outside_the_output_folder(
    built_root: Path, client_for: ClientFactory, url: str
) -> None:
    link = built_root / "output" / "secret-link.docx"
    if not link.is_symlink():
        link.symlink_to(built_root / "data" / "issuers.yaml")
    client = client_for(built_root, "minh")
    response = client.get(url)
    assert response.status_code == 404, response.text[:200]
    assert response.headers["content-type"].startswith("text/html")
    page = response.text.split("</nav>")[-1]
    # docgen's own error page, with its code: not the file, nor a page of the file's
    assert "Không thực hiện được" in page and re.search(r"\[WEB-[A-Z0-9-]+\]", page), page
    assert "issuers" not in page  # neither the file asked for nor its name is shown
    assert "hvctqg:" not in response.text  # the data file's content never comes back
    assert "root:" not in response.text  # nor /etc/passwd's


# -- uploads ------------------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_refused(built_root: Path) -> None:
    small = dataclasses.replace(load_limits(), upload_max_bytes=4096)
    client = TestClient(create_app(built_root, limits=small))
    login(client, "minh")
    token = csrf_of(client.get("/check").text)
    big = b"PK" + b"\0" * 10_000
    response = client.post(
        "/check", data={"csrf_token": token}, files={"file": ("big.docx", big, "application/zip")}
    )
    assert response.status_code == 413
    assert "quá lớn" in response.text

    def chunks():  # no Content-Length: the body is counted as it arrives
        yield b"csrf_token=" + token.encode() + b"&x="
        for _ in range(10):
            yield b"a" * 1000

    response = client.post(
        "/check",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_pages_carry_security_headers(built_root: Path, client_for: ClientFactory) -> None:
    client = client_for(built_root)
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in headers["content-security-policy"]


def test_a_server_on_this_machine_answers_only_its_own_names(built_root: Path) -> None:
    """``docgen serve`` on 127.0.0.1 refuses a Host it does not know (DNS rebinding)."""
    app = create_app(built_root, allowed_hosts=["127.0.0.1", "localhost", "[::1]"])
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/login").status_code == 200
    assert TestClient(app, base_url="http://evil.example").get("/login").status_code == 400


def test_a_folder_of_output_linked_to_elsewhere_is_neither_served_nor_written(
    fresh_root: Path, client_for: ClientFactory, tmp_path: Path
) -> None:
    """Before: output/bang-khen-2024 as a symbolic link to a folder outside the workspace was
    served (200), packed in the zip, and "In bằng" wrote 58 certificates there (issue 24,
    case 2). A hard link to an outside file was served too."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.docx").write_bytes(b"secret")
    out = fresh_root / "output"
    out.mkdir(exist_ok=True)
    (out / "bang-khen-2024").symlink_to(outside, target_is_directory=True)
    (tmp_path / "elsewhere.docx").write_bytes(b"elsewhere")
    os.link(tmp_path / "elsewhere.docx", out / "hard.docx")
    client = client_for(fresh_root, "lan")
    assert client.get("/certificates/bang-khen-2024/files/secret.docx").status_code == 404
    assert client.get("/certificates/bang-khen-2024/zip").status_code in (404, 409)
    assert client.get("/files/hard.docx").status_code == 404
    made = post_form(
        client,
        "/certificates",
        "/certificates/bang-khen-2024/make",
        follow_redirects=False,
    )
    if made.status_code == 303:  # the batch runs as a job: it fails, writing nothing outside
        status = wait_for_job(client, made.headers["location"])
        assert status["errors"], status
    assert sorted(p.name for p in outside.iterdir()) == ["secret.docx"]
    assert (tmp_path / "elsewhere.docx").read_bytes() == b"elsewhere"
