"""Correcting documents (issue 23): an issued document is changed only by another, with its
own number, that cites it — đính chính, sửa đổi, bổ sung, or thay thế — and the register
links the two. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from docgen.documents.readable import readable_of_file
from docgen.register import open_register
from tests.register.test_issued import _workspace
from tests.support.cli_run import run

ORIGINAL = "data/documents/quyet-dinh-snv-quy-che.yaml"
REPLACING = "data/documents/quyet-dinh-snv-quy-che-thay-the.yaml"
REASON = "Quy chế bổ sung trách nhiệm của các phòng"


def _replacing_spec(
    ws: Path,
    *,
    how: str = "thay_the",
    document: str = "quyet-dinh-snv-quy-che",
    date: str = "2025-03-20",
) -> None:
    text = (ws / ORIGINAL).read_text(encoding="utf-8")
    text = text.replace("number: 12\n", "number: auto\n")
    text = text.replace("date: 2025-03-05\n", f"date: {date}\n")
    text = text.replace(
        "Quyết định này có hiệu lực thi hành kể từ ngày ký và thay thế Quyết định số 30/QĐ-SNV "
        "ngày 12 tháng 6 năm 2021 của Giám đốc Sở Nội vụ.",
        "Bãi bỏ các quy định trước đây trái với Quy chế ban hành kèm theo Quyết định này.",
    )
    text = text.replace(
        "output: quyet-dinh-12-QD-SNV-quy-che.docx", "output: quyet-dinh-QD-SNV-quy-che-moi.docx"
    )
    text += f"corrects:\n  document: {document}\n  how: {how}\n  reason: {REASON}\n"
    (ws / REPLACING).write_text(text, encoding="utf-8")


def test_a_replacing_decision_takes_its_own_number_and_cites_the_replaced(
    tmp_path: Path, register_url: str
) -> None:
    ws = _workspace(tmp_path, register_url)
    assert run(ws, "build")[0] == 0
    original = (ws / "output/quyet-dinh-12-QD-SNV-quy-che.docx").read_bytes()
    _replacing_spec(ws)

    code, _, err = run(ws, "build")

    assert code == 0, err
    assert (ws / "output/quyet-dinh-12-QD-SNV-quy-che.docx").read_bytes() == original
    text = readable_of_file(ws / "output/quyet-dinh-QD-SNV-quy-che-moi.docx")
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    entries = {e.spec: e for e in register.entries()}
    old, new = entries[ORIGINAL], entries[REPLACING]
    assert old.symbol == "12/QĐ-SNV" and old.state == "issued"
    assert new.symbol == "13/QĐ-SNV"
    assert (new.corrects, new.correction) == (old.id, "thay_the")
    cited = (
        "Quyết định số 12/QĐ-SNV ngày 05/3/2025 của Giám đốc Sở Nội vụ tỉnh Nghệ An về việc "
        "ban hành Quy chế làm việc của Sở Nội vụ tỉnh Nghệ An"
    )
    assert f"Căn cứ {cited};" in text  # a basis, after the legal ones
    assert f"Quyết định này thay thế {cited}." in text  # with the effectiveness clause
    listed = run(ws, "register", "list")[1]
    assert "(data/documents/quyet-dinh-snv-quy-che.yaml)  (được thay thế bởi 13/QĐ-SNV)" in listed
    assert f"({REPLACING})  (thay thế 12/QĐ-SNV)" in listed


def test_a_correction_of_a_document_never_numbered_is_refused(
    tmp_path: Path, register_url: str
) -> None:
    ws = _workspace(tmp_path, register_url)
    _replacing_spec(ws, how="dinh_chinh")
    # the corrected document cannot be numbered: its number 12 is taken by hand elsewhere
    text = (ws / ORIGINAL).read_text(encoding="utf-8")
    (ws / ORIGINAL).write_text(text.replace("date: 2025-03-05", "date: 2026-03-05"), "utf-8")
    code, _, err = run(ws, "build")
    assert code != 0
    assert "error[DATA-CORRECTS]" in err and "is dated 05/03/2026, after this document" in err


def test_a_correction_names_a_document_of_the_workspace(tmp_path: Path, register_url: str) -> None:
    ws = _workspace(tmp_path, register_url)
    _replacing_spec(ws, document="quyet-dinh-khong-co")
    code, _, err = run(ws, "build")
    assert code != 0
    assert (
        f"{REPLACING}:" in err
        and "error[DATA-CORRECTS]: 'quyet-dinh-khong-co' is not a document spec" in err
    )


def test_a_replacing_award_decision_gives_the_awards_once(
    tmp_path: Path, register_url: str
) -> None:
    """After a base-salary row was corrected, the decision 1569-QĐ/HVCTQG (kept as issued) is
    replaced by a new decision: no DATA-AWARD-TWICE nor DATA-INELIGIBLE for the same people,
    and the statistics count each award once, with the replacing decision's money."""
    ws = _workspace(tmp_path, register_url)
    assert run(ws, "build")[0] == 0
    before = run(ws, "stats")[1]
    # the example's four decisions: 187.200.000 of the year's three + 10.530.000 of the term's
    assert "197.730.000" in before
    salary = ws / "data/law/base_salary.yaml"
    salary.write_text(
        salary.read_text(encoding="utf-8").replace("amount: 2340000", "amount: 2990000"),
        encoding="utf-8",
    )
    original = (ws / "data/documents/quyet-dinh-khen-thuong-2024.yaml").read_text("utf-8")
    replacing = original.replace(
        "date: 2024-12-20\n",
        "date: 2024-12-27\ncorrects:\n  document: quyet-dinh-khen-thuong-2024\n"
        "  how: thay_the\n  reason: Tiền thưởng tính lại theo mức lương cơ sở đúng\n",
    ).replace(
        "output: quyet-dinh-khen-thuong-2024-HVCTQG.docx",
        "output: quyet-dinh-khen-thuong-2024-thay-the-HVCTQG.docx",
    )
    (ws / "data/documents/quyet-dinh-khen-thuong-2024-thay-the.yaml").write_text(
        replacing, encoding="utf-8"
    )

    code, _, err = run(ws, "build")

    assert code == 0, err
    assert "DATA-AWARD-TWICE" not in err and "DATA-INELIGIBLE" not in err
    text = readable_of_file(ws / "output/quyet-dinh-khen-thuong-2024-thay-the-HVCTQG.docx")
    assert "Số 1570-QĐ/HVCTQG" in text and "5.980.000" in text
    assert "Quyết định này thay thế Quyết định số 1569-QĐ/HVCTQG ngày 20/12/2024" in text
    stats = run(ws, "stats")[1]
    # 197.730.000 − 163.800.000 (1569, replaced) + 209.300.000 (1570); the term's decision
    # (22/12/2025, issued before the salary row was edited) keeps its 10.530.000
    assert "Tổng cộng              4       17       53       70     243.230.000" in stats
    assert "1569-QĐ/HVCTQG" in stats  # named among the decisions not counted
