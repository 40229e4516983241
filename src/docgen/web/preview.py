"""Page images and PDFs of built documents: LibreOffice → PDF → ``pdftoppm -png``, cached by
the document's content hash under the workspace's .docgen-cache/, so each version is
converted once whoever asks for it."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
from pathlib import Path

from docgen.documents.pdf import convert_to_pdf, draw_pages
from docgen.errors import ConversionError
from docgen.output import write_atomic

# LibreOffice is heavy: one conversion at a time on the office machine.
_CONVERTING = threading.Lock()
_PER_HASH: dict[str, threading.Lock] = {}
_PER_HASH_LOCK = threading.Lock()


def _lock_for(sha: str) -> threading.Lock:
    with _PER_HASH_LOCK:
        return _PER_HASH.setdefault(sha, threading.Lock())


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class PreviewCache:
    def __init__(self, folder: Path, dpi: int, timeout: float) -> None:
        self.folder = folder
        self.dpi = dpi
        self.timeout = timeout
        # LibreOffice's profile, kept between previews (they run one at a time: _CONVERTING)
        self.profile = folder.parent / "libreoffice-profile"

    def _dir(self, sha: str) -> Path:
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ValueError("not a SHA-256")
        return self.folder / sha

    def pdf(self, docx: Path, sha: str) -> Path:
        """The PDF of ``docx`` (whose content hash is ``sha``), converted once."""
        target = self._dir(sha) / "document.pdf"
        if target.exists():
            return target
        with _lock_for(sha):
            if target.exists():
                return target
            with _CONVERTING, tempfile.TemporaryDirectory(prefix="docgen-preview-") as tmp:
                # a fixed name: the cache must not depend on (or leak) the clerk's file name
                source = Path(tmp) / "document.docx"
                shutil.copyfile(docx, source)
                if file_sha256(source) != sha:
                    raise ConversionError(
                        f"{docx.name} changed while its preview was being made; try again",
                        code="PDF-CHANGED",
                    )
                (converted,) = convert_to_pdf(
                    [source], Path(tmp) / "out", timeout=self.timeout, profile=self.profile
                )
                write_atomic(target, converted.read_bytes())
        return target

    def pages(self, docx: Path, sha: str) -> list[Path]:
        """PNG images of every page, in order."""
        folder = self._dir(sha)
        done = folder / "pages.done"
        if not done.exists():
            pdf = self.pdf(docx, sha)
            with _lock_for(sha):
                if not done.exists():
                    self._render_pages(pdf, folder)
                    done.write_text("ok", encoding="utf-8")
        return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))

    def _render_pages(self, pdf: Path, folder: Path) -> None:
        draw_pages(pdf, folder, self.dpi, timeout=self.timeout)

    def page(self, sha: str, number: int) -> Path | None:
        path = self._dir(sha) / f"page-{number}.png"
        return path if path.is_file() else None
