"""Several clerks at once: builds from the web go through the register, so clerks building at
the same moment get distinct, gapless numbers; one server never runs two builds at once."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from starlette.testclient import TestClient

from docgen.register import open_register
from docgen.web.app import create_app
from tests.conftest import make_workspace
from tests.web.conftest import add_users, csrf_of, login, wait_for_job

CLERKS, EACH = 4, 3
SPEC = "ke-hoach-snv-van-hoa-cong-so.yaml"  # number: auto, Sở Nội vụ (State: "Số: 01/KH-SNV")


def clerk_workspace(tmp_path: Path, clerk: int) -> Path:
    """One clerk's PC: a copy of the workspace with its own plans to number (number: auto)."""
    root = make_workspace(tmp_path / f"clerk{clerk}")
    documents = root / "data" / "documents"
    text = (documents / SPEC).read_text(encoding="utf-8")
    for spec in documents.glob("*.yaml"):
        spec.unlink()
    # the decisions received from above answer the examples' upward Tờ trình, gone with them
    for received in (root / "data" / "received").glob("*.yaml"):
        received.unlink()
    for i in range(EACH):
        (documents / f"kh-{clerk}-{i}.yaml").write_text(
            text.replace("ke-hoach-van-hoa-cong-so-SNV.docx", f"kh-{clerk}-{i}.docx"),
            encoding="utf-8",
        )
    add_users(root)
    return root


def test_four_clerks_building_at_once_get_distinct_gapless_numbers(tmp_path: Path) -> None:
    register = tmp_path / "shared-register.sqlite"
    open_register(register, create=True)
    clients = []
    for clerk in range(CLERKS):
        app = create_app(clerk_workspace(tmp_path, clerk), register=str(register))
        clients.append(login(TestClient(app), "lan"))
    tokens = [csrf_of(c.get("/documents").text) for c in clients]
    start = threading.Barrier(CLERKS)
    locations: list[str] = [""] * CLERKS
    refused: list[str] = []  # what a clerk was shown instead of a build (invalid data: 409)

    def clerk(i: int) -> None:
        start.wait(30)
        response = clients[i].post("/build", data={"csrf_token": tokens[i]}, follow_redirects=False)
        if response.status_code != 303:
            shown = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
            refused.append(f"{response.status_code}: {shown[-300:]}")
        locations[i] = response.headers.get("location", "")

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(CLERKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not refused, refused[0]
    for client, location in zip(clients, locations, strict=True):
        status = wait_for_job(client, location)
        assert status["errors"] == [] and status["done"] == EACH
    entries = open_register(str(register)).entries()
    numbers = sorted(e.number for e in entries)
    assert numbers == list(range(1, CLERKS * EACH + 1))  # distinct and gapless
    assert len({e.spec for e in entries}) == CLERKS * EACH
    # each clerk's pages show the numbers the register gave their documents
    for clerk, client in enumerate(clients):
        page = client.get("/documents").text
        mine = [e for e in entries if e.output and f"kh-{clerk}-" in e.output]
        assert len(mine) == EACH
        for e in mine:
            assert e.symbol in page


def test_four_clerks_pressing_build_on_one_server_start_one_build(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    add_users(root)
    app = create_app(root)
    clients = [login(TestClient(app), "lan") for _ in range(CLERKS)]
    tokens = [csrf_of(c.get("/documents").text) for c in clients]
    start = threading.Barrier(CLERKS)
    statuses: list[int] = [0] * CLERKS
    locations: list[str] = [""] * CLERKS

    def clerk(i: int) -> None:
        start.wait(30)
        response = clients[i].post("/build", data={"csrf_token": tokens[i]}, follow_redirects=False)
        statuses[i] = response.status_code
        locations[i] = response.headers.get("location", "")

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(CLERKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [303, 409, 409, 409]
    winner = statuses.index(303)
    assert wait_for_job(clients[winner], locations[winner])["errors"] == []
    entries = open_register(str(root / "register.sqlite")).entries()
    examples = len(list((root / "data" / "documents").glob("*.yaml")))
    assert len(entries) == examples
    assert len({(e.series, e.number) for e in entries}) == examples
