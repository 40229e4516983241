"""A voided number's document in the web app (issue 23, case 6): voiding withdraws its file,
and no page offers it as current any more; its withdrawn copy is offered marked "Đã hủy"."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

from docgen.api import build
from docgen.register import open_register
from tests.web.conftest import ClientFactory, void_number

SPEC = "thong-bao-snv-ket-luan"
FILE = "thong-bao-ket-luan-TB-SNV.docx"


def test_voiding_in_the_web_app_withdraws_the_file(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """Before: after the void the page said "Chưa có số" but still offered the .docx printed
    "Số: 01/TB-SNV"."""
    assert [d.symbol for d in build(fresh_root, only=[SPEC]).documents] == ["01/TB-SNV"]
    issued = hashlib.sha256((fresh_root / "output" / FILE).read_bytes()).hexdigest()
    client = client_for(fresh_root, "lan")
    assert f'href="/files/{FILE}"' in client.get(f"/documents/{SPEC}").text

    response = void_number(
        client,
        {"issuer": "snv-nghe-an", "number": "01/TB-SNV", "reason": "Ký nhầm người ký"},
    )
    assert response.status_code == 200
    assert "Đã hủy số 01/TB-SNV" in response.text
    assert "đã được chuyển vào output/da-huy/" in response.text
    assert not (fresh_root / "output" / FILE).exists()

    for page in (client.get(f"/documents/{SPEC}").text, client.get("/documents").text):
        assert f"/files/{FILE}" not in page and f"/pdf/{FILE}" not in page
    assert client.get(f"/files/{FILE}").status_code == 404
    page = client.get(f"/documents/{SPEC}").text
    assert "(chưa có số)" in page and "Bản số 01/TB-SNV" in page and "Đã hủy" in page
    link = re.search(r'href="(/voided/\d+)"', page)
    assert link is not None
    copy = client.get(link.group(1))
    assert copy.status_code == 200
    assert hashlib.sha256(copy.content).hexdigest() == issued
    assert quote("(số 01-TB-SNV, đã hủy).docx") in copy.headers["content-disposition"]
    register_page = client.get("/register?issuer=snv-nghe-an").text
    assert "bản đã hủy" in register_page and link.group(1) in register_page
    (entry,) = [
        e
        for e in open_register(fresh_root / "register.sqlite").entries("snv-nghe-an")
        if e.symbol == "01/TB-SNV"
    ]
    assert entry.withdrawn is not None and entry.withdrawn.startswith("output/da-huy/")


def test_a_voided_file_left_in_the_outputs_is_not_offered(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """A voided number whose file a failed move (or an older docgen) left among the outputs:
    the page marks it voided and offers no download."""
    assert [d.symbol for d in build(fresh_root, only=[SPEC]).documents] == ["01/TB-SNV"]
    # voided through the library, which does not move files (as before this change)
    open_register(fresh_root / "register.sqlite").void("snv-nghe-an", "01/TB-SNV", "Ký nhầm")
    assert (fresh_root / "output" / FILE).exists()
    page = client_for(fresh_root, "minh").get(f"/documents/{SPEC}").text
    assert "Số đã hủy" in page and "đừng gửi tệp này" in page
    assert f"/files/{FILE}" not in page
