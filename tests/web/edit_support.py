"""What the edit tests share: the fields a browser sends from a page's document form."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") == "checkbox":
                if "checked" in a:  # ticked boxes of one name: a list of their values
                    self.values.setdefault(name, []).append(a.get("value", ""))
                return
            self.values[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._first_option = None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self.values.setdefault(self._select, value)
            if "selected" in a:
                self.values[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            text = self.values[self._textarea] + data
            # a browser drops the newline right after <textarea>
            self.values[self._textarea] = text.removeprefix("\n")


def form_fields(html: str, form_id: str = "doc-form") -> dict[str, Any]:
    """The fields the document form sends as the page shows it (no button pressed)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    assert reader.values, "the page has no document form"
    return reader.values


def set_rows(fields: dict[str, Any], name: str, rows: list[tuple[str, int, str, str]]) -> None:
    """Replace the outline editor ``name``'s rows: (kind, indent, text, second text)."""
    for key in [k for k in fields if k.startswith(f"{name}@")]:
        del fields[key]
    fields[f"{name}@count"] = str(len(rows))
    for i, (kind, level, text, extra) in enumerate(rows):
        fields[f"{name}@{i}@kind"] = kind
        fields[f"{name}@{i}@level"] = str(level)
        fields[f"{name}@{i}@text"] = text
        fields[f"{name}@{i}@extra"] = extra
        fields[f"{name}@{i}@opts"] = ""
