"""The register's bounds (issue 23, case 7): a number or số sổ vàng past rules/register.yaml is
a located error at validation, never a traceback nor a number that later overflows."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.rules import register_limits
from tests.conftest import make_workspace
from tests.support.cli_run import edit, run

SPEC = "data/documents/cong-van-hvctqg-125.yaml"
CERTIFICATES = "data/certificates/bang-khen-2024.yaml"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        # before: accepted, then every auto number of the series ended in an OverflowError
        ("9223372036854775807", "a number by hand must be at most 999999 (rules/register.yaml)"),
        ("1000000", "a number by hand must be at most 999999 (rules/register.yaml)"),
        # before: a traceback at once
        ("1e29", "'number' must be a whole number or auto, not text '1e29'"),
    ],
)
def test_a_number_past_the_bound_is_a_located_error(
    tmp_path: Path, written: str, message: str
) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, SPEC, "number: 125", f"number: {written}")
    code, _, err = run(ws, "validate")
    assert code == 2, err
    assert f"{SPEC}:8:9: error[DATA-" in err and message in err, err
    assert "Traceback" not in err


def test_the_bound_is_data() -> None:
    assert register_limits().number_max == 999999
    assert register_limits().book_max == 99999999


def test_a_book_start_past_the_bound_is_a_located_error(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, CERTIFICATES, "book_start: 1\n", "book_start: 100000000\n")
    assert run(ws, "build")[0] == 0
    code, _, err = run(ws, "certificates", str(ws / CERTIFICATES), "--out", str(ws / "out"))
    assert code == 2, err
    assert "must be at most 99999999 (rules/register.yaml)" in err and "Traceback" not in err


def test_a_batch_whose_last_book_number_would_pass_the_bound_takes_none(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    edit(ws, CERTIFICATES, "book_start: 1\n", "book_start: 99999990\n")
    assert run(ws, "build")[0] == 0
    code, _, err = run(ws, "certificates", str(ws / CERTIFICATES), "--out", str(ws / "out"))
    assert code == 2, err
    assert "error[CERT-BOOK-LIMIT]: the 58 số sổ vàng from 99999990 would pass 99999999" in err
    assert not (ws / "out").exists() or not list((ws / "out").glob("*.docx"))
    # no số sổ vàng was kept: printed again from 1, everyone gets 0001 …, none 99999990
    edit(ws, CERTIFICATES, "book_start: 99999990\n", "book_start: 1\n")
    code, _, err = run(ws, "certificates", str(ws / CERTIFICATES), "--out", str(ws / "out"))
    assert code == 0, err
    books = "".join(p.read_text(encoding="utf-8") for p in (ws / "out").glob("*.csv"))
    assert "0001" in books and "99999990" not in books
