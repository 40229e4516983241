"""Benchmark: ``docgen build`` of a workspace whose award decision lists N individuals, as a
process (wall time and peak RSS), against the same build of the stock proposals in the same run.

    python benchmarks/award_decision.py [--sizes 1000 10000] [--keep DIR]

The workspace is a copy of the repository's data/ and templates/ keeping one decision (the
Học viện's Bằng khen, grouped by school, in given-name order) and the two plans it cites; its
proposals are replaced by generated ones: N individuals and a few collectives spread over the
34 schools. ``--keep DIR`` leaves the workspaces and their outputs there (to open the 10,000-row
decision in LibreOffice).

It then renders the largest decision once more in this process, with docgen and with plain
docxtpl from the same context, and checks that the two files are the same bytes.

Each size is built twice: first in a new workspace (nothing cached), then once more as a clerk
builds again (the register and output removed, the parsed proposals cached in .docgen-cache).
Last line: ``rows_1k_s=<a> rows_10k_s=<b> rows_10k_next_s=<c> peak_rss_mb_10k=<d>
ratio=<b / stock build>`` (a and b: the first builds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the workspace generator is shared with the tests

from tests.support.big_decision import DECISION, make_decision_workspace  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from workspace_gen import as_installed  # noqa: E402

from docgen.register import open_register  # noqa: E402


def timed_build(ws: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system: less swayed by a busy
    machine than the wall time) of ``docgen build`` of ``ws`` in a fresh process."""
    out = ws / "output"
    if out.exists():
        shutil.rmtree(out)
    register = ws / "register.sqlite"
    register.unlink(missing_ok=True)
    # a new register, as docgen register init makes it (no build creates one silently)
    open_register(register, create=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600"}
    command = [sys.executable, "-m", "docgen", "-C", str(ws), "build", "-q", "--out", str(out)]
    code = (
        "import resource, subprocess, sys; "
        "r = subprocess.run(sys.argv[1:]); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(u.ru_maxrss, u.ru_utime + u.ru_stime); sys.exit(r.returncode)"
    )
    # a wrapper process per build, so RUSAGE_CHILDREN holds this build alone
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *command], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"docgen build failed:\n{done.stderr}")
    peak_kb, cpu = done.stdout.strip().splitlines()[-1].split()
    assert (out / "quyet-dinh-khen-thuong-2024-HVCTQG.docx").is_file()
    return seconds, int(peak_kb) / 1024, float(cpu)


def render_both_ways(ws: Path) -> tuple[float, float]:
    """Seconds to render the decision of ``ws`` with docgen (the list spliced in) and with
    plain docxtpl (rendered in place), from the same context; the two files must be equal."""
    import io

    from docxtpl import DocxTemplate

    from docgen.api import _context
    from docgen.data.workspace import load_workspace
    from docgen.documents.render import keep_end_with_signature, render_docx
    from docgen.documents.templates import jinja_env
    from docgen.output import reproducible_zip

    workspace = load_workspace(ws)
    template = ws / "templates" / "party" / "decision_award.docx"
    context = _context(workspace, DECISION, "1569-QĐ/HVCTQG", ["Căn cứ …"])
    started = time.perf_counter()
    ours = render_docx(template, context, record=DECISION, shown=template.name)
    docgen_s = time.perf_counter() - started
    started = time.perf_counter()
    doc = DocxTemplate(str(template))
    doc.render(context, jinja_env=jinja_env(), autoescape=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    # the signature kept with the last lines of text, as docgen's render does (issue 18)
    theirs = reproducible_zip(buffer.getvalue(), lambda xml: [keep_end_with_signature(xml, [])])
    docxtpl_s = time.perf_counter() - started
    assert ours == theirs, "the spliced list differs from docxtpl's own rendering"
    return docgen_s, docxtpl_s


def main() -> None:
    as_installed()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--keep", type=Path, help="leave the workspaces in this folder")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="docgen-award-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        stock_s, stock_mb, stock_cpu = timed_build(make_decision_workspace(base / "stock", None))
        print(f"stock (47 individuals): {stock_s:.2f} s ({stock_cpu:.2f} s CPU), {stock_mb:.0f} MB")
        figures: dict[int, tuple[float, float, float]] = {}
        again: dict[int, tuple[float, float, float]] = {}
        for n in args.sizes:
            ws = make_decision_workspace(base / f"rows-{n}", n)
            figures[n] = timed_build(ws)
            again[n] = timed_build(ws)
            for when, (wall, peak, cpu) in (("first", figures[n]), ("next", again[n])):
                print(
                    f"{n} individuals, {when} build: {wall:.2f} s ({cpu:.2f} s CPU), "
                    f"peak RSS {peak:.0f} MB"
                )
        big = max(figures)
        docgen_s, docxtpl_s = render_both_ways(base / f"rows-{big}")
        print(
            f"rendering the {big}-row decision: docgen {docgen_s:.2f} s, plain docxtpl "
            f"{docxtpl_s:.2f} s (same bytes)"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(base)
    small = min(figures)
    print(
        f"rows_1k_s={figures[small][0]:.2f} rows_10k_s={figures[big][0]:.2f} "
        f"rows_10k_next_s={again[big][0]:.2f} peak_rss_mb_10k={figures[big][1]:.0f} "
        f"ratio={figures[big][0] / stock_s:.2f}"
    )


if __name__ == "__main__":
    main()
