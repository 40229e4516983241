"""The award dossier (hồ sơ khen thưởng): every document of a proposal or an award decision,
built through the register and gathered in the order the dossier is submitted.

Luật Thi đua, khen thưởng 2022 and its decrees list a dossier as the Tờ trình, the minutes of the
emulation council (Biên bản họp Hội đồng Thi đua - Khen thưởng) and the achievement reports
(Báo cáo thành tích); the Quyết định follows when the dossier is a decision's. Each document is
built as ``docgen build`` builds it (same number, same file in the build folder), then copied
into the dossier folder under a name that gives its place: ``01-…``, ``02-…``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DataError, Diagnostic, Location, OutputError, Severity, TemplateError
from docgen.output import fsync_dir, sync_folder_filesystem

# What the dossier holds, in the order it is submitted: a part's key, its title in the index.
PART_TITLES = {
    "proposal": "Tờ trình đề nghị khen thưởng",
    "minutes": "Biên bản họp Hội đồng Thi đua - Khen thưởng",
    "achievements": "Báo cáo thành tích",
    "decision_award": "Quyết định khen thưởng",
}
PART_ORDER = tuple(PART_TITLES)
MARKER = ".docgen-dossier"  # a folder docgen wrote a dossier into, and may replace


@dataclass(frozen=True)
class PlannedPart:
    """One document of the dossier (a spec), or the batch of achievement reports (no spec)."""

    key: str  # a key of PART_TITLES
    spec_id: str | None
    title: str | None = None  # as the law words it (an upward dossier); else PART_TITLES


@dataclass
class DossierPart:
    key: str
    title: str
    files: list[Path]  # in the dossier folder, in order
    symbol: str | None = None


@dataclass
class DossierReport:
    folder: Path
    parts: list[DossierPart] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    pdf: Path | None = None
    pdf_pages: int = 0
    # an upward dossier: the level it goes to and the sets the law asks for (when it says)
    level: str | None = None
    copies: int | None = None
    seconds: float = 0.0

    @property
    def files(self) -> list[Path]:
        return [f for part in self.parts for f in part.files]


Progress = Callable[[str], None]


def plan_dossier(ws: Any, spec_id: str) -> tuple[list[PlannedPart], list[Diagnostic]]:
    """The parts of the dossier of ``spec_id`` (a proposal or an award decision), in order, and
    a warning for each part the workspace does not hold."""
    from docgen.awards.kinds.decision_award import awarded_parts
    from docgen.awards.specs import AwardDecisionSpec, ProposalSpec

    spec = ws.specs[spec_id]
    shown = ws.spec_display(spec_id)
    if not isinstance(spec, AwardDecisionSpec | ProposalSpec):
        raise DataError(
            [
                Diagnostic(
                    "DOSSIER-KIND",
                    f"{shown} is a {spec.kind}: a dossier is made for a proposal (kind: "
                    "proposal) or an award decision (kind: decision_award)",
                    ws.sources[shown].locate(("kind",)),
                )
            ]
        )
    if isinstance(spec, ProposalSpec):
        from docgen.awards.upward import required_dossier

        required = required_dossier(ws, spec.award, spec.date)
        if required is not None:
            return _plan_upward(ws, spec_id, required)
    warnings: list[Diagnostic] = []
    parts: list[PlannedPart] = []
    if isinstance(spec, ProposalSpec):
        schools = [spec.school]
        parts.append(PlannedPart("proposal", spec_id))
    else:
        schools = sorted(
            {
                n.school_id
                for data in awarded_parts(ws, spec)  # each award of the decision
                for n in [*data.collectives, *data.individuals]
            }
        )
        found: dict[str, list[str]] = {}
        for other_id, other in sorted(ws.specs.items()):
            if (
                isinstance(other, ProposalSpec)
                and (other.campaign, other.year) == (spec.campaign, spec.year)
                and other.award in spec.award_ids
                and other.school in schools
            ):
                found.setdefault(other.school, []).append(other_id)
        parts += [PlannedPart("proposal", p) for s in schools for p in found.get(s, [])]
        missing = [s for s in schools if s not in found]
        if missing:
            warnings.append(
                Diagnostic(
                    "DOSSIER-MISSING",
                    f"no Tờ trình (kind: proposal) in data/documents/ for {', '.join(missing)}: "
                    "the dossier goes without it",
                    ws.sources[shown].locate(("year",)),
                    Severity.WARNING,
                    hint="add a document of kind: proposal for each of them in data/documents/",
                )
            )
    minutes = _minutes_for(ws, spec_id)
    if minutes:
        parts += [PlannedPart("minutes", m) for m in minutes]
    else:
        warnings.append(
            Diagnostic(
                "DOSSIER-MISSING",
                "no council minutes (kind: minutes) for this dossier: it goes without them",
                Location(shown),
                Severity.WARNING,
                hint="add the Biên bản họp Hội đồng Thi đua - Khen thưởng (kind: minutes)",
            )
        )
    parts.append(PlannedPart("achievements", None))
    if isinstance(spec, AwardDecisionSpec):
        parts.append(PlannedPart("decision_award", spec_id))
    return parts, warnings


def _plan_upward(
    ws: Any, spec_id: str, required: Any
) -> tuple[list[PlannedPart], list[Diagnostic]]:
    """The dossier of an upward proposal: exactly the parts the law in force on its date lists
    (data/law/dossiers.yaml), in that order; a part the workspace lacks stops the dossier,
    named with the article that asks for it and what to add."""
    spec = ws.specs[spec_id]
    shown = ws.spec_display(spec_id)
    level, row = required.level, required.row
    parts: list[PlannedPart] = []
    missing: list[Diagnostic] = []
    # the parts the Tờ trình itself gives (the achievement reports: no spec); else the minutes
    given = {"proposal": spec_id, "achievements": None}
    for i, part in enumerate(row.parts):
        if part.part in given:
            parts.append(PlannedPart(part.part, given[part.part], part.title))
        else:
            minutes = _minutes_for(ws, spec_id)
            if minutes:
                parts += [PlannedPart("minutes", m, part.title) for m in minutes]
                continue
            missing.append(
                Diagnostic(
                    "DOSSIER-MISSING",
                    f"the dossier to {level.name} must hold the {part.title} ({part.source}, "
                    f"{required.where('parts', i)}); the workspace has no minutes (kind: "
                    f"minutes) of campaign '{spec.campaign}', year {spec.year} and award "
                    f"'{spec.award}' held on or before the Tờ trình's date for '{spec.school}'",
                    ws.sources[shown].locate(("award",)),
                    hint="add the minutes of the proposing council's vote to data/documents/ "
                    f"(kind: minutes, campaign: {spec.campaign}, year: {spec.year}, award: "
                    f"{spec.award}, schools: [{spec.school}], dated on or before "
                    f"{spec.date.isoformat()})",
                )
            )
    if missing:
        raise DataError(missing)
    return parts, required.warnings(ws.sources[shown].locate(("award",)))


def _minutes_for(ws: Any, spec_id: str) -> list[str]:
    """The council minutes a decision cites (``minutes:``), or, for a proposal, minutes of the
    same campaign, year and award whose scope holds the proposal's school, held on or before
    the proposal's date (the school's own council: the level above votes after it)."""
    spec = ws.specs[spec_id]
    cited = getattr(spec, "minutes", None)
    if cited is not None:
        # a decision of several awards may follow the minutes of each
        return [str(c) for c in cited] if isinstance(cited, list) else [str(cited)]
    from docgen.awards.kinds.minutes import MinutesSpec

    for other_id, other in sorted(ws.specs.items()):
        if not isinstance(other, MinutesSpec):
            continue
        same = (getattr(other, "campaign", None), getattr(other, "year", None)) == (
            getattr(spec, "campaign", None),
            getattr(spec, "year", None),
        ) and getattr(other, "award", None) == getattr(spec, "award", None)
        scope = getattr(other, "schools", None)
        school = getattr(spec, "school", None)
        if same and (scope is None or school in scope) and other.date <= spec.date:
            return [other_id]
    return []


def with_citations(ws: Any, spec_ids: set[str]) -> set[str]:
    """The specs and every document they cite, however far: a citation needs the cited
    document's number, so it is built first (into the build folder, not into the dossier)."""
    from docgen.data.models import Citation

    todo, done = list(spec_ids), set()
    while todo:
        sid = todo.pop()
        if sid in done or sid not in ws.specs:
            continue
        done.add(sid)
        todo += [b.cite for b in ws.specs[sid].bases or [] if isinstance(b, Citation)]
        cited = getattr(ws.specs[sid], "minutes", None)
        if cited:
            todo += cited if isinstance(cited, list) else [cited]
    return done


def _prepare_folder(folder: Path) -> Path:
    """A fresh staging folder beside ``folder``; ``folder`` must be new, empty, or a dossier
    docgen wrote (which is then replaced as a whole)."""
    if folder.exists():
        if not folder.is_dir():
            raise OutputError(f"{folder} is a file, not a folder", code="DOSSIER-OUT")
        if any(folder.iterdir()) and not (folder / MARKER).exists():
            raise OutputError(
                f"{folder} holds files that are not a dossier docgen wrote; nothing was written",
                code="DOSSIER-OUT",
                hint="choose a new or empty folder for the dossier",
            )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # a folder like any other, not mkdtemp's private one
    return staging


def _swap_in(staging: Path, folder: Path) -> None:
    """Replace ``folder`` by ``staging``: the old dossier is moved aside first and removed
    only once the new one has its name, so a crash leaves one of them whole."""
    (staging / MARKER).write_text("docgen dossier\n", encoding="utf-8")
    sync_folder_filesystem(staging)  # the copies are on disk before the folder gets its name
    old: Path | None = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        folder.rename(old)
    try:
        staging.rename(folder)
    except OSError as exc:
        if old is not None:
            old.rename(folder)
        raise OutputError(f"cannot write {folder}: {exc.strerror}", code="DOSSIER-OUT") from exc
    fsync_dir(folder.parent)  # the new name is durable before the old dossier goes
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def assemble_dossier(
    ws: Any,
    spec_id: str,
    planned: list[PlannedPart],
    built: dict[str, Any],
    folder: Path,
    report: DossierReport,
    *,
    pdf: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> None:
    """Gather the ``built`` documents of the ``planned`` dossier and its achievement reports
    into ``folder`` (replaced as a whole; nothing is left half-written), optionally as one PDF
    too. The documents are built by the caller (docgen.api.make_dossier), through the register."""
    _upward_sets(ws, spec_id, report)
    staging = _prepare_folder(folder)
    try:
        index = 0  # the place of each document (or of the reports' folder) in the dossier
        for part in planned:
            title = part.title or PART_TITLES[part.key]
            if part.spec_id is None:
                reports = staging / f"{index + 1:02d}-bao-cao-thanh-tich"
                files = _achievement_reports(ws, spec_id, reports, report, strict)
                if progress is not None:
                    progress(f"{len(files)} achievement reports")
                if files:
                    index += 1
                    report.parts.append(DossierPart(part.key, title, files))
                continue
            index += 1
            result = built[part.spec_id]
            target = staging / f"{index:02d}-{result.output.name}"
            shutil.copyfile(result.output, target)
            report.parts.append(DossierPart(part.key, title, [target], result.symbol))
        if pdf:
            _merge_pdf(report, staging, spec_id, progress)
        _swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # the parts now live under their final folder
    for done in report.parts:
        done.files = [folder / f.relative_to(staging) for f in done.files]
    if report.pdf is not None:
        report.pdf = folder / report.pdf.relative_to(staging)


def _upward_sets(ws: Any, spec_id: str, report: DossierReport) -> None:
    """An upward proposal's dossier: the level it goes to and the sets the law asks for."""
    from docgen.awards.specs import ProposalSpec
    from docgen.awards.upward import required_dossier

    spec = ws.specs[spec_id]
    if isinstance(spec, ProposalSpec):
        required = required_dossier(ws, spec.award, spec.date)
        if required is not None:
            report.level = required.level.name
            report.copies = required.row.copies.count if required.row.copies else None


def _achievement_reports(
    ws: Any, spec_id: str, folder: Path, report: DossierReport, strict: bool
) -> list[Path]:
    """The achievement report of every nominee of the dossier (of a decision: those it
    awards), in submission order; one that fails to render stops the dossier."""
    from docgen.awards.achievements import make_achievement_reports

    made = make_achievement_reports(ws, spec_id, folder, strict=strict)
    report.warnings += made.warnings
    if made.failed:
        who, why = made.failed[0]
        raise TemplateError(
            f"the achievement report of {who} failed: {why}"
            + (f" (and {len(made.failed) - 1} more)" if len(made.failed) > 1 else ""),
            code="DOSSIER-REPORT",
            location=Location(ws.spec_display(spec_id)),
        )
    return made.written


def _merge_pdf(
    report: DossierReport, staging: Path, spec_id: str, progress: Progress | None
) -> None:
    """One PDF of the whole dossier in order: LibreOffice converts each document (one start),
    then the pages are joined."""
    from pypdf import PdfReader, PdfWriter

    from docgen.documents.pdf import convert_to_pdf

    sources = report.files
    if progress is not None:
        progress(f"PDF ({len(sources)} documents)")
    with tempfile.TemporaryDirectory(prefix="docgen-dossier-pdf-") as tmp:
        # distinct names: LibreOffice names each PDF after its document
        flat = []
        for n, path in enumerate(sources):
            copy = Path(tmp) / "in" / f"{n:04d}.docx"
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, copy)
            flat.append(copy)
        pdfs = convert_to_pdf(flat, Path(tmp) / "pdf")
        writer = PdfWriter()
        for one in pdfs:
            writer.append(PdfReader(str(one)))
        target = staging / f"ho-so-{spec_id}.pdf"
        with open(target, "wb") as handle:
            writer.write(handle)
        report.pdf_pages = len(writer.pages)
    report.pdf = target
