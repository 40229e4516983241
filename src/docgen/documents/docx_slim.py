"""Slim a generated .docx: drop what python-docx's default package carries but a certificate
never uses (Word 2010's stylesWithEffects, the thumbnail, customXml, latent styles and the
definitions of styles nothing refers to).

A certificate batch writes the package once per awardee and LibreOffice parses it once per
PDF: the default package is ~820 KB of XML, of which the document itself is 4 KB.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from docgen.documents.xml_safe import parse_xml
from docgen.output import FIXED_ZIP_TIME

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")
_DROPPED_FOLDERS = ("customXml/",)
_STYLE_REFS = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")
_STYLE_LINKS = ("basedOn", "link", "next")


def _dropped(name: str) -> bool:
    return name in _DROPPED or name.startswith(_DROPPED_FOLDERS)


def _xml(element: etree._Element) -> bytes:
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True))


def _used_styles(parts: dict[str, bytes]) -> set[str]:
    used: set[str] = set()
    for name in ("word/document.xml", "word/numbering.xml"):
        if name in parts:
            root = parse_xml(parts[name], name)
            for ref in _STYLE_REFS:
                used.update(e.get(f"{{{_W}}}val") for e in root.iter(f"{{{_W}}}{ref}"))
    return {u for u in used if u}


def _slim_styles(data: bytes, used: set[str]) -> bytes:
    """Keep the defaults, the styles in use and the styles those are based on or link to."""
    root = parse_xml(data, "word/styles.xml")
    for latent in root.findall(f"{{{_W}}}latentStyles"):
        root.remove(latent)
    styles = {s.get(f"{{{_W}}}styleId"): s for s in root.findall(f"{{{_W}}}style")}
    keep = {sid for sid, s in styles.items() if s.get(f"{{{_W}}}default") in ("1", "true")}
    todo = list(keep | (used & styles.keys()))
    while todo:
        sid = todo.pop()
        keep.add(sid)
        for link in _STYLE_LINKS:
            target = styles[sid].find(f"{{{_W}}}{link}")
            value = target.get(f"{{{_W}}}val") if target is not None else None
            if value in styles and value not in keep:
                todo.append(value)
    for sid, style in styles.items():
        if sid not in keep:
            root.remove(style)
    # a "next" style that is gone would point nowhere: Word then uses the style itself
    for style in root.findall(f"{{{_W}}}style"):
        nxt = style.find(f"{{{_W}}}next")
        if nxt is not None and nxt.get(f"{{{_W}}}val") not in keep:
            style.remove(nxt)
    return _xml(root)


def _slim_rels(data: bytes, rels_name: str) -> bytes:
    root = parse_xml(data, rels_name)
    base = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/x.rels → word
    for rel in root.findall(f"{{{_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join(base, rel.get("Target", "")))
        if _dropped(target):
            root.remove(rel)
    return _xml(root)


def _slim_types(data: bytes) -> bytes:
    root = parse_xml(data, "[Content_Types].xml")
    for override in root.findall(f"{{{_TYPES}}}Override"):
        if _dropped(override.get("PartName", "").lstrip("/")):
            root.remove(override)
    return _xml(root)


def slim_package(data: bytes) -> bytes:
    """The same document without the unused parts and style definitions."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = [i for i in src.infolist() if not _dropped(i.filename)]
        parts = {i.filename: src.read(i.filename) for i in infos}
    used = _used_styles(parts)
    for name, content in parts.items():
        if name == "word/styles.xml":
            parts[name] = _slim_styles(content, used)
        elif name.endswith(".rels"):
            parts[name] = _slim_rels(content, name)
        elif name == "[Content_Types].xml":
            parts[name] = _slim_types(content)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, parts[info.filename])
    return out.getvalue()
