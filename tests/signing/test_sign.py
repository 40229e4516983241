"""docgen sign and docgen verify (issue 27): an issued document signed by its signer, then by
its office over it, both signatures valid for pyHanko's validator and for poppler's pdfsig, and
the file found in the register; a byte changed after signing is detected; the wrong person's,
the wrong office's and an expired certificate are refused; an unissued document is refused.
Before: docgen had no `sign` nor `verify` command (exit 2, "No such command")."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from docgen.errors import SigningError
from docgen.register import open_register
from docgen.register.store import Register
from docgen.signing.binding import check_own
from tests.signing.conftest import (
    PASSWORD,
    SIGNED,
    SIGNER,
    SPEC,
    SYMBOL,
    Keys,
    docgen,
    pdfsig_verdicts,
    sign,
)
from tests.support.tools import require


def _register(ws: Path) -> Register:
    return open_register(ws / "register.sqlite", workspace="hvctqg-vi-du-2024")


def _signed_twice(ws: Path, keys: Keys) -> Path:
    code, out, err = sign(ws, keys, "signer", "signer")
    assert code == 0, err
    assert out.startswith(f"signed {SYMBOL} as signer (CN={SIGNER},"), out
    assert "PAdES B-B) at " in out and out.rstrip().endswith(SIGNED)
    code, out, err = sign(ws, keys, "office", "office")
    assert code == 0, err
    assert out.startswith(f"signed {SYMBOL} as office (CN=Học viện Chính trị quốc gia"), out
    return ws / SIGNED


def test_signed_by_the_signer_then_the_office_verifies(ws: Path, keys: Keys) -> None:
    signed = _signed_twice(ws, keys)
    code, out, err = docgen(ws, "verify", str(signed), "--trust", str(keys.root), password=None)
    assert code == 0, out + err
    lines = out.splitlines()
    assert (
        lines[0]
        == f"signature 1 (signer): CN={SIGNER},O=Học viện Chính trị quốc gia Hồ Chí Minh,C=VN"
    )
    assert lines[2:5] == [
        "  intact (byte range and digest): yes",
        "  certificate trusted: yes",
        f"  recorded in the register: {SYMBOL}",
    ]
    assert lines[5].startswith("signature 2 (office): CN=Học viện Chính trị quốc gia Hồ Chí Minh")
    assert lines[-2:] == [f"register: the document issued as {SYMBOL}", "verified: all good"]
    # poppler, another reader: both signatures valid, the office's covering the whole file
    assert pdfsig_verdicts(signed) == ["Signature is Valid.", "Signature is Valid."]
    report = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True).stdout
    assert report.count("Total document signed") == 1  # the office's, the last one
    # the register keeps both, the signer's file hash being the first revision's
    register = _register(ws)
    entry = register.entry_by_symbol(SYMBOL)
    assert entry is not None
    rows = register.signatures(entry.id)
    assert [(r.role, r.subject.split(",")[0], r.file) for r in rows] == [
        ("signer", f"CN={SIGNER}", SIGNED),
        ("office", "CN=Học viện Chính trị quốc gia Hồ Chí Minh", SIGNED),
    ]
    assert rows[1].sha256 == hashlib.sha256(signed.read_bytes()).hexdigest()
    assert [a.action for a in register.log(action="sign")] == ["sign", "sign"]


def test_pyhanko_validates_both_signatures(ws: Path, keys: Keys) -> None:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signed = _signed_twice(ws, keys)
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(keys.root))])
    with signed.open("rb") as handle:
        reader = PdfFileReader(handle)
        statuses = [
            validate_pdf_signature(s, signer_validation_context=context)
            for s in reader.embedded_signatures
        ]
        names = [s.field_name for s in reader.embedded_signatures]
    assert names == ["docgen-nguoi-ky", "docgen-co-quan"]
    assert all(s.bottom_line and s.intact and s.valid and s.trusted for s in statuses)
    assert statuses[1].coverage.name == "ENTIRE_FILE"


def test_a_byte_changed_after_signing_is_detected(ws: Path, keys: Keys, tmp_path: Path) -> None:
    signed = _signed_twice(ws, keys)
    data = bytearray(signed.read_bytes())
    at = data.index(b"stream", 2000) + 200  # inside the first page's content, signed by both
    data[at] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    code, out, _ = docgen(ws, "verify", str(tampered), "--trust", str(keys.root), password=None)
    assert code == 1
    assert out.count("intact (byte range and digest): NO") == 2
    assert "the file is not one this register issued" in out
    assert out.splitlines()[-1] == "verified: NOT valid"
    assert pdfsig_verdicts(tampered) == ["Digest Mismatch.", "Digest Mismatch."]
    # the untouched file is still good
    assert docgen(ws, "verify", str(signed), "--trust", str(keys.root), password=None)[0] == 0


def test_a_signed_file_that_fails_its_own_check_is_not_written(ws: Path, keys: Keys) -> None:
    """docgen sign checks the file it made as verify would, before writing or recording it:
    a signed PDF whose bytes were damaged on the way is refused (SIGN-SELF-CHECK)."""
    signed = _signed_twice(ws, keys)
    check_own(signed.read_bytes(), signed, [])  # the real file passes
    data = bytearray(signed.read_bytes())
    data[data.index(b"stream", 2000) + 200] ^= 0x01
    target = ws / "output" / "damaged.signed.pdf"
    with pytest.raises(SigningError, match="signature 1, CN=Hoàng Phúc Lâm") as caught:
        check_own(bytes(data), target, [])
    assert caught.value.code == "SIGN-SELF-CHECK"
    assert "not intact" in str(caught.value) and not target.exists()


def test_a_certificate_of_another_person_is_refused(ws: Path, keys: Keys) -> None:
    code, _, err = sign(ws, keys, "signer", "other-person")
    assert code == 7
    assert "error[SIGN-WRONG-SIGNER]" in err
    assert "the certificate is CN=Nguyễn Xuân Thắng," in err
    assert f"but the document is signed by {SIGNER}" in err
    assert not (ws / SIGNED).exists()
    entry = _register(ws).entry_by_symbol(SYMBOL)
    assert entry is not None and _register(ws).signatures(entry.id) == []


def test_the_signers_name_is_compared_after_nfc_and_case_folding(ws: Path, keys: Keys) -> None:
    code, out, err = sign(ws, keys, "signer", "signer-nfd")
    assert code == 0, err
    assert out.startswith(f"signed {SYMBOL} as signer")


def test_an_office_signature_needs_the_offices_certificate(ws: Path, keys: Keys) -> None:
    assert sign(ws, keys, "signer", "signer")[0] == 0
    code, _, err = sign(ws, keys, "office", "other-office")
    assert code == 7
    assert "error[SIGN-WRONG-OFFICE]" in err
    assert "but the office signature is Học viện Chính trị quốc gia Hồ Chí Minh's" in err
    # nor may the signer's own certificate sign for the office
    assert "error[SIGN-WRONG-OFFICE]" in sign(ws, keys, "office", "signer")[2]


def test_an_expired_certificate_is_refused(ws: Path, keys: Keys) -> None:
    code, _, err = sign(ws, keys, "signer", "expired")
    assert code == 7
    assert "error[SIGN-CERT-EXPIRED]" in err
    assert f"the certificate of CN={SIGNER}," in err and "expired on" in err
    assert not (ws / SIGNED).exists()


def test_an_unissued_document_is_refused(ws: Path, keys: Keys) -> None:
    spec = (ws / "data" / "documents" / f"{SPEC}.yaml").read_text(encoding="utf-8")
    (ws / "data" / "documents" / "ke-hoach-moi.yaml").write_text(
        spec.replace("number: 1247", "number: auto"), encoding="utf-8"
    )
    code, _, err = docgen(
        ws,
        "sign",
        "ke-hoach-moi",
        "--as",
        "signer",
        "--p12",
        str(keys.p12("signer")),
        "--password-stdin",
    )
    assert code == 7
    assert "error[SIGN-NOT-ISSUED]: ke-hoach-moi: no document of this workspace" in err


def test_a_voided_number_is_not_signed(ws: Path, keys: Keys) -> None:
    code, _, err = docgen(
        ws, "register", "void", "hvctqg", SYMBOL, "--reason", "ký nhầm", password=None
    )
    assert code == 0, err
    code, _, err = sign(ws, keys, "signer", "signer")
    assert code == 7
    assert "error[SIGN-NOT-ISSUED]" in err


def test_the_office_signs_after_the_signer(ws: Path, keys: Keys) -> None:
    code, _, err = sign(ws, keys, "office", "office")
    assert code == 7
    assert f"error[SIGN-NO-SIGNER]: {SYMBOL} has no signer's signature yet" in err


def test_a_wrong_password_is_said(ws: Path, keys: Keys) -> None:
    code, _, err = docgen(
        ws,
        "sign",
        SPEC,
        "--as",
        "signer",
        "--p12",
        str(keys.p12("signer")),
        "--password-stdin",
        password="sai",
    )
    assert code == 7
    assert "error[SIGN-KEY]" in err and "wrong password" in err


def test_an_untrusted_root_fails_verification(ws: Path, keys: Keys) -> None:
    signed = _signed_twice(ws, keys)
    code, out, _ = docgen(
        ws, "verify", str(signed), "--trust", str(keys.stranger_root), password=None
    )
    assert code == 1
    assert out.count("certificate trusted: NO") == 2
    assert out.count("intact (byte range and digest): yes") == 2


def test_without_a_trust_root_verify_says_what_to_give(ws: Path, keys: Keys) -> None:
    """No --trust and no .docgen/trust/: each signature says why it is not trusted and what
    to do, and pyHanko's own log (a traceback of its path building) stays off the screen."""
    signed = _signed_twice(ws, keys)
    code, out, err = docgen(ws, "verify", str(signed), password=None)
    assert code == 1
    assert out.count("no trust root was given") == 2
    assert "O=docgen throwaway CA" in out and "--trust" in out
    assert "Traceback" not in err and "Failed to build path" not in err


def test_a_key_file_given_as_a_trust_root_is_refused(ws: Path, keys: Keys) -> None:
    signed = _signed_twice(ws, keys)
    code, _, err = docgen(
        ws, "verify", str(signed), "--trust", str(keys.p12("signer")), password=None
    )
    assert code == 7
    assert "error[SIGN-TRUST]" in err and "not a certificate (PEM or DER)" in err
    assert "not a key file (.p12)" in err
    assert "ParseError" not in err and "Traceback" not in err


def test_the_offices_trust_folder_is_read(ws: Path, keys: Keys) -> None:
    signed = _signed_twice(ws, keys)
    (ws / ".docgen" / "trust").mkdir(parents=True)
    (ws / ".docgen" / "trust" / "root.pem").write_bytes(keys.root.read_bytes())
    code, out, _ = docgen(ws, "verify", str(signed), password=None)
    assert code == 0, out


def test_a_file_the_register_did_not_issue(ws: Path, keys: Keys, tmp_path: Path) -> None:
    """Signed elsewhere with the right keys, it is intact and trusted, but not the register's:
    verify says so (exit 1) unless told the file comes from another office (--no-register)."""
    signed = _signed_twice(ws, keys)
    other = tmp_path / "other"
    other.mkdir()
    from docgen.signing.keys import load_pkcs12
    from docgen.signing.pades import sign_pdf

    again = sign_pdf(
        signed.read_bytes(),
        load_pkcs12(keys.p12("office"), PASSWORD.encode()),
        role="office",
        symbol=SYMBOL,
    )
    copy = other / "copy.pdf"
    copy.write_bytes(again)
    code, out, _ = docgen(ws, "verify", str(copy), "--trust", str(keys.root), password=None)
    assert code == 1
    assert "signature 3 (office)" in out and "  not recorded in the register" in out
    code, out, _ = docgen(
        ws, "verify", str(copy), "--trust", str(keys.root), "--no-register", password=None
    )
    assert code == 0, out
    assert "register: not consulted" in out


def test_verify_in_vietnamese(ws: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    signed = _signed_twice(ws, keys)
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    code, out, _ = docgen(ws, "verify", str(signed), "--trust", str(keys.root), password=None)
    assert code == 0
    assert "  toàn vẹn (vùng dữ liệu được ký và giá trị băm): có" in out
    assert f"chữ ký 1 (người ký): CN={SIGNER}" in out
    assert out.splitlines()[-1] == "kết quả kiểm tra: hợp lệ"


def test_an_unsigned_pdf_is_not_verified(ws: Path) -> None:
    pdf = next((ws / ".docgen" / "pdf").glob("*.pdf"))
    code, _, err = docgen(ws, "verify", str(pdf), password=None)
    assert code == 2
    assert "error[VERIFY-UNSIGNED]" in err


@pytest.mark.libreoffice
def test_the_signed_pdf_opens_in_libreoffice(ws: Path, keys: Keys, tmp_path: Path) -> None:
    """LibreOffice reads the signed file (its PDF import) and writes it out again with the same
    pages and the document's text."""
    require("soffice", "pdfinfo", "pdftotext")
    from docgen.documents.pdf import find_soffice

    signed = _signed_twice(ws, keys)
    out = tmp_path / "lo"
    subprocess.run(
        [
            str(find_soffice()),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--infilter=writer_pdf_import",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            str(signed),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (again,) = out.glob("*.pdf")

    def pages(path: Path) -> str:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        return next(line for line in info.splitlines() if line.startswith("Pages:"))

    assert pages(again) == pages(signed)
    text = subprocess.run(["pdftotext", str(again), "-"], capture_output=True, text=True).stdout
    assert "HỌC VIỆN CHÍNH TRỊ QUỐC GIA" in text and "KẾ HOẠCH" in text


def test_a_visible_signature_in_its_box(ws: Path, keys: Keys) -> None:
    """A placement (docgen.signing.appearance) as the signature's widget: in its box, on its
    page, the picture and lines as its appearance, covered by the signature."""
    import io

    from PIL import Image
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from docgen.signing.appearance import Placement
    from docgen.signing.keys import load_pkcs12
    from docgen.signing.pades import sign_pdf

    picture = io.BytesIO()
    Image.new("RGBA", (120, 60), (200, 0, 0, 128)).save(picture, "PNG")
    lines = ("Học viện Chính trị quốc gia Hồ Chí Minh", "06:07:00 08/12/2026")
    pdf = next((ws / ".docgen" / "pdf").glob("*.pdf")).read_bytes()
    signed = sign_pdf(
        pdf,
        load_pkcs12(keys.p12("office"), PASSWORD.encode()),
        role="office",
        symbol=SYMBOL,
        appearance=Placement(3, (300, 400, 500, 500), picture.getvalue(), lines),
    )
    reader = PdfFileReader(io.BytesIO(signed))
    (sig,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(keys.root))])
    status = validate_pdf_signature(sig, signer_validation_context=context)
    assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"
    widget = sig.sig_field
    assert [float(v) for v in widget["/Rect"]] == [300, 400, 500, 500]
    assert widget["/P"] == reader.root["/Pages"]["/Kids"][3]


def test_the_signatures_are_drawn_at_the_signature_block(ws: Path, keys: Keys) -> None:
    """Signed by the signer then the office: the signer's widget lies between the position line
    and the name; the office's (seal and lines) overlaps its left third; both signatures stay
    valid (the office's seal and lines are its own widget, not a change of the signed page)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from docgen.signing.appearance import page_lines

    assert sign(ws, keys, "signer", "signer")[0] == 0
    assert sign(ws, keys, "office", "office")[0] == 0
    signed = (ws / SIGNED).read_bytes()
    reader = PdfFileReader(io.BytesIO(signed))
    signer_sig, office_sig = reader.embedded_signatures
    sx1, sy1, sx2, _ = (float(v) for v in signer_sig.sig_field["/Rect"])
    ox1, _, ox2, _ = (float(v) for v in office_sig.sig_field["/Rect"])
    pages = page_lines(signed)
    page = next(i for i, lines in enumerate(pages) if any(SIGNER in x.text for x in lines))
    name = next(x for x in pages[page] if SIGNER in x.text)
    assert signer_sig.sig_field["/P"] == office_sig.sig_field["/P"]
    assert sy1 >= name.top - 0.5  # above the signer's name (PDF's y grows upwards)
    # the office's box (its seal, its lines under the name) begins left of the signature
    assert ox1 < sx1 < sx2 <= ox2
    code, out, err = docgen(
        ws, "verify", str(ws / SIGNED), "--trust", str(keys.root), password=None
    )
    assert code == 0, out + err
