"""Hostile .docx files: `docgen check`, `docgen build` and `docgen certificates` refuse each one
with the file, the reason in plain words and exit status 2 (3 for a template), never a
traceback, and within bounded memory. Every hostile file is made here, by hand."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.checker import check_docx
from docgen.cli.main import cli
from docgen.errors import DocxReadError
from tests.conftest import ROOT, make_workspace
from tests.support.hostile_zip import (
    DOCUMENT_XML,
    GiB,
    Member,
    deflated,
    docx_members,
    lying,
    write_zip,
    zeros,
)
from tests.support.peak import run_docgen_measured

PLAN = ROOT / "templates" / "state" / "plan.docx"
BOMB = "refused as a possible zip bomb"
DOCTYPE = (
    "declares a DOCTYPE (a DTD, which can define entities); Office files never have one, so it "
    "is not read"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + f']>\n<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'.encode()
    + b"</w:body></w:document>"
)
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    + f'<w:styles xmlns:w="{W}"><w:style w:styleId="&x;"/></w:styles>'.encode()
)


@pytest.fixture(scope="module")
def bomb() -> Member:
    """word/document.xml as 2 GiB of zeros, deflated to about 2 MB: a real zip bomb."""
    return zeros("word/document.xml", 2 * GiB)


def _bomb_docx(path: Path, document: Member) -> Path:
    return write_zip(path, [*docx_members()[:1], document])


def _good(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "good.docx", docx_members())


# name → (make the file in a folder, the reason `docgen check` must give)
CASES: dict[str, tuple[Callable[[Path, Member], Path], str]] = {
    "zip bomb": (
        lambda d, bomb: _bomb_docx(d / "bomb.docx", bomb),
        f"word/document.xml would expand to 2 GB (the limit for one part is 16 MB): {BOMB}",
    ),
    "zip bomb whose directory lies about its size": (
        lambda d, bomb: _bomb_docx(d / "liar.docx", lying(bomb, 1000)),
        f"word/document.xml expands past the 1,000 bytes its zip directory states: {BOMB}",
    ),
    "zip bomb whose directory lies about its size and checksum": (
        lambda d, bomb: _bomb_docx(d / "liar.docx", lying(bomb, 1000, crc=zlib.crc32(bytes(1000)))),
        f"word/document.xml expands past the 1,000 bytes its zip directory states: {BOMB}",
    ),
    "zip bomb over many parts": (
        lambda d, _: write_zip(
            d / "many-bombs.docx",
            [*docx_members(), *(zeros(f"word/media/image{i}.bin", 60 << 20) for i in range(5))],
        ),
        f"word/media/image0.bin would expand 1,011 times, from 60.8 KB to 60 MB (the limit is "
        f"200 times): {BOMB}",
    ),
    "billion laughs": (
        lambda d, _: write_zip(d / "lol.docx", docx_members(BILLION_LAUGHS)),
        f"word/document.xml {DOCTYPE}",
    ),
    "external entity in the styles": (
        lambda d, _: write_zip(d / "xxe.docx", docx_members(extra={"word/styles.xml": XXE})),
        f"word/styles.xml {DOCTYPE}",
    ),
    "DOCTYPE in UTF-16": (
        lambda d, _: write_zip(
            d / "utf16.docx",
            docx_members(
                DOCUMENT_XML.decode()
                .replace('encoding="UTF-8"', 'encoding="UTF-16"')
                .replace("\n", '\n<!DOCTYPE w:document [<!ENTITY e "x">]>', 1)
                .encode("utf-16")
            ),
        ),
        f"word/document.xml {DOCTYPE}",
    ),
    "bad XML": (
        lambda d, _: write_zip(
            d / "bad.docx",
            docx_members(
                f'<?xml version="1.0"?>\n<w:document xmlns:w="{W}">\n'
                "<w:body><w:p></w:body></w:document>".encode()
            ),
        ),
        "word/document.xml, line 3, column 23: not well-formed XML (Opening and ending tag "
        "mismatch: p line 3 and body)",
    ),
    "100,000 parts": (
        lambda d, _: write_zip(
            d / "many.docx",
            [*docx_members(), *(deflated(f"customXml/item{i}.xml", b"") for i in range(100_000))],
        ),
        f"it holds 100,002 parts, where a Word document has a few dozen (the limit is 2,000): "
        f"{BOMB}",
    ),
    "100,000 parts, 3 stated": (
        lambda d, _: write_zip(
            d / "many-hidden.docx",
            [*docx_members(), *(deflated(f"customXml/item{i}.xml", b"") for i in range(100_000))],
            stated_count=3,
        ),
        f"its table of parts takes 6.6 MB (the limit is 1 MB), far more than a Word document's: "
        f"{BOMB}",
    ),
    "truncated": (
        lambda d, _: _cut(_good(d), 0.5),
        "the file is cut short: it begins like a .docx but its end (the zip's table of contents) "
        "is missing; copy it again from the original",
    ),
    "damaged inside": (
        lambda d, _: _scribble(_good(d)),
        "word/document.xml is damaged (Error -3 while decompressing data: invalid code lengths "
        "set); copy the file again",
    ),
    "not a zip": (
        lambda d, _: _write(d / "notes.docx", "Kính gửi: Ban Thi đua".encode()),
        "not a Word .docx file: a .docx is a zip package, and this file is not one",
    ),
    "an old .doc": (
        lambda d, _: _write(d / "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        "this is an old Word 97–2003 (.doc) file or a password-protected document; open it in "
        "Word and save it as .docx without a password",
    ),
    "empty file": (
        lambda d, _: _write(d / "empty.docx", b""),
        "the file is empty (0 bytes), not a Word document",
    ),
    "a folder": (lambda d, _: _folder(d / "folder.docx"), "this is a folder, not a .docx file"),
    "a pipe": (
        lambda d, _: _fifo(d / "pipe.docx"),
        "this is not a regular file, so it is not a .docx",
    ),
    "missing": (lambda d, _: d / "missing.docx", "no such file"),
    "no document part": (
        lambda d, _: write_zip(d / "nodoc.docx", docx_members()[:1]),
        "no word/document.xml inside: this zip package is not a Word document",
    ),
    "an Excel workbook": (
        lambda d, _: write_zip(d / "book.docx", [deflated("xl/workbook.xml", b"<workbook/>")]),
        "this is an Excel workbook (.xlsx), not a Word document",
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _cut(path: Path, fraction: float) -> Path:
    data = path.read_bytes()
    return _write(path, data[: int(len(data) * fraction)])


def _scribble(path: Path) -> Path:
    """Overwrite the middle of word/document.xml's compressed data, keeping every header."""
    data = bytearray(path.read_bytes())
    at = data.index(b"word/document.xml") + len("word/document.xml") + 4
    data[at : at + 8] = b"\xff" * 8
    return _write(path, bytes(data))


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)  # opening it to read would wait forever for a writer
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_refuses_a_hostile_file(case: str, tmp_path: Path, bomb: Member) -> None:
    make, reason = CASES[case]
    path = make(tmp_path, bomb)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{path}: error[CHECK-READ]: {reason}\n"
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_one_unreadable_file_does_not_hide_the_others(
    tmp_path: Path, outputs: dict[str, Path]
) -> None:
    good = outputs["ke-hoach-van-hoa-cong-so-SNV.docx"]
    bad = _write(tmp_path / "bad.docx", b"")
    empty = f"{bad}: error[CHECK-READ]: the file is empty (0 bytes), not a Word document\n"
    result = CliRunner().invoke(cli, ["check", str(bad), str(good)])
    assert result.exit_code == 2
    assert result.stderr == empty
    assert result.stdout == f"{good}: 0 errors, 0 warnings (state rules, kế hoạch)\n"
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(good), str(bad)])
    assert result.exit_code == 2
    assert result.stderr == empty
    assert [(f["file"], f["findings"]) for f in json.loads(result.stdout)] == [(str(good), [])]


# -- the real command, in its own process: status, message, no traceback, peak memory ----------


def run_check_process(path: Path) -> dict[str, object]:
    """`python -m docgen check PATH` in a process of its own, with its peak memory."""
    return run_docgen_measured("check", str(path))


@pytest.mark.parametrize(
    "case",
    [
        "zip bomb",
        "zip bomb whose directory lies about its size",
        "zip bomb whose directory lies about its size and checksum",
        "billion laughs",
        "100,000 parts",
    ],
)
def test_the_command_refuses_within_bounded_memory(case: str, tmp_path: Path, bomb: Member) -> None:
    make, reason = CASES[case]
    path = make(tmp_path, bomb)
    result = run_check_process(path)
    assert result["code"] == 2
    assert result["stderr"] == f"{path}: error[CHECK-READ]: {reason}\n"
    assert "Traceback" not in str(result["stderr"]) + str(result["stdout"])
    # the 2 GiB member is never held: a correctness bound, far below what expanding it takes
    assert float(str(result["peak_mb"])) < 300


def test_the_zip_bomb_is_real(tmp_path: Path, bomb: Member) -> None:
    """The tests above would prove nothing with a fake. The member is one deflate block, made
    with a full flush (so it refers to nothing before it), repeated 2,048 times, then the
    final block: each copy inflates to 1 MiB of zeros, 2 GiB in all, under zipfile too."""
    import zipfile

    path = CASES["zip bomb"][0](tmp_path, bomb)
    assert path.stat().st_size < 3 << 20
    block_size = bomb.data.index(bomb.data[:16], 1)
    block, tail = bomb.data[:block_size], bomb.data[block_size * 2048 :]
    assert bomb.data == block * 2048 + tail
    inflate = zlib.decompressobj(-15)
    assert inflate.decompress(block + block + tail) == bytes(2 << 20) and inflate.eof
    with zipfile.ZipFile(path) as zf, zf.open("word/document.xml") as stream:
        assert zf.getinfo("word/document.xml").file_size == 2 * GiB
        assert stream.read(64 << 20) == bytes(64 << 20)  # what zipfile itself inflates


# -- templates: the same limits, a TEMPLATE-READ error, the other documents still built --------


def _hostile_template(original: Path, extra: dict[str, bytes]) -> bytes:
    """The real template with some parts replaced."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, extra.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def test_build_refuses_a_template_with_a_doctype(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    template = ws / "templates/state/plan.docx"
    template.write_bytes(_hostile_template(template, {"word/styles.xml": XXE}))
    result = CliRunner().invoke(cli, ["-C", str(ws), "build"])
    assert result.exit_code == 3, result.output
    assert (
        f"templates/state/plan.docx: error[TEMPLATE-READ]: word/styles.xml {DOCTYPE}\n"
        in result.stderr
    )
    assert "root:" not in result.output  # /etc/passwd was never read
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # only the State plan uses that template: every other example is built
    examples = len(list((ws / "data" / "documents").glob("*.yaml")))
    assert f"built {examples - 1} documents" in result.stdout and ", 1 failed" in result.stdout


def test_the_template_preflight_refuses_a_doctype(tmp_path: Path) -> None:
    """The preflight of achievement reports reads the template's text before docxtpl does: the
    same hardened reader, so a DTD is refused there too, never parsed."""
    from docgen.documents.template_check import check_template
    from docgen.documents.templates import jinja_env
    from docgen.errors import TemplateError

    template = tmp_path / "bao-cao.docx"
    template.write_bytes(_hostile_template(PLAN, {"word/document.xml": BILLION_LAUGHS}))
    with pytest.raises(TemplateError) as caught:
        check_template(template, "bao-cao.docx", {}, jinja_env())
    assert caught.value.code == "TEMPLATE-READ"
    assert caught.value.format() == (
        f"bao-cao.docx: error[TEMPLATE-READ]: word/document.xml {DOCTYPE}"
    )


def test_build_refuses_a_template_that_is_a_zip_bomb(tmp_path: Path, bomb: Member) -> None:
    ws = make_workspace(tmp_path)
    _bomb_docx(ws / "templates/party/report.docx", bomb)
    result = CliRunner().invoke(cli, ["-C", str(ws), "build"])
    assert result.exit_code == 3, result.output
    assert (
        "templates/party/report.docx: error[TEMPLATE-READ]: word/document.xml would expand to "
        f"2 GB (the limit for one part is 16 MB): {BOMB}\n"
    ) in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_certificates_refuse_a_truncated_template(tmp_path: Path, jobs: str) -> None:
    """With workers too: the template is read before any worker starts."""
    ws = make_workspace(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(ws), "build"]).exit_code == 0
    _cut(ws / "templates/certificates/bang_khen-A3.docx", 0.6)
    spec = ws / "data/certificates/bang-khen-2024.yaml"
    result = runner.invoke(
        cli, ["-C", str(ws), "certificates", str(spec), "--out", str(ws / "c"), "--jobs", jobs]
    )
    assert result.exit_code == 3, result.output
    assert result.stderr == (
        "templates/certificates/bang_khen-A3.docx: error[TEMPLATE-READ]: the file is cut "
        "short: it begins like a .docx but its end (the zip's table of contents) is missing; "
        "copy it again from the original\n"
    )
    assert not list((ws / "c").glob("*.docx"))


def test_the_example_templates_pass() -> None:
    """Guard on the limits themselves: every template docgen ships is read without a refusal."""
    from docgen.documents.docx_safe import check_template

    for template in sorted((ROOT / "templates").rglob("*.docx")):
        assert check_template(template, template.name).tag == f"{{{W}}}document"


# -- damage anywhere: a reason, never a traceback -------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6
    ),
    keep=st.one_of(st.none(), st.floats(0, 1)),
)
def test_a_damaged_file_is_checked_or_refused(
    changes: list[tuple[float, int]], keep: float | None
) -> None:
    """Bytes of a real document changed anywhere (headers, compressed data, the directory),
    perhaps cut short: the checker reports on it or refuses it, and never crashes."""
    import tempfile

    data = bytearray(PLAN.read_bytes())
    for where, value in changes:
        data[int(where * len(data))] = value
    if keep is not None:
        data = data[: int(keep * len(data))]
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "damaged.docx", bytes(data))
        try:
            check_docx(path)
        except DocxReadError as exc:
            assert exc.format().startswith(f"{path}: error[CHECK-READ]: ")


@pytest.mark.parametrize("value", ["x", "12pt", "inf", "1e999"])
def test_a_formatting_value_that_is_not_a_number_is_a_reason(tmp_path: Path, value: str) -> None:
    document = DOCUMENT_XML.replace(
        b"<w:r><w:t>", f'<w:r><w:rPr><w:sz w:val="{value}"/></w:rPr><w:t>'.encode()
    )
    path = write_zip(tmp_path / "sz.docx", docx_members(document))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        f"{path}: error[CHECK-READ]: a formatting value in word/document.xml or its styles "
        "cannot be read ("
    )
