"""Law by date: which decree table is in force, dates without one, unconfirmed values, and the
decree a built decision cites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from docgen.api import build
from docgen.data.workspace import load_workspace
from docgen.register import open_register
from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import edit, run
from tests.support.docx_inspect import iter_paragraphs

NGHE_AN = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2024.yaml"
HV = "data/documents/quyet-dinh-khen-thuong-2024.yaml"
ND98 = "data/law/decrees/nd-98-2023.yaml"
ND152 = "data/law/decrees/nd-152-2025.yaml"
CITES_98 = (
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
    "tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
)
CITES_152 = (
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân "
    "cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành "
    "một số điều của Luật Thi đua, khen thưởng;"
)


def decree_warnings(err: str) -> int:
    """The warnings about unconfirmed values of the decree tables (the eligibility rules, the
    vote rules and the forms of the achievement reports have their own)."""
    return sum(
        "warning[LAW-UNCONFIRMED]: uses " in line and "(data/law/decrees/" in line
        for line in err.splitlines()
    )


def texts(path: Path) -> list[str]:
    return [p.text for p in iter_paragraphs(Document(str(path)))]


@pytest.mark.parametrize(
    ("day", "number"),
    [
        (dt.date(2017, 9, 30), None),  # before Nghị định 91/2017
        (dt.date(2017, 10, 1), "91/2017/NĐ-CP"),
        (dt.date(2023, 12, 31), "91/2017/NĐ-CP"),
        (dt.date(2024, 1, 1), "98/2023/NĐ-CP"),
        (dt.date(2025, 6, 30), "98/2023/NĐ-CP"),
        (dt.date(2025, 7, 1), "152/2025/NĐ-CP"),
        (dt.date(2031, 1, 1), "152/2025/NĐ-CP"),  # in force until a table ends it
    ],
)
def test_the_table_in_force_on_a_day(day: dt.date, number: str | None) -> None:
    law = load_workspace(ROOT).law
    assert law is not None
    table = law.table_on(day)
    assert (table.data.number if table else None) == number


def test_every_value_cites_its_article() -> None:
    law = load_workspace(ROOT).law
    assert law is not None
    for table in law.tables:
        short = table.data.number.split("/NĐ-CP")[0]  # "98/2023"
        assert short in table.data.rounding.source
        for category in table.data.categories.values():
            for money in (category.individual, category.collective):
                assert money is None or (short in money.source and "Điều" in money.source)


# (decree row, the article of the Law of 2022 on who decides it): Điều 78 khoản 2 for the
# Prime Minister, Điều 79 for ministers and provincial chairmen, Điều 80 for heads of units and
# commune chairmen (Công báo số 571 + 572 ngày 15/7/2022, p. 57)
WHO_DECIDES = [
    ("bang-khen-ttg", "Luật Thi đua, khen thưởng 2022, Điều 78 khoản 2"),
    ("bang-khen-bo-tinh", "Luật Thi đua, khen thưởng 2022, Điều 79"),
    ("giay-khen-chu-tich-xa", "Luật Thi đua, khen thưởng 2022, Điều 80 khoản 3"),
]


@pytest.mark.parametrize("number", ["98/2023/NĐ-CP", "152/2025/NĐ-CP"])
@pytest.mark.parametrize(("row", "article"), WHO_DECIDES)
def test_who_decides_cites_the_article_of_the_law(number: str, row: str, article: str) -> None:
    law = load_workspace(ROOT).law
    assert law is not None
    table = next(t.data for t in law.tables if t.data.number == number)
    issued_by = table.categories[row].issued_by
    assert issued_by is not None and issued_by.source == article
    giay_khen = table.categories["giay-khen"].issued_by
    assert giay_khen is not None and "Điều 80 khoản 1" in giay_khen.source


# (what is changed, file, old text, new text, the exact error line)
NO_TABLE = [
    pytest.param(
        NGHE_AN,
        "date: 2024-12-26",
        "date: 2017-09-30",
        f"{NGHE_AN}:7:7: error[DATA-LAW-DATE]: no decree table is in force on 30/09/2017 (the "
        "tables cover: 91/2017/NĐ-CP 01/10/2017 – 31/12/2023; 98/2023/NĐ-CP 01/01/2024 – "
        "30/06/2025; 152/2025/NĐ-CP 01/07/2025 – …)",
        id="before-the-first-decree",
    ),
    pytest.param(
        ND98,
        "to: 2025-06-30",
        "to: 2024-06-30",
        f"{NGHE_AN}:7:7: error[DATA-LAW-DATE]: no decree table is in force on 26/12/2024 (the "
        "tables cover: 91/2017/NĐ-CP 01/10/2017 – 31/12/2023; 98/2023/NĐ-CP 01/01/2024 – "
        "30/06/2024; 152/2025/NĐ-CP 01/07/2025 – …)",
        id="a-gap-between-decrees",
    ),
    pytest.param(
        "data/law/base_salary.yaml",
        "from: 2017-07-01",
        "from: 2017-10-02",
        f"{NGHE_AN}:7:7: error[DATA-LAW-DATE]: no base salary is known on 01/10/2017 "
        "(data/law/base_salary.yaml starts on 02/10/2017)",
        id="a-decree-but-no-base-salary",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "message"), NO_TABLE)
def test_a_date_with_no_table_is_a_data_error(
    tmp_path: Path, rel: str, old: str, new: str, message: str
) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, rel, old, new)
    if rel == "data/law/base_salary.yaml":  # the first day of Nghị định 91/2017
        date_nghe_an_2024(ws, "2017-10-01")
    code, out, err = run(ws, "validate")
    assert code == 2
    assert message in err.splitlines()
    assert "Traceback" not in err and out == ""


def date_nghe_an_2024(ws: Path, day: str) -> None:
    """Move the province's 2024 decision, and the two proposals it decides, to ``day``'s year."""
    year = day[:4]
    edit(ws, NGHE_AN, "date: 2024-12-26", f"date: {day}")
    edit(ws, "data/proposals/2024/nghe-an-ubnd.yaml", "date: 2024-11-20", f"date: {year}-09-20")
    edit(ws, "data/proposals/2024/nghe-an.yaml", "date: 2024-11-04", f"date: {year}-09-04")


def test_a_decision_of_2018_pays_by_the_base_salary_of_2018(tmp_path: Path) -> None:
    """Nghị định 91/2017 pays from 01/10/2017: the base salary of its first years (1.300.000
    from 01/7/2017, 1.390.000 from 01/7/2018) is known, so a decision of 2018 is paid."""
    ws = make_workspace(tmp_path / "ws")
    date_nghe_an_2024(ws, "2018-12-26")
    code, _out, err = run(ws, "validate")
    assert code == 0, err
    assert (
        "uses the base salary 1.390.000 đồng, not confirmed from the legal text: Nghị định "
        "72/2018/NĐ-CP"
    ) in err
    report = build(
        ws,
        tmp_path / "out",
        only=["quyet-dinh-khen-thuong-ubnd-nghe-an-2024"],
        register=open_register(tmp_path / "register.sqlite", create=True).target,
    )
    assert not report.failed, [d.error.format() for d in report.failed if d.error]
    joined = "\n".join(texts(report.documents[0].output))
    award = "được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh kèm theo mức tiền thưởng"
    # Nghị định 91/2017: 1,0 × 1.390.000 for a person, twice that for a collective
    assert f"mỗi cá nhân {award} 1.390.000 đồng" in joined
    assert f"Mỗi tập thể {award} 2.780.000 đồng" in joined
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017" in joined


def test_two_tables_in_force_on_one_day(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, ND98, "to: 2025-06-30", "to: 2025-07-31")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{ND152}:25:7: error[DATA-LAW-OVERLAP]: 152/2025/NĐ-CP starts on 01/07/2025, while "
        f"98/2023/NĐ-CP is still in force (01/01/2024 – 31/07/2025, {ND98})"
    ) in err


def test_a_decree_table_is_validated_on_load(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(
        ws,
        ND152,
        "      times_individual: 2\n",
        "      times_individual: 2\n      coefficient: 3\n",
    )
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{ND152}:52:7: error[DATA-VALUE]: give either 'coefficient' or 'times_individual' for a "
        "collective"
    ) in err


def test_an_unconfirmed_value_in_use_is_a_warning(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    code, out, err = run(ws, "validate")
    assert code == 0
    assert out.startswith("data OK:")
    assert decree_warnings(err) == 4  # two for each 2024 decision
    line = next(x for x in err.splitlines() if x.startswith(f"{NGHE_AN}:7:7: warning"))
    assert line == (
        f"{NGHE_AN}:7:7: warning[LAW-UNCONFIRMED]: uses the coefficient 1.0 of 'Bằng khen của "
        "Chủ tịch Ủy ban nhân dân tỉnh', not confirmed from the legal text: Nghị định "
        f"98/2023/NĐ-CP, Điều 58 khoản 1 điểm b ({ND98}:58:7) — not read in the decree; 1,0 in "
        "ND 91/2017 Điều 73, raised to 1,5 by ND 152/2025 Điều 54"
    )
    # once the value is confirmed in the data, its warnings (for both decisions) go
    edit(
        ws,
        ND98,
        "      source: Nghị định 98/2023/NĐ-CP, Điều 58 khoản 1 điểm b\n      confirmed: false",
        "      source: Nghị định 98/2023/NĐ-CP, Điều 58 khoản 1 điểm b\n      confirmed: true",
    )
    code, out, err = run(ws, "validate")
    assert code == 0 and decree_warnings(err) == 2
    assert "coefficient 1.0" not in err and "collective multiplier 2" in err


def test_a_table_with_unconfirmed_dates_warns_the_documents_it_pays(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, NGHE_AN, "date: 2024-12-26", "date: 2023-12-26")
    edit(ws, "data/proposals/2024/nghe-an.yaml", "date: 2024-11-04", "date: 2023-11-04")
    edit(ws, "data/proposals/2024/nghe-an-ubnd.yaml", "date: 2024-11-20", "date: 2023-11-20")
    code, _out, err = run(ws, "validate")
    assert code == 0
    assert (
        f"{NGHE_AN}:7:7: warning[LAW-UNCONFIRMED]: uses the dates in force 01/10/2017 – "
        "31/12/2023, not confirmed from the legal text: Nghị định 91/2017/NĐ-CP (hiệu lực "
        "01/10/2017); Nghị định 98/2023/NĐ-CP thay thế từ 01/01/2024 "
        "(data/law/decrees/nd-91-2017.yaml:11:7) — the start date reported by plo.vn (press); "
    ) in err
    assert "uses the rounding up to 10.000 đồng" in err  # Điều 68 khoản 2: wording not read


def test_an_unconfirmed_base_salary_in_use_is_a_warning(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, NGHE_AN, "date: 2024-12-26", "date: 2026-07-01")
    code, _out, err = run(ws, "validate")
    assert code == 0
    assert (
        f"{NGHE_AN}:7:7: warning[LAW-UNCONFIRMED]: uses the base salary 2.530.000 đồng, not "
        "confirmed from the legal text: Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2 "
        "(data/law/base_salary.yaml:"
    ) in err


def test_a_decree_cited_in_text_out_of_force_is_a_warning(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(
        ws,
        NGHE_AN,
        "  - law: decree\n",
        "  - Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ\n",
    )
    code, _out, err = run(ws, "validate")
    assert code == 0
    assert (
        f"{NGHE_AN}:16:5: warning[LAW-CITATION]: cites Nghị định 152/2025/NĐ-CP, which is not in "
        "force on 26/12/2024 (01/07/2025 – …); 98/2023/NĐ-CP is in force then"
    ) in err


@pytest.mark.parametrize(
    ("day", "cites", "not_cited", "individual", "collective"),
    [
        ("2024-12-26", CITES_98, CITES_152, "2.340.000", "4.680.000"),  # the example's date
        ("2025-07-15", CITES_152, CITES_98, "3.510.000", "7.020.000"),  # after 1 Jul 2025
    ],
)
def test_a_built_decision_cites_and_pays_by_the_decree_of_its_date(
    tmp_path: Path, day: str, cites: str, not_cited: str, individual: str, collective: str
) -> None:
    ws = make_workspace(tmp_path / "ws")
    edit(ws, NGHE_AN, "date: 2024-12-26", f"date: {day}")
    report = build(
        ws,
        tmp_path / "out",
        only=["quyet-dinh-khen-thuong-ubnd-nghe-an-2024"],
        register=open_register(tmp_path / "register.sqlite", create=True).target,
    )
    assert not report.failed, [d.error.format() for d in report.failed if d.error]
    body = texts(report.documents[0].output)
    assert cites in body and not_cited not in body
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in body
    joined = "\n".join(body)
    award = "được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh kèm theo mức tiền thưởng"
    assert f"mỗi cá nhân {award} {individual} đồng" in joined
    assert f"Mỗi tập thể {award} {collective} đồng" in joined


def test_the_academys_2024_decision_cites_the_decree_of_its_date(
    outputs: dict[str, Path],
) -> None:
    body = texts(outputs["quyet-dinh-khen-thuong-2024-HVCTQG.docx"])
    assert CITES_98 in body and CITES_152 not in body


def _break_money(ws: Path, category: str) -> str:
    """Set the first coefficient of ``category`` in Nghị định 98/2023's table to 0 (as the
    issue's clerk did for 91/2017); returns its place, file:line:col."""
    lines = (ws / ND98).read_text(encoding="utf-8").splitlines(keepends=True)
    row = lines.index(f"  {category}:\n")
    n = next(i for i in range(row, len(lines)) if "coefficient: " in lines[i])
    col = lines[n].index("coefficient: ") + len("coefficient: ") + 1
    lines[n] = lines[n][: col - 1] + "0\n"
    (ws / ND98).write_text("".join(lines), encoding="utf-8")
    return f"{ND98}:{n + 1}:{col}"


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error[" in line]


@pytest.mark.parametrize(
    "category",
    [
        pytest.param("bang-khen-ttg", id="a-row-no-document-pays-by"),
        pytest.param("bang-khen-bo-tinh", id="the-row-the-2024-decisions-pay-by"),
    ],
)
def test_a_bad_row_of_a_decree_table_is_one_error(tmp_path: Path, category: str) -> None:
    """Issue 25 item 7: `coefficient: 0` in one row dropped the whole table, and every document
    of its period got "no decree table is in force" (six here): now the row alone."""
    ws = make_workspace(tmp_path)
    where = _break_money(ws, category)
    code, out, err = run(ws, "validate")
    assert code == 2 and out == ""
    assert _errors(err) == [f"{where}: error[DATA-VALUE]: 'coefficient' must be more than 0"]


def test_a_table_in_error_as_a_whole_is_one_error(tmp_path: Path) -> None:
    """A value of the table itself (its rounding): the table is not read, and the documents
    dated in the days it says it covers are not reported again."""
    ws = make_workspace(tmp_path)
    text = (ws / ND98).read_text(encoding="utf-8")
    line = text[: text.index("  step: ")].count("\n") + 1
    edit(ws, ND98, "  step: 10000", "  step: 0")
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert _errors(err) == [f"{ND98}:{line}:9: error[DATA-VALUE]: 'step' must be more than 0"]


def test_the_good_rows_of_a_table_are_kept(tmp_path: Path) -> None:
    """What the checks that follow use: the table without its bad row."""
    from docgen.awards.law import DecreeTable
    from docgen.data.loader import load_yaml
    from docgen.data.rows import validate_rows

    ws = make_workspace(tmp_path)
    _break_money(ws, "bang-khen-ttg")
    source, _ = load_yaml(ws / ND98, ND98)
    table, found, bad = validate_rows(DecreeTable, source, source.data, "categories")
    assert [d.code for d in found] == ["DATA-VALUE"] and bad == {"bang-khen-ttg"}
    assert table is not None and table.number == "98/2023/NĐ-CP"
    assert "bang-khen-ttg" not in table.categories
    assert set(table.categories) == set(source.data["categories"]) - {"bang-khen-ttg"}


def _break_first(ws: Path, rel: str, key: str, value: str) -> str:
    """Write ``value`` for the first ``key:`` of the file; returns its place, file:line:col."""
    lines = (ws / rel).read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{key}: "))
    col = lines[n].index(f"{key}: ") + len(key) + 3
    lines[n] = lines[n][: col - 1] + value + "\n"
    (ws / rel).write_text("".join(lines), encoding="utf-8")
    return f"{rel}:{n + 1}:{col}"


@pytest.mark.parametrize(
    ("rel", "key", "value", "message"),
    [
        pytest.param(
            "data/law/base_salary.yaml",
            "amount",
            "-5",
            "error[DATA-VALUE]: 'amount' must be more than 0",
            id="a-base-salary",  # each award decision "needs data/law/base_salary.yaml"
        ),
        pytest.param(
            "data/law/awards.yaml",
            "category",
            "5",
            "error[DATA-TYPE]: 'category' must be text, not number 5",
            id="an-award-of-the-catalogue",  # the minutes "need data/law/awards.yaml"
        ),
    ],
)
def test_a_law_file_in_error_is_one_error(
    tmp_path: Path, rel: str, key: str, value: str, message: str
) -> None:
    ws = make_workspace(tmp_path)
    where = _break_first(ws, rel, key, value)
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert _errors(err) == [f"{where}: {message}"]


def test_a_bad_award_of_the_catalogue_leaves_the_others_in_use(tmp_path: Path) -> None:
    """Issue 25 item 7: one bad row of data/law/awards.yaml dropped the whole catalogue, so
    nothing else naming an award was checked (a misspelt award of a proposal passed); now the
    row alone is left out: what names it is not reported again, the rest is checked."""
    ws = make_workspace(tmp_path)
    where = _break_first(ws, "data/law/awards.yaml", "category", "5")  # bang-khen-ttg's row
    proposal = ws / "data/proposals/2024/nghe-an.yaml"
    text = proposal.read_text(encoding="utf-8")
    proposal.write_text(
        text.replace("award: bang-khen-giam-doc-hv", "award: bang-khen-giam-doc", 1),
        encoding="utf-8",
    )
    line = text[: text.index("award: bang-khen-giam-doc-hv")].count("\n") + 1
    code, _out, err = run(ws, "validate")
    assert code == 2
    assert _errors(err) == [
        f"{where}: error[DATA-TYPE]: 'category' must be text, not number 5",
        f"data/proposals/2024/nghe-an.yaml:{line}:8: error[DATA-REF]: unknown award "
        "'bang-khen-giam-doc'",
    ]
