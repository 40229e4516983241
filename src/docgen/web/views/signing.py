"""Electronic originals in the web app (issue 27): a document's signatures, signing with the
keys kept on the server, and verifying an uploaded signed PDF — each over docgen.signing."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from docgen.data.workspace import Workspace
from docgen.errors import DocgenError
from docgen.i18n import translate as _t
from docgen.register import Entry, Register
from docgen.register.log import VIETNAM
from docgen.register.signatures import SignatureRecord
from docgen.signing.keys import Role, comparable
from docgen.signing.keystore import ServerKey, key_name, server_key, signed_revision
from docgen.signing.pades import pades_rules
from docgen.web import auth
from docgen.web.errors import WebError
from docgen.web.files import download_name, saved_upload
from docgen.web.pages import AppState, app_state, loaded_ws, render, spec_or_404
from docgen.web.throttle import LoginThrottle

log = logging.getLogger("docgen.web")

ROLES: tuple[Role, ...] = ("signer", "office")
PDF_MAGIC = b"%PDF-"
# refusals of the key itself (a wrong password or PIN): counted against guessing
KEY_REFUSALS = frozenset({"SIGN-KEY", "SIGN-TOKEN"})

# The web's own advice for a refusal whose library hint speaks of command-line options: here
# the key is not chosen by the clerk but kept on the server under a name.
WEB_HINTS = {
    "SIGN-WRONG-SIGNER": "the key {key} kept on the server is not this signer's: the "
    "administrator puts the signer's own key there ({folder}/{key}.p12)",
    "SIGN-WRONG-OFFICE": "the key {key} kept on the server is not the issuing office's: the "
    "administrator puts the office's own key there ({folder}/{key}.p12)",
    "SIGN-NO-SIGNER": "the signer signs first: choose the role 'signer'",
}


def local_time(moment: dt.datetime | None) -> str:
    """A moment as a clerk reads it, in Vietnam's time: ``08:30 ngày 07/12/2026``."""
    if moment is None:
        return "?"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y")


def plain_subject(subject: str) -> str:
    """A certificate's subject (RFC 4514) in plain words: the name, then the organisation
    when it is not the name itself (``Hoàng Phúc Lâm, Học viện …``)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        name = x509.Name.from_rfc4514_string(subject)
    except ValueError:
        return subject
    parts: list[str] = []
    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.ORGANIZATION_NAME):
        for attribute in name.get_attributes_for_oid(oid):
            value = str(attribute.value)
            if comparable(value) not in {comparable(p) for p in parts}:
                parts.append(value)
    return ", ".join(parts) or subject


def role_label(role: str | None) -> str:
    return _t(role) if role in ROLES else _t("unknown role")


# -- a document's signatures ------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureRow:
    """One signature on the document's page."""

    id: int
    role: str
    who: str
    subject: str
    when: str
    file: str | None  # the signed file's name, when it is still there as signed


@dataclass(frozen=True)
class Signatures:
    """The signature block of a document's page."""

    rows: list[SignatureRow]
    entry: Entry | None
    error: str | None = None


def _signed_file(root: Path, record: SignatureRecord) -> Path | None:
    if not record.file:
        return None
    path = Path(record.file)
    path = path if path.is_absolute() else root / path
    return path if path.is_file() else None


def _revision(root: Path, record: SignatureRecord) -> bytes | None:
    """The signed PDF as it was right after ``record``'s signature, or None when its file is
    gone or changed (a later signature only adds to it)."""
    path = _signed_file(root, record)
    return signed_revision(path.read_bytes(), record.sha256) if path is not None else None


def document_signatures(st: AppState, ws: Workspace, spec_id: str) -> Signatures:
    """The signatures the register recorded for the document's live number."""
    try:
        register = st.workspace.register(ws)
        entry = register.get_by_spec(ws.spec_display(spec_id))
        records = register.signatures(entry.id) if entry is not None else []
    except DocgenError as exc:
        return Signatures([], None, exc.format())
    rows = []
    for n, record in enumerate(records, 1):
        kept = _revision(st.root, record) is not None
        rows.append(
            SignatureRow(
                id=record.id,
                role=role_label(record.role),
                who=plain_subject(record.subject),
                subject=record.subject,
                when=local_time(record.signed_at),
                file=_download_name(record, last=n == len(records)) if kept else None,
            )
        )
    return Signatures(rows, entry)


def _download_name(record: SignatureRecord, *, last: bool) -> str:
    """The signed file's own name for its last signature; for an earlier one (the file as the
    signer left it, before the office signed over it) the role is added to the name."""
    path = Path(record.file or "signed.pdf")
    return path.name if last else f"{path.stem}.{record.role}{path.suffix}"


async def signed_download(request: Request) -> Response:
    """The signed PDF exactly as the register recorded it after one signature."""
    await auth.authorize(request, "view")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
    wanted = int(request.path_params["signature"])

    def find() -> tuple[SignatureRecord, bytes | None, bool] | None:
        register = st.workspace.register(ws)
        entry = register.get_by_spec(ws.spec_display(spec_id))
        records = register.signatures(entry.id) if entry is not None else []
        for record in records:
            if record.id == wanted:
                return record, _revision(st.root, record), record is records[-1]
        return None

    found = await run_in_threadpool(find)
    if found is None or found[1] is None:
        raise WebError(
            "Không có tệp đã ký này (tệp đã bị xóa hoặc thay đổi sau khi ký).",
            code="WEB-NOT-FOUND",
            status=404,
        )
    record, data, last = found
    return Response(
        data,
        media_type="application/pdf",
        headers=download_name(_download_name(record, last=last)),
    )


# -- signing with a key kept on the server ----------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """What the sign page offers for one role."""

    role: Role
    label: str
    key: ServerKey
    done: list[SignatureRecord]  # this role's signatures already recorded
    blocked: str | None  # why this role cannot sign now


def _signer_id(ws: Workspace, spec_id: str, entry: Entry) -> str | None:
    """The signer's id in data/issuers.yaml: the one the register's name is, else the spec's."""
    issuer = ws.issuers.get(entry.issuer)
    if issuer is not None:
        for signer_id, signer in issuer.signers.items():
            if comparable(signer.name) == comparable(entry.signer):
                return str(signer_id)
    signature = getattr(ws.specs[spec_id], "signature", None)
    return str(signature.signer) if signature is not None else None


def _sign_context(st: AppState, ws: Workspace, spec_id: str) -> dict[str, Any]:
    """The document to sign and what each role may do, or the reason none may."""
    from docgen.signing.binding import frozen_document

    register: Register = st.workspace.register(ws)
    entry = register.get_by_spec(ws.spec_display(spec_id))
    folder = str(pades_rules()["keys_folder"])  # as the office sees it in the workspace
    problem = None
    offers: list[Offer] = []
    if entry is None:
        shown = ws.spec_display(spec_id)
        voided = [e for e in register.entries(ws.specs[spec_id].issuer) if e.spec == shown]
        problem = (
            _t(f"{voided[-1].symbol} is voided in the register: a voided document is not signed")
            if voided
            else _t(
                f"{ws.specs[spec_id].output}: the document has no number in the register yet: "
                "only an issued document is signed"
            )
        )
    else:
        try:
            frozen_document(register, entry)
        except DocgenError as exc:
            problem = "\n".join(_t(d.message) for d in exc.diagnostics)
        records = register.signatures(entry.id)
        signer_id = _signer_id(ws, spec_id, entry)
        for role in ROLES:
            key = server_key(st.root, key_name(role, signer=signer_id, issuer=entry.issuer))
            blocked = None
            if not key.present:
                blocked = _t(f"no key of this role on the server ({folder}/{key.name or '?'}.p12)")
            elif role == "office" and not any(r.role == "signer" for r in records):
                blocked = _t("the office signs after the signer")
            offers.append(
                Offer(role, role_label(role), key, [r for r in records if r.role == role], blocked)
            )
    issuer = ws.issuers.get(entry.issuer if entry else ws.specs[spec_id].issuer)
    return {
        "spec_id": spec_id,
        "entry": entry,
        "issuer_label": issuer.name if issuer else (entry.issuer if entry else ""),
        "problem": problem,
        "offers": offers,
        "keys_folder": folder,
        "local_time": local_time,
    }


def _throttle(request: Request) -> LoginThrottle:
    """Wrong key passwords are counted as wrong logins are (limits.yaml): a stolen session
    cannot try a key's passwords at speed."""
    found: LoginThrottle | None = getattr(request.app.state, "sign_throttle", None)
    if found is None:
        found = LoginThrottle(app_state(request).limits)
        request.app.state.sign_throttle = found
    return found


def _can_sign(request: Request, ws: Workspace, spec_id: str, user: Any) -> None:
    issuer = ws.specs[spec_id].issuer
    known = ws.issuers.get(issuer)
    auth.check_issuer(user, issuer, known.name if known is not None else None)


async def sign_page(request: Request) -> Response:
    user = await auth.authorize(request, "sign")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
    _can_sign(request, ws, spec_id, user)
    context = await run_in_threadpool(_sign_context, st, ws, spec_id)
    return render(request, "sign.html", **context, error=None, chosen=None)


def _error_lines(exc: DocgenError, key: ServerKey, folder: str) -> list[tuple[str, str | None]]:
    lines = []
    for d in exc.diagnostics:
        hint = WEB_HINTS.get(d.code)
        hint = hint.format(key=key.name, folder=folder) if hint else d.hint
        lines.append((f"{_t(d.message)} [{d.code}]", _t(hint) if hint else None))
    return lines


async def sign_submit(request: Request) -> Response:
    from docgen.signing.keystore import sign_on_server

    user = await auth.authorize(request, "sign")
    st = app_state(request)
    ws = loaded_ws(request)
    spec_id = spec_or_404(ws, request.path_params["spec_id"])
    _can_sign(request, ws, spec_id, user)
    form = await request.form()
    role = str(form.get("role", ""))
    secret = form.get("password")
    with_token = form.get("via") == "token"
    context = await run_in_threadpool(_sign_context, st, ws, spec_id)
    if context["problem"]:
        error = [(context["problem"], None)]
        return render(request, "sign.html", status=422, **context, error=error, chosen=role)
    offer = next((o for o in context["offers"] if o.role == role), None)
    if offer is None or not isinstance(secret, str):
        raise WebError("Hãy chọn vai trò ký và nhập mật khẩu.", code="WEB-FORM", status=400)
    address = auth.client_address(request)
    throttle = _throttle(request)
    refusal = throttle.refused(address, offer.key.name)
    if refusal is not None:
        raise WebError(
            f"Đã nhập sai mật khẩu của khóa quá nhiều lần; hãy thử lại sau "
            f"{refusal.retry_after_s} giây.",
            code="WEB-THROTTLED",
            status=429,
        )
    try:
        await run_in_threadpool(
            sign_on_server,
            st.root,
            st.workspace.register(ws),
            ws.spec_display(spec_id),
            offer.role,
            offer.key,
            secret,
            with_token=with_token,
        )
    except DocgenError as exc:
        # the password is neither logged nor sent back: the form is shown again empty
        if exc.code in KEY_REFUSALS:
            throttle.failed(address, offer.key.name)
        lines = _error_lines(exc, offer.key, context["keys_folder"])
        return render(request, "sign.html", status=422, **context, error=lines, chosen=role)
    throttle.succeeded(address, offer.key.name)
    return RedirectResponse(f"/documents/{spec_id}?signed={role}#signatures", 303)


# -- verifying an uploaded signed PDF ---------------------------------------------------------


@dataclass(frozen=True)
class CheckRow:
    """One signature of an uploaded file, as the verify page shows it."""

    role: str
    who: str
    subject: str
    when: str
    timestamped: bool
    level: str  # PAdES B-B, B-T, B-LT
    authority: str | None  # who gave the timestamp
    intact: bool
    trusted: bool
    changed_after: bool
    number: str | None  # the register's number for this signed revision
    problems: list[str]
    ok: bool


async def verify_page(request: Request) -> Response:
    await auth.authorize(request, "check")
    return render(request, "verify.html", result=None)


def _verify(st: AppState, path: Path) -> Any:
    from docgen.signing.verify import trust_roots, verify_pdf

    loaded = st.workspace.load()
    try:
        register: Register | None = st.workspace.register(loaded.ws)
    except DocgenError:
        register = None  # no register to consult: the file is checked on its own
    return verify_pdf(path, trust_roots(st.root), register)


async def verify_upload(request: Request) -> Response:
    await auth.authorize(request, "check")
    st = app_state(request)
    path, original = await saved_upload(request, (".pdf",))
    try:
        with path.open("rb") as handle:
            head = handle.read(len(PDF_MAGIC))
        if head != PDF_MAGIC:
            return render(
                request,
                "verify.html",
                status=415,
                result=None,
                name=original,
                error=_t(f"{original}: not a PDF file (it does not begin with %PDF-)"),
            )
        result = await run_in_threadpool(_verify, st, path)
    except DocgenError as exc:
        return render(
            request,
            "verify.html",
            status=422,
            result=None,
            name=original,
            error=exc.format().replace(str(path), original),
        )
    except Exception:  # a hostile file the reader does not refuse by name: no traceback
        log.exception("verification of an uploaded PDF failed")
        return render(
            request,
            "verify.html",
            status=422,
            result=None,
            name=original,
            error=_t(f"{original}: the file cannot be read as a signed PDF"),
        )
    finally:
        path.unlink(missing_ok=True)
    rows = [
        CheckRow(
            role=role_label(sig.role),
            who=plain_subject(sig.subject),
            subject=sig.subject,
            when=local_time(sig.signed_at),
            timestamped=sig.timestamped,
            level=sig.level,
            authority=plain_subject(sig.timestamp_authority) if sig.timestamp_authority else None,
            intact=sig.intact,
            trusted=sig.trusted,
            changed_after=sig.changed_after,
            number=sig.issued.symbol if sig.issued else None,
            problems=[_t(p) for p in sig.problems],
            ok=sig.ok,
        )
        for sig in result.signatures
    ]
    return render(
        request,
        "verify.html",
        result=result,
        rows=rows,
        name=original,
        problems=[_t(p) for p in result.problems],
    )


ROUTES = [
    Route("/documents/{spec_id}/sign", sign_page, methods=["GET"]),
    Route("/documents/{spec_id}/sign", sign_submit, methods=["POST"]),
    Route("/documents/{spec_id}/signatures/{signature:int}.pdf", signed_download),
    Route("/verify", verify_page, methods=["GET"]),
    Route("/verify", verify_upload, methods=["POST"]),
]
