"""Benchmark: the preview of a 5-page draft in the web app (issue 26's target: 4 s), against
LibreOffice and poppler doing the same conversion by hand in the same run.

    python benchmarks/preview.py [--runs 5]

Set-up (not timed): a copy of the example workspace with its register, the clerk ``lan``
signed in through Starlette's in-process client, and the form of the 5-page launching plan
(ke-hoach-1247-phat-dong) as its edit page shows it.

Timed, each of ``--runs`` (best and median reported): the request a clerk's "Xem trước" sends,
POST /documents/preview, with a trích yếu changed each time so that the draft is new and
nothing comes from the cache: the form checked, the draft rendered with its number blank,
LibreOffice's conversion, the pages drawn as PNG. The baseline, alternating with it: the same
draft's .docx converted by ``soffice --convert-to pdf`` with a fresh profile (as docgen runs it)
and drawn by ``pdftoppm`` at the web app's resolution, as two processes. Last line:
``preview_5_pages_s=<best> preview_median_s=<median> baseline_s=<best> ratio=<best / best>``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from docgen.documents.pdf import find_soffice, require_pdftoppm
from docgen.register import open_register
from docgen.web.app import create_app
from docgen.web.config import load_limits, users_file
from docgen.web.users import add_user

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.web.edit_support import form_fields  # noqa: E402  (the page's form, as sent)

SPEC = "ke-hoach-1247-phat-dong"
PASSWORD = "mat-khau-benchmark"
PAGES = 5
DOCGEN = [sys.executable, "-m", "docgen"]


def set_up(work: Path) -> tuple[TestClient, dict[str, object], Path]:
    """The signed-in client, the plan's form, and the plan as ``docgen render`` writes it (for
    the baseline: the same pages, with its number)."""
    root = work / "ws"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "templates", root / "templates")
    open_register(root / "register.sqlite", create=True)
    add_user(users_file(root), "lan", "van_thu", PASSWORD)
    client = TestClient(create_app(root))
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post(
        "/login", data={"username": "lan", "password": PASSWORD, "csrf_token": token.group(1)}
    )
    fields = form_fields(client.get(f"/documents/{SPEC}/edit").text)
    docx = work / "plan.docx"
    other = work / "render"  # a copy of its own: rendering there numbers nothing of root's
    shutil.copytree(root / "data", other / "data")
    shutil.copytree(root / "templates", other / "templates")
    open_register(other / "register.sqlite", create=True)
    subprocess.run(
        [*DOCGEN, "-C", str(other), "-q", "render", f"data/documents/{SPEC}.yaml", "-o", str(docx)],
        check=True,
        capture_output=True,
    )
    return client, fields, docx


def preview(client: TestClient, fields: dict[str, object], n: int) -> tuple[float, str]:
    """One preview of a new draft: its seconds and its first page image's address."""
    data = dict(fields)
    data["subject"] = f"{fields.get('subject', '')} (bản xem thử {n})"
    started = time.perf_counter()
    response = client.post("/documents/preview", data=data)
    if response.status_code != 200:
        sys.exit(f"the preview answered {response.status_code}: {response.text[:500]}")
    answer = response.json()
    seconds = time.perf_counter() - started
    if answer["problems"] or len(answer["pages"]) != PAGES:
        sys.exit(f"the preview failed: {answer['problems']} ({len(answer['pages'])} pages)")
    return seconds, answer["pages"][0]


def by_hand(docx: Path, work: Path, dpi: int) -> float:
    """LibreOffice then pdftoppm on ``docx``, as processes, with a fresh profile."""
    soffice, pdftoppm = find_soffice(), require_pdftoppm()
    assert soffice
    with tempfile.TemporaryDirectory(dir=work) as name:
        tmp = Path(name)
        started = time.perf_counter()
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp),
                str(docx),
            ],
            check=True,
            capture_output=True,
        )
        pdf = tmp / f"{docx.stem}.pdf"
        subprocess.run(
            [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(tmp / "p")],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
        assert len(list(tmp.glob("p-*.png"))) == PAGES
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    dpi = load_limits().preview_dpi
    with tempfile.TemporaryDirectory(prefix="docgen-bench-preview-") as name:
        work = Path(name)
        client, fields, docx = set_up(work)
        preview(client, fields, -1)  # a warm-up: the app's first request loads the workspace
        ours, base = [], []
        for n in range(args.runs):
            ours.append(preview(client, fields, n)[0])
            base.append(by_hand(docx, work, dpi))
        client.close()
    best, median = min(ours), statistics.median(ours)
    print(
        f"preview of a {PAGES}-page draft (POST /documents/preview): best {best:.2f} s, "
        f"median {median:.2f} s over {args.runs} (target 4 s)"
    )
    print(f"LibreOffice + pdftoppm by hand on the same .docx: best {min(base):.2f} s")
    print(
        f"preview_5_pages_s={best:.2f} preview_median_s={median:.2f} "
        f"baseline_s={min(base):.2f} ratio={best / min(base):.2f}"
    )


if __name__ == "__main__":
    main()
