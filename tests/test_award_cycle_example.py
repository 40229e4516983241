"""The example workspace's whole award cycle of issue 25, as a clerk runs it: the Học viện's
decision at the close of the campaign's term (a period, two awards: its own title without money
and the Giám đốc's Bằng khen, over a school, a regional academy and an institute of its own),
the title's Giấy chứng nhận, and Nghệ An's upward Tờ trình to the Prime Minister with its dossier
and the decision that came back."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from tests.conftest import make_workspace
from tests.support.cli_run import edit, run
from tests.support.docx_inspect import text_dump

DECISION = "quyet-dinh-tong-ket-2022-2025-HVCTQG.docx"
TITLES = "data/certificates/chung-nhan-2022-2025.yaml"


def test_the_decision_of_the_term_gives_a_title_and_a_bang_khen(
    outputs: dict[str, Path],
) -> None:
    text = text_dump(outputs[DECISION]).replace("\xa0", " ")  # no-break spaces docgen sets
    assert "“Xây dựng trường chính trị chuẩn” giai đoạn 2022 - 2025" in text
    assert (
        "Điều 1. Tặng danh hiệu “Tập thể tiêu biểu xuất sắc” cho 03 tập thể (có danh sách kèm theo)"
    ) in text
    assert "Điều 2. Tặng Bằng khen của Giám đốc Học viện cho 03 cá nhân" in text
    # the money article is the Bằng khen's alone: the office's own title carries none
    assert "Điều 3. Mỗi cá nhân được tặng Bằng khen của Giám đốc Học viện kèm theo" in text
    assert "Tổng số tiền thưởng: 10.530.000 đồng" in text
    assert "Điều 4. Quyết định có hiệu lực kể từ ngày ký." in text
    # one list a award, the bodies of the Học viện as their own units
    assert "TẬP THỂ ĐƯỢC TẶNG DANH HIỆU" in text and "BẰNG KHEN CỦA GIÁM ĐỐC HỌC VIỆN" in text
    for body in ("Học viện Chính trị khu vực I", "Viện Xây dựng Đảng"):
        assert body in text


def test_the_titles_giay_chung_nhan_names_the_title_and_the_body(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    code, _, err = run(ws, "build", "-q", "--out", str(tmp_path / "out"))
    assert code == 0, err
    out = tmp_path / "cert"
    code, _, err = run(ws, "--lang", "en", "certificates", str(ws / TITLES), "--out", str(out))
    assert code == 0, err
    pages = {
        f.name: [p.text for p in Document(str(f)).paragraphs if p.text.strip()]
        for f in sorted(out.glob("0*.docx"))
    }
    assert sorted(pages) == [
        "0001 Khoa Xây dựng Đảng.docx",
        "0002 Trường Chính trị tỉnh Lào Cai.docx",
        "0003 Viện Xây dựng Đảng.docx",
    ]
    first = pages["0001 Khoa Xây dựng Đảng.docx"]
    assert first[2:7] == [
        "GIÁM ĐỐC HỌC VIỆN CHÍNH TRỊ QUỐC GIA HỒ CHÍ MINH",
        "GIẤY CHỨNG NHẬN",
        "Danh hiệu “Tập thể tiêu biểu xuất sắc”",
        "Khoa Xây dựng Đảng",
        "Học viện Chính trị khu vực I",  # its body, not a school
    ]
    assert "TẶNG" not in " ".join(first)  # it certifies a title, it gives nothing
    files = sorted(str(f) for f in out.glob("0*.docx"))
    code, stdout, err = run(ws, "--lang", "en", "check", *files)
    assert code == 0, stdout + err


def test_the_upward_dossier_of_the_example(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    out = tmp_path / "ho-so"
    code, stdout, err = run(
        ws, "--lang", "en", "dossier", "to-trinh-ubnd-nghe-an-ttg-2025", "--out", str(out)
    )
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == [
        "01-to-trinh-ubnd-nghe-an-ttg-2025.docx",
        "02-bien-ban-hd-tdkt-nghe-an-ttg-2025.docx",
        "03-bao-cao-thanh-tich",
    ]
    assert "to Thủ tướng Chính phủ: the law asks for 2 sets" in stdout
    text = text_dump(out / names[0])
    assert "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ)" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text


def test_a_summary_report_counts_only_the_decisions_before_it(tmp_path: Path) -> None:
    """The report of the term (15/12/2025) is written before the decision of the term
    (22/12/2025): it does not count that decision; dated before the report, it would."""
    report = "bao-cao-tong-ket-2022-2025-HVCTQG.docx"

    def awards_line(ws: Path) -> str:
        code, _, err = run(ws, "build", "-q", "--out", str(ws / "out"))
        assert code == 0, err
        text = text_dump(ws / "out" / report)
        return next(line for line in text.splitlines() if "Học viện đã tặng" in line)

    ws = make_workspace(tmp_path / "as-is")
    assert "Tập thể tiêu biểu xuất sắc" not in awards_line(ws)
    ws = make_workspace(tmp_path / "earlier")
    decision = "data/documents/quyet-dinh-tong-ket-2022-2025.yaml"
    edit(ws, decision, "date: 2025-12-22", "date: 2025-12-12")
    edit(ws, decision, "  - cite: bao-cao-tong-ket-2022-2025\n", "")  # it would cite a later one
    for proposal in ("hvctkv-1", "vien-xay-dung-dang", "lao-cai"):
        rel = f"data/proposals/2022-2025/{proposal}.yaml"
        text = (ws / rel).read_text(encoding="utf-8")
        day = next(line for line in text.splitlines() if line.startswith("date: "))
        edit(ws, rel, day, "date: 2025-11-20")
    assert "danh hiệu “Tập thể tiêu biểu xuất sắc”" in awards_line(ws)
