"""The print gallery (`docgen gallery`): every document's pages as PNG beside LibreOffice's PDF,
an index page listing them with their page counts and check findings, built without touching
the workspace's own register or output."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from docgen.awards import stress
from tests.support.cli_run import run
from tests.support.pdf_inspect import page_count, require_poppler
from tests.support.tools import require

ROOT = Path(__file__).resolve().parent.parent
LETTER = "cong-van-hvctqg-125"


def _workspace(path: Path) -> Path:
    shutil.copytree(ROOT / "data", path / "data")
    shutil.copytree(ROOT / "templates", path / "templates")
    return path


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[object]]:
    """One example letter and the certificates of the longest names of every example batch
    (one LibreOffice start for all of them)."""
    from docgen.cli.gallery import make_gallery

    require("soffice", "pdftoppm")
    require_poppler()
    ws = _workspace(tmp_path_factory.mktemp("ws"))
    out = tmp_path_factory.mktemp("gallery")
    lines: list[str] = []
    sections = make_gallery(ws, out, only=(LETTER, "certificates"), progress=lines.append)
    assert lines, "no progress was shown"
    return ws, out, sections


@pytest.mark.libreoffice
def test_every_page_is_an_image_of_libreoffices_pdf(
    gallery: tuple[Path, Path, list[object]],
) -> None:
    ws, out, sections = gallery
    entries = [e for s in sections for e in s.entries]  # type: ignore[attr-defined]
    batches = len(list((ws / "data" / "certificates").glob("*.yaml")))
    assert batches == 4
    assert len(entries) == 1 + 3 * batches  # the letter; each batch's three longest names
    for entry in entries:
        pdf = out / "pdf" / f"{entry.slug}.pdf"
        pngs = sorted((out / "pages" / entry.slug).glob("*.png"))
        assert len(pngs) == page_count(pdf) >= 1, entry.title
        assert entry.pages == pngs
    # 60 dpi (rules/gallery.yaml): an A3 landscape certificate, 420 × 297 mm, is 992 × 702 px
    blank = next(e for e in entries if "(blank, A3)" in e.title)
    assert blank.pages[0].stat().st_size > 0
    from docgen.documents.gallery import png_size

    width, height = png_size(blank.pages[0])
    assert abs(width - 992) <= 1 and abs(height - 702) <= 1


@pytest.mark.libreoffice
def test_the_index_lists_each_document_with_its_pages_and_findings(
    gallery: tuple[Path, Path, list[object]],
) -> None:
    from docgen.checker import check_docx

    _, out, sections = gallery
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert 'name="viewport"' in page  # readable on a phone
    titles = [s.title for s in sections]  # type: ignore[attr-defined]
    assert len(titles) == 2
    modes = set()
    for section in sections:
        for entry in section.entries:  # type: ignore[attr-defined]
            block = re.search(
                rf'<article id="{re.escape(entry.slug)}">(.*?)</article>', page, re.DOTALL
            )
            assert block is not None, entry.title
            text = block.group(1)
            count = len(entry.pages)
            assert len(re.findall(r'<img src="[^"]+" loading="lazy"', text)) == count
            assert re.search(rf"\b{count} (trang|pages?)\b", text), text[:300]
            result = check_docx(out / "docx" / f"{entry.slug}.docx")
            assert (entry.errors, entry.warnings) == (len(result.errors), len(result.warnings))
            if entry.errors or entry.warnings:
                assert f"{entry.errors} " in text and f"{entry.warnings} " in text
            assert "&lt;" not in entry.title  # titles are escaped once, never twice
            for png in entry.pages:
                assert f'href="{png.relative_to(out).as_posix()}"' in text
            modes.update(m for m in ("(full,", "(blank,") if m in entry.title)
    assert modes == {"(full,", "(blank,"}  # the certificates in both modes


@pytest.mark.libreoffice
def test_the_gallery_numbers_nothing_in_the_workspace(
    gallery: tuple[Path, Path, list[object]],
) -> None:
    ws, _, _ = gallery
    assert not (ws / "register.sqlite").exists()
    assert not (ws / "output").exists()


def test_a_missing_pdftoppm_is_an_error_naming_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docgen.documents.gallery as gallery_module

    real = shutil.which
    monkeypatch.setattr(gallery_module, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(
        gallery_module.shutil, "which", lambda name: None if name == "pdftoppm" else real(name)
    )
    code, out, err = run(tmp_path, "--lang", "en", "gallery", "--out", str(tmp_path / "g"))
    assert code == 6
    assert "pdftoppm" in err and "apt-get install poppler-utils" in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "g").exists()


def test_an_unknown_only_name_says_what_is_allowed(tmp_path: Path) -> None:
    from docgen.documents import gallery as gallery_module

    if gallery_module.find_soffice() is None or shutil.which("pdftoppm") is None:
        pytest.skip("the programs are checked first")
    ws = _workspace(tmp_path / "ws")
    code, _, err = run(ws, "--lang", "en", "gallery", "--only", "no-such-thing")
    assert code != 0
    assert "no-such-thing" in err and "examples, dossier, certificates, stress" in err
    assert "Traceback" not in err


def test_the_stress_workspace_has_the_longest_names(tmp_path: Path) -> None:
    """The generated decision of the gallery carries the 115-character collective of issue 22
    and the long positions, and is a valid workspace."""
    from docgen.api import validate_workspace

    ws = stress.make_decision_workspace(ROOT, tmp_path / "ws", 300, long_names=True)
    loaded = validate_workspace(ws, str(tmp_path / "register.sqlite"))
    assert stress.DECISION in loaded.specs
    texts = "".join(
        p.read_text(encoding="utf-8") for p in (ws / "data" / "proposals").rglob("*.yaml")
    )
    assert len(stress.LONG_COLLECTIVES[0]) == 115
    for name in stress.LONG_COLLECTIVES:
        assert f"name: {name}\n" in texts
    for position, unit in stress.LONG_POSITIONS:
        assert f"position: {position}\n" in texts and f"unit: {unit}\n" in texts
    assert len(list((ws / "data" / "certificates").glob("*.yaml"))) == 2  # full and blank
