"""The document form's texts (web/forms.yaml): every field of every kind has a Vietnamese label,
and a spec opened in the form and saved unchanged is the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.api import validate_workspace
from docgen.data.loader import load_text
from docgen.data.workspace import Workspace
from docgen.documents.kinds import registry
from docgen.web.forms import every_field, fields_of, form_texts, from_form, to_form
from docgen.web.forms.draft import check_draft
from docgen.web.forms.outline import ROW_KINDS, Row, apply
from tests.conftest import ROOT


@pytest.mark.parametrize("kind", sorted(registry()))
def test_every_field_of_every_kind_has_a_vietnamese_label(kind: str) -> None:
    unlabelled = [f.name for f in every_field(fields_of(kind)) if not f.label]
    assert unlabelled == [], f"fields of {kind} with no label in web/forms.yaml"


def test_every_row_kind_and_choice_has_a_name() -> None:
    texts = form_texts()
    assert set(texts["rows"]) == set(ROW_KINDS)
    for kind in registry():
        for f in every_field(fields_of(kind)):
            for value, shown in f.choices:
                assert shown != value or value.isdigit(), f"{f.name}: {value} has no name"


@pytest.mark.parametrize(
    "path", sorted((ROOT / "data" / "documents").glob("*.yaml")), ids=lambda p: p.stem
)
def test_an_example_opened_and_saved_unchanged_is_the_same_file(
    path: Path, example_ws: Workspace
) -> None:
    text = path.read_text(encoding="utf-8")
    display = f"data/documents/{path.name}"
    data, problems = load_text(text, display)
    assert not problems
    fields = fields_of(data["kind"])
    shown = to_form(fields, data)
    draft = from_form(fields, dict(shown.values), shown.rows)
    checked = check_draft(example_ws, path.stem, display, draft.data, text, draft.places)
    assert checked.problems == []
    assert checked.text == text


@pytest.fixture(scope="module")
def example_ws() -> Workspace:
    return validate_workspace(ROOT)


def test_the_outline_buttons_move_a_row_with_what_is_under_it() -> None:
    rows = [
        Row("heading", 0, "A"),
        Row("text", 1, "a1"),
        Row("heading", 0, "B"),
        Row("point", 1, "b1"),
    ]
    moved = apply(rows, 2, "up")
    assert [r.text for r in moved] == ["B", "b1", "A", "a1"]
    assert [r.text for r in apply(moved, 0, "down")] == ["A", "a1", "B", "b1"]
    indented = apply(rows, 2, "indent")
    assert [(r.text, r.level) for r in indented] == [("A", 0), ("a1", 1), ("B", 1), ("b1", 2)]
    assert [r.text for r in apply(rows, 0, "remove")] == ["B", "b1"]
    added = apply([Row("article", 0, "Điều")], 0, "add:clause")
    assert (added[1].kind, added[1].level) == ("clause", 1)
