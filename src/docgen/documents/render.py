"""Renders a docxtpl template with a context into .docx bytes, turning failures into
TemplateErrors that name the template, the record and what went wrong."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from docgen.documents.docx_safe import check_template
from docgen.documents.sections import Blocks
from docgen.documents.stamp import Stamp, stamp_members
from docgen.documents.templates import jinja_env
from docgen.errors import Location, TemplateError
from docgen.output import reproducible_zip

if TYPE_CHECKING:
    from lxml import etree

_TAG_TEXT = re.compile(r"<[^>]+>")
_JINJA = re.compile(r"{[{%#].*?[}%#]}", re.DOTALL)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# Blocks given to the template (a decision's attached list can be 10,000 rows) are rendered as
# a marker and written in its place when the file is zipped: docxtpl would otherwise run its
# regexes over them, parse them into a tree and serialize it again, which for a big list is
# most of the build's time and memory. The marker is a comment, which template text cannot
# produce (its "<" would be escaped).
_SPLICE = "<!--docgen-splice-{}-->"
_MARKER = re.compile(rb"<!--docgen-splice-(\d+)-->")
_EMPTY_ELEMENT = re.compile(r"<([A-Za-z][\w:.-]*)((?: [^<>]*)?)></\1>")
_DOCXTPL_UNESCAPES = ((b"{_{", b"{{"), (b"}_}", b"}}"), (b"{_%", b"{%"), (b"%_}", b"%}"))
# what the steps below change: a control character, or docxtpl's escaped braces; looked for
# with bytes.find, not one regex (a regex with alternatives tries them at every byte: 30 µs
# for each row of a 10,000-row list)
_DOCXTPL_TOUCHES = (b"\t", b"\a", b"\n", b"\f", b"\r", b"{_{", b"{_%", b"}_}", b"%_}")


def as_docxtpl_writes(xml: bytes, doc: Any) -> bytes:
    """``xml`` (UTF-8, whole elements) as docxtpl and lxml would leave it, had it been
    rendered in place: docxtpl's text replacements and line breaks (``resolve_listing``), the
    XML parser's line-end normalisation, and lxml's ``<x/>`` for the empty elements that line
    breaks leave.

    The markup must already be in lxml's form (double-quoted attributes, ``<x/>``, no
    character references) with text escaped by ``docgen.documents.xmltext.escape``, no drawings, and
    no table row with more cells than its grid (docxtpl's ``fix_tables`` and
    ``fix_docpr_ids`` then leave it alone), as tables.py and sections.py write it;
    tests/test_render.py holds the two ways byte for byte."""
    if not any(touch in xml for touch in _DOCXTPL_TOUCHES):
        return xml  # the common case: nothing below would change a byte
    xml = re.sub(rb"\n<w:p([ >])", rb"<w:p\1", xml)
    for old, new in _DOCXTPL_UNESCAPES:
        xml = xml.replace(old, new)
    if any(ch in xml for ch in (b"\t", b"\a", b"\n", b"\f")):  # else resolve_listing is a no-op
        text = doc.resolve_listing(xml.decode("utf-8"))
        xml = _EMPTY_ELEMENT.sub(r"<\1\2/>", text).encode("utf-8")
    return xml.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


# The empty paragraph the templates put before a signature block, kept with it
# (docgen_build.templates signature_block): the paragraph before it is the content's last.
_SIGNATURE_SPACER = re.compile(
    rb'<w:p><w:pPr><w:pStyle w:val="DGBody"/><w:keepNext/></w:pPr></w:p>(?=<w:tbl>)'
)
_PARAGRAPH_START = re.compile(rb"<w:p(?: [^>]*)?>")


def keep_end_with_signature(xml: bytes, pieces: list[list[bytes]]) -> bytes:
    """The content's last paragraph kept with the signature block under it, so that no page
    holds the signature alone (a văn thư refuses a signature page without the text it signs;
    ND 30/2020 Phụ lục I mục II.7 sets the signature under the content's end). The paragraph
    is the template's own, or the last of a spliced block (``pieces``) right before it."""
    spacer = _SIGNATURE_SPACER.search(xml)
    if spacer is None:
        return xml
    before = xml[: spacer.start()]
    marker = _MARKER.search(before[-40:]) if before.endswith(b"-->") else None
    if marker is not None:
        parts = pieces[int(marker.group(1))]
        for i in range(len(parts) - 1, -1, -1):
            kept = _keep_last_paragraph(parts[i])
            if kept is not None:
                parts[i] = kept
                break
        return xml
    kept = _keep_last_paragraph(before)
    return xml if kept is None else kept + xml[spacer.start() :]


def _keep_last_paragraph(xml: bytes) -> bytes | None:
    """``xml`` with keepNext set on its last paragraph (None when it has none)."""
    starts = [m for m in _PARAGRAPH_START.finditer(xml)]
    if not starts:
        return None
    start = starts[-1]
    head, rest = xml[: start.end()], xml[start.end() :]
    if rest.startswith(b"<w:pPr>"):
        props_end = rest.index(b"</w:pPr>")
        props = rest[len(b"<w:pPr>") : props_end]
        props = re.sub(rb"<w:keepNext(?: [^>]*)?/>", b"", props)
        style = re.match(rb"<w:pStyle [^>]*/>", props)
        at = style.end() if style else 0
        props = props[:at] + b"<w:keepNext/>" + props[at:]
        return head + b"<w:pPr>" + props + rest[props_end:]
    return head + b"<w:pPr><w:keepNext/></w:pPr>" + rest


def _splice_blocks(context: dict[str, Any]) -> tuple[dict[str, Any], list[list[bytes]]]:
    """The context with each Blocks value replaced by a marker, and the Blocks' parts by
    marker number."""
    pieces: list[list[bytes]] = []
    rendered = dict(context)

    def marker(blocks: Blocks) -> Blocks:
        pieces.append(blocks.parts)
        return Blocks(_SPLICE.format(len(pieces) - 1))

    for name, value in context.items():
        if isinstance(value, Blocks):
            rendered[name] = marker(value)
        elif isinstance(value, list) and any(
            isinstance(item, dict) and any(isinstance(v, Blocks) for v in item.values())
            for item in value
        ):
            # a list of parts, each with its own Blocks (a decision's list for each award)
            rendered[name] = [
                {k: marker(v) if isinstance(v, Blocks) else v for k, v in item.items()}
                if isinstance(item, dict)
                else item
                for item in value
            ]
    return rendered, pieces


def _splice_into(xml: bytes, pieces: list[list[bytes]]) -> list[bytes]:
    """A part's XML as chunks, each marker replaced by its piece's parts."""
    chunks: list[bytes] = []
    done = 0
    for marker in _MARKER.finditer(xml):
        chunks.append(xml[done : marker.start()])
        chunks.extend(pieces[int(marker.group(1))])
        done = marker.end()
    chunks.append(xml[done:] if done else xml)
    return chunks


def find_split_tags(root: etree._Element) -> list[tuple[int, str]]:
    """Tags typed across runs that carry different formatting: docxtpl would merge them and
    silently drop the formatting of all but the first piece. ``root`` is word/document.xml,
    parsed; returns (paragraph, tag)."""
    from lxml import etree

    found = []
    for number, p in enumerate(root.iter(f"{_W}p"), 1):
        runs = [r for r in p.iter(f"{_W}r") if r.find(f"{_W}t") is not None]
        texts = ["".join(t.text or "" for t in r.iter(f"{_W}t")) for r in runs]
        joined = "".join(texts)
        if "{" not in joined:
            continue
        starts = []
        position = 0
        for text in texts:
            starts.append(position)
            position += len(text)
        for match in _JINJA.finditer(joined):
            covered = [
                i
                for i, start in enumerate(starts)
                if start < match.end() and start + len(texts[i]) > match.start()
            ]
            looks = {
                etree.tostring(runs[i].find(f"{_W}rPr"))
                if runs[i].find(f"{_W}rPr") is not None
                else b""
                for i in covered
            }
            if len(covered) > 1 and len(looks) > 1:
                found.append((number, match.group(0)))
    return found


def _text_near_error(doc: Any, env: Any) -> str:
    """The document text around a Jinja syntax error: one paragraph a line, as docxtpl
    renders, so the error's line number points at a paragraph."""
    if doc.docx is None:
        doc.init_docx()
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(doc.get_xml()))
    try:
        env.parse(source)
    except TemplateSyntaxError as exc:
        lines = source.splitlines()
        first = max((exc.lineno or 1) - 2, 0)
        texts = [_TAG_TEXT.sub("", line).strip() for line in lines[first : (exc.lineno or 1) + 1]]
        return " | ".join(t for t in texts if t)[:300]
    return ""


def _surrounding_text(exc: Exception) -> str:
    lines = [ln.strip() for ln in getattr(exc, "docx_context", []) or []]
    lines = [ln for ln in lines if ln]
    return " | ".join(lines)[:300]


def render_docx(
    template: Path,
    context: dict[str, Any],
    *,
    record: str,
    shown: str,
    images: dict[str, Any] | None = None,
    stamp: Stamp | None = None,
) -> bytes:
    """Render ``template`` (shown to the clerk as ``shown``) for ``record`` (e.g. a spec path).

    ``images`` maps a variable to (PNG bytes, width in mm), or to a mapping of them (one
    picture per item of a list: ``{{ charts[s.id] }}``): each becomes an inline picture.
    ``stamp``: the register's stamp on a numbered document (documents.stamp).
    """
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage  # heavy import: only when rendering

    if not template.is_file():
        raise TemplateError(
            f"template not found: {shown}", code="TEMPLATE-MISSING", location=Location(shown)
        )
    env = jinja_env()
    # every part read within the limits first: docxtpl and python-docx have none of their own
    split = find_split_tags(check_template(template, shown))
    if split:
        number, tag = split[0]
        raise TemplateError(
            f"{shown}: the tag {tag} in paragraph {number} is split across differently "
            "formatted runs, so part of its formatting would be lost",
            code="TEMPLATE-SPLIT-TAG",
            location=Location(shown),
            hint="in Word, select the whole tag, clear its formatting, format it once, and "
            "type it again in one go",
        )
    doc = DocxTemplate(str(template))
    if images:

        def inline(value: Any) -> Any:
            if isinstance(value, dict):
                return {key: inline(item) for key, item in value.items()}
            png, width_mm = value
            return InlineImage(doc, io.BytesIO(png), width=Mm(width_mm))

        context = {**context, **{name: inline(value) for name, value in images.items()}}
    try:
        wanted = doc.get_undeclared_template_variables(jinja_env=env)
    except TemplateSyntaxError as exc:
        near = _text_near_error(doc, env)
        raise TemplateError(
            f"Jinja syntax error in {shown}: {exc.message}" + (f" (near: {near})" if near else ""),
            code="TEMPLATE-SYNTAX",
            location=Location(shown),
            hint="check the {{ }} and {% %} tags near this text",
        ) from exc
    missing = sorted(set(wanted) - set(context) - set(env.globals))
    if missing:
        raise TemplateError(
            f"{shown} uses {', '.join(missing)}, which {record} does not provide",
            code="TEMPLATE-VARIABLE",
            location=Location(shown),
        )
    context, blocks = _splice_blocks(context)
    try:
        doc.render(context, jinja_env=env, autoescape=True)
    except UndefinedError as exc:
        raise TemplateError(
            f"{shown}, rendering {record}: {exc.message}",
            code="TEMPLATE-UNDEFINED",
            location=Location(shown),
        ) from exc
    except SecurityError as exc:
        raise TemplateError(
            f"{shown} tried something templates may not do: {exc}",
            code="TEMPLATE-SANDBOX",
            location=Location(shown),
        ) from exc
    except TemplateSyntaxError as exc:
        near = _surrounding_text(exc)
        raise TemplateError(
            f"Jinja syntax error in {shown}: {exc.message}" + (f" (near: {near})" if near else ""),
            code="TEMPLATE-SYNTAX",
            location=Location(shown),
        ) from exc
    except JinjaTemplateError as exc:
        raise TemplateError(
            f"{shown}, rendering {record}: {exc}", code="TEMPLATE-RENDER", location=Location(shown)
        ) from exc
    except TemplateError as exc:  # raised by our own helpers (e.g. section numbering)
        raise TemplateError(
            f"{shown}, rendering {record}: {exc.message}", code=exc.code, location=Location(shown)
        ) from exc
    buffer = io.BytesIO()
    doc.save(buffer)
    pieces = [[as_docxtpl_writes(part, doc) for part in parts] for parts in blocks]
    added, edit = stamp_members(stamp) if stamp is not None else ({}, None)
    return reproducible_zip(
        buffer.getvalue(),
        lambda xml: _splice_into(keep_end_with_signature(xml, pieces), pieces),
        edit=edit,
        added=added,
    )
