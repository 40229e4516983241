"""The summary report's chart: its font is a file with every letter of every label (never a
family name matplotlib resolves), and its legend fits however many years there are."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.api import build
from docgen.awards.kinds import report_chart
from docgen.awards.kinds.report_chart import (
    ChartFontError,
    chart_font,
    chart_rules,
    missing_characters,
    reached_figure,
)
from docgen.awards.kinds.report_figures import ClusterSeries, Series
from docgen.data.results import Standard
from docgen.register import open_register
from docgen.rules import load_rules
from tests.conftest import ROOT

REPORT_SPECS = ["ke-hoach-1247-phat-dong", "bao-cao-tong-ket-2022-2025"]  # the report cites it
CLUSTERS = [
    "Miền núi phía Bắc",
    "Đồng bằng sông Hồng",
    "Bắc Trung Bộ",
    "Nam Trung Bộ - Tây Nguyên",
    "Đông Nam Bộ",
    "Đồng bằng sông Cửu Long",
]


def usable_font() -> str:
    try:
        return chart_font(["Số trường đạt chuẩn", *CLUSTERS])
    except ChartFontError as exc:
        pytest.skip(f"no chart font on this machine: {exc.message}")


@pytest.fixture(scope="module")
def latin1_serif(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the chart's font cut down to Latin-1 and Latin Extended-A, as Liberation
    Serif 1.x is (no ị, ụ, ồ…), keeping its family name: what matplotlib's font manager
    picked by name."""
    from fontTools import subset

    source = usable_font()
    target = tmp_path_factory.mktemp("fonts") / "LiberationSerif-Latin1.ttf"
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the names, the family's among them
    font = subset.load_font(source, options)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=range(0x20, 0x180))
    cutter.subset(font)
    subset.save_font(font, str(target), options)
    return target


@pytest.fixture
def latin1_first_by_name(latin1_serif: Path) -> Iterator[None]:
    """matplotlib's font manager with the Latin-1 serif first under its family name (as the
    machine with both Liberation packages had it), restored afterwards."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    saved = list(manager.ttflist)
    manager.addfont(str(latin1_serif))
    manager.ttflist.insert(0, manager.ttflist.pop())
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    yield
    manager.ttflist[:] = saved
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def test_the_report_builds_without_a_glyph_warning(
    tmp_path: Path, latin1_serif: Path, latin1_first_by_name: None
) -> None:
    """The fault: with a Latin-1 "Liberation Serif" first in matplotlib's font manager, the
    chart printed boxes and 13 "Glyph … missing" warnings. The font is a file now."""
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family="Liberation Serif"))
    assert found == str(latin1_serif)  # by name, matplotlib would pick the cut-down copy
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        report = build(
            ROOT,
            tmp_path / "out",
            only=REPORT_SPECS,
            register=open_register(tmp_path / "r.db", create=True).target,
        )
    assert not report.failed, [d.error.format() for d in report.failed if d.error]
    assert len(report.documents) == 2


def test_a_font_lacking_a_letter_is_refused(latin1_serif: Path) -> None:
    font = str(latin1_serif)
    assert missing_characters(font, "Số trường đạt chuẩn") == "ốườạẩ"
    assert chart_font(["Năm 2025", "0123456789"], (font,)) == font  # enough for these
    with pytest.raises(ChartFontError) as caught:
        chart_font(["Năm 2025", "Số trường đạt chuẩn"], (font,))
    message = caught.value.message
    assert font in message and "'Số trường đạt chuẩn'" in message
    assert "ố ư ờ ạ ẩ" in message
    assert caught.value.code == "CHART-FONT"


def test_the_first_font_with_every_letter_wins(latin1_serif: Path) -> None:
    good = usable_font()
    missing = str(latin1_serif.parent / "absent.ttf")
    assert chart_font(["Đồng bằng sông Cửu Long"], (missing, str(latin1_serif), good)) == good


def test_no_font_file_at_all_is_an_error(tmp_path: Path) -> None:
    absent = str(tmp_path / "times.ttf")
    with pytest.raises(ChartFontError, match="no font file for the report's chart") as caught:
        chart_font(["Năm 2025"], (absent,))
    assert absent in caught.value.message


def test_the_build_stops_when_no_font_has_the_letters(
    tmp_path: Path, latin1_serif: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart with boxes is never written: the report fails with the font error, naming
    the font file and the text, and the other documents are built."""
    rules = chart_rules()
    only_latin1 = rules.model_copy(
        update={"font": rules.font.model_copy(update={"candidates": (str(latin1_serif),)})}
    )
    monkeypatch.setattr(report_chart, "chart_rules", lambda: only_latin1)
    report = build(
        ROOT,
        tmp_path / "out",
        only=REPORT_SPECS,
        register=open_register(tmp_path / "r.db", create=True).target,
    )
    assert [d.spec for d in report.failed] == ["data/documents/bao-cao-tong-ket-2022-2025.yaml"]
    error = report.failed[0].error
    assert error is not None and error.code == "CHART-FONT"
    assert str(latin1_serif) in error.message and "Số trường đạt chuẩn" in error.message
    assert not (tmp_path / "out" / "bao-cao-tong-ket-2022-2025-HVCTQG.docx").exists()


STANDARD = Standard(
    id="dat-chuan",
    kind="standard",
    title="Kết quả xây dựng trường chính trị chuẩn",
    counted="trường chính trị tỉnh, thành phố",
    unit="trường",
    reached="được công nhận đạt chuẩn",
    criteria=6,
    axis="Số trường đạt chuẩn",
    chart="Số trường đạt chuẩn theo cụm thi đua qua các năm",
    table="Số trường đạt chuẩn theo cụm thi đua",
)


def figures(years: int) -> Series:
    period = list(range(2019, 2019 + years))
    clusters = [
        ClusterSeries(name, 9, {y: min(9, (i + 1) * k // 3) for k, y in enumerate(period)})
        for i, name in enumerate(CLUSTERS)
    ]
    return Series(STANDARD, period, clusters)


@pytest.mark.parametrize("years", [7, 12])
def test_the_legend_holds_every_year(years: int) -> None:
    """At 7 years the legend ran off the picture; it takes more rows now, inside the figure,
    and the plotting area keeps its height (the picture grows)."""
    usable_font()
    width = load_rules().page.text_width_mm
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        fig, chart = reached_figure(figures(years), width)
    (legend,) = fig.legends
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box = legend.get_window_extent(renderer)
    assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1
    assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1
    assert sorted(t.get_text() for t in legend.get_texts()) == chart.legend
    assert len(chart.legend) == years
    # read row by row: the first row starts with the first year
    texts = sorted(
        legend.get_texts(),
        key=lambda t: (-t.get_window_extent(renderer).y0, t.get_window_extent(renderer).x0),
    )
    assert texts[0].get_text() == f"Năm {2019}"
    # nothing of the chart outside the picture: its drawn extent is the figure's
    tight = fig.get_tightbbox(renderer)
    assert tight.x0 >= 0 and tight.y0 >= 0
    assert tight.x1 <= fig.get_figwidth() + 0.01 and tight.y1 <= fig.get_figheight() + 0.01
    (ax,) = fig.axes
    plot_mm = ax.get_position().height * fig.get_figheight() * 25.4
    assert plot_mm == pytest.approx(chart_rules().plot_height_mm, abs=0.5)
    # every year's bars look different in black and white
    looks = {(p.get_facecolor(), p.get_hatch()) for p in ax.patches[:: len(CLUSTERS)]}
    assert len(looks) == years or years > 9


def test_every_text_is_drawn_in_the_chosen_file() -> None:
    """Every text of the figure carries the font file checked before drawing, not a family
    name: nothing for the font manager to resolve."""
    usable_font()
    fig, chart = reached_figure(figures(5), load_rules().page.text_width_mm)
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontproperties")) if t.get_text()]
    assert texts
    for text in texts:
        assert text.get_fontproperties().get_file() == chart.font, text.get_text()  # type: ignore[attr-defined]
