"""Library entry points the CLI and the tests call: validate, build, render."""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.awards.dossier import DossierReport, assemble_dossier, plan_dossier, with_citations
from docgen.awards.given import awards_given
from docgen.awards.history import register_in_use
from docgen.crash import crash_point
from docgen.data.models import Citation
from docgen.data.places import guard_output_dir
from docgen.data.workspace import Workspace, campaign_of, display_path, load_workspace
from docgen.documents.bases import replaced_citation, resolve_bases
from docgen.documents.issued import (
    Kept,
    guard_foreign,
    guard_hand_edits,
    keep_issued,
)
from docgen.documents.kinds import RenderJob, kind_of
from docgen.documents.stamp import Stamp
from docgen.documents.text_width import NameCutWarning
from docgen.errors import (
    Diagnostic,
    DocgenError,
    Location,
    OutputError,
    RegisterError,
    Severity,
)
from docgen.i18n import code, message
from docgen.output import (
    discard_stale_staged,
    place_staged,
    stage_file,
    write_atomic,
)
from docgen.register import (
    IssueRequest,
    Register,
    open_register,
    register_exists,
)
from docgen.register.gap_warning import gap_warning
from docgen.rules import SystemName, load_rules

if TYPE_CHECKING:
    from docgen.awards.achievements import AchievementReport


@dataclass
class BuiltDocument:
    spec: str  # the spec file, relative to the workspace
    output: Path
    symbol: str | None = None
    sha256: str | None = None
    error: DocgenError | None = None
    notes: list[Diagnostic] = field(default_factory=list)  # warnings about this document

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BuildReport:
    documents: list[BuiltDocument] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[Diagnostic] = field(default_factory=list)  # the data's, from validation

    @property
    def written(self) -> list[BuiltDocument]:
        return [d for d in self.documents if d.ok]

    @property
    def failed(self) -> list[BuiltDocument]:
        return [d for d in self.documents if not d.ok]


Progress = Callable[[BuiltDocument], None]


def validate_workspace(root: Path, register: str | None = None) -> Workspace:
    """Load and check all data (with the awards the register holds, see ``register_target``);
    raises DataError with every problem found."""
    return load_workspace(root, register)


def _name_cuts(caught: list[warnings.WarningMessage], source: Path | str) -> list[Diagnostic]:
    """The names a document's titles had to cut (documents.text_width), as the clerk's warnings
    on its spec file; other warnings go on to Python's handlers as before."""
    found = []
    for w in caught:
        if isinstance(w.message, NameCutWarning):
            found.append(
                Diagnostic(
                    "TITLE-NAME-CUT", str(w.message), Location(str(source)), Severity.WARNING
                )
            )
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return list(dict.fromkeys(found))


def register_warnings(ws: Workspace, target: str | None = None) -> list[Diagnostic]:
    """What ``docgen validate`` warns about in the register, when it exists (it is not
    created): the numbers left "bỏ trống" by a number given by hand, each at the ``number``
    of the document that skipped them."""
    chosen = register_target(ws, target)
    try:
        if not register_exists(chosen):
            return []
        gaps = open_register(chosen, workspace=ws.identity).gaps()
    except RegisterError as exc:
        return [
            Diagnostic(
                exc.code,
                f"the register was not checked for numbers bỏ trống: {exc.message}",
                severity=Severity.WARNING,
            )
        ]
    found: list[Diagnostic] = []
    for gap in gaps:
        above = gap.above
        source = ws.sources.get(above.spec)  # the spec, when it is one of this workspace
        where = source.locate(("number",)) if source is not None else Location(above.spec)
        found.append(gap_warning(gap, where))
    return found


def issue_request(ws: Workspace, spec_id: str) -> IssueRequest:
    """What the spec asks of the register."""
    spec = ws.specs[spec_id]
    issuer = ws.issuers[spec.issuer]
    kind = kind_of(spec)
    return IssueRequest(
        issuer=issuer.id,
        issuer_abbr=kind.symbol_issuer(spec, issuer),
        system=issuer.system,
        kind=kind.document_type_id(spec),  # the register book prints the type's name
        type_abbr=kind.type_abbr(spec, issuer, load_rules()),
        date=spec.date,
        subject=spec.subject.replace("\n", " "),
        signer=kind.signer_name(ws, spec),
        recipients=spec.recipients,
        spec=ws.spec_display(spec_id),
        number=None if spec.number == "auto" else spec.number,
        corrects=ws.spec_display(spec.corrects.document) if spec.corrects else None,
        correction=spec.corrects.how if spec.corrects else None,
        reason=spec.corrects.reason if spec.corrects else None,
        awards=awards_given(ws, spec_id),  # an award decision's awards, kept on issue
    )


def _context(
    ws: Workspace, spec_id: str, symbol: str, bases: list[str], replaces: str | None = None
) -> dict[str, Any]:
    spec = ws.specs[spec_id]
    job = RenderJob(
        ws=ws,
        spec_id=spec_id,
        spec=spec,
        issuer=ws.issuers[spec.issuer],
        campaign=campaign_of(ws, spec),
        rules=load_rules(),
        symbol=symbol,
        bases=bases,
        replaces=replaces,
    )
    return kind_of(spec).context(job)


def render_spec(
    ws: Workspace, spec_id: str, out_dir: Path, register: Register, *, force: bool = False
) -> BuiltDocument:
    """Number (through the register), render and write one spec into ``out_dir``.

    Number, then file: the document is written under a temporary name, its number and what
    it says are committed in the register, and only then does it take its name; a crash in
    between leaves the number unissued and no file under the name, or both (the next build
    puts the register's copy back under its name). An issued document is never rewritten:
    a rebuild whose data would change it keeps the issued one and says what would change.
    A document edited by hand since docgen wrote it is kept unless ``force``. Errors are
    returned on the result.
    """
    # the rendering stages, imported by the commands that render (not by validate or the
    # certificates' fast path)
    from docgen.documents.render import render_docx
    from docgen.documents.template_check import check_template
    from docgen.documents.templates import jinja_env

    spec = ws.specs[spec_id]
    shown = ws.spec_display(spec_id)
    target = out_dir / spec.output
    result = BuiltDocument(spec=shown, output=target)
    staged: Path | None = None
    try:
        guard_output_dir(ws, out_dir, target)
        issuer = ws.issuers[spec.issuer]
        template = ws.templates_dir / kind_of(spec).template(spec, issuer)
        if not force:
            guard_hand_edits(ws, shown, target, register)
        guard_foreign(ws, target, register)
        bases = resolve_bases(ws, spec_id, register)
        with register.issue(issue_request(ws, spec_id), issuer.numbering) as slot:
            context = _context(
                ws, spec_id, slot.symbol, bases, replaced_citation(ws, spec_id, register)
            )
            images = context.pop("_images", None)
            # every value, field, filter and tag the template uses, before rendering: a
            # problem names the template's paragraph (and the number is not kept)
            check_template(
                template,
                display_path(ws.root, template),
                {**context, **(images or {})},
                jinja_env(),
            )
            data = render_docx(
                template,
                context,
                record=shown,
                shown=display_path(ws.root, template),
                images=images,
                stamp=Stamp(register.identity, ws.identity, slot.entry_id, slot.symbol),
            )
            kept = Kept(data)
            if slot.rebuilt:
                kept = keep_issued(ws, shown, register, slot, target, data)
                result.notes.extend(kept.notes)
            if kept.data is not None:
                staged, digest = stage_file(target, kept.data)
                slot.complete(display_path(ws.root, target), digest, document=kept.data)
            else:
                digest = slot.issued_sha256 or ""
        if staged is not None:
            crash_point("file-rename")
            place_staged(staged, target)
            staged = None
        result.sha256 = digest
        result.symbol = slot.symbol
    except RegisterError as exc:
        if exc.location is None:
            # a clash is about the number; a rebind about what moved the spec (its date)
            where: tuple[str, ...] = ("date",) if exc.code == "REGISTER-REBIND" else ("number",)
            if exc.code == "REGISTER-CORRECTS":
                where = ("corrects", "document")
            exc.location = ws.sources[shown].locate(where)
        result.error = exc
    except DocgenError as exc:
        if exc.location is None:
            exc.location = Location(shown)
        result.error = exc
    finally:
        if staged is not None:  # the number was not kept: neither is the file
            staged.unlink(missing_ok=True)
    return result


def build_order(ws: Workspace) -> list[str]:
    """Spec ids by date (then id), with every cited document before the documents citing it.

    Numbers are taken in this order, so within each series they follow the dates, as a
    "sổ đăng ký văn bản đi" does; a cited document is dated before the one citing it.
    """
    done: list[str] = []
    visiting: set[str] = set()

    def visit(spec_id: str) -> None:
        if spec_id in done or spec_id in visiting:
            return  # a citation cycle is reported when the citing document renders
        visiting.add(spec_id)
        for basis in ws.specs[spec_id].bases or []:
            if isinstance(basis, Citation) and basis.cite in ws.specs:
                visit(basis.cite)
        fixed = ws.specs[spec_id].corrects
        if fixed is not None and fixed.document in ws.specs:
            visit(fixed.document)
        visiting.discard(spec_id)
        done.append(spec_id)

    for spec_id in sorted(ws.specs, key=lambda s: (ws.specs[s].date, s)):
        visit(spec_id)
    return done


def series_of(ws: Workspace, spec_id: str) -> str | None:
    """The register series a spec is numbered in; None when its date fits no term (the
    register reports that when the spec is numbered)."""
    spec = ws.specs[spec_id]
    issuer = ws.issuers[spec.issuer]
    try:
        return issuer.numbering.series_key(
            issuer.id, spec.date, kind_of(spec).type_abbr(spec, issuer, load_rules())
        )
    except DocgenError:
        return None


@dataclass(frozen=True)
class _Failed:
    spec: str  # as shown
    date: dt.date


def _held_back(
    ws: Workspace, spec_id: str, failed: dict[str, _Failed], register: Register
) -> RegisterError | None:
    """A spec without a number, dated after a document of its series that failed to get one
    in this build, waits: numbering it first would leave the failed document no number in
    date order once it is fixed."""
    series = series_of(ws, spec_id)
    earlier = failed.get(series) if series is not None else None
    spec = ws.specs[spec_id]
    shown = ws.spec_display(spec_id)
    if earlier is None or spec.date <= earlier.date or register.get_by_spec(shown) is not None:
        return None
    return RegisterError(
        f"not numbered in this build: {earlier.spec}, dated {earlier.date:%d/%m/%Y} in the same "
        f"series {series}, failed; numbering this document first would leave that one no "
        "number in date order",
        code="REGISTER-HELD",
        location=ws.sources[shown].locate(("date",)),
        hint=f"fix {earlier.spec} and build again",
    )


def register_target(ws: Workspace, target: str | None = None) -> str:
    """The register named on the command line, in DOCGEN_REGISTER, in data/settings.yaml, or
    register.sqlite in the workspace — in that order."""
    return register_in_use(ws, target)


def open_workspace_register(
    ws: Workspace, target: str | None = None, *, numbering: bool = False
) -> Register:
    """The workspace's register (see ``register_target``), migrated if needed; it must exist
    (docgen register init makes it). ``numbering``: the caller takes numbers, which needs the
    workspace's identity (data/settings.yaml ``workspace``)."""
    if numbering and not ws.identity:
        raise DocgenError(
            "this workspace has no identity in data/settings.yaml (workspace: …), so the "
            "register cannot tell its documents from another workspace's",
            code="WORKSPACE-IDENTITY",
            location=Location("data/settings.yaml"),
            hint="run docgen register init: it gives the workspace an identity (and creates "
            "the register if there is none)",
        )
    return open_register(register_target(ws, target), workspace=ws.identity)


def _withdraw_voided(ws: Workspace, book: Register, report: BuildReport) -> dict[str, OutputError]:
    """Move the files of voided numbers still among the outputs into the voided folder (a
    void whose move failed: issue 23, case 6). A spec whose voided file could not be moved is
    not built: its new document would overwrite the voided one."""
    from docgen.register.withdrawal import withdraw_pending

    stuck: dict[str, OutputError] = {}
    for done in withdraw_pending(book, ws.root):
        symbol = done.entry.symbol
        if done.moved:
            report.warnings.append(
                Diagnostic(
                    "REGISTER-WITHDRAW",
                    f"the file of the voided {symbol} was still among the outputs: "
                    f"{done.source} is now {done.target}",
                    Location(done.source),
                    Severity.WARNING,
                )
            )
        elif done.target is None:
            stuck[done.entry.spec] = OutputError(
                f"the file of the voided {symbol} is still {done.source} (it could not be "
                f"moved: {done.error}); building would overwrite it",
                code="REGISTER-WITHDRAW",
                location=Location(done.entry.spec),
                hint="free the file (close it in Word, check the folder's rights), then build "
                "again",
            )
    return stuck


def build(
    root: Path,
    out_dir: Path | None = None,
    *,
    only: list[str] | None = None,
    progress: Progress | None = None,
    register: str | None = None,
    force: bool = False,
    ws: Workspace | None = None,
) -> BuildReport:
    """Validate everything, then number and render every spec (or ``only`` these spec ids).
    ``ws``: the workspace already loaded (the web app's, its broken documents set aside)."""
    started = time.perf_counter()
    # raises DataError before anything is written or numbered
    ws = ws if ws is not None else load_workspace(root, register)
    out = out_dir if out_dir is not None else root / "output"
    guard_output_dir(ws, out)
    book = open_workspace_register(ws, register, numbering=True)
    if out.is_dir():
        discard_stale_staged(out)
    report = BuildReport(warnings=list(ws.warnings))
    stuck = _withdraw_voided(ws, book, report)
    failed: dict[str, _Failed] = {}  # series → its earliest document that got no number
    for spec_id in build_order(ws):
        if only is not None and spec_id not in only:
            continue
        held = stuck.get(ws.spec_display(spec_id)) or _held_back(ws, spec_id, failed, book)
        if held is not None:
            spec = ws.specs[spec_id]
            built = BuiltDocument(ws.spec_display(spec_id), out / spec.output, error=held)
        else:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", NameCutWarning)
                built = render_spec(ws, spec_id, out, book, force=force)
            report.warnings.extend(_name_cuts(caught, ws.spec_display(spec_id)))
            report.warnings.extend(built.notes)
        if not built.ok:
            series = series_of(ws, spec_id)
            if series is not None and series not in failed and book.get_by_spec(built.spec) is None:
                failed[series] = _Failed(built.spec, ws.specs[spec_id].date)
        report.documents.append(built)
        if progress is not None:
            progress(built)
    report.seconds = time.perf_counter() - started
    return report


def achievement_reports(
    ws: Workspace,
    spec: str | Path,
    out_dir: Path,
    *,
    strict: bool = False,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AchievementReport:
    """The achievement report (Báo cáo thành tích) of every nominee of a proposal or an award
    decision (``spec``: its path or its id), one .docx each, into ``out_dir``. The report's
    ``written`` lists the files in the order a dossier submits them: collectives, then
    individuals, in the order of the proposal or the decision. Data problems raise DataError
    before anything is written; ``strict`` makes a nominee without details one of them."""
    from docgen.awards.achievements import make_achievement_reports, resolve_spec

    guard_output_dir(ws, out_dir)
    spec_id = resolve_spec(ws, spec)
    return make_achievement_reports(
        ws, spec_id, out_dir, strict=strict, workers=workers, progress=progress
    )


def spec_id_for(ws: Workspace, spec_file: Path) -> str:
    """The id of a spec given by its path (from here or from the workspace's root) or by its
    id; it must be one of the workspace's specs."""
    if spec_file.suffix == "" and str(spec_file) in ws.specs:
        return str(spec_file)
    tried = [spec_file] if spec_file.is_absolute() else [spec_file, ws.root / spec_file]
    paths = {path.resolve(): spec_id for spec_id, path in ws.spec_paths.items()}
    for candidate in tried:
        found = paths.get(candidate.resolve())
        if found is not None:
            return found
    raise DocgenError(
        f"{spec_file} is not a document spec of this workspace (they live in data/documents/)",
        code="SPEC-UNKNOWN",
    )


def new_spec(
    root: Path, type_name: str, system: SystemName | None = None, target: Path | None = None
) -> tuple[str, Path | None]:
    """A commented spec skeleton for a document type, valid as written; written to ``target``
    (a new file, never one that exists) when given. Returns the text and where it went."""
    from docgen.data.workspace import load_issuers
    from docgen.documents.skeleton import choose_system, find_type, skeleton, today

    rules = load_rules()
    doc_type = find_type(rules, type_name)
    chosen = choose_system(doc_type, system)
    issuers = [i for i in load_issuers(root).values() if i.system == chosen]
    if not issuers:
        raise DocgenError(
            f"no {chosen} issuer in data/issuers.yaml to issue a {doc_type.text_name.lower()}",
            code="NEW-ISSUER",
            location=Location("data/issuers.yaml"),
            hint=message("add an issuer with 'system: {system}' first", system=code(chosen)),
        )
    spec_id = target.stem if target is not None else f"{doc_type.id.replace('_', '-')}-moi"
    text = skeleton(doc_type, issuers[0], spec_id, today(), rules)
    if target is None:
        return text, None
    if target.suffix != ".yaml":
        raise OutputError(f"{target}: a spec is a .yaml file", code="OUTPUT-NAME")
    if target.exists():
        raise OutputError(
            f"{target} exists; docgen new never overwrites a file",
            code="OUTPUT-EXISTS",
            hint="choose another name",
        )
    write_atomic(target, text.encode("utf-8"))
    return text, target


def make_dossier(
    root: Path,
    spec_file: Path,
    folder: Path,
    *,
    build_dir: Path | None = None,
    pdf: bool = False,
    strict: bool = False,
    register: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> DossierReport:
    """Build every document of the dossier of ``spec_file`` as ``docgen build`` does (same
    numbers, same files in the build folder) and gather them into ``folder``
    (docgen.awards.dossier), optionally as one PDF too."""
    started = time.perf_counter()
    ws = load_workspace(root, register)
    spec_id = spec_id_for(ws, spec_file)
    planned, warnings = plan_dossier(ws, spec_id)
    out = build_dir if build_dir is not None else root / "output"
    guard_output_dir(ws, out)
    guard_output_dir(ws, folder)
    report = DossierReport(folder=folder, warnings=[*ws.warnings, *warnings])
    book = open_workspace_register(ws, register, numbering=True)
    built: dict[str, Any] = {}
    wanted = with_citations(ws, {p.spec_id for p in planned if p.spec_id is not None})
    for sid in build_order(ws):  # numbers in date order, cited documents first
        if sid in wanted:
            result = render_spec(ws, sid, out, book)
            if result.error is not None:
                raise result.error
            built[sid] = result
            if progress is not None:
                progress(result.output.name)
    assemble_dossier(
        ws, spec_id, planned, built, folder, report, pdf=pdf, strict=strict, progress=progress
    )
    report.seconds = time.perf_counter() - started
    return report


def record_act(
    root: Path,
    register: str | None,
    action: str,
    *,
    detail: str = "",
    spec: str | None = None,
) -> bool:
    """Log, in the workspace's register (see ``register_target``), an act the register does
    not see by itself: a build's summary, a batch of certificates, an import, a change of the
    web app's users. A workspace with no register yet has nowhere to log it: False."""
    from docgen.data.places import workspace_settings

    ws = workspace_settings(root)
    target = register_in_use(ws, register)
    if not register_exists(target):
        return False
    try:
        book = open_register(target, workspace=ws.identity)
    except RegisterError as exc:
        if exc.code == "REGISTER-MISSING":
            return False
        raise
    book.record(action, detail=detail, spec=spec)
    return True
