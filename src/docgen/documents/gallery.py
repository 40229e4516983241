"""The print gallery's pages: documents converted to PDF by LibreOffice (one start for all),
each PDF's pages as PNG images (pdftoppm), and one static index page listing every document
with its page count, its check findings and its pages side by side (``docgen gallery``).

What goes in the gallery is chosen by the command (docgen.cli.gallery); this module knows
only files: it renders no document and checks none."""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from docgen.documents.pdf import convert_to_pdf, draw_pages, find_soffice, require_pdftoppm
from docgen.errors import ConversionError
from docgen.i18n import translate as _t

# the folders of a gallery; a new run replaces them (and index.html), nothing else in the folder
FOLDERS = ("docx", "pdf", "pages")
INDEX = "index.html"
_SLUG = re.compile(r"[^\w.-]+")


@cache
def gallery_rules() -> dict[str, Any]:
    """rules/gallery.yaml: the resolution of the page images, the stress decision's rows and
    the share of longest names shown."""
    from docgen.rules import read_rules_file

    data: dict[str, Any] = read_rules_file("gallery.yaml")
    return data


@dataclass
class Entry:
    """One document of the gallery: its .docx, then its PDF, pages and check findings."""

    title: str
    source: Path
    slug: str = ""
    pdf: Path | None = None
    pages: list[Path] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    findings: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A part of the gallery (the example documents, the dossier, certificates …)."""

    title: str
    entries: list[Entry] = field(default_factory=list)
    note: str = ""


def require_programs() -> None:
    """LibreOffice and pdftoppm must both be there, before anything is built."""
    if find_soffice() is None:
        raise ConversionError(
            "LibreOffice is not installed (no soffice found)",
            code="PDF-NO-SOFFICE",
            hint="install it: sudo apt-get install libreoffice-writer-nogui",
        )
    require_pdftoppm()


def prepare_folder(out: Path) -> None:
    """Remove what an earlier gallery wrote into ``out`` (its folders and index page)."""
    for name in FOLDERS:
        shutil.rmtree(out / name, ignore_errors=True)
    (out / INDEX).unlink(missing_ok=True)
    for name in FOLDERS:
        (out / name).mkdir(parents=True)


def stage(sections: Sequence[Section], out: Path) -> list[Entry]:
    """Copy every entry's .docx to ``out/docx/`` under a name of its own (two sections may
    hold files of the same name, and LibreOffice names each PDF after its source); the entry's
    ``source`` is then that copy."""
    entries = [e for s in sections for e in s.entries]
    for number, entry in enumerate(entries, 1):
        entry.slug = f"{number:03d}-{_SLUG.sub('-', entry.source.stem).strip('-')}"
        staged = out / "docx" / f"{entry.slug}.docx"
        shutil.copy2(entry.source, staged)
        entry.source = staged  # the built file lives in a temporary folder
    return entries


def convert(entries: Sequence[Entry], out: Path) -> None:
    """Every staged .docx to PDF in ``out/pdf/`` with one LibreOffice start."""
    if not entries:
        return
    per_document = float(gallery_rules()["timeout_per_document"])
    sources = [out / "docx" / f"{e.slug}.docx" for e in entries]
    pdfs = convert_to_pdf(sources, out / "pdf", timeout=per_document * len(sources))
    for entry, pdf in zip(entries, pdfs, strict=True):
        entry.pdf = pdf


def page_images(
    entries: Sequence[Entry], out: Path, progress: Callable[[str], None] | None = None
) -> None:
    """Each PDF's pages as PNG files in ``out/pages/<slug>/`` (pdftoppm, several at a time)."""
    resolution = int(gallery_rules()["resolution"])

    def one(entry: Entry) -> None:
        assert entry.pdf is not None
        folder = out / "pages" / entry.slug
        entry.pages = draw_pages(entry.pdf, folder, resolution)

    todo = [e for e in entries if e.pdf is not None]
    if progress is not None:
        progress(_t(f"page images of {len(todo)} documents (pdftoppm)"))
    with ThreadPoolExecutor(max(1, os.cpu_count() or 1)) as pool:
        list(pool.map(one, todo))


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header (IHDR)."""
    with path.open("rb") as file:
        head = file.read(24)
    width, height = struct.unpack(">II", head[16:24])
    return width, height


_STYLE = """
body { font-family: sans-serif; margin: 0.5em; background: #e8e8e8; color: #111; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin: 1.2em 0 0.4em; }
nav li, .meta { font-size: 0.9em; }
article { background: #fff; margin: 0 0 0.8em; padding: 0.5em; border-radius: 4px; }
h3 { font-size: 1em; margin: 0 0 0.3em; overflow-wrap: anywhere; }
.errors { color: #a00000; } .clean { color: #206020; }
.pages { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 0.4em; }
figure { margin: 0; text-align: center; font-size: 0.75em; color: #555; }
figure img { display: block; height: %(height)spx; width: auto; max-width: 90vw;
  border: 1px solid #888; background: #fff; }
details ul { font-size: 0.8em; overflow-wrap: anywhere; }
"""


def _entry_html(entry: Entry, out: Path) -> list[str]:
    e = html.escape
    count = len(entry.pages)
    pages = _t(f"{count} page") if count == 1 else _t(f"{count} pages")
    if entry.errors or entry.warnings:
        klass = "errors" if entry.errors else "meta"
        found = _t(f"check: {entry.errors} errors, {entry.warnings} warnings")
    else:
        klass, found = "clean", _t("check: no findings")
    links = [f'<a href="docx/{e(entry.slug)}.docx">.docx</a>']
    if entry.pdf is not None:
        links.append(f'<a href="pdf/{e(entry.slug)}.pdf">PDF</a>')
    lines = [
        f'<article id="{e(entry.slug)}">',
        f"<h3>{e(entry.title)}</h3>",
        f'<div class="meta">{e(pages)} · <span class="{klass}">{e(found)}</span> · '
        f"{' · '.join(links)}</div>",
    ]
    if entry.findings:
        lines.append(f"<details><summary>{e(_t('findings'))}</summary><ul>")
        lines += [f"<li>{e(line)}</li>" for line in entry.findings]
        lines.append("</ul></details>")
    lines.append('<div class="pages">')
    for number, page in enumerate(entry.pages, 1):
        href = e(page.relative_to(out).as_posix())
        width, height = png_size(page)
        alt = e(f"{entry.title}, {_t(f'page {number}')}")
        lines.append(
            f'<figure><a href="{href}"><img src="{href}" loading="lazy" width="{width}" '
            f'height="{height}" alt="{alt}"></a><figcaption>{number}</figcaption></figure>'
        )
    lines += ["</div>", "</article>"]
    return lines


def write_index(sections: Sequence[Section], out: Path, title: str) -> Path:
    """``out/index.html``: every section with its documents, plain static HTML (no script),
    every text escaped, the page images loaded as they scroll into view."""
    e = html.escape
    total = sum(len(entry.pages) for s in sections for entry in s.entries)
    documents = sum(len(s.entries) for s in sections)
    lines = [
        "<!doctype html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_STYLE % {'height': gallery_rules()['thumbnail_height']}}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(_t(f"{documents} documents, {total} pages"))}</p>',
        "<nav><ul>",
    ]
    for number, section in enumerate(sections, 1):
        pages = sum(len(entry.pages) for entry in section.entries)
        label = _t(f"{len(section.entries)} documents, {pages} pages")
        lines.append(f'<li><a href="#s{number}">{e(section.title)}</a> ({e(label)})</li>')
    lines.append("</ul></nav>")
    for number, section in enumerate(sections, 1):
        lines.append(f'<section id="s{number}"><h2>{e(section.title)}</h2>')
        if section.note:
            lines.append(f'<p class="meta">{e(section.note)}</p>')
        for entry in section.entries:
            lines += _entry_html(entry, out)
        lines.append("</section>")
    lines += ["</body>", "</html>", ""]
    target = out / INDEX
    target.write_text("\n".join(lines), encoding="utf-8")
    return target
