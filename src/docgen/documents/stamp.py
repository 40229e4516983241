"""The register's stamp on a numbered document: custom document properties (File › Properties
› Custom in Word) naming the register that numbered it, the workspace, the entry and the
number. A document numbered by another register is recognised by it, before a build through
the wrong register overwrites it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from docgen.errors import DocxReadError

CUSTOM_PART = "docProps/custom.xml"
_CONTENT_TYPES = "[Content_Types].xml"
_RELS = "_rels/.rels"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for custom properties
_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PREFIX = "docgen."


@dataclass(frozen=True)
class Stamp:
    register: str  # the register's identity (meta register_id)
    workspace: str  # the workspace's identity (data/settings.yaml workspace)
    entry: int  # the register entry
    symbol: str  # the number as printed: 1569-QĐ/HVCTQG

    def properties(self) -> dict[str, str]:
        return {
            f"{_PREFIX}register": self.register,
            f"{_PREFIX}workspace": self.workspace,
            f"{_PREFIX}entry": str(self.entry),
            f"{_PREFIX}symbol": self.symbol,
        }


def custom_xml(values: dict[str, str]) -> bytes:
    props = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_PROPS}" xmlns:vt="{_VT}">{props}</Properties>'
    ).encode()


def stamp_members(stamp: Stamp) -> tuple[dict[str, bytes], StampEdit]:
    """The part to add and the edit of the package's content types and relationships."""
    return {CUSTOM_PART: custom_xml(stamp.properties())}, StampEdit()


class StampEdit:
    """Declares docProps/custom.xml in [Content_Types].xml and _rels/.rels (once)."""

    def __call__(self, name: str, data: bytes) -> bytes:
        if name == _CONTENT_TYPES and b"/docProps/custom.xml" not in data:
            override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CUSTOM_TYPE}"/>'
            return data.replace(b"</Types>", override.encode() + b"</Types>")
        if name == _RELS and _CUSTOM_REL.encode() not in data:
            rel = f'<Relationship Id="rIdDocgenStamp" Type="{_CUSTOM_REL}" Target="{CUSTOM_PART}"/>'
            return data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return data


def read_stamp(path: Path) -> Stamp | None:
    """The stamp of a .docx on disk; None for a file docgen did not stamp (or cannot read)."""
    from docgen.documents.docx_safe import open_docx

    try:
        with open_docx(path) as package:
            if CUSTOM_PART not in package:
                return None
            root = package.xml(CUSTOM_PART)
    except DocxReadError:
        return None
    values = {}
    for prop in root:
        name = prop.get("name", "")
        if name.startswith(_PREFIX):
            values[name[len(_PREFIX) :]] = "".join(prop.itertext())
    try:
        return Stamp(
            values["register"], values["workspace"], int(values["entry"]), values["symbol"]
        )
    except (KeyError, ValueError):
        return None
