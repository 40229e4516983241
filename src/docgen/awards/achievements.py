"""Achievement reports (Báo cáo thành tích) in batch: one .docx per nominee of a spec.

One report per nominee of a proposal or an award decision, in the form in force on the report's
date, written like certificates (the template compiled once, files staged and committed
together); what each report shows is docgen.awards.achievement_context's."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.awards.achievement_context import head_of, nominees_of, report_context, unit_header
from docgen.awards.achievement_data import (
    Recipient,
    details_for,
    form_in_force,
    form_warnings,
    missing_details,
    report_day,
)
from docgen.awards.specs import AwardDecisionSpec, ProposalSpec
from docgen.data.workspace import Workspace, display_path
from docgen.documents.kinds.base import TemplateSource
from docgen.errors import (
    Diagnostic,
    DocgenError,
    Location,
    Problems,
    TemplateError,
)
from docgen.output import CACHE_DIR, discard_staged

# The template of every report, in both systems (built by make templates from
# templates/source/achievement.txt); its title block prints the type bao_cao_thanh_tich.
TEMPLATE = TemplateSource("achievement", "bao_cao_thanh_tich")


@dataclass
class ReportJob:
    """Everything needed to write one report (the batch writer's job: file name, context)."""

    book: int  # the position in the dossier, from 1
    file_name: str
    context: dict[str, Any]
    template: Path
    recipient: Recipient
    name: str


@dataclass
class AchievementReport:
    """What a batch wrote: the files in submission order (collectives, then individuals, in
    the order of the proposal or the decision), what failed, the warnings, the forms used."""

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (who, why)
    warnings: list[Diagnostic] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # "Mẫu số 02 (Thông tư số 01/2024/TT-BNV …)"
    seconds: float = 0.0


# -- which spec ---------------------------------------------------------------------------------


def resolve_spec(ws: Workspace, spec: str | Path) -> str:
    """The id of a proposal or award decision spec, given by its path or its id."""
    text = str(spec)
    spec_id: str | None = text if text in ws.specs else None
    if spec_id is None:
        path = Path(text)
        if path.suffix == ".yaml" and path.exists():
            resolved = path.resolve()
            spec_id = next(
                (i for i, p in ws.spec_paths.items() if p.resolve() == resolved),
                None,
            )
    if spec_id is None:
        raise DocgenError(
            f"{text} is not a document spec of this workspace (they live in data/documents/)",
            code="SPEC-UNKNOWN",
        )
    if not isinstance(ws.specs[spec_id], ProposalSpec | AwardDecisionSpec):
        raise DocgenError(
            f"{ws.spec_display(spec_id)} is neither a proposal nor an award decision: "
            "achievement reports are made for their nominees",
            code="ACHIEVEMENT-SPEC",
            location=Location(ws.spec_display(spec_id)),
        )
    return spec_id


# -- the batch ----------------------------------------------------------------------------------


def report_jobs(
    ws: Workspace, spec_id: str, *, strict: bool = False
) -> tuple[list[ReportJob], list[Diagnostic], list[str]]:
    """One job per nominee, in submission order; the warnings (nominees without details,
    unconfirmed forms) and the forms used. Every data problem is a DataError raised before
    anything is written: a date no form covers, and in a ``strict`` batch a nominee without
    details."""
    from docgen.awards.certificates import safe_file_name

    spec = ws.specs[spec_id]
    assert isinstance(spec, ProposalSpec | AwardDecisionSpec)
    nominated = nominees_of(ws, spec)
    problems = Problems()
    warnings: list[Diagnostic] = []
    forms_used: list[str] = []
    seen_rows: set[int] = set()  # the forms rows used
    warned: set[int] = set()  # the rows whose unconfirmed values were warned about
    forms_src = ws.sources.get("data/law/forms.yaml")
    used: set[str] = set()
    width = max(2, len(str(len(nominated))))
    # a decision over several schools names each file's province too: "Khoa Dân vận (Cần Thơ)"
    several = len({item.proposal.school for item in nominated}) > 1
    jobs: list[ReportJob] = []
    for n, item in enumerate(nominated, 1):
        found = details_for(ws, item.proposal)
        file = found[1] if found is not None else None
        details_shown = (
            found[0]
            if found is not None
            else f"data/achievements/{item.proposal.year}/{item.proposal.school}.yaml"
        )
        proposal_src = ws.sources[item.proposal_shown]
        if item.details is None:
            diagnostic = missing_details(
                item.nominee.name,
                details_shown,
                proposal_src,
                f"{item.recipient}s",
                item.index,
                strict=strict,
            )
            (problems.items if strict else warnings).append(diagnostic)
        day = report_day(file, item.proposal)
        where = (
            ws.sources[details_shown].locate(("date",))
            if file is not None and file.date is not None
            else proposal_src.locate(("date",))
        )
        if ws.forms is None or forms_src is None:
            problems.add(
                "DATA-LAYOUT",
                "the achievement reports need data/law/forms.yaml (the prescribed forms by date)",
                Location("data/law/forms.yaml"),
            )
            break
        index = form_in_force(ws.forms, day, where, problems)
        if index is None:
            continue
        row = ws.forms.forms[index]
        if index not in seen_rows:
            seen_rows.add(index)
            forms_used.append(f"{row.collective.form} / {row.individual.form} ({row.act_name})")
        if file is None and index not in warned:  # a details file's: by docgen validate
            warned.add(index)
            warnings.extend(form_warnings(ws.forms, index, forms_src, where))
        header = unit_header(ws, spec, item.proposal, file)
        form = row.for_recipient(item.recipient)
        context = report_context(
            ws,
            spec,
            item,
            header,
            head_of(header, file, ws.body(item.proposal.school)),
            day,
            form,
            (row.titles_columns, row.awards_columns),
        )
        template = ws.templates_dir / header.system / f"{row.template}.docx"
        stem = f"{n:0{width}d} {item.nominee.name}"
        body = ws.body(item.proposal.school)
        if several and body is not None:
            stem += f" ({body.province or body.abbr})"
        name = safe_file_name(stem, used)
        jobs.append(ReportJob(n, name, context, template, item.recipient, item.nominee.name))
    problems.raise_if_any()
    return jobs, _unique(warnings), forms_used


def _unique(items: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for d in items:
        key = (d.code, d.message, str(d.location))
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _preflight(ws: Workspace, jobs: Sequence[ReportJob]) -> None:
    """Each template, against one report of each kind it renders, before anything is written:
    a broken or mistyped template is one TemplateError naming its paragraph."""
    from docgen.documents.template_check import check_template
    from docgen.documents.templates import jinja_env

    checked: set[tuple[Path, str]] = set()
    for job in jobs:
        if (job.template, job.recipient) in checked:
            continue
        checked.add((job.template, job.recipient))
        shown = display_path(ws.root, job.template)
        if not job.template.is_file():
            raise TemplateError(
                f"template not found: {shown}", code="TEMPLATE-MISSING", location=Location(shown)
            )
        check_template(job.template, shown, job.context, jinja_env())


def make_achievement_reports(
    ws: Workspace,
    spec_id: str,
    out_dir: Path,
    *,
    strict: bool = False,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AchievementReport:
    """Write the achievement report of every nominee of ``spec_id`` (a proposal or an award
    decision) into ``out_dir``: file names from the nominee, numbered in submission order.
    Data problems stop the batch before anything is written; a report that fails to render
    fails alone. Files appear together when the batch is done (staged, then committed)."""
    from docgen.awards.certificates import CertificateJob, default_workers, render_batch

    started = time.perf_counter()
    jobs, warnings, forms = report_jobs(ws, spec_id, strict=strict)
    report = AchievementReport(warnings=warnings, forms=forms)
    _preflight(ws, jobs)
    if workers is None:
        workers = default_workers(len(jobs))
    out_dir.mkdir(parents=True, exist_ok=True)
    discard_staged(out_dir)  # what an interrupted batch left behind
    cache = ws.root / CACHE_DIR
    done: dict[int, Path] = {}
    total = len(jobs)
    count = 0

    def step(_done: int, _total: int) -> None:
        nonlocal count
        count += 1
        if progress is not None:
            progress(count, total)

    # one batch per template (a dossier of units of both systems has two); usually one
    templates = list(dict.fromkeys(job.template for job in jobs))
    try:
        for template in templates:
            group = [job for job in jobs if job.template == template]
            batch = [CertificateJob(job.book, job.file_name, job.context) for job in group]
            shown = display_path(ws.root, template)
            for job, (written, error, _body) in zip(
                group,
                render_batch(
                    template,
                    batch,
                    out_dir,
                    workers=workers,
                    cache_dir=cache,
                    progress=step,
                    shown=shown,
                ),
                strict=True,
            ):
                if error is not None:
                    report.failed.append((job.name, error))
                else:
                    done[job.book] = out_dir / written.file_name
    except BaseException:
        discard_staged(out_dir)
        raise
    report.written = [done[book] for book in sorted(done)]
    report.seconds = time.perf_counter() - started
    return report
