"""Benchmark: how fast the web app's pages answer, and a build from the web against the CLI.

    python benchmarks/web.py [--runs 20] [--builds 3] [--nominees N]

Copies the example workspace into a temporary folder (with ``--nominees N``: the workspace of
benchmarks/workspace_gen.py, whose 2024 award decision awards N people). Pages: each main page
and a few searches are asked ``--runs`` times (after one warm-up) through Starlette's in-process
client, signed in; the median and the slowest of every page are reported (targets, issue 26:
every page <= 150 ms at the examples' size, <= 500 ms with 10,000 nominees). Builds:
``docgen build --check`` run as a command (the baseline, whole process) against the same build
started from the web (POST /build, then polling its progress as the page does, until done; the
web build checks every written document too), each on a fresh output folder and a fresh
register, alternating; ``--builds 0``: no comparison, the pages of a workspace built once.
Last line: ``median_page_ms=<x> slowest_page_ms=<the slowest page's median>
build_web_vs_cli=<web/cli>``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from docgen.web.app import create_app
from docgen.web.config import users_file
from docgen.web.users import add_user

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace_gen import as_installed, make_workspace

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/documents",
    "/documents/ke-hoach-2024",
    "/campaigns",
    "/campaigns/xd-truong-chuan",
    "/decisions/quyet-dinh-khen-thuong-2024",
    "/register",
    "/data",
    "/check",
    "/builds",
    # finding things (issue 26): a search without tones, filters, another order, a page
    "/documents?q=quyet+dinh&sort=subject",
    "/documents?issuer=snv-nghe-an&status=issued&year=2025",
    "/register?q=ke+hoach&sort=date_desc",
    "/register?issuer=hvctqg&page=2",
]
PASSWORD = "mat-khau-benchmark"


def workspace(parent: Path, name: str) -> Path:
    root = parent / name
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "templates", root / "templates")
    # its register, as docgen register init makes it (nothing creates one silently)
    from docgen.register import open_register

    open_register(root / "register.sqlite", create=True)
    return root


def signed_in(root: Path) -> TestClient:
    client = TestClient(create_app(root))
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post(
        "/login", data={"username": "lan", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    return client


def run_job(
    client: TestClient, page: str, action: str, poll: float = 0.05
) -> tuple[float, dict[str, Any]]:
    """Press a button of ``page`` that starts a job (POST ``action`` with the page's form
    token), then poll the job's progress as the page does until it ends: the seconds from the
    POST to the end, and the last status."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert token, f"no form on {page}"
    started = time.perf_counter()
    response = client.post(action, data={"csrf_token": token.group(1)}, follow_redirects=False)
    location = response.headers["location"]
    while True:
        status: dict[str, Any] = client.get(f"{location}/status").json()
        if not status["running"]:
            break
        time.sleep(poll)
    took = time.perf_counter() - started
    assert not status["errors"], status["errors"]
    return took, status


def web_build(root: Path) -> float:
    client = signed_in(root)
    took, _ = run_job(client, "/documents", "/build")
    client.close()
    return took


def cli_build(root: Path) -> float:
    docgen = Path(sys.executable).with_name("docgen")
    started = time.perf_counter()
    subprocess.run(
        [str(docgen), "-C", str(root), "build", "--check", "-q"], check=True, capture_output=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--nominees", type=int, default=0, help="generated workspace of N people")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        parent = Path(tmp)
        users = parent / "users.yaml"
        add_user(users, "lan", "van_thu", PASSWORD)

        def fresh(name: str) -> Path:
            if args.nominees:
                as_installed()
                root = make_workspace(args.nominees, parent / name)
            else:
                root = workspace(parent, name)
            users_file(root).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(users, users_file(root))
            return root

        web_times, cli_times = [], []
        for i in range(args.builds):
            cli_times.append(cli_build(fresh(f"cli-{i}")))
            web_times.append(web_build(fresh(f"web-{i}")))
        if not args.builds:  # the pages of a built workspace all the same
            from docgen.api import build

            report = build(fresh("web-0"))
            assert not report.failed, [d.error.format() for d in report.failed if d.error]
        # pages, over the last web workspace (built: every document has a number and a file)
        client = signed_in(parent / f"web-{max(args.builds, 1) - 1}")
        every: list[float] = []
        for page in PAGES:
            assert client.get(page).status_code == 200, page  # warm-up
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(page)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            every += times
            print(f"{page}: median_ms={statistics.median(times):.1f} max_ms={max(times):.1f}")
        slowest = max(
            statistics.median(every[i : i + args.runs]) for i in range(0, len(every), args.runs)
        )
        if not args.builds:
            print(f"median_page_ms={statistics.median(every):.1f} slowest_page_ms={slowest:.1f}")
            return
        cli, web = statistics.median(cli_times), statistics.median(web_times)
        print(f"build: cli_s={cli:.2f} web_s={web:.2f} (medians of {args.builds})")
        print(
            f"median_page_ms={statistics.median(every):.1f} slowest_page_ms={slowest:.1f} "
            f"build_web_vs_cli={web / cli:.2f}"
        )


if __name__ == "__main__":
    main()
