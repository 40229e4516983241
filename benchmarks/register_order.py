"""Benchmark: what the date-order check costs when a number is taken, on SQLite.

    python benchmarks/register_order.py [--numbers 100] [--rounds 5] [--prefill 20000]

A register whose series already holds ``--prefill`` entries (one a day, written in one
transaction) takes ``--numbers`` more automatic numbers through ``Register.issue``, each
committed (fsync) as a build does; the baseline is the same with the check replaced by a no-op,
on a copy of the same register. The two alternate for ``--rounds`` rounds (the medians are
printed), so that a busy disk or CPU weighs on both alike. Last line:
``check_ms=<per number> baseline_ms=<per number> ratio=<check/baseline>``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from docgen.register import IssueRequest, NumberingPolicy, Register, open_register

START = dt.date(2000, 1, 1)  # one long series: the scope is a term
TERM = NumberingPolicy.model_validate(
    {"scope": "term", "terms": [{"name": "t", "start": START, "end": dt.date(2199, 12, 31)}]}
)


def request(spec: str, day: dt.date) -> IssueRequest:
    return IssueRequest(
        issuer="hvctqg",
        issuer_abbr="HVCTQG",
        system="party",
        kind="plan",
        type_abbr="KH",
        date=day,
        subject=f"Kế hoạch {spec}",
        signer="Hoàng Phúc Lâm",
        recipients=["Lưu: VT"],
        spec=spec,
    )


def prefill(path: Path, count: int) -> None:
    open_register(path)
    conn = sqlite3.connect(path)
    rows = [
        (
            "hvctqg",
            "hvctqg/term:t/*",
            n,
            f"{n:02d}-KH/HVCTQG",
            (START + dt.timedelta(days=n)).isoformat(),
            "plan",
            "KH",
            f"Kế hoạch {n}",
            "Hoàng Phúc Lâm",
            json.dumps(["Lưu: VT"]),
            f"old/{n}.yaml",
            "issued",
            "2000-01-01T00:00:00+00:00",
        )
        for n in range(1, count + 1)
    ]
    conn.executemany(
        "INSERT INTO entries (issuer, series, number, symbol, date, kind, type_abbr, subject,"
        " signer, recipients, spec, state, created_at) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()


def take(register: Register, count: int, day: dt.date, tag: str) -> float:
    """Milliseconds per number for ``count`` numbers, each committed."""
    started = time.perf_counter()
    for i in range(count):
        with register.issue(request(f"new/{tag}-{i}.yaml", day), TERM) as slot:
            slot.complete(f"output/{tag}-{i}.docx", "0" * 64)
    return (time.perf_counter() - started) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--numbers", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--prefill", type=int, default=20000)
    args = parser.parse_args()
    original: Any = Register._check_date_order
    checked_ms: list[float] = []
    plain_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.sqlite"
        prefill(base, args.prefill)
        shutil.copy(base, Path(tmp) / "checked.sqlite")
        shutil.copy(base, Path(tmp) / "plain.sqlite")
        checked = open_register(Path(tmp) / "checked.sqlite")
        plain = open_register(Path(tmp) / "plain.sqlite")
        for r in range(args.rounds):
            day = START + dt.timedelta(days=args.prefill + 1 + r)
            checked_ms.append(take(checked, args.numbers, day, f"r{r}"))
            Register._check_date_order = lambda *a, **k: None  # type: ignore[method-assign]
            try:
                plain_ms.append(take(plain, args.numbers, day, f"r{r}"))
            finally:
                Register._check_date_order = original  # type: ignore[method-assign]
    check, baseline = statistics.median(checked_ms), statistics.median(plain_ms)
    print(
        f"{args.rounds} rounds of {args.numbers} numbers after {args.prefill} entries in one "
        "series (SQLite, synchronous=FULL)"
    )
    print(f"check_ms={check:.2f} baseline_ms={baseline:.2f} ratio={check / baseline:.2f}")


if __name__ == "__main__":
    main()
