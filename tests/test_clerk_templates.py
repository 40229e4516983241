"""A template of the office's own (``template: my-office/cong-van.docx``): checked before
rendering, every problem with its paragraph; a good one builds and passes the checker."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from docgen.cli.main import cli
from tests.conftest import make_workspace

SPEC = "data/documents/cong-van-snv-125.yaml"


def _own_template(ws: Path, *lines: str) -> Path:
    """The State letter template, copied as the office's own, with ``lines`` added after the
    body (each a paragraph, typed in one go as a clerk would in Word)."""
    target = ws / "templates" / "my-office" / "cong-van.docx"
    target.parent.mkdir(parents=True)
    shutil.copy(ws / "templates" / "state" / "letter.docx", target)
    doc = Document(str(target))
    body = next(p for p in doc.paragraphs if p.text == "{{p body }}")
    for line in reversed(lines):
        new = body.insert_paragraph_before(line, style="DGBody")
        body._p.addnext(new._p)
    doc.save(str(target))
    spec = ws / SPEC
    spec.write_text(
        spec.read_text(encoding="utf-8") + "template: my-office/cong-van.docx\n", encoding="utf-8"
    )
    return target


def _paragraph_of(path: Path, text: str) -> int:
    from tests.support.docx_inspect import iter_paragraphs, open_docx

    for n, p in enumerate(iter_paragraphs(open_docx(path)), 1):
        if p.text == text:
            return n
    raise AssertionError(text)


def test_unknown_values_fields_filters_and_tags_are_named_with_their_paragraph(
    tmp_path: Path,
) -> None:
    ws = make_workspace(tmp_path)
    lines = (
        "Người nhận: {{ nguoi_nhan }}",
        "Cơ quan: {{ issuer.nmae }}",
        "Ngày: {{ spec.date | ngay_thang }}",
        "{% include 'footer.docx' %}",
    )
    template = _own_template(ws, *lines)
    register = tmp_path / "register.sqlite"
    result = CliRunner().invoke(
        cli, ["-C", str(ws), "--register", str(register), "render", str(ws / SPEC)]
    )
    assert result.exit_code == 3, result.output
    shown = "templates/my-office/cong-van.docx"
    at = [_paragraph_of(template, line) for line in lines]
    for wanted in (
        f"{shown}:{at[0]}: error[TEMPLATE-VARIABLE]: paragraph {at[0]} «Người nhận: "
        "{{ nguoi_nhan }}»: 'nguoi_nhan' is not a value docgen gives this document (it gives: "
        "addressee, archive, attachment,",
        f"{shown}:{at[1]}: error[TEMPLATE-VARIABLE]: paragraph {at[1]} «Cơ quan: "
        "{{ issuer.nmae }}»: 'issuer.nmae': issuer has no 'nmae' (it has: abbr, head_title, "
        "header, id, name,",
        f"{shown}:{at[2]}: error[TEMPLATE-FILTER]: paragraph {at[2]} «Ngày: "
        "{{ spec.date | ngay_thang }}»: unknown filter 'ngay_thang' (docgen's: balance, capital, "
        "date_line,",
        f"{shown}:{at[3]}: error[TEMPLATE-TAG]: paragraph {at[3]} "
        "«{% include 'footer.docx' %}»: templates may not use 'include'",
    ):
        assert wanted in result.stderr, result.stderr
    assert not (ws / "output" / "cong-van-125-SNV-VP.docx").exists()
    # nothing was written, so no number was kept
    listed = CliRunner().invoke(
        cli, ["-C", str(ws), "--register", str(register), "register", "list"]
    )
    assert "125/SNV-VP" not in listed.stdout


def test_a_good_template_of_ones_own_builds_and_passes_the_checker(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    _own_template(ws, "Đầu mối liên hệ: Văn phòng {{ issuer.name }}.")
    register = tmp_path / "register.sqlite"
    result = CliRunner().invoke(
        cli, ["-C", str(ws), "--register", str(register), "build", "--check"]
    )
    assert result.exit_code == 0, result.output
    documents = len(list((ws / "data" / "documents").glob("*.yaml")))
    assert f"checked {documents} documents: 0 format errors" in result.stdout
    doc = Document(str(ws / "output" / "cong-van-125-SNV-VP.docx"))
    assert "Đầu mối liên hệ: Văn phòng Sở Nội vụ tỉnh Nghệ An." in [p.text for p in doc.paragraphs]
