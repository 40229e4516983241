"""Messages for clerks in their language: Vietnamese by default, English on request.

Code writes its messages in English, as f-strings where they carry values. The catalogue
(``locale/vi.yaml``) maps each message's template — its text with ``{}`` where a value goes —
to the Vietnamese text, whose ``{0}``, ``{1}`` … take the values in the English order. A
message is translated where it is shown (``Diagnostic.format``), so codes, locations and the
library's English API stay as they are; a message the catalogue lacks is shown in English
(a test keeps the catalogue complete).

A message whose values change its words (a list of choices, a plural, a phrase that is
itself a message) is written with named values instead: ``message("uses {what}, …",
what=…)`` keeps its template, and the catalogue's entry for that template is a whole
Vietnamese sentence with the same names (``"dùng {what}, …"``); values that are messages are
translated the same way.

The language: ``--lang`` on the command line, else ``DOCGEN_LANG``, else Vietnamese.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

LANGUAGES = ("vi", "en")
# The operating system's words (strerror) that messages carry as values ("cannot read x: No
# such file or directory"): the catalogue says them in Vietnamese too
OS_WORDS = (
    "No such file or directory",
    "Permission denied",
    "Is a directory",
    "Not a directory",
    "No space left on device",
    "File exists",
    "Read-only file system",
)
_PLACEHOLDER = "{}"

_language: ContextVar[str | None] = ContextVar("docgen_language", default=None)


def set_language(lang: str | None) -> None:
    """Choose the language of messages (None: the environment's, else Vietnamese)."""
    _language.set(lang)


def language() -> str:
    chosen = _language.get() or os.environ.get("DOCGEN_LANG", "").strip().lower() or "vi"
    return chosen if chosen in LANGUAGES else "vi"


class Message(str):
    """A message with named values: its English text, with the template and the values the
    catalogue reads to write the whole sentence in Vietnamese. It is a ``str``, so the
    library's English API is unchanged."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, /, **values: object) -> Message:
        made = super().__new__(cls, template.format(**values))
        made.template, made.values = template, values
        return made

    def __reduce__(self) -> tuple[object, ...]:  # a worker process's messages keep their form
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)


class Code(str):
    """A value shown as written, in every language: a YAML value or an option's value inside
    a message (``system: party``, ``--system state``), which the clerk types as it is."""


def code(value: str) -> str:
    """``value`` as written in a file or on the command line, never translated."""
    return Code(value)


def message(template: str, /, **values: object) -> str:
    """A message with named values (``{what}``), translated as a whole sentence."""
    return Message(template, **values)


def severity_label(value: str, lang: str | None = None) -> str:
    """``error``/``warning`` before a message's code (``lỗi[DATA-REF]``), in the chosen
    language."""
    if (lang or language()) == "en":
        return value
    return {"error": "lỗi", "warning": "cảnh báo"}.get(value, value)


def hint_label(lang: str | None = None) -> str:
    """What comes before a hint: ``gợi ý`` (``hint``)."""
    return "hint" if (lang or language()) == "en" else "gợi ý"


@dataclass(frozen=True)
class _Entry:
    template: str
    target: str

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.template)

    def may_match(self, text: str) -> bool:
        """Whether every fixed piece of the template is in ``text``: a substring test, so
        that the templates beginning with a value (tried against every message) are
        compiled only for the messages they may be."""
        return all(piece in text for piece in _pieces(self.template))


@cache
def _pieces(template: str) -> tuple[str, ...]:
    return tuple(p for p in template.split(_PLACEHOLDER) if p)


@cache
def _compile(template: str) -> re.Pattern[str]:
    """A template's pattern, compiled when a message is first tried against it: a command
    shows a few messages, and compiling all 500 patterns cost more than its own work."""
    pieces = template.split(_PLACEHOLDER)
    return re.compile("(.*?)".join(re.escape(p) for p in pieces) + r"\Z", re.DOTALL)


def _prefix(template: str) -> str:
    """What indexes an entry: the text before its first value, up to 12 characters."""
    return template.split(_PLACEHOLDER, 1)[0][:12]


@cache
def catalogue() -> dict[str, str]:
    """English template → Vietnamese text (``locale/vi.yaml``).

    Parsing its 1,300 entries as YAML is 40 ms of every command; their JSON copy in the
    user's cache folder, named by the catalogue's hash, is read in under a millisecond. A
    copy that cannot be read or written is simply not used."""
    raw = resources.files("docgen").joinpath("locale/vi.yaml").read_bytes()
    copy = _catalogue_copy(raw)
    if copy is not None:
        try:
            kept = json.loads(copy.read_text(encoding="utf-8"))
            if isinstance(kept, dict):
                return kept
        except (OSError, ValueError):
            pass
    import yaml

    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    found = {str(k): str(v) for k, v in data.items()}
    if copy is not None:
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            staged = copy.with_name(f".{copy.name}.{os.getpid()}.tmp")
            staged.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
            staged.replace(copy)
        except OSError:
            pass
    return found


def _catalogue_copy(raw: bytes) -> Path | None:
    home = os.environ.get("XDG_CACHE_HOME") or (
        str(Path.home() / ".cache") if "HOME" in os.environ else ""
    )
    if not home:
        return None
    return Path(home) / "docgen" / f"vi-{hashlib.sha256(raw).hexdigest()[:24]}.json"


@cache
def _index() -> dict[str, list[_Entry]]:
    index: dict[str, list[_Entry]] = {}
    # the longest templates first, so a specific message wins over a general one
    for english, target in sorted(catalogue().items(), key=lambda kv: -len(kv[0])):
        index.setdefault(_prefix(english), []).append(_Entry(english, target))
    return index


def translate(text: str, lang: str | None = None) -> str:
    """``text`` in the chosen language (English text is returned as it is when the catalogue
    has no entry for it)."""
    if (lang or language()) == "en" or not text:
        return text
    if isinstance(text, Message):
        target = catalogue().get(text.template)
        if target is not None:
            return target.format(**{k: _value(v, lang) for k, v in text.values.items()})
    return _translate(text, lang, nested=False)


def _value(value: object, lang: str | None) -> object:
    """A named value in the chosen language: a message is translated, a text as a value of
    a message (a list of choices), anything else is shown as it is."""
    if isinstance(value, Message):
        return translate(value, lang)
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, str) and value:
        return _translate(value, lang, nested=True)
    return value


# Values inside a message may be lists of choices joined in English ("text or a whole
# number"): their parts are translated and joined in Vietnamese. Only inside a message: a
# whole message that the catalogue lacks stays as it is, never half translated.
_OR, _HOAC = " or ", " hoặc "


def _translate(text: str, lang: str | None, *, nested: bool) -> str:
    exact = catalogue().get(text)
    if exact is not None and _PLACEHOLDER not in text:
        return exact  # a message without values needs no pattern
    if nested and _bracketed(text):  # a list inside a list's item, as the eligibility writes
        return f"({_translate(text[1:-1], lang, nested=True)})"
    index = _index()
    first: tuple[_Entry, tuple[str, ...]] | None = None
    for size in range(min(12, len(text)), -1, -1):
        for entry in index.get(text[:size], ()):
            if not entry.may_match(text):
                continue
            match = entry.pattern.match(text)
            if not match:
                continue
            values = match.groups()
            if not all(map(_balanced, values)):
                # the first split cut a bracketed value: the template's words are also in
                # it; a split that keeps every value whole, else this one if no entry has one
                values = _balanced_split(entry.template, text) or values
            if all(map(_balanced, values)):
                return _fill(entry, values, lang)
            first = first or (entry, values)
    if first is not None:
        return _fill(*first, lang)
    if nested and _OR in text:
        return _HOAC.join(_translate(part, lang, nested=True) for part in text.split(_OR))
    return text


def _fill(entry: _Entry, values: tuple[str, ...], lang: str | None) -> str:
    return entry.target.format(*(_translate(v, lang, nested=True) if v else v for v in values))


def _balanced(text: str) -> bool:
    """Whether every bracket of ``text`` that opens is closed within it."""
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def _bracketed(text: str) -> bool:
    """``(…)``: one bracketed value as a whole."""
    return text.startswith("(") and text.endswith(")") and _balanced(text[1:-1])


def _balanced_split(template: str, text: str) -> tuple[str, ...] | None:
    """The values of ``text`` read with ``template``, each with balanced brackets, the
    shortest first; None if there is no such reading."""
    pieces = template.split(_PLACEHOLDER)
    if not text.startswith(pieces[0]):
        return None

    def rest(index: int, at: int) -> tuple[str, ...] | None:
        piece = pieces[index]
        if index == len(pieces) - 1:
            end = len(text) - len(piece)
            ok = end >= at and text.endswith(piece) and _balanced(text[at:end])
            return (text[at:end],) if ok else None
        found = text.find(piece, at)
        while found != -1:
            if _balanced(text[at:found]):
                after = rest(index + 1, found + len(piece))
                if after is not None:
                    return (text[at:found], *after)
            found = text.find(piece, found + 1)
        return None

    return rest(1, len(pieces[0]))
