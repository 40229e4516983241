"""LibreOffice, the real client: every output converts, with the expected pages and numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.pdf_inspect import first_line, page_count, page_size_mm, page_text

pytestmark = pytest.mark.libreoffice

# Page counts as LibreOffice lays the documents out (Liberation Serif stands in for Times New
# Roman with the same metrics). A layout change that moves these is worth a look at the PNGs.
EXPECTED_PAGES = {
    "ke-hoach-1247-KH-HVCTQG.docx": 5,
    "ke-hoach-2024-KH-HVCTQG.docx": 5,
    "ke-hoach-van-hoa-cong-so-SNV.docx": 2,
    "quyet-dinh-khen-thuong-2024-HVCTQG.docx": 5,
    "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx": 2,
    "quyet-dinh-1248-QD-HVCTQG-phat-dong.docx": 1,
    "to-trinh-87-TTr-TCT-lao-cai.docx": 3,
    "bao-cao-tong-ket-2022-2025-HVCTQG.docx": 4,
}


def test_every_example_is_built(pdfs: dict[str, Path]) -> None:
    assert sorted(pdfs) == sorted(EXPECTED_PAGES)


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_page_count_and_size(pdfs: dict[str, Path], name: str) -> None:
    pdf = pdfs[name]
    assert page_count(pdf) == EXPECTED_PAGES[name]
    width, height = page_size_mm(pdf)
    assert abs(width - 210) < 1 and abs(height - 297) < 1


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_page_one_has_no_number_and_page_two_has_one(pdfs: dict[str, Path], name: str) -> None:
    pdf = pdfs[name]
    first = first_line(pdfs[name], 1)
    assert not first.isdigit(), first
    assert first.startswith(("BAN CHẤP HÀNH", "ỦY BAN NHÂN DÂN", "TỈNH ỦY"))
    for page in range(2, page_count(pdf) + 1):
        assert first_line(pdf, page) == str(page)


def test_launching_plan_text_in_pdf(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["ke-hoach-1247-KH-HVCTQG.docx"]
    one = page_text(pdf, 1)
    assert "Số 1247-KH/HVCTQG" in one
    assert "Hà Nội, ngày 09 tháng 9 năm 2022" in one
    assert "KẾ HOẠCH" in one
    last = page_text(pdf, page_count(pdf))
    for line in ("K/T GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Phúc Lâm", "Nơi nhận:"):
        assert line in last
