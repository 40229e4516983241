"""Punctuation where docgen joins a clerk's text with its own (vietnamese.md "Punctuation").

A clerk writes "… năm 2021." and the template adds its own "." or ";": the join must read as
one sentence ("năm 2021.", never "năm 2021.."), a sentence after "Điều 1." starts with a
capital, and no space stands before a punctuation mark. One place for all of it: the templates'
filters (``sentence``, ``capital``, ``tidy``), the outline and the kinds call these.
"""

from __future__ import annotations

import re

# marks a space never stands before (a closing bracket or quote included)
_NO_SPACE_BEFORE = re.compile(r"[ \t\u00a0]+(?=[.,;:!?)\]”])")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[“])[ \t\u00a0]+")
# ".." not part of "..." (an ellipsis), ". .", ",,", ";;", ":": two of one mark with nothing
# between them but spaces
_DOUBLED_STOP = re.compile(r"(?<!\.)\.[ \t\u00a0]*\.(?![ \t\u00a0]*\.)")
_DOUBLED = re.compile(r"([,;:])(?:[ \t\u00a0]*\1)+")
# what a sentence may already end with that a join keeps: no full stop added after these
_CLOSED = ("!", "?", "…", "...")
# marks a clerk may leave at the end that the join replaces with its own
_TRAILING = ".,;:"


def tidy(text: str) -> str:
    """No doubled ``.``, ``,``, ``;``, ``:``, no ``. .``, no space before a mark or after an
    opening bracket. An ellipsis (``...``, ``…``) and ``./.`` stay as they are."""
    if "./." in text:
        head, sep, tail = text.rpartition("./.")
        return tidy(head) + sep + tidy(tail) if (head or tail) else text
    text = _DOUBLED_STOP.sub(".", text)
    text = _DOUBLED.sub(r"\1", text)
    text = _NO_SPACE_BEFORE.sub("", text)
    return _NO_SPACE_AFTER.sub("", text)


def sentence(text: str, end: str = ".") -> str:
    """A clerk's text closed with docgen's ``end`` (``.``, ``;``, ``./.``) once: a trailing
    ``.``, ``,``, ``;`` or ``:`` of the clerk's is replaced; a ``!``, ``?`` or ``…`` already
    ends the sentence when ``end`` is a full stop."""
    text = tidy(str(text)).rstrip()
    if not end:
        return text
    if text.endswith(_CLOSED):
        return text if end == "." else text + end
    if text.endswith("./."):
        text = text[:-3]
    return text.rstrip(_TRAILING).rstrip() + end


def capital(text: str) -> str:
    """The first letter in upper case (``chịu trách nhiệm`` → ``Chịu trách nhiệm``), after any
    opening quote or bracket: what follows "Điều 1." starts a sentence."""
    text = str(text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :] if ch.islower() else text
        if ch.isdigit():
            return text
    return text


def via_once(names: list[str]) -> tuple[list[str], str | None]:
    """Several addressees each written "… (qua Ban X)" through the same body: the names
    without it, and "(qua Ban X)" to say once. Different or missing "(qua …)": unchanged."""
    if len(names) < 2:
        return names, None
    found = [_VIA.search(n) for n in names]
    vias = {m.group(0).strip() if m else None for m in found}
    via = vias.pop() if len(vias) == 1 else None
    if via is None:
        return names, None
    return [_VIA.sub("", n).rstrip() for n in names], via


_VIA = re.compile(r"\s*\(qua [^()]+\)\s*$")
_VIA_ANYWHERE = re.compile(r"\s*(\(qua [^()]+\))")


def via_once_in_line(text: str) -> str:
    """One line naming several addressees, each "(qua Ban X)": the same "(qua …)" said once,
    at its last place ("A (qua X), B (qua X)" → "A, B (qua X)")."""
    found = [m.group(1) for m in _VIA_ANYWHERE.finditer(text)]
    if len(found) < 2 or len(set(found)) != 1:
        return text
    last = text.rfind(found[-1])
    head = _VIA_ANYWHERE.sub("", text[:last]).rstrip()
    return head + " " + text[last:]


# " - " between two words: a name ("Thi đua - Khen thưởng", "Bà Rịa - Vũng Tàu") or a range
# ("2022 - 2025"). A line broken before its dash begins with "- " and reads as a list item.
_DASH_BETWEEN = re.compile(r"(?<=\S) (?=[-–] \S)")


def dash_kept(text: str) -> str:
    """``text`` with a no-break space before each dash between two words: a word processor
    then breaks after the dash ("Thi đua - / Khen thưởng"), never before it ("Thi đua /
    - Khen thưởng", which reads as a list item: docgen check's DOC-DASH-LINE)."""
    if " - " not in text and " – " not in text:
        return text
    return _DASH_BETWEEN.sub("\u00a0", text)
