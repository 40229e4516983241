"""Issue 23 case 8 on the web: what a clerk does in the browser is logged as that clerk's (a
build, its numbers, a void, an import), and the head of office reads it at /register/log."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from docgen.register import open_register
from docgen.web.app import create_app
from docgen.web.config import load_limits
from tests.web.conftest import ClientFactory, post_form, void_number, wait_for_job


def _rows(page: str) -> list[str]:
    """The log table's rows as text, newest first."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr>")[1:]
    ]


def test_the_web_users_acts_are_logged_and_shown(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    lan = client_for(fresh_root, "lan")
    location = post_form(lan, "/documents", "/build", follow_redirects=False).headers["location"]
    assert wait_for_job(lan, location)["errors"] == []
    voided = void_number(
        lan,
        {"issuer": "hvctqg", "number": "1569", "reason": "Ký nhầm ngày"},
    )
    assert voided.status_code == 200
    assert 'href="/register/log"' in voided.text  # the register page links to its log

    # in the register: every act of the browser is lan's (the build ran in the background)
    register = open_register(fresh_root / "register.sqlite")
    acts = register.log()
    assert {r.actor for r in acts} == {"web:lan"}
    (build,) = [r for r in acts if r.action == "build"]
    issued = [r for r in acts if r.action == "issue"]
    assert build.detail == f"{len(issued)} written, 0 failed in output" and len(issued) > 10

    # the head of office (a reader) reads it, newest first, in Vietnam time
    minh = client_for(fresh_root, "minh")
    page = minh.get("/register/log")
    assert page.status_code == 200
    rows = _rows(page.text)
    assert len(rows) == len(acts)
    # the void, then its file withdrawn from the current outputs (output/da-huy/)
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d web:lan Rút tệp đã hủy 1569-QĐ", rows[0])
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d web:lan Hủy số 1569-QĐ/HVCTQG", rows[1])
    assert "Ký nhầm ngày (hủy bởi lan)" in rows[1]
    assert rows[2].startswith(rows[2][:19] + " web:lan Tạo văn bản")

    # the same filters as docgen register log
    only_voids = _rows(minh.get("/register/log?action=void").text)
    assert len(only_voids) == 1 and "1569-QĐ/HVCTQG" in only_voids[0]
    about = _rows(minh.get("/register/log", params={"document": "1569-QĐ/HVCTQG"}).text)
    assert [("Hủy số" in r, "Cấp số" in r) for r in about] == [
        (False, False),  # the withdrawal
        (True, False),
        (False, True),
    ]
    assert "Không có việc nào" in minh.get("/register/log?actor=someone-else").text
    assert "Không có việc nào" in minh.get("/register/log?since=2999-01-01").text
    assert len(_rows(minh.get("/register/log?until=31/12/2999&since=bad").text)) == len(acts)

    # not signed in: nothing
    anonymous = client_for(fresh_root).get("/register/log", follow_redirects=False)
    assert anonymous.status_code in (401, 303) and "1569-QĐ" not in anonymous.text


def test_the_log_page_is_bounded(fresh_root: Path, client_for: ClientFactory) -> None:
    register = open_register(fresh_root / "register.sqlite")
    for i in range(7):
        register.record("import", detail=f"list {i}")
    small = dataclasses.replace(load_limits(), log_page_rows=3)
    minh = client_for(fresh_root, "minh", app=create_app(fresh_root, limits=small))
    first = minh.get("/register/log").text
    assert [r.split("Nhập danh sách ")[1][:6] for r in _rows(first)] == [
        "list 6",
        "list 5",
        "list 4",
    ]
    older = re.search(r'href="(/register/log\?before=\d+)"', first)
    assert older, "no link to the older acts"
    second = minh.get(older.group(1).replace("&amp;", "&")).text
    assert [r.split("Nhập danh sách ")[1][:6] for r in _rows(second)] == [
        "list 3",
        "list 2",
        "list 1",
    ]


def test_an_import_in_the_browser_is_logged(fresh_root: Path, client_for: ClientFactory) -> None:
    from docgen.excel.nominees import export_nominees

    sheet = fresh_root / "lao-cai.xlsx"
    export_nominees(fresh_root, 2024, "lao-cai", sheet)
    lan = client_for(fresh_root, "lan")
    response = post_form(
        lan,
        "/import",
        "/import",
        {"year": "2024", "school": "lao-cai"},
        files={"file": ("Danh sách Lào Cai.xlsx", sheet.read_bytes())},
    )
    assert response.status_code == 200, response.text
    (act,) = open_register(fresh_root / "register.sqlite").log(action="import")
    assert act.actor == "web:lan"
    # the school's list as it was exported: read, and the proposal file stays as it is
    assert act.detail == "the list Danh sách Lào Cai.xlsx of lao-cai for 2024, nothing changed"
