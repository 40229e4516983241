"""`docgen init` makes a workspace that builds at once; `docgen schema` describes every data
file, and every example data file fits its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from docx import Document

from docgen.checker import check_docx
from docgen.cli.main import cli
from docgen.data.loader import load_yaml
from docgen.schema import FILE_KINDS, json_ready, kind_of, schema_for

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- init ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "name", "symbol", "header"),
    [
        ("state", "Sở Nội vụ tỉnh Nghệ An", "01/KH-SNV", ["SỞ NỘI VỤ", "TỈNH NGHỆ AN"]),
        ("party", "Trường Chính trị tỉnh Lào Cai", "01-KH/TCT", ["TRƯỜNG CHÍNH TRỊ"]),
    ],
)
def test_init_then_build(
    tmp_path: Path, system: str, name: str, symbol: str, header: list[str]
) -> None:
    office = tmp_path / "van-phong"
    code, out, err = run("init", str(office), "--system", system, "--name", name)
    assert code == 0, err
    assert out.endswith(f"next: docgen -C {office} build\n")
    # the workspace has its identity and its register, made here and nowhere else
    settings = (office / "data" / "settings.yaml").read_text(encoding="utf-8")
    assert re.search(r"^workspace: [0-9a-f]{32}$", settings, re.M), settings
    assert (office / "register.sqlite").is_file()
    code, out, err = run("-C", str(office), "build", "--check")
    assert code == 0, err + out
    assert f"({symbol})" in out
    assert "checked 1 documents: 0 format errors" in out
    built = next((office / "output").glob("*.docx"))
    assert not check_docx(built).errors
    text = [p.text for p in Document(str(built)).paragraphs]
    cells = [c.text for t in Document(str(built)).tables for r in t.rows for c in r.cells]
    assert all(any(line in cell for cell in cells) for line in header), cells
    assert any(p.startswith("Tổ chức phong trào thi đua năm") for p in text)


def test_init_writes_data_files_that_name_their_schemas(tmp_path: Path) -> None:
    office = tmp_path / "ws"
    code, _, err = run("init", str(office), "--name", "Sở Nội vụ tỉnh Nghệ An")
    assert code == 0, err
    data_files = sorted(p for p in (office / "data").rglob("*.yaml") if "law" not in p.parts)
    shown = [re.sub(r"\d{4}", "YYYY", p.relative_to(office).as_posix()) for p in data_files]
    assert shown == [
        "data/campaigns/thi-dua-YYYY.yaml",
        "data/documents/ke-hoach-thi-dua-YYYY.yaml",
        "data/issuers.yaml",
        "data/settings.yaml",
    ]
    for path in data_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.exists(), schema
        source, problems = load_yaml(path)
        assert not problems
        jsonschema.validate(json_ready(source.data), json.loads(schema.read_text("utf-8")))


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, _, err = run("init", str(tmp_path))
    assert code == 5
    assert err.splitlines()[0] == (
        f"error[OUTPUT-NOT-EMPTY]: {tmp_path} is not empty: docgen init makes a workspace in a "
        "new or empty folder"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# -- schemas ------------------------------------------------------------------------------------


def example_files() -> list[Path]:
    return sorted((ROOT / "data").rglob("*.yaml"))


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_example_data_file_fits_its_schema(path: Path) -> None:
    kind = kind_of(path.relative_to(ROOT).as_posix())
    assert kind is not None, f"no schema for {path}"
    source, problems = load_yaml(path)
    assert not problems
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json_ready(source.data)))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    ("relative", "text", "replacement", "message"),
    [
        ("data/issuers.yaml", "  abbr: HVCTQG\n", "", "'abbr' is a required property"),
        ("data/proposals/2024/lao-cai.yaml", "gender: nữ", "gender: female", "'female' is not"),
        ("data/documents/ke-hoach-2024.yaml", "kind: plan", "kind: plann", "'plann'"),
        ("data/law/awards.yaml", "recipients: both", "recipients: all", "'all' is not one of"),
    ],
)
def test_a_schema_refuses_what_docgen_refuses(
    tmp_path: Path, relative: str, text: str, replacement: str, message: str
) -> None:
    original = (ROOT / relative).read_text(encoding="utf-8")
    assert text in original
    broken = tmp_path / Path(relative).name
    broken.write_text(original.replace(text, replacement, 1), encoding="utf-8")
    source, _ = load_yaml(broken)
    kind = kind_of(relative)
    assert kind is not None
    errors = list(jsonschema.Draft202012Validator(schema_for(kind)).iter_errors(
        json_ready(source.data)))  # fmt: skip
    assert any(message in e.message for e in errors), [e.message for e in errors]


def test_schema_command_writes_one_file_per_kind(tmp_path: Path) -> None:
    code, out, err = run("-C", str(tmp_path), "schema")
    assert code == 0, err
    assert out.strip() == f"wrote {len(FILE_KINDS)} schemas in {tmp_path / 'schemas'}"
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == sorted(k.file_name for k in FILE_KINDS)
    document = json.loads((tmp_path / "schemas" / "document.schema.json").read_text("utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert sorted(document["discriminator"]["mapping"]) == [
        "decision_award",
        "decision_launch",
        "document",
        "minutes",
        "plan",
        "proposal",
        "report",
    ]
