"""A spec's signer checked against who may sign how (rules/signing.yaml), and its citations
against the workspace's specs: found by ``docgen validate``, before anything is numbered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.data.extensions import kinds
from docgen.data.models import Citation, Issuer, SpecBase
from docgen.errors import Problems
from docgen.rules import (
    SignedDocument,
    SigningForm,
    SigningRules,
    SystemName,
    load_rules,
    signing_rules,
)

if TYPE_CHECKING:
    from docgen.data.loader import Source
    from docgen.data.workspace import Workspace


def signature_problem(
    rules: SigningRules,
    *,
    authority: str,
    title: str,
    head_title: str,
    system: SystemName,
    kind: str,
    type_id: str,
) -> tuple[str, SigningForm | SignedDocument] | None:
    """Why a signer of ``title`` may not sign a document of ``kind``/``type_id`` of an issuer
    of ``system`` whose head is ``head_title`` under ``authority``, with the source of the
    rule (its row of rules/signing.yaml); None when the rules allow it."""
    form = next((f for key, f in rules.forms.items() if key == authority), None)
    if form is None:  # the spec's model admits only the forms of the table
        return None
    if system not in form.systems:
        have = ", ".join(f.name for f in rules.forms.values() if system in f.systems)
        label = load_rules().system(system).label
        message = (
            f"authority '{authority}' ({form.name}) has no form in {label} documents "
            f"(they are signed: {have})"
        )
        return message, form
    position = rules.position(title, head_title)
    if position not in form.positions:
        allowed = "; ".join(rules.position_name(p, head_title) for p in form.positions)
        message = (
            f"'{title}' is {rules.position_name(position, head_title)}: authority "
            f"'{authority}' ({form.name}) is signed by {allowed}"
        )
        return message, form
    for key in form.not_for:
        document = rules.documents[key]
        if document.holds(kind, type_id):
            message = (
                f"authority '{authority}' ({form.name}) may not sign this document: {document.name}"
            )
            return message, document
    return None


def check_signature(spec: SpecBase, issuer: Issuer, src: Source, problems: Problems) -> None:
    """The spec's signer may sign it under its authority (rules/signing.yaml)."""
    signature = spec.signature
    if signature is None or signature.signer not in issuer.signers:
        return  # no signature of the issuer's, or an unknown signer (reported already)
    reference = issuer.head_title
    if signature.authority in ("deputy", "acting") and signature.on_behalf_of:
        reference = signature.on_behalf_of  # KT. CHỦ TỊCH HỘI ĐỒNG: a deputy of that title
    found = signature_problem(
        signing_rules(),
        authority=signature.authority,
        title=issuer.signers[signature.signer].title,
        head_title=reference,
        system=issuer.system,
        kind=spec.kind,
        type_id=kinds()[spec.kind].document_type_id(spec),
    )
    if found is not None:
        message, rule = found
        hint = f"sign it as the rules allow ({rule.source}; rules/signing.yaml)"
        if not rule.confirmed:
            hint = (
                f"sign it as the rules allow ({rule.source}; rules/signing.yaml; the rule is "
                "not confirmed from the legal text yet)"
            )
        problems.add("DATA-SIGNER", message, src.locate(("signature", "authority")), hint=hint)


def check_citations(ws: Workspace, spec_id: str, spec: SpecBase, problems: Problems) -> None:
    """Every ``cite:`` of the spec's bases names another document spec of the workspace, dated
    no later than the spec, and no chain of citations comes back to it (a spec whose file
    failed to load is reported there, not again here)."""
    src = ws.sources[ws.spec_display(spec_id)]
    circle_told = False
    for i, basis in enumerate(spec.bases or []):
        if not isinstance(basis, Citation):
            continue
        where = src.locate(("bases", i, "cite"))
        cited = ws.specs.get(basis.cite)
        if basis.cite == spec_id:
            problems.add("DATA-CITE", "a document cannot cite itself", where)
        elif cited is None:
            if (ws.data_dir / "documents" / f"{basis.cite}.yaml").is_file():
                continue  # its own errors are reported
            problems.add(
                "DATA-REF",
                f"'{basis.cite}' is not a document spec of this workspace",
                where,
                hint="cite a spec by its file name in data/documents/, without .yaml",
            )
        elif cited.date > spec.date:
            problems.add(
                "DATA-CITE",
                f"'{basis.cite}' is dated {cited.date:%d/%m/%Y}, after this document "
                f"({spec.date:%d/%m/%Y}), which cannot cite it",
                where,
            )
        elif not circle_told and _cites(ws, basis.cite, spec_id):
            # one report a circle, at its first spec; a circle over several dates has a
            # citation of a later document, reported as such
            circle = {s for s in _reached(ws, spec_id) if _cites(ws, s, spec_id)}
            if spec_id != min(circle) or len({ws.specs[s].date for s in circle}) > 1:
                continue
            circle_told = True
            problems.add(
                "DATA-CITE",
                f"'{basis.cite}' cites this document in turn (directly or through others): "
                "neither can be numbered first",
                where,
            )


def _reached(ws: Workspace, start: str) -> set[str]:
    """The specs ``start`` cites, directly or through the documents it cites (with itself)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        current = todo.pop()
        if current in seen or current not in ws.specs:
            continue
        seen.add(current)
        todo += [b.cite for b in ws.specs[current].bases or [] if isinstance(b, Citation)]
    return seen


def _cites(ws: Workspace, start: str, target: str) -> bool:
    """Whether ``start`` cites ``target``, directly or through the documents it cites."""
    return any(
        isinstance(b, Citation) and b.cite == target
        for s in _reached(ws, start)
        for b in ws.specs[s].bases or []
    )
