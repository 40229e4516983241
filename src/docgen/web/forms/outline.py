"""A document's body (documents/outline.py) as the rows of the browser's outline editor, and back.

The editor shows the outline as a flat list of rows, each with a kind, an indent and its text,
so that a clerk adds, removes, moves and indents lines with plain buttons (no script needed).
The nesting is the indent: the rows under a heading, a chapter or a section and one step to the
right are its body; a clause is under an article; the points under a point are its sub-points.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

# the kinds of row, as the editor offers them (labels in forms.yaml ``rows``)
ROW_KINDS = ("text", "heading", "point", "table", "chapter", "section", "article", "clause")
# a table cell separator when typed; a tab (pasted from a spreadsheet) works too
CELL = "|"


@dataclass
class Row:
    kind: str
    level: int = 0
    text: str = ""
    extra: str = ""  # a heading's text after the colon, an article's text, a table's caption
    opts: dict[str, Any] = field(default_factory=dict)  # kept as written: widths, align, year

    @property
    def opts_json(self) -> str:
        return json.dumps(self.opts, ensure_ascii=False) if self.opts else ""


# -- outline → rows ------------------------------------------------------------------------------


def _table_text(table: dict[str, Any]) -> str:
    lines = [table.get("columns") or [], *(table.get("rows") or [])]
    return "\n".join(f" {CELL} ".join(str(c) for c in line) for line in lines)


def _point_rows(point: Any, level: int, out: list[Row]) -> None:
    if isinstance(point, dict):
        opts = {"year": point["year"]} if point.get("year") is not None else {}
        out.append(Row("point", level, str(point.get("text") or ""), opts=opts))
        for sub in point.get("points") or []:
            _point_rows(sub, level + 1, out)
    else:
        out.append(Row("point", level, str(point)))


def to_rows(items: Any, level: int = 0, out: list[Row] | None = None) -> list[Row]:
    """The rows of an outline as the data file has it (a list of text and mappings)."""
    out = [] if out is None else out
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            out.append(Row("text", level, "" if item is None else str(item)))
        elif "heading" in item:
            out.append(
                Row("heading", level, str(item["heading"] or ""), str(item.get("text") or ""))
            )
            to_rows(item.get("body"), level + 1, out)
        elif "points" in item:
            for point in item["points"] or []:
                _point_rows(point, level, out)
        elif "table" in item:
            table = item["table"] if isinstance(item["table"], dict) else {}
            opts = {k: table[k] for k in ("widths_mm", "align") if table.get(k) is not None}
            out.append(
                Row("table", level, _table_text(table), str(table.get("caption") or ""), opts)
            )
        elif "chapter" in item or "section" in item:
            kind = "chapter" if "chapter" in item else "section"
            out.append(Row(kind, level, str(item[kind] or "")))
            to_rows(item.get("body"), level + 1, out)
        elif "article" in item:
            out.append(
                Row("article", level, str(item["article"] or ""), str(item.get("text") or ""))
            )
            for clause in item.get("clauses") or []:
                if isinstance(clause, dict):
                    out.append(Row("clause", level + 1, str(clause.get("text") or "")))
                    for point in clause.get("points") or []:
                        _point_rows(point, level + 2, out)
                else:
                    out.append(Row("clause", level + 1, str(clause)))
        else:  # an item the editor has no row for: kept as one text row of its YAML
            out.append(Row("text", level, json.dumps(item, ensure_ascii=False)))
    return out


# -- rows → outline ------------------------------------------------------------------------------


def _table(row: Row) -> dict[str, Any]:
    lines = [line for line in row.text.splitlines() if line.strip()]

    def cells(line: str) -> list[str]:
        sep = "\t" if "\t" in line else CELL
        return [c.strip() for c in line.split(sep)]

    table: dict[str, Any] = {
        "columns": cells(lines[0]) if lines else [],
        "rows": [cells(line) for line in lines[1:]],
    }
    for key in ("widths_mm", "align"):
        if key in row.opts:
            table[key] = row.opts[key]
    if row.extra.strip():
        table["caption"] = row.extra.strip()
    return table


class _Reader:
    """Reads the rows back into the nested outline, noting which row each item came from."""

    def __init__(self, rows: list[Row], base: tuple[Any, ...]) -> None:
        self.rows = rows
        self.i = 0
        self.places: dict[tuple[Any, ...], int] = {}  # the item's path → its row
        self.base = base

    def _at(self, kind: str | None = None, deeper: int | None = None) -> Row | None:
        if self.i >= len(self.rows):
            return None
        row = self.rows[self.i]
        if kind is not None and row.kind != kind:
            return None
        if deeper is not None and row.level <= deeper:
            return None
        return row

    def point(self, level: int, path: tuple[Any, ...]) -> Any:
        row = self.rows[self.i]
        self.places[path] = self.i
        self.i += 1
        subs: list[str] = []
        while (sub := self._at("point", level)) is not None:
            self.places[(*path, "points", len(subs))] = self.i
            subs.append(sub.text.strip())
            self.i += 1
        if subs or "year" in row.opts:
            out: dict[str, Any] = {"text": row.text.strip()}
            if subs:
                out["points"] = subs
            if "year" in row.opts:
                out["year"] = row.opts["year"]
            return out
        return row.text.strip()

    def items(self, level: int, path: tuple[Any, ...]) -> list[Any]:
        out: list[Any] = []
        while self.i < len(self.rows) and self.rows[self.i].level >= level:
            row = self.rows[self.i]
            here = (*path, len(out))
            self.places[here] = self.i
            text = row.text.strip()
            if row.kind == "point":
                points: list[Any] = []
                while (at := self._at("point")) is not None and at.level == row.level:
                    points.append(self.point(row.level, (*here, "points", len(points))))
                out.append({"points": points})
                continue
            self.i += 1
            if row.kind in ("heading", "chapter", "section"):
                item: dict[str, Any] = {row.kind: text}
                if row.kind == "heading" and row.extra.strip():
                    item["text"] = row.extra.strip()
                body = self.items(row.level + 1, (*here, "body"))
                if body:
                    item["body"] = body
                out.append(item)
            elif row.kind == "table":
                out.append({"table": _table(row)})
            elif row.kind == "article":
                # an article without a title: "Điều 1." then its text (written ``article: ""``
                # in a new file, which drops a null key; an existing file keeps its null)
                item = {"article": text}
                if row.extra.strip():
                    item["text"] = row.extra.strip()
                clauses: list[Any] = []
                while self._at("clause", row.level) is not None:
                    clause_row = self.rows[self.i]
                    at_clause = (*here, "clauses", len(clauses))
                    self.places[at_clause] = self.i
                    self.i += 1
                    pts: list[Any] = []
                    while self._at("point", clause_row.level) is not None:
                        pts.append(
                            self.point(clause_row.level + 1, (*at_clause, "points", len(pts)))
                        )
                    text_c = clause_row.text.strip()
                    clauses.append({"text": text_c, "points": pts} if pts else text_c)
                if clauses:
                    item["clauses"] = clauses
                out.append(item)
            else:  # text, and a clause outside an article: a paragraph
                out.append(text)
        return out


def from_rows(
    rows: list[Row], base: tuple[Any, ...] = ()
) -> tuple[list[Any], dict[tuple[Any, ...], int]]:
    """The outline of the rows, and for each item's path (under ``base``) the row it came from
    (so that a message about ``body[3].points[1]`` is shown beside that row)."""
    reader = _Reader([r for r in rows if r.kind in ROW_KINDS], base)
    items = reader.items(0, base)
    while reader.i < len(reader.rows):  # rows indented deeper than the first: as if level 0
        reader.rows[reader.i].level = 0
        items += reader.items(0, (*base,))
    return items, reader.places


# -- the editor's buttons ------------------------------------------------------------------------

# a row added after one of these goes inside it: an article's clause, a clause's point
_CHILDREN = {
    ("article", "clause"),
    ("clause", "point"),
    ("chapter", "article"),
    ("section", "article"),
}


def _block_end(rows: list[Row], i: int) -> int:
    """The index after row ``i`` and every row under it."""
    j = i + 1
    while j < len(rows) and rows[j].level > rows[i].level:
        j += 1
    return j


def apply(rows: list[Row], index: int, op: str) -> list[Row]:
    """One button of the editor on row ``index`` (with the rows under it): up, down, indent,
    outdent, remove, or add:KIND (a new row of that kind after it; index -1: at the end).
    The rows given are left as they are."""
    rows = [replace(r) for r in rows]
    if op.startswith("add:"):
        kind = op.split(":", 1)[1]
        kind = kind if kind in ROW_KINDS else "text"
        if 0 <= index < len(rows):
            at = _block_end(rows, index)
            level = rows[index].level + ((rows[index].kind, kind) in _CHILDREN)
            rows.insert(at, Row(kind, level))
        else:
            rows.append(Row(kind, 0))
        return rows
    if not 0 <= index < len(rows):
        return rows
    end = _block_end(rows, index)
    block = rows[index:end]
    level = rows[index].level
    if op == "remove":
        return rows[:index] + rows[end:]
    if op == "indent" and index > 0 and rows[index - 1].level >= level:
        for row in block:
            row.level += 1
    elif op == "outdent" and level > 0:
        for row in block:
            row.level -= 1
    elif op == "up":
        prev = index - 1
        while prev >= 0 and rows[prev].level > level:
            prev -= 1
        if prev >= 0 and rows[prev].level == level:
            return rows[:prev] + block + rows[prev:index] + rows[end:]
    elif op == "down" and end < len(rows) and rows[end].level == level:
        after = _block_end(rows, end)
        return rows[:index] + rows[end:after] + block + rows[after:]
    return rows


# -- a list of points (a report's strengths, directions …) in the same editor ---------------------


def point_rows(items: Any) -> list[Row]:
    """The rows of a list of points: a point a row, its sub-points one step to the right."""
    out: list[Row] = []
    for item in items if isinstance(items, list) else []:
        _point_rows(item, 0, out)
    return out


def points_from_rows(
    rows: list[Row], base: tuple[Any, ...]
) -> tuple[list[Any], dict[tuple[Any, ...], int]]:
    """The list of points of the rows (each row read as a point), and each point's row."""
    as_points = [replace(r, kind="point", level=min(r.level, 1)) for r in rows]
    reader = _Reader(as_points, ())
    items: list[Any] = []
    found: dict[tuple[Any, ...], int] = {}
    while reader.i < len(as_points):
        as_points[reader.i].level = 0  # a sub-point with no point above it: a point
        here = (*base, len(items))
        reader.places = {}
        items.append(reader.point(0, ()))
        found.update({(*here, *path): index for path, index in reader.places.items()})
    return items, found
