"""PDF conversion with LibreOffice (headless): the real client every output must open in."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import ConversionError
from docgen.rules.esign import esign_rules

_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)


def find_soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    override = os.environ.get("DOCGEN_SOFFICE")
    if override:
        return override
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


# From this many table rows on, a .docx is converted in two steps, .docx → .odt → PDF, each
# a LibreOffice start of its own. LibreOffice 7.4 lays out a long table read from a .docx in
# time that grows with the square of its rows, and one read from its own format much faster,
# to the same pages. Measured on award decisions, one start each step: 2,000 rows 13.6 s
# direct and 14.6 s in two steps; 4,000 rows 52 s and 30 s; 10,000 rows more than 12 minutes
# (stopped) and 2 min 46 s. The PDFs of both ways hold the same text on the same pages and
# render to the same pixels: tests/test_libreoffice.py converts the example award decision
# both ways (the threshold lowered to its rows) and compares each page's text (pdftotext) and
# its pixels (pdftoppm, byte for byte).
VIA_ODT_ROWS = 2000


_ROW = re.compile(rb"<w:tr[ >]")
# a package this small holds no long table (deflated, a row of a list takes some 20 bytes):
# certificates, letters and plans are not opened to count
_SMALL = 16 * 1024


def table_rows(path: Path) -> int:
    """How many table rows the document's body holds (0 when it cannot be read safely: it is
    then converted directly, and LibreOffice reports what is wrong with it)."""
    from docgen.documents.docx_safe import open_docx
    from docgen.errors import DocgenError

    try:
        if path.stat().st_size < _SMALL:
            return 0
        with open_docx(path) as package:
            return len(_ROW.findall(package.read("word/document.xml")))
    except (DocgenError, OSError):
        return 0


def convert_to_pdf(
    sources: Sequence[Path], out_dir: Path, *, timeout: float = 300, profile: Path | None = None
) -> list[Path]:
    """Convert every file with ONE LibreOffice start; returns the PDFs in the order given, as
    PDF/A of the level rules/esign.yaml names (fonts embedded).
    Documents with long tables (``VIA_ODT_ROWS``) are first converted to .odt by one more
    start, in a folder of their own, and the PDF is made from that.

    LibreOffice runs with a throwaway profile so that a clerk's open LibreOffice window (or a
    stale lock) never blocks the conversion; or with ``profile``, one kept between
    conversions by a caller that runs them one at a time (the web app's previews: making a
    profile is half a second of each start). A conversion that fails with a kept profile
    removes it and is tried once more with a throwaway one.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(
            "LibreOffice is not installed (no soffice found)",
            code="PDF-NO-SOFFICE",
            hint="install it: sudo apt-get install libreoffice-writer-nogui",
        )
    if not sources:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as work:
        if profile is not None:
            try:
                return _convert(soffice, profile, sources, out_dir, Path(work), deadline, timeout)
            except ConversionError:
                _forget(profile)
                if time.monotonic() >= deadline:
                    raise
        return _convert(
            soffice, Path(work) / "profile", sources, out_dir, Path(work), deadline, timeout
        )


def _forget(profile: Path) -> None:
    """A kept profile that failed: removed, to be made afresh by the next start."""
    if profile.is_dir() and not profile.is_symlink():
        shutil.rmtree(profile, ignore_errors=True)
    else:
        profile.unlink(missing_ok=True)


def _convert(
    soffice: str,
    profile: Path,
    sources: Sequence[Path],
    out_dir: Path,
    work: Path,
    deadline: float,
    timeout: float,
) -> list[Path]:
    inputs = list(sources)
    long = [
        i for i, s in enumerate(sources) if s.suffix == ".docx" and table_rows(s) >= VIA_ODT_ROWS
    ]
    if long:
        odt_dir = work / "odt"
        _soffice(soffice, profile, "odt", [sources[i] for i in long], odt_dir, deadline, timeout)
        for i in long:
            converted = odt_dir / (sources[i].stem + ".odt")
            if converted.exists():  # else the PDF step reports it missing
                inputs[i] = converted
    # every PDF docgen makes is PDF/A (rules/esign.yaml): any of them may become the
    # electronic original a clerk signs, and an archive keeps PDF/A; it costs no time
    target = esign_rules().pdf.export_filter()
    done = _soffice(soffice, profile, target, inputs, out_dir, deadline, timeout)
    results = [out_dir / (s.stem + ".pdf") for s in sources]
    missing = [r for r in results if not r.exists()]
    if missing or done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
        raise ConversionError(
            f"LibreOffice could not convert {', '.join(m.name for m in missing) or 'the files'}"
            f" (exit {done.returncode}: {detail[0]})",
            code="PDF-FAILED",
        )
    return results


def _soffice(
    soffice: str,
    profile: Path,
    target: str,
    sources: Sequence[Path],
    out_dir: Path,
    deadline: float,
    limit: float,
) -> subprocess.CompletedProcess[str]:
    """One LibreOffice start converting ``sources`` to ``target`` into ``out_dir``, within
    what is left (until ``deadline``) of the conversion's ``limit`` seconds."""
    timeout = deadline - time.monotonic()
    command = [
        soffice,
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        *[str(s) for s in sources],
    ]
    try:
        if timeout <= 0:
            raise subprocess.TimeoutExpired(command, 0)
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(
            f"LibreOffice did not finish within {limit:.0f} s", code="PDF-TIMEOUT"
        ) from exc


def require_pdftoppm() -> str:
    """poppler's pdftoppm, or a clear error naming the package (before any work is done)."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ConversionError(
            "pdftoppm is not installed: page images cannot be made",
            code="PDF-NO-PDFTOPPM",
            hint="install it: sudo apt-get install poppler-utils",
        )
    return tool


def _save_png(ppm: Path, target: Path) -> None:
    """The page pdftoppm drew, as PNG at ``target`` (written whole, then renamed)."""
    from PIL import Image

    staged = ppm.with_suffix(".png")
    with Image.open(ppm, formats=["PPM"]) as image:
        image.save(staged, format="PNG", compress_level=1)
    staged.replace(target)


def draw_pages(
    pdf: Path, folder: Path, dpi: int, *, timeout: float = 120, first_only: bool = False
) -> list[Path]:
    """The pages of ``pdf`` drawn as PNG by pdftoppm into ``folder``: ``page-1.png``,
    ``page-2.png`` … in page order (``first_only``: page 1 alone). The one place docgen draws
    pages: the web app's previews, ``docgen certificates --preview`` and the print gallery."""
    tool = require_pdftoppm()
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[int, Path]] = []
    with tempfile.TemporaryDirectory(prefix="docgen-pages-", dir=folder) as tmp:
        # pdftoppm writes PPM, which Pillow saves as PNG at a light compression: pdftoppm's
        # own PNG encoder took 0.13 s a page at 80 dpi, ten times its drawing (a 5-page
        # preview spent 1.5 s on it); the files come out no larger
        command = [tool, "-r", str(dpi)]
        command += ["-f", "1", "-l", "1"] if first_only else []
        try:
            done = subprocess.run(
                [*command, str(pdf), str(Path(tmp) / "p")],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"pdftoppm could not draw the pages of {pdf.name}", code="PDF-PAGES"
            ) from exc
        if done.returncode != 0:
            raise ConversionError(
                f"pdftoppm could not draw the pages of {pdf.name}", code="PDF-PAGES"
            )
        # pdftoppm pads page numbers to the width of the last (p-1, p-01 …): named plainly
        for made in Path(tmp).glob("p-*.ppm"):
            number = int(made.stem.rsplit("-", 1)[-1])
            target = folder / f"page-{number}.png"
            _save_png(made, target)
            pages.append((number, target))
    return [path for _, path in sorted(pages)]
