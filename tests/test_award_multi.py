"""Several awards in one decision (issue 25 item 2): a title to some and a Bằng khen to others,
one article and one attached list per award, the money of each award and one total, each
award recorded in the register; certificates per award."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from tests.conftest import make_workspace
from tests.support.cli_run import edit, render_to, run
from tests.support.docx_inspect import read_texts

PROPOSAL = "data/proposals/2025/nghe-an-ubnd.yaml"
DECISION = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2025.yaml"
OUTPUT = "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx"
BANG_KHEN = "bang-khen-chu-tich-ubnd-tinh"
TITLE = "cstd-co-so"  # Chiến sĩ thi đua cơ sở (data/law/awards.yaml)


# two more individuals of the proposal, proposed for the title (their own award:)
def _title_nominee(name: str, gender: str, position: str, unit: str, initiative: str) -> str:
    return f"""\
  - name: {name}
    gender: {gender}
    position: {position}
    unit: {unit}
    award: cstd-co-so
    achievement: >-
      Hoàn thành xuất sắc nhiệm vụ năm học 2024-2025; có sáng kiến được công nhận.
    initiatives:
      - year: 2025
        kind: initiative
        level: co-so
        title: {initiative}
        recognised_by: Hội đồng sáng kiến Trường Chính trị tỉnh Nghệ An
"""


TITLE_NOMINEES = _title_nominee(
    "Lê Thị Bích Ngọc", "nữ", "Giảng viên", "Khoa Lý luận cơ sở",
    "Sơ đồ hóa nội dung bài giảng Triết học Mác - Lênin",
) + _title_nominee(
    "Trần Văn Khánh", "nam", "Chuyên viên", "Phòng Đào tạo",
    "Phần mềm theo dõi lịch giảng của giảng viên thỉnh giảng",
)  # fmt: skip

# their Lao động tiên tiến of 2024, given by the school before docgen (data/history/)
HISTORY = "".join(
    f"""\
  - name: {name}
    unit: {unit}
    awards:
      - year: 2024
        award: lao-dong-tien-tien
        decision:
          number: 198/QĐ-TCT
          date: 2024-12-10
          issuer: Hiệu trưởng Trường Chính trị tỉnh Nghệ An
"""
    for name, unit in (
        ("Lê Thị Bích Ngọc", "Khoa Lý luận cơ sở"),
        ("Trần Văn Khánh", "Phòng Đào tạo"),
    )
)


def multi_workspace(tmp_path: Path) -> Path:
    """The example workspace; the Nghệ An proposal of 2025 proposes two more individuals for
    the title Chiến sĩ thi đua cơ sở, and its decision gives both awards: the title (Điều 1)
    and the Chairman's Bằng khen (Điều 2)."""
    ws = make_workspace(tmp_path / "ws")
    path = ws / PROPOSAL
    text = path.read_text(encoding="utf-8")
    at = text.index("  - name: Hồ Đức Mạnh")
    path.write_text(text[:at] + TITLE_NOMINEES + text[at:], encoding="utf-8")
    history = ws / "data/history/nghe-an.yaml"
    history.write_text(history.read_text(encoding="utf-8") + HISTORY, encoding="utf-8")
    edit(ws, DECISION, f"award: {BANG_KHEN}", f"awards: [{TITLE}, {BANG_KHEN}]")
    edit(ws, DECISION, "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
         "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở và Bằng khen của Chủ tịch Ủy ban "
         "nhân dân tỉnh")  # fmt: skip
    edit(ws, DECISION, "- Như Điều 3", "- Như Điều 4")
    edit(ws, DECISION, "có tên tại Điều 1", "có tên tại Điều 1 và Điều 2")
    return ws


def render(ws: Path, tmp_path: Path, decision: str = DECISION, output: str = OUTPUT) -> Path:
    return render_to(ws, decision, tmp_path / output)


def tables(path: Path) -> list[list[list[str]]]:
    out = []
    for table in Document(str(path)).tables:
        rows = []
        for row in table.rows:
            cells: list[str] = []
            seen: list[object] = []
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.append(cell._tc)
                    cells.append(cell.text.replace("\u00a0", " "))
            rows.append(cells)
        out.append(rows)
    return out


def test_a_decision_of_two_awards_has_an_article_and_a_list_for_each(tmp_path: Path) -> None:
    ws = multi_workspace(tmp_path)
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 0, err
    # each award's warnings where it is named
    assert f"{DECISION}:12:10: warning[LAW-UNCONFIRMED]: checks its nominees by the rule " in err
    assert f"{DECISION}:12:22: warning[LAW-UNCONFIRMED]: checks its nominees by the rule " in err
    out = render(ws, tmp_path)
    body = read_texts(out)
    joined = "\n".join(body)
    campaign = "phong trào thi đua “Xây dựng trường chính trị chuẩn” năm 2025"
    assert (
        "Điều 1. Tặng danh hiệu “Chiến sĩ thi đua cơ sở” cho 02 cá nhân (có danh sách kèm "
        f"theo) đã có thành tích xuất sắc trong {campaign}."
    ) in body
    assert (
        "Điều 2. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 02 cá nhân "
        f"(có danh sách kèm theo) đã có thành tích xuất sắc trong {campaign}."
    ) in body
    # the money of each award, then one total (26/12/2025: Nghị định 152/2025, base salary
    # 2.340.000: Chiến sĩ thi đua cơ sở 1,0 → 2.340.000; the Chairman's Bằng khen: a
    # collective 3,0 → 7.020.000, an individual 1,5 → 3.510.000)
    money = next(t for t in body if t.startswith("Điều 3."))
    assert money == (
        "Điều 3. Mỗi cá nhân được tặng danh hiệu “Chiến sĩ thi đua cơ sở” kèm theo mức tiền "
        "thưởng 2.340.000 đồng (Hai triệu ba trăm bốn mươi nghìn đồng); mỗi tập thể được tặng "
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh kèm theo mức tiền thưởng 7.020.000 đồng "
        "(Bảy triệu không trăm hai mươi nghìn đồng); mỗi cá nhân được tặng Bằng khen của Chủ "
        "tịch Ủy ban nhân dân tỉnh kèm theo mức tiền thưởng 3.510.000 đồng (Ba triệu năm trăm "
        "mười nghìn đồng). Tổng số tiền thưởng: 18.720.000 đồng (Mười tám triệu bảy trăm hai "
        "mươi nghìn đồng). Kinh phí khen thưởng trích từ Quỹ thi đua, khen thưởng của tỉnh."
    )
    assert any(t.startswith("Điều 4. Quyết định này có hiệu lực") for t in body)
    assert not any(t.startswith("Điều 5.") for t in body)
    # one list per award, each titled with its award, the first with the title's two
    flat = joined.replace("\n", " ")
    first = flat.index("CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ”")
    second = flat.index("TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")
    assert first < second
    assert flat.count("DANH SÁCH") == 2
    title_list, bang_khen_list = tables(out)[-2:]
    names = [row[1] for row in title_list if len(row) == 4]
    assert "Lê Thị Bích Ngọc" in names and "Trần Văn Khánh" in names
    assert "Hồ Đức Mạnh" not in names
    assert title_list[-1] == ["Tổng cộng", "4.680.000"]  # its award's money only
    names = [row[1] for row in bang_khen_list if len(row) == 4]
    assert {"Khoa Nhà nước và pháp luật", "Nguyễn Thị Thu Hằng", "Hồ Đức Mạnh"} <= set(names)
    assert "Lê Thị Bích Ngọc" not in names
    assert bang_khen_list[-1] == ["Tổng cộng", "14.040.000"]


def test_each_list_starts_its_own_page(tmp_path: Path) -> None:
    ws = multi_workspace(tmp_path)
    out = render(ws, tmp_path)
    doc = Document(str(out))
    starts = [
        p for p in doc.paragraphs if p.text == "DANH SÁCH" and p.paragraph_format.page_break_before
    ]
    assert len(starts) == 2


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            f"awards: [{TITLE}, {BANG_KHEN}]",
            f"award: {BANG_KHEN}\nawards: [{TITLE}, {BANG_KHEN}]",
            "{decision}:13:9: error[DATA-AMBIGUOUS]: the decision gives both 'award' and "
            "'awards': say which awards it gives in one of them",
        ),
        (
            f"awards: [{TITLE}, {BANG_KHEN}]",
            f"awards: [{TITLE}, {TITLE}]",
            "{decision}:12:22: error[DATA-DUPLICATE]: the award 'cstd-co-so' is given twice in "
            "'awards': one article per award",
        ),
        (
            f"awards: [{TITLE}, {BANG_KHEN}]",
            f"awards: [{TITLE}, bang-khen-khong-co]",
            "{decision}:12:22: error[DATA-REF]: unknown award 'bang-khen-khong-co'",
        ),
        (
            "- Như Điều 4",
            "- Như Điều 3",
            "{decision}:29:5: error[DATA-REF]: 'Như Điều 3': who executes this decision is "
            "Điều 4 (one article per award, then the money article if an award carries money)",
        ),
    ],
)
def test_structural_errors_at_validate(tmp_path: Path, old: str, new: str, message: str) -> None:
    ws = multi_workspace(tmp_path)
    edit(ws, DECISION, old, new)
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    assert message.format(decision=DECISION) in err.splitlines(), err


def test_the_errors_are_in_vietnamese(tmp_path: Path) -> None:
    ws = multi_workspace(tmp_path)
    edit(ws, DECISION, f"awards: [{TITLE}, {BANG_KHEN}]", f"awards: [{TITLE}, {TITLE}]")
    code, _, err = run(ws, "--lang", "vi", "validate")
    assert code == 2
    assert "hình thức 'cstd-co-so' được ghi hai lần trong 'awards': mỗi hình thức một điều" in err


CERTIFICATES = "data/certificates/multi-2025.yaml"


def test_certificates_of_a_decision_of_two_awards_are_printed_award_by_award(
    tmp_path: Path,
) -> None:
    """Each award has its own certificate and book: a batch names the award it prints; one
    that does not is refused, naming the decision's awards."""
    ws = multi_workspace(tmp_path)
    code, _, err = run(ws, "build", "-q", "--out", str(tmp_path / "o"))
    assert code == 0, err
    reason = "Đã có thành tích xuất sắc trong phong trào thi đua “{{ campaign.name }}”"
    batch = f"decision: quyet-dinh-khen-thuong-ubnd-nghe-an-2025\nmode: full\nreason: {reason}\n"
    (ws / CERTIFICATES).write_text(batch, encoding="utf-8")
    code, _, err = run(
        ws, "--lang", "en", "certificates", str(ws / CERTIFICATES), "--out", str(tmp_path / "c")
    )
    assert code != 0
    assert (
        "error[DATA-MISSING]: the decision 'quyet-dinh-khen-thuong-ubnd-nghe-an-2025' gives "
        "several awards (cstd-co-so, bang-khen-chu-tich-ubnd-tinh): say whose certificates "
        "this batch prints"
    ) in err
    printed = {}
    for award in (TITLE, BANG_KHEN):
        (ws / CERTIFICATES).write_text(f"{batch}award: {award}\n", encoding="utf-8")
        out = tmp_path / award
        code, stdout, err = run(ws, "certificates", str(ws / CERTIFICATES), "--out", str(out))
        assert code == 0, err
        printed[award] = {
            text
            for path in sorted(out.glob("*.docx"))
            for text in (p.text for p in Document(str(path)).paragraphs)
            if text
        }
        assert stdout.startswith(f"{3 if award == BANG_KHEN else 2} certificates"), stdout
    assert {"Lê Thị Bích Ngọc", "Trần Văn Khánh"} <= printed[TITLE]
    assert "Hồ Đức Mạnh" not in printed[TITLE]
    assert {"Nguyễn Thị Thu Hằng", "Hồ Đức Mạnh"} <= printed[BANG_KHEN]
    assert "BẰNG KHEN" in printed[BANG_KHEN]
    # each awardee's certificate names their own award
    assert {"BẰNG CHỨNG NHẬN", "Danh hiệu “Chiến sĩ thi đua cơ sở”"} <= printed[TITLE]
    assert "BẰNG KHEN" not in printed[TITLE]


# -- decisions over a period ------------------------------------------------------------------

PERIOD_PROPOSAL = "data/proposals/2022-2025/nghe-an-ubnd.yaml"
PERIOD_DECISION = "data/documents/quyet-dinh-khen-thuong-giai-doan-2022-2025.yaml"
PERIOD_OUTPUT = "quyet-dinh-khen-thuong-giai-doan-2022-2025.docx"


def period_workspace(tmp_path: Path, *, yearly: bool = False) -> Path:
    """The example workspace with a proposal and a decision for the campaign's whole term,
    2022-2025 (tổng kết giai đoạn): the Nghệ An proposal and decision of 2025, for the period;
    the yearly decision of 2025 is left out unless ``yearly`` (it gives the same people the
    same award, which the register keeps for the same year)."""
    ws = make_workspace(tmp_path / "ws")
    # the example has proposals of the term (2022-2025) already, none of Nghệ An's
    (ws / PERIOD_PROPOSAL).parent.mkdir(parents=True, exist_ok=True)
    assert not (ws / PERIOD_PROPOSAL).exists()
    text = (ws / PROPOSAL).read_text(encoding="utf-8")
    (ws / PERIOD_PROPOSAL).write_text(text.replace(*TO_PERIOD), encoding="utf-8")
    text = (ws / DECISION).read_text(encoding="utf-8").replace(*TO_PERIOD)
    text = text.replace(f"output: {OUTPUT}", f"output: {PERIOD_OUTPUT}")
    (ws / PERIOD_DECISION).write_text(text, encoding="utf-8")
    if not yearly:
        (ws / DECISION).unlink()
    return ws


TO_PERIOD = ("\nyear: 2025\n", "\nyear: 2022-2025\n")


def test_a_decision_over_a_period_says_giai_doan(tmp_path: Path) -> None:
    ws = period_workspace(tmp_path)
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 0, err
    body = read_texts(render(ws, tmp_path, PERIOD_DECISION, PERIOD_OUTPUT))
    # the period's proposal only: the yearly proposal of 2025 (the same people) is not decided
    assert (
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 02 cá nhân "
        "(có danh sách kèm theo) đã có thành tích xuất sắc trong phong trào thi đua “Xây dựng "
        "trường chính trị chuẩn” giai đoạn 2022 - 2025."
    ) in body
    assert not any("năm 2022-2025" in t or "năm 2022 - 2025" in t for t in body)


def test_a_period_award_is_registered_as_of_its_last_year(tmp_path: Path) -> None:
    """The register keeps one year per award (schema v5): a period's award is kept as of its
    last year, so the same award to the same people for 2025 and for 2022-2025 is given twice,
    refused at validate as by the register."""
    ws = period_workspace(tmp_path, yearly=True)
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    twice = [line for line in err.splitlines() if "error[DATA-AWARD-TWICE]" in line]
    assert len(twice) == 3, err
    # each decision with its own year, and why they clash
    assert twice[-1].endswith(
        "'Hồ Đức Mạnh' would be given 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh' for 2025 by "
        f"{DECISION} and for 2022-2025 by {PERIOD_DECISION}: a period's award counts as of its "
        "last year (2025), one award per person, award and year"
    ), twice[-1]
    code, _, err = run(ws, "--lang", "vi", "validate")
    assert (
        "'Hồ Đức Mạnh' sẽ được tặng 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh' theo "
        f"{DECISION} (thành tích 2025) và theo {PERIOD_DECISION} (thành tích 2022-2025): khen "
        "thưởng cả giai đoạn được tính vào năm cuối của giai đoạn (2025)"
    ) in err, err


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (
            "2025-2022",
            "{file}:6:7: error[DATA-VALUE]: the period 2025-2022 ends (2022) before it starts "
            "(2025): write its first year, then its last (2019-2025)",
        ),
        (
            "1890-2025",
            "{file}:6:7: error[DATA-VALUE]: the period 1890-2025 is outside the years docgen "
            "accepts (1900 – 2099, rules/data_limits.yaml)",
        ),
    ],
)
def test_a_wrong_period_is_one_clear_error(tmp_path: Path, year: str, message: str) -> None:
    ws = period_workspace(tmp_path)
    edit(ws, PERIOD_PROPOSAL, "year: 2022-2025", f"year: {year}")
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    assert message.format(file=PERIOD_PROPOSAL) in err.splitlines(), err


def test_a_decision_period_outside_its_campaign(tmp_path: Path) -> None:
    ws = period_workspace(tmp_path)
    edit(ws, PERIOD_DECISION, "year: 2022-2025", "year: 2019-2025")
    edit(ws, PERIOD_PROPOSAL, "year: 2022-2025", "year: 2019-2025")
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    assert (
        f"{PERIOD_DECISION}:11:7: error[DATA-VALUE]: the period 2019-2025 is outside the "
        "campaign's period (2022-2025)"
    ) in err.splitlines(), err


HV_DECISION = "data/documents/quyet-dinh-khen-thuong-2024.yaml"
HV_MINUTES = "data/documents/bien-ban-hoi-dong-2024.yaml"


@pytest.mark.parametrize(
    ("awards", "minutes", "message"),
    [
        (  # the minutes vote on an award the decision does not give
            "awards: [cstd-co-so, lao-dong-tien-tien]",
            "minutes: bien-ban-hoi-dong-2024",
            "{decision}:29:10: error[DATA-MINUTES-MISMATCH]: the minutes {minutes} vote for "
            "award bang-khen-giam-doc-hv, which this decision ({decision}) does not give",
        ),
        (  # two minutes of one award
            "awards: [bang-khen-giam-doc-hv, cstd-co-so]",
            "minutes: [bien-ban-hoi-dong-2024, bien-ban-hoi-dong-2024]",
            "{decision}:29:35: error[DATA-DUPLICATE]: the minutes {minutes} and {minutes} both "
            "vote for award bang-khen-giam-doc-hv: a decision follows one vote per award",
        ),
        (  # an award nobody of the decided proposals is proposed for
            "awards: [bang-khen-giam-doc-hv, cstd-co-so]",
            "minutes: [bien-ban-hoi-dong-2024]",
            "{decision}:28:33: error[DATA-REF]: nobody in the proposals this decision decides is "
            "proposed for 'Chiến sĩ thi đua cơ sở' (xd-truong-chuan, 2024)",
        ),
    ],
)
def test_the_minutes_and_awards_of_a_decision_of_several_awards(
    tmp_path: Path, awards: str, minutes: str, message: str
) -> None:
    """The council's minutes vote on one award each: a decision of several awards cites the
    minutes of its awards (one per award), each filtering its award's list."""
    ws = make_workspace(tmp_path / "ws")
    edit(ws, HV_DECISION, "award: bang-khen-giam-doc-hv", awards)
    edit(ws, HV_DECISION, "minutes: bien-ban-hoi-dong-2024", minutes)
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    assert message.format(decision=HV_DECISION, minutes=HV_MINUTES) in err.splitlines(), err


def test_the_workbook_export_refuses_a_decision_of_several_awards(tmp_path: Path) -> None:
    """One sheet holds one list: refused, rather than a workbook of the first award alone."""
    ws = multi_workspace(tmp_path)
    code, _, err = run(ws, "build", "-q", "--out", str(tmp_path / "o"))
    assert code == 0, err
    xlsx = tmp_path / "qd.xlsx"
    code, _, err = run(
        ws, "--lang", "en", "export", "decision", str(ws / DECISION), "--out", str(xlsx)
    )
    assert code != 0 and not xlsx.exists()
    assert (
        f"{DECISION} gives several awards (cstd-co-so, bang-khen-chu-tich-ubnd-tinh): its "
        "lists are not exported to a workbook yet"
    ) in err, err
