"""Certificates: safe names, the fast path equals docxtpl, batches, merge, PDF, sổ vàng."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from docgen.awards.certificates import CertificateJob, render_batch, safe_file_name
from docgen.cli.main import cli
from docgen.documents.batch import CompiledTemplate
from docgen.documents.readable import readable_of_file
from docgen.documents.templates import jinja_env
from tests.conftest import ROOT, make_workspace
from tests.support.pdf_inspect import page_count, page_size_mm
from tests.support.tools import require

TEMPLATE = ROOT / "templates" / "certificates" / "bang_khen-A3.docx"
RECORDS = [
    {
        "authority": "GIÁM ĐỐC HỌC VIỆN",
        "name": "Nguyễn Thị Ánh",
        "description": "Giảng viên",
        "reason": "Đã có thành tích xuất sắc",
        "decision": "Quyết định số 1569-QĐ/HVCTQG",
        "book": "0001",
        "date_line": "Hà Nội, ngày 20 tháng 12 năm 2024",
        "signer_title": "K/T GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        "signer_name": "Hoàng Phúc Lâm",
    },
    {
        "authority": "A & B <c>",
        "name": "{{ not evaluated }} Tôn Nữ Thị Hà",
        "description": 'Khoa "Xây dựng" Đảng',
        "reason": "'x'",
        "decision": "d",
        "book": "0002",
        "date_line": "x",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "y",
    },
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0001 Nguyễn Thị Ánh", "0001 Nguyễn Thị Ánh.docx"),
        ("../x", "-x.docx"),
        ("a/b\\c", "a-b-c.docx"),
        ("CON", "_CON.docx"),
        ("lpt1", "_lpt1.docx"),
        ("tên có dấu chấm. ", "tên có dấu chấm.docx"),
        ('a<b>c:"d"|e?f*', "a-b-c-d-e-f.docx"),
        ("...", "khong-ten.docx"),
        ("x" * 300, "x" * 120 + ".docx"),
    ],
)
def test_safe_file_names(text: str, expected: str) -> None:
    assert safe_file_name(text, set()) == expected


def test_duplicate_names_get_a_suffix() -> None:
    used: set[str] = set()
    names = [safe_file_name("Nguyễn Văn An", used) for _ in range(3)]
    assert names == ["Nguyễn Văn An.docx", "Nguyễn Văn An-2.docx", "Nguyễn Văn An-3.docx"]
    assert safe_file_name("NGUYỄN VĂN AN", used) == "NGUYỄN VĂN AN-4.docx"  # case-insensitive


def _canonical(xml: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser), method="c14n")


@pytest.mark.parametrize("record", RECORDS)
def test_fast_path_equals_docxtpl(record: dict[str, str], tmp_path: Path) -> None:
    from docxtpl import DocxTemplate

    slow = DocxTemplate(str(TEMPLATE))
    slow.render(record, jinja_env=jinja_env(), autoescape=True)
    slow.save(str(tmp_path / "slow.docx"))
    with zipfile.ZipFile(tmp_path / "slow.docx") as zf:
        expected = zf.read("word/document.xml")
    fast = CompiledTemplate(TEMPLATE).render_bytes(record)
    with zipfile.ZipFile(io.BytesIO(fast)) as zf:
        actual = zf.read("word/document.xml")
        names = zf.namelist()
    assert _canonical(actual) == _canonical(expected)
    with zipfile.ZipFile(TEMPLATE) as zf:
        assert sorted(names) == sorted(zf.namelist())  # every other part is there


def test_a_failing_record_does_not_stop_the_batch(tmp_path: Path) -> None:
    jobs = [CertificateJob(i, f"{i}.docx", dict(RECORDS[0])) for i in range(1, 5)]
    del jobs[1].context["name"]  # this record cannot render
    results = list(render_batch(TEMPLATE, jobs, tmp_path))
    errors = [(job.file_name, error) for job, error, _ in results if error]
    assert len(errors) == 1 and errors[0][0] == "2.docx" and "'name' is undefined" in errors[0][1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.docx", "3.docx", "4.docx"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = make_workspace(tmp_path_factory.mktemp("ws"))
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(ws), "build"]).exit_code == 0
    result = runner.invoke(
        cli,
        [
            "-C",
            str(ws),
            "certificates",
            str(ws / "data/certificates/bang-khen-2024.yaml"),
            "--out",
            str(ws / "cert"),
            "--merge",
            "--jobs",
            "2",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"58 certificates (bằng khen) in {ws / 'cert'}, merged into ")
    return ws


def test_one_file_per_awardee_and_the_book_numbers(batch: Path) -> None:
    files = sorted((batch / "cert").glob("0*.docx"))
    assert len(files) == 12 + 46  # one failed the council's vote
    with open(batch / "cert" / "bang-khen-2024-so-vang.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Số sổ vàng"] for r in rows] == [f"{n:04d}" for n in range(1, 59)]
    assert all(r["Trạng thái"] == "đã in" for r in rows)
    assert sorted(r["Tệp"] for r in rows) == [f.name for f in files]
    doc = Document(str(batch / "cert" / rows[20]["Tệp"]))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert rows[20]["Họ và tên / Tên tập thể"] in texts and "BẰNG KHEN" in texts
    section = doc.sections[0]
    assert section.page_width > section.page_height and round(section.page_width.mm) == 420


def test_merged_file_has_one_landscape_page_per_certificate(batch: Path) -> None:
    merged = batch / "cert" / "bang-khen-2024-tat-ca.docx"
    doc = Document(str(merged))
    assert all(s.page_width > s.page_height for s in doc.sections)
    xml = doc.element.xml
    assert xml.count('w:type="page"') == 57
    assert xml.count("Số sổ vàng: ") == 58


@pytest.mark.libreoffice
def test_pdf_of_the_merged_file(batch: Path, tmp_path: Path) -> None:
    from docgen.documents.pdf import convert_to_pdf

    require("soffice")
    (pdf,) = convert_to_pdf([batch / "cert" / "bang-khen-2024-tat-ca.docx"], tmp_path)
    assert page_count(pdf) == 58
    width, height = page_size_mm(pdf)
    assert (round(width), round(height)) == (420, 297)


def test_blank_mode_places_each_field_at_its_position(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(ws), "build"]).exit_code == 0
    result = runner.invoke(
        cli,
        [
            "-C",
            str(ws),
            "certificates",
            str(ws / "data/certificates/bang-khen-2024-phoi.yaml"),
            "--out",
            str(ws / "phoi"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    doc = Document(str(sorted((ws / "phoi").glob("0001 *.docx"))[0]))
    frames = {}
    for p in doc.paragraphs:
        frame = p._p.find(".//{*}framePr")
        if frame is not None:
            x = int(frame.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}x"))
            y = int(frame.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}y"))
            frames[p.text] = (round(x * 25.4 / 1440), round(y * 25.4 / 1440))
    name = next(t for t in frames if t and not t.startswith(("Quyết", "Số", "Hà", "Đã")))
    assert frames[name] == (60, 128)
    assert frames["Số sổ vàng: 0001"] == (30, 246)
    assert "BẰNG KHEN" not in [p.text for p in doc.paragraphs]  # printed on the blank already
    assert doc.element.xml.count("w:pBdr") == 0  # no test-sheet boxes unless asked


@pytest.mark.libreoffice
def test_pdf_for_every_certificate(tmp_path: Path) -> None:
    require("soffice")
    ws = make_workspace(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(ws), "build"]).exit_code == 0
    result = runner.invoke(
        cli,
        [
            "-C",
            str(ws),
            "certificates",
            str(ws / "data/certificates/bang-khen-ubnd-nghe-an-2024.yaml"),
            "--out",
            str(ws / "bk"),
            "--pdf",
            "--jobs",
            "2",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"3 certificates (bằng khen) in {ws / 'bk'}, 3 PDF (")
    pdfs = sorted((ws / "bk").glob("*.pdf"))
    # the book numbers start where the spec says: 0125, 0126, 0127
    assert [p.name[:4] for p in pdfs] == ["0125", "0126", "0127"]
    for pdf in pdfs:
        assert page_count(pdf) == 1
        width, height = page_size_mm(pdf)
        assert (round(width), round(height)) == (420, 297)  # A3 landscape, the model's paper
    doc = Document(str(sorted((ws / "bk").glob("0125 *.docx"))[0]))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" in texts


def test_reprinting_keeps_every_book_number(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(ws), "build"]).exit_code == 0
    spec = str(ws / "data/certificates/bang-khen-ubnd-nghe-an-2024.yaml")
    for out in ("first", "second"):
        assert (
            runner.invoke(
                cli, ["-C", str(ws), "certificates", spec, "--out", str(ws / out)]
            ).exit_code
            == 0
        )
    first = sorted(p.name for p in (ws / "first").glob("*.docx"))
    assert first == sorted(p.name for p in (ws / "second").glob("*.docx"))
    assert [name[:4] for name in first] == ["0125", "0126", "0127"]
    from docgen.register import open_register

    book = open_register(ws / "register.sqlite").book_numbers(
        "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2024.yaml", [], 1
    )
    assert book == {}  # asking for nobody changes nothing


def _print(ws: Path, out: str, *extra: str) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(ws),
            "certificates",
            str(ws / "data/certificates/bang-khen-2024.yaml"),
            "--out",
            str(ws / out),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output


def test_two_workers_write_the_same_files_as_one(batch: Path) -> None:
    _print(batch, "one", "--jobs", "1", "--merge")
    _print(batch, "two", "--jobs", "2", "--merge")
    one = {p.name: p.read_bytes() for p in (batch / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (batch / "two").iterdir()}
    assert len(one) == 58 + 2  # the certificates, the merged file and the book
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_batch_stopped_half_way_leaves_no_file_of_its_own(tmp_path: Path) -> None:
    jobs = [CertificateJob(i, f"{i}.docx", dict(RECORDS[0])) for i in range(1, 9)]
    (tmp_path / "old.docx").write_bytes(b"kept")
    for workers in (1, 2):
        batch = render_batch(TEMPLATE, jobs, tmp_path, workers=workers)
        for done, _ in enumerate(batch, 1):
            if done == 5:
                break  # as a Ctrl+C in the progress bar would
        batch.close()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["old.docx"]


def test_files_left_staged_by_a_killed_batch_are_removed(batch: Path) -> None:
    out = batch / "again"
    out.mkdir()
    (out / ".0001 x.docx.docgen-tmp").write_bytes(b"half")
    _print(batch, "again")
    assert not list(out.glob(".*"))
    assert len(list(out.glob("*.docx"))) == 58


@pytest.mark.parametrize(
    "name",
    [
        f"{kind}-{paper}"
        for kind in ("bang_khen", "giay_khen", "bang_chung_nhan", "giay_chung_nhan")
        for paper in ("A3", "A4")
    ],
)
def test_certificate_templates_carry_no_unused_parts(name: str) -> None:
    """The package is written per awardee: only the parts a certificate uses, and every
    relationship and content-type override still names a part that is there."""
    with zipfile.ZipFile(ROOT / "templates" / "certificates" / f"{name}.docx") as zf:
        names = set(zf.namelist())
        assert not {n for n in names if "stylesWithEffects" in n or "thumbnail" in n}
        assert not {n for n in names if n.startswith("customXml/")}
        for rels in (n for n in names if n.endswith(".rels")):
            base = rels.split("_rels/")[0]
            for rel in etree.fromstring(zf.read(rels)):
                assert (base + rel.get("Target")).replace("word/../", "") in names
        for override in etree.fromstring(zf.read("[Content_Types].xml")):
            if override.get("PartName"):
                assert override.get("PartName").lstrip("/") in names
        styles = etree.fromstring(zf.read("word/styles.xml"))
        assert len(styles) < 12  # defaults only, not python-docx's 160 built-in styles


def test_a_reprint_of_unchanged_data_rewrites_no_file(batch: Path) -> None:
    _print(batch, "reprint")
    before = {p.name: p.stat().st_ino for p in (batch / "reprint").glob("*.docx")}
    _print(batch, "reprint")
    after = {p.name: p.stat().st_ino for p in (batch / "reprint").glob("*.docx")}
    assert len(before) == 58 and after == before


def test_a_compiled_template_is_kept_and_needs_no_docxtpl_then(tmp_path: Path) -> None:
    """The second batch reads the template's prepared source from the cache: it renders the
    same XML without loading docxtpl or python-docx; a damaged entry is made again."""
    import subprocess
    import sys

    cache = tmp_path / "cache"
    expected = CompiledTemplate(TEMPLATE, cache).render_xml(RECORDS[1])
    assert len(list(cache.glob("body-*.jinja"))) == 1
    code = (
        "import sys; sys.modules['docxtpl'] = None; sys.modules['docx'] = None\n"
        "from pathlib import Path; from docgen.documents.batch import CompiledTemplate\n"
        f"t = CompiledTemplate(Path({str(TEMPLATE)!r}), Path({str(cache)!r}))\n"
        f"print(t.render_xml({RECORDS[1]!r}), end='')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout == expected
    entry = next(cache.glob("body-*.jinja"))
    entry.write_text("{% if %}", encoding="utf-8")
    assert CompiledTemplate(TEMPLATE, cache).render_xml(RECORDS[1]) == expected


def test_a_campaign_name_with_an_ampersand_and_quotes_prints_as_written(tmp_path: Path) -> None:
    """Before: 'Xây dựng … & "hiện đại"' printed as '&amp; &#34;hiện đại&#34;' on every
    certificate (escaped twice: as markup by the reason's template, then as XML)."""
    from tests.support.cli_run import edit, run

    ws = make_workspace(tmp_path / "ws")
    edit(
        ws,
        "data/campaigns/xd-truong-chuan.yaml",
        "name: Xây dựng trường chính trị chuẩn",
        "name: 'Xây dựng trường chính trị chuẩn & \"hiện đại\" <2024>'",
    )
    assert run(ws, "build")[0] == 0
    code, _, err = run(
        ws, "certificates", "data/certificates/bang-khen-2024.yaml", "--out", str(ws / "c")
    )
    assert code == 0, err
    first = sorted((ws / "c").glob("0002 *.docx"))[0]
    text = readable_of_file(first)
    assert '“Xây dựng trường chính trị chuẩn & "hiện đại" <2024>” năm 2024' in text
    assert "&amp;" not in text and "&#34;" not in text
