"""YAML → plain data with a line/column for every value; closes PyYAML's silent traps.

libyaml's composer (``yaml.CSafeLoader``) builds the node tree in C, marks kept; docgen builds
the values from the nodes itself, which lets it:

* reject duplicate keys (PyYAML silently keeps the last one);
* refuse YAML 1.1 booleans other than true/false (``no``, ``on``, ``y`` …) and numbers that
  silently lose digits (``001203``, octal ``0755``, base-60 ``8:30``): the clerk quotes them;
* explain impossible dates (``2025-02-30``) instead of failing with a traceback;
* normalise every string to NFC (vietnamese.md "Unicode");
* stop alias bombs before they expand, and aliases that contain themselves.

Lines and columns are found only when a message needs them (``Source.locate``), not mapped.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.data import parse_cache
from docgen.data.process import one_command
from docgen.data.yaml_problems import syntax_message
from docgen.errors import Diagnostic, Location, Severity
from docgen.rules import data_limits
from docgen.vn.dates import check_date
from docgen.vn.text import (
    detect_legacy_encoding,
    find_forbidden_xml_chars,
    has_forbidden_xml_chars,
    may_be_legacy,
)

try:  # the C composer is ~4× faster; PyYAML without libyaml still works, only slower
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# YAML 1.1's implicit types (bool, int, float, null, timestamp, merge, value) by the first
# character of a plain scalar; a scalar whose first character has none is text.
_IMPLICIT = yaml.SafeLoader.yaml_implicit_resolvers
_SPECIAL_FIRST = frozenset(k for k in _IMPLICIT if k)


_RESOLVED: dict[str, str] = {}  # plain scalar → tag: "name", "nam", "1" come back 50,000 times
_RESOLVED_MAX = 4096


def _resolve_plain(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (PyYAML's implicit resolvers, in their order)."""
    for tag, regexp in _IMPLICIT.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return _STR_TAG


class _Loader(_BaseLoader):
    """libyaml's composer with a faster tag resolver.

    The C parser calls the pure-Python resolver for every node, which cost half the load time:
    most scalars are plain Vietnamese text whose first letter already decides the tag, and the
    path resolvers the base class looks up for every node are never used here.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            # every implicit type is written in ASCII: "Nguyễn" is text before its first letter
            if implicit[0] and value.isascii() and (not value or value[0] in _SPECIAL_FIRST):
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = _resolve_plain(value)
                    if len(_RESOLVED) < _RESOLVED_MAX:  # keys and short values recur
                        _RESOLVED[value] = tag
                return tag
            return _STR_TAG
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG

    # The composer calls these two hooks around every node, for path resolvers (none here):
    # built-in callables taking the same arguments do nothing without a Python frame.
    descend_resolver = slice  # (parent, index)
    ascend_resolver = tuple  # ()


KeyPath = tuple[str | int, ...]

_TRUE_FALSE = {"true", "false"}
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_BASE_60 = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

# An alias may be expanded this many times over the number of distinct nodes before the file
# is treated as an alias bomb ("billion laughs").
_ALIAS_EXPANSION_FACTOR = 10
_ALIAS_EXPANSION_FLOOR = 100_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading builds millions of small objects.

    Loading makes no reference cycles worth collecting, but every collection on the way walks
    everything built so far: with 50,000 nominees that was 40 % of ``docgen validate``. The
    collector's previous state is restored, so the pause nests.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if one_command():
                # what was loaded lives until the command ends: the collector leaves it out,
                # instead of walking it all at its next pass (0.2 s with 50,000 nominees)
                gc.freeze()
            gc.enable()


class Source:
    """One loaded YAML file: its data, and where each value (and each key) stands.

    Marks are found only when asked for: ``locate`` composes the file's text again (once) and
    follows the key path through the nodes, so loading builds no map of every value's place.
    """

    def __init__(self, path: Path, display: str, data: Any, raw: bytes | None = None) -> None:
        self.path = path
        self.display = display
        self.data = data
        self._raw = raw  # the file's bytes, until its nodes are needed
        self._root: Node | None = None
        self._entries: dict[int, dict[str, tuple[Node, Node]]] = {}  # mappings looked into
        # what loading found wrong in values it still read (a date that does not exist, kept as
        # its text): validation reports the rest of the file without saying these twice
        self.value_problems: dict[tuple[int | None, int | None], list[Diagnostic]] = {}

    def __repr__(self) -> str:
        return f"Source({self.display!r})"

    def _nodes(self) -> Node | None:
        if self._raw is not None:
            raw, self._raw = self._raw, None
            try:
                with paused_gc():
                    self._root = yaml.compose(raw.decode("utf-8-sig"), Loader=_Loader)
            except (UnicodeDecodeError, yaml.YAMLError):
                self._root = None  # the load reported it; nothing in it can be pointed at
        return self._root

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest ancestor that has one.

        With ``key``, a mapping entry is located at its key rather than at its value.
        """
        node = self._nodes()
        if node is None:
            return Location(self.display)
        key_node: Node | None = None  # the key of the deepest entry found, if it is in a mapping
        for part in path:
            if isinstance(node, MappingNode) and isinstance(part, str):
                if id(node) not in self._entries:
                    self._entries[id(node)] = _entries(node)
                entry = self._entries[id(node)].get(part)
                if entry is None:
                    break
                key_node, node = entry
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                key_node, node = None, node.value[part]
            else:
                break
        mark = (key_node if key and key_node is not None else node).start_mark
        return Location(self.display, mark.line + 1, mark.column + 1)


def _entries(node: MappingNode) -> dict[str, tuple[Node, Node]]:
    """The (key, value) nodes the loaded data holds under each key: the first of the mapping's
    own entries, else the first merged one (``<<``), as ``_Builder.mapping`` reads them."""
    entries: dict[str, tuple[Node, Node]] = {}
    for key_node, value_node in [*node.value, *_merged(node)[0]]:
        if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE_TAG:
            entries.setdefault(unicodedata.normalize("NFC", key_node.value), (key_node, value_node))
    return entries


def _merged(node: MappingNode) -> tuple[list[tuple[Node, Node]], list[Node]]:
    """The entries a mapping merges with ``<<`` and does not set itself, in order; and the
    merged values that are not mappings."""
    merged: list[tuple[Node, Node]] = []
    wrong: list[Node] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for src in sources:
                if isinstance(src, MappingNode):
                    merged.extend(src.value)
                else:
                    wrong.append(src)
    keys = {k.value for k, _ in node.value if isinstance(k, ScalarNode) and k.tag != _MERGE_TAG}
    extra: list[tuple[Node, Node]] = []
    for key_node, value_node in merged:
        if isinstance(key_node, ScalarNode) and key_node.value not in keys:
            keys.add(key_node.value)
            if key_node.tag != _MERGE_TAG:  # a merge inside what is merged is not followed
                extra.append((key_node, value_node))
    return extra, wrong


class _Builder:
    def __init__(self, source: Source, text: str, root: Node) -> None:
        self.source = source
        self.root = root
        self.problems: list[Diagnostic] = []
        self.constructed = 0  # values built, aliases expanded included
        # Without both an anchor (&) and an alias (*) nothing is expanded: no limit to watch.
        self.limit = _ALIAS_EXPANSION_FLOOR if "&" in text and "*" in text else math.inf
        self.counted = False
        # One scan of the whole text decides for every string: what is not in the file is in
        # none of its values, except through the escapes (\x01) of double-quoted ones.
        self.scan_chars = has_forbidden_xml_chars(text)
        self.scan_legacy = may_be_legacy(text)
        self.scan = self.scan_chars or self.scan_legacy

    def error(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        loc = Location(self.source.display, mark.line + 1, mark.column + 1)
        self.problems.append(Diagnostic(code, message, loc, Severity.ERROR, hint))

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG or node.style in _QUOTED:
                if self.scan or node.style == '"':
                    self.check_text(node, node.value)
                return unicodedata.normalize("NFC", node.value)
            return self.scalar(node)
        if isinstance(node, MappingNode):
            return self.mapping(node)
        if isinstance(node, SequenceNode):
            self.grow(node)
            return [self.build(child) for child in node.value]
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover

    def grow(self, node: MappingNode | SequenceNode) -> None:
        """Count the values of a list or mapping about to be built; past the floor, compare
        that count with the file's distinct nodes to stop an alias bomb."""
        self.constructed += len(node.value)
        if self.constructed > self.limit:
            if self.counted:
                raise _AliasBomb(node)
            self.counted = True
            distinct = _count_nodes(self.root)
            self.limit = max(_ALIAS_EXPANSION_FLOOR, _ALIAS_EXPANSION_FACTOR * distinct)
            if self.constructed > self.limit:
                raise _AliasBomb(node)

    def mapping(self, node: MappingNode) -> dict[str, Any]:
        self.grow(node)
        result: dict[str, Any] = {}
        if self.put(result, node, node.value):
            # merged entries come after the mapping's own (see _merged)
            extra, wrong = _merged(node)
            for src in wrong:
                self.error(src, "DATA-MERGE", "'<<' must merge a mapping")
            self.put(result, node, extra)
        return result

    def put(
        self, result: dict[str, Any], node: MappingNode, pairs: list[tuple[Node, Node]]
    ) -> bool:
        """Build ``pairs`` into ``result``; whether some were merge keys (<<), left out."""
        merges = False
        build = self.build
        for key_node, value_node in pairs:
            if key_node.tag == _MERGE_TAG:
                merges = True
                continue
            if not isinstance(key_node, ScalarNode):
                self.error(
                    key_node, "DATA-KEY", "a key must be a plain word, not a list or mapping"
                )
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            if key in result:
                line = _entries(node)[key][0].start_mark.line + 1
                self.error(
                    key_node,
                    "DATA-DUPLICATE-KEY",
                    f"key '{key}' appears twice in the same mapping (first at line "
                    f"{line}); YAML would silently keep only the last one",
                    "remove or rename one of them",
                )
                continue
            result[key] = build(value_node)
        return merges

    def scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value  # not text: build() took those
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

    def check_text(self, node: ScalarNode, text: str) -> None:
        """Characters a Word document cannot hold, and text typed with a legacy font."""
        escaped = node.style == '"'
        forbidden = find_forbidden_xml_chars(text) if self.scan_chars or escaped else None
        if forbidden:
            position, char = forbidden[0]
            self.error(
                node,
                "DATA-CHAR",
                f"the text contains the control character U+{ord(char):04X} "
                f"at position {position + 1}, which a Word document cannot hold",
                "delete it (it usually comes from copying out of a PDF or an old program)",
            )
        legacy = detect_legacy_encoding(text) if self.scan_legacy or escaped else None
        if legacy:
            self.error(
                node,
                "DATA-LEGACY-TEXT",
                f"the text looks typed with a legacy {legacy} font, not Unicode: '{text[:40]}'",
                "convert it to Unicode (for example with UniKey's converter) or retype it",
            )

    def timestamp(self, node: ScalarNode, text: str) -> Any:
        match = _DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            why = check_date(year, month, day)
            if why is not None:
                self.error(node, "DATA-DATE", f"'{text}' is not a real date: {why}")
                return text
            found = dt.date(year, month, day)
            why = data_limits().date_problem(found)
            if why is not None:
                self.error(node, "DATA-DATE", why)
                return text
            return found
        try:
            return _construct_plain(node)
        except ValueError as exc:
            self.error(node, "DATA-DATE", f"'{text}' is not a real date and time: {exc}")
            return text


_QUOTED = frozenset(("'", '"', "|", ">"))


def _count_nodes(root: Node) -> int:
    """The distinct nodes under ``root``: an alias counts once, however often it is used."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                todo += (key_node, value_node)
    return len(seen)


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


def load_yaml(
    path: Path, display: str | None = None, cache: Path | None = None
) -> tuple[Source, list[Diagnostic]]:
    """Load one YAML file. Returns its source and every problem found (never raises for data).

    With ``cache`` (a folder, see docgen.data.parse_cache), a large file whose very bytes were
    loaded before is read back from there instead of being parsed again."""
    shown = display or str(path)
    with paused_gc():
        try:
            size, most = path.stat().st_size, data_limits().yaml_bytes
            if size > most:  # refused before it is read (rules/data_limits.yaml)
                return Source(path, shown, None), [
                    Diagnostic(
                        "DATA-TOO-LARGE",
                        f"the file is {size / 1048576:.1f} MB: docgen reads data files of at "
                        f"most {most / 1048576:.0f} MB",
                        Location(shown),
                        hint="split it (a proposal per school), or check that it is the "
                        "data file meant",
                    )
                ]
            raw = path.read_bytes()
        except OSError as exc:
            return Source(path, shown, None), [
                Diagnostic("DATA-READ", f"cannot read the file: {exc.strerror}", Location(shown))
            ]
        if cache is None or not parse_cache.wanted(raw):
            return _kept_values(*_load(path, shown, raw))
        key = parse_cache.key_of(raw)
        kept = parse_cache.get(cache, key, shown)
        if kept is not None:
            data, problems = kept
            return _kept_values(Source(path, shown, data, raw), problems)
        source, problems = _load(path, shown, raw)
        if source.data is not None or problems:
            parse_cache.put(cache, key, source.data, problems)
        return _kept_values(source, problems)


def _kept_values(source: Source, problems: list[Diagnostic]) -> tuple[Source, list[Diagnostic]]:
    """Note on ``source`` the problems of values it still holds (its data was read), by place,
    so that the file is validated too and every problem of it is reported at once."""
    if source.data is not None:
        for problem in problems:
            where = problem.location
            if where is not None:
                place = (where.line, where.col)
                source.value_problems.setdefault(place, []).append(problem)
    return source, problems


def _load(path: Path, shown: str, raw: bytes) -> tuple[Source, list[Diagnostic]]:
    source = Source(path, shown, None)
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
        what = syntax_message(exc.problem, exc.context)  # in the clerk's words
        return source, [Diagnostic("DATA-YAML", what, loc)]
    except yaml.YAMLError as exc:
        return source, [Diagnostic("DATA-YAML", f"YAML syntax error: {exc}", Location(shown))]
    if node is None:
        return source, [Diagnostic("DATA-EMPTY", "the file is empty", Location(shown, 1))]
    source = Source(path, shown, None, raw)
    builder = _Builder(source, text, node)
    try:
        source.data = builder.build(node)
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
    except RecursionError:
        loop = _find_loop(node)
        if loop is not None:
            mark = loop.start_mark
            return source, [
                Diagnostic(
                    "DATA-ALIAS-LOOP",
                    "this list or mapping contains an alias (*name) of itself, so it would "
                    "never end",
                    Location(shown, mark.line + 1, mark.column + 1),
                    hint="write the values out instead of the alias",
                )
            ]
        return source, [
            Diagnostic(
                "DATA-NESTING",
                "lists and mappings are nested too deeply to read",
                Location(shown, 1),
                hint="a docgen data file needs only a few levels: flatten the data",
            )
        ]
    return source, builder.problems


def _find_loop(root: Node) -> Node | None:
    """A list or mapping that contains itself through an alias, if there is one."""
    # depth-first without recursion: a node is "open" while its children are being visited
    open_nodes: set[int] = set()
    done: set[int] = set()
    stack: list[tuple[Node, Iterator[Node]]] = []

    def children(node: Node) -> Iterator[Node]:
        if isinstance(node, SequenceNode):
            yield from node.value
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                yield key_node
                yield value_node

    open_nodes.add(id(root))
    stack.append((root, children(root)))
    while stack:
        node, todo = stack[-1]
        child = next(todo, None)
        if child is None:
            stack.pop()
            open_nodes.discard(id(node))
            done.add(id(node))
        elif id(child) in open_nodes:
            return child
        elif id(child) not in done and not isinstance(child, ScalarNode):
            open_nodes.add(id(child))
            stack.append((child, children(child)))
    return None


def load_text(text: str, display: str) -> tuple[Any, list[Diagnostic]]:
    """The data of YAML text as the loader reads a file of it (an edit checked before saving)."""
    source, problems = _load(Path(display), display, text.encode("utf-8"))
    return source.data, problems
