"""Benchmark: ``docgen sign`` + ``docgen verify`` of one issued document as whole processes
(target ≤ 1 s together, no timestamp server), and signing a merged PDF of 100 certificates
(target ≤ 3 s), each against a bare pyHanko script doing the same in the same run.

    python benchmarks/sign.py [--runs 3]

Set-up (not timed): a copy of the example workspace built through a new register, throwaway
keys (docgen.signing.throwaway) and signature and seal images, the plan 1247-KH/HVCTQG's PDF
made once by LibreOffice (kept in .docgen/pdf/, as `docgen sign` keeps it), and the 58 Bằng
khen of the examples merged and converted, their pages repeated up to 100.

Timed, best of ``--runs``: ``docgen sign … --as signer`` alone (one process: it signs and checks
the file it signed as verify does, before writing and recording it), and that followed by
``docgen verify`` (two processes, the register looked up again and the trust checked); the
baseline is one process of a bare pyHanko script that loads the same .p12, signs the same PDF
and validates it. The pages' text is read with the unsigned PDF, once, in the set-up, as
``docgen sign`` does when it first makes that PDF. Then the 100-certificate PDF signed by
docgen's ``sign_pdf`` and by bare pyHanko, as one process each. Last line: ``sign_s=<s>
sign_verify_s=<a> baseline_s=<b> merged_100_s=<c> merged_baseline_s=<d> ratio=<a / b>``.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = "ke-hoach-1247-phat-dong"
PASSWORD = "benchmark"

BARE = """
import sys, warnings
warnings.simplefilter("ignore")
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
pdf, p12, out, root, check, password = sys.argv[1:7]
signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=password.encode())
with open(pdf, "rb") as f, open(out, "wb") as o:
    meta = signers.PdfSignatureMetadata(field_name="s", subfilter=SigSeedSubFilter.PADES)
    signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(f, strict=False), output=o)
if check == "1":
    ctx = ValidationContext(trust_roots=[load_cert_from_pemder(root)])
    with open(out, "rb") as f:
        (sig,) = PdfFileReader(f).embedded_signatures
        assert validate_pdf_signature(sig, signer_validation_context=ctx).bottom_line
"""

DOCGEN_SIGN = """
import sys
from pathlib import Path
from docgen.signing.keys import load_pkcs12
from docgen.signing.pades import sign_pdf
pdf, p12, out, password = sys.argv[1:5]
signed = sign_pdf(Path(pdf).read_bytes(), load_pkcs12(Path(p12), password.encode()), role="office",
                  symbol="BK/2024")
Path(out).write_bytes(signed)
"""


# CPU seconds (user + system) of the processes run, beside their wall time: on a machine
# shared with other work the wall time says more of the others than of docgen
CPU: list[float] = []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], stdin: str | None = None) -> float:
    """Wall seconds of ``command`` as a process (its CPU seconds appended to ``CPU``)."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    CPU.append(_children_cpu() - cpu)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return seconds


def set_up(work: Path) -> tuple[Path, Path, Path, Path, Path]:
    """The workspace, the keys' folder, the plan's unsigned PDF, the 100-page PDF, the root."""
    from pypdf import PdfReader, PdfWriter

    from docgen.api import build
    from docgen.data.workspace import load_issuers
    from docgen.documents.pdf import convert_to_pdf
    from docgen.register import open_register
    from docgen.signing.binding import find_entry, frozen_document, unsigned_pdf
    from docgen.signing.demo_images import write_demo_images
    from docgen.signing.images import images_folder
    from docgen.signing.throwaway import write_demo_keys

    ws = work / "ws"
    shutil.copytree(ROOT / "data", ws / "data")
    shutil.copytree(ROOT / "templates", ws / "templates")
    open_register(ws / "register.sqlite", create=True)
    report = build(ws, ws / "output", register=str(ws / "register.sqlite"))
    assert not report.failed
    register = open_register(ws / "register.sqlite", workspace="hvctqg-vi-du-2024")
    entry = find_entry(ws, register, SPEC)
    pdf = work / "plan.pdf"
    pdf.write_bytes(unsigned_pdf(ws, entry, frozen_document(register, entry)))
    keys = write_demo_keys(
        work / "keys",
        "Hoàng Phúc Lâm",
        "Học viện Chính trị quốc gia Hồ Chí Minh",
        PASSWORD.encode(),
    )
    # the signature and seal images docgen sign draws (throwaway, where it looks for them)
    office = load_issuers(ws)[entry.issuer]
    write_demo_images(images_folder(ws), entry.issuer, office.name, list(office.signers))
    certs = work / "certs"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen",
            "-C",
            str(ws),
            "-q",
            "certificates",
            "data/certificates/bang-khen-2024.yaml",
            "--out",
            str(certs),
            "--merge",
        ],
        check=True,
        capture_output=True,
    )
    (merged_docx,) = certs.glob("*tat-ca.docx")
    (merged,) = convert_to_pdf([merged_docx], work / "merged")
    pages = PdfReader(merged).pages
    writer = PdfWriter()
    for i in range(100):
        writer.add_page(pages[i % len(pages)])
    hundred = work / "certificates-100.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    hundred.write_bytes(buffer.getvalue())
    return ws, keys.signer.parent, pdf, hundred, keys.root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DOCGEN_LANG", "en")
    with tempfile.TemporaryDirectory(prefix="docgen-bench-sign-") as name:
        work = Path(name)
        ws, keys, pdf, hundred, root = set_up(work)
        docgen = [sys.executable, "-m", "docgen", "-C", str(ws)]
        signed = ws / "output" / "ke-hoach-1247-KH-HVCTQG.signed.pdf"
        ours, bare, ours_cpu, bare_cpu, alone = [], [], [], [], []
        for _ in range(args.runs):
            sign = run(
                [
                    *docgen,
                    "sign",
                    SPEC,
                    "--as",
                    "signer",
                    "--p12",
                    str(keys / "signer.p12"),
                    "--password-stdin",
                ],
                stdin=PASSWORD + "\n",
            )
            verify = run([*docgen, "verify", str(signed), "--trust", str(root)])
            alone.append(sign)
            ours.append(sign + verify)
            ours_cpu.append(CPU[-1] + CPU[-2])
            bare.append(
                run(
                    [
                        sys.executable,
                        "-c",
                        BARE,
                        str(pdf),
                        str(keys / "signer.p12"),
                        str(work / "bare.pdf"),
                        str(root),
                        "1",
                        PASSWORD,
                    ]
                )
            )
            bare_cpu.append(CPU[-1])
        pages = len(__import__("pypdf").PdfReader(hundred).pages)
        merged_runs, merged_bare_runs, merged_cpu = [], [], []
        for _ in range(args.runs):
            merged_runs.append(
                run(
                    [
                        sys.executable,
                        "-c",
                        DOCGEN_SIGN,
                        str(hundred),
                        str(keys / "office.p12"),
                        str(work / "m.pdf"),
                        PASSWORD,
                    ]
                )
            )
            merged_cpu.append(CPU[-1])
            merged_bare_runs.append(
                run(
                    [
                        sys.executable,
                        "-c",
                        BARE,
                        str(hundred),
                        str(keys / "office.p12"),
                        str(work / "mb.pdf"),
                        str(root),
                        "0",
                        PASSWORD,
                    ]
                )
            )
        merged, merged_bare = min(merged_runs), min(merged_bare_runs)
    best, base = min(ours), min(bare)
    print(
        f"docgen sign, signing and checking its file (one process): {min(alone):.2f} s wall "
        "(target 1 s)"
    )
    print(
        f"docgen sign + docgen verify, one document (two processes): {best:.2f} s wall, "
        f"{min(ours_cpu):.2f} s CPU (target 1 s)"
    )
    print(
        f"bare pyHanko sign + validate (one process): {base:.2f} s wall, {min(bare_cpu):.2f} s CPU"
    )
    print(
        f"docgen signing a {pages}-page merged PDF of certificates: {merged:.2f} s wall, "
        f"{min(merged_cpu):.2f} s CPU (target 3 s)"
    )
    print(f"bare pyHanko signing it: {merged_bare:.2f} s wall")
    print(
        f"sign_s={min(alone):.2f} sign_verify_s={best:.2f} "
        f"sign_verify_cpu_s={min(ours_cpu):.2f} baseline_s={base:.2f} "
        f"merged_100_s={merged:.2f} merged_baseline_s={merged_bare:.2f} ratio={best / base:.2f}"
    )


if __name__ == "__main__":
    main()
