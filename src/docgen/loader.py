"""YAML → plain data with a line/column for every value; closes PyYAML's silent traps.

The libyaml-based composer (``yaml.CSafeLoader``) builds the node tree in C and keeps marks;
we construct Python values from the nodes ourselves, which lets us:

* reject duplicate keys (PyYAML silently keeps the last one);
* refuse YAML 1.1 booleans other than true/false (``no``, ``on``, ``y`` …) and numbers that
  silently lose digits (``001203``, octal ``0755``, base-60 ``8:30``): the clerk quotes them;
* explain impossible dates (``2025-02-30``) instead of failing with a traceback;
* normalise every string to NFC (vietnamese.md "Unicode");
* stop alias bombs before they expand.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.errors import Diagnostic, Location, Severity
from docgen.vn.dates import check_date
from docgen.vn.text import detect_legacy_encoding, find_forbidden_xml_chars

try:  # the C composer is ~4× faster; PyYAML without libyaml still works, only slower
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
# First characters with which a plain scalar may be something other than text (bool, int,
# float, null, timestamp, merge, value): any other first character means text.
_SPECIAL_FIRST = frozenset(k for k in yaml.SafeLoader.yaml_implicit_resolvers if k)


class _Loader(_BaseLoader):
    """libyaml's composer with a faster tag resolver.

    The C parser calls the pure-Python resolver for every scalar, which costs half the load
    time; most scalars are plain Vietnamese text whose first letter already decides the tag.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0] and value and value[0] not in _SPECIAL_FIRST:
            return _STR_TAG
        return str(super().resolve(kind, value, implicit))


KeyPath = tuple[str | int, ...]

_TRUE_FALSE = {"true", "false"}
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_BASE_60 = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

# An alias may be expanded this many times over the number of distinct nodes before the file
# is treated as an alias bomb ("billion laughs").
_ALIAS_EXPANSION_FACTOR = 10
_ALIAS_EXPANSION_FLOOR = 100_000


@dataclass
class Source:
    """One loaded YAML file: its data and where each value (and each key) stands."""

    path: Path
    display: str
    data: Any
    value_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest ancestor that has one."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while True:
            mark = marks.get(probe) or (self.value_marks.get(probe) if key else None)
            if mark is not None:
                return Location(self.display, mark[0], mark[1])
            if not probe:
                return Location(self.display)
            probe = probe[:-1]


class _Builder:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []
        self.constructed = 0
        self.distinct: set[int] = set()

    def error(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        loc = Location(self.source.display, mark.line + 1, mark.column + 1)
        self.problems.append(Diagnostic(code, message, loc, Severity.ERROR, hint))

    def build(self, node: Node, path: KeyPath) -> Any:
        self.constructed += 1
        self.distinct.add(id(node))
        limit = max(_ALIAS_EXPANSION_FLOOR, _ALIAS_EXPANSION_FACTOR * len(self.distinct))
        if self.constructed > limit:
            raise _AliasBomb(node)
        mark = node.start_mark
        self.source.value_marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover

    def mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        pairs = list(node.value)
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in pairs:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for src in sources:
                    if isinstance(src, MappingNode):
                        merged.extend(src.value)
                    else:
                        self.error(src, "DATA-MERGE", "'<<' must merge a mapping")
        own_keys = {
            k.value
            for k, _ in pairs
            if isinstance(k, ScalarNode) and k.tag != "tag:yaml.org,2002:merge"
        }
        for key_node, value_node in merged:
            if isinstance(key_node, ScalarNode) and key_node.value not in own_keys:
                pairs.append((key_node, value_node))
                own_keys.add(key_node.value)
        for key_node, value_node in pairs:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(
                    key_node, "DATA-KEY", "a key must be a plain word, not a list or mapping"
                )
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self.error(
                    key_node,
                    "DATA-DUPLICATE-KEY",
                    f"key '{key}' appears twice in the same mapping (first at line "
                    f"{first_seen[key]}); YAML would silently keep only the last one",
                    "remove or rename one of them",
                )
                continue
            first_seen[key] = line
            child = (*path, key)
            self.source.key_marks[child] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == "tag:yaml.org,2002:str" or node.style in ("'", '"', "|", ">"):
            return self.text(node, text)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            if text.lower() in _TRUE_FALSE:
                return text.lower() == "true"
            self.error(
                node,
                "DATA-YAML-BOOL",
                f"'{text}' is read by YAML as a yes/no value, not as text",
                f'write true or false for a yes/no setting, or quote the text: "{text}"',
            )
            return text
        if tag == "tag:yaml.org,2002:int":
            if (
                _LEADING_ZERO.match(text)
                or _BASE_60.match(text)
                or text.lower().startswith(("0o", "0x", "0b", "-0x", "+0x"))
            ):
                self.error(
                    node,
                    "DATA-YAML-NUMBER",
                    f"'{text}' would be read as the number {_construct_plain(node)!r}, "
                    "losing its leading zeros or changing its value",
                    f'quote it to keep it as written: "{text}"',
                )
                return text
            return int(text.replace("_", ""))
        if tag == "tag:yaml.org,2002:float":
            if _BASE_60.match(text):
                self.error(
                    node,
                    "DATA-YAML-NUMBER",
                    f"'{text}' would be read as a base-60 number",
                    f'quote it: "{text}"',
                )
                return text
            return _construct_plain(node)
        if tag == "tag:yaml.org,2002:timestamp":
            return self.timestamp(node, text)
        self.error(node, "DATA-TAG", f"unsupported YAML tag {tag}")
        return text

    def text(self, node: ScalarNode, text: str) -> str:
        forbidden = find_forbidden_xml_chars(text)
        if forbidden:
            position, char = forbidden[0]
            self.error(
                node,
                "DATA-CHAR",
                f"the text contains the control character U+{ord(char):04X} "
                f"at position {position + 1}, which a Word document cannot hold",
                "delete it (it usually comes from copying out of a PDF or an old program)",
            )
        legacy = detect_legacy_encoding(text)
        if legacy:
            self.error(
                node,
                "DATA-LEGACY-TEXT",
                f"the text looks typed with a legacy {legacy} font, not Unicode: '{text[:40]}'",
                "convert it to Unicode (for example with UniKey's converter) or retype it",
            )
        return unicodedata.normalize("NFC", text)

    def timestamp(self, node: ScalarNode, text: str) -> Any:
        match = _DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            why = check_date(year, month, day)
            if why is not None:
                self.error(node, "DATA-DATE", f"'{text}' is not a real date: {why}")
                return text
            return dt.date(year, month, day)
        try:
            return _construct_plain(node)
        except ValueError as exc:
            self.error(node, "DATA-DATE", f"'{text}' is not a real date and time: {exc}")
            return text


class _AliasBomb(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def _construct_plain(node: ScalarNode) -> Any:
    """The value PyYAML itself would give a scalar (used for messages and floats)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_yaml(path: Path, display: str | None = None) -> tuple[Source, list[Diagnostic]]:
    """Load one YAML file. Returns its source and every problem found (never raises for data)."""
    shown = display or str(path)
    source = Source(path, shown, None)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return source, [
            Diagnostic("DATA-READ", f"cannot read the file: {exc.strerror}", Location(shown))
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return source, [
            Diagnostic(
                "DATA-ENCODING",
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X})",
                Location(shown, line),
                hint="save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)",
            )
        ]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}: {what}"
        return source, [Diagnostic("DATA-YAML", f"YAML syntax error: {what}", loc)]
    except yaml.YAMLError as exc:
        return source, [Diagnostic("DATA-YAML", f"YAML syntax error: {exc}", Location(shown))]
    if node is None:
        return source, [Diagnostic("DATA-EMPTY", "the file is empty", Location(shown, 1))]
    builder = _Builder(source)
    try:
        source.data = builder.build(node, ())
    except _AliasBomb as bomb:
        mark = bomb.node.start_mark
        return source, [
            Diagnostic(
                "DATA-ALIAS-BOMB",
                "YAML aliases (*name) expand this file to more than "
                f"{builder.constructed:,} values; refused",
                Location(shown, mark.line + 1, mark.column + 1),
                hint="write the values out instead of repeating anchors inside anchors",
            )
        ]
    return source, builder.problems
