"""``docgen gallery``: every page docgen writes, as images on one index page.

The example documents (as ``docgen build``), an award dossier, the certificates of the longest
names of every batch (full and blank), and a generated award decision of many rows are built in
a temporary copy of the workspace, with a copy of its register: nothing of the workspace's own
is numbered, written or changed. Then one LibreOffice start makes every PDF, pdftoppm the page
images, and ``DIR/index.html`` lists them with their page counts and check findings."""

from __future__ import annotations

import hashlib
import math
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from docgen.cli.main import Reporter, _obj, _t, fail, verbosity_options
from docgen.errors import DocgenError, OutputError

PARTS = ("examples", "dossier", "certificates", "stress")
DOSSIER = "quyet-dinh-khen-thuong-2024"

Progress = Callable[[str], None]


@click.command("gallery")
@verbosity_options
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The gallery folder (default: output/gallery in the workspace).",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="NAME",
    help="Only these parts (examples, dossier, certificates, stress) or example documents "
    "(their spec ids); may be repeated.",
)
@click.option(
    "--dossier",
    default=DOSSIER,
    show_default=True,
    help="The award decision or proposal whose dossier is shown.",
)
@click.pass_context
def gallery_command(
    ctx: click.Context, out: Path | None, only: tuple[str, ...], dossier: str
) -> None:
    """Every page docgen writes, as PNG images with an index page (index.html): the example
    documents, an award dossier, the certificates of the longest names in full and blank mode,
    and a generated award decision of many rows. Built in a temporary copy of the workspace:
    no number of its register is used. Needs LibreOffice and poppler-utils; takes minutes."""
    reporter: Reporter = _obj(ctx)["reporter"]
    root: Path = _obj(ctx)["workspace"]
    target = out if out is not None else root / "output" / "gallery"
    started = time.perf_counter()

    def progress(message: str) -> None:
        if reporter.verbosity >= 0:
            click.echo(f"[{time.perf_counter() - started:5.0f} s] {message}", err=True)

    try:
        sections = make_gallery(
            root,
            target,
            only=only,
            dossier=dossier,
            register=_obj(ctx)["register_url"],
            progress=progress,
        )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    except OSError as exc:
        fail(ctx, OutputError(f"the gallery could not be written: {exc}", code="GALLERY-OUT"))
        return
    documents = sum(len(s.entries) for s in sections)
    pages = sum(len(e.pages) for s in sections for e in s.entries)
    seconds = time.perf_counter() - started
    click.echo(
        _t(f"gallery of {documents} documents, {pages} pages: {target / 'index.html'}")
        + f" ({seconds:.0f} s)"
    )


def make_gallery(
    root: Path,
    out: Path,
    *,
    only: tuple[str, ...] = (),
    dossier: str = DOSSIER,
    register: str | None = None,
    progress: Progress | None = None,
) -> list[Any]:
    """Build the gallery of the workspace ``root`` into ``out``; returns its sections
    (docgen.documents.gallery.Section), each entry with its PDF, pages and findings."""
    from docgen.api import register_target, validate_workspace
    from docgen.data.places import guard_output_dir
    from docgen.documents import gallery
    from docgen.errors import DocgenError

    say = progress or (lambda _message: None)
    gallery.require_programs()
    ws = validate_workspace(root, register)
    guard_output_dir(ws, out)
    parts = [p for p in only if p in PARTS] or list(PARTS)
    specs = [s for s in only if s not in PARTS]
    unknown = [s for s in specs if s not in ws.specs]
    if unknown:
        raise DocgenError(
            f"--only {', '.join(unknown)}: not a part of the gallery nor a document spec",
            code="GALLERY-ONLY",
            hint=f"the parts: {', '.join(PARTS)}; the specs: docgen validate lists them",
        )
    if specs and "examples" not in parts:
        parts.insert(0, "examples")
    out.mkdir(parents=True, exist_ok=True)
    sections: list[gallery.Section] = []
    with tempfile.TemporaryDirectory(prefix="docgen-gallery-") as tmp:
        work = Path(tmp) / "ws"
        copy_workspace(root, work, register_target(ws, register))
        book = str(work / "register.sqlite")
        seen: dict[str, str] = {}  # the bytes of a .docx shown already → its title
        if "examples" in parts:
            sections.append(_examples(work, book, specs or None, seen, say))
        if "dossier" in parts:
            sections.append(_dossier(work, book, dossier, seen, say))
        if "certificates" in parts:
            sections.append(_certificates(work, book, _t("the example batches"), say))
        if "stress" in parts:
            sections.append(_stress(root, Path(tmp) / "stress", say))
        gallery.prepare_folder(out)
        entries = gallery.stage(sections, out)
        say(_t(f"PDF of {len(entries)} documents (one LibreOffice start)"))
        gallery.convert(entries, out)
    _check(entries, say)
    gallery.page_images(entries, out, say)
    gallery.write_index(sections, out, _t("docgen: print gallery"))
    return sections


def copy_workspace(root: Path, work: Path, register: str) -> None:
    """data/ and templates/ of ``root`` into ``work``, and its register when it is an SQLite
    file (copied with SQLite's backup, safe while another docgen writes it); a PostgreSQL
    register is not copied: the copy numbers its documents afresh."""
    import shutil

    shutil.copytree(root / "data", work / "data")
    if (root / "templates").is_dir():
        shutil.copytree(root / "templates", work / "templates")
    from docgen.register.store import open_register

    source = register.removeprefix("sqlite:///") if register.startswith("sqlite:///") else register
    if "://" not in source and Path(source).is_file():
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(work / "register.sqlite")
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    open_register(work / "register.sqlite", create=True)  # the copy's own, when none was copied


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _examples(
    work: Path, book: str, specs: list[str] | None, seen: dict[str, str], say: Progress
) -> Any:
    from docgen.api import build
    from docgen.documents.gallery import Entry, Section

    say(_t("building the example documents (docgen build)"))
    report = build(work, work / "output", only=specs, register=book)
    section = Section(_t("Example documents (docgen build)"))
    for doc in report.written:
        section.entries.append(Entry(doc.output.name, doc.output))
        seen[_digest(doc.output)] = doc.output.name
    if report.failed:
        section.note = "; ".join(d.error.format() for d in report.failed if d.error is not None)
    return section


def _dossier(work: Path, book: str, spec: str, seen: dict[str, str], say: Progress) -> Any:
    from docgen.api import make_dossier
    from docgen.documents.gallery import Entry, Section

    say(_t(f"building the dossier of {spec} (docgen dossier)"))
    folder = work / "dossier"
    report = make_dossier(work, Path(spec), folder, build_dir=work / "output", register=book)
    section = Section(_t(f"Award dossier of {spec} (docgen dossier)"))
    same = []
    for file in report.files:
        shown = seen.get(_digest(file))
        if shown is not None:  # the same file as an example above
            same.append(shown)
            continue
        section.entries.append(Entry(file.relative_to(folder).as_posix(), file))
    if same:
        section.note = _t(f"also in the dossier, shown above: {', '.join(same)}")
    return section


def _certificates(work: Path, book: str, label: str, say: Progress) -> Any:
    """The longest names of every certificate batch of the workspace ``work`` (its own
    certificate specs, data/certificates/), each in the mode its spec prints."""
    from docgen.api import build, open_workspace_register, validate_workspace
    from docgen.awards.certificate_spec import load_certificate_spec
    from docgen.awards.certificates import (
        certificate_jobs,
        render_batch,
        template_for,
    )
    from docgen.awards.dossier import with_citations
    from docgen.documents.gallery import Entry, Section, gallery_rules
    from docgen.output import CACHE_DIR

    rules = gallery_rules()
    section = Section(_t(f"Certificates: the longest names of {label}"))
    ws = validate_workspace(work, book)
    for path in sorted((work / "data" / "certificates").glob("*.yaml")):
        spec = load_certificate_spec(ws, path)
        register = open_workspace_register(ws, book)
        if register.get_by_spec(ws.spec_display(spec.decision)) is None:
            say(_t(f"building {spec.decision}, which the certificates cite"))
            build(
                work,
                work / "output",
                only=sorted(with_citations(ws, {spec.decision})),
                register=book,
            )
            ws = validate_workspace(work, book)
            register = open_workspace_register(ws, book)
        jobs, kind = certificate_jobs(ws, spec, register)
        count = max(int(rules["longest_min"]), math.ceil(len(jobs) * rules["longest_share"]))
        longest = sorted(
            jobs,
            key=lambda j: _longest(j.context["name"], j.context["description"] or ""),
            reverse=True,
        )[:count]
        say(
            _t(
                f"certificates {path.stem} ({spec.mode}): the {len(longest)} longest names of "
                f"{len(jobs)}"
            )
        )
        template, paper = template_for(ws, spec, kind, work / CACHE_DIR)
        folder = work / "certificates" / path.stem
        folder.mkdir(parents=True)
        for job, error, _ in render_batch(template, longest, folder, cache_dir=work / CACHE_DIR):
            if error is not None:
                raise DocgenError(
                    f"certificate for {job.context['name']} failed: {error}", code="CERT-RECORD"
                )
            title = f"{path.stem} ({spec.mode}, {paper}): {job.file_name}"
            section.entries.append(Entry(title, folder / job.file_name))
    return section


def _longest(name: str, description: str) -> tuple[int, int]:
    """How hard a certificate's text is to fit: its longest field first (a long name or a
    long position and unit), then both together."""
    return max(len(name), len(description)), len(name) + len(description)


def _stress(root: Path, work: Path, say: Progress) -> Any:
    """The generated award decision of ``stress_rows`` individuals, with the longest names a
    clerk meets, and its certificates' longest names in both modes."""
    from docgen.api import build
    from docgen.awards import stress
    from docgen.documents.gallery import Entry, Section, gallery_rules

    rows = int(gallery_rules()["stress_rows"])
    section = Section(_t(f"Generated award decision of {rows} individuals"))
    if not (root / "data" / "documents" / f"{stress.DECISION}.yaml").is_file():
        section.note = _t(f"not made: this workspace has no {stress.DECISION}")
        return section
    say(_t(f"building the generated award decision of {rows} individuals"))
    stress.make_decision_workspace(root, work, rows, long_names=True)
    book = str(work / "register.sqlite")
    # the decision and the plans it cites: the only documents of that workspace
    report = build(work, work / "output", register=book)
    for doc in report.documents:
        if doc.error is not None:
            raise doc.error
        if Path(doc.spec).stem == stress.DECISION:
            section.entries.append(Entry(doc.output.name, doc.output))
    certificates = _certificates(work, book, _t("the generated batch"), say)
    section.entries += certificates.entries
    return section


def _check(entries: list[Any], say: Progress) -> None:
    """docgen check on every document of the gallery: its counts and lines for the index."""
    from docgen.checker import check_docx
    from docgen.checker.pdf_pages import read_pdf

    say(_t(f"checking {len(entries)} documents (docgen check --pages)"))
    for entry in entries:
        try:
            # the page rules too, on the PDF the gallery already has (docgen check --pages)
            pages = read_pdf(entry.pdf) if entry.pdf is not None else None
            result = check_docx(entry.source, pages=pages)
        except DocgenError as exc:
            entry.errors, entry.findings = 1, [exc.format()]
            continue
        entry.errors, entry.warnings = len(result.errors), len(result.warnings)
        entry.findings = result.lines()
