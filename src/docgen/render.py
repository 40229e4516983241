"""Renders a docxtpl template with a context into .docx bytes, turning failures into
TemplateErrors that name the template, the record and what went wrong."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from docgen.errors import Location, TemplateError
from docgen.templates import jinja_env

_TAG_TEXT = re.compile(r"<[^>]+>")


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
        raise TemplateError(
            f"Jinja syntax error in {shown}: {exc.message}",
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
    return buffer.getvalue()
