"""Sessions and logins against a real server over HTTP (issue 24, case 4): the server ends a
session (logout, a new password, a disabled user), wrong passwords slow the computer that
guesses without locking the clerk out, and a server on the network answers only its names."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

import docgen
from docgen.web.app import create_app
from docgen.web.config import load_limits, users_file
from docgen.web.users import add_user, load_users
from tests.web.conftest import PASSWORDS
from tests.web.live import (
    computer,
    free_port,
    live_server,
    send_form,
    signed_in,
    token_of,
    try_login,
)

ADMIN_PASSWORD = "quan-tri-mat-khau"
DOCGEN = [sys.executable, "-m", "docgen"]
SOURCE = str(Path(docgen.__file__).parents[1])  # the docgen under test, in the subprocess too
NEW_PASSWORD = ["--role", "van_thu", "--password-stdin"]


# -- the server ends sessions -------------------------------------------------------------------


def test_a_cookie_copied_before_logout_opens_nothing_after_it(fresh_root: Path) -> None:
    """Before: the signed cookie alone was the session; logout only asked the browser to
    forget it, and a copy of it still opened every page (200)."""
    with live_server(create_app(fresh_root)) as base, computer(base) as pc:
        signed_in(pc, "lan")
        copied = pc.cookies["docgen_session"]
        assert pc.get("/documents").status_code == 200
        out = send_form(pc, "/documents", "/logout")
        assert out.status_code == 303 and out.headers["location"] == "/login"
        with computer(base, "127.0.0.2") as thief:
            thief.cookies.set("docgen_session", copied)
            page = thief.get("/documents")
            assert page.status_code == 303
            assert page.headers["location"].startswith("/login")
            assert thief.post("/logout", data={}).status_code == 401


def test_a_password_reset_or_a_disabled_user_ends_every_session_of_that_user(
    fresh_root: Path,
) -> None:
    """The administrator's page resets a password or disables a user: every browser of that
    user is signed out at once (before: no such page, 404; only the command line)."""
    add_user(users_file(fresh_root), "an", "admin", ADMIN_PASSWORD)
    with live_server(create_app(fresh_root)) as base:
        office, home = computer(base, "127.0.0.2"), computer(base, "127.0.0.3")
        for pc in (office, home):
            signed_in(pc, "lan")
            assert pc.get("/documents").status_code == 200
        admin = signed_in(computer(base), "an", ADMIN_PASSWORD)
        reset = send_form(admin, "/users", "/users/lan/password", {"password": "mat-khau-moi-1"})
        assert reset.status_code == 200, reset.text
        assert "các phiên đăng nhập của người này đã kết thúc" in reset.text
        for pc in (office, home):
            assert pc.get("/documents").status_code == 303
        signed_in(office, "lan", "mat-khau-moi-1")
        assert office.get("/documents").status_code == 200
        off = send_form(admin, "/users", "/users/lan/disable")
        assert off.status_code == 200 and "Đã khóa lan" in off.text
        assert office.get("/documents").status_code == 303
        refused = try_login(home, "lan", "mat-khau-moi-1")
        assert refused.status_code == 403
        assert "Tài khoản này đã bị khóa" in refused.text
        assert load_users(users_file(fresh_root))["lan"].disabled
        for pc in (office, home, admin):
            pc.close()


def test_a_new_password_from_the_command_line_ends_the_sessions(fresh_root: Path) -> None:
    with live_server(create_app(fresh_root)) as base, computer(base) as pc:
        signed_in(pc, "lan")
        env = {**os.environ, "PYTHONPATH": SOURCE}
        done = subprocess.run(
            [*DOCGEN, "-C", str(fresh_root), "user", "add", "lan", *NEW_PASSWORD],
            input="mat-khau-moi-2\n",
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert pc.get("/documents").status_code == 303
    sessions = fresh_root / ".docgen" / "sessions.sqlite"
    assert sessions.exists() and os.stat(sessions).st_mode & 0o077 == 0


def test_a_session_ends_after_its_time_even_on_the_server(fresh_root: Path) -> None:
    short = dataclasses.replace(load_limits(), session_max_age_s=1)
    with live_server(create_app(fresh_root, limits=short)) as base, computer(base) as pc:
        signed_in(pc, "lan")
        assert pc.get("/documents").status_code == 200
        time.sleep(1.2)
        assert pc.get("/documents").status_code == 303


# -- wrong passwords ----------------------------------------------------------------------------


def test_a_computer_guessing_a_password_does_not_lock_the_clerk_out(fresh_root: Path) -> None:
    """Before: five wrong passwords for lan from any computer refused lan everywhere for five
    minutes (429), even with her right password from her own computer."""
    with live_server(create_app(fresh_root)) as base:
        with computer(base, "127.0.0.66") as guesser:
            statuses = [try_login(guesser, "lan", f"doan-mo-{i}").status_code for i in range(6)]
            assert statuses == [401] * 5 + [429]
            refused = try_login(guesser, "lan")  # even the right password, from that computer
            assert refused.status_code == 429
            assert "hãy thử lại sau 5 phút" in refused.text
            assert 0 < int(refused.headers["retry-after"]) <= 300
        with computer(base, "127.0.0.10") as her_pc:
            started = time.monotonic()
            assert try_login(her_pc, "lan").status_code == 303
            assert time.monotonic() - started < 10  # a bounded delay at most
            assert her_pc.get("/documents").status_code == 200


def test_trying_many_names_from_one_computer_is_stopped(fresh_root: Path) -> None:
    """Before: every name had its own count, so trying many names was never limited."""
    with live_server(create_app(fresh_root)) as base:
        with computer(base, "127.0.0.77") as guesser:
            statuses = [_guess(guesser, f"ten-{i}") for i in range(21)]
            assert statuses == [401] * 20 + [429]
            other = _guess(guesser, "minh", PASSWORDS["minh"])
            assert other == 429  # every name, from that computer
        with computer(base, "127.0.0.78") as colleague:
            assert try_login(colleague, "minh").status_code == 303


def _guess(client: httpx.Client, name: str, password: str = "doan-mo-mat-khau") -> int:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token_of(page.text)},
    )
    return int(response.status_code)


# -- allowed hosts ------------------------------------------------------------------------------


def _serve(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SOURCE, "LANG": "C"}
    return subprocess.Popen(
        [*DOCGEN, "-C", str(root), "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for(base: str, host: str) -> None:
    deadline = time.monotonic() + 30
    with computer(base) as pc:
        while True:
            try:
                pc.get("/login", headers={"host": host})
                return
            except Exception:
                assert time.monotonic() < deadline, "docgen serve did not start"
                time.sleep(0.1)


def test_serving_on_every_address_needs_the_allowed_hosts(fresh_root: Path) -> None:
    """Before: docgen serve --host 0.0.0.0 started and answered any Host header."""
    process = _serve(fresh_root, "--host", "0.0.0.0", "--port", str(free_port()))
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("docgen serve --host 0.0.0.0 started without any allowed host")
    assert process.returncode == 2, err
    assert "error[WEB-ALLOWED-HOSTS]" in err and "--allowed-host" in err


@pytest.mark.parametrize("where", ["option", "settings"])
def test_a_server_on_the_network_answers_only_its_names(fresh_root: Path, where: str) -> None:
    """docgen serve on an address of the network (127.0.0.2 stands for 192.168.1.20 here):
    its own address and the names given are answered; any other Host gets 400 (before: 200,
    a page elsewhere renamed as the server reached it)."""
    port = free_port("127.0.0.2")
    args = ["--host", "127.0.0.2", "--port", str(port)]
    if where == "option":
        args += ["--allowed-host", "docgen.van-phong.local"]
    else:
        settings = fresh_root / "data" / "settings.yaml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(text + "allowed_hosts: [docgen.van-phong.local]\n", encoding="utf-8")
    process = _serve(fresh_root, *args)
    base = f"http://127.0.0.2:{port}"
    try:
        _wait_for(base, "docgen.van-phong.local")
        with computer(base) as pc:
            for host in ("docgen.van-phong.local", f"docgen.van-phong.local:{port}", base[7:]):
                assert pc.get("/login", headers={"host": host}).status_code == 200, host
            for host in ("evil.example", "evil.example:8000", "docgen.van-phong.local.evil"):
                refused = pc.get("/login", headers={"host": host})
                assert refused.status_code == 400, host
                assert "Máy chủ docgen không trả lời tên này" in refused.text
    finally:
        process.terminate()
        process.wait(10)
