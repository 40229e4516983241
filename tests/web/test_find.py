"""Finding things (issue 26, case 4): search without tones, filters by type, issuer (by name),
year and status, Vietnamese sorting, paging, the clerk's own issuers first; all in the address.
Before: the documents page listed every document by type with the issuers mixed, and the
register filtered only by raw ids such as ``snv-nghe-an``."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from docgen.vn.collation import sorted_vi
from docgen.web.app import create_app
from docgen.web.config import load_limits, users_file
from docgen.web.users import change_user
from tests.web.conftest import ClientFactory


def _rows(html: str) -> list[str]:
    """The lines of the page's list as the clerk reads them."""
    body = html.split('<table class="list">')[1].split("</table>")[0].split("<tbody>")[1]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.split(r"<tr[^>]*>", body)[1:]
    ]


def _subjects(html: str) -> list[str]:
    return re.findall(r'<div class="subject">([^<]*)</div>', html)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_documents_by_text_without_tones_type_issuer_year_and_status(
    built_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(built_root, "minh")
    every = _rows(client.get("/documents").text)
    found = client.get("/documents?q=quyet+dinh+khen+thuong")
    rows = _rows(found.text)
    assert len(rows) == 4 and all(r.startswith("Quyết định khen thưởng") for r in rows)
    assert f"Văn bản 1–4 trong 4 văn bản tìm thấy (trong tổng số {len(every)})" in _text(found.text)
    # the number, as written or in part
    (plan,) = _rows(client.get("/documents?q=1568").text)
    assert plan.startswith(
        "Kế hoạch Tổ chức phong trào thi đua “Xây dựng trường chính trị chuẩn” năm 2024 "
        "Học viện Chính trị quốc gia Hồ Chí Minh 1568-KH/HVCTQG 05/01/2024 Đã tạo"
    )
    page = client.get("/documents?issuer=snv-nghe-an&type=K%E1%BA%BF+ho%E1%BA%A1ch").text
    assert all("/KH-SNV" in r for r in _rows(page)) and len(_rows(page)) == 2
    assert '<option value="snv-nghe-an" selected>Sở Nội vụ tỉnh Nghệ An</option>' in page
    assert [r.split()[0] for r in _rows(client.get("/documents?year=2022").text)] == [
        "Kế",  # the plan 1247-KH/HVCTQG and the decision 1248-QĐ/HVCTQG, both of 09/09/2022
        "Quyết",
    ]
    assert len(_rows(client.get("/documents?status=issued").text)) == len(every)
    assert "Không tìm thấy văn bản nào" in client.get("/documents?status=unissued").text
    # a value that is not one of the page's is ignored, never an error
    assert len(_rows(client.get("/documents?year=abc&status=x&sort=y").text)) == len(every)


def test_documents_sorted_in_vietnamese_order_and_paged(
    built_root: Path, client_for: ClientFactory
) -> None:
    limits = replace(load_limits(), list_page_rows=3)
    client = client_for(built_root, "minh", app=create_app(built_root, limits=limits))
    first = client.get("/documents?sort=subject&q=ke+hoach")
    subjects = _subjects(first.text)
    assert len(subjects) == 3
    assert "Trang 1/2" in first.text and "Văn bản 1–3 trong 5 văn bản tìm thấy" in first.text
    following = re.search(r'href="(/documents\?[^"]*page=2[^"]*)"', first.text)
    assert following is not None
    address = following.group(1).replace("&amp;", "&")
    assert "q=ke+hoach" in address and "sort=subject" in address  # the filters are kept
    subjects += _subjects(client.get(address).text)
    assert subjects == sorted_vi(subjects)
    assert len(subjects) == 5 and "Trang 2/2" in client.get(address).text
    assert subjects[:2] == [
        "Tập huấn nghiệp vụ văn thư, lưu trữ năm 2025",
        "tổ chức Hội thi giảng viên dạy giỏi cấp trường năm 2025",
    ]


def test_the_clerks_own_issuers_come_first(fresh_root: Path, client_for: ClientFactory) -> None:
    change_user(users_file(fresh_root), "lan", issuers=["snv-nghe-an"])
    client = client_for(fresh_root, "lan")
    page = client.get("/documents").text
    own = page.split('<optgroup label="Cơ quan của tôi">')[1].split("</optgroup>")[0]
    assert own == '<option value="snv-nghe-an">Sở Nội vụ tỉnh Nghệ An</option>'
    hrefs = re.findall(r'<td><a href="/documents/([^"]+)">', page)
    issuers = [
        re.search(
            r"\nissuer: (\S+)",
            (fresh_root / "data" / "documents" / f"{h}.yaml").read_text(encoding="utf-8"),
        ).group(1)  # type: ignore[union-attr]
        for h in hrefs
    ]
    mine = issuers.count("snv-nghe-an")
    assert mine == 8 and issuers[:mine] == ["snv-nghe-an"] * mine  # hers first
    # and in the register's list
    assert "Sở Nội vụ tỉnh Nghệ An" in page


def test_the_register_by_issuer_name_text_year_status_and_pages(
    built_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(built_root, "minh")
    page = client.get("/register").text
    assert '<option value="snv-nghe-an">Sở Nội vụ tỉnh Nghệ An</option>' in page
    assert ">snv-nghe-an<" not in page  # no raw id shown as a name
    snv = client.get("/register?issuer=snv-nghe-an").text
    assert all("Sở Nội vụ tỉnh Nghệ An" in r for r in _rows(snv)) and len(_rows(snv)) == 8
    found = _rows(client.get("/register?q=quy+che").text)
    assert sorted(r.split()[0] for r in found) == ["12/QĐ-SNV", "120-QĐ/TCT", "125/SNV-VP"]
    assert [r.split()[0] for r in _rows(client.get("/register?year=2022").text)] == [
        "1247-KH/HVCTQG",
        "1248-QĐ/HVCTQG",
    ]
    assert "Không có số nào khớp bộ lọc" in client.get("/register?status=voided").text
    newest = [r.split()[1] for r in _rows(client.get("/register?sort=date_desc").text)]
    days = [tuple(reversed(d.split("/"))) for d in newest]
    assert days == sorted(days, reverse=True)

    limits = replace(load_limits(), list_page_rows=4)
    paged = client_for(built_root, "minh", app=create_app(built_root, limits=limits))
    first = paged.get("/register?issuer=hvctqg").text
    assert len(_rows(first)) == 4 and "Trang 1/3" in first
    assert 'href="/register?issuer=hvctqg&amp;sort=book&amp;page=2"' in first
    second = _rows(paged.get("/register?issuer=hvctqg&sort=book&page=2").text)
    assert [r.split()[0] for r in second] == [
        "125-CV/HVCTQG",
        "568-HD/HVCTQG",
        "1302-GM/HVCTQG",
        "1310-TB/HVCTQG",
    ]


def test_a_long_award_list_is_read_a_page_at_a_time(
    built_root: Path, client_for: ClientFactory
) -> None:
    """10,000 nominees made the decision page 1.9 MB and most of a second (benchmarks/web.py
    --nominees 10000); now a page of award_page_rows lines, numbered on."""
    decision = "/decisions/quyet-dinh-khen-thuong-2024"
    whole = client_for(built_root, "minh").get(decision).text
    numbers = re.findall(r"<tr><td>(\d+)</td>", whole)
    assert len(numbers) > 3 and "Trang 1/" not in whole  # the examples fit one page
    limits = replace(load_limits(), award_page_rows=3)
    client = client_for(built_root, "minh", app=create_app(built_root, limits=limits))
    first = client.get(decision).text
    assert re.findall(r"<tr><td>(\d+)</td>", first) == numbers[:3]
    assert "Dòng 1–3 của danh sách" in first and "Trang 1/" in first
    assert f'href="{decision}?page=2"' in first
    second = client.get(f"{decision}?page=2").text
    assert re.findall(r"<tr><td>(\d+)</td>", second) == numbers[3:6]
    assert "Dòng 4–6 của danh sách" in second
