"""Fixtures of the web tests: workspaces with users, clients signed in as each role."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from docgen.api import build
from docgen.web.app import create_app
from docgen.web.config import users_file
from docgen.web.users import add_user
from tests.conftest import make_workspace

PASSWORDS = {"lan": "van-thu-mat-khau", "minh": "nguoi-xem-mat-khau"}


_USERS: list[bytes] = []


def add_users(root: Path) -> None:
    """lan (văn thư) and minh (reader); hashed once for the whole run (argon2 is slow on
    purpose), then copied."""
    target = users_file(root)
    if not _USERS:
        add_user(target, "lan", "van_thu", PASSWORDS["lan"])
        add_user(target, "minh", "reader", PASSWORDS["minh"])
        _USERS.append(target.read_bytes())
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_USERS[0])


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def login(client: TestClient, name: str, password: str | None = None) -> TestClient:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": name,
            "password": password or PASSWORDS[name],
            "csrf_token": csrf_of(page.text),
            "next": "/documents",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def post_form(
    client: TestClient, page: str, url: str, data: dict[str, str] | None = None, **kwargs: Any
) -> Any:
    """Submit a form the way a browser does: the token from the page that shows the form."""
    token = csrf_of(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


def void_number(client: Any, data: dict[str, str]) -> Any:
    """Void a number as a clerk does: the register page's form, then the confirmation page's
    button; the answer of the first step when it shows no confirmation (refused)."""
    asked = post_form(client, "/register", "/register/void", data)
    found = re.search(r'name="confirm" value="([^"]+)"', asked.text)
    if found is None:
        return asked
    return client.post(
        "/register/void/confirm",
        data={"csrf_token": csrf_of(asked.text), "confirm": found.group(1)},
    )


def wait_for_job(client: TestClient, location: str, timeout: float = 120) -> dict[str, Any]:
    """Poll a build's progress, as the build page does, until it has finished."""
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, Any] = client.get(f"{location}/status").json()
        if not status["running"]:
            return status
        assert time.monotonic() < deadline, f"the build did not finish: {status}"
        time.sleep(0.2)


@pytest.fixture(scope="session")
def built_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example workspace, built once (its own register), with two users."""
    root = make_workspace(tmp_path_factory.mktemp("web-built"))
    add_users(root)
    report = build(root)
    assert not report.failed
    return root


@pytest.fixture
def fresh_root(tmp_path: Path) -> Path:
    """A copy of the example workspace, nothing built yet, with two users."""
    root = make_workspace(tmp_path)
    add_users(root)
    return root


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def client_for() -> ClientFactory:
    """``client_for(root, "lan")``: a client of a new app on ``root`` (or of ``app=``), signed
    in (or not, with None)."""
    made: list[TestClient] = []

    def make(root: Path, name: str | None = None, app: Any = None, **kwargs: Any) -> TestClient:
        client = TestClient(app or create_app(root), **kwargs)
        made.append(client)
        return login(client, name) if name else client

    yield make  # type: ignore[misc]
    for client in made:
        client.close()
