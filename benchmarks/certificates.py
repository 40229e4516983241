"""Benchmark: certificates with the plain docxtpl loop (load, render, save per record) against
docgen's fast path, in the same run, same template and records.

    python benchmarks/certificates.py [-n 1000] [--memory] [--pdf]

Last line: ``speedup=<x> docgen_docs_per_s=<y> docxtpl_docs_per_s=<z> peak_rss_mb=<m>``.
``--memory`` runs 100 and 10,000 certificates in fresh processes and prints their peak RSS;
``--pdf`` converts the same certificates and prints ``pdf_docs_per_s=<a>
soffice_batch_docs_per_s=<b>``.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docgen.certificates import CertificateJob, render_batch
from docgen.templates import jinja_env

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "certificates" / "bang_khen-A3.docx"
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hằng", "Khánh", "Lan", "Minh"]


def records(n: int) -> list[CertificateJob]:
    jobs = []
    for i in range(1, n + 1):
        name = f"Nguyễn Văn {GIVEN[i % len(GIVEN)]} {i}"
        context = {
            "authority": "GIÁM ĐỐC HỌC VIỆN CHÍNH TRỊ QUỐC GIA HỒ CHÍ MINH",
            "name": name,
            "description": "Giảng viên chính Khoa Xây dựng Đảng, Trường Chính trị tỉnh Lào Cai",
            "reason": "Đã có thành tích xuất sắc trong phong trào thi đua “Xây dựng trường "
            "chính trị chuẩn” năm 2024",
            "decision": "Quyết định số 1569-QĐ/HVCTQG, ngày 20 tháng 12 năm 2024",
            "book": f"{i:04d}",
            "date_line": "Hà Nội, ngày 20 tháng 12 năm 2024",
            "signer_title": "GIÁM ĐỐC",
            "signer_name": "Nguyễn Xuân Thắng",
        }
        jobs.append(CertificateJob(i, f"{i:05d}.docx", context))
    return jobs


def docxtpl_loop(jobs: list[CertificateJob], out: Path) -> float:
    from docxtpl import DocxTemplate

    started = time.perf_counter()
    for job in jobs:
        doc = DocxTemplate(str(TEMPLATE))
        doc.render(job.context, jinja_env=jinja_env(), autoescape=True)
        doc.save(str(out / job.file_name))
    return time.perf_counter() - started


def docgen_run(jobs: list[CertificateJob], out: Path, workers: int) -> float:
    started = time.perf_counter()
    for _, error, _ in render_batch(TEMPLATE, jobs, out, workers=workers):
        assert error is None, error
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_mode() -> None:
    peaks = {}
    for n in (100, 10_000):
        code = (
            "import sys, tempfile; sys.path.insert(0, 'benchmarks');"
            "from pathlib import Path; import certificates as b;"
            f"jobs = b.records({n}); d = Path(tempfile.mkdtemp());"
            "b.docgen_run(jobs, d, 1); print(b.peak_rss_mb())"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        peaks[n] = float(done.stdout.strip().splitlines()[-1])
        print(f"n={n} peak_rss_mb={peaks[n]:.1f}")
    print(f"memory_ratio_10000_vs_100={peaks[10_000] / peaks[100]:.2f}")


def pdf_mode(n: int) -> None:
    from docgen.certificates import pdf_batches
    from docgen.pdf import find_soffice

    soffice = find_soffice()
    assert soffice, "LibreOffice is needed for --pdf"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        jobs = records(n)
        docgen_run(jobs, out / "docx", 2)
        files = sorted((out / "docx").glob("*.docx"))
        started = time.perf_counter()
        pdf_batches(files, out / "pdf-docgen", workers=2)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{out}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out / "pdf-soffice"),
                *map(str, files),
            ],
            capture_output=True,
            check=True,
        )
        baseline = time.perf_counter() - started
    print(f"pdf_docs_per_s={n / ours:.1f} soffice_batch_docs_per_s={n / baseline:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    if args.memory:
        memory_mode()
        return
    if args.pdf:
        pdf_mode(args.n)
        return
    jobs = records(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for sub in ("docxtpl", "one", "two"):
            (base / sub).mkdir()
        baseline_n = args.n
        t_docxtpl = docxtpl_loop(jobs, base / "docxtpl")
        t_one = docgen_run(jobs, base / "one", 1)
        t_two = docgen_run(jobs, base / "two", 2)
    docxtpl_rate = baseline_n / t_docxtpl
    one_rate, two_rate = args.n / t_one, args.n / t_two
    print(
        f"docxtpl: {docxtpl_rate:.1f}/s on {baseline_n}; docgen --jobs 1: {one_rate:.0f}/s; "
        f"--jobs 2: {two_rate:.0f}/s on {args.n}"
    )
    print(
        f"speedup={two_rate / docxtpl_rate:.1f} docgen_docs_per_s={two_rate:.0f} "
        f"docxtpl_docs_per_s={docxtpl_rate:.1f} peak_rss_mb={peak_rss_mb():.0f}"
    )


if __name__ == "__main__":
    main()
