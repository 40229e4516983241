"""``docgen certificates --preview DIR``: the page images of a batch's longest entries, to look
at before anything is numbered.

The longest names and descriptions of a batch (the longest ``share`` of each, at least
``least``: certificates.yaml ``preview``) are fitted and rendered as the batch would render
them, converted by one LibreOffice start and drawn as PNG by pdftoppm. No số sổ vàng is taken
from the register: the images show 0000 where the number will stand.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.awards.certificate_spec import load_certificate_spec
from docgen.awards.certificate_templates import certificate_rules
from docgen.awards.certificates import (
    CertificateJob,
    certificate_jobs,
    paper_warnings,
    template_for,
)
from docgen.data.workspace import Workspace, display_path
from docgen.documents.batch import CompiledTemplate
from docgen.documents.pdf import convert_to_pdf, draw_pages, require_pdftoppm
from docgen.output import CACHE_DIR, write_atomic
from docgen.register import Register

# the fields whose longest texts are previewed
PREVIEWED = ("name", "description")


@dataclass
class PreviewReport:
    images: list[Path] = field(default_factory=list)
    entries: int = 0  # certificates in the batch
    warnings: list[str] = field(default_factory=list)


def longest(jobs: list[CertificateJob]) -> list[CertificateJob]:
    """The longest ``share`` of the batch by each previewed field (at least ``least``), in the
    batch's order, each once."""
    rules = certificate_rules()["preview"]
    count = max(int(rules["least"]), math.ceil(len(jobs) * float(rules["share"])))
    chosen: set[int] = set()
    for name in PREVIEWED:
        ranked = sorted(range(len(jobs)), key=lambda i: -len(str(jobs[i].context[name])))
        chosen.update(ranked[:count])
    return [jobs[i] for i in sorted(chosen)]


def preview_certificates(
    ws: Workspace,
    spec_path: Path,
    register: Register,
    out_dir: Path,
    *,
    say: Callable[[str], None] | None = None,
) -> PreviewReport:
    """PNG pages of the batch's longest entries in ``out_dir``; nothing numbered."""
    require_pdftoppm()  # before anything is rendered

    spec = load_certificate_spec(ws, spec_path)
    shown = display_path(ws.root, spec_path)
    jobs, kind = certificate_jobs(ws, spec, register, shown, number=False)
    report = PreviewReport(entries=len(jobs), warnings=paper_warnings(spec, kind, shown))
    picked = longest(jobs)
    if say is not None:
        say(f"{len(picked)} of {len(jobs)} certificates: the longest names and descriptions")
    cache = ws.root / CACHE_DIR
    template, _ = template_for(ws, spec, kind, cache)
    compiled = CompiledTemplate(template, cache, display_path(ws.root, template))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as work:
        files = []
        for number, job in enumerate(picked, 1):
            stem = f"{number:02d} {Path(job.file_name).stem}"
            target = Path(work) / f"{stem}.docx"
            write_atomic(target, compiled.render_bytes(job.context))
            files.append(target)
        if say is not None:
            say("converting with LibreOffice …")
        pdfs = convert_to_pdf(files, Path(work), timeout=60 + 5 * len(files))
        dpi = int(certificate_rules()["preview"]["dpi"])
        for pdf in pdfs:
            [drawn] = draw_pages(pdf, Path(work) / pdf.stem, dpi, first_only=True)
            image = out_dir / f"{pdf.stem}.png"
            drawn.replace(image)
            report.images.append(image)
            if say is not None:
                say(f"  {image}")
    return report
