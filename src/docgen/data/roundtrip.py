"""A data file changed from a form, written back keeping the clerk's comments, order and layout.

The browser's forms send the file's whole data; :func:`updated_text` applies it onto the text the
file has now with ruamel.yaml's round trip: a key whose value did not change keeps its text (and
its quotes and the comments around it), keys keep their order, new keys go at the end of their
mapping and removed keys go with their comments. New text is written plain only where docgen's
own loader (YAML 1.1, PyYAML's resolvers) reads it back as the same text, as docgen.data.yaml_writer
decides, so "no", "001203" or "12:30" stay text. The result is read back with the workspace's
loader and must give exactly the data sent; if it does not, the file is written afresh by
yaml_writer with the file's leading comment lines kept, never a file that reads differently.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from docgen.data.loader import load_text
from docgen.data.yaml_writer import dump, plain_ok


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # a line the clerk wrote long stays one line: nothing is re-flowed
    rt.indent(mapping=2, sequence=4, offset=2)  # "key:\n  - item", as yaml_writer writes
    return rt


def _new(value: Any) -> Any:
    """A value of the form as ruamel.yaml writes it so that docgen reads it back the same."""
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            if item is not None:
                out[key] = _new(item)
        return out
    if isinstance(value, list | tuple):
        seq = CommentedSeq()
        seq.extend(_new(item) for item in value)
        return seq
    if isinstance(value, str) and not plain_ok(value):
        return DoubleQuotedScalarString(value)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, bool) or isinstance(old, bool):
        return type(old) is type(new) and old == new
    if isinstance(new, dt.date) and isinstance(old, dt.date):
        return old == new and isinstance(old, dt.datetime) == isinstance(new, dt.datetime)
    if isinstance(old, str) and isinstance(new, str):
        return old == new  # a folded or quoted string of the file keeps its form
    return isinstance(old, int | float) and type(old) is type(new) and old == new


def _merge(node: Any, new: Any) -> Any:
    """``node`` (what the file holds) changed in place into ``new``; returns what to keep."""
    if isinstance(node, CommentedMap) and isinstance(new, Mapping):
        # the loader reads every key as text: 2024 in the file is "2024" in the data
        keys = {str(k): k for k in node}
        wanted = {str(k): v for k, v in new.items()}
        for text, key in keys.items():
            if text not in wanted or (wanted[text] is None and node[key] is not None):
                del node[key]
        for text, item in wanted.items():
            if text in keys and keys[text] in node:
                node[keys[text]] = _merge(node[keys[text]], item)
            elif item is not None:
                node[text] = _new(item)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, Sequence) and not isinstance(new, str):
        items = list(new)
        while len(node) > len(items):
            del node[len(node) - 1]
        for i, item in enumerate(items):
            if i < len(node):
                node[i] = _merge(node[i], item)
            else:
                node.append(_new(item))
        return node
    if node is None and new is None:
        return None
    return node if _same(node, new) else _new(new)


def _leading_comments(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].removeprefix(" "))
    return lines


def updated_text(old_text: str | None, data: Mapping[str, Any], display: str) -> str:
    """The text of a data file holding ``data``, written over ``old_text`` (None: a new file)
    keeping what of it still holds. ``display`` names the file in the loader's messages."""
    if old_text and old_text.strip():
        try:
            rt = _yaml()
            tree = rt.load(old_text)
            if isinstance(tree, CommentedMap):
                tree = _merge(tree, data)
                out = io.StringIO()
                rt.dump(tree, out)
                text = out.getvalue()
                if _reads_as(text, data, display):
                    return text
        except (YAMLError, ValueError):
            # not YAML any more, or a value ruamel cannot construct (an impossible date such as
            # 2025-02-30): written afresh below
            pass
    comments = _leading_comments(old_text or "")
    return dump([{k: v for k, v in data.items()}], comments=comments)


def _reads_as(text: str, data: Mapping[str, Any], display: str) -> bool:
    read, problems = load_text(text, display)
    return not problems and _plain(read) == _plain(data)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
