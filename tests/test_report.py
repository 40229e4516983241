"""The summary report: every figure in its text and tables is recomputed here from the data."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from docx import Document

from docgen.awards.kinds.report_chart import chart_rules, reached_chart
from docgen.awards.kinds.report_figures import compute, percent
from docgen.data.workspace import load_workspace
from docgen.rules import load_rules
from docgen.vn.numbers import format_money
from tests.conftest import ROOT
from tests.support.docx_inspect import iter_paragraphs
from tests.support.pdf_inspect import page_count, page_pixels, page_text

REPORT = "bao-cao-tong-ket-2022-2025-HVCTQG.docx"
YEARS = [2022, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def expected() -> dict[str, object]:
    """The figures, computed here straight from the YAML, independently of
    docgen.awards.kinds.report_figures."""
    import yaml

    schools = yaml.safe_load((ROOT / "data/schools.yaml").read_text(encoding="utf-8"))
    results = yaml.safe_load(
        (ROOT / "data/results/xd-truong-chuan.yaml").read_text(encoding="utf-8")
    )["schools"]
    clusters = {}
    for cid, cluster in schools["clusters"].items():
        members = [s for s, v in schools["schools"].items() if v["cluster"] == cid]
        reached = {
            y: sum(1 for s in members if results[s].get("reached", {}).get("dat-chuan", y + 1) <= y)
            for y in YEARS
        }
        seminars = {y: sum(results[s]["values"]["toa-dam"][y] for s in members) for y in YEARS}
        clusters[cluster["short"]] = (len(members), reached, seminars)
    return {"clusters": clusters, "schools": len(schools["schools"])}


def table_texts(path: Path, index: int) -> list[list[str]]:
    table = Document(str(path)).tables[index]
    # a no-break space (names kept whole in a cell) reads as a space
    return [[cell.text.replace("\u00a0", " ") for cell in row.cells] for row in table.rows]


def test_reached_table_and_text(outputs: dict[str, Path], expected: dict) -> None:  # type: ignore[type-arg]
    rows = table_texts(outputs[REPORT], 1)
    assert rows[0] == ["Cụm thi đua", "Số trường", "2022", "2023", "2024", "2025", "Tỷ lệ"]
    clusters = expected["clusters"]
    for row in rows[1:-1]:
        count, reached, _ = clusters[row[0]]
        assert row[1:] == [
            str(count),
            *[str(reached[y]) for y in YEARS],
            percent(reached[2025], count),
        ]
    totals = {y: sum(c[1][y] for c in clusters.values()) for y in YEARS}
    assert rows[-1] == [
        "Tổng cộng",
        str(expected["schools"]),
        *[str(totals[y]) for y in YEARS],
        percent(totals[2025], expected["schools"]),
    ]
    text = "\n".join(p.text for p in iter_paragraphs(Document(str(outputs[REPORT]))))
    assert (
        f"Đến hết năm 2025, {totals[2025]}/{expected['schools']} trường chính trị tỉnh, "
        f"thành phố ({percent(totals[2025], expected['schools'])})"
    ) in text
    for y in YEARS:
        assert f"năm {y} có {totals[y]} trường ({percent(totals[y], expected['schools'])})" in text


def test_seminars_table(outputs: dict[str, Path], expected: dict) -> None:  # type: ignore[type-arg]
    rows = table_texts(outputs[REPORT], 2)
    clusters = expected["clusters"]
    for row in rows[1:-1]:
        seminars = clusters[row[0]][2]
        assert row[1:] == [*[str(seminars[y]) for y in YEARS], str(sum(seminars.values()))]
    total = sum(sum(c[2].values()) for c in clusters.values())
    assert rows[-1][-1] == str(total)
    text = "\n".join(p.text for p in iter_paragraphs(Document(str(outputs[REPORT]))))
    assert f"đã tổ chức {total} cuộc tọa đàm" in text


def test_awards_table_matches_the_decision(outputs: dict[str, Path]) -> None:
    rows = table_texts(outputs[REPORT], 3)
    assert rows[1] == ["Bằng khen của Giám đốc Học viện"] * 4  # the form's group row (merged)
    # the 2024 decision: 47 individuals proposed, one failed the council's vote
    assert rows[-1] == ["Tổng cộng", "12", "46", format_money(163_800_000)]
    import yaml

    schools = yaml.safe_load((ROOT / "data/schools.yaml").read_text(encoding="utf-8"))
    short = {cid: c["short"] for cid, c in schools["clusters"].items()}
    counts = {name: [0, 0] for name in short.values()}
    for path in sorted((ROOT / "data/proposals/2024").glob("*.yaml")):
        proposal = yaml.safe_load(path.read_text(encoding="utf-8"))
        if proposal["award"] != "bang-khen-giam-doc-hv":
            continue
        cluster = short[schools["schools"][proposal["school"]]["cluster"]]
        counts[cluster][0] += len(proposal.get("collectives", []))
        # who failed the council's vote (data/documents/bien-ban-hoi-dong-2024.yaml) is not
        # awarded
        passed = [i for i in proposal.get("individuals", []) if i["name"] != "Bùi Công Long"]
        counts[cluster][1] += len(passed)
    for row in rows[2:-1]:
        collectives, individuals = counts[row[0]]
        money = collectives * 4_680_000 + individuals * 2_340_000  # ND 98/2023
        assert row[1:] == [str(collectives), str(individuals), format_money(money)]
    text = "\n".join(p.text for p in iter_paragraphs(Document(str(outputs[REPORT]))))
    assert "cho 12 tập thể và 46 cá nhân" in text
    assert "tổng số tiền thưởng 163.800.000 đồng (Một trăm sáu mươi ba triệu" in text


def test_the_chart(outputs: dict[str, Path]) -> None:
    ws = load_workspace(ROOT)
    spec = ws.specs["bao-cao-tong-ket-2022-2025"]
    figures = compute(ws, spec)  # type: ignore[arg-type]
    width = load_rules().page.text_width_mm
    (standard,) = [s for s in figures.series if s.standard]
    chart = reached_chart(standard, width)
    assert chart.bars == 6 * 4
    assert chart.labels == [
        "Miền núi phía Bắc",
        "Đồng bằng sông Hồng",
        "Bắc Trung Bộ",
        "Nam Trung Bộ - Tây Nguyên",
        "Đông Nam Bộ",
        "Đồng bằng sông Cửu Long",
    ]
    assert chart.legend == [f"Năm {y}" for y in YEARS]
    with zipfile.ZipFile(outputs[REPORT]) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        assert zf.read(media[0]) == chart.png  # the picture in the report is this chart
    from PIL import Image

    # drawn at the size it is printed: the text width, and as tall as it measured
    dpi = chart_rules().dpi
    width_px, height_px = Image.open(io.BytesIO(chart.png)).size
    assert width_px / dpi * 25.4 == pytest.approx(width, abs=0.2)
    assert height_px / dpi * 25.4 == pytest.approx(chart.height_mm, abs=0.2)
    shape = Document(str(outputs[REPORT])).inline_shapes[0]
    assert shape.width.mm == pytest.approx(width, abs=0.1)
    assert shape.height.mm == pytest.approx(chart.height_mm, abs=0.2)


def test_the_notes_have_a_lead_in(outputs: dict[str, Path]) -> None:
    """The schools' notes are dashes under a sentence that introduces them, after Bảng 1."""
    texts = [p.text for p in iter_paragraphs(Document(str(outputs[REPORT])))]
    lead = texts.index("Một số trường có kết quả nổi bật:")
    assert texts[lead + 1].startswith("- Trường Chính trị tỉnh Lào Cai:")
    assert texts.index("Biểu đồ 1. Số trường đạt chuẩn theo cụm thi đua qua các năm") < lead


# The tallest blank band a page of the report may keep between two lines of its body, or at
# its foot when the next page goes on: more than two lines of body text with their spacing is
# a hole a reader sees (the chart pushed to page 2 left 57.7 mm).
HOLE_MM = 20.0
INK = 160  # a pixel darker than this (of 255) is print


def blank_bands(pdf: Path, page: int, foot: bool) -> list[float]:
    """The heights (mm) of the blank bands between the first and last print of the page's
    body (within its margins), and with ``foot`` the one under its last print."""
    dpi = 100
    header, size, _, pixels = page_pixels(pdf, page, dpi).split(b"\n", 3)
    assert header == b"P5"
    width = int(size.split()[0])
    page_rules = load_rules().page
    margins = page_rules.margins_mm
    top = round(margins["top"].default / 25.4 * dpi)
    bottom = round((page_rules.paper_mm["height"] - margins["bottom"].default) / 25.4 * dpi)
    ink = [y for y in range(top, bottom) if min(pixels[y * width : (y + 1) * width]) < INK]
    bands = [(b - a) * 25.4 / dpi for a, b in itertools.pairwise(ink) if b - a > 1]
    if foot:
        bands.append((bottom - ink[-1]) * 25.4 / dpi)
    return bands


@pytest.mark.libreoffice
def test_report_in_libreoffice(pdfs: dict[str, Path], outputs: dict[str, Path]) -> None:
    pdf = pdfs[REPORT]
    pages = page_count(pdf)
    assert pages == 4
    text = " ".join(page_text(pdf, n) for n in range(1, pages + 1))
    assert "BÁO CÁO" in text and "Bảng 1." in text and "Biểu đồ 1." in text
    # the chart and its caption stand on page 1, under the sentence they illustrate
    assert "Biểu đồ 1." in page_text(pdf, 1)
    # before: 57.8 mm blank at page 1's foot, the chart pushed to page 2
    bands = blank_bands(pdf, 1, foot=True)
    assert max(bands) <= HOLE_MM, max(bands)
    # no band inside a page's text; a page's foot may stay blank only where the content's
    # last heading and paragraph go on with the signature (the page rules judge that)
    for page in range(2, pages + 1):
        bands = blank_bands(pdf, page, foot=False)
        assert max(bands) <= HOLE_MM, (page, max(bands))
    from docgen.checker import check_docx
    from docgen.checker.pdf_pages import read_pdf

    assert check_docx(outputs[REPORT], pages=read_pdf(pdf)).findings == []
