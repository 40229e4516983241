"""Benchmark: the command a clerk runs, ``docgen certificates``, as a whole process (start,
imports, loading and validating the workspace, the register and its số sổ vàng, rendering,
writing, the CSV book) on generated workspaces of 1,000 and 10,000 awardees, against the
plain docxtpl loop (load, render, save per record) in the same run.

    python benchmarks/certificates.py [--runs 3] [--sizes 1000,10000] [--web-sizes 1000]
        [--memory] [--pdf]

Every timed run is a first print: the register is put back as it was after ``docgen build``
before each run, so the book numbers are given anew each time. Extra lines give the same print
from the web app's button with the workspace loaded (``--web-sizes``, default 1000: what a
clerk waits for when the app already holds the workspace, without the 0.5 s of interpreter
start and imports every command pays) and the inner figures (the render loop alone with one
and two workers). Last line:
``speedup=<x> cli_docs_per_s_1k=<y> cli_docs_per_s_10k=<z> docxtpl_docs_per_s=<w>
peak_rss_mb=<m> targets=<met|missed>`` — the speedup is the command's rate at the largest size
(10,000) over the docxtpl rate; the targets, as settled for the project, are a speedup of at least
25 at 10,000 and at least 1,200 certificates/s at 1,000 (where start-up cost dominates, so the
rate there is judged on its own, not as a ratio).
``--memory`` runs the render loop for 100 and 10,000 certificates in fresh processes and prints
their peak RSS; ``--pdf`` converts certificates and prints ``pdf_docs_per_s=<a>
soffice_batch_docs_per_s=<b>``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docgen.awards.certificates import CertificateJob, render_batch
from docgen.documents.templates import jinja_env

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace_gen import as_installed, make_workspace

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "certificates" / "bang_khen-A3.docx"
SPEC = "data/certificates/bang-khen-2024.yaml"
DECISION_PAGE = "/decisions/quyet-dinh-khen-thuong-2024"
TARGET_SPEEDUP = 25  # at 10,000 certificates, over the docxtpl loop
TARGET_RATE_1K = 1200  # certificates per second, whole process, at 1,000
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


def run_measured(command: list[str]) -> tuple[float, float, int, str]:
    """Run a command: (wall seconds, peak RSS in MB of it and its workers, exit code, stderr)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return seconds, usage.ru_maxrss / 1024, process.returncode, err.read().decode()


def docgen_command(ws: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "docgen",
        "-C",
        str(ws),
        "-q",
        "certificates",
        SPEC,
        "--out",
        str(out),
    ]


def prepared_workspace(n: int, base: Path) -> Path:
    """A workspace of ``n`` awardees with its award decision built (so it has its number)."""
    ws = make_workspace(n, base / f"ws-{n}")
    subprocess.run(
        [sys.executable, "-m", "docgen", "-C", str(ws), "-q", "build", "--out", str(ws / "output")],
        check=True,
        capture_output=True,
    )
    shutil.copy2(ws / "register.sqlite", ws / "register.after-build")
    return ws


def command_rate(ws: Path, n: int, runs: int) -> tuple[float, float]:
    """Certificates per second of the whole command (median of ``runs`` first prints) and its
    peak RSS in MB."""
    times, peaks = [], []
    for run in range(runs):
        shutil.copy2(ws / "register.after-build", ws / "register.sqlite")
        out = ws / f"cert-{run}"
        seconds, rss, code, stderr = run_measured(docgen_command(ws, out))
        assert code == 0, stderr
        assert len(list(out.glob("*.docx"))) == n
        times.append(seconds)
        peaks.append(rss)
        # outputs are kept until the end: deleting thousands of files makes the disk busy
        # (discard) during the next timed run
    return n / statistics.median(times), max(peaks)


def web_rate(ws: Path, n: int, runs: int) -> float:
    """Certificates per second printed from the web app (median of ``runs``): the clerk has
    the decision's page open (the workspace is loaded and validated, as the app keeps it) and
    presses the print button; timed from the POST to the job's end, as the page polls it. The
    web app also writes the merged printable file. Each run is a first print: the register
    is put back as it was after the build before the page is opened."""
    from docgen.web.config import users_file
    from docgen.web.users import add_user
    from web import PASSWORD, run_job, signed_in

    users = users_file(ws)
    users.parent.mkdir(parents=True, exist_ok=True)
    if not users.exists():
        add_user(users, "lan", "van_thu", PASSWORD)
    client = signed_in(ws)
    cert_id = Path(SPEC).stem
    times = []
    for _ in range(runs):
        shutil.copy2(ws / "register.after-build", ws / "register.sqlite")
        shutil.rmtree(ws / "output" / cert_id, ignore_errors=True)
        # the clerk opens the page (the app loads and validates, untimed), then presses print
        took, status = run_job(client, DECISION_PAGE, f"/certificates/{cert_id}/make", 0.01)
        times.append(took)
        printed = list((ws / "output" / cert_id).glob("*.docx"))
        assert len(printed) == n + 1, (len(printed), status)  # and the merged file
    client.close()
    return n / statistics.median(times)


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
    from docgen.awards.certificates import pdf_batches
    from docgen.documents.pdf import find_soffice

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
    as_installed()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--web-sizes", default="1000", help="sizes also printed from the web app")
    parser.add_argument("--baseline", type=int, default=1000, help="records in the docxtpl loop")
    parser.add_argument("-n", type=int, default=200, help="certificates for --pdf")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    if args.memory:
        memory_mode()
        return
    if args.pdf:
        pdf_mode(args.n)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    web_sizes = {int(s) for s in args.web_sizes.split(",") if s}
    rates: dict[int, float] = {}
    peak = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for n in sizes:
            ws = prepared_workspace(n, base)
            rates[n], rss = command_rate(ws, n, args.runs)
            peak = max(peak, rss)
            print(
                f"docgen certificates, whole process, {n} awardees: {rates[n]:.0f}/s, "
                f"peak {rss:.0f} MB"
            )
            if n in web_sizes:
                print(
                    f"the web app's print button, {n} awardees, workspace loaded: "
                    f"{web_rate(ws, n, args.runs):.0f}/s"
                )
        jobs = records(args.baseline)
        for sub in ("docxtpl", "one", "two"):
            (base / sub).mkdir()
        t_docxtpl = docxtpl_loop(jobs, base / "docxtpl")
        t_one = docgen_run(jobs, base / "one", 1)
        t_two = docgen_run(jobs, base / "two", 2)
    docxtpl_rate = args.baseline / t_docxtpl
    print(
        f"inner render loop on {args.baseline}: --jobs 1 {args.baseline / t_one:.0f}/s, "
        f"--jobs 2 {args.baseline / t_two:.0f}/s; docxtpl loop {docxtpl_rate:.1f}/s "
        f"(cpus: {os.cpu_count()})"
    )
    largest = rates[max(rates)]
    speedup = largest / docxtpl_rate
    met = speedup >= TARGET_SPEEDUP and rates.get(1000, TARGET_RATE_1K) >= TARGET_RATE_1K
    print(
        f"speedup={speedup:.1f} "
        f"cli_docs_per_s_1k={rates.get(1000, 0):.0f} cli_docs_per_s_10k={rates.get(10000, 0):.0f} "
        f"docxtpl_docs_per_s={docxtpl_rate:.1f} "
        f"peak_rss_mb={peak:.0f} targets={'met' if met else 'missed'}"
    )


if __name__ == "__main__":
    main()
