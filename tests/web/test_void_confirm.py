"""Voiding a number asks first (issue 26, case 3). Before: "Hủy số" voided at once, with the
first issuer pre-selected in the form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.api import build
from docgen.register import open_register
from docgen.web.app import create_app
from tests.register.conftest import fresh_pg_url, pg_url  # noqa: F401
from tests.web.conftest import ClientFactory, csrf_of, post_form

SPEC = "thong-bao-snv-ket-luan"
ASK = {"issuer": "snv-nghe-an", "number": "01/TB-SNV", "reason": "Ký nhầm người ký"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _confirm_token(html: str) -> str:
    found = re.search(r'name="confirm" value="([^"]+)"', html)
    assert found, "the page asks no confirmation"
    return found.group(1)


def _states(register: str | Path) -> list[str]:
    return [e.state for e in open_register(register).entries("snv-nghe-an")]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_the_void_shows_what_it_voids_and_waits_for_the_confirmation(
    fresh_root: Path, client_for: ClientFactory, request: pytest.FixtureRequest, backend: str
) -> None:
    url: str | None = None
    if backend == "postgres":
        url = str(request.getfixturevalue("fresh_pg_url"))
        open_register(url, create=True)
    book = url or fresh_root / "register.sqlite"
    assert [d.symbol for d in build(fresh_root, only=[SPEC], register=url).documents] == [
        "01/TB-SNV"
    ]
    client = client_for(fresh_root, "lan", app=create_app(fresh_root, register=url))

    form = client.get("/register").text.split("Hủy một số")[-1]
    issuers = form.split('<select name="issuer" required>')[1].split("</select>")[0]
    assert issuers.startswith('<option value="" selected>— chọn —</option>')
    assert issuers.count("selected") == 1  # nothing else chosen for the clerk
    assert ">Sở Nội vụ tỉnh Nghệ An</option>" in issuers  # by name, not by id

    asked = post_form(client, "/register", "/register/void", ASK)
    assert asked.status_code == 200
    seen = _text(asked.text)
    assert "Xác nhận hủy số" in seen and "Chưa hủy." in seen
    assert "Số, ký hiệu 01/TB-SNV" in seen
    assert "Ngày 15/04/2025" in seen
    assert "Trích yếu Kết luận của Giám đốc Sở Nội vụ tại cuộc họp giao ban tháng 4" in seen
    assert f"Văn bản data/documents/{SPEC}.yaml" in seen
    assert "Cơ quan Sở Nội vụ tỉnh Nghệ An" in seen
    assert _states(book) == ["issued"]  # nothing voided yet

    token = _confirm_token(asked.text)
    forged = client.post(
        "/register/void/confirm",
        data={"csrf_token": csrf_of(asked.text), "confirm": token[:-2] + "xx"},
    )
    assert forged.status_code == 409 and "chưa hủy số nào" in forged.text
    other = client_for(fresh_root, "lan", app=create_app(fresh_root, register=url))
    elsewhere = other.post(  # the confirmation of another session (another PC) is not hers
        "/register/void/confirm",
        data={"csrf_token": csrf_of(other.get("/register").text), "confirm": token},
    )
    assert elsewhere.status_code == 409 and "chưa hủy số nào" in elsewhere.text
    assert _states(book) == ["issued"]

    done = client.post(
        "/register/void/confirm", data={"csrf_token": csrf_of(asked.text), "confirm": token}
    )
    assert done.status_code == 200
    assert "Đã hủy số 01/TB-SNV: Ký nhầm người ký (hủy bởi lan)" in done.text
    assert _states(book) == ["voided"]
    again = client.post(
        "/register/void/confirm", data={"csrf_token": csrf_of(asked.text), "confirm": token}
    )
    assert again.status_code == 409  # the same confirmation twice voids nothing more
    assert "đã bị hủy" in again.text or "already voided" in again.text


def test_a_void_without_an_issuer_is_refused_before_anything(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    build(fresh_root, only=[SPEC])
    client = client_for(fresh_root, "lan")
    refused = post_form(client, "/register", "/register/void", {**ASK, "issuer": ""})
    assert refused.status_code == 422
    assert "Hãy điền cơ quan rồi bấm “Hủy số” lại." in refused.text
    unknown = post_form(client, "/register", "/register/void", {**ASK, "number": "99"})
    assert unknown.status_code == 409 and 'name="confirm"' not in unknown.text
    assert _states(fresh_root / "register.sqlite") == ["issued"]
