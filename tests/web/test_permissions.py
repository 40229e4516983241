"""Permissions by issuer and the administrator's users page, against a real server over HTTP
(issue 24, case 4). Before: any văn thư could void, build, import and print for any issuer,
and users could be managed only from the command line (/users: 404)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.api import build
from docgen.cli.main import cli
from docgen.register import open_register
from docgen.web.app import create_app
from docgen.web.config import users_file
from docgen.web.users import add_user, load_users
from tests.register.conftest import fresh_pg_url, pg_url  # noqa: F401
from tests.web.conftest import void_number, wait_for_job
from tests.web.live import computer, live_server, send_form, signed_in

ADMIN_PASSWORD = "quan-tri-mat-khau"
PLAN_HV = "ke-hoach-2024"  # issuer hvctqg
PLAN_SNV = "ke-hoach-snv-tap-huan"  # issuer snv-nghe-an


def _grant(root: Path, name: str, *issuers: str) -> None:
    """As the office's administrator does on the command line (logged in the register)."""
    result = CliRunner().invoke(cli, ["-C", str(root), "user", "grant", name, *issuers])
    assert result.exit_code == 0, result.output


def _state(root: Path, url: str | None, issuer: str) -> str:
    entries = open_register(url or root / "register.sqlite").entries(issuer)
    assert entries, issuer
    return entries[0].state


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_clerk_voids_only_the_numbers_of_her_issuers(
    fresh_root: Path, request: pytest.FixtureRequest, backend: str
) -> None:
    url = None
    if backend == "postgres":  # the office's shared register, as docgen register init makes it
        url = str(request.getfixturevalue("fresh_pg_url"))
        open_register(url, create=True)
    report = build(fresh_root, only=[PLAN_HV, PLAN_SNV], register=url)
    assert not report.failed and len(report.written) == 2
    _grant(fresh_root, "lan", "hvctqg")
    with live_server(create_app(fresh_root, register=url)) as base, computer(base) as pc:
        signed_in(pc, "lan")
        page = pc.get("/register").text.split("Hủy một số")[-1]  # the void form
        assert '<option value="hvctqg"' in page and '<option value="snv-nghe-an"' not in page
        refused = send_form(
            pc,
            "/register",
            "/register/void",
            {"issuer": "snv-nghe-an", "number": "1", "reason": "thử quyền"},
        )
        assert refused.status_code == 403
        assert "không được làm việc cho cơ quan Sở Nội vụ tỉnh Nghệ An (snv-nghe-an)" in (
            refused.text
        )
        assert "[WEB-ISSUER]" in refused.text
        assert _state(fresh_root, url, "snv-nghe-an") == "issued"
        number = open_register(url or fresh_root / "register.sqlite").entries("hvctqg")[0].number
        done = void_number(pc, {"issuer": "hvctqg", "number": str(number), "reason": "nhầm ngày"})
        assert done.status_code == 200 and "Đã hủy số" in done.text
        assert _state(fresh_root, url, "hvctqg") == "voided"


def test_a_clerk_builds_and_prints_only_for_her_issuers(fresh_root: Path) -> None:
    _grant(fresh_root, "lan", "snv-nghe-an")
    with live_server(create_app(fresh_root)) as base, computer(base) as pc:
        signed_in(pc, "lan")
        assert "Tạo văn bản này" not in pc.get(f"/documents/{PLAN_HV}").text
        assert "Tạo văn bản này" in pc.get(f"/documents/{PLAN_SNV}").text
        refused = send_form(pc, f"/documents/{PLAN_HV}", f"/documents/{PLAN_HV}/build")
        assert refused.status_code == 403
        assert "Học viện Chính trị quốc gia Hồ Chí Minh (hvctqg)" in refused.text
        printing = send_form(
            pc, "/decisions/quyet-dinh-khen-thuong-2024", "/certificates/bang-khen-2024/make"
        )
        assert printing.status_code == 403 and "(hvctqg)" in printing.text
        own = send_form(pc, f"/documents/{PLAN_SNV}", f"/documents/{PLAN_SNV}/build")
        assert own.status_code == 303
        status = wait_for_job(pc, own.headers["location"])  # type: ignore[arg-type]
        assert not status["errors"], status
        # "Tạo tất cả": every document of her issuers, no other
        every = send_form(pc, "/documents", "/build")
        assert every.status_code == 303
        status = wait_for_job(pc, every.headers["location"])  # type: ignore[arg-type]
        assert status["lines"] and all("SNV" in line for line in status["lines"]), status
    issuers = {e.issuer for e in open_register(fresh_root / "register.sqlite").entries()}
    assert issuers == {"snv-nghe-an"}


def test_a_clerk_imports_only_lists_her_issuers_use(fresh_root: Path) -> None:
    _grant(fresh_root, "lan", "tct-lao-cai")
    with live_server(create_app(fresh_root)) as base, computer(base) as pc:
        signed_in(pc, "lan")
        token_page = pc.get("/import")
        assert token_page.status_code == 200
        from tests.web.live import token_of

        refused = pc.post(
            "/import",
            data={"csrf_token": token_of(token_page.text), "year": "2024", "school": "can-tho"},
            files={"file": ("can-tho.xlsx", b"PK\x03\x04", "application/octet-stream")},
        )
        assert refused.status_code == 403, refused.text[:500]
        assert "Danh sách của can-tho năm 2024 dùng cho văn bản của" in refused.text
        assert "hvctqg" in refused.text
    assert not list((fresh_root / ".docgen-cache" / "uploads").glob("*"))


def test_the_administrator_manages_users_on_a_page_and_each_change_is_logged(
    fresh_root: Path,
) -> None:
    add_user(users_file(fresh_root), "an", "admin", ADMIN_PASSWORD)
    with live_server(create_app(fresh_root)) as base:
        with computer(base) as clerk:
            signed_in(clerk, "lan")
            assert "/users" not in clerk.get("/documents").text
            refused = clerk.get("/users")
            assert refused.status_code == 403
            assert "chỉ người quản trị mới được quản lý người dùng" in refused.text
        with computer(base) as admin:
            signed_in(admin, "an", ADMIN_PASSWORD)
            page = admin.get("/users")
            assert page.status_code == 200 and 'href="/users"' in page.text
            assert "Sở Nội vụ tỉnh Nghệ An" in page.text
            added = send_form(
                admin,
                "/users",
                "/users/add",
                {
                    "name": "hoa",
                    "role": "van_thu",
                    "password": "mat-khau-hoa",
                    "issuers": "snv-nghe-an",
                },
            )
            assert added.status_code == 200, added.text
            assert "Đã thêm hoa (Văn thư, cơ quan: snv-nghe-an)" in added.text
            granted = send_form(
                admin,
                "/users",
                "/users/hoa/issuers",
                {"issuers": ["snv-nghe-an", "ubnd-nghe-an"]},
            )
            assert "hoa làm việc cho: snv-nghe-an, ubnd-nghe-an" in granted.text
            short = send_form(admin, "/users", "/users/hoa/password", {"password": "ngan"})
            assert short.status_code == 400 and "ít nhất 8 ký tự" in short.text
            self_off = send_form(admin, "/users", "/users/an/disable")
            assert self_off.status_code == 400 and "Không tự khóa" in self_off.text
            assert send_form(admin, "/users", "/users/hoa/disable").status_code == 200
            assert send_form(admin, "/users", "/users/hoa/enable").status_code == 200
            forged = admin.post("/users/add", data={"name": "x", "role": "admin"})
            assert forged.status_code == 403  # no CSRF token
            log = admin.get("/register/log", params={"action": "user"}).text
        hoa = load_users(users_file(fresh_root))["hoa"]
        assert hoa.issuers == {"snv-nghe-an", "ubnd-nghe-an"} and not hoa.disabled
        assert "x" not in load_users(users_file(fresh_root))
        with computer(base, "127.0.0.5") as pc:
            signed_in(pc, "hoa", "mat-khau-hoa")
    for act in (
        "added the web user hoa (van_thu, issuers: snv-nghe-an)",
        "the web user hoa acts for the issuers: snv-nghe-an, ubnd-nghe-an",
        "disabled the web user hoa; their open sessions ended",
        "enabled the web user hoa",
    ):
        assert act in log, act
    assert log.count("web:an") >= 4


def test_a_users_file_without_issuers_keeps_acting_for_every_issuer(fresh_root: Path) -> None:
    """A users file written before issuers existed (no ``issuers:``): its văn thư acts for
    every issuer, as before; the administrator restricts her when the office wants."""
    from docgen.web.users import change_user

    path = users_file(fresh_root)
    legacy = "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if "issuers" not in line
    )
    path.write_text(legacy + "\n", encoding="utf-8")
    lan = load_users(path)["lan"]
    assert lan.issuers is None and lan.acts_for("snv-nghe-an") and lan.acts_for("hvctqg")
    change_user(path, "lan", issuers=["hvctqg"])
    lan = load_users(path)["lan"]
    assert lan.acts_for("hvctqg") and not lan.acts_for("snv-nghe-an")
