"""A document's legal bases as printed: text, the law in force on its date, and citations of
other documents of the workspace taken from the register."""

from __future__ import annotations

from docgen.data.models import Basis, Citation, LawCitation
from docgen.data.workspace import Workspace
from docgen.documents.context import citation_text, issuer_title
from docgen.documents.kinds import kind_of
from docgen.errors import DocgenError, RegisterError
from docgen.register import Register
from docgen.rules import load_rules


def resolve_bases(ws: Workspace, spec_id: str, register: Register) -> list[str]:
    """The legal bases as text; a citation of another spec takes its number, date and
    subject from the register, so it can never disagree with the cited document."""
    spec = ws.specs[spec_id]
    rules = load_rules()
    given = spec.bases
    raw: list[Basis] = list(given) if given is not None else kind_of(spec).default_bases(ws, spec)
    fixed = spec.corrects
    if fixed is not None and not any(
        isinstance(b, Citation) and b.cite == fixed.document for b in raw
    ):  # a correcting document cites what it corrects, after the legal bases
        raw.append(Citation(cite=fixed.document))
    out: list[str] = []
    for i, basis in enumerate(raw):
        if isinstance(basis, str):
            out.append(basis)
            continue
        if isinstance(basis, LawCitation):
            out.append(law_citation(ws, spec_id, basis))
            continue
        cited = ws.specs.get(basis.cite)
        source = ws.sources[ws.spec_display(spec_id)]
        where = (
            source.locate(("bases", i, "cite"))
            if given is not None and i < len(given)
            else source.locate(("corrects", "document"))
        )
        if cited is None:
            raise DocgenError(
                f"'{basis.cite}' is not a document spec of this workspace",
                code="DATA-REF",
                location=where,
            )
        entry = register.get_by_spec(ws.spec_display(basis.cite))
        if entry is None:
            raise RegisterError(
                f"cites {basis.cite}, which has no number in the register yet",
                code="REGISTER-CITE",
                location=where,
                hint=f"build {ws.spec_display(basis.cite)} first (docgen build does it in order)",
            )
        by = basis.by or issuer_title(ws.issuers[cited.issuer])
        cited_type = kind_of(cited).document_type(cited, rules)
        out.append(citation_text(cited_type.text_name, entry, by))
    return out


def replaced_citation(ws: Workspace, spec_id: str, register: Register) -> str | None:
    """The citation of the document a replacing one (corrects: how: thay_the) replaces."""
    fixed = ws.specs[spec_id].corrects
    if fixed is None or fixed.how != "thay_the" or fixed.document not in ws.specs:
        return None
    entry = register.get_by_spec(ws.spec_display(fixed.document))
    if entry is None:
        return None  # the register refuses the number first (REGISTER-CORRECTS)
    cited = ws.specs[fixed.document]
    cited_type = kind_of(cited).document_type(cited, load_rules())
    return citation_text(cited_type.text_name, entry, issuer_title(ws.issuers[cited.issuer]))


def law_citation(ws: Workspace, spec_id: str, basis: LawCitation) -> str:
    """The decree (or the Law) in force on the document's date, as its basis line."""
    spec = ws.specs[spec_id]
    table = ws.law.table_on(spec.date) if ws.law is not None else None
    if table is None:  # validation reports it first, with the document's date
        raise DocgenError(
            f"no decree table is in force on {spec.date.strftime('%d/%m/%Y')}",
            code="DATA-LAW-DATE",
            location=ws.sources[ws.spec_display(spec_id)].locate(("date",)),
        )
    return (table.data.decree if basis.law == "decree" else table.data.act).text
