"""Certificates in batch: one .docx per awardee of a decision (fast path), a merged printable
file, PDFs through one LibreOffice run per worker, safe file names, số sổ vàng."""

from __future__ import annotations

import csv
import io
import multiprocessing
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.batch import CompiledTemplate, body_of
from docgen.certificate_templates import FIELDS, blank_template, certificate_rules
from docgen.commendation import Awardee, decision_list
from docgen.context import issuer_title, signature_block
from docgen.errors import DataError, DocgenError, RegisterError, TemplateError
from docgen.kinds.decision_award import AwardDecisionSpec
from docgen.loader import load_yaml
from docgen.models import CertificateSpec
from docgen.output import WINDOWS_RESERVED, write_atomic
from docgen.register import Register
from docgen.rules import load_rules
from docgen.templates import jinja_env
from docgen.vn.dates import date_line, date_words
from docgen.workspace import Workspace, decided_proposals, display_path, validate

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_MAX_NAME = 120  # characters of the file name before the extension


def safe_file_name(text: str, used: set[str], suffix: str = ".docx") -> str:
    """A readable file name that is valid everywhere: Vietnamese letters kept; no path
    separators, Windows-reserved names or trailing dots/spaces; duplicates get -2, -3 …"""
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", " ", name).strip().strip(".").strip()
    name = re.sub(r"-{2,}", "-", name)
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


@dataclass
class BatchReport:
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (who, why)
    merged: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    seconds: float = 0.0


def load_certificate_spec(ws: Workspace, path: Path) -> CertificateSpec:
    shown = display_path(ws.root, path)
    source, problems = load_yaml(path, shown)
    if problems:
        raise DataError(problems)
    spec, problems = validate(CertificateSpec, source, source.data)
    if problems or spec is None:
        raise DataError(problems)
    if spec.decision not in ws.specs or not isinstance(ws.specs[spec.decision], AwardDecisionSpec):
        raise DocgenError(
            f"'{spec.decision}' is not an award decision of this workspace",
            code="DATA-REF",
            location=source.locate(("decision",)),
        )
    return spec


def certificate_jobs(
    ws: Workspace, spec: CertificateSpec, register: Register
) -> tuple[list[CertificateJob], str]:
    """One job per awardee of the decision, in the decision list's order; returns the jobs and
    the certificate kind (bang_khen / giay_khen)."""
    decision = ws.specs[spec.decision]
    assert isinstance(decision, AwardDecisionSpec)
    assert ws.schools is not None and ws.catalogue is not None and ws.salaries is not None
    entry = register.get_by_spec(ws.spec_display(spec.decision))
    if entry is None:
        raise RegisterError(
            f"the decision {spec.decision} has no number in the register yet",
            code="REGISTER-CITE",
            hint="build it first: docgen build",
        )
    data = decision_list(
        decision,
        list(decided_proposals(ws, decision).values()),
        ws.schools,
        ws.catalogue,
        ws.salaries,
    )
    kind = data.award.certificate
    if kind == "none":
        raise DocgenError(f"'{data.award.name}' has no certificate to print", code="CERT-KIND")
    issuer = ws.issuers[decision.issuer]
    campaign = ws.campaigns[decision.campaign]
    signature = signature_block(issuer, decision.signature, load_rules().system(issuer.system))
    reason = jinja_env().from_string(spec.reason).render(campaign=campaign, year=decision.year)
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
    }
    used: set[str] = set()
    jobs: list[CertificateJob] = []
    everyone: list[Awardee] = [*data.collectives, *data.individuals]
    # số sổ vàng: consecutive within the decision, kept in the register with each awardee, so
    # printing again gives everyone the same number and no number is ever given twice
    keys = [_awardee_key(a) for a in everyone]
    numbers = register.book_numbers(
        ws.spec_display(spec.decision),
        list(zip(keys, (a.name for a in everyone), strict=True)),
        spec.book_start,
    )
    for key, awardee in zip(keys, everyone, strict=True):
        book = numbers[key]
        label = f"{book:0{spec.book_width}d}"
        description = awardee.description if awardee.kind == "individual" else awardee.school
        context = {**common, "name": awardee.name, "description": description, "book": label}
        jobs.append(CertificateJob(book, safe_file_name(f"{label} {awardee.name}", used), context))
    return jobs, kind


def _awardee_key(awardee: Awardee) -> str:
    """Who an awardee is, stably across reprints: kind, school and name."""
    name = " ".join(unicodedata.normalize("NFC", awardee.name).casefold().split())
    return f"{awardee.kind}|{awardee.school_id}|{name}"


def template_for(
    ws: Workspace, spec: CertificateSpec, kind: str, scratch: Path
) -> tuple[Path, str]:
    paper = spec.paper or certificate_rules()["default_paper"][kind]
    if spec.mode == "blank":
        positions = {k: v.model_dump() for k, v in spec.positions.items()}
        return blank_template(positions, paper, spec.test_sheet, scratch), paper
    path = ws.templates_dir / "certificates" / f"{kind}-{paper}.docx"
    if not path.exists():
        raise TemplateError(
            f"template not found: {display_path(ws.root, path)}", code="TEMPLATE-MISSING"
        )
    return path, paper


# -- rendering ---------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(template: str) -> None:
    _WORKER["template"] = CompiledTemplate(Path(template))


def _render_one(job: tuple[str, str, dict[str, Any]]) -> tuple[str, str | None, str | None]:
    """(file name, error or None, body XML for merging or None); writes the file."""
    out_dir, name, context = job
    template: CompiledTemplate = _WORKER["template"]
    try:
        xml = template.render_xml(context)
        write_atomic(Path(out_dir) / name, template.package(xml))
    except Exception as exc:  # one bad record fails alone; the batch goes on
        return name, f"{type(exc).__name__}: {exc}", None
    return name, None, body_of(xml)[1]


def render_batch(
    template: Path,
    jobs: Sequence[CertificateJob],
    out_dir: Path,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[CertificateJob, str | None, str | None]]:
    """Render every job; yields (job, error, body xml) in order, as they finish."""
    tasks = [(str(out_dir), job.file_name, job.context) for job in jobs]
    total = len(tasks)
    if workers <= 1:
        _init_worker(str(template))
        results: Iterator[tuple[str, str | None, str | None]] = map(_render_one, tasks)
        pool = None
    else:
        pool = multiprocessing.get_context("spawn").Pool(
            workers, initializer=_init_worker, initargs=(str(template),)
        )
        results = pool.imap(_render_one, tasks, chunksize=max(1, min(64, total // (workers * 4))))
    try:
        for done, (job, (_, error, body)) in enumerate(zip(jobs, results, strict=True), 1):
            if progress is not None:
                progress(done, total)
            yield job, error, body
    finally:
        if pool is not None:
            pool.close()
            pool.join()


def merge_bodies(template: Path, bodies: Sequence[str], target: Path) -> Path:
    """One printable .docx: every certificate on its own page, all with the template's
    (landscape) section."""
    compiled = CompiledTemplate(template)
    head, _, tail = body_of(compiled.render_xml(_EMPTY_CONTEXT))
    page_break = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    xml = head + page_break.join(bodies) + tail
    write_atomic(target, compiled.package(xml))
    return target


_EMPTY_CONTEXT = dict.fromkeys(FIELDS, "")


def write_manifest(jobs: Sequence[CertificateJob], failed: set[str], target: Path) -> Path:
    """The số sổ vàng book of the batch: number, name, description, file (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["Số sổ vàng", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Tệp", "Trạng thái"]
    )
    for job in jobs:
        state = "lỗi" if job.file_name in failed else "đã in"
        writer.writerow(
            [
                job.context["book"],
                job.context["name"],
                job.context["description"],
                job.file_name,
                state,
            ]
        )
    write_atomic(target, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return target


def pdf_batches(files: Sequence[Path], out_dir: Path, workers: int) -> list[Path]:
    """PDF for every file: LibreOffice started once per worker, never once per file."""
    from concurrent.futures import ThreadPoolExecutor

    from docgen.pdf import convert_to_pdf

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
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    started = time.perf_counter()
    spec = load_certificate_spec(ws, spec_path)
    jobs, kind = certificate_jobs(ws, spec, register)
    report = BatchReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-cert-") as scratch:
        template, _ = template_for(ws, spec, kind, Path(scratch))
        bodies: list[str] = []
        for job, error, body in render_batch(
            template, jobs, out_dir, workers=workers, progress=progress
        ):
            if error is not None:
                report.failed.append((job.context["name"], error))
            else:
                report.written.append(out_dir / job.file_name)
                if merge and body is not None:
                    bodies.append(body)
        if merge and bodies:
            report.merged = merge_bodies(
                template, bodies, out_dir / f"{spec_path.stem}-tat-ca.docx"
            )
    failed_names = {
        job.file_name for job in jobs if (out_dir / job.file_name) not in report.written
    }
    report.manifest = write_manifest(jobs, failed_names, out_dir / f"{spec_path.stem}-so-vang.csv")
    if pdf:
        targets = list(report.written) + ([report.merged] if report.merged else [])
        report.pdfs = pdf_batches(targets, out_dir, workers)
    report.seconds = time.perf_counter() - started
    return report
