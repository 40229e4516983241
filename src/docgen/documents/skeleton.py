"""``docgen new TYPE``: a commented spec skeleton for any document type, valid as written.

The skeleton names the workspace's first issuer of the chosen system and its head (else a
deputy signing for the head, else its first signer), so ``docgen validate`` accepts it at
once; the clerk then replaces the sample text. What the type requires (Kính gửi, the V/v of a
công văn, a decision's articles) is already in place.
"""

from __future__ import annotations

import datetime as dt
import os

from docgen.data.models import Issuer
from docgen.errors import DocgenError
from docgen.rules import DocumentType, FormatRules, SystemName, signing_rules


def today() -> dt.date:
    """The date a new spec carries: SOURCE_DATE_EPOCH when set (reproducible), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def find_type(rules: FormatRules, name: str) -> DocumentType:
    """A type by its id (``huong_dan``; ``huong-dan`` too)."""
    type_id = name.strip().lower().replace("-", "_")
    found = rules.document_types.get(type_id)
    if found is None:
        known = ", ".join(sorted(rules.document_types))
        raise DocgenError(
            f"unknown document type '{name}' (known: {known})",
            code="NEW-TYPE",
            hint="the types and their names are in src/docgen/rules/document_types.yaml",
        )
    if not found.numbered:
        raise DocgenError(
            f"a {found.text_name.lower()} is not written as a spec: docgen makes it from the "
            "nominees' data, with no number",
            code="NEW-TYPE",
            hint="docgen achievements PROPOSAL_OR_DECISION --out DIR",
        )
    return found


def choose_system(doc_type: DocumentType, system: SystemName | None) -> SystemName:
    """The system asked for, else State when the type exists there, else Party."""
    if system is None:
        return "state" if doc_type.exists_in("state") else "party"
    if not doc_type.exists_in(system):
        other = " and ".join(doc_type.systems)
        raise DocgenError(
            f"{doc_type.text_name} is a {other} document type, not a {system} one",
            code="NEW-TYPE",
            hint=f"use --system {doc_type.systems[0]}",
        )
    return system


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _signer(issuer: Issuer) -> tuple[str, str]:
    """Who signs a new spec, and how (rules/signing.yaml): the head, else a deputy signing
    for the head, else the first signer (whom the clerk replaces)."""
    rules = signing_rules()
    for wanted, authority in (("head", "head"), ("deputy_head", "deputy")):
        for key, signer in issuer.signers.items():
            if rules.position(signer.title, issuer.head_title) == wanted:
                return key, authority
    return next(iter(issuer.signers)), "head"


def skeleton(
    doc_type: DocumentType, issuer: Issuer, spec_id: str, when: dt.date, rules: FormatRules
) -> str:
    """The spec's YAML text: every field commented, sample text a clerk replaces."""
    system = issuer.system
    signer, authority = _signer(issuer)
    name = doc_type.text_name.lower()
    sys = rules.system(system)
    lines = [
        f"# {doc_type.text_name}: a new spec made by `docgen new {doc_type.id}`. Replace the",
        "# sample text, keep the structure; `docgen validate` checks it, `docgen build` makes it.",
        "#",
        "# The body is an outline, numbered by docgen:",
        "#   - a line of text is a paragraph (**bold**, *italic*)",
        "#   - heading: a title, with body: what is under it (headings nest: I. → 1. → 1.1. → a))",
        "#     and text: on the heading's own line, after a colon",
        "#   - points: a list (-); a point with sub-points is {text, points} (+)",
        "#   - table: {columns: [...], rows: [[...], ...], widths_mm: [...], caption: ...}",
        "#   - article: a title, with text: or clauses: [...] (Điều 1., then 1., 2. …)",
        "kind: document",
        f"type: {doc_type.id}  # rules/document_types.yaml: {doc_type.text_name}",
        f"issuer: {issuer.id}  # an id from data/issuers.yaml ({system} format)",
        "number: auto  # the register's next number; or the number itself, e.g. 125",
        f"date: {when.isoformat()}",
    ]
    if doc_type.layout == "letter":
        prefix = sys.element("letter_subject").text or ""
        lines.append(f"# printed under the number, after '{prefix}'")
    lines.append(f"subject: {_quoted(f'nội dung chính của {name} (trích yếu)')}")
    if doc_type.layout == "letter" and system == "state":
        lines.append(
            "# unit: VP  # the drafting unit in the symbol: Số: 125/" + issuer.abbr + "-VP"
        )
    if "addressee" in doc_type.requires or doc_type.layout == "letter":
        lines += [
            "addressee:  # Kính gửi: one name, or a list",
            "  - Tên cơ quan, đơn vị nhận",
        ]
    if doc_type.verb:
        lines += [
            "bases:  # legal bases, each without 'Căn cứ' and the final ';'",
            "  - Luật, nghị định hoặc quyết định làm căn cứ",
            "proposed_by: Chánh Văn phòng  # after 'Theo đề nghị của'",
            f"body:  # the articles after '{doc_type.verb}'",
            "  - article:",
            "    text: Nội dung Điều 1.",
            "  - article:",
            "    text: Quyết định này có hiệu lực kể từ ngày ký.",
        ]
    else:
        lines += [
            "body:",
            f"  - Đoạn mở đầu của {name}.",
            "  - heading: Mục thứ nhất",
            "    body:",
            "      - points:",
            "          - ý thứ nhất;",
            "          - ý thứ hai.",
            "  - heading: Tổ chức thực hiện",
            "    text: đơn vị chủ trì và thời hạn.",
        ]
    archive = "VT, VP" if system == "state" else "VT"
    lines += [
        "signature:",
        f"  signer: {signer}  # a signer of {issuer.id}",
        f"  authority: {authority}  # head, deputy (KT./K/T), on_behalf (TM./T/M), by_order "
        "(TL./T/L); who may sign how: rules/signing.yaml",
        "recipients:  # Nơi nhận; the archive line is added",
        "  - Như trên" if doc_type.layout == "letter" else "  - Các đơn vị có liên quan",
        f"archive: {archive}  # → '- {sys.recipients.archive_prefix}{archive}.'",
        f"output: {spec_id}.docx",
    ]
    return "\n".join(lines) + "\n"
