"""``docgen stats``: the figures across years against the decisions themselves, the years asked
for, the three forms of the table (text, CSV, a workbook Calc prints) and the option errors."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from docgen.api import build, validate_workspace
from docgen.awards.kinds.decision_award import awarded_parts
from docgen.awards.specs import AwardDecisionSpec
from docgen.awards.stats import (
    GROUPINGS,
    HEADERS,
    Figures,
    StatsTable,
    aligned,
    award_stats,
    check_years,
    display_width,
)
from docgen.cli.stats import _format_of
from docgen.data.period import YearSpan
from docgen.data.places import settings_register
from docgen.documents.pdf import find_soffice
from docgen.register import open_register
from docgen.vn.numbers import format_money
from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import run
from tests.support.docx_inspect import iter_paragraphs
from tests.support.pdf_inspect import page_count, page_text, require_poppler
from tests.support.tools import require

HV = "quyet-dinh-khen-thuong-2024"
UBND = "quyet-dinh-khen-thuong-ubnd-nghe-an-2024"
LATER = "quyet-dinh-khen-thuong-ubnd-nghe-an-2025"  # re-dated by add_2025_decision
# the Học viện's decision at the close of the term: a period (year: 2022-2025), two awards (its
# own title without money for collectives, the Giám đốc's Bằng khen for individuals)
TERM = "quyet-dinh-tong-ket-2022-2025"
CITED = [
    "ke-hoach-1247-phat-dong",
    "ke-hoach-2024",
    "bien-ban-hoi-dong-2024",
    "bao-cao-tong-ket-2022-2025",
]  # cited by the decisions
DECISIONS = [HV, UBND, LATER, TERM]  # every award decision of the example, built


def example_decisions() -> list[str]:
    """The example workspace's award decisions (data/documents/, kind decision_award)."""
    workspace = validate_workspace(ROOT)
    return sorted(k for k, v in workspace.specs.items() if isinstance(v, AwardDecisionSpec))


def add_2025_decision(ws: Path) -> None:
    """The example's 2025 decision of the Chairman's Bằng khen, dated here 05/01/2026: paid by
    Nghị định 152/2025 (in force from 1 Jul 2025: 1.5 × base salary), where the 2024 decisions
    pay by Nghị định 98/2023; and counted in 2025, its year, not in 2026, the year it is dated."""
    spec = ws / f"data/documents/{LATER}.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "date: 2025-12-26" in text
    spec.write_text(text.replace("date: 2025-12-26", "date: 2026-01-05"), encoding="utf-8")


@pytest.fixture(scope="module")
def stats_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples with a 2025 decision, every award decision built (numbered)."""
    assert sorted(DECISIONS) == example_decisions()  # none left out unseen
    ws = make_workspace(tmp_path_factory.mktemp("stats"))
    add_2025_decision(ws)
    report = build(ws, ws / "output", only=[*CITED, *DECISIONS])
    assert not report.failed, [d.error.format() for d in report.failed if d.error]
    return ws


def table_of(ws: Path, by: str = "year", **years: int | None) -> StatsTable:
    workspace = validate_workspace(ws)
    register = open_register(settings_register(workspace))
    return award_stats(workspace, register, by=by, **years)  # type: ignore[arg-type]


def expected(ws: Path, by: str, decisions: list[str]) -> dict[str, Figures]:
    """Each group's figures, added up here from each decision's own list."""
    workspace = validate_workspace(ws)
    assert workspace.schools is not None
    tallies: dict[str, tuple[set[str], int, int, int]] = {}
    for spec_id in decisions:
        spec = workspace.specs[spec_id]
        assert isinstance(spec, AwardDecisionSpec)
        parts = awarded_parts(workspace, spec)  # one part per award
        for part, awardee in ((p, a) for p in parts for a in [*p.collectives, *p.individuals]):
            school = workspace.schools.schools.get(awardee.school_id)
            key = {
                "year": str(spec.year),
                "school": awardee.school_id,
                # a body that is no school (data/bodies.yaml) is in the row outside clusters
                "cluster": school.cluster if school is not None else "",
                "form": part.award.id,
            }[by]
            seen, c, i, money = tallies.get(key, (set(), 0, 0, 0))
            tallies[key] = (
                seen | {spec_id},
                c + (awardee.kind == "collective"),
                i + (awardee.kind == "individual"),
                money + awardee.amount.value,
            )
    return {k: Figures(len(s), c, i, m) for k, (s, c, i, m) in tallies.items()}


def printed_figures(path: Path) -> tuple[int, int, int]:
    """(collectives, individuals, money) as the decision's articles print them: each award's
    "Điều N. Tặng … cho NN tập thể và NN cá nhân", the money article's total."""
    text = "\n".join(p.text for p in iter_paragraphs(Document(str(path))))
    whom = re.findall(
        r"^Điều \d+\. Tặng .*? cho (?:(\d+) tập thể)?(?: và )?(?:(\d+) cá nhân)?", text, re.M
    )
    money = re.search(r"Tổng số tiền thưởng: ([\d.]+) đồng", text)
    assert whom and any(c or i for c, i in whom) and money, text[:500]
    return (
        sum(int(c or 0) for c, _ in whom),
        sum(int(i or 0) for _, i in whom),
        int(money.group(1).replace(".", "")),
    )


# -- the figures ------------------------------------------------------------------------------


@pytest.mark.parametrize("by", GROUPINGS)
def test_each_group_adds_up_the_decisions_lists(stats_ws: Path, by: str) -> None:
    table = table_of(stats_ws, by)
    assert {r.key: r.figures for r in table.rows} == expected(stats_ws, by, DECISIONS)
    assert sum(r.figures.money for r in table.rows) == table.total.money
    assert sum(r.figures.total for r in table.rows) == table.total.total
    assert table.total.decisions == len(DECISIONS) and not table.left_out


def test_the_total_is_what_the_decisions_print(stats_ws: Path) -> None:
    """The documents as a reader sees them: Điều 1's counts and Điều 2's total money."""
    printed = [
        printed_figures(stats_ws / "output" / name)
        for name in (
            "quyet-dinh-khen-thuong-2024-HVCTQG.docx",
            "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx",
            "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx",
            "quyet-dinh-tong-ket-2022-2025-HVCTQG.docx",
        )
    ]
    total = table_of(stats_ws).total
    assert (total.collectives, total.individuals, total.money) == tuple(
        sum(p[k] for p in printed) for k in range(3)
    )
    # 2024, Nghị định 98/2023: 1.0 × 2,340,000 (a collective twice); 2026, Nghị định
    # 152/2025: 1.5 × 2,340,000 = 3,510,000 (a collective 7,020,000)
    assert printed[1] == (1, 2, 4_680_000 + 2 * 2_340_000)
    assert printed[2] == (1, 2, 7_020_000 + 2 * 3_510_000)
    # the term's: the title for 3 collectives, no money; the Bằng khen for 3 people, 3,510,000
    assert printed[3] == (3, 3, 3 * 3_510_000)


def test_years_are_the_decisions_year_and_filter(stats_ws: Path) -> None:
    by_year = table_of(stats_ws, "year")
    # the period reads as such, after the year it ends with
    assert [(r.label, r.figures.decisions) for r in by_year.rows] == [
        ("2024", 2),
        ("2025", 1),
        ("2022-2025", 1),
    ]
    assert by_year.years_text() == "Năm thi đua 2022–2025"
    # the period counts as of its last year, as the register keeps it: from 2025, not to 2024
    later = table_of(stats_ws, "school", from_year=2025)
    assert [(d.spec, d.year, d.date.year) for d in later.decisions] == [
        (f"data/documents/{LATER}.yaml", 2025, 2026),
        (f"data/documents/{TERM}.yaml", YearSpan(2022, 2025), 2025),
    ]
    assert table_of(stats_ws, from_year=2026).total == Figures()
    in_2025 = expected(stats_ws, "year", [LATER, TERM])
    assert later.total == Figures(
        2,
        *(
            sum(getattr(f, k) for f in in_2025.values())
            for k in ("collectives", "individuals", "money")
        ),
    )
    earlier = table_of(stats_ws, "form", to_year=2024)
    assert {d.year for d in earlier.decisions} == {2024} and earlier.total.decisions == 2
    assert earlier.years_text() == "Năm thi đua đến 2024"
    assert table_of(stats_ws, from_year=2024, to_year=2025).total == by_year.total


def test_a_year_without_decisions_is_an_empty_table_not_an_error(stats_ws: Path) -> None:
    code, out, err = run(stats_ws, "stats", "--from", "2026", "--by", "school")
    assert code == 0, err
    assert "Năm thi đua từ 2026" in out
    assert "(không có)" in out
    assert re.search(r"^Tổng cộng +0 +0 +0 +0 +0$", out, re.MULTILINE), out
    assert "Không có quyết định khen thưởng nào đã có số trong sổ đăng ký" in out


def test_decisions_not_built_are_left_out_and_named(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    build(ws, ws / "output", only=[*CITED, HV])
    code, out, err = run(ws, "stats")
    assert code == 0, err
    table = table_of(ws)
    assert [d.spec for d in table.decisions] == [f"data/documents/{HV}.yaml"]
    others = [d for d in example_decisions() if d != HV]  # in the order of their names
    assert [(d.spec, d.reason) for d in table.left_out] == [
        (f"data/documents/{d}.yaml", "not_built") for d in others
    ]
    for other in others:
        assert (
            f"data/documents/{other}.yaml: warning[STATS-LEFT-OUT]: not counted: this decision "
            "has no number in the register yet"
        ) in err
        assert f"data/documents/{other}.yaml" in out.replace("\n  ", " ")
    assert f"Chưa tính {len(others):02d} quyết định chưa có số trong sổ đăng ký" in out


def test_without_a_register_nothing_counts_and_none_is_created(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    (ws / "register.sqlite").unlink()
    code, out, _ = run(ws, "stats")
    assert code == 0
    assert f"Chưa tính {len(example_decisions()):02d} quyết định" in out
    assert not (ws / "register.sqlite").exists()


def test_a_decision_of_two_awards_is_in_both_forms_and_counted_once(stats_ws: Path) -> None:
    """The term's decision: its own title (no money) and the Giám đốc's Bằng khen."""
    table = table_of(stats_ws, "form")
    rows = {r.key: r.figures for r in table.rows}
    assert rows["tap-the-tieu-bieu-hv"] == Figures(1, 3, 0, 0)
    assert rows["bang-khen-giam-doc-hv"].decisions == 2  # the 2024 decision's and the term's
    assert sum(r.figures.decisions for r in table.rows) == len(DECISIONS) + 1
    assert table.total.decisions == len(DECISIONS) and not table.decisions_add_up
    code, out, err = run(stats_ws, "stats", "--by", "form")
    assert code == 0, err
    assert "Tập thể tiêu biểu xuất sắc" in out
    assert (
        "Một quyết định có thể khen thưởng bằng nhiều hình thức: dòng Tổng cộng đếm mỗi quyết "
        "định một lần."
    ) in " ".join(line.strip() for line in out.splitlines())


def test_an_issuer_alone(stats_ws: Path) -> None:
    table = table_of(stats_ws)
    workspace = validate_workspace(stats_ws)
    only = award_stats(
        workspace, open_register(settings_register(workspace)), issuer="ubnd-nghe-an"
    )
    assert only.total.decisions == 2
    assert only.issuers == ("Ủy ban nhân dân tỉnh Nghệ An",)
    hvctqg = expected(stats_ws, "year", [HV, TERM])  # the Học viện's decisions
    assert only.total.money == table.total.money - sum(f.money for f in hvctqg.values())


# -- the three forms of the table ------------------------------------------------------------


def test_the_text_table_is_vietnamese_aligned_with_dots(stats_ws: Path) -> None:
    code, out, err = run(stats_ws, "stats", "--by", "school")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "THỐNG KÊ KHEN THƯỞNG THEO TRƯỜNG, ĐƠN VỊ"
    # from the first year of the term's period to the last year of any decision
    assert lines[1].startswith("Năm thi đua 2022–2025 (năm thi đua ghi ở mục year")
    header = next(i for i, line in enumerate(lines) if line.startswith("Trường, đơn vị "))
    assert lines[header].split("  ")[0].strip() == "Trường, đơn vị"
    assert re.split(r"\s{2,}", lines[header])[1:] == list(HEADERS)
    rows = lines[header + 2 : lines.index("", header)]
    table = table_of(stats_ws, "school")
    money = [line for line in rows if not line.startswith("-")]
    assert len(money) == len(table.rows) + 1
    # the figures right-aligned: every row ends at the same column, the header's
    assert {display_width(line) for line in money} == {display_width(lines[header])}
    total = money[-1]
    assert total.startswith("Tổng cộng")
    assert total.split()[-5:] == [
        str(len(DECISIONS)),
        str(table.total.collectives),
        str(table.total.individuals),
        str(table.total.total),
        f"{table.total.money:,}".replace(",", "."),
    ]
    # 163.800.000 (the Học viện, 58 after the council's vote) + the two UBND Nghệ An decisions
    # (187.200.000) + 10.530.000 (the term's Bằng khen, 3 people; its title has no money)
    assert "Trường Chính trị tỉnh Nghệ An" in out and "197.730.000" in total
    assert format_money(table.total.money) == "197.730.000"
    assert "Viện Xây dựng Đảng" in out  # a body of data/bodies.yaml, as a school is
    assert "Một quyết định có thể khen thưởng cho nhiều trường, đơn vị" in out


def test_csv_reads_back(stats_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "thong-ke.csv"
    code, stdout, err = run(stats_ws, "stats", "--by", "cluster", "--out", str(out))
    assert code == 0, err
    assert stdout.strip() == f"wrote {out} ({len(DECISIONS)} decisions counted, 0 left out)"
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Cụm thi đua", *HEADERS]
    table = table_of(stats_ws, "cluster")
    assert rows[1:-1] == [[r.label, *map(str, r.figures.values())] for r in table.rows]
    assert rows[-1] == ["Tổng cộng", *map(str, table.total.values())]
    for column in range(2, 6):  # the counts and the money add up; decisions are counted once
        assert sum(int(r[column]) for r in rows[1:-1]) == int(rows[-1][column])
    assert run(stats_ws, "stats", "--format", "csv")[1].startswith("Năm,Số quyết định,")


def test_the_workbook_has_headers_totals_and_number_formats(stats_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "thong-ke.xlsx"
    code, _, err = run(stats_ws, "stats", "--by", "school", "--format", "xlsx", "--out", str(out))
    assert code == 0, err
    sheet = openpyxl.load_workbook(out)["Thống kê"]
    assert sheet["A1"].value == "THỐNG KÊ KHEN THƯỞNG THEO TRƯỜNG, ĐƠN VỊ"
    header = next(r for r in range(1, 10) if sheet.cell(row=r, column=1).value == "Trường, đơn vị")
    assert [c.value for c in sheet[header]] == ["Trường, đơn vị", *HEADERS]
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    table = table_of(stats_ws, "school")
    first, last = header + 1, header + len(table.rows)
    for r, row in enumerate(table.rows, first):
        assert [c.value for c in sheet[r]] == [row.label, *row.figures.values()]
        assert sheet.cell(row=r, column=6).number_format == "#,##0"
        assert sheet.cell(row=r, column=3).number_format == "#,##0"
    total = [c.value for c in sheet[last + 1]]
    assert total[0] == "Tổng cộng"
    # one decision awards several schools: counted once, not summed
    assert total[1] == len(DECISIONS)
    assert total[2:] == [f"=SUM({col}{first}:{col}{last})" for col in "CDEF"]
    assert sheet.cell(row=last + 1, column=6).font.b
    notes = [sheet.cell(row=r, column=1).value for r in range(last + 2, sheet.max_row + 1)]
    counted = f"Số liệu của {len(DECISIONS):02d} quyết định khen thưởng"
    assert any(n and n.startswith(counted) for n in notes)


@pytest.mark.libreoffice
def test_calc_prints_the_workbook_on_one_page_with_docgens_totals(
    stats_ws: Path, tmp_path: Path
) -> None:
    require("calc")
    require_poppler()
    out = tmp_path / "thong-ke.xlsx"
    assert run(stats_ws, "stats", "--by", "school", "--out", str(out))[0] == 0
    soffice = find_soffice()
    assert soffice is not None
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "thong-ke.pdf"
    assert page_count(pdf) == 1
    text = page_text(pdf, 1)
    total = next(line for line in text.splitlines() if "Tổng cộng" in line)
    table = table_of(stats_ws, "school")
    # Calc computed the formulas; it shows them with its locale's thousands separator
    assert re.sub(r"[.,]", "", total.split()[-1]) == str(table.total.money)
    assert "THỐNG KÊ KHEN THƯỞNG THEO TRƯỜNG, ĐƠN VỊ" in text
    assert "Trường Chính trị tỉnh Nghệ An" in text


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected_line"),
    [
        (["--from", "2025", "--to", "2024"],
         "--from: error[STATS-YEARS]: --from 2025 is after --to 2024"),
        (["--by", "truong"],
         "--by: error[OPTION-CHOICE]: 'truong' is not a value of --by (choose: year, cluster, "
         "school, form)"),
        (["--format", "csv", "--out", "x.xlsx"],
         "--out: error[STATS-FORMAT]: x.xlsx: --format csv is written to a .csv file"),
        (["--format", "xlsx"],
         "--format: error[STATS-FORMAT]: an Excel workbook is written to a file: give --out "
         "FILE.xlsx"),
        (["--out", "x.pdf"],
         "--out: error[STATS-FORMAT]: x.pdf: the statistics are written as .txt, .csv, .xlsx"),
        (["--issuer", "khong-co"],
         "--issuer: error[DATA-REF]: unknown issuer 'khong-co' (known: hd-tdkt-hvctqg, "
         "hd-tdkt-nghe-an, hvctqg, snv-nghe-an, "
         "tct-can-tho, tct-da-nang, tct-lao-cai, tct-nghe-an, ubnd-nghe-an)"),
        (["--out", "data/thong-ke.csv"],
         "error[OUTPUT-PROTECTED]: refusing to write documents into data/"),
    ],
)  # fmt: skip
def test_option_errors_are_located_and_exit_2_or_5(
    tmp_path: Path, args: list[str], expected_line: str
) -> None:
    ws = make_workspace(tmp_path)
    code, out, err = run(ws, "stats", *[str(ws / a) if a.startswith("data/") else a for a in args])
    assert code == (5 if "OUTPUT" in expected_line else 2)
    assert expected_line in err, err
    assert "Traceback" not in err and out == ""


def test_errors_are_vietnamese_by_default(tmp_path: Path) -> None:
    import os
    import sys

    ws = make_workspace(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "DOCGEN_LANG"}
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "-C", str(ws), "stats", "--from", "2025", "--to", "2024",
         "--by", "school"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("--from: lỗi[STATS-YEARS]: --from 2025 sau --to 2024")
    bad = subprocess.run(
        [sys.executable, "-m", "docgen", "-C", str(ws), "stats", "--by", "x"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "--by: lỗi[OPTION-CHOICE]: 'x' không phải là giá trị của --by" in bad.stderr


# -- pure helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [("", 0), ("Năm", 3), ("Nghe\u0302\u0323 An", 7), ("Tổng cộng", 9), ("Đồng", 4)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


@pytest.mark.parametrize(
    ("rows", "right", "rule", "text"),
    [
        ([["a", "1"], ["bb", "22"]], [False, True], [], "a    1\nbb  22\n"),
        ([["Năm", "Tiền"], ["2024", "5"]], [False, True], [0],
         "Năm   Tiền\n----  ----\n2024     5\n"),
        ([["x", ""]], [False, False], [], "x\n"),
    ],
)  # fmt: skip
def test_aligned(rows: list[list[str]], right: list[bool], rule: list[int], text: str) -> None:
    assert aligned(rows, right, rule) == text


@pytest.mark.parametrize(
    ("low", "high", "problem"),
    [(None, None, None), (2024, None, None), (2024, 2024, None),
     (2025, 2024, "--from 2025 is after --to 2024")],
)  # fmt: skip
def test_check_years(low: int | None, high: int | None, problem: str | None) -> None:
    assert check_years(low, high) == problem


@pytest.mark.parametrize(
    ("low", "high", "years", "text"),
    [
        (None, None, [], "Mọi năm thi đua"),
        (None, None, [2024], "Năm thi đua 2024"),
        (None, None, [2022, 2025], "Năm thi đua 2022–2025"),
        # a period is a span of years, not a year after the others
        (None, None, [2024, YearSpan(2022, 2025)], "Năm thi đua 2022–2025"),
        (None, None, [YearSpan(2022, 2025), 2026], "Năm thi đua 2022–2026"),
        (None, None, [YearSpan(2019, 2025)], "Năm thi đua 2019–2025"),
        (2023, None, [2024], "Năm thi đua từ 2023"),
        (None, 2024, [2024], "Năm thi đua đến 2024"),
        (2024, 2024, [], "Năm thi đua 2024"),
    ],
)
def test_years_text(low: int | None, high: int | None, years: list[int], text: str) -> None:
    import datetime as dt

    from docgen.awards.stats import Counted

    decisions = tuple(
        Counted("x.yaml", "1/QĐ", dt.date(int(y), 12, 1), y, "i", "Bằng khen", Figures())
        for y in years
    )
    table = StatsTable("year", low, high, None, (), Figures(), decisions, ())
    assert table.years_text() == text


@pytest.mark.parametrize(
    ("fmt", "out", "chosen", "code"),
    [
        (None, None, "text", None),
        (None, "a.csv", "csv", None),
        (None, "a.XLSX", "xlsx", None),
        (None, "a.txt", "text", None),
        (None, "a.pdf", "text", "STATS-FORMAT"),
        ("csv", None, "csv", None),
        ("xlsx", None, "xlsx", "STATS-FORMAT"),
        ("xlsx", "a.xlsx", "xlsx", None),
        ("text", "a.csv", "text", "STATS-FORMAT"),
    ],
)
def test_format_of(fmt: str | None, out: str | None, chosen: str, code: str | None) -> None:
    found, problems = _format_of(fmt, Path(out) if out else None)
    assert found == chosen
    assert [p.code for p in problems] == ([code] if code else [])


def test_only_money_on_unconfirmed_values_is_noted(stats_ws: Path) -> None:
    """The 2024 decisions pay by Nghị định 98/2023, whose coefficients are not confirmed; the
    2025 one and the term's (22/12/2025) pay by Nghị định 152/2025, confirmed. The eligibility
    rules every decision is checked by are unconfirmed too, but they do not touch the money."""
    table = table_of(stats_ws)
    assert sorted(table.unconfirmed) == [f"data/documents/{HV}.yaml", f"data/documents/{UBND}.yaml"]
    code, out, err = run(stats_ws, "stats")
    assert code == 0, err
    assert "Số tiền của 02 quyết định dựa trên giá trị chưa được" in out
