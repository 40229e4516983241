"""Issue 25 item 3 on the web: the import page offers the bodies that are not schools, and
reads a body's list in as `docgen import nominees --body` does."""

from __future__ import annotations

from pathlib import Path

from docgen.excel.nominees import export_nominees
from tests.test_award_bodies import add_bodies
from tests.web.conftest import ClientFactory, csrf_of


def test_a_bodys_list_is_imported_on_the_web(fresh_root: Path, client_for: ClientFactory) -> None:
    add_bodies(fresh_root)
    sheet = fresh_root / "kv1.xlsx"
    export_nominees(fresh_root, 2025, "hvctkv-1", sheet)
    client = client_for(fresh_root, "lan")
    page = client.get("/import").text
    assert 'value="hvctkv-1"' in page and "Học viện Chính trị khu vực I" in page
    response = client.post(
        "/import",
        data={"csrf_token": csrf_of(page), "year": "2025", "school": "hvctkv-1"},
        files={"file": ("kv1.xlsx", sheet.read_bytes())},
    )
    assert response.status_code == 200 and "Đã nhập kv1.xlsx" in response.text, response.text
    written = (fresh_root / "data/proposals/2025/hvctkv-1.yaml").read_text(encoding="utf-8")
    assert "hvctkv-1" in written and "Vũ Thị Thu Hà" in written
