"""The register inside `docgen build`: every printed number is the register's, rebuilds keep
numbers, failures consume none, and the register book exports."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docx import Document

from docgen.register import open_register
from tests.conftest import make_workspace
from tests.support.cli_run import run
from tests.support.docx_inspect import iter_paragraphs

SNV = "data/documents/ke-hoach-snv-van-hoa-cong-so.yaml"


def spec_count(ws: Path) -> int:
    """The example workspace grows: count its specs rather than hard-code them."""
    return len(list((ws / "data" / "documents").glob("*.yaml")))


def number_line_of(path: Path) -> str:
    doc = Document(str(path))
    return next(p.text for p in iter_paragraphs(doc) if p.text.startswith("Số"))


def test_every_output_prints_the_register_number(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    assert run(ws, "build")[0] == 0
    entries = open_register(ws / "register.sqlite").entries()
    assert len(entries) == spec_count(ws)
    for entry in entries:
        assert entry.output is not None and entry.state == "issued"
        line = number_line_of(ws / entry.output)
        assert line.endswith(entry.symbol), (line, entry.symbol)
        assert hashlib.sha256((ws / entry.output).read_bytes()).hexdigest() == entry.sha256


def test_rebuilding_keeps_the_numbers(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    count = spec_count(ws)
    first = run(ws, "build")[1]
    before = open_register(ws / "register.sqlite").entries()
    second = run(ws, "build")[1]
    assert first.splitlines()[:count] == second.splitlines()[:count]
    after = open_register(ws / "register.sqlite").entries()
    assert len(after) == count
    assert [(e.spec, e.symbol) for e in after] == [(e.spec, e.symbol) for e in before]


def test_auto_numbers_continue_and_a_failure_consumes_none(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    spec = (ws / SNV).read_text(encoding="utf-8")
    # a second State plan, with a template that fails: it must not take a number
    (ws / "data/documents/ke-hoach-snv-2.yaml").write_text(
        spec.replace("output: ke-hoach-van-hoa-cong-so-SNV.docx", "output: second.docx"),
        encoding="utf-8",
    )
    (ws / "data/documents/ke-hoach-snv-3.yaml").write_text(
        spec.replace("output: ke-hoach-van-hoa-cong-so-SNV.docx", "output: third.docx"),
        encoding="utf-8",
    )
    state_template = ws / "templates/state/plan.docx"
    state_template.rename(ws / "templates/state/plan.bak")
    code, _, err = run(ws, "build")
    assert (
        code == 3
        and "error[TEMPLATE-MISSING]: template not found: templates/state/plan.docx" in err
    )
    # the Sở's 2026 plans (its other examples are of 2025 and use other templates)
    assert [
        e.symbol
        for e in open_register(ws / "register.sqlite").entries(issuer="snv-nghe-an")
        if e.date.year == 2026
    ] == []
    (ws / "templates/state/plan.bak").rename(state_template)
    code, _out, _ = run(ws, "build")
    assert code == 0
    symbols = [
        e.symbol
        for e in open_register(ws / "register.sqlite").entries(issuer="snv-nghe-an")
        if e.date.year == 2026
    ]
    assert symbols == ["01/KH-SNV", "02/KH-SNV", "03/KH-SNV"]


def test_moving_a_numbered_spec_to_another_year_says_what_to_do(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    assert run(ws, "build")[0] == 0
    path = ws / SNV
    path.write_text(
        path.read_text(encoding="utf-8").replace("date: 2026-02-03", "date: 2027-02-03"),
        encoding="utf-8",
    )
    code, _, err = run(ws, "build")
    assert code == 4
    assert (
        f"{SNV}:6:7: error[REGISTER-REBIND]: {SNV} already has number 01/KH-SNV of 03/02/2026"
        in err
    )
    assert "docgen register void snv-nghe-an 01/KH-SNV --reason" in err
    # voiding it lets the spec take a number in its new year
    code, out, _ = run(ws, "register", "void", "snv-nghe-an", "01/KH-SNV", "--reason", "đổi năm")
    assert code == 0 and "voided 01/KH-SNV" in out
    code, out, _ = run(ws, "build")
    assert code == 0 and "(01/KH-SNV)" in out
    listing = run(ws, "register", "list", "--issuer", "snv-nghe-an")[1]
    assert "[voided: đổi năm]" in listing


def test_register_export(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    assert run(ws, "build")[0] == 0
    code, out, _ = run(
        ws, "register", "export", "--issuer", "hvctqg", "--out", str(tmp_path / "so.docx")
    )
    hvctqg = open_register(ws / "register.sqlite").entries(issuer="hvctqg")
    # (the general-kind examples of 2025 give numbers by hand: the book also shows the numbers
    # they skip, as rows "Bỏ trống")
    assert code == 0 and f"({len(hvctqg)} entries" in out
    doc = Document(str(tmp_path / "so.docx"))
    assert doc.paragraphs[0].text == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert round(section.page_width.mm) == 297
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Số", "Ký hiệu", "Ngày"]
    assert "w:tblHeader" in table.rows[0]._tr.xml
    symbols = [r.cells[1].text for r in table.rows[1:] if r.cells[8].text != "Bỏ trống"]
    assert symbols == [e.symbol for e in hvctqg]
    assert "1247-KH/HVCTQG" in symbols
    assert doc.styles["Normal"].font.name == "Times New Roman"
    code, _, _ = run(
        ws, "register", "export", "--issuer", "hvctqg", "--out", str(tmp_path / "so.csv")
    )
    text = (tmp_path / "so.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Số,Ký hiệu,Ngày,Loại,Trích yếu,Người ký,Nơi nhận,Tệp,Trạng thái"
    assert "1247-KH/HVCTQG" in text
