"""The decision page of a decision of several awards shows each award's list (issue 25 item 2)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_workspace
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


def test_an_award_without_money_shows_no_money(tmp_path: Path, client_for: ClientFactory) -> None:
    """The example's decision of the term: its own title carries no money, so the page says so
    and its list has no money column (the decision's own list has none); before, "tổng tiền
    thưởng 0 đồng" and a column of "0 đồng"."""
    root = make_workspace(tmp_path)
    add_users(root)
    page = client_for(root, "lan").get("/decisions/quyet-dinh-tong-ket-2022-2025")
    assert page.status_code == 200
    text = page.text
    assert "Tập thể tiêu biểu xuất sắc: 3 tập thể, 0 cá nhân; không kèm tiền thưởng." in text
    assert "tổng tiền thưởng 0 đồng" not in text and ">0 đồng<" not in text
    title_list = text[text.index("<h3>Tập thể tiêu biểu xuất sắc</h3>") :]
    title_list = title_list[: title_list.index("</table>")]
    assert "Tiền thưởng" not in title_list and 'colspan="3"' in title_list
    assert "Bằng khen của Giám đốc Học viện: 0 tập thể, 3 cá nhân; tổng tiền thưởng" in text
