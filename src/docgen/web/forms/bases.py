"""A document's bases (Căn cứ) as the rows of the form's bases editor, and back: each row is a
text written by the clerk, a law of the workspace's law table (``{law: decree}``) or another
document of the workspace (``{cite: id, by: …}``), shown by name, never by id."""

from __future__ import annotations

from typing import Any

import yaml

from docgen.web.forms.outline import Row

# the kinds of row (their names: forms.yaml ``basis_kinds``)
BASIS_KINDS = ("text", "law", "cite")


def _line(value: Any) -> str:
    if isinstance(value, dict):  # neither law nor citation: kept as its one-line YAML
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return "" if value is None else str(value)


def basis_rows(items: Any) -> list[Row]:
    """The rows of the bases as the data file has them (one text, or a list)."""
    out = []
    for item in [items] if isinstance(items, str) else (items or []):
        if isinstance(item, dict) and set(item) == {"law"}:
            out.append(Row("law", text=str(item["law"] or "")))
        elif isinstance(item, dict) and "cite" in item and set(item) <= {"cite", "by"}:
            out.append(Row("cite", text=str(item["cite"] or ""), extra=str(item.get("by") or "")))
        else:
            out.append(Row("text", text=_line(item)))
    return out


def parse_line(text: str) -> Any:
    """One line of a list field as sent: a one-line YAML mapping (``{cite: …, by: …}``) read
    as that mapping, any other line as its text."""
    if text.startswith("{") and text.endswith("}"):
        try:
            found = yaml.safe_load(text)
        except yaml.YAMLError:
            return text
        return found if isinstance(found, dict) else text
    return text


def from_basis_rows(
    rows: list[Row], base: tuple[Any, ...]
) -> tuple[list[Any], dict[tuple[Any, ...], int]]:
    """The bases of the rows (an empty row is left out), and each item's path → its row."""
    items: list[Any] = []
    places: dict[tuple[Any, ...], int] = {}
    for i, row in enumerate(rows):
        text = row.text.strip()
        if not text:
            continue
        places[(*base, len(items))] = i
        if row.kind == "law":
            items.append({"law": text})
        elif row.kind == "cite":
            by = row.extra.strip()
            items.append({"cite": text, "by": by} if by else {"cite": text})
        else:
            items.append(parse_line(text))
    return items, places


def basis_rows_of(form: Any, name: str) -> list[Row]:
    """The bases editor's rows of field ``name`` as the form sent them."""
    rows = []
    count = int(str(form.get(f"{name}@count") or 0) or 0)
    for i in range(min(count, 500)):
        kind = str(form.get(f"{name}@{i}@kind") or "")
        if kind in BASIS_KINDS:
            text = str(form.get(f"{name}@{i}@text") or "")
            rows.append(Row(kind, 0, text, str(form.get(f"{name}@{i}@extra") or "")))
    return rows


def apply_basis(rows: list[Row], index: int, op: str) -> list[Row]:
    """One button of the bases editor (or of a table of records) on row ``index``: up, down,
    remove, or add:KIND (a new row of that kind at the end; a table's: ``record``). The rows
    given are left as they are."""
    rows = list(rows)
    if op.startswith("add:"):
        kind = op.split(":", 1)[1]
        rows.append(Row(kind if kind in (*BASIS_KINDS, "record") else "text"))
        return rows
    if not 0 <= index < len(rows):
        return rows
    if op == "remove":
        del rows[index]
    elif op == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif op == "down" and index + 1 < len(rows):
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows
