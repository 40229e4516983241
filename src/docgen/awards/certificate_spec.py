"""A batch of certificates as the clerk writes it (data/certificates/*.yaml): loaded, checked
against the workspace, and its reason rendered within the limits of an expression in data."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from docgen.awards.specs import AwardDecisionSpec
from docgen.data.loader import Source, load_yaml
from docgen.data.models import CertificateSpec
from docgen.data.period import year_words
from docgen.data.workspace import Workspace, display_path, validate
from docgen.documents.expressions import render_expression
from docgen.errors import DataError, DocgenError, Location


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
    certificate_reason(ws, spec, source.locate(("reason",)))  # refused here, at its line
    certificate_part(ws, spec, ws.specs[spec.decision], source)
    return spec


def certificate_part(
    ws: Workspace, spec: CertificateSpec, decision: object, source: Source | None = None
) -> AwardDecisionSpec:
    """The award of the decision whose certificates the batch prints, as a decision of that
    award alone: the decision's one award, or, of a decision's several awards, the one the
    batch names (``award:``; each award has its own certificate and book)."""
    from docgen.awards.kinds.minutes import decision_parts

    assert isinstance(decision, AwardDecisionSpec)
    parts = {part.award: part for part in decision_parts(ws, decision)}
    where = source.locate(("award",) if spec.award else ("decision",)) if source else None
    if spec.award is None and len(parts) > 1:
        raise DocgenError(
            f"the decision '{spec.decision}' gives several awards ({', '.join(map(str, parts))}): "
            "say whose certificates this batch prints",
            code="DATA-MISSING",
            location=where,
            hint="add 'award: <id>' (one batch of certificates per award)",
        )
    if spec.award is not None and spec.award not in parts:
        raise DocgenError(
            f"the decision '{spec.decision}' does not give the award '{spec.award}' (it gives: "
            f"{', '.join(map(str, parts))})",
            code="DATA-REF",
            location=where,
        )
    return parts[spec.award] if spec.award is not None else next(iter(parts.values()))


def certificate_reason(ws: Workspace, spec: CertificateSpec, where: Location) -> str:
    """The reason printed on every certificate, as text: the clerk's expression rendered
    within limits (documents.expressions), its errors located at ``where``."""
    decision = ws.specs[spec.decision]
    assert isinstance(decision, AwardDecisionSpec)
    # ``year``: 2025, or a period 2019-2025; ``when``: "năm 2025", "giai đoạn 2019 - 2025"
    context = {
        "campaign": ws.campaigns[decision.campaign],
        "year": decision.year,
        "when": year_words(decision.year),
    }
    rendered = render_expression(spec.reason, context, where, "the reason: {}")
    # the one (autoescaping) environment escapes the campaign's name for markup; the reason is
    # text, escaped once more as XML where the certificate prints it: back to text here, so
    # that "&" and '"' print as themselves, not as &amp; and &#34;
    return str(Markup(rendered).unescape())
