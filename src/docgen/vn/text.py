"""Text hygiene: NFC, characters XML forbids, and text typed in legacy 8-bit Vietnamese fonts."""

from __future__ import annotations

import re
import unicodedata

# Characters that never occur in Vietnamese written in Unicode but fill text typed with the
# legacy fonts and read as Latin-1 (vietnamese.md "Unicode"): TCVN3/ABC (.VnTime: "Hµ Néi")
# and VNI (VNI-Times: "Haø Noäi").
_TCVN3_ONLY = set("µ¸¶·¹¨»¾¼½Æ©ÇÈÉË®ÌÐÎÏÑªÒÓÔÖ×ØÜÞßäå«æçëîïðñöøûü¦þ")
_STRONG_TCVN3 = set("µ¸¶·¹»¾¼½©®ª«¦")
_VNI_ONLY = set("øäëïöüåûñæçØÄËÏÖÜÅÛÑÆÇ")
_VNI_PATTERN = re.compile(r"[aeiouyAEIOUY][øùûõïâàåäëêéèúü]|[öô][ø]|ñ[aeiou]")
_FORBIDDEN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_forbidden_xml_chars(text: str) -> list[tuple[int, str]]:
    """Positions and characters that XML 1.0 (hence a .docx) cannot hold."""
    return [(m.start(), m.group()) for m in _FORBIDDEN_XML.finditer(text)]


def has_forbidden_xml_chars(text: str) -> bool:
    """Whether ``text`` holds any character XML 1.0 cannot (one scan, for a whole file)."""
    return _FORBIDDEN_XML.search(text) is not None


_ANY_LEGACY = re.compile("[" + re.escape("".join(sorted(_TCVN3_ONLY | _VNI_ONLY))) + "]")


def may_be_legacy(text: str) -> bool:
    """False when no part of ``text`` can look legacy-encoded: it holds none of the characters
    only the legacy fonts produce (one scan, for a whole file)."""
    return _ANY_LEGACY.search(text) is not None


def detect_legacy_encoding(text: str) -> str | None:
    """``"TCVN3"`` or ``"VNI"`` when the text looks typed in a legacy font, else None."""
    if not may_be_legacy(text):
        return None  # the common case, decided in one scan: no legacy-only character at all
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4:
        return None
    tcvn = sum(ch in _TCVN3_ONLY for ch in letters)
    vni_hits = len(_VNI_PATTERN.findall(text))
    vni_only = sum(ch in _VNI_ONLY for ch in letters)
    # a TCVN3 tone-vowel glued to a letter ("Hµ", "Ö" in "ViÖt") is a strong sign; "5 µm" is not
    embedded = sum(
        1 for i, ch in enumerate(text[1:], 1) if ch in _STRONG_TCVN3 and text[i - 1].isalpha()
    )
    if embedded >= 1 and tcvn / len(letters) >= 0.04:
        return "TCVN3"
    if vni_only >= 1 and vni_hits >= 2 and (vni_hits + vni_only) / len(letters) >= 0.04:
        return "VNI"
    if tcvn >= 3 and tcvn / len(letters) >= 0.08:
        return "TCVN3"
    return None
