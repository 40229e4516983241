"""A template or a file to check that lacks a part Word needs (issue 24, case 6): before, a
template without word/styles.xml, numbering, settings, a header or [Content_Types].xml ended
the whole build in a KeyError traceback (exit 1); `docgen check` passed such a file. Now the
part is named, the template's documents fail with exit 3 and the others are built."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_workspace
from tests.support.cli_run import run

SPEC = "data/documents/huong-dan-snv-luu-tru.yaml"


def _without(part: str, target: Path) -> Path:
    with (
        zipfile.ZipFile(ROOT / "templates" / "state" / "document.docx") as source,
        zipfile.ZipFile(target, "w") as out,
    ):
        assert part in source.namelist()
        for name in source.namelist():
            if name != part:
                out.writestr(name, source.read(name))
    return target


@pytest.mark.parametrize(
    ("part", "said"),
    [
        ("word/styles.xml", "the part word/styles.xml named in word/_rels/document.xml.rels"),
        ("word/numbering.xml", "the part word/numbering.xml named in"),
        ("word/settings.xml", "the part word/settings.xml named in"),
        ("word/header1.xml", "the part word/header1.xml named in"),
        ("[Content_Types].xml", "its [Content_Types].xml is missing"),
    ],
)
def test_a_template_missing_a_part_fails_alone_and_says_which(
    tmp_path: Path, part: str, said: str
) -> None:
    ws = make_workspace(tmp_path / "ws")
    _without(part, ws / "templates" / "broken.docx")
    with (ws / SPEC).open("a", encoding="utf-8") as spec:
        spec.write("template: broken.docx\n")

    code, out, err = run(ws, "build")

    assert code == 3, err
    assert f"templates/broken.docx: error[TEMPLATE-READ]: {said}" in err
    assert "Word cannot open it" in err and "Traceback" not in err
    others = len(list((ws / "data" / "documents").glob("*.yaml"))) - 1
    assert f"built {others} documents in " in out and ", 1 failed" in out


def test_check_refuses_a_file_word_cannot_open(tmp_path: Path) -> None:
    broken = _without("word/styles.xml", tmp_path / "x.docx")
    code, _, err = run(tmp_path, "check", str(broken))
    assert code == 2
    assert "error[CHECK-READ]: the part word/styles.xml named in" in err
