"""The attached list of an award decision as a Word table: STT, name, position and unit, money;
the council's vote on the same list (``votes_table``).

Collectives and individuals are separate groups; individuals may be grouped by school with a
merged row for each. The header row repeats on every page and no row splits across pages
(format.md "Appendices / attached lists"). Built as WordprocessingML and placed by a
``{{p award_table }}`` tag.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from docgen.awards.commendation import Awardee, DecisionList
from docgen.awards.naming import awardee_unit
from docgen.documents.sections import Blocks
from docgen.documents.text_width import text_width_pt
from docgen.documents.xmltext import escape
from docgen.rules import FormatRules, proper_names
from docgen.vn.names import name_index, unbreakable
from docgen.vn.numbers import format_money
from docgen.vn.punctuation import dash_kept
from docgen.vn.roman import to_roman

if TYPE_CHECKING:
    from docgen.awards.kinds.minutes_outcome import Outcome

HEADERS = ("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Số tiền (đồng)")


# names of up to this many words are never cut across two lines of a cell ("tỉnh Nghệ / An");
# a longer one may break between words in a narrow column (as checker.names lets it)
_NAME_WORDS = 4


@cache
def _names() -> dict[str, list[tuple[str, ...]]]:
    return name_index(proper_names())


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


_TEXT_STYLE = (
    '<w:pStyle w:val="DGTableText"/>'  # the cells' paragraph style, as _cell_frame writes it
)

PROPOSAL_HEADERS = ("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Tóm tắt thành tích")


@lru_cache(maxsize=256)
def _cell_frame(
    size: int, width: int, span: int, bold: bool, italic: bool, align: str
) -> tuple[str, str, str]:
    """A cell's markup before and after its text, and the cell without text: the same in
    every row of a column, so made once (a list can have 10,000 rows)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    props += '<w:vAlign w:val="center"/>'
    rpr = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    if bold:
        rpr = "<w:b/><w:bCs/>" + rpr
    if italic:
        rpr = rpr.replace("<w:sz ", "<w:i/><w:iCs/><w:sz ", 1)
    ppr = f'<w:pPr><w:pStyle w:val="DGTableText"/><w:jc w:val="{align}"/></w:pPr>'
    start = f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}"
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">'
    return start + run, "</w:t></w:r></w:p></w:tc>", start + "</w:p></w:tc>"


def number_mm(rules: FormatRules, text: str) -> float:
    """The width a list's cell needs to hold ``text`` on one line in the list's text size
    (Times New Roman's widths, glyph_widths.yaml), its margins included."""
    spec = rules.list_table
    return text_width_pt(text, spec.size) * 25.4 / 72 + 2 * spec.cell_margin_mm


def fit_numbers(
    rules: FormatRules, widths_mm: tuple[float, ...], numbers: dict[int, str], donor: int = 2
) -> tuple[float, ...]:
    """``widths_mm`` with each column of ``numbers`` (column → its longest number) widened to
    hold it on one line, the width taken from the column ``donor``; unchanged when they fit."""
    widths = list(widths_mm)
    for column, text in numbers.items():
        lack = math.ceil((number_mm(rules, text) - widths[column]) * 2) / 2
        if lack > 0:  # by half millimetres
            widths[column] += lack
            widths[donor] -= lack
    return tuple(widths)


class _Table:
    def __init__(self, rules: FormatRules, widths_mm: tuple[float, ...]) -> None:
        self.widths = [_twips(w) for w in widths_mm]
        self.size = round(rules.list_table.size * 2)
        self.margin = _twips(rules.list_table.cell_margin_mm)
        self.rows: list[bytes] = []  # UTF-8, as Blocks keeps them

    def _cell(
        self,
        text: str,
        width: int,
        *,
        span: int = 1,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
    ) -> str:
        before, after, empty = _cell_frame(self.size, width, span, bold, italic, align)
        if not text:
            return empty
        kept = dash_kept(unbreakable(text, _names(), _NAME_WORDS))
        return f"{before}{escape(kept)}{after}"

    def row(self, cells: str, *, header: bool = False, keep: bool = False) -> None:
        """One row, never split across pages; ``keep``: kept on the page of the next row (a
        group's row: its paragraphs keep with the next, which Word and LibreOffice read as
        the row kept with the next one), so a group's row never ends a page."""
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        if keep:
            cells = cells.replace(_TEXT_STYLE, _TEXT_STYLE + "<w:keepNext/>")
        self.rows.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{cells}</w:tr>".encode())

    def header(self, headers: tuple[str, ...] = HEADERS) -> None:
        cells = "".join(
            self._cell(h, w, bold=True, align="center")
            for h, w in zip(headers, self.widths, strict=True)
        )
        self.row(cells, header=True)

    def banner(self, text: str, *, italic: bool = False) -> None:
        """A group row: one cell over the whole width."""
        self.row(
            self._cell(text, sum(self.widths), span=len(self.widths), bold=True, italic=italic),
            keep=True,
        )

    def person(self, number: int, awardee: Awardee, grouped: bool, achievement: bool) -> None:
        """One awardee; under a school's group row the school is not repeated. The last
        column holds the money (a decision) or the achievements (a proposal)."""
        w = self.widths
        description = awardee.position if grouped else awardee_unit(awardee)
        if len(w) == 3:  # an award without money: no money column
            last = ""
        elif achievement:
            last = self._cell(awardee.achievement, w[3], align="both")
        else:
            last = self._cell(format_money(awardee.amount.value), w[3], align="right")
        self.row(
            self._cell(str(number), w[0], align="center")
            + self._cell(awardee.name, w[1])
            + self._cell(description, w[2])
            + last
        )

    def total(self, amount: int) -> None:
        w = self.widths
        self.row(
            self._cell("Tổng cộng", w[0] + w[1] + w[2], span=3, bold=True, align="center")
            + self._cell(format_money(amount), w[3], bold=True, align="right")
        )

    def parts(self) -> list[bytes]:
        """The table's XML: its head, each row, its end."""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths)
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        tblpr = (
            f'<w:tblPr><w:tblW w:w="{sum(self.widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:left w:w="{self.margin}" w:type="dxa"/>'
            f'<w:right w:w="{self.margin}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
        head = f"<w:tbl>{tblpr}<w:tblGrid>{grid}</w:tblGrid>".encode()
        return [head, *self.rows, b"</w:tbl>"]


def award_table(
    data: DecisionList, rules: FormatRules, group_by_unit: bool, *, proposal: bool = False
) -> Blocks:
    """The list as a table: groups I. TẬP THỂ and II. CÁ NHÂN, numbered 1… within each.

    A decision's list ends with the money and a totals row; a proposal's with the achievements;
    the list of an award without money (an office's own title) has neither: its position and
    unit column takes the money column's width.
    """
    spec = rules.list_table
    longest = str(max(len(data.collectives), len(data.individuals), 1))
    paid = data.award.paid
    if proposal:
        widths = fit_numbers(rules, spec.proposal_columns_mm, {0: longest})
    elif paid:
        widths = fit_numbers(rules, spec.columns_mm, {0: longest, 3: format_money(data.total)})
    else:
        first, name, unit, money = fit_numbers(rules, spec.columns_mm, {0: longest})
        widths = (first, name, unit + money)
    table = _Table(rules, widths)
    table.header(PROPOSAL_HEADERS if proposal else HEADERS[: len(widths)])
    groups = [("TẬP THỂ", data.collectives), ("CÁ NHÂN", data.individuals)]
    groups = [(title, members) for title, members in groups if members]
    for index, (title, members) in enumerate(groups, 1):
        table.banner(f"{to_roman(index)}. {title} ({len(members):02d})")
        school = None
        for number, awardee in enumerate(members, 1):
            if group_by_unit and awardee.school != school:
                school = awardee.school
                table.banner(school, italic=True)
            table.person(number, awardee, group_by_unit, proposal)
    if not proposal and paid:
        table.total(data.total)
    return Blocks(table.parts())


def simple_table(
    rules: FormatRules,
    headers: list[str],
    rows: list[list[str]],
    total: list[str] | None = None,
    *,
    first_mm: float = 50,
    groups: list[tuple[str, list[list[str]]]] | None = None,
) -> Blocks:
    """A figures table: a text first column, numbers centred, optional group rows (a title
    over the whole width, then its rows), a bold totals row; the header row repeats on every
    page and rows never split."""
    text_width = sum(rules.list_table.columns_mm)
    rest = (text_width - first_mm) / max(1, len(headers) - 1)
    table = _Table(rules, (first_mm, *([rest] * (len(headers) - 1))))
    table.header(tuple(headers))
    w = table.widths

    def add(row: list[str], bold: bool = False) -> None:
        cells = table._cell(row[0], w[0], bold=bold) + "".join(
            table._cell(value, width, bold=bold, align="center")
            for value, width in zip(row[1:], w[1:], strict=True)
        )
        table.row(cells)

    for row in rows:
        add(row)
    for title, group_rows in groups or []:
        table.banner(title, italic=True)
        for row in group_rows:
            add(row)
    if total:
        add(total, bold=True)
    return Blocks(table.parts())


MINUTES_HEADERS = (
    "STT",
    "Họ và tên / Tên tập thể",
    "Chức vụ, đơn vị",
    "Số phiếu đồng ý",
    "Tỷ lệ (%)",
    "Tỷ lệ cần đạt",
    "Kết quả",
)
PASSED, FAILED = "Đạt", "Không đạt"


def votes_table(outcome: Outcome, rules: FormatRules, group_by_unit: bool) -> Blocks:
    """The council's vote as a table, in the decision list's groups and order: for each
    nominee the votes for (of the ballots cast), the share, the share needed and the outcome;
    a last row counts who passed."""
    longest = str(max(len(outcome.collectives), len(outcome.individuals), 1))
    table = _Table(rules, fit_numbers(rules, rules.list_table.minutes_columns_mm, {0: longest}))
    w = table.widths
    table.header(MINUTES_HEADERS)
    needed = f"≥ {outcome.rule.votes.share.replace('.', ',')}"
    groups = [("TẬP THỂ", outcome.collectives), ("CÁ NHÂN", outcome.individuals)]
    groups = [(title, members) for title, members in groups if members]
    for index, (title, members) in enumerate(groups, 1):
        table.banner(f"{to_roman(index)}. {title} ({len(members):02d})")
        school = None
        for number, ballot in enumerate(members, 1):
            awardee = ballot.awardee
            if group_by_unit and awardee.school != school:
                school = awardee.school
                table.banner(school, italic=True)
            description = awardee.position if group_by_unit else awardee_unit(awardee)
            table.row(
                table._cell(str(number), w[0], align="center")
                + table._cell(awardee.name, w[1])
                + table._cell(description, w[2])
                + table._cell(f"{ballot.votes_for}/{outcome.ballots}", w[3], align="center")
                + table._cell(ballot.percent, w[4], align="center")
                + table._cell(needed, w[5], align="center")
                + table._cell(
                    PASSED if ballot.passed else FAILED,
                    w[6],
                    bold=not ballot.passed,
                    align="center",
                )
            )
    passed, failed = len(outcome.passed()), len(outcome.failed())
    table.row(
        table._cell("Tổng cộng", w[0] + w[1] + w[2], span=3, bold=True, align="center")
        + table._cell(
            f"{PASSED}: {passed:02d}; {FAILED.lower()}: {failed:02d}",
            sum(w[3:]),
            span=len(w) - 3,
            bold=True,
            align="center",
        )
    )
    return Blocks(table.parts())
