"""Turns validated records into the values a template sees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docgen.data.models import Campaign, Issuer, Signature, SpecBase
from docgen.documents.text_width import balance
from docgen.register import Entry
from docgen.register.symbols import number_line
from docgen.rules import FormatRules, SystemRules
from docgen.vn.dates import date_line, short_date

if TYPE_CHECKING:
    from docgen.data.workspace import Workspace


@dataclass(frozen=True)
class SignatureBlock:
    """The lines of the signature block (format.md "Signature block and recipients")."""

    authority_line: str  # "K/T GIÁM ĐỐC", or the head's own title when the head signs
    title_line: str | None  # "PHÓ GIÁM ĐỐC" under a K/T, T/M… line
    name: str


def signature_block(issuer: Issuer, signature: Signature, sys: SystemRules) -> SignatureBlock:
    signer = issuer.signers[signature.signer]
    if signature.authority == "head":
        return SignatureBlock(signer.title.upper(), None, signer.name)
    prefix = sys.authority_prefixes.get(signature.authority)
    if prefix is None:
        known = ", ".join(sorted(sys.authority_prefixes))
        raise ValueError(f"authority '{signature.authority}' has no form in this system ({known})")
    whom = (signature.on_behalf_of or issuer.head_title).upper()
    if signature.authority == "acting":
        # Q. GIÁM ĐỐC: the acting head signs under the head's title alone
        return SignatureBlock(f"{prefix} {whom}", None, signer.name)
    return SignatureBlock(f"{prefix} {whom}", signer.title.upper(), signer.name)


def issuer_title(issuer: Issuer) -> str:
    """Who issues, in running text: "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"."""
    return f"{issuer.head_title} {issuer.name}"


def citation_text(type_name: str, entry: Entry, by: str) -> str:
    """``Kế hoạch số 1247-KH/HVCTQG ngày 09/9/2022 của … về …`` from the register's entry."""
    subject = " ".join(entry.subject.split())
    if not subject.lower().startswith("về "):
        subject = "về " + subject[:1].lower() + subject[1:]
    else:  # "Về việc …" as a title: inside a sentence, "về việc …"
        subject = "v" + subject[1:]
    day = short_date(entry.date)
    return f"{type_name} số {entry.symbol} ngày {day} của {by} {subject}"


def issuer_names(issuer: Issuer) -> list[str]:
    """The names an issuer's documents print: its name, its header and parent lines, each
    alone and joined, and its signers."""
    return [
        issuer.name,
        *issuer.header,
        " ".join(issuer.header),
        *issuer.parent,
        " ".join(issuer.parent),
        *(s.name for s in issuer.signers.values()),
    ]


def workspace_names(ws: Workspace) -> tuple[str, ...]:
    """The workspace's own names no balanced line may break inside (documents.text_width):
    its issuers and their parents, schools, campaigns (the quoted name of a phong trào) and
    people (signers, individual nominees); the known names of rules/proper_names.yaml are
    added by the balancing itself. Computed once per workspace."""
    found = ws.derived.get("known_names")
    if found is None:
        names = [n for issuer in ws.issuers.values() for n in issuer_names(issuer)]
        if ws.schools is not None:
            names += [school.name for school in ws.schools.schools.values()]
        if ws.bodies is not None:
            names += [body.name for body in ws.bodies.bodies.values()]
        names += [campaign.name for campaign in ws.campaigns.values()]
        names += [p.name for proposal in ws.proposals.values() for p in proposal.individuals]
        found = ws.derived["known_names"] = tuple(dict.fromkeys(n for n in names if n.strip()))
    return tuple(found)


def document_context(
    spec: SpecBase,
    issuer: Issuer,
    campaign: Campaign | None,
    rules: FormatRules,
    symbol: str,
    bases: list[str],
    names: Sequence[str] = (),
) -> dict[str, Any]:
    """What every document shows: header block, number, date, bases, authority, signature.
    ``names`` are the workspace's names no title line may break inside (workspace_names);
    the issuer's and the campaign's are added here."""
    sys = rules.system(issuer.system)
    names = (*names, *issuer_names(issuer), *([campaign.name] if campaign else []))
    return {
        "issuer": issuer,
        "campaign": campaign,
        "spec": spec,
        "symbol": symbol,
        "number_line": number_line(issuer.system, symbol),
        "date_line": date_line(issuer.place, spec.date, pad=issuer.pad_dates),
        # the trích yếu in even lines, no name cut (docgen.documents.text_width)
        "subject": balance(spec.subject, "subject", issuer.system, names=names),
        # for the templates' balance filter (documents.templates) and the header lines
        "known_names": names,
        "bases": bases,
        "authority_line": issuer_title(issuer).upper(),
        "issuer_title": issuer_title(issuer),
        # None for a document signed otherwise (a council's minutes: its secretary and chair)
        "signature": signature_block(issuer, spec.signature, sys) if spec.signature else None,
        "recipients": spec.recipients,
        "archive": spec.archive,
        "content_end": sys.content_end,
    }
