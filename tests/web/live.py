"""A real server for the web tests that must go over HTTP: uvicorn on a free port of a
loopback address, and clients that connect from a chosen source address (127.0.0.x: every
address of 127.0.0.0/8 is this machine), so that "another computer" is a real peer address."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2 as httpx

from tests.web.conftest import PASSWORDS


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """``app`` served by uvicorn on ``host`` and a free port, for the duration of the block."""
    import uvicorn

    port = free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        running.should_exit = True
        thread.join(10)


def computer(base: str, address: str = "127.0.0.1") -> httpx.Client:
    """A browser on another computer: its requests come from ``address``."""
    return httpx.Client(
        base_url=base,
        transport=httpx.HTTPTransport(local_address=address),
        follow_redirects=False,
        timeout=60,
    )


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def try_login(client: httpx.Client, name: str, password: str | None = None) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login",
        data={
            "username": name,
            "password": PASSWORDS[name] if password is None else password,
            "csrf_token": token_of(page.text),
            "next": "/documents",
        },
    )


def signed_in(client: httpx.Client, name: str, password: str | None = None) -> httpx.Client:
    response = try_login(client, name, password)
    assert response.status_code == 303, response.text
    return client


def send_form(
    client: httpx.Client, page: str, url: str, data: dict[str, Any] | None = None
) -> httpx.Response:
    """A form as a browser sends it: with the token of the page that shows it."""
    token = token_of(client.get(page).text)
    return client.post(url, data={"csrf_token": token, **(data or {})})
