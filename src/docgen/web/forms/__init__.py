"""The document form: its fields generated from the kind's JSON Schema (the pydantic models),
their Vietnamese labels, help and examples from web/forms.yaml, and the form's values turned
into the spec's data (and back)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.web.forms.bases import basis_rows, basis_rows_of, from_basis_rows, parse_line
from docgen.web.forms.outline import (
    Row,
    from_rows,
    point_rows,
    points_from_rows,
    to_rows,
)

FORMS_FILE = Path(__file__).resolve().parent.parent / "forms.yaml"
# what a field is shown as: one line, several lines, one line per item, a date, a number or
# "auto", a choice, a group of fields, the outline editor (or its points only), the bases
# editor (laws, documents and texts), a table of records (one row each: absent members, votes),
# one value read as YAML (a year or a period), a value the form keeps as YAML text (the
# advanced editor: no field of the models has one now; kept for a model's new shape)
WIDGETS = (
    "text",
    "long",
    "lines",
    "date",
    "number",
    "integer",
    "choice",
    "group",
    "outline",
    "points",
    "bases",
    "records",
    "value",
    "yaml",
)


@functools.cache
def form_texts() -> dict[str, Any]:
    """web/forms.yaml: the fields' labels, help and examples; the row kinds; choices' names."""
    data: dict[str, Any] = yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))
    return data


@dataclass
class Field:
    path: tuple[str, ...]
    widget: str
    required: bool
    label: str = ""
    help: str = ""
    example: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value, name shown)
    source: str | None = None  # choices from the workspace: signers, campaigns …
    children: list[Field] = field(default_factory=list)
    const: str | None = None
    one_text: bool = False  # a list that may be written as one text when it has one item

    @property
    def name(self) -> str:
        return ".".join(self.path)

    @property
    def key(self) -> str:
        return self.path[-1]


def _ref(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _unwrap(node: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema of a value without its ``| None``, and whether None was allowed."""
    options = node.get("anyOf")
    if isinstance(options, list):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1:
            return rest[0], len(rest) != len(options)
        return {"anyOf": rest}, len(rest) != len(options)
    return node, False


def _is_outline(node: dict[str, Any]) -> bool:
    items = node.get("items") or {}
    options = items.get("anyOf", [items])
    return node.get("type") == "array" and any(_ref(o) == "Item" for o in options)


def _is_text_list(node: dict[str, Any]) -> bool:
    if node.get("type") != "array":
        return False
    items = node.get("items") or {}
    options = items.get("anyOf", [items])
    # a list of text, or of text and references to documents/law (bases): one line each
    return any(o.get("type") == "string" for o in options) and all(
        o.get("type") == "string" or _ref(o) in ("Citation", "LawCitation") for o in options
    )


def _literals(node: dict[str, Any]) -> list[Any] | None:
    if "enum" in node:
        return list(node["enum"])
    options = node.get("anyOf")
    if isinstance(options, list) and options and all("const" in o for o in options):
        return [o["const"] for o in options]
    return None


def _widget(node: dict[str, Any], defs: dict[str, Any]) -> str:
    if _is_outline(node):
        return "outline"
    options = node.get("anyOf")
    if isinstance(options, list):
        types = {o.get("type") for o in options}
        if types == {"integer", "string"} and any(o.get("const") == "auto" for o in options):
            return "number"
        if types == {"string", "array"} and all(
            o.get("type") == "string" or _is_text_list(o) for o in options
        ):
            return "lines"
        if _literals(node) is not None:
            return "choice"
        return "yaml"
    if _literals(node) is not None:
        return "choice"
    ref = _ref(node)
    if ref is not None:
        target = defs.get(ref, {})
        return "group" if target.get("type") == "object" and "properties" in target else "yaml"
    kind = node.get("type")
    if kind == "string":
        return "date" if node.get("format") == "date" else "text"
    if kind == "integer":
        return "integer"
    if kind == "boolean":
        return "choice"
    if _is_text_list(node):
        return "lines"
    return "yaml"


def _fields(schema: dict[str, Any], defs: dict[str, Any], prefix: tuple[str, ...]) -> list[Field]:
    texts = form_texts()["fields"]
    required = set(schema.get("required", []))
    out = []
    for key, raw in schema.get("properties", {}).items():
        node, nullable = _unwrap(raw)
        path = (*prefix, key)
        name = ".".join(path)
        about = texts.get(name, {}) if isinstance(texts.get(name), dict) else {}
        widget = about.get("widget") or _widget(node, defs)
        found = Field(
            path=path,
            widget=widget,
            required=key in required and not nullable,
            label=str(about.get("label", "")),
            help=str(about.get("help", "")),
            example=str(about.get("example", "")),
            source=about.get("source"),
        )
        found.one_text = widget in ("lines", "bases") and any(
            o.get("type") == "string" for o in node.get("anyOf", [])
        )
        if "const" in node:
            found.const = str(node["const"])
        literals = _literals(node)
        if node.get("type") == "boolean":
            literals = [True, False]
        if literals is not None:
            names = form_texts().get("choices", {})
            found.choices = [(_value(v), str(names.get(_value(v), _value(v)))) for v in literals]
        if widget == "group":
            target = defs.get(_ref(node) or "", {})
            found.children = _fields(target, defs, path)
        elif widget == "yaml":
            _as_records(found, node, defs)
        out.append(found)
    order = form_texts().get("order", [])
    if not prefix and order:
        out.sort(key=lambda f: order.index(f.key) if f.key in order else len(order))
    return out


# the widgets a column of a table of records may have
_CELLS = ("text", "long", "integer", "date", "choice", "number")


def _as_records(found: Field, node: dict[str, Any], defs: dict[str, Any]) -> None:
    """A list of records of plain values (absent members, the votes of the nominees): a table,
    one row a record, its columns the record's fields; any other YAML value: one value when it
    is a scalar (a year or a period), else kept in the advanced editor."""
    items = node.get("items") or {}
    if node.get("type") == "array" and any(_ref(o) == "Point" for o in items.get("anyOf", [])):
        found.widget = "points"
        return
    if node.get("type") != "array":
        if node.get("anyOf") and all(o.get("type") in ("integer", "string") for o in node["anyOf"]):
            found.widget = "value"
        return
    target = defs.get(_ref(node.get("items") or {}) or "", {})
    if target.get("type") != "object" or not target.get("properties"):
        return
    columns = _fields(target, defs, found.path)
    if columns and all(c.widget in _CELLS for c in columns):
        found.widget = "records"
        found.children = columns


def _value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


@functools.cache
def _schema(kind: str) -> dict[str, Any]:
    from docgen.documents.kinds import registry

    result: dict[str, Any] = registry()[kind].spec_model.model_json_schema()
    return result


def fields_of(kind: str) -> list[Field]:
    """The form's fields for a spec of ``kind``, in the order a clerk fills them."""
    schema = _schema(kind)
    return _fields(schema, schema.get("$defs", {}), ())


def every_field(fields: list[Field]) -> list[Field]:
    out = []
    for f in fields:
        out.append(f)
        out += every_field(f.children)
    return out


# -- data ⇄ form values ---------------------------------------------------------------------------


def _dump_yaml(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float):  # a year, a period "2022-2025": as written
        return str(value)
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100).strip()


def _line(value: Any) -> str:
    if isinstance(value, dict):  # a citation in bases: kept as its one-line YAML
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


@dataclass
class FormValues:
    """What the form shows: one text per field, the outline editors' rows."""

    values: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)


def to_form(
    fields: list[Field], data: dict[str, Any], into: FormValues | None = None
) -> FormValues:
    """The spec's data as the form shows it."""
    into = into or FormValues()
    for f in fields:
        value = data.get(f.key) if isinstance(data, dict) else None
        if f.widget == "group":
            to_form(f.children, value if isinstance(value, dict) else {}, into)
        elif f.widget == "outline":
            into.rows[f.name] = to_rows(value or [])
        elif f.widget == "bases":
            into.rows[f.name] = basis_rows(value)
        elif f.widget == "points":
            into.rows[f.name] = point_rows(value)
        elif f.widget == "records":
            into.rows[f.name] = [
                Row("record", opts={c.key: _cell(item.get(c.key)) for c in f.children})
                for item in (value if isinstance(value, list) else [])
                if isinstance(item, dict)
            ]
        elif f.widget == "lines":
            items = [value] if isinstance(value, str) else (value or [])
            into.values[f.name] = "\n".join(_line(v) for v in items)
        elif f.widget in ("yaml", "value"):
            into.values[f.name] = _dump_yaml(value)
        elif value is None:
            into.values[f.name] = ""
        elif isinstance(value, dt.date):
            into.values[f.name] = value.isoformat()
        else:
            into.values[f.name] = _value(value)
    return into


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else _value(value)


def record_rows_of(form: Any, f: Field) -> list[Row]:
    """A table of records' rows as the form sent them (``name@i@column``)."""
    count = int(str(form.get(f"{f.name}@count") or 0) or 0)
    return [
        Row(
            "record", opts={c.key: str(form.get(f"{f.name}@{i}@{c.key}") or "") for c in f.children}
        )
        for i in range(min(count, 500))
    ]


def _records(f: Field, rows: list[Row]) -> tuple[list[Any], dict[int, int]]:
    """The records of the rows (an empty row is left out), and each record's row."""
    items: list[Any] = []
    places = {}
    for i, row in enumerate(rows):
        item = {}
        for c in f.children:
            raw = str(row.opts.get(c.key) or "")
            if raw.strip():
                item[c.key] = _from_text(c, raw)
        if item:
            places[len(items)] = i
            items.append(item)
    return items, places


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _raw(f: Field, form: Any) -> str:
    """The field's text as sent; a list chosen by ticking boxes (a ``lines`` field with a
    workspace source) sends one value per box: one line each."""
    getlist = getattr(form, "getlist", None)
    if f.widget == "lines" and f.source and getlist is not None:
        return "\n".join(str(v) for v in getlist(f.name))
    value = form.get(f.name)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value or "")


def _from_text(f: Field, raw: str) -> Any:
    """One field's text as the data file holds it; None: not written."""
    text = raw.strip()
    if f.widget == "lines":
        lines = [parse_line(line.strip()) for line in raw.splitlines() if line.strip()]
        if f.one_text and len(lines) == 1:
            return lines[0]
        return lines if lines or f.required else None
    if f.widget in ("yaml", "value"):
        if not text:
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError:
            return text  # refused by the model, beside the field
    if not text:
        return "" if f.required and f.widget in ("text", "long") else None
    if f.widget == "date":
        if _ISO.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text
        return text
    if f.widget == "number":
        return int(text) if text.isdigit() else ("auto" if text == "auto" else text)
    if f.widget == "integer":
        return int(text) if text.lstrip("-").isdigit() else text
    if f.widget == "choice" and text in ("true", "false"):
        return text == "true"
    return text


@dataclass
class Draft:
    """The spec's data as the form sent it, and which outline row each item came from."""

    data: dict[str, Any]
    rows: dict[str, list[Row]]
    places: dict[tuple[Any, ...], str] = field(default_factory=dict)  # item path → row's id


def rows_of(form: Any, name: str) -> list[Row]:
    """The outline editor's rows of field ``name`` as the form sent them."""
    rows = []
    count = int(form.get(f"{name}@count") or 0)
    for i in range(min(count, 2000)):
        kind = str(form.get(f"{name}@{i}@kind") or "")
        if not kind:
            continue
        try:
            level = max(0, min(8, int(str(form.get(f"{name}@{i}@level") or 0))))
        except ValueError:
            level = 0
        opts_text = str(form.get(f"{name}@{i}@opts") or "")
        try:
            opts = yaml.safe_load(opts_text) if opts_text else {}
        except yaml.YAMLError:
            opts = {}
        rows.append(
            Row(
                kind,
                level,
                str(form.get(f"{name}@{i}@text") or "").replace("\r\n", "\n"),
                str(form.get(f"{name}@{i}@extra") or ""),
                opts if isinstance(opts, dict) else {},
            )
        )
    return rows


def from_form(fields: list[Field], form: Any, rows: dict[str, list[Row]] | None = None) -> Draft:
    """The spec's data from the form (``rows``: the outline rows, when already read)."""
    draft = Draft({}, dict(rows or {}))

    def fill(group: list[Field], out: dict[str, Any]) -> None:
        for f in group:
            if f.const is not None:
                out[f.key] = f.const
            elif f.widget == "group":
                inner: dict[str, Any] = {}
                fill(f.children, inner)
                if any(v not in (None, "", []) for v in inner.values()) or f.required:
                    out[f.key] = {k: v for k, v in inner.items() if v is not None}
            elif f.widget in ("outline", "points"):
                rows_here = draft.rows.get(f.name)
                if rows_here is None:
                    rows_here = draft.rows[f.name] = rows_of(form, f.name)
                read = from_rows if f.widget == "outline" else points_from_rows
                items, places = read(rows_here, f.path)
                for path, index in places.items():
                    draft.places[path] = f"{f.name}@{index}"
                if items or f.required:
                    out[f.key] = items
            elif f.widget == "records":
                rows_here = draft.rows.get(f.name)
                if rows_here is None:
                    rows_here = draft.rows[f.name] = record_rows_of(form, f)
                records, where = _records(f, rows_here)
                for n, index in where.items():
                    draft.places[(*f.path, n)] = f"{f.name}@{index}"
                if records or f.required:
                    out[f.key] = records
            elif f.widget == "bases":
                rows_here = draft.rows.get(f.name)
                if rows_here is None:
                    rows_here = draft.rows[f.name] = basis_rows_of(form, f.name)
                bases, at = from_basis_rows(rows_here, f.path)
                for path, index in at.items():
                    draft.places[path] = f"{f.name}@{index}"
                if f.one_text and len(bases) == 1:  # as the one-line-a-basis box did
                    out[f.key] = bases[0]
                elif bases or f.required:
                    out[f.key] = bases
            else:
                value = _from_text(f, _raw(f, form))
                if value is not None:
                    out[f.key] = value

    fill(fields, draft.data)
    return draft
