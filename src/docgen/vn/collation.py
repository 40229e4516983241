"""Vietnamese collation: letters first (a ă â b c d đ e ê …), tones second, case last."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

# vietnamese.md "Alphabet and sorting"; f j w z are foreign letters, sorted after y
_ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô",
    "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y", "f", "j", "w", "z",
)  # fmt: skip
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# tone order: none < huyền < hỏi < ngã < sắc < nặng
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# combining marks that make a distinct letter rather than a tone
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "ơ"}
_OFFSET = 100  # ranks of characters outside the alphabet (digits, spaces, punctuation)


def _decompose(ch: str) -> tuple[str, int]:
    """A character → (its letter, its tone) — 'ậ' → ('â', 5)."""
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    tone = 0
    letter = base
    for mark in marks:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        elif mark == "\u0306":
            letter = "ă" if base in "aA" else base
        elif mark == "\u0302":
            letter = {"a": "â", "e": "ê", "o": "ô"}.get(base.lower(), base)
        elif mark == "\u031b":
            letter = {"o": "ơ", "u": "ư"}.get(base.lower(), base)
    return letter, tone


def _char_key(ch: str) -> tuple[int, int, int]:
    """(letter rank, tone, case) of one NFC character."""
    if ch in "đĐ":
        return _LETTER_RANK["đ"], 0, int(ch.isupper())
    letter, tone = _decompose(ch)
    lower = letter.lower()
    if lower in _LETTER_RANK:
        return _LETTER_RANK[lower], tone, int(ch.isupper())
    # not a letter of the alphabet: spaces and punctuation sort before letters, then by code
    return (-1 if not ch.isalnum() else _OFFSET + ord(lower)), tone, int(ch.isupper())


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
    """Letters across the whole string first, then tones, then case, then the text itself."""
    nfc = unicodedata.normalize("NFC", text)
    keys = [_char_key(ch) for ch in nfc]
    return (
        tuple(k[0] for k in keys),
        tuple(k[1] for k in keys),
        tuple(k[2] for k in keys),
        nfc,
    )


@dataclass(frozen=True)
class NameParts:
    family: str
    middle: str
    given: str


def split_name(
    full: str,
    family: str | None = None,
    middle: str | None = None,
    given: str | None = None,
) -> NameParts:
    """Family (first word), middle (the rest), given (last word); explicit parts win."""
    words = unicodedata.normalize("NFC", full).split()
    if family is not None or given is not None or middle is not None:
        return NameParts(family or "", middle or "", given or "")
    if not words:
        return NameParts("", "", "")
    if len(words) == 1:
        return NameParts("", "", words[0])
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])


def name_key(parts: NameParts) -> tuple[object, ...]:
    """Lists of people go by given name, then middle name, then family name."""
    return (sort_key(parts.given), sort_key(parts.middle), sort_key(parts.family))


T = TypeVar("T")


def sorted_vi(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """``sorted`` in Vietnamese order."""
    return sorted(items, key=lambda item: sort_key(key(item)))
