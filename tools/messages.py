"""The messages docgen shows clerks, as templates ('{}' where a value goes), read from the
source; with --missing, those the Vietnamese catalogue (src/docgen/locale/vi.yaml) lacks, as
YAML lines ready to translate.

    python tools/messages.py [--missing]
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "docgen"
# the template builder's messages too (make templates), outside the runtime package
PACKAGES = (SOURCE, SOURCE.parent / "docgen_build")


def template(node: ast.expr) -> str | None:
    """The template of a message expression, or None when it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("{}")
        return "".join(parts)
    return None


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def message_nodes(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        # (code, message, …) tuples, as the pydantic error translation returns them
        if isinstance(node, ast.Tuple) and len(node.elts) >= 2 and _is_code(node.elts[0]):
            yield node.elts[1]
            continue
        # message = f"…" / hint += f"…": texts built before they are raised
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in _NAMED for t in targets):
                yield node.value
            continue
        if not isinstance(node, ast.Call):
            continue
        name, args = _name(node.func), node.args
        if name == "message" and args:  # docgen.i18n.message: a template with named values
            yield args[0]
            continue
        if args and ((name.endswith("Error") and name != "AssertionError") or name in _SHOWN):
            yield args[0]
        elif name == "Diagnostic" and len(args) >= 2:
            yield args[1]
            if len(args) >= 5:  # (code, message, location, severity, hint)
                yield args[4]
        elif name == "add" and len(args) >= 2 and _is_code(args[0]):
            yield args[1]
            if len(args) >= 4:
                yield args[3]
        elif name == "error" and len(args) == 1:
            yield args[0]
        elif name == "error" and len(args) >= 3 and _is_code(args[1]):
            yield args[2]
            if len(args) >= 4:
                yield args[3]
        for keyword in node.keywords:
            if keyword.arg in ("hint", "message", "help"):
                yield keyword.value


def help_texts(tree: ast.AST) -> Iterator[str]:
    """The help of click commands (their docstrings) and of lazily loaded commands."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
            "command" in ast.unparse(d) or "group" in ast.unparse(d) for d in node.decorator_list
        ):
            doc = ast.get_docstring(node)
            if doc:
                yield doc.partition("\f")[0]
                yield doc.partition("\f")[0].split("\n\n")[0].replace("\n", " ")
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "_LAZY" for t in targets):
            for value in getattr(node.value, "values", []):
                if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                    text = template(value.elts[1])
                    if text:
                        yield text


def _is_code(node: ast.expr) -> bool:
    """A message code such as DATA-REF (upper case, with a dash)."""
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.isupper()
        and "-" in node.value
    )


# Variables that hold a message before it is raised.
_NAMED = {"message", "hint", "also"}
# Calls whose first argument is shown to the clerk.
_SHOWN = {"_t", "info", "detail", "refuse", "_Refused"}
# Functions whose returned text is shown inside a message (the reason of a DATA-DATE error,
# why a .docx cannot be read).
_REASONS = {
    "check_date",
    "describe_not_zip",
    "describe_no_document",
    "too_many_parts",
    "directory_problem",
    "refused_xml",
}


# Tables of (pattern, message template) pairs: the templates are messages.
_TABLES = {"KNOWN_PROBLEMS"}


def _tables(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        target = node.target if isinstance(node, ast.AnnAssign) else None
        targets = node.targets if isinstance(node, ast.Assign) else [target] if target else []
        if not any(isinstance(t, ast.Name) and t.id in _TABLES for t in targets):
            continue
        value = getattr(node, "value", None)
        for row in getattr(value, "elts", []):
            if isinstance(row, ast.Tuple) and row.elts:
                yield row.elts[-1]


def _reasons(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in _REASONS:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    yield inner.value


def messages() -> dict[str, str]:
    """Template → where it is first used (file:line)."""
    found: dict[str, str] = {}
    for path in sorted(p for package in PACKAGES for p in package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in [*message_nodes(tree), *_reasons(tree), *_tables(tree)]:
            text = template(node)
            if text and text.strip() and text.strip("{} ") and any(c.isalpha() for c in text):
                found.setdefault(text, f"{path.relative_to(SOURCE.parent)}:{node.lineno}")
        for text in help_texts(tree):
            found.setdefault(text, f"{path.relative_to(SOURCE.parent)} (help)")
    return found


def main() -> None:
    found = messages()
    if "--missing" in sys.argv:
        sys.path.insert(0, str(SOURCE.parent))
        from docgen.i18n import catalogue

        known = catalogue()
        for text, where in found.items():
            if text not in known:
                escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                print(f'# {where}\n"{escaped}": ""')
        return
    for text, where in found.items():
        print(f"{where}: {text}")


if __name__ == "__main__":
    main()
