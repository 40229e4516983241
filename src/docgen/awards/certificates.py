"""Certificates in batch: one .docx per awardee of a decision (fast path), a merged printable
file, PDFs through one LibreOffice run per worker, safe file names, số sổ vàng."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.awards.certificate_errors import BatchNotWritten, CertificateNotWritten, give_back
from docgen.awards.certificate_fit import blank_boxes, fit_batch, full_boxes
from docgen.awards.certificate_spec import (
    certificate_part,
    certificate_reason,
    load_certificate_spec,
)
from docgen.awards.certificate_templates import (
    FIELDS,
    blank_template,
    certificate_rules,
    honour_line,
    names_title,
)
from docgen.awards.commendation import Awardee
from docgen.awards.given import certificate_book
from docgen.awards.kinds.decision_award import awarded
from docgen.awards.naming import certificate_description
from docgen.awards.specs import AwardDecisionSpec
from docgen.data.models import CertificateSpec
from docgen.data.workspace import Workspace, display_path
from docgen.documents.batch import CompiledTemplate, body_of
from docgen.documents.context import issuer_title, signature_block
from docgen.documents.stage_folder import StageFolder
from docgen.errors import (
    DataError,
    Diagnostic,
    DocgenError,
    Location,
    OutputError,
    RegisterError,
    Severity,
    TemplateError,
)
from docgen.output import (
    CACHE_DIR,
    WINDOWS_RESERVED,
    commit_staged,
    csv_text,
    discard_staged,
    staged_path,
    write_atomic,
    write_staged,
)
from docgen.register import Register
from docgen.rules import load_rules, register_limits
from docgen.vn.dates import date_line, date_words

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")
_MAX_NAME = 120  # characters of the file name before the extension


def safe_file_name(text: str, used: set[str], suffix: str = ".docx") -> str:
    """A readable file name that is valid everywhere: Vietnamese letters kept; no path
    separators, Windows-reserved names or trailing dots/spaces; duplicates get -2, -3 …"""
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub("-", name)
    name = _SPACES.sub(" ", name).strip().strip(".").strip()
    name = _DASHES.sub("-", name)
    name = name[:_MAX_NAME].rstrip(". -") or "khong-ten"
    if name.split(".")[0].upper() in WINDOWS_RESERVED:
        name = f"_{name}"
    candidate, n = name, 1
    while candidate.casefold() + suffix in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate.casefold() + suffix)
    return candidate + suffix


@dataclass
class CertificateJob:
    """Everything needed to print one certificate."""

    book: int
    file_name: str
    context: dict[str, Any]
    key: str = ""  # the awardee's stable key in the register's book
    taken: bool = False  # its số sổ vàng was taken by this run (given back if not printed)


@dataclass
class BatchReport:
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (who, why)
    merged: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    title: str = ""  # what the batch prints, as its heading says: "BẰNG CHỨNG NHẬN"


def certificate_jobs(
    ws: Workspace,
    spec: CertificateSpec,
    register: Register,
    shown: str = "",
    *,
    number: bool = True,
) -> tuple[list[CertificateJob], str]:
    """One job per awardee of the decision, in the decision list's order; returns the jobs and
    the certificate kind (bang_khen / giay_khen). Every field is fitted to its room first
    (docgen.awards.certificate_fit): a text that does not fit is refused before any số sổ
    vàng is taken from the register. ``number`` False takes none (a preview: book 0)."""
    decision = ws.specs[spec.decision]
    assert isinstance(decision, AwardDecisionSpec)
    assert ws.catalogue is not None and ws.law is not None
    entry = register.get_by_spec(ws.spec_display(spec.decision))
    if entry is None:
        raise RegisterError(
            f"the decision {spec.decision} has no number in the register yet",
            code="REGISTER-CITE",
            hint="build it first: docgen build",
        )
    data = awarded(ws, certificate_part(ws, spec, decision))
    kind = data.award.certificate
    if kind == "none":
        raise DocgenError(
            f"'{data.award.name}' has no certificate to print",
            code="CERT-KIND",
            hint="give the award a certificate in data/law/awards.yaml (certificate: bang_khen, "
            "giay_khen, or for a title bang_chung_nhan, giay_chung_nhan)",
        )
    issuer = ws.issuers[decision.issuer]
    signature = signature_block(issuer, decision.signature, load_rules().system(issuer.system))
    reason = certificate_reason(ws, spec, Location(shown or spec.decision))
    signer_title = signature.authority_line + (
        f"\n{signature.title_line}" if signature.title_line else ""
    )
    common = {
        "authority": issuer_title(issuer).upper(),
        "reason": reason,
        "decision": f"Quyết định số {entry.symbol}, {date_words(entry.date, issuer.pad_dates)}",
        "date_line": date_line(issuer.place, entry.date, issuer.pad_dates),
        "signer_title": signer_title,
        "signer_name": signature.name,
        # a title's certificate names the title (certificates.yaml honour)
        "honour": honour_line(kind, data.award.name),
    }
    everyone: list[Awardee] = [*data.collectives, *data.individuals]
    unnumbered = "0" * spec.book_width
    contexts = [
        {**common, "name": a.name, "description": certificate_description(a), "book": unnumbered}
        for a in everyone
    ]
    paper = paper_of(spec, kind)
    if spec.mode == "blank":
        positions = {k: v.model_dump() for k, v in spec.positions.items()}
        fit_batch(
            list(zip(_who(everyone), contexts, strict=True)), blank_boxes(positions, paper), shown
        )
    else:
        fit_batch(
            list(zip(_who(everyone), contexts, strict=True)),
            full_boxes(paper, names_title(kind)),
            shown,
            paper,
        )
    used: set[str] = set()
    jobs: list[CertificateJob] = []
    if not number:
        for awardee, context in zip(everyone, contexts, strict=True):
            jobs.append(CertificateJob(0, safe_file_name(awardee.name, used), context))
        return jobs, kind
    # số sổ vàng: consecutive within the decision, kept in the register with each awardee, so
    # printing again gives everyone the same number and no number is ever given twice
    keys = [_awardee_key(a) for a in everyone]
    most = register_limits().book_max
    if spec.book_start + len(everyone) - 1 > most:
        raise DataError(
            [
                Diagnostic(
                    "CERT-BOOK-LIMIT",
                    f"the {len(everyone)} số sổ vàng from {spec.book_start} would pass "
                    f"{most} (rules/register.yaml)",
                    Location(shown) if shown else None,
                )
            ]
        )
    decision_shown = ws.spec_display(spec.decision)
    # the awardees numbered before this run: a batch that cannot write gives back only the
    # numbers it took itself (GoldenBook.release_book_numbers)
    before = {key for _, key, _ in register.book(decision_shown)}
    numbers = register.book_numbers(
        decision_shown,
        list(zip(keys, (a.name for a in everyone), strict=True)),
        spec.book_start,
        certificate_book(decision.issuer, kind),  # the sổ vàng of the issuer and the form
    )
    for key, awardee, context in zip(keys, everyone, contexts, strict=True):
        book = numbers[key]
        label = f"{book:0{spec.book_width}d}"
        context["book"] = label
        name = safe_file_name(f"{label} {awardee.name}", used)
        jobs.append(CertificateJob(book, name, context, key, key not in before))
    return jobs, kind


def _who(everyone: Sequence[Awardee]) -> list[str]:
    """Each awardee as an error message names them."""
    return [f"{a.name} ({'tập thể' if a.kind == 'collective' else a.school})" for a in everyone]


def paper_of(spec: CertificateSpec, kind: str) -> str:
    paper: str = spec.paper or certificate_rules()["forms"][kind]["paper"]
    return paper


def paper_warnings(spec: CertificateSpec, kind: str, shown: str) -> list[str]:
    """A form printed on another paper than its model's, and a model's paper docgen could not
    confirm from the law (certificates.yaml ``forms``), with the source."""
    form = certificate_rules()["forms"][kind]
    title = certificate_rules()["titles"][kind].capitalize()
    source = " ".join(str(form["source"]).split())
    found = []
    if spec.paper and spec.paper != form["paper"]:
        found.append(
            Diagnostic(
                "CERT-PAPER",
                f"paper: {spec.paper}, but the model of the {title} is {form['paper']} ({source})",
                Location(shown),
                Severity.WARNING,
            )
        )
    elif not form.get("confirmed", False):
        found.append(
            Diagnostic(
                "CERT-PAPER-UNCONFIRMED",
                f"the {title} is printed on {form['paper']}, not confirmed from the law ({source})",
                Location(shown),
                Severity.WARNING,
            )
        )
    # as the clerk reads them (docgen.i18n), like every other warning
    return [d.format() for d in found]


def _awardee_key(awardee: Awardee) -> str:
    """Who an awardee is, stably across reprints: kind, school and name."""
    name = " ".join(unicodedata.normalize("NFC", awardee.name).casefold().split())
    return f"{awardee.kind}|{awardee.school_id}|{name}"


def template_for(
    ws: Workspace, spec: CertificateSpec, kind: str, cache_dir: Path
) -> tuple[Path, str]:
    paper = paper_of(spec, kind)
    if spec.mode == "blank":
        positions = {k: v.model_dump() for k, v in spec.positions.items()}
        return blank_template(positions, paper, spec.test_sheet, cache_dir), paper
    path = ws.templates_dir / "certificates" / f"{kind}-{paper}.docx"
    if not path.exists():
        raise TemplateError(
            f"template not found: {display_path(ws.root, path)}", code="TEMPLATE-MISSING"
        )
    return path, paper


# -- rendering ---------------------------------------------------------------------------------

# What a worker process holds: the compiled template and, when the pool was forked, the jobs
# themselves (a forked worker inherits them, so only index ranges cross the process boundary).
_WORKER: dict[str, Any] = {}

_Task = tuple[str, str, dict[str, Any]]  # (folder, file name, context)
# (error or None, body XML for merging or None, whether a file was staged, why the file could
# not be written into a stage folder or None)
_Result = tuple[str | None, str | None, bool, str | None]


def _init_worker(
    template: str | None, cache_dir: str | None, bodies: bool, final: str | None = None
) -> None:
    """A worker's state; a forked worker (``template`` None) inherits the compiled template.
    ``final``: the folder the files will have, when they are written into a stage folder."""
    if template is not None:
        _WORKER["template"] = CompiledTemplate(
            Path(template), Path(cache_dir) if cache_dir else None
        )
    _WORKER["bodies"] = bodies
    _WORKER["final"] = final


def _render_task(task: _Task) -> _Result:
    """Render one certificate and stage its file, unless the file already holds exactly these
    bytes (a reprint of unchanged data writes nothing); a bad record fails alone. Into a
    stage folder, a file that cannot be written (a full disk) is not a bad record: it is
    returned apart, and stops the batch."""
    out_dir, name, context = task
    template: CompiledTemplate = _WORKER["template"]
    final: str | None = _WORKER.get("final")
    try:
        xml = template.render_xml(context)
        data = template.package(xml)
        staged = not _holds(os.path.join(final or out_dir, name), data)
        if staged and final is None:
            write_staged(out_dir, name, data)
    except Exception as exc:  # one bad record fails alone; the batch goes on
        return f"{type(exc).__name__}: {exc}", None, False, None
    if staged and final is not None:
        unwritten = _write_file(os.path.join(out_dir, name), data)
        if unwritten is not None:
            return None, None, False, unwritten
    return None, (body_of(xml)[1] if _WORKER["bodies"] else None), staged, None


def _write_file(path: str, data: bytes) -> str | None:
    """Write a file of a stage folder (synced with the whole folder before it appears); the
    reason when the file system refuses it, and nothing of it left behind."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        return exc.strerror or type(exc).__name__
    return None


def _holds(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _render_range(bounds: tuple[int, int]) -> list[_Result]:
    tasks: list[_Task] = _WORKER["tasks"]
    return [_render_task(tasks[i]) for i in range(*bounds)]


def _render_chunk(tasks: list[_Task]) -> list[_Result]:
    return [_render_task(task) for task in tasks]


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def default_workers(count: int) -> int:
    """Worker processes for ``count`` certificates: one below the size where a second process
    pays for its start (measured by benchmarks/certificates.py), else one per processor."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return 1 if count < _PARALLEL_FROM else max(1, cpus)


_PARALLEL_FROM = 300


def render_batch(
    template: Path,
    jobs: Sequence[CertificateJob],
    out_dir: Path,
    *,
    workers: int = 1,
    bodies: bool = False,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    shown: str | None = None,
    stage_dir: Path | None = None,
) -> Iterator[tuple[CertificateJob, str | None, str | None]]:
    """Render and write every job; yields (job, error, body xml when ``bodies``) in order, as
    they finish. Files are staged beside their final names and committed together when the
    last one is done (one flush to disk for the batch, then the names); a batch stopped
    early leaves no file of its own. The template (shown to the clerk as ``shown``) is
    compiled here first, so that a broken or unsafe one is a TemplateError before any worker
    starts (a pool whose initializer fails restarts it without end).

    With ``stage_dir``, the files are written there under their own names instead (only
    those that differ from ``out_dir``'s), for the caller to publish, and a file the file
    system refuses stops the batch with CertificateNotWritten."""
    where = str(stage_dir if stage_dir is not None else out_dir)
    final = str(out_dir) if stage_dir is not None else None
    tasks: list[_Task] = [(where, job.file_name, job.context) for job in jobs]
    total = len(tasks)
    workers = max(1, min(workers, total))
    pool = None
    cache = str(cache_dir) if cache_dir is not None else None
    methods = multiprocessing.get_all_start_methods()
    # compiled once here; a forked worker inherits it
    _WORKER["template"] = CompiledTemplate(template, cache_dir, shown)
    if workers <= 1:
        _init_worker(None, None, bodies, final)
        results: Iterator[_Result] = map(_render_task, tasks)
    else:
        size = max(1, min(256, -(-total // (workers * 8))))
        chunks = [(i, min(total, i + size)) for i in range(0, total, size)]
        if "fork" in methods:
            # a forked worker inherits the jobs: only (start, stop) pairs are sent to it
            _WORKER["tasks"] = tasks
            pool = multiprocessing.get_context("fork").Pool(
                workers, initializer=_init_worker, initargs=(None, None, bodies, final)
            )
            parts: Iterator[list[_Result]] = pool.imap(_render_range, chunks)
        else:  # pragma: no cover - Windows and macOS spawn their workers
            pool = multiprocessing.get_context("spawn").Pool(
                workers,
                initializer=_init_worker,
                initargs=(str(template), cache, bodies, final),
            )
            parts = pool.imap(_render_chunk, [tasks[a:b] for a, b in chunks])
        results = (result for part in parts for result in part)
    changed: list[str] = []
    folder = str(out_dir)
    committed = False
    try:
        for done, (job, (error, body, staged, unwritten)) in enumerate(
            zip(jobs, results, strict=True), 1
        ):
            if unwritten is not None:
                raise CertificateNotWritten(job, unwritten)
            if staged:
                changed.append(job.file_name)
            elif error is not None and stage_dir is None:  # a failed write leaves nothing
                _remove(staged_path(folder, job.file_name))
            if progress is not None:
                progress(done, total)
            yield job, error, body
        if stage_dir is None:
            commit_staged(out_dir, changed)
        committed = True
    finally:
        _WORKER.pop("tasks", None)
        _WORKER.pop("template", None)
        _WORKER.pop("final", None)
        if pool is not None:
            pool.terminate()
            pool.join()
        if not committed and stage_dir is None:  # workers may have rendered ahead
            for job in jobs:
                _remove(staged_path(folder, job.file_name))


def merge_bodies(
    template: Path, bodies: Sequence[str], target: Path, cache_dir: Path | None = None
) -> Path:
    """One printable .docx: every certificate on its own page, all with the template's
    (landscape) section."""
    compiled = CompiledTemplate(template, cache_dir)
    head, _, tail = body_of(compiled.render_xml(_EMPTY_CONTEXT))
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    xml = head + page_break.join(bodies) + tail
    write_atomic(target, compiled.package(xml))
    return target


_EMPTY_CONTEXT = dict.fromkeys(FIELDS, "")


def write_manifest(jobs: Sequence[CertificateJob], failed: set[str], target: Path) -> Path:
    """The số sổ vàng book of the batch: number, name, description, file (UTF-8 with BOM)."""
    header = ["Số sổ vàng", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Tệp", "Trạng thái"]
    rows = [
        [
            job.context["book"],
            job.context["name"],
            job.context["description"],
            job.file_name,
            "lỗi" if job.file_name in failed else "đã in",
        ]
        for job in jobs
    ]
    write_atomic(target, ("\ufeff" + csv_text(header, rows)).encode("utf-8"))
    return target


def pdf_batches(files: Sequence[Path], out_dir: Path, workers: int) -> list[Path]:
    """PDF for every file: LibreOffice started once per worker, never once per file."""
    from concurrent.futures import ThreadPoolExecutor

    from docgen.documents.pdf import convert_to_pdf

    if not files:
        return []
    workers = max(1, min(workers, len(files)))
    chunks = [list(files[i::workers]) for i in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        results = list(
            pool.map(
                lambda chunk: convert_to_pdf(chunk, out_dir, timeout=60 + 2 * len(chunk)), chunks
            )
        )
    by_name = {p.stem: p for chunk in results for p in chunk}
    return [by_name[f.stem] for f in files]


def make_certificates(
    ws: Workspace,
    spec_path: Path,
    out_dir: Path,
    register: Register,
    *,
    merge: bool = False,
    pdf: bool = False,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Print the certificates of a decision into ``out_dir``. ``workers`` None picks the
    faster path for the batch size (``default_workers``).

    The batch is written into a stage folder beside ``out_dir`` and appears whole (issue 23,
    case 7): when a file cannot be written (a full disk), nothing of the batch appears, every
    certificate not written is named (BatchNotWritten) and the số sổ vàng this run took are
    given back, so that the same command, once there is room, prints the same numbers."""
    started = time.perf_counter()
    spec = load_certificate_spec(ws, spec_path)
    shown_spec = display_path(ws.root, spec_path)
    jobs, kind = certificate_jobs(ws, spec, register, shown_spec)
    if workers is None:
        workers = default_workers(len(jobs))
    report = BatchReport(
        warnings=paper_warnings(spec, kind, shown_spec),
        title=certificate_rules()["titles"].get(kind, ""),
    )
    failed: set[str] = set()
    cache = ws.root / CACHE_DIR
    decision = ws.spec_display(spec.decision)
    shown_out = display_path(ws.root, out_dir)
    stage: StageFolder | None = None
    try:
        stage = StageFolder(out_dir)
        if out_dir.is_dir():
            discard_staged(out_dir)  # what an interrupted batch of an older docgen left
        template, _ = template_for(ws, spec, kind, cache)
        bodies: list[str] = []
        shown = display_path(ws.root, template)
        for job, error, body in render_batch(
            template,
            jobs,
            out_dir,
            workers=workers,
            bodies=merge,
            cache_dir=cache,
            progress=progress,
            shown=shown,
            stage_dir=stage.path,
        ):
            if error is not None:
                report.failed.append((job.context["name"], error))
                failed.add(job.file_name)
            else:
                report.written.append(out_dir / job.file_name)
                if body is not None:
                    bodies.append(body)
        merged = f"{spec_path.stem}-tat-ca.docx"
        if merge and bodies:
            merge_bodies(template, bodies, stage.path / merged, cache)
            report.merged = out_dir / merged
        manifest = f"{spec_path.stem}-so-vang.csv"
        write_manifest(jobs, failed, stage.path / manifest)
        report.manifest = out_dir / manifest
        stage.publish()
    except BaseException as exc:
        if stage is not None:
            stage.discard()  # first: on a full disk, this frees the room the batch took
        released, release_error = give_back(register, decision, jobs)
        if isinstance(exc, OSError | OutputError):
            cause = exc.message if isinstance(exc, OutputError) else str(exc.strerror or exc)
            raise BatchNotWritten(shown_out, cause, jobs, released, release_error) from exc
        raise
    finally:
        if stage is not None:
            stage.close()
    if pdf:  # made from the published batch: a PDF that fails leaves the certificates whole
        targets = list(report.written) + ([report.merged] if report.merged else [])
        report.pdfs = pdf_batches(targets, out_dir, workers)
    report.seconds = time.perf_counter() - started
    return report
