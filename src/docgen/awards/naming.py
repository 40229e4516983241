"""The unit shown beside a name or a position, in the lists and on certificates.

A collective's own name is often its unit ("Trường Chính trị tỉnh Nghệ An", or an office
"Phòng Đào tạo" of its school), and a position often already names its unit ("Giám đốc Trường
Chính trị tỉnh Nghệ An"). Printing the unit again beside it ("Trường Chính trị tỉnh Nghệ An |
Trường Chính trị tỉnh Nghệ An") is a fault a records desk refuses: the unit is shown only when it
adds something.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.awards.commendation import Awardee


def _key(text: str) -> str:
    """Text as compared: case, spacing and the punctuation between words do not count."""
    words = text.casefold().replace(",", " ").replace(";", " ").split()
    return " " + " ".join(words) + " "


@lru_cache(maxsize=4096)  # a list of 10,000 people names a few dozen positions and units
def unit_shown(text: str, unit: str) -> str:
    """``unit`` as shown after ``text`` (a collective's name or a person's position): empty
    when it repeats ``text`` or is already named in it, else the unit."""
    if not unit.strip():
        return ""
    if text.strip() and _key(unit) in _key(text):
        return ""
    return unit


def awardee_unit(awardee: Awardee) -> str:
    """The unit cell of a list's line: for a person the position and the school (the school
    left out when the position names it), for a collective its school unless the name is or
    contains it."""
    if awardee.kind == "individual":
        return position_and_unit(awardee.position, awardee.school)
    return unit_shown(awardee.name, awardee.school)


def position_and_unit(position: str, unit: str, separator: str = ", ") -> str:
    """ "Giảng viên chính Khoa Xây dựng Đảng, Trường Chính trị tỉnh Lào Cai"; the unit alone
    without a position, the position alone when it already names the unit."""
    if not position.strip():
        return unit
    shown = unit_shown(position, unit)
    return f"{position}{separator}{shown}" if shown else position


@lru_cache(maxsize=4096)
def _comma_before_unit(position: str, unit: str) -> str:
    """``Giảng viên chính Khoa Xây dựng Đảng`` → ``Giảng viên chính, Khoa Xây dựng Đảng``: a
    post held in a unit is set off from it by a comma; a head's title that names the unit it
    heads (``Trưởng Khoa Xây dựng Đảng``) is not (certificates.yaml ``naming.heads``)."""
    from docgen.awards.certificate_templates import certificate_rules

    if not unit or not position.endswith(unit) or position == unit:
        return position
    before = position[: -len(unit)].rstrip()
    if not before or before.endswith(","):
        return position
    heads = certificate_rules()["naming"]["heads"]
    if any(_key(before).endswith(_key(head)) for head in heads):
        return position
    return f"{before}, {unit}"


def certificate_description(awardee: Awardee) -> str:
    """The certificate's line under the name: position, unit and school, each set off by a
    comma, none repeated."""
    if awardee.kind != "individual":
        return unit_shown(awardee.name, awardee.school)
    position = _comma_before_unit(awardee.position, awardee.unit)
    return position_and_unit(position, awardee.school)
