"""``docgen sign`` and ``docgen verify``: electronic originals, signed and checked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from docgen.cli.main import fail
from docgen.errors import DocgenError, SigningError
from docgen.i18n import translate as _t


def _when(moment: Any) -> str:
    if moment is None:
        return "?"
    from docgen.register.log import VIETNAM

    return str(moment.astimezone(VIETNAM).strftime("%H:%M:%S %d/%m/%Y"))


def _password(password_stdin: bool, prompt: str) -> str:
    """The key's password: one line of standard input, else asked for (hidden); never kept."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt(prompt, hide_input=True, default="", show_default=False))


@click.command("sign")
@click.argument("document")
@click.option(
    "--as",
    "role",
    type=click.Choice(["signer", "office"]),
    required=True,
    help="signer: the person with authority signs; office: the issuing office signs over it.",
)
@click.option(
    "--p12",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The signing key and certificate: a PKCS#12 file (.p12, .pfx).",
)
@click.option(
    "--token",
    default=None,
    metavar="LIBRARY:LABEL[:KEY]",
    help="A PKCS#11 token instead of --p12: its module (.so), its label, its key's label.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password (or the token's PIN) from standard input instead of asking.",
)
@click.option(
    "--tsa", default=None, metavar="URL", help="A timestamp server: PAdES B-T instead of B-B."
)
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A trust root whose validation data goes into the file with --tsa (PAdES B-LT).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where the signed PDF goes (default: beside the issued .docx, NAME.signed.pdf).",
)
@click.pass_context
def sign_command(
    ctx: click.Context,
    document: str,
    role: str,
    p12: Path | None,
    token: str | None,
    password_stdin: bool,
    tsa: str | None,
    trust: tuple[Path, ...],
    out: Path | None,
) -> None:
    """Sign an issued document's PDF (PAdES) as its signer or its office, and record the
    signature in the register. DOCUMENT: the spec's id or the number as printed. The office
    signs after the signer, over the signer's signed file. Exit status 7 when it cannot be
    signed (not issued, wrong or expired certificate, wrong password)."""
    from docgen.cli.register import open_cli_register
    from docgen.signing.binding import sign_document
    from docgen.signing.keys import Token, load_pkcs12, open_token
    from docgen.signing.verify import trust_roots

    root = Path(ctx.ensure_object(dict).get("workspace") or ".")
    session = None
    try:
        if (p12 is None) == (token is None):
            raise SigningError(
                "give the signing key: --p12 FILE or --token LIBRARY:LABEL", code="SIGN-KEY"
            )
        if trust and not tsa:
            raise SigningError(
                "--trust embeds validation data (PAdES B-LT), which needs a timestamp: "
                "give --tsa URL too",
                code="SIGN-TRUST",
            )
        register = open_cli_register(ctx)
        if p12 is not None:
            signer = load_pkcs12(p12, _password(password_stdin, _t("Password of the key")).encode())
        else:
            assert token is not None
            device = Token.parse(token)
            pin = _password(password_stdin, _t("PIN of the token"))
            signer, session = open_token(device, pin)
        roots = trust_roots(root, trust) if tsa and trust else []
        done = sign_document(
            root,
            register,
            document,
            "signer" if role == "signer" else "office",
            signer,
            tsa_url=tsa,
            lt_roots=roots,
            out=out,
        )
    except DocgenError as exc:
        fail(ctx, exc)
        return
    finally:
        if session is not None:
            session.close()
    who = _t("signer") if done.role == "signer" else _t("office")
    click.echo(
        _t(
            f"signed {done.entry.symbol} as {who} ({done.subject}, PAdES {done.level}) at "
            f"{_when(done.signed_at)}: {done.path}"
        )
    )


@click.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A trust root certificate (PEM or DER), beside the workspace's .docgen/trust/.",
)
@click.option(
    "--no-register",
    is_flag=True,
    help="Do not look the file up in the register (a file received from another office).",
)
@click.pass_context
def verify_command(
    ctx: click.Context, file: Path, trust: tuple[Path, ...], no_register: bool
) -> None:
    """Check a signed PDF: who signed, when, in which role, whether the file is intact, whether
    each certificate is trusted, and whether it is the document the register issued under its
    number. Exit status 0 when all holds, 1 when something does not, 2 when the file is not a
    signed PDF."""
    from docgen.cli.register import open_cli_register, register_target
    from docgen.register import register_exists
    from docgen.signing.verify import trust_roots, verify_pdf

    root = Path(ctx.ensure_object(dict).get("workspace") or ".")
    try:
        roots = trust_roots(root if (root / "data").is_dir() else None, trust)
        register = None
        if not no_register and register_exists(register_target(ctx)):
            register = open_cli_register(ctx)
        result = verify_pdf(file, roots, register)
    except DocgenError as exc:
        fail(ctx, exc)
        return
    yes, no = _t("yes"), _t("NO")
    for n, sig in enumerate(result.signatures, 1):
        role = _t(sig.role) if sig.role else _t("unknown role")
        click.echo(_t(f"signature {n} ({role}): {sig.subject}"))
        when = _when(sig.signed_at)
        click.echo(
            "  "
            + (
                _t(f"signed at {when} (timestamp)")
                if sig.timestamped
                else _t(f"signed at {when} (the signer's clock)")
            )
        )
        if sig.timestamp_authority:
            click.echo("  " + _t(f"PAdES {sig.level}: timestamp by {sig.timestamp_authority}"))
        click.echo("  " + _t("intact (byte range and digest)") + f": {yes if sig.intact else no}")
        click.echo("  " + _t("certificate trusted") + f": {yes if sig.trusted else no}")
        if sig.changed_after:
            click.echo("  " + _t("the file was changed after this signature"))
        for problem in sig.problems:
            click.echo("  " + _t(problem))
        if sig.issued is not None:
            click.echo("  " + _t(f"recorded in the register: {sig.issued.symbol}"))
        elif result.register is not None:
            click.echo("  " + _t("not recorded in the register"))
    if (held := result.validation_data) is not None:
        click.echo(
            _t(
                f"validation data in the file (DSS): {held.certificates} certificates, "
                f"{held.crls} revocation lists (CRL), {held.ocsp_responses} OCSP answers"
            )
        )
    if result.register is None:
        click.echo(_t("register: not consulted"))
    elif result.issued is not None:
        click.echo(_t(f"register: the document issued as {result.issued.symbol}"))
    for problem in result.problems:
        click.echo(_t(problem))
    click.echo(_t("verified: all good") if result.ok else _t("verified: NOT valid"))
    if not result.ok:
        ctx.exit(1)
