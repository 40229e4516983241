"""Titles (danh hiệu) as awards (issue 25 item 1): the decree's titles with their money and the
words of a decision on titles ("Tặng danh hiệu “…”", "Công nhận danh hiệu “…”"), and an
office's own title without money (its Quy chế cited): no money article, no money column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx import Document

from tests.conftest import make_workspace
from tests.support.cli_run import edit, render_to, run
from tests.support.docx_inspect import read_texts

PROPOSAL = "data/proposals/2025/nghe-an-ubnd.yaml"
DECISION = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2025.yaml"
OUTPUT = "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx"
CATALOGUE = "data/law/awards.yaml"

# an office's own campaign title, defined by its Quy chế: it carries no money
OWN_TITLE = """\
  - id: can-bo-mau-muc
    name: Cán bộ trường chính trị mẫu mực
    kind: title
    recipients: individual
    money: none
    source: Quy chế thi đua, khen thưởng của Trường Chính trị tỉnh Nghệ An (Điều 8)
"""


def title_workspace(tmp_path: Path, award: str, catalogue_row: str = "") -> Path:
    """The example workspace, the Nghệ An decision of 2025 deciding ``award`` on the two
    individuals of its proposal (titles for individuals: the collective is left out)."""
    ws = make_workspace(tmp_path / "ws")
    if catalogue_row:
        path = ws / CATALOGUE
        path.write_text(path.read_text(encoding="utf-8") + catalogue_row, encoding="utf-8")
    for rel in (PROPOSAL, DECISION):
        edit(ws, rel, "award: bang-khen-chu-tich-ubnd-tinh", f"award: {award}")
    text = (ws / PROPOSAL).read_text(encoding="utf-8")
    start, end = text.index("collectives:"), text.index("individuals:")
    (ws / PROPOSAL).write_text(text[:start] + text[end:], encoding="utf-8")
    edit(ws, DECISION, "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
         "Về việc tặng danh hiệu thi đua năm 2025")  # fmt: skip
    return ws


def without_money(ws: Path) -> None:
    """The decision of an award without money: no funding, its executors in Điều 2."""
    text = (ws / DECISION).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("funding:")]
    (ws / DECISION).write_text("".join(lines), encoding="utf-8")
    edit(ws, DECISION, "- Như Điều 3", "- Như Điều 2")


def render(ws: Path, tmp_path: Path) -> Path:
    return render_to(ws, DECISION, tmp_path / OUTPUT)


def list_table(path: Path) -> list[list[str]]:
    table = Document(str(path)).tables[-1]
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.append(cell._tc)
                cells.append(cell.text.replace("\u00a0", " "))
        rows.append(cells)
    return rows


def test_a_decree_title_is_given_as_a_title_with_its_money(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    body = read_texts(render(ws, tmp_path))
    joined = "\n".join(body)
    assert (
        "Điều 1. Tặng danh hiệu “Lao động tiên tiến” cho 02 cá nhân (có danh sách kèm theo)"
        in joined
    )
    # 26/12/2025: Nghị định 152/2025, Lao động tiên tiến 0.3 × 2.340.000 → 710.000
    assert (
        "Điều 2. Mỗi cá nhân được tặng danh hiệu “Lao động tiên tiến” kèm theo mức tiền "
        "thưởng 710.000 đồng (Bảy trăm mười nghìn đồng). Tổng số tiền thưởng: 1.420.000 đồng"
    ) in joined
    assert "Tặng Lao động tiên tiến" not in joined
    assert any(t.startswith("Điều 3. Quyết định này có hiệu lực") for t in body)
    assert "CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" in joined.replace("\n", " ")


def test_a_title_the_catalogue_words_cong_nhan(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    edit(ws, CATALOGUE, "    category: lao-dong-tien-tien\n",
         "    category: lao-dong-tien-tien\n    wording: cong_nhan\n")  # fmt: skip
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 0, err
    assert (  # the wording is data, and not confirmed: warned at the decision's award
        f"{DECISION}:12:8: warning[WORDING-UNCONFIRMED]: words 'Lao động tiên tiến' as "
        "'Công nhận danh hiệu “Lao động tiên tiến”', a wording not confirmed from the law or a "
        "real decision (src/docgen/rules/awards.yaml)"
    ) in err.splitlines()
    joined = "\n".join(read_texts(render(ws, tmp_path)))
    assert "Điều 1. Công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân" in joined
    assert "Mỗi cá nhân được công nhận danh hiệu “Lao động tiên tiến” kèm theo" in joined
    assert "CÁ NHÂN ĐƯỢC CÔNG NHẬN DANH HIỆU" in joined


def test_a_form_keeps_tang(outputs: dict[str, Path]) -> None:
    joined = "\n".join(read_texts(outputs["quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx"]))
    assert "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể" in joined
    assert "danh hiệu" not in joined


def test_an_own_title_without_money(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    code, _, err = run(ws, "validate")
    assert code == 0, err
    out = render(ws, tmp_path)
    body = read_texts(out)
    joined = "\n".join(body)
    assert "Điều 1. Tặng danh hiệu “Cán bộ trường chính trị mẫu mực” cho 02 cá nhân" in joined
    assert "tiền thưởng" not in joined and "đồng" not in joined
    # no money article: the executors' article is Điều 2, and there is no Điều 3
    assert any(t.startswith("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.") for t in body)
    assert not any(t.startswith("Điều 3.") for t in body)
    rows = list_table(out)
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị"]
    assert not any("Tổng cộng" in cell for row in rows for cell in row)


def test_an_own_title_in_the_exports_and_stats(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    code, _, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    xlsx = tmp_path / "qd.xlsx"
    code, _, err = run(ws, "export", "decision", str(ws / DECISION), "--out", str(xlsx))
    assert code == 0, err
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU “CÁN BỘ TRƯỜNG CHÍNH TRỊ MẪU MỰC”"] in values
    assert ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Trường"] in values
    assert not any("Tổng" in str(cell) for row in values for cell in row)
    code, out, err = run(ws, "stats", "--from", "2025", "--issuer", "ubnd-nghe-an")
    assert code == 0, err
    total = next(line for line in out.splitlines() if line.startswith("Tổng cộng"))
    assert total.split()[2:] == ["1", "0", "2", "2", "0"]


def test_a_decision_without_money_still_citing_dieu_3(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    edit(ws, DECISION, "- Như Điều 2", "- Như Điều 3")
    code, _, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:28:5: error[DATA-REF]: 'Như Điều 3': this decision has no Điều 3 (an award "
        "without money has no money article; who executes it is Điều 2)"
    ) in err


def test_a_paid_award_needs_its_funding(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    without_money(ws)
    code, _, err = run(ws, "validate")
    assert code == 2
    assert (
        f"{DECISION}:12:8: error[DATA-MISSING]: 'Lao động tiên tiến' carries money: the "
        "decision needs 'funding' (where the money comes from)"
    ) in err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (  # a form is always paid by a decree row
            "    category: giay-khen           # of a unit head, e.g. a provincial school's "
            "principal\n",
            "    money: none\n    source: Quy chế\n",
            "{item}:5: error[DATA-VALUE]: 'money: none' is for an office's own "
            "titles, not for a form",
        ),
        (
            "    category: cstd-co-so\n",
            "",
            "{item}:5: error[DATA-VALUE]: a title needs 'category' (its decree "
            "row) or 'money: none' with its 'source'",
        ),
        (
            "    source: Quy chế thi đua, khen thưởng của Trường Chính trị tỉnh Nghệ An (Điều 8)\n",
            "",
            "{item}:5: error[DATA-VALUE]: a title without money needs "
            "'source': the Quy chế that defines it",
        ),
        (  # the own title's (the example's own title, before it, is for collectives)
            "    recipients: individual\n    money: none\n",
            "    recipients: individual\n    money: none\n    wording: cong-nhan\n",
            "{wording}:14: error[DATA-REF]: unknown wording 'cong-nhan' for 'Cán bộ "
            "trường chính trị mẫu mực' (rules/awards.yaml has: tang, tang_danh_hieu, cong_nhan)",
        ),
    ],
)
def test_catalogue_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    ws = title_workspace(tmp_path, "can-bo-mau-muc", OWN_TITLE)
    without_money(ws)
    text = (ws / CATALOGUE).read_text(encoding="utf-8")
    at = text.index(old)
    # where the errors point: the award's item, or its wording line
    item = text[: text.rindex("  - id:", 0, at)].count("\n") + 1
    edit(ws, CATALOGUE, old, new)
    wording = text[: at + len(old)].count("\n") + 1  # the line after ``old``
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    expected = message.format(item=f"{CATALOGUE}:{item}", wording=f"{CATALOGUE}:{wording}")
    assert expected in err.splitlines(), err


# -- certificates of titles ---------------------------------------------------------------------

CERTIFICATE = "data/certificates/danh-hieu-2025.yaml"
BATCH = """\
decision: quyet-dinh-khen-thuong-ubnd-nghe-an-2025
mode: full
reason: Đã có thành tích xuất sắc trong phong trào thi đua “{{ campaign.name }}” năm {{ year }}
book_start: 1
"""


def print_certificates(ws: Path, tmp_path: Path) -> tuple[int, str, list[list[str]]]:
    """Build, then print the decision's certificates: exit code, errors, each page's lines."""
    (ws / CERTIFICATE).write_text(BATCH, encoding="utf-8")
    code, _, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    out = tmp_path / "cert"
    code, _, err = run(ws, "certificates", str(ws / CERTIFICATE), "--out", str(out))
    pages = [
        [p.text for p in Document(str(f)).paragraphs if p.text.strip()]
        for f in sorted(out.glob("0*.docx"))
    ]
    return code, err, pages


def overridden(ws: Path) -> None:
    """Both nominees accepted for Chiến sĩ thi đua cơ sở by the council (no history here)."""
    for rank in ("    rank: 1\n", "    rank: 2\n"):
        edit(ws, PROPOSAL, rank, rank + "    eligibility:\n      override: cstd-co-so\n"
             "      reason: Hội đồng Thi đua - Khen thưởng thống nhất đề nghị\n")  # fmt: skip


def test_a_decree_title_gets_its_bang_chung_nhan_naming_it(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "cstd-co-so")
    overridden(ws)
    code, err, pages = print_certificates(ws, tmp_path)
    assert code == 0, err
    assert len(pages) == 2
    first = pages[0]
    # it certifies, it does not give: no "TẶNG" (certificates.yaml honour)
    assert first[2:6] == [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "BẰNG CHỨNG NHẬN",
        "Danh hiệu “Chiến sĩ thi đua cơ sở”",
        "Nguyễn Thị Thu Hằng",
    ]
    assert "BẰNG KHEN" not in first and "GIẤY KHEN" not in first and "TẶNG" not in first
    # the format checker knows the sheet, and its text holds on one sheet
    files = sorted(str(f) for f in (tmp_path / "cert").glob("0*.docx"))
    code, out, err = run(ws, "--lang", "en", "check", *files)
    assert code == 0, out + err
    assert "0 errors, 0 warnings (certificate rules, bang chung nhan)" in out


def test_an_own_title_gets_the_offices_giay_chung_nhan(tmp_path: Path) -> None:
    own = OWN_TITLE + "    certificate: giay_chung_nhan\n"
    ws = title_workspace(tmp_path, "can-bo-mau-muc", own)
    without_money(ws)
    code, err, pages = print_certificates(ws, tmp_path)
    assert code == 0, err
    assert pages[1][3:6] == [
        "GIẤY CHỨNG NHẬN",
        "Danh hiệu “Cán bộ trường chính trị mẫu mực”",
        "Hồ Đức Mạnh",
    ]


def test_a_title_without_a_certificate_says_how_to_give_it_one(tmp_path: Path) -> None:
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    code, err, pages = print_certificates(ws, tmp_path)
    assert code == 2 and pages == []
    assert "error[CERT-KIND]: 'Lao động tiên tiến' has no certificate to print" in err
    assert "certificate: bang_khen, giay_khen, or for a title bang_chung_nhan" in err


@pytest.mark.parametrize(
    ("award", "certificate", "message"),
    [
        (
            "cstd-co-so",
            "giay_khen",
            "a title is certified by a bang_chung_nhan or giay_chung_nhan, not a giay_khen "
            "(which would print no title)",
        ),
        (
            "giay-khen",
            "giay_chung_nhan",
            "a form of commendation is printed on a bang_khen or giay_khen, not a giay_chung_nhan",
        ),
    ],
)
def test_a_certificate_that_cannot_print_the_award_is_refused_where_written(
    tmp_path: Path, award: str, certificate: str, message: str
) -> None:
    ws = make_workspace(tmp_path / "ws")
    text = (ws / CATALOGUE).read_text(encoding="utf-8")
    start = text.index(f"  - id: {award}\n")
    end = text.index("  - id:", start + 5)
    row = text[start:end]
    lines = [line for line in row.splitlines(keepends=True) if "certificate:" not in line]
    changed = "".join(lines) + f"    certificate: {certificate}\n"
    (ws / CATALOGUE).write_text(text[:start] + changed + text[end:], encoding="utf-8")
    line = text[:start].count("\n") + 1
    code, _, err = run(ws, "--lang", "en", "validate")
    assert code == 2
    assert f"{CATALOGUE}:{line}:5: error[DATA-VALUE]: {message}" in err.splitlines(), err


@pytest.mark.libreoffice
def test_a_bang_chung_nhan_is_one_a3_page_in_libreoffice(tmp_path: Path) -> None:
    from docgen.documents.pdf import convert_to_pdf
    from tests.support.pdf_inspect import page_count, page_text
    from tests.support.tools import require

    require("soffice")
    ws = title_workspace(tmp_path, "cstd-co-so")
    overridden(ws)
    code, err, _ = print_certificates(ws, tmp_path)
    assert code == 0, err
    files = sorted((tmp_path / "cert").glob("0*.docx"))
    pdfs = convert_to_pdf(files, tmp_path / "pdf")
    for pdf in pdfs:
        assert page_count(pdf) == 1
        text = " ".join(page_text(pdf, 1).split())
        assert "BẰNG CHỨNG NHẬN Danh hiệu “Chiến sĩ thi đua cơ sở”" in text


def test_the_proposal_asks_for_the_title_in_the_decisions_words(tmp_path: Path) -> None:
    """The Tờ trình and its list say what the decision will: "tặng danh hiệu “…”"."""
    ws = title_workspace(tmp_path, "lao-dong-tien-tien")
    edit(ws, CATALOGUE, "    category: lao-dong-tien-tien\n",
         "    category: lao-dong-tien-tien\n    wording: cong_nhan\n")  # fmt: skip
    text = (ws / "data/documents/to-trinh-nghe-an-2024.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("number: 95", "number: 120"),
        ("date: 2024-11-04", "date: 2025-11-20"),
        ("year: 2024", "year: 2025"),
        ("award: bang-khen-giam-doc-hv", "award: lao-dong-tien-tien"),
        ("to-trinh-95-TTr-TCT-nghe-an.docx", "to-trinh-120.docx"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    spec = ws / "data/documents/to-trinh-nghe-an-2025.yaml"
    spec.write_text(text, encoding="utf-8")
    code, _, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))  # its citation first
    assert code == 0, err
    joined = " ".join(read_texts(tmp_path / "out" / "to-trinh-120.docx")).replace("\n", " ")
    assert "xem xét, công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân" in joined
    assert "CÁ NHÂN ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" in joined
    assert "tặng Lao động tiên tiến" not in joined


def test_a_title_inside_a_sentence_and_among_other_awards() -> None:
    """The phrase a proposal and the minutes use, and the name a report lists (report_figures)."""
    from docgen.awards.wording import award_wording
    from docgen.data.models import AwardRule

    title = AwardRule(
        id="cstd-co-so", name="Chiến sĩ thi đua cơ sở", kind="title", recipients="individual",
        category="cstd-co-so",
    )  # fmt: skip
    form = AwardRule(
        id="giay-khen", name="Giấy khen", kind="form", recipients="both", category="giay-khen"
    )
    assert award_wording(title).named == "danh hiệu “Chiến sĩ thi đua cơ sở”"
    assert award_wording(title).phrase == "tặng danh hiệu “Chiến sĩ thi đua cơ sở”"
    assert award_wording(form).named == "Giấy khen"
    assert award_wording(form).phrase == "tặng Giấy khen"
