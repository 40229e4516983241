"""Vietnamese text as a clerk searches it: without tones and marks, any case ("quyet dinh"
finds "Quyết định", "dang" finds "Đảng")."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` without its diacritics (đ → d), case-folded, its spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def matches(query: str, *texts: str) -> bool:
    """Every word of ``query`` is found in one of ``texts`` (folded alike); an empty query
    matches everything."""
    words = fold(query).split()
    if not words:
        return True
    haystack = " \n".join(fold(t) for t in texts if t)
    return all(word in haystack for word in words)
