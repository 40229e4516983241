"""Data files docgen writes itself (import, init): block-style YAML that reads back unchanged.

Text is written plain where docgen's loader reads it back as the same text, and in double
quotes otherwise (a ``: `` inside, a leading ``-``, ``no``, ``001203``…), so what the loader
reads is always what was written. The first line names the file's JSON Schema for editors
(``# yaml-language-server: $schema=…``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

SCHEMA_DIR = "schemas"  # in the workspace: where `docgen schema` writes by default


def schema_file_name(kind: str) -> str:
    """The file of the JSON Schema of a kind of data file (docgen.schema lists the kinds)."""
    return f"{kind}.schema.json"


def schema_reference(data_file: Path, root: Path, kind: str) -> str:
    """The path of the workspace's schema of ``kind`` as seen from ``data_file`` (what the
    ``# yaml-language-server: $schema=…`` line of a file docgen writes says)."""
    schema = root.resolve() / SCHEMA_DIR / schema_file_name(kind)
    if root.resolve() not in data_file.resolve().parents:
        return schema.as_uri()  # a file outside the workspace names the schema in full
    return Path(os.path.relpath(schema, data_file.resolve().parent)).as_posix()


_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# YAML's printable characters (YAML 1.1 §5.1); anything else must be escaped in quotes
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
# first characters with which a plain scalar may be something other than text (as loader.py)
_SPECIAL_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)


def plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\n" in text or "\t" in text:
        return False
    if _NOT_PRINTABLE.search(text) or "\ufeff" in text:
        return False
    if text[0] not in _SPECIAL_FIRST:
        return True  # no implicit type starts with this character: it is text
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR


def _quoted(text: str) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def scalar(value: Any) -> str:
    """One value as YAML text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value if plain_ok(value) else _quoted(value)
    raise TypeError(f"no YAML form for {type(value).__name__}")


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if item is None:
                continue
            if isinstance(item, Mapping | list | tuple):
                if not item:
                    out.append(f"{pad}{scalar(key)}: {'{}' if isinstance(item, Mapping) else '[]'}")
                    continue
                out.append(f"{pad}{scalar(key)}:")
                out.extend(_lines(item, indent + 2))
            else:
                out.append(f"{pad}{scalar(key)}: {scalar(item)}")
        return out
    if isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, Mapping | list | tuple) and item:
                inner = _lines(item, indent + 2)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            else:
                out.append(f"{pad}- {scalar(item)}")
        return out
    return [f"{pad}{scalar(value)}"]


def dump(
    sections: Sequence[Mapping[str, Any]],
    *,
    schema: str | None = None,
    comments: Sequence[str] = (),
) -> str:
    """YAML text of one mapping written as ``sections`` (a blank line between them), under the
    schema line and comment lines."""
    lines: list[str] = []
    if schema is not None:
        lines.append(f"# yaml-language-server: $schema={schema}")
    lines.extend(f"# {c}" if c else "#" for c in comments)
    for i, section in enumerate(sections):
        body = _lines(section, 0)
        if not body:
            continue
        if i and lines:
            lines.append("")
        lines.extend(body)
    return "\n".join(lines) + "\n"
