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
from docgen.i18n import code, message
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
            hint=message("use --system {system}", system=code(doc_type.systems[0])),
        )
    return system


# the system a format belongs to, as the skeleton's comment names it
_SYSTEM = {"state": "thể thức văn bản hành chính nhà nước", "party": "thể thức văn bản của Đảng"}


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
    """The spec's YAML text: every field commented (in Vietnamese: the clerk edits this file),
    sample text a clerk replaces."""
    system = issuer.system
    signer, authority = _signer(issuer)
    name = doc_type.text_name.lower()
    sys = rules.system(system)
    lines = [
        f"# {doc_type.text_name}: tệp khai báo mới do lệnh `docgen new {doc_type.id}` tạo ra.",
        "# Hãy thay phần chữ mẫu, giữ nguyên cấu trúc; `docgen validate` kiểm tra tệp,",
        "# `docgen build` tạo văn bản.",
        "#",
        "# Phần nội dung (body) là một dàn ý, docgen tự đánh số:",
        "#   - một dòng chữ là một đoạn văn (**đậm**, *nghiêng*)",
        "#   - heading: tên mục, kèm body: phần bên trong mục (mục lồng nhau: I. → 1. → 1.1. → a))",
        "#     và text: nội dung viết ngay sau tên mục, sau dấu hai chấm",
        "#   - points: danh sách gạch đầu dòng (-); ý có ý con viết {text, points} (+)",
        "#   - table: {columns: [...], rows: [[...], ...], widths_mm: [...], caption: ...}",
        "#   - article: tên điều, kèm text: hoặc clauses: [...] (Điều 1., rồi 1., 2. …)",
        "kind: document",
        f"type: {doc_type.id}  # loại văn bản (rules/document_types.yaml): {doc_type.text_name}",
        f"issuer: {issuer.id}  # cơ quan ban hành, theo data/issuers.yaml ({_SYSTEM[system]})",
        "number: auto  # số tiếp theo trong sổ đăng ký; hoặc ghi số cụ thể, ví dụ 125",
        f"date: {when.isoformat()}",
    ]
    if doc_type.layout == "letter":
        prefix = sys.element("letter_subject").text or ""
        lines.append(f"# trích yếu in dưới số, ký hiệu, sau chữ '{prefix}'")
    lines.append(f"subject: {_quoted(f'nội dung chính của {name} (trích yếu)')}")
    if doc_type.layout == "letter" and system == "state":
        lines.append("# unit: VP  # đơn vị soạn thảo trong ký hiệu: Số: 125/" + issuer.abbr + "-VP")
    if "addressee" in doc_type.requires or doc_type.layout == "letter":
        lines += [
            "addressee:  # Kính gửi: một nơi, hoặc một danh sách",
            "  - Tên cơ quan, đơn vị nhận",
        ]
    if doc_type.verb:
        lines += [
            "bases:  # các căn cứ, mỗi căn cứ không ghi chữ 'Căn cứ' và dấu ';' ở cuối",
            "  - Luật, nghị định hoặc quyết định làm căn cứ",
            "proposed_by: Chánh Văn phòng  # sau chữ 'Theo đề nghị của'",
            f"body:  # các điều, sau chữ '{doc_type.verb}'",
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
        f"  signer: {signer}  # người ký, theo danh sách người ký của {issuer.id}",
        f"  authority: {authority}  # head (cấp trưởng), deputy (KT./K/T), on_behalf (TM./T/M), "
        "by_order (TL./T/L); ai được ký thế nào: rules/signing.yaml",
        "recipients:  # Nơi nhận; dòng Lưu được thêm tự động",
        "  - Như trên" if doc_type.layout == "letter" else "  - Các đơn vị có liên quan",
        f"archive: {archive}  # → '- {sys.recipients.archive_prefix}{archive}.'",
        f"output: {spec_id}.docx",
    ]
    return "\n".join(lines) + "\n"
