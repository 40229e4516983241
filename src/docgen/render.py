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

from docgen.docx_safe import check_template
from docgen.errors import Location, TemplateError
from docgen.templates import jinja_env

if TYPE_CHECKING:
    from lxml import etree

_TAG_TEXT = re.compile(r"<[^>]+>")
_JINJA = re.compile(r"{[{%#].*?[}%#]}", re.DOTALL)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    images: dict[str, tuple[bytes, float]] | None = None,
) -> bytes:
    """Render ``template`` (shown to the clerk as ``shown``) for ``record`` (e.g. a spec path).

    ``images`` maps a variable to (PNG bytes, width in mm): it becomes an inline picture.
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
        context = {
            **context,
            **{
                name: InlineImage(doc, io.BytesIO(png), width=Mm(width_mm))
                for name, (png, width_mm) in images.items()
            },
        }
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
    return reproducible_zip(buffer.getvalue())


FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def reproducible_zip(data: bytes) -> bytes:
    """The same .docx with fixed member timestamps: the same data gives the same bytes, so a
    rebuild of unchanged data leaves the file's SHA-256 (kept in the register) unchanged.

    Not read through docgen.docx_safe: ``data`` is what docxtpl wrote a moment ago in this
    process from a template that passed it, and its limits, meant for files from elsewhere,
    could refuse a large document docgen itself rendered (a decision listing thousands)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
