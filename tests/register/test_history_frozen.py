"""Issue 26 on both register backends: a document's history page shows its numbers (issued,
then voided) and refuses to put an issued document's data back to an older version."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from docgen.api import build
from docgen.data.history import History
from docgen.register import open_register
from docgen.web.app import create_app
from tests.conftest import make_workspace
from tests.web.conftest import add_users, login

SPEC = "thong-bao-snv-ket-luan"
REL = f"data/documents/{SPEC}.yaml"


def test_an_issued_documents_history_on_each_backend(tmp_path: Path, register_url: str) -> None:
    root = make_workspace(tmp_path / "ws")
    add_users(root)
    (issued,) = build(root, only=[SPEC], register=register_url).documents
    history = History(root)
    original = (root / REL).read_text(encoding="utf-8")
    history.write(REL, original + "# sửa sau khi ban hành\n", who="web:lan", action="save")
    first = history.versions(REL)[-1]
    with TestClient(create_app(root, register=register_url)) as client:
        login(client, "lan")
        page = client.get(f"/history/{REL}").text
        assert issued.symbol in page and "Đã cấp số" in page and "Cấp số" in page
        refused = client.get(f"/history/{REL}?restore={first.id}")
        assert refused.status_code == 409
        assert f"Văn bản số {issued.symbol} đã được cấp số và ban hành" in refused.text
        open_register(register_url).void("snv-nghe-an", issued.symbol, "Ký nhầm người ký")
        page = client.get(f"/history/{REL}").text
        assert "Đã hủy số" in page and "Ký nhầm người ký" in page
        assert client.get(f"/history/{REL}?restore={first.id}").status_code == 200
