"""Known names cut across two lines of a page ("…tỉnh Nghệ / An", "THANH / HÓA").

A pure function over the lines of a page as LibreOffice laid them out (``pdftotext``): the
page checks (``docgen check --pages``) give it the lines and the names (rules/proper_names.yaml
and the document's own header names); tests give it the lines of docgen's own outputs.

Reason (no format rule spells it out): a proper name is one unit of meaning; ND 30/2020 Phụ lục
I mục II.5 asks a title's lines to be set "cân đối", which a cut name is not
(rules/proper_names.yaml).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docgen.vn.names import name_index, name_key


@dataclass(frozen=True)
class NameCut:
    line: int  # index of the line whose end cuts the name
    name: str  # the name as known ("Thanh Hóa")
    shown: str  # as it reads on the two lines ("THANH / HÓA")


def split_names(
    lines: Sequence[str], names: Iterable[str], long_words: int | None = None
) -> list[NameCut]:
    """The names of ``names`` cut where one line of ``lines`` ends and the next begins, in the
    order found. Empty lines are skipped; words are matched case-insensitively without the
    punctuation around them. At each join the shortest name across it counts: a name of
    ``long_words`` words or more (an issuer's full name, set on two lines by design) may
    break between words when no shorter name inside it is cut."""
    known = {tuple(name_key(w) for w in n.split()): " ".join(n.split()) for n in names}
    index = name_index(known.values())
    longest = max((len(n) for found in index.values() for n in found), default=0)
    rows = [(i, line.split()) for i, line in enumerate(lines) if line.strip()]
    cut: list[NameCut] = []
    for (i, above), (_, below) in itertools.pairwise(rows):
        tail = above[-(longest - 1) :] if longest > 1 else []
        head = below[: longest - 1]
        words = [*tail, *head]
        keys = [name_key(w) for w in words]
        seam = len(tail)  # the first word of the line below
        spanning = [
            (start, start + len(name), name)
            for start in range(len(tail))
            for name in index.get(keys[start], ())
            if start < seam < start + len(name) and tuple(keys[start : start + len(name)]) == name
        ]
        if not spanning:
            continue
        start, stop, name = min(spanning, key=lambda s: len(s[2]))
        if long_words is not None and len(name) >= long_words:
            continue
        shown = " ".join(words[start:seam]) + " / " + " ".join(words[seam:stop])
        cut.append(NameCut(i, known[name], shown))
    return cut
