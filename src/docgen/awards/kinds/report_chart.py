"""The summary report's chart: schools reaching the standard by cluster and year.

Its font is a file (rules/chart.yaml), never a family name looked up through matplotlib's font
manager, and every character of every label is checked against that file before anything is
drawn: a letter the font lacks stops the build instead of printing a box. Its size is the text
width by a plotting area of a set height plus what the legend and labels measure, so more years
or longer names make it taller, never cut.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import BaseModel, ConfigDict

from docgen.errors import DocgenError
from docgen.rules import read_rules_file

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.legend import Legend

    from docgen.awards.kinds.report_figures import Series

MM_PER_INCH = 25.4


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChartSizes(_Rule):
    axis: float
    ticks: float
    legend: float
    values: float


class ChartFont(_Rule):
    candidates: tuple[str, ...]
    sizes_pt: ChartSizes


class ChartRules(_Rule):
    """rules/chart.yaml."""

    font: ChartFont
    dpi: int
    plot_height_mm: float
    headroom: float
    label_wrap_chars: int
    fills: tuple[str, ...]
    hatches: tuple[str, ...]
    group_width: float


@cache
def chart_rules() -> ChartRules:
    return ChartRules.model_validate(read_rules_file("chart.yaml"))


class ChartFontError(DocgenError):
    """No font file of rules/chart.yaml has every character the chart's labels need."""

    code = "CHART-FONT"


@cache
def _characters(path: str) -> frozenset[int]:
    """The characters a font file draws (its best Unicode cmap)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def missing_characters(path: str, text: str) -> str:
    """The characters of ``text`` (line breaks aside) that the font file ``path`` lacks, once
    each, in order."""
    have = _characters(path)
    missing = dict.fromkeys(ch for ch in text if ch != "\n" and ord(ch) not in have)
    return "".join(missing)


def chart_font(texts: list[str], candidates: tuple[str, ...] | None = None) -> str:
    """The first candidate font file that exists and draws every character of ``texts``.

    None does: a ChartFontError naming, for each file found, the first text it cannot draw and
    the characters it lacks (or the files looked for, when none is there)."""
    candidates = chart_rules().font.candidates if candidates is None else candidates
    hint = (
        "install Times New Roman or Liberation Serif 2 (Debian, Ubuntu: apt install "
        "fonts-liberation2), or list another font file in src/docgen/rules/chart.yaml"
    )
    found = [c for c in candidates if Path(c).is_file()]
    if not found:
        looked = ", ".join(candidates)
        raise ChartFontError(
            f"no font file for the report's chart is on this computer (looked for {looked})",
            hint=hint,
        )
    lacking: list[str] = []
    for path in found:
        gaps = [(t, m) for t in texts if (m := missing_characters(path, t))]
        if not gaps:
            return path
        text, chars = gaps[0]
        lacking.append(f"{path}: {' '.join(chars)} ('{text}')")
    raise ChartFontError(
        "no font file draws every letter of the report's chart (each file found: the letters "
        f"it lacks, and the text that needs them): {'; '.join(lacking)}",
        hint=hint,
    )


@dataclass(frozen=True)
class Chart:
    png: bytes
    bars: int
    labels: list[str]  # category labels under the groups
    legend: list[str]  # one entry per series (year)
    description: str  # alternative text
    font: str  # the font file every text was drawn in
    width_mm: float  # the size it is drawn at, and inserted at
    height_mm: float


def _nfc(text: str) -> str:
    """Composed letters: matplotlib draws one glyph per character, and the font check reads
    the same characters."""
    return unicodedata.normalize("NFC", text)


def _ticks(limit: float) -> list[int]:
    """Whole-number marks of the scale from 0 to ``limit``."""
    from matplotlib.ticker import MaxNLocator

    marks = MaxNLocator(integer=True, min_n_ticks=2).tick_values(0, limit)
    return [int(t) for t in marks if 0 <= t <= limit]


def _legend(
    fig: Figure, handles: list[BarContainer], entries: list[str], prop: FontProperties
) -> Legend:
    """The years' legend above the plot, all in one row when it fits the figure's width, else
    in balanced rows read left to right: more years add rows, never run off the picture."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    count = len(entries)
    columns = count
    while True:
        rows = -(-count // columns)
        columns = -(-count // rows)  # as many in each row as the rows allow: 7 → 4 + 3
        # matplotlib fills a legend column by column: this order reads row by row
        order = [r * columns + c for c in range(columns) for r in range(rows)]
        order = [k for k in order if k < count]
        legend = fig.legend(
            # a bar container is a legend handle (its stub says Artist only)
            cast("list[Artist]", [handles[k] for k in order]),
            [entries[k] for k in order],
            loc="outside upper center",
            ncols=columns,
            frameon=False,
            prop=prop,
        )
        if columns == 1 or legend.get_window_extent(renderer).width <= fig.bbox.width:
            return legend
        legend.remove()
        columns -= 1


def reached_figure(f: Series, width_mm: float) -> tuple[Figure, Chart]:
    """The chart as a matplotlib figure (laid out, not yet saved) and its description."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    rules = chart_rules()
    sizes = rules.font.sizes_pt
    labels = [textwrap.fill(_nfc(c.short), rules.label_wrap_chars) for c in f.clusters]
    entries = [f"Năm {y}" for y in f.years]
    axis_label = f.axis
    top = max((c.by_year[y] for c in f.clusters for y in f.years), default=0)
    limit = max(top * rules.headroom, 1)
    marks = _ticks(limit)
    values = [str(c.by_year[y]) for c in f.clusters for y in f.years]
    # every text the chart draws, checked against the font file before anything is drawn
    font = chart_font([axis_label, *labels, *entries, *map(str, marks), *values])

    def prop(size: float) -> FontProperties:
        return FontProperties(fname=font, size=size)

    plot_in = rules.plot_height_mm / MM_PER_INCH
    fig = Figure(figsize=(width_mm / MM_PER_INCH, 2 * plot_in), dpi=rules.dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    width = rules.group_width / len(f.years)
    bars = 0
    handles: list[BarContainer] = []
    for i, year in enumerate(f.years):
        xs = [k + (i - (len(f.years) - 1) / 2) * width for k in range(len(f.clusters))]
        drawn = ax.bar(
            xs,
            [c.by_year[year] for c in f.clusters],
            width,
            color=rules.fills[i % len(rules.fills)],
            edgecolor="black",
            linewidth=0.6,
            hatch=rules.hatches[i % len(rules.hatches)],
        )
        bars += len(drawn)
        handles.append(drawn)
        ax.bar_label(drawn, padding=1, fontproperties=prop(sizes.values))
    ax.set_xticks(range(len(f.clusters)), labels, fontproperties=prop(sizes.ticks))
    ax.set_yticks(marks, [str(m) for m in marks], fontproperties=prop(sizes.ticks))
    ax.set_ylim(0, limit)
    ax.set_ylabel(axis_label, fontproperties=prop(sizes.axis))
    ax.spines[["top", "right"]].set_visible(False)
    _legend(fig, handles, entries, prop(sizes.legend))
    # the plotting area at its set height, whatever the legend and labels take around it:
    # lay out once, grow the figure by what the plot lacks (what surrounds it keeps its size),
    # lay out again, and keep that layout for the picture
    fig.draw_without_rendering()
    plot = ax.get_position().height * fig.get_figheight()
    fig.set_figheight(fig.get_figheight() + plot_in - plot)
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    description = f"Biểu đồ {f.axis_in_text} theo cụm thi đua và năm: " + "; ".join(
        f"{c.short}: " + ", ".join(f"{y} {c.by_year[y]}" for y in f.years) for c in f.clusters
    )
    chart = Chart(
        b"",
        bars,
        [c.short for c in f.clusters],
        entries,
        description,
        font,
        width_mm,
        fig.get_figheight() * MM_PER_INCH,
    )
    return fig, chart


def reached_chart(f: Series, width_mm: float) -> Chart:
    """Schools reaching the standard by the end of each year, by cluster: grouped bars in
    grey levels with hatching, readable when printed in black and white; ``width_mm`` wide
    (the text width), as tall as its plot and labels need."""
    fig, chart = reached_figure(f, width_mm)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return replace(chart, png=buffer.getvalue())
