"""Known names in a run of words: where they stand, matched as a reader would (NFC, any case,
the punctuation around a word aside). Used where a line must not break inside a name: the
title balancing (documents.text_width) and the page checks (checker.names)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """A word as names are matched: NFC, case-folded, without the punctuation around it
    ("Minh”," → "minh"; a dash between two names → ""). Cached: the words of a long list's
    cells repeat (positions, units, schools)."""
    return unicodedata.normalize("NFC", word).casefold().strip(_PUNCTUATION)


_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»…-–—/"


def name_index(names: Iterable[str]) -> dict[str, list[tuple[str, ...]]]:
    """``names`` by their first word's key, each as the keys of its words, longest first;
    names of one word are left out (no line breaks inside a word anyway)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for keys in dict.fromkeys(_keys(n) for n in names):
        if len(keys) > 1:
            index.setdefault(keys[0], []).append(keys)
    for found in index.values():
        found.sort(key=len, reverse=True)
    return index


@lru_cache(maxsize=65536)
def _keys(name: str) -> tuple[str, ...]:
    """A name's words as matched (name_key), measured once per process: a title is balanced
    against every name of the workspace, thousands of people among them."""
    return tuple(name_key(w) for w in name.split())


def name_spans(words: Sequence[str], index: dict[str, list[tuple[str, ...]]]) -> list[range]:
    """Where known names stand in ``words``: each as the range of its words' positions."""
    keys = [name_key(w) for w in words]
    spans = []
    for start, key in enumerate(keys):
        for name in index.get(key, ()):
            if tuple(keys[start : start + len(name)]) == name:
                spans.append(range(start, start + len(name)))
    return spans


NBSP = "\u00a0"


def unbreakable(text: str, index: dict[str, list[tuple[str, ...]]], most_words: int) -> str:
    """``text`` with a no-break space between the words of each name of ``index`` (name_index)
    of at most ``most_words`` words: a word processor then moves the whole name to the next
    line rather than cut it ("tỉnh Lào / Cai" in a narrow table cell). Longer names may break
    between words, as a long issuer's name must in a narrow cell."""
    if " " not in text:
        return text
    words = text.split(" ")
    joins: set[int] = set()
    for span in name_spans(words, index):
        # its words, a dash between two of them not counted ("Bà Rịa - Vũng Tàu": four)
        if sum(1 for i in span if name_key(words[i])) <= most_words:
            joins.update(range(span.start + 1, span.stop))
    if not joins:
        return text
    return "".join(
        (NBSP if i in joins else " ") + word if i else word for i, word in enumerate(words)
    )
