"""Hostile input: clear errors, nothing lost, nothing evaluated that should not be."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.data.loader import load_yaml
from docgen.documents.render import render_docx
from docgen.errors import TemplateError
from tests.conftest import make_workspace
from tests.support.cli_run import run
from tests.support.docx_inspect import iter_paragraphs

SPEC = "data/documents/ke-hoach-snv-van-hoa-cong-so.yaml"
OUT = "output/ke-hoach-van-hoa-cong-so-SNV.docx"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_hand_edited_document_is_not_overwritten(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    assert run(ws, "build")[0] == 0
    doc = Document(str(ws / OUT))
    doc.add_paragraph("Ghi chú viết tay của văn thư.")
    doc.save(str(ws / OUT))
    edited = (ws / OUT).read_bytes()
    code, _, err = run(ws, "build")
    assert code == 5
    assert (
        f"{SPEC}: error[OUTPUT-EDITED]: {OUT} was changed after docgen wrote it (its content "
        "differs from the register's record); building again would overwrite those "
        "changes\n    hint: keep your edits under another name, or build with --force to "
        "overwrite"
    ) in err
    assert (ws / OUT).read_bytes() == edited  # untouched
    code, out, _ = run(ws, "build", "--force")
    assert code == 0 and "(01/KH-SNV)" in out  # same number, file rewritten
    assert (ws / OUT).read_bytes() != edited


def test_an_interrupted_rebuild_is_not_taken_for_a_hand_edit(tmp_path: Path) -> None:
    """A build killed after writing a changed document but before committing its number
    leaves docgen's own file, whose hash the register does not know yet: not a hand edit."""
    ws = make_workspace(tmp_path)
    assert run(ws, "build")[0] == 0
    # stand-in for the interrupted rebuild: another docgen output in the file's place
    other = ws / "output" / "ke-hoach-2024-KH-HVCTQG.docx"
    (ws / OUT).write_bytes(other.read_bytes())
    code, out, err = run(ws, "build")
    assert code == 0, err
    assert "(01/KH-SNV)" in out


def test_markup_in_data_is_text_never_template(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    hostile = "A & B <c> \\\"d\\\" 'e' {{ 7*7 }} {% for x in y %} {{ ''.__class__ }}"
    edit(ws / SPEC, "intro: >-\n  Để triển khai", f'intro: "{hostile}"\nx_: >-\n  Để triển khai')
    # the extra key makes validation fail: put the text where it belongs instead
    text = (ws / SPEC).read_text(encoding="utf-8")
    start = text.index("x_: >-")
    end = text.index("signature:")
    (ws / SPEC).write_text(text[:start] + text[end:], encoding="utf-8")
    code, _, err = run(ws, "build")
    assert code == 0, err
    texts = [p.text for p in iter_paragraphs(Document(str(ws / OUT)))]
    assert "A & B <c> \"d\" 'e' {{ 7*7 }} {% for x in y %} {{ ''.__class__ }}" in texts


def _template(tmp_path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph(text)
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return path


def test_the_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ x.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"x": "a"}, record="data/documents/a.yaml", shown="templates/t.docx")
    assert caught.value.code == "TEMPLATE-SANDBOX"
    assert caught.value.message == (
        "templates/t.docx tried something templates may not do: access to attribute "
        "'__class__' of 'str' object is unsafe."
    )


def test_a_jinja_syntax_error_names_the_template_and_shows_the_text(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Căn cứ Luật Thi đua, khen thưởng;")
    doc.add_paragraph("Kính gửi {{ name ")
    doc.add_paragraph("Nơi nhận:")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"name": "x"}, record="data/documents/a.yaml", shown="templates/t.docx")
    assert caught.value.code == "TEMPLATE-SYNTAX"
    assert caught.value.message.startswith("Jinja syntax error in templates/t.docx: ")
    assert "(near: Căn cứ Luật Thi đua, khen thưởng; | Kính gửi {{ name" in caught.value.message


def test_a_missing_variable_names_variable_template_and_record(tmp_path: Path) -> None:
    path = _template(tmp_path, "Kính gửi {{ addressee }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {}, record="data/documents/a.yaml", shown="templates/t.docx")
    assert caught.value.code == "TEMPLATE-VARIABLE"
    assert caught.value.message == (
        "templates/t.docx uses addressee, which data/documents/a.yaml does not provide"
    )


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("../x.docx", "'output' has an invalid form: text '../x.docx'"),
        ("a/b.docx", "'output' has an invalid form: text 'a/b.docx'"),
        ("CON.docx", "'CON.docx' is a name Windows reserves; choose another output name"),
        ("ke hoach .docx", "an output name may not end with a space or a dot before .docx"),
    ],
)
def test_bad_output_names(tmp_path: Path, output: str, message: str) -> None:
    ws = make_workspace(tmp_path)
    edit(ws / SPEC, "output: ke-hoach-van-hoa-cong-so-SNV.docx", f'output: "{output}"')
    code, _, err = run(ws, "validate")
    assert code == 2
    assert f"error[DATA-VALUE]: {message}" in err


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_give_a_docgen_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    _, problems = load_yaml(path, "data/x.yaml")  # must not raise
    for problem in problems:
        assert problem.code.startswith("DATA-")
        assert str(problem.location).startswith("data/x.yaml")


def test_a_tag_split_across_formatting_is_explained(tmp_path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph("Kính gửi: ")
    p.add_run("{{ addr")
    p.add_run("essee }}").bold = True  # half of the tag bold: Word does this when edited
    path = tmp_path / "t.docx"
    doc.save(str(path))
    with pytest.raises(TemplateError) as caught:
        render_docx(path, {"addressee": "x"}, record="r", shown="templates/t.docx")
    assert caught.value.code == "TEMPLATE-SPLIT-TAG"
    assert caught.value.message == (
        "templates/t.docx: the tag {{ addressee }} in paragraph 1 is split across differently "
        "formatted runs, so part of its formatting would be lost"
    )


def test_a_tag_split_across_equal_runs_renders(tmp_path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph("Kính gửi: ")
    p.add_run("{{ addr")
    p.add_run("essee }}")  # same formatting: docxtpl joins them without loss
    path = tmp_path / "t.docx"
    doc.save(str(path))
    data = render_docx(path, {"addressee": "Giám đốc"}, record="r", shown="t")
    import io

    assert Document(io.BytesIO(data)).paragraphs[0].text == "Kính gửi: Giám đốc"


def test_overlong_names_are_refused_with_their_place(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    proposal = ws / "data/proposals/2024/lao-cai.yaml"
    text = proposal.read_text(encoding="utf-8")
    first = text.index("  - name: ", text.index("individuals:"))
    end = text.index("\n", first)
    long_name = "Nguyễn " + "Văn " * 40 + "An"
    proposal.write_text(text[:first] + f"  - name: {long_name}" + text[end:], encoding="utf-8")
    code, _, err = run(ws, "validate")
    assert code == 2
    assert err == (
        "data/proposals/2024/lao-cai.yaml:24:11: error[DATA-VALUE]: 'name' is too long "
        "(169 characters; at most 120)\n"
    )


def test_never_writes_into_templates(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    before = {p: p.read_bytes() for p in (ws / "templates").rglob("*") if p.is_file()}
    code, _, err = run(ws, "build", "--out", str(ws / "templates" / "out"))
    assert code == 5
    assert "error[OUTPUT-PROTECTED]: refusing to write documents into templates/" in err
    after = {p: p.read_bytes() for p in (ws / "templates").rglob("*") if p.is_file()}
    assert after == before


def test_fifty_thousand_nominees_validate(tmp_path: Path) -> None:
    """A 50,000-nominee file loads through the libyaml composer and validates (its time is
    measured by benchmarks/load.py, not here)."""
    ws = make_workspace(tmp_path)
    lines = [
        "campaign: xd-truong-chuan",
        "year: 2024",
        "school: hue",
        "date: 2024-11-01",
        "award: bang-khen-giam-doc-hv",
        "individuals:",
    ]
    for i in range(50_000):
        lines += [
            f"  - name: Nguyễn Văn Thành {i}",
            "    gender: nam",
            "    position: Giảng viên",
            "    unit: Khoa Lý luận cơ sở",
            "    achievement: Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024.",
        ]
    (ws / "data/proposals/2024/hue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(ws, "validate")
    assert code == 0, err
    assert out.startswith("data OK")
