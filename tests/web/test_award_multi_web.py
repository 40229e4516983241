"""The decision page of a decision of several awards shows each award's list (issue 25 item 2)."""

from __future__ import annotations

from pathlib import Path

from tests.test_award_multi import multi_workspace
from tests.web.conftest import ClientFactory, add_users


def test_the_decision_page_shows_a_list_per_award(
    tmp_path: Path, client_for: ClientFactory
) -> None:
    root = multi_workspace(tmp_path)
    add_users(root)
    page = client_for(root, "lan").get("/decisions/quyet-dinh-khen-thuong-ubnd-nghe-an-2025")
    assert page.status_code == 200
    text = page.text
    assert "<h3>Chiến sĩ thi đua cơ sở</h3>" in text
    assert "<h3>Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh</h3>" in text
    assert text.index("Lê Thị Bích Ngọc") < text.index(
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh</h3>"
    )
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 1 tập thể, 2 cá nhân" in text
    assert "Chiến sĩ thi đua cơ sở: 0 tập thể, 2 cá nhân" in text
