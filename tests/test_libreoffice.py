"""LibreOffice, the real client: every output converts, with the expected pages and numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.pdf_inspect import (
    first_line,
    page_count,
    page_pixels,
    page_size_mm,
    page_text,
)
from tests.support.tools import require

pytestmark = pytest.mark.libreoffice

# Page counts as LibreOffice lays the documents out (Liberation Serif stands in for Times New
# Roman with the same metrics). A layout change that moves these is worth a look at the PNGs.
EXPECTED_PAGES = {
    "ke-hoach-1247-KH-HVCTQG.docx": 5,
    "ke-hoach-2024-KH-HVCTQG.docx": 5,
    "ke-hoach-van-hoa-cong-so-SNV.docx": 2,
    "quyet-dinh-khen-thuong-2024-HVCTQG.docx": 5,
    "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx": 2,
    "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx": 2,
    "quyet-dinh-1248-QD-HVCTQG-phat-dong.docx": 1,
    "to-trinh-87-TTr-TCT-lao-cai.docx": 3,
    "to-trinh-64-TTr-TCT-can-tho.docx": 3,
    "to-trinh-112-TTr-TCT-da-nang.docx": 3,
    "to-trinh-95-TTr-TCT-nghe-an.docx": 3,
    "bien-ban-hoi-dong-tdkt-2024-HVCTQG.docx": 6,
    "bao-cao-tong-ket-2022-2025-HVCTQG.docx": 4,
    "quyet-dinh-tong-ket-2022-2025-HVCTQG.docx": 4,  # two awards: two lists of a page each
    "to-trinh-ubnd-nghe-an-ttg-2025.docx": 2,
    "bien-ban-hd-tdkt-nghe-an-ttg-2025.docx": 2,
    # kind: document
    "huong-dan-568-HD-HVCTQG.docx": 2,
    "huong-dan-luu-tru-HD-SNV.docx": 1,
    "cong-van-125-CV-HVCTQG.docx": 1,
    "cong-van-125-SNV-VP.docx": 1,
    "thong-bao-1310-TB-HVCTQG.docx": 1,
    "thong-bao-ket-luan-TB-SNV.docx": 1,
    "giay-moi-1302-GM-HVCTQG.docx": 1,
    "giay-moi-hoi-nghi-GM-SNV.docx": 1,
    "bao-cao-112-BC-TCT-lao-cai.docx": 2,
    "bao-cao-6-thang-BC-SNV.docx": 1,
    "quyet-dinh-120-QD-TCT-quy-che.docx": 2,
    "quyet-dinh-12-QD-SNV-quy-che.docx": 3,
    "ke-hoach-118-KH-TCT-hoi-thi.docx": 2,
    "ke-hoach-tap-huan-KH-SNV.docx": 1,
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
    # the parent body: a council's minutes are headed by the Học viện the council belongs to
    assert first.startswith(("BAN CHẤP HÀNH", "ỦY BAN NHÂN DÂN", "TỈNH ỦY", "THÀNH ỦY", "HỌC VIỆN"))
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


@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_the_checkers_page_estimate(
    pdfs: dict[str, Path], outputs: dict[str, Path], name: str
) -> None:
    """The checker requires page numbers on documents of more than one page; its estimate of
    the pages (docgen's files record none) agrees with LibreOffice on one page or more, and is
    off by one page at most."""
    from docgen.checker.docx_model import load_docx
    from docgen.checker.pages import estimated_pages

    estimate, pages = estimated_pages(load_docx(outputs[name])), page_count(pdfs[name])
    assert (estimate > 1) == (pages > 1) and abs(estimate - pages) <= 1, (estimate, pages)


# Centred titles as LibreOffice prints them: broken where docgen broke them (text_width), into
# even lines, no name cut and no word alone on a line of its own.
TITLE_LINES = [
    (
        "quyet-dinh-khen-thuong-2024-HVCTQG.docx",
        1,
        [
            "về việc tặng Bằng khen của Giám đốc Học viện cho các tập thể,",
            "cá nhân có thành tích xuất sắc trong phong trào thi đua",
            "“Xây dựng trường chính trị chuẩn” năm 2024",
        ],
    ),
    (
        "quyet-dinh-khen-thuong-2024-HVCTQG.docx",
        3,
        [
            "TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN",
            "CỦA GIÁM ĐỐC HỌC VIỆN",
            "(Kèm theo Quyết định số 1569-QĐ/HVCTQG ngày 20/12/2024",
            "của Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh)",
        ],
    ),
    (
        "to-trinh-87-TTr-TCT-lao-cai.docx",
        1,
        ["về việc đề nghị tặng Bằng khen", "của Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"],
    ),
    # a công văn's V/v, over the header's first column (beside the date on its first line)
    (
        "cong-van-125-SNV-VP.docx",
        1,
        ["V/v triển khai lấy ý kiến", "về dự thảo Quy chế văn hóa công sở"],
    ),
]


@pytest.mark.parametrize(("name", "page", "lines"), TITLE_LINES)
def test_titles_break_into_even_lines(
    pdfs: dict[str, Path], name: str, page: int, lines: list[str]
) -> None:
    # the left column of a line that has two (pdftotext -layout keeps the columns apart)
    shown = [ln.strip().split("   ")[0] for ln in page_text(pdfs[name], page).splitlines()]
    shown = [ln for ln in shown if ln]
    start = shown.index(lines[0])
    assert shown[start : start + len(lines)] == lines


def test_table_rows_counts_the_rows_of_the_body(outputs: dict[str, Path], tmp_path: Path) -> None:
    from docgen.documents.pdf import table_rows

    # the award decision's list: a header, two section rows, four school rows in each
    # section, 12 collectives, 46 individuals, the total; its signature block is a table too
    assert table_rows(outputs["quyet-dinh-khen-thuong-2024-HVCTQG.docx"]) > 58
    assert table_rows(tmp_path / "none.docx") == 0
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 20_000)  # not a package: converted directly
    assert table_rows(broken) == 0


def test_a_long_table_goes_through_odt_to_the_same_pdf(
    outputs: dict[str, Path], pdfs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document with a long table is converted .docx → .odt → PDF (LibreOffice lays a long
    table out much faster from its own format); with the threshold lowered, the example
    decision takes that way and its PDF has the same pages, the same text and the same pixels
    (each page rendered by pdftoppm, compared byte for byte) as the direct conversion's; a
    short document beside it in the same batch goes straight."""
    import docgen.documents.pdf
    from docgen.rules.esign import esign_rules

    require("pdftoppm")

    monkeypatch.setattr(docgen.documents.pdf, "VIA_ODT_ROWS", 50)
    starts: list[tuple[str, list[str]]] = []  # each LibreOffice start: its target and files
    real = docgen.documents.pdf._soffice

    def spy(soffice: str, profile: Path, target: str, sources: list[Path], *rest: float) -> Any:
        starts.append((target, [s.name for s in sources]))
        return real(soffice, profile, target, sources, *rest)

    monkeypatch.setattr(docgen.documents.pdf, "_soffice", spy)
    decision, plan = "quyet-dinh-khen-thuong-2024-HVCTQG.docx", "ke-hoach-1247-KH-HVCTQG.docx"
    assert docgen.documents.pdf.table_rows(outputs[plan]) < 50
    made = docgen.documents.pdf.convert_to_pdf([outputs[decision], outputs[plan]], tmp_path)
    assert [p.name for p in made] == [
        decision.replace(".docx", ".pdf"),
        plan.replace(".docx", ".pdf"),
    ]
    for name, pdf in zip((decision, plan), made, strict=True):
        assert page_count(pdf) == EXPECTED_PAGES[name]
        for page in range(1, page_count(pdf) + 1):
            assert page_text(pdf, page) == page_text(pdfs[name], page)
            assert page_pixels(pdf, page) == page_pixels(pdfs[name], page), (name, page)
    assert starts == [
        ("odt", [decision]),
        (esign_rules().pdf.export_filter(), [decision.replace(".docx", ".odt"), plan]),
    ]
    assert not list(tmp_path.glob("*.odt"))  # the .odt stays in the conversion's own folder


def test_a_kept_profile_is_reused_and_a_broken_one_replaced(
    outputs: dict[str, Path], pdfs: dict[str, Path], tmp_path: Path
) -> None:
    """The web app's previews keep LibreOffice's profile between conversions: the first
    makes it, the next reuse it; a profile that cannot be used (here a file in its place)
    costs one failed start, is removed, and the conversion still gives the same PDF."""
    from docgen.documents.pdf import convert_to_pdf

    plan = "ke-hoach-1247-KH-HVCTQG.docx"
    profile = tmp_path / "profile"
    (made,) = convert_to_pdf([outputs[plan]], tmp_path / "a", profile=profile)
    assert profile.is_dir() and any(profile.iterdir())
    (again,) = convert_to_pdf([outputs[plan]], tmp_path / "b", profile=profile)
    assert page_text(again, 1) == page_text(made, 1) == page_text(pdfs[plan], 1)

    profile_file = tmp_path / "not-a-profile"
    profile_file.write_text("x", encoding="utf-8")
    (fallback,) = convert_to_pdf([outputs[plan]], tmp_path / "c", profile=profile_file)
    assert page_count(fallback) == EXPECTED_PAGES[plan]
    assert not profile_file.exists()
