"""Benchmark: `docgen import nominees` of a 5,000-row workbook and `docgen export nominees` of a
10,000-row list, each timed as a whole process, against `docgen validate` of the same
workspace (which reads the same nominees from YAML) in the same run.

    python benchmarks/excel.py [--import-rows 5000] [--export-rows 10000] [--runs 3]

The import is timed on the list as a spreadsheet program saves it (LibreOffice Calc re-saves
it), and on docgen's own export as an extra line. Targets: import ≤ 2 s, export ≤ 3 s. Last
line: ``import_5k_s=<x> export_10k_s=<y>``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docgen.excel.nominees import export_nominees

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace_gen import as_installed

from docgen.data.yaml_writer import dump

ROOT = Path(__file__).resolve().parent.parent
DOCGEN = [str(Path(sys.executable).parent / "docgen")]  # the installed command


def write_proposal(root: Path, school: str, rows: int) -> Path:
    units = ("Khoa Lý luận cơ sở", "Khoa Dân vận", "Phòng Đào tạo", "Phòng Tổ chức - Hành chính")
    individuals = [
        {
            "name": f"Nguyễn Văn Thành {i:05d}",
            "gender": "nam" if i % 2 else "nữ",
            "position": "Giảng viên chính",
            "unit": units[i % len(units)],
            "rank": 1 + i % 3,
            "achievement": "Hoàn thành xuất sắc nhiệm vụ năm học; có sáng kiến được Hội đồng "
            f"khoa học nhà trường công nhận (số {i}).",
        }
        for i in range(rows)
    ]
    head = {
        "campaign": "xd-truong-chuan",
        "year": 2024,
        "school": school,
        "date": dt.date(2024, 11, 5),
        "award": "bang-khen-giam-doc-hv",
    }
    path = root / "data" / "proposals" / "2024" / f"{school}.yaml"
    path.write_text(dump([head, {"individuals": individuals}]), encoding="utf-8")
    return path


def timed(command: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
        best = min(best, elapsed)
    return best


def resaved(book: Path, folder: Path) -> Path:
    """``book`` saved again by LibreOffice Calc, as a clerk's spreadsheet program saves it
    (the workbook itself when LibreOffice is not installed)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return book
    folder.mkdir()
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "xlsx", "--outdir", str(folder), str(book)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / book.name


def main() -> None:
    as_installed()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--export-rows", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(ROOT / "data", ws / "data")
        shutil.copytree(ROOT / "templates", ws / "templates")
        # its register, as docgen register init makes it (nothing creates one silently)
        from docgen.register import open_register

        open_register(ws / "register.sqlite", create=True)
        source = write_proposal(ws, "cao-bang", args.import_rows)
        book = Path(tmp) / "cao-bang.xlsx"
        export_nominees(ws, 2024, "cao-bang", book)
        source.unlink()  # the import writes it again
        write_proposal(ws, "son-la", args.export_rows)

        # the list as a clerk sends it back: filled in and saved by a spreadsheet program, which
        # writes its text as shared strings (docgen's own export writes inline strings)
        saved = resaved(book, Path(tmp) / "saved")
        t_import = timed(
            [*DOCGEN, "-C", str(ws), "import", "nominees", str(saved), "--year", "2024",
             "--school", "cao-bang", "--out", str(Path(tmp) / "back.yaml"), "--force"],
            args.runs,
        )  # fmt: skip
        t_import_own = timed(
            [*DOCGEN, "-C", str(ws), "import", "nominees", str(book), "--year", "2024",
             "--school", "cao-bang", "--out", str(Path(tmp) / "back-own.yaml"), "--force"],
            args.runs,
        )  # fmt: skip
        t_export = timed(
            [*DOCGEN, "-C", str(ws), "export", "nominees", "--year", "2024", "--school",
             "son-la", "--out", str(Path(tmp) / "son-la.xlsx")],
            args.runs,
        )  # fmt: skip
        t_validate = timed([*DOCGEN, "-C", str(ws), "validate"], args.runs)
    print(
        f"import of docgen's own export (inline strings, not re-saved): {t_import_own:.2f} s; "
        f"of the list as saved by {'LibreOffice Calc' if saved != book else 'docgen'}: "
        f"{t_import:.2f} s"
    )
    print(
        f"rows: import={args.import_rows} export={args.export_rows}; baseline docgen validate "
        f"({args.export_rows} nominees from YAML)={t_validate:.2f} s; "
        f"import/validate={t_import / t_validate:.2f} export/validate={t_export / t_validate:.2f}"
    )
    print(f"import_5k_s={t_import:.2f} export_10k_s={t_export:.2f}")


if __name__ == "__main__":
    main()
