"""Formula injection in CSV (issue 24, case 3): a name, a subject or a reason that a
spreadsheet would run as a formula is written so that it opens as text, in every CSV docgen
writes — the số sổ vàng book of a certificate batch, the register book (list and export),
the register's log and the statistics. Each CSV is opened in LibreOffice Calc, which would
run a formula it found."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from docgen.output import csv_cell, csv_text
from tests.conftest import make_workspace
from tests.support.cli_run import edit, run
from tests.support.tools import require

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (DDE, "'" + DDE),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        ("01/TB-SNV", "01/TB-SNV"),
        (1569, "1569"),  # a number stays a number
        (None, ""),
    ],
)
def test_a_cell_that_looks_like_a_formula_is_text(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


def _formulas(csv_file: Path, tmp_path: Path) -> list[str]:
    """The cells LibreOffice Calc reads as formulas when it opens ``csv_file``."""
    import openpyxl

    out = tmp_path / f"calc-{csv_file.stem}"
    out.mkdir()
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            # comma, double quote, UTF-8, from line 1, formulas evaluated as a clerk's Calc does
            "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(csv_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    book = openpyxl.load_workbook(out / f"{csv_file.stem}.xlsx")
    return [str(c.value) for row in book.active.iter_rows() for c in row if c.data_type == "f"]


def test_the_calc_check_sees_a_formula_written_raw(tmp_path: Path) -> None:
    """The check below can fail: a raw formula in a CSV is run by Calc."""
    require("calc")
    raw = tmp_path / "raw.csv"
    raw.write_text(f'Tên\r\n"{HYPERLINK.replace(chr(34), 2 * chr(34))}"\r\n', encoding="utf-8")
    assert _formulas(raw, tmp_path) == [HYPERLINK]
    safe = tmp_path / "safe.csv"
    safe.write_text(csv_text(["Tên"], [[HYPERLINK]]), encoding="utf-8")
    assert _formulas(safe, tmp_path) == []


def test_every_csv_docgen_writes_opens_without_a_formula(tmp_path: Path) -> None:
    """Before: the nominee's name, the document's subject and the void's reason were written
    raw into the số sổ vàng CSV, ``register export … .csv`` and ``register list --format
    csv``: Calc ran them."""
    require("calc")
    ws = make_workspace(tmp_path / "ws")
    edit(ws, "data/proposals/2024/can-tho.yaml", "name: Khoa Lý luận cơ sở", f'name: "{DDE}"')
    edit(
        ws,
        "data/documents/thong-bao-snv-ket-luan.yaml",
        "subject: ",
        f"subject: '{HYPERLINK}' # ",
    )
    assert run(ws, "build")[0] == 0
    code, _, err = run(
        ws,
        "certificates",
        str(ws / "data/certificates/bang-khen-2024.yaml"),
        "--out",
        str(ws / "cert"),
    )
    assert code == 0, err
    assert run(ws, "register", "void", "snv-nghe-an", "01/TB-SNV", "--reason", "=1+1")[0] == 0
    csvs = {
        "book": ws / "cert" / "bang-khen-2024-so-vang.csv",
        "export": ws / "register-book.csv",
        "list": ws / "list.csv",
        "log": ws / "log.csv",
        "stats": ws / "stats.csv",
    }
    assert (
        run(ws, "register", "export", "--issuer", "snv-nghe-an", "--out", str(csvs["export"]))[0]
        == 0
    )
    csvs["list"].write_text(run(ws, "register", "list", "--format", "csv")[1], encoding="utf-8")
    csvs["log"].write_text(run(ws, "register", "log", "--format", "csv")[1], encoding="utf-8")
    assert run(ws, "stats", "--format", "csv", "--out", str(csvs["stats"]))[0] == 0
    texts = {name: path.read_text(encoding="utf-8-sig") for name, path in csvs.items()}
    assert "'" + DDE in texts["book"]
    assert "'" + HYPERLINK.replace('"', '""') in texts["list"]
    assert "'=1+1" in texts["log"]
    for name, path in csvs.items():
        assert _formulas(path, tmp_path) == [], name
