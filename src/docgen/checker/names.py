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

from docgen.vn.names import name_index, name_key


def split_names(lines: Sequence[str], names: Iterable[str]) -> list[str]:
    """The names of ``names`` cut where one line of ``lines`` ends and the next begins, as
    they read on the two lines ("Hồ Chí / Minh"), in the order found. Empty lines are skipped;
    words are matched case-insensitively without the punctuation around them."""
    index = name_index(names)
    longest = max((len(n) for found in index.values() for n in found), default=0)
    rows = [line.split() for line in lines if line.strip()]
    cut: list[str] = []
    for above, below in itertools.pairwise(rows):
        tail = above[-(longest - 1) :] if longest > 1 else []
        head = below[: longest - 1]
        words = [*tail, *head]
        keys = [name_key(w) for w in words]
        seam = len(tail)  # the first word of the line below
        for start in range(len(tail)):
            for name in index.get(keys[start], ()):
                stop = start + len(name)
                if start < seam < stop and tuple(keys[start:stop]) == name:
                    cut.append(" ".join(words[start:seam]) + " / " + " ".join(words[seam:stop]))
                    break  # the longest name cut here is enough
    return cut
