"""Uploads from outside, against the real server in a process of its own (issue 24, cases 1
and 5): a lying zip bomb sent to the import or to the check is refused within 2 seconds while
the server stays under 300 MB; the web import refuses a DOCTYPE as `check` does, and compares
nominees as `docgen validate` does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import openpyxl
import pytest
import yaml

from docgen.excel.nominees import export_nominees
from docgen.excel.proposals import proposal_path
from tests.conftest import ROOT, make_workspace
from tests.support.hostile_zip import deflated, with_lying_part, write_zip
from tests.web.conftest import PASSWORDS, add_users, csrf_of
from tests.web.live import free_port

YEAR = 2024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Server:
    def __init__(self, root: Path, process: subprocess.Popen[bytes], base: str) -> None:
        self.root, self.process, self.base = root, process, base

    def memory_mb(self, field: str) -> float:
        """VmRSS (now) or VmHWM (the peak so far) of the server process, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
        raise AssertionError(f"no {field} in /proc/{self.process.pid}/status")

    def reset_peak(self) -> None:
        """Start VmHWM again from the present size (proc(5), clear_refs: 5), so that an upload's
        peak is its own, whatever the tests before it did."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`docgen serve` as a clerk starts it, in a process of its own (its memory is its own)."""
    root = make_workspace(tmp_path_factory.mktemp("uploads"))
    add_users(root)
    port = free_port()
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "docgen", "serve", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/login", timeout=2)
            break
        except httpx.TransportError:
            assert process.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
    yield Server(root, process, base)
    process.terminate()
    process.wait(10)


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base, timeout=30) as c:
        page = c.get("/login")
        signed = c.post(
            "/login",
            data={"username": "lan", "password": PASSWORDS["lan"],
                  "csrf_token": csrf_of(page.text), "next": "/documents"},
        )  # fmt: skip
        assert signed.status_code == 303, signed.text
        yield c


def _import(client: httpx.Client, path: Path, school: str = "lao-cai") -> httpx.Response:
    token = csrf_of(client.get("/import").text)
    kind = XLSX if path.suffix == ".xlsx" else DOCX
    return client.post(
        "/import",
        data={"csrf_token": token, "year": str(YEAR), "school": school},
        files={"file": (path.name, path.read_bytes(), kind)},
    )


def _check(client: httpx.Client, path: Path) -> httpx.Response:
    token = csrf_of(client.get("/check").text)
    return client.post(
        "/check",
        data={"csrf_token": token, "system": "auto"},
        files={"file": (path.name, path.read_bytes(), DOCX)},
    )


@pytest.mark.parametrize(
    ("name", "part", "send"),
    [
        ("lying.xlsx", "xl/worksheets/sheet1.xml", _import),
        ("lying-strings.xlsx", "xl/sharedStrings.xml", _import),
        ("lying.docx", "word/document.xml", _import),
        ("lying-check.docx", "word/document.xml", _check),
        ("lying-app.docx", "docProps/app.xml", _check),
    ],
)
def test_a_lying_zip_bomb_is_refused_quickly_in_bounded_memory(
    server: Server, client: httpx.Client, tmp_path: Path, name: str, part: str, send: object
) -> None:
    """Before: the server grew from 124 MB to 2.17 GB for each such upload to the import."""
    source = tmp_path / "source"
    if name.endswith(".xlsx"):
        export_nominees(server.root, YEAR, "lao-cai", source.with_suffix(".xlsx"))
        source = source.with_suffix(".xlsx")
    else:
        source = ROOT / "templates" / "state" / "plan.docx"
    bomb = with_lying_part(source, part, tmp_path / name)
    assert bomb.stat().st_size < 2 << 20
    before = proposal_path(server.root, YEAR, "lao-cai").read_bytes()
    server.reset_peak()
    started = time.monotonic()
    response = send(client, bomb)  # type: ignore[operator]
    seconds = time.monotonic() - started
    assert response.status_code == 422, response.text[:500]
    if part != "docProps/app.xml" or send is _import:
        assert f"{part} expands past the" in response.text
        assert "refused as a possible zip bomb" in response.text or "zip bomb" in response.text
    assert seconds <= 2, f"the answer took {seconds:.1f} s"
    assert server.memory_mb("VmHWM") <= 300
    assert "Traceback" not in response.text
    assert proposal_path(server.root, YEAR, "lao-cai").read_bytes() == before


def test_the_web_import_refuses_a_doctype(
    server: Server, client: httpx.Client, tmp_path: Path
) -> None:
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(ROOT / "templates" / "state" / "plan.docx") as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["word/document.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY x "">]>\n'
        f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Khoa Dân&x; vận'
        "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    ).encode()
    word = write_zip(tmp_path / "danh-sach.docx", [deflated(n, d) for n, d in parts.items()])
    response = _import(client, word)
    assert response.status_code == 422
    assert "declares a DOCTYPE" in response.text
    # the form keeps the year and the school the clerk chose (before: both reset)
    assert 'name="year" min="2000" max="2100" required value="2024"' in response.text
    assert '<option value="lao-cai" selected>' in response.text


def test_the_web_import_takes_the_same_name_and_unit_at_another_school(
    server: Server, client: httpx.Client, tmp_path: Path
) -> None:
    """Before: 422 with DATA-DUPLICATE-NOMINEE, because Nghệ An proposes a Trịnh Quang Long of
    its own Khoa Lý luận cơ sở."""
    book = tmp_path / "lao-cai.xlsx"
    export_nominees(server.root, YEAR, "lao-cai", book)
    wb = openpyxl.load_workbook(book)
    wb["Danh sách"]["C8"] = "Trịnh Quang Long"
    wb["Danh sách"]["F8"] = "Khoa Lý luận cơ sở"
    wb.save(book)
    response = _import(client, book)
    assert response.status_code == 200, response.text[-2000:]
    assert "DATA-DUPLICATE-NOMINEE" not in response.text
    # the list replaces the school's file once the clerk has seen the difference (issue 26)
    token = re.search(r'name="token" value="([^"]+)"', response.text)
    assert token is not None, response.text[-2000:]
    confirmed = client.post(
        "/import/confirm",
        data={"csrf_token": csrf_of(response.text), "token": token.group(1), "confirm": "1"},
    )
    assert confirmed.status_code == 200 and "Đã nhập" in confirmed.text
    target = proposal_path(server.root, YEAR, "lao-cai")
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["individuals"][0]["name"] == "Trịnh Quang Long"
