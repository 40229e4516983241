"""The award decision: counts, money, list rows and order all come from the proposals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli.main import cli
from docgen.data.models import Proposal
from docgen.data.workspace import load_workspace
from docgen.vn.collation import name_key, sort_key, split_name
from tests.conftest import ROOT, make_workspace
from tests.support.docx_inspect import iter_paragraphs
from tests.support.pdf_inspect import page_count, page_text
from tests.support.tools import require

DECISION = "quyet-dinh-khen-thuong-2024-HVCTQG.docx"
STATE_DECISION = "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx"
AWARD = "bang-khen-giam-doc-hv"


def proposals() -> list[Proposal]:
    """The 2024 proposals for the Học viện's Bằng khen."""
    ws = load_workspace(ROOT)
    return [p for p in ws.proposals.values() if p.year == 2024 and p.award == AWARD]


def texts(path: Path) -> list[str]:
    doc = Document(str(path))
    return [p.text.replace("\u00a0", " ") for p in iter_paragraphs(doc) if p.text.strip()]


def table_rows(path: Path) -> list[list[str]]:
    doc = Document(str(path))
    table = doc.tables[-1]
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1][0]:
                # a no-break space (names kept whole in the list) reads as a space
                cells.append((cell._tc, cell.text.replace("\u00a0", " ")))
        rows.append([text for _, text in cells])
    return rows


def test_counts_and_money_equal_the_data(outputs: dict[str, Path]) -> None:
    data = proposals()
    n_col = sum(len(p.collectives) for p in data)
    # one individual failed the council's vote (data/documents/bien-ban-hoi-dong-2024.yaml)
    n_ind = sum(len(p.individuals) for p in data) - 1
    assert (n_col, n_ind) == (12, 46)
    body = "\n".join(texts(outputs[DECISION]))
    assert f"cho {n_col:02d} tập thể và {n_ind:02d} cá nhân (có danh sách kèm theo)" in body
    # 20/12/2024: Nghị định 98/2023 (Bằng khen of a ministry/central body 1.0 for a person,
    # ×2 for a collective — unconfirmed in data) × base salary 2,340,000
    assert "mức tiền thưởng 4.680.000 đồng (Bốn triệu sáu trăm tám mươi nghìn đồng)" in body
    assert "mức tiền thưởng 2.340.000 đồng (Hai triệu ba trăm bốn mươi nghìn đồng)" in body
    total = n_col * 4_680_000 + n_ind * 2_340_000
    assert total == 163_800_000
    assert (
        "Tổng số tiền thưởng: 163.800.000 đồng (Một trăm sáu mươi ba triệu tám trăm nghìn đồng)"
    ) in body


def test_citations_come_from_the_register(outputs: dict[str, Path]) -> None:
    body = texts(outputs[DECISION])
    assert (
        "Căn cứ Kế hoạch số 1247-KH/HVCTQG ngày 09/9/2022 của Giám đốc Học viện Chính trị "
        "quốc gia Hồ Chí Minh về tổ chức phong trào thi đua “Xây dựng trường chính trị "
        "chuẩn” giai đoạn 2022-2025;"
    ) in body
    assert any(t.startswith("Căn cứ Kế hoạch số 1568-KH/HVCTQG ngày 05/01/2024") for t in body)
    assert (  # broken into two lines by docgen (text_width), "Học viện" not cut
        "(Kèm theo Quyết định số 1569-QĐ/HVCTQG ngày 20/12/2024\ncủa Giám đốc Học viện "
        "Chính trị quốc gia Hồ Chí Minh)" in body
    )


def test_list_rows_equal_the_data_in_order(outputs: dict[str, Path]) -> None:
    rows = table_rows(outputs[DECISION])
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Số tiền (đồng)"]
    assert rows[1] == ["I. TẬP THỂ (12)"]
    assert rows[-1] == ["Tổng cộng", "163.800.000"]
    people = [r for r in rows if len(r) == 4 and r[0].isdigit()]
    assert len(people) == 12 + 46  # 47 proposed, one failed the council's vote
    ws = load_workspace(ROOT)
    assert ws.schools is not None
    # individuals: by school (Vietnamese order of names), then by given, middle, family name
    individuals = people[12:]
    expected = sorted(
        (
            (ws.schools.schools[p.school].name, i)
            for p in proposals()
            for i in p.individuals
            if i.name != "Bùi Công Long"  # failed the council's vote
        ),
        key=lambda pair: (
            sort_key(pair[0]),
            name_key(split_name(pair[1].name, pair[1].family, pair[1].middle, pair[1].given)),
        ),
    )
    assert [r[1] for r in individuals] == [i.name for _, i in expected]
    assert [int(r[0]) for r in individuals] == list(range(1, 47))
    assert all(r[3] == "2.340.000" for r in individuals)
    assert all(r[3] == "4.680.000" for r in people[:12])


def test_numbers_in_names_order_the_list_by_value(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    for old, new in [
        ("Khoa Dân vận", "Tổ công tác số 10"),
        ("Khoa Lý luận cơ sở", "Tổ công tác số 2"),
        ("Phòng Đào tạo", "Tổ công tác số 1"),
    ]:
        edit(ws / P, f"  - name: {old}\n", f"  - name: {new}\n")
    code, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    rows = table_rows(tmp_path / "out" / DECISION)
    lao_cai = rows.index(["Trường Chính trị tỉnh Lào Cai"])
    assert [r[1] for r in rows[lao_cai + 1 : lao_cai + 4]] == [
        "Tổ công tác số 1",
        "Tổ công tác số 2",
        "Tổ công tác số 10",
    ]


def test_unit_then_rank_orders_by_rank_not_by_the_position(tmp_path: Path) -> None:
    """Issue 25 item 6: the Trưởng khoa ranked 1 comes before the Phó Hiệu trưởng ranked 2,
    although "Phó …" comes first in Vietnamese order; one without a rank comes last."""
    ws = make_workspace(tmp_path / "ws")
    nghe_an = ws / "data/proposals/2024/nghe-an-ubnd.yaml"
    edit(nghe_an, "    position: Phó Hiệu trưởng\n    rank: 1\n", "    position: Phó Hiệu trưởng\n")
    edit(nghe_an, "    rank: 2\n", "    rank: 1\n")
    out = tmp_path / "decision.docx"
    spec = ws / "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2024.yaml"
    code, err = run(ws, "render", "-q", str(spec), "-o", str(out))
    assert code == 0, err
    rows = table_rows(out)
    assert [r[1] for r in rows if len(r) == 4 and r[0].isdigit()] == [
        "Trường Chính trị tỉnh Nghệ An",
        "Trịnh Quang Long",  # rank 1
        "Tôn Nữ Thị Hà",  # no rank
    ]


def test_the_attached_table_repeats_its_header_and_rows_do_not_split(
    outputs: dict[str, Path],
) -> None:
    table = Document(str(outputs[DECISION])).tables[-1]
    assert "w:tblHeader" in table.rows[0]._tr.xml
    assert all("w:cantSplit" in row._tr.xml for row in table.rows)


@pytest.mark.libreoffice
def test_in_libreoffice_the_list_spans_pages_with_its_header(pdfs: dict[str, Path]) -> None:
    pdf = pdfs[DECISION]
    pages = page_count(pdf)
    assert pages == 5
    list_pages = [n for n in range(1, pages + 1) if "STT" in page_text(pdf, n)]
    assert len(list_pages) >= 3
    for n in list_pages:
        assert re.search(
            r"STT\s+Họ và tên / Tên tập thể\s+Chức vụ, đơn vị\s+Số tiền", page_text(pdf, n)
        )


def run(ws: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(ws), *args])
    return result.exit_code, result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


P = "data/proposals/2024/lao-cai.yaml"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "school: lao-cai",
            "school: lao-caii",
            f"{P}:8:9: error[DATA-REF]: unknown school 'lao-caii'",
        ),
        (
            "award: bang-khen-giam-doc-hv",
            "award: bang-khen-x",
            f"{P}:10:8: error[DATA-REF]: unknown award 'bang-khen-x'",
        ),
        (
            "award: bang-khen-giam-doc-hv",
            "award: cstd-co-so",
            f"{P}:10:8: error[DATA-AWARD-RECIPIENT]: 'Chiến sĩ thi đua cơ sở' goes to individuals "
            "only, not to the collective 'Khoa Dân vận'",
        ),
    ],
)
def test_proposal_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    ws = make_workspace(tmp_path)
    edit(ws / P, old, new)
    code, err = run(ws, "validate")
    assert code == 2
    assert message in err.splitlines()


def test_a_nominee_proposed_twice(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    text = (ws / P).read_text(encoding="utf-8")
    first = text.index("  - name: Khoa Dân vận")
    block = text[first : text.index("  - name:", first + 5)]
    (ws / P).write_text(text.replace(block, block + block, 1), encoding="utf-8")
    code, err = run(ws, "validate")
    assert code == 2
    assert (
        "error[DATA-DUPLICATE-NOMINEE]: 'Khoa Dân vận' is already proposed for this award "
        f"in 2024 (at {P}:13:11)" in err
    )


def test_missing_achievement(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    text = (ws / P).read_text(encoding="utf-8")
    start = text.index("    achievement: >-")
    end = text.index("\n", text.index("\n", start) + 1) + 1
    (ws / P).write_text(text[:start] + text[end:], encoding="utf-8")
    code, err = run(ws, "validate")
    assert code == 2
    assert f"{P}:13:5: error[DATA-MISSING]: required field 'achievement' is missing" in err


def test_a_decision_dated_before_its_proposals(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    spec = "data/documents/quyet-dinh-khen-thuong-2024.yaml"
    edit(ws / spec, "date: 2024-12-20", "date: 2024-11-01")
    code, err = run(ws, "validate")
    assert code == 2
    assert (
        "error[DATA-DATE-ORDER]: the decision (01/11/2024) is dated before the proposal it "
        "decides (data/proposals/2024/can-tho.yaml, 08/11/2024)" in err
    )


def test_state_decision(outputs: dict[str, Path]) -> None:
    body = texts(outputs[STATE_DECISION])
    assert "Số: 01/QĐ-UBND" in body
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" in body
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in body
    joined = "\n".join(body)
    assert "cho 01 tập thể và 02 cá nhân (có danh sách kèm theo)" in joined
    assert "Tổng số tiền thưởng: 9.360.000 đồng (Chín triệu ba trăm sáu mươi nghìn đồng)" in joined
    assert joined.count("chịu trách nhiệm thi hành Quyết định này./.") == 1  # State: ./.
    rows = table_rows(outputs[STATE_DECISION])
    # unit_then_rank: the Phó Hiệu trưởng (rank 1) before the Trưởng khoa (rank 2)
    assert [r[1] for r in rows if len(r) == 4 and r[0].isdigit()] == [
        "Trường Chính trị tỉnh Nghệ An",
        "Tôn Nữ Thị Hà",
        "Trịnh Quang Long",
    ]


def test_launching_decision(outputs: dict[str, Path]) -> None:
    body = texts(outputs["quyet-dinh-1248-QD-HVCTQG-phat-dong.docx"])
    assert body[body.index("QUYẾT ĐỊNH") - 1] == "Hà Nội, ngày 09 tháng 9 năm 2022"
    assert "GIÁM ĐỐC HỌC VIỆN CHÍNH TRỊ QUỐC GIA HỒ CHÍ MINH" in body
    assert any(
        t.startswith("Căn cứ Kế hoạch số 1247-KH/HVCTQG ngày 09/9/2022 của Giám đốc") for t in body
    )
    assert body.index("QUYẾT ĐỊNH:") > body.index(
        "Theo đề nghị của Vụ trưởng Vụ Các trường chính trị và Trưởng Ban Thi đua - Khen thưởng."
    )
    articles = [t for t in body if t.startswith("Điều ")]
    assert [a.split(".")[0] for a in articles] == ["Điều 1", "Điều 2", "Điều 3"]
    assert articles[-1].endswith("thi hành Quyết định này.")  # Party: ends with "."
    assert body[-3:] == ["K/T GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hoàng Phúc Lâm"]


def test_award_proposal(outputs: dict[str, Path]) -> None:
    path = outputs["to-trinh-87-TTr-TCT-lao-cai.docx"]
    body = texts(path)
    assert body[:5] == [
        "TỈNH ỦY LÀO CAI",
        "TRƯỜNG CHÍNH TRỊ",
        "*",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 87-TTr/TCT",
    ]
    assert "TỜ TRÌNH" in body
    assert "Kính gửi: Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh" in body
    data = load_workspace(ROOT).proposals["data/proposals/2024/lao-cai.yaml"]
    n_col, n_ind = len(data.collectives), len(data.individuals)
    assert any(
        f"cho {n_col:02d} tập thể và {n_ind:02d} cá nhân đã có thành tích" in t for t in body
    )
    assert (
        "(Kèm theo Tờ trình số 87-TTr/TCT ngày 28/10/2024\ncủa Trường Chính trị tỉnh Lào Cai)"
    ) in body
    rows = table_rows(path)
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Tóm tắt thành tích"]
    people = [r for r in rows if len(r) == 4 and r[0].isdigit()]
    # as written in the proposal, each with its achievement text
    expected = [c.name for c in data.collectives] + [i.name for i in data.individuals]
    assert [r[1] for r in people] == expected
    achievements = [c.achievement for c in data.collectives] + [
        i.achievement for i in data.individuals
    ]
    assert [r[3] for r in people] == achievements


@pytest.mark.libreoffice
def test_a_long_list_repeats_its_header_on_every_page_in_libreoffice(tmp_path: Path) -> None:
    """300 individuals (benchmarks/award_decision.py builds 10,000 the same way)."""
    from docgen.documents.pdf import convert_to_pdf
    from tests.support.big_decision import make_decision_workspace
    from tests.support.pdf_inspect import require_poppler

    require("soffice")
    require_poppler()
    ws = make_decision_workspace(tmp_path / "ws", 300)
    code, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    (pdf,) = convert_to_pdf([tmp_path / "out" / DECISION], tmp_path / "pdf")
    pages = page_count(pdf)
    assert pages > 1
    texts = [page_text(pdf, n) for n in range(1, pages + 1)]
    first = next(n for n, text in enumerate(texts) if "Họ và tên / Tên tập thể" in text)
    list_pages = texts[first:]
    assert len(list_pages) > 5  # 34 collectives, 300 individuals and 34 school rows
    for text in list_pages:
        assert re.search(r"STT\s+Họ và tên / Tên tập thể\s+Chức vụ, đơn vị\s+Số tiền", text)
    assert "II. CÁ NHÂN (300)" in "".join(list_pages)
    assert "Tổng cộng" in list_pages[-1]
