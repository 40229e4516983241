"""Vietnamese collation: letters first (a ă â b c d đ e ê …), numbers by value, tones, case."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
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


@lru_cache(maxsize=4096)
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


# "Tổ công tác số 2" before "số 10": a run of digits compares by its value. It is encoded in
# the letters level as (_NUMBER, count of significant digits, digit, digit, …): a shorter
# number is a smaller one, equal lengths compare digit by digit. _NUMBER is where a digit's own
# rank was, so numbers still sort after the letters and before other scripts. The encoding
# is self-delimiting, so two keys that agree up to some element are at the same place of the
# same kind of token there and the comparison means what it says.
_NUMBER = _OFFSET + ord("0")
_DIGIT_RUN = re.compile("[0-9]+")  # ASCII digits only: other scripts' digits sort as before

SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


@lru_cache(maxsize=16384)
def sort_key(text: str) -> SortKey:
    """Letters (and numbers by value) across the whole string first, then tones, then case,
    then leading zeros (``2`` before ``02``), then the text itself: a total order.

    Cached: a list of 10,000 people repeats the same given, middle and family names."""
    nfc = unicodedata.normalize("NFC", text)
    letters: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    zeros: list[int] = []

    def add_text(chunk: str) -> None:
        for ch in chunk:
            letter, tone, case = _char_key(ch)
            letters.append(letter)
            tones.append(tone)
            cases.append(case)

    done = 0
    for run in _DIGIT_RUN.finditer(nfc):
        add_text(nfc[done : run.start()])
        digits = run.group().lstrip("0") or "0"
        letters.extend((_NUMBER, len(digits), *(int(d) for d in digits)))
        zeros.append(len(run.group()) - len(digits))
        done = run.end()
    add_text(nfc[done:])
    return tuple(letters), tuple(tones), tuple(cases), tuple(zeros), nfc


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
