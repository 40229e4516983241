"""Preflight of a .docx template against the values a document gives it, before rendering.

A clerk's own template (``template: my-office/cong-van.docx``) may name a value docgen does not
give, mistype a field (``issuer.nmae``), use an unknown filter, or a tag templates may not use
(``include``, ``import``, ``extends``, ``macro``). Each is reported with the template's
paragraph (its number in document order, tables included, as ``docgen check`` counts them)
and its text, all at once, before anything is rendered.

The template text is read paragraph by paragraph, one line each, so a Jinja node's line number
is the paragraph it stands in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, meta, nodes
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.runtime import Undefined

from docgen.documents.docx_safe import DOCUMENT, open_template
from docgen.errors import Diagnostic, Location, Severity, TemplateError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# docxtpl's paragraph, row, cell and run forms of the tags: {%p if %}, {{r x }} …
_DOCXTPL = re.compile(r"({[{%])([prc]|tr|tc)\s")
_FORBIDDEN = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "import",
    nodes.Extends: "extends",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
}


class TemplateProblems(TemplateError):
    """Everything wrong with one template, each with its paragraph (exit status 3)."""

    def __init__(self, shown: str, problems: list[Diagnostic]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{shown}: {count} problem{'s' if count != 1 else ''} in the template",
            code=problems[0].code if problems else "TEMPLATE",
            location=problems[0].location if problems else Location(shown),
        )

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self.problems)


@dataclass(frozen=True)
class Part:
    """The paragraphs of one part of the template (the body, a header, a footer)."""

    name: str  # "" for the body, "header1" …
    texts: list[str]


def template_parts(path: Path, shown: str) -> list[Part]:
    """The text of every paragraph of the body, the headers and the footers, read through
    docx_safe (the zip's limits, no DTD): what makes the template unreadable is a
    TemplateError (TEMPLATE-READ)."""
    parts: list[Part] = []
    with open_template(path, shown) as package:
        names = [
            n
            for n in package.names
            if n == DOCUMENT or re.fullmatch(r"word/(header|footer)\d*\.xml", n)
        ]
        for name in sorted(names, key=lambda n: (n != DOCUMENT, n)):
            root = package.xml(name)
            texts = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
            label = "" if name == DOCUMENT else name.split("/")[-1].removesuffix(".xml")
            parts.append(Part(label, texts))
    return parts


def _source(texts: list[str]) -> str:
    """One paragraph a line, docxtpl's tag forms as plain Jinja."""
    return "\n".join(_DOCXTPL.sub(r"\1 ", text.replace("\n", " ")) for text in texts)


def _assigned(tree: nodes.Template) -> set[str]:
    """Names the template sets itself (loop variables, {% set %})."""
    found: set[str] = {"loop"}
    for node in tree.find_all((nodes.For, nodes.Assign, nodes.AssignBlock, nodes.With)):
        targets = [getattr(node, "target", None), *(getattr(node, "targets", None) or [])]
        for target in targets:
            if target is not None:
                found.update(n.name for n in target.find_all(nodes.Name))
                if isinstance(target, nodes.Name):
                    found.add(target.name)
    return found


def _fields(value: Any) -> list[str]:
    """What a value offers a template, for the message."""
    if isinstance(value, dict):
        return sorted(str(k) for k in value)
    model_fields = getattr(type(value), "model_fields", None)
    if model_fields is not None:
        return sorted(model_fields)
    if hasattr(value, "__dataclass_fields__"):
        return sorted(value.__dataclass_fields__)
    return []


def _chain(node: nodes.Node) -> tuple[str, list[str]] | None:
    """``issuer.name.x`` → ("issuer", ["name", "x"]); None for anything else."""
    attrs: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            attrs.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            attrs.append(node.arg.value)
        else:
            return None
        node = node.node
    if isinstance(node, nodes.Name):
        return node.name, list(reversed(attrs))
    return None


def _nothing(value: Any, *args: Any, **kwargs: Any) -> Any:
    return value


def _problems_in(
    part: Part, shown: str, context: dict[str, Any], env: Environment
) -> Iterator[tuple[str, int, str]]:
    """(code, paragraph, what is wrong) for one part."""
    source = _source(part.texts)
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        yield "TEMPLATE-SYNTAX", exc.lineno or 1, f"Jinja syntax error: {exc.message}"
        return
    for kind, word in _FORBIDDEN.items():
        for tag in tree.find_all(kind):
            yield (
                "TEMPLATE-TAG",
                tag.lineno,
                f"templates may not use '{word}' (a template is one self-contained document)",
            )
    known = set(context) | set(env.globals)
    # Jinja's analysis compiles the template, which stops at an unknown filter or test: let
    # it see them as doing nothing, they are reported below
    lenient = env.overlay()
    lenient.filters = dict(env.filters)  # an overlay shares its parent's: copy before adding
    lenient.tests = dict(env.tests)
    for flt in tree.find_all(nodes.Filter):
        lenient.filters.setdefault(flt.name, _nothing)
    for test in tree.find_all(nodes.Test):
        lenient.tests.setdefault(test.name, _nothing)
    tree = lenient.parse(source)
    for name in sorted(meta.find_undeclared_variables(tree) - known):
        line = next(n.lineno for n in tree.find_all(nodes.Name) if n.name == name)
        shown_known = ", ".join(sorted(k for k in context if not k.startswith("_")))
        yield (
            "TEMPLATE-VARIABLE",
            line,
            f"'{name}' is not a value docgen gives this document (it gives: {shown_known})",
        )
    for flt in tree.find_all(nodes.Filter):
        if flt.name not in env.filters:
            ours = ", ".join(sorted(set(env.filters) - set(DEFAULT_FILTERS)))
            yield (
                "TEMPLATE-FILTER",
                flt.lineno,
                f"unknown filter '{flt.name}' (docgen's: {ours}; Jinja's own filters work too)",
            )
    for test in tree.find_all(nodes.Test):
        if test.name not in env.tests:
            yield "TEMPLATE-FILTER", test.lineno, f"unknown test 'is {test.name}'"
    local = _assigned(tree)
    reported: set[tuple[str, ...]] = set()
    for expr in tree.find_all((nodes.Getattr, nodes.Getitem)):
        chain = _chain(expr)
        if chain is None or chain[0] in local or chain[0] not in context:
            continue
        root, attrs = chain
        value = context[root]
        for depth, attr in enumerate(attrs):
            if value is None or callable(value) or isinstance(value, list | tuple):
                break  # optional, computed or a list: its items are the loop's business
            if isinstance(value, dict):
                found = value[attr] if attr in value else env.undefined(name=attr)
            else:
                found = env.getattr(value, attr)
            if isinstance(found, Undefined):
                path = ".".join([root, *attrs[: depth + 1]])
                if (path,) not in reported:
                    reported.add((path,))
                    offered = ", ".join(_fields(value)) or "nothing by that name"
                    yield (
                        "TEMPLATE-VARIABLE",
                        expr.lineno,
                        f"'{path}': {'.'.join([root, *attrs[:depth]])} has no '{attr}' "
                        f"(it has: {offered})",
                    )
                break
            value = found


def check_template(template: Path, shown: str, context: dict[str, Any], env: Environment) -> None:
    """Raise TemplateProblems listing every unknown value, field, filter and forbidden tag of
    ``template`` (shown as ``shown``) for ``context``, each with its paragraph."""
    if not template.is_file():
        raise TemplateError(
            f"template not found: {shown}", code="TEMPLATE-MISSING", location=Location(shown)
        )
    parts = template_parts(template, shown)
    found: list[Diagnostic] = []
    for part in parts:
        for code, line, message in _problems_in(part, shown, context, env):
            texts = part.texts
            text = " ".join(texts[line - 1].split()) if 0 < line <= len(texts) else ""
            where = f"{part.name} " if part.name else ""
            quoted = text if len(text) <= 70 else text[:67] + "…"
            found.append(
                Diagnostic(
                    code,
                    f"{where}paragraph {line} «{quoted}»: {message}",
                    Location(shown, line if not part.name else None),
                    Severity.ERROR,
                )
            )
    if found:
        found.sort(key=lambda d: (d.location.line or 0) if d.location else 0)
        raise TemplateProblems(shown, found)
