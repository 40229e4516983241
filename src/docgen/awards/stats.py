"""Award statistics across years: counts and money of the award decisions the register holds,
by year, cluster, school or award form — the figures any summary report quotes.

What counts: each award decision spec (kind ``decision_award``) of the workspace that the
register holds an issued number for. A voided number does not count; a decision not built yet
(no number) does not either: both are listed as left out, so that the table never quietly
misses them. Who a decision awards, and the money, are ``kinds.decision_award.awarded`` — the
one function every list, certificate and report uses — each decision paying by the law of its
own date.

The year of a decision is its ``year`` (the emulation year whose proposals it decides), not
the year it is dated: a decision of 05/01/2025 on the 2024 proposals is one of 2024's, as the
2024 summary report counts it. The tables say so in their heading. A decision over a period
(``year: 2022-2025``) is of the period's last year, as the register keeps it: ``--from 2025``
counts it, ``--to 2024`` does not; by year, its row reads 2022-2025, after 2025's.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from docgen.awards.kinds.decision_award import awarded_parts
from docgen.awards.specs import AwardDecisionSpec
from docgen.data.period import YearSpan
from docgen.errors import DocgenError
from docgen.output import csv_text, write_atomic
from docgen.vn.collation import sort_key
from docgen.vn.dates import short_date
from docgen.vn.numbers import format_money

if TYPE_CHECKING:
    import datetime as dt

    from docgen.data.workspace import Workspace
    from docgen.register import IssuedAward, Register

By = Literal["year", "cluster", "school", "form"]
GROUPINGS: tuple[By, ...] = ("year", "cluster", "school", "form")

# The table's text is Vietnamese whatever the clerk's language: it is quoted in documents.
TITLE = "THỐNG KÊ KHEN THƯỞNG"
GROUP_HEADERS: dict[By, str] = {
    "year": "Năm",
    "cluster": "Cụm thi đua",
    "school": "Trường, đơn vị",  # schools and the other bodies (data/bodies.yaml)
    "form": "Hình thức khen thưởng",
}
# what one decision may span, so that the rows' decision counts exceed the total's
SEVERAL: dict[By, str] = {
    "year": "cho nhiều năm",  # never: a decision has one year (or one period)
    "cluster": "cho nhiều cụm thi đua",
    "school": "cho nhiều trường, đơn vị",
    "form": "bằng nhiều hình thức",  # a decision of several awards (awards:)
}
HEADERS = ("Số quyết định", "Tập thể", "Cá nhân", "Tổng số", "Số tiền (đồng)")
OUTSIDE_CLUSTERS = "Ngoài cụm thi đua"  # the row of the bodies that are not schools
TOTAL = "Tổng cộng"
NOTE_WIDTH = 100  # the notes under the text table are wrapped at this many characters
YEAR_NOTE = "năm thi đua ghi ở mục year của quyết định, không phải năm ký"


@dataclass(frozen=True)
class Figures:
    """Counts and money of a group of awards."""

    decisions: int = 0
    collectives: int = 0
    individuals: int = 0
    money: int = 0  # đồng

    @property
    def total(self) -> int:
        return self.collectives + self.individuals

    def values(self) -> tuple[int, int, int, int, int]:
        """In the order of ``HEADERS``."""
        return (self.decisions, self.collectives, self.individuals, self.total, self.money)


@dataclass(frozen=True)
class Row:
    key: str  # the group's id: "2024", a cluster or school id, an award catalogue id
    label: str  # as printed: "2024", "Bắc Trung Bộ", "Trường Chính trị tỉnh Nghệ An", …
    figures: Figures


@dataclass(frozen=True)
class Counted:
    """A decision the figures come from."""

    spec: str  # the spec file, relative to the workspace
    symbol: str  # its number in the register: "1569-QĐ/HVCTQG"
    date: dt.date
    year: int
    issuer: str
    award: str  # the award's name
    figures: Figures


@dataclass(frozen=True)
class LeftOut:
    """A decision of the years asked for that the figures do not include, and why."""

    spec: str
    year: int
    reason: Literal["not_built", "voided", "replaced"]
    symbol: str | None = None  # the voided number; the replaced one


@dataclass(frozen=True)
class StatsTable:
    by: By
    from_year: int | None
    to_year: int | None
    issuer: str | None  # the issuer asked for (None: every issuer)
    rows: tuple[Row, ...]
    total: Figures
    decisions: tuple[Counted, ...]
    left_out: tuple[LeftOut, ...]
    issuers: tuple[str, ...] = ()  # the names of the issuers counted (or asked for)
    unconfirmed: tuple[str, ...] = field(default=())  # specs whose money rests on such values

    @property
    def headers(self) -> tuple[str, ...]:
        return (GROUP_HEADERS[self.by], *HEADERS)

    @property
    def decisions_add_up(self) -> bool:
        """Whether the rows' decision counts add up to the total (not when one decision awards
        several schools or clusters: the total counts it once)."""
        return sum(r.figures.decisions for r in self.rows) == self.total.decisions

    def years_text(self) -> str:
        """``Năm thi đua 2024``, ``Năm thi đua 2022–2025``, ``Năm thi đua từ 2023`` …: without
        bounds asked for, the years the decisions counted cover, from the first year of a
        period (``year: 2022-2025``) to the last."""
        low, high = self.from_year, self.to_year
        if low is None and high is None:
            if not self.decisions:
                return "Mọi năm thi đua"
            low = min(first_year(d.year) for d in self.decisions)
            high = max(int(d.year) for d in self.decisions)
        if low is not None and high is not None:
            span = str(low) if low == high else f"{low}–{high}"
        elif low is not None:
            span = f"từ {low}"
        else:
            span = f"đến {high}"
        return f"Năm thi đua {span}"

    def heading(self) -> list[str]:
        """The title and the lines under it, as every form of the table prints them."""
        lines = [
            f"{TITLE} THEO {GROUP_HEADERS[self.by].upper()}",
            f"{self.years_text()} ({YEAR_NOTE})",
        ]
        if self.issuers:
            lines.append(f"Cơ quan ban hành: {'; '.join(self.issuers)}")
        return lines

    def notes(self) -> list[str]:
        """What the figures rest on and leave out, for a reader of the table."""
        count = len(self.decisions)
        notes = [
            f"Số liệu của {count:02d} quyết định khen thưởng đã có số trong sổ đăng ký (không "
            "tính số đã hủy); tiền thưởng theo nghị định và mức lương cơ sở có hiệu lực vào "
            "ngày ký của từng quyết định."
            if count
            else "Không có quyết định khen thưởng nào đã có số trong sổ đăng ký "
            f"({self.years_text().lower()})."
        ]
        if not self.decisions_add_up:
            notes.append(
                f"Một quyết định có thể khen thưởng {SEVERAL[self.by]}: dòng {TOTAL} đếm mỗi "
                "quyết định một lần."
            )
        not_built = [d.spec for d in self.left_out if d.reason == "not_built"]
        voided = [f"{d.spec} (số {d.symbol})" for d in self.left_out if d.reason == "voided"]
        if not_built:
            notes.append(
                f"Chưa tính {len(not_built):02d} quyết định chưa có số trong sổ đăng ký (chưa "
                f"tạo văn bản): {', '.join(not_built)}."
            )
        if voided:
            notes.append(
                f"Không tính {len(voided):02d} quyết định có số đã bị hủy và chưa được cấp số "
                f"mới: {', '.join(voided)}."
            )
        replaced = [f"{d.spec} (số {d.symbol})" for d in self.left_out if d.reason == "replaced"]
        if replaced:
            notes.append(
                f"Không tính {len(replaced):02d} quyết định đã được thay thế, sửa đổi hoặc đính "
                f"chính bằng quyết định khác (tính theo quyết định mới): {', '.join(replaced)}."
            )
        if self.unconfirmed:
            notes.append(
                f"Số tiền của {len(self.unconfirmed):02d} quyết định dựa trên giá trị chưa được "
                "xác nhận từ văn bản pháp luật (xem docgen validate)."
            )
        return notes

    def cells(self) -> list[tuple[str, int, int, int, int, int]]:
        """The rows then the total row, as (label, *Figures.values())."""
        return [
            *((r.label, *r.figures.values()) for r in self.rows),
            (TOTAL, *self.total.values()),
        ]


@dataclass
class _Tally:
    decisions: set[str] = field(default_factory=set)
    collectives: int = 0
    individuals: int = 0
    money: int = 0

    def frozen(self) -> Figures:
        return Figures(len(self.decisions), self.collectives, self.individuals, self.money)


def first_year(year: int) -> int:
    """The first year a decision's ``year`` covers: a period's first (2022 for 2022-2025)."""
    return year.first if isinstance(year, YearSpan) else int(year)


def check_years(from_year: int | None, to_year: int | None) -> str | None:
    """Why the years asked for are wrong, or None."""
    if from_year is not None and to_year is not None and from_year > to_year:
        message = f"--from {from_year} is after --to {to_year}"
        return message
    return None


def _money_unconfirmed(ws: Workspace) -> set[str]:
    """The decisions whose money rests on a value not confirmed from the legal text:
    docgen.awards.law warns about those at the decision's date (the eligibility rules a
    decision is checked by, also unconfirmed, are warned about elsewhere and do not touch its
    money)."""
    dates: dict[str, tuple[int | None, int | None]] = {}
    for spec_id, spec in ws.specs.items():
        if isinstance(spec, AwardDecisionSpec):
            shown = ws.spec_display(spec_id)
            at = ws.sources[shown].locate(("date",))
            dates[shown] = (at.line, at.col)
    return {
        w.location.file
        for w in ws.warnings
        if w.code == "LAW-UNCONFIRMED"
        and w.location is not None
        and dates.get(w.location.file) == (w.location.line, w.location.col)
    }


def award_stats(
    ws: Workspace,
    register: Register | None,
    from_year: int | None = None,
    to_year: int | None = None,
    by: By = "year",
    issuer: str | None = None,
) -> StatsTable:
    """Counts and money of every award decision of ``ws`` that ``register`` holds an issued
    number for (None: no register yet, nothing is counted), of the years ``from_year`` to
    ``to_year`` (the decisions' ``year``; None: no bound), of ``issuer`` (None: all), grouped
    ``by`` year, cluster, school or award form."""
    problem = check_years(from_year, to_year)
    if problem is not None:
        raise DocgenError(problem, code="STATS-YEARS")
    if by not in GROUPINGS:
        raise DocgenError(f"unknown grouping '{by}'", code="STATS-BY")
    entries = register.entries() if register is not None else []
    # what each decision gave, as the register recorded it on issue: later edits of the
    # proposals or of the law (a base-salary row) never change an issued decision's figures
    recorded: dict[int, list[IssuedAward]] = {}
    for row in register.issued_awards() if register is not None else []:
        recorded.setdefault(row.entry, []).append(row)
    issued = {e.spec: e for e in entries if e.state == "issued"}
    voided = {e.spec: e for e in entries if e.state == "voided"}
    # decisions a live correcting decision gives its awards in place of
    corrected = {e.corrects for e in issued.values() if e.corrects is not None}
    groups: dict[str, _Tally] = {}
    labels: dict[str, tuple[tuple[object, ...], str]] = {}  # key → (sort key, label)
    total = _Tally()
    counted: list[Counted] = []
    left_out: list[LeftOut] = []
    warned = _money_unconfirmed(ws)
    for spec_id in sorted(ws.specs):
        spec = ws.specs[spec_id]
        if not isinstance(spec, AwardDecisionSpec):
            continue
        if issuer is not None and spec.issuer != issuer:
            continue
        if (from_year is not None and spec.year < from_year) or (
            to_year is not None and spec.year > to_year
        ):
            continue
        display = ws.spec_display(spec_id)
        entry = issued.get(display)
        if entry is None:
            gone = voided.get(display)
            reason: Literal["not_built", "voided"] = "voided" if gone else "not_built"
            left_out.append(LeftOut(display, spec.year, reason, gone.symbol if gone else None))
            continue
        if entry.id in corrected and not recorded.get(entry.id):
            # every award it gave is the correcting decision's now
            left_out.append(LeftOut(display, spec.year, "replaced", entry.symbol))
            continue
        given = _given(ws, spec, recorded.get(entry.id))
        own = _Tally({display})
        for kind, school, money, award_id in given:
            key, order, label = _group(ws, by, spec, award_id, school)
            labels.setdefault(key, (order, label))
            for tally in (groups.setdefault(key, _Tally()), total, own):
                tally.decisions.add(display)
                if kind == "collective":
                    tally.collectives += 1
                else:
                    tally.individuals += 1
                tally.money += money
        total.decisions.add(display)
        # a decision of several awards names them all, in the order of its articles
        award_ids = list(dict.fromkeys(g[3] for g in given)) or spec.award_ids
        rules = [ws.catalogue.get(a) if ws.catalogue is not None else None for a in award_ids]
        names = ", ".join(r.name if r else a for r, a in zip(rules, award_ids, strict=True))
        counted.append(
            Counted(
                display, entry.symbol, entry.date, spec.year, spec.issuer, names, own.frozen(),
            )
        )  # fmt: skip
    rows = sorted(
        (Row(key, labels[key][1], tally.frozen()) for key, tally in groups.items()),
        key=lambda r: labels[r.key][0],
    )
    issuer_ids = [issuer] if issuer is not None else sorted({d.issuer for d in counted})
    return StatsTable(
        by,
        from_year,
        to_year,
        issuer,
        tuple(rows),
        total.frozen(),
        tuple(counted),
        tuple(left_out),
        tuple(ws.issuers[i].name for i in issuer_ids if i in ws.issuers),
        tuple(d.spec for d in counted if d.spec in warned),
    )


def _given(
    ws: Workspace, spec: AwardDecisionSpec, rows: list[IssuedAward] | None
) -> list[tuple[str, str, int, str]]:
    """(kind, school, money, award) of each awardee of an issued decision: as recorded on
    issue, or, for a decision issued before the register kept its awards, from the data."""
    if rows:
        from docgen.awards.history import parse_awardee_key

        given: list[tuple[str, str, int, str]] = []
        for row in rows:
            kind, school, _unit, _name, _born = parse_awardee_key(row.awardee)
            given.append((kind, school, row.money or 0, row.award))
        return given
    return [
        (a.kind, a.school_id, a.amount.value, data.award.id)
        for data in awarded_parts(ws, spec)
        for a in [*data.collectives, *data.individuals]
    ]


def _group(
    ws: Workspace, by: By, spec: AwardDecisionSpec, award: str, school: str
) -> tuple[str, tuple[object, ...], str]:
    """An awardee's group: its key, its place in the table and its label. Years in order,
    clusters as data/schools.yaml lists them (then the bodies outside them), schools and
    bodies by their names in Vietnamese order, award forms as the catalogue lists them."""
    if by == "year":
        # a period after the years it ends with (the register counts it as its last year)
        year = spec.year
        return str(year), (int(year), first_year(year) != int(year), first_year(year)), str(year)
    if by == "form":
        assert ws.catalogue is not None
        rule = ws.catalogue.get(award)
        assert rule is not None  # validated
        return award, (ws.catalogue.awards.index(rule),), rule.name
    if by == "school":
        body = ws.body(school)
        name = body.name if body is not None else school
        return school, (sort_key(name),), name
    # only a school belongs to a cluster: the other bodies (data/bodies.yaml, an issuer) share
    # one row after the clusters, so that the rows still add up to the total
    clusters = list(ws.schools.clusters) if ws.schools is not None else []
    member = ws.schools.schools.get(school) if ws.schools is not None else None
    if ws.schools is None or member is None:
        return "", (len(clusters),), OUTSIDE_CLUSTERS
    cluster = member.cluster
    return cluster, (clusters.index(cluster),), ws.schools.clusters[cluster].short


# -- the table as text and CSV ---------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: combining marks (a decomposed accent) take none."""
    return sum(1 for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))


def aligned(
    rows: Sequence[Sequence[str]], right: Sequence[bool], rule_after: Sequence[int] = ()
) -> str:
    """Rows of cells as aligned text columns two spaces apart (``right``: right-aligned), with a
    rule of dashes under each row index of ``rule_after``."""
    widths = [max((display_width(r[c]) for r in rows), default=0) for c in range(len(right))]
    lines: list[str] = []
    for i, row in enumerate(rows):
        cells = []
        for cell, width, to_right in zip(row, widths, right, strict=True):
            pad = " " * (width - display_width(cell))
            cells.append(pad + cell if to_right else cell + pad)
        lines.append("  ".join(cells).rstrip())
        if i in rule_after:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def stats_text(table: StatsTable, *, decisions: bool = False) -> str:
    """The table as text: its heading, the columns aligned, numbers with dots as thousands
    separators (3.510.000), a total row, then the notes; with ``decisions``, the decisions
    counted too."""
    cells = [list(table.headers)]
    if not table.rows:
        cells.append(["(không có)", *[""] * len(HEADERS)])
    cells += [[label, *(format_money(v) for v in values)] for label, *values in table.cells()]
    rule = [0, len(cells) - 2]
    body = aligned(cells, [False, *[True] * len(HEADERS)], rule)
    parts = ["\n".join(table.heading()), body.rstrip("\n")]
    notes = [
        # a file name is never broken (at its hyphens, or for its length)
        textwrap.fill(
            n,
            NOTE_WIDTH,
            initial_indent="- ",
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        for n in table.notes()
    ]
    if decisions and table.decisions:
        notes.append("- Các quyết định được tính:")
        notes += [
            f"  {d.symbol} ngày {short_date(d.date)} ({d.spec}): {d.award}, "
            f"{d.figures.collectives:02d} tập thể, {d.figures.individuals:02d} cá nhân, "
            f"{format_money(d.figures.money)} đồng"
            for d in table.decisions
        ]
    parts.append("Ghi chú:\n" + "\n".join(notes))
    return "\n\n".join(parts) + "\n"


def stats_csv(table: StatsTable) -> str:
    """The table as CSV text: the header row, a row for each group, the total row; numbers as
    plain digits, so that a spreadsheet reads them as numbers (no BOM)."""
    return csv_text(table.headers, table.cells())


def export_csv(table: StatsTable, path: str | Path) -> Path:
    """Write the CSV: UTF-8 with a BOM, so that Excel shows the Vietnamese (as the register
    book's CSV, register/export.py)."""
    target = Path(path)
    write_atomic(target, ("\ufeff" + stats_csv(table)).encode("utf-8"))
    return target
