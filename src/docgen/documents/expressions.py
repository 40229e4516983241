"""Expressions a clerk writes in data, rendered within limits.

A certificate's reason is a sentence with places: ``… trong phong trào “{{ campaign.name }}”
năm {{ year }}``. It is rendered by the one Jinja environment (strict, autoescaped, sandboxed),
with a budget of time and size for every step (rules/data_limits.yaml ``expressions``) and a
shape checked before it runs: no statement that assigns or defines, loops no deeper than the
limit. Whatever goes wrong (a syntax error, a refusal of the sandbox, a limit passed, a value
missing) is a DataError at the line of the data file, never a traceback nor a hang.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from docgen.documents.templates import BUDGET, Budget, OverBudget, jinja_env
from docgen.errors import DataError, Diagnostic, Location
from docgen.rules import ExpressionLimits, expression_limits

CODE = "DATA-EXPRESSION"

# Statements a sentence never needs: each assigns, defines or reaches another template.
_STATEMENTS: dict[type[nodes.Node], str] = {
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.With: "{% with %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from … import %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
}


def _shape_problem(tree: nodes.Template, limits: ExpressionLimits) -> str | None:
    """Why the expression's shape is refused before it runs, or None."""

    def walk(node: nodes.Node, depth: int) -> str | None:
        for child in node.iter_child_nodes():
            statement = _STATEMENTS.get(type(child))
            if statement is not None:
                return f"it uses {statement}, which an expression in data may not"
            inner = depth
            if isinstance(child, nodes.For):
                if child.recursive:
                    return "it uses a recursive loop, which an expression in data may not"
                inner = depth + 1
                if inner > limits.loop_depth:
                    return f"its loops are nested {inner} deep (at most {limits.loop_depth})"
            problem = walk(child, inner)
            if problem is not None:
                return problem
        return None

    return walk(tree, 0)


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that spends from the active budget: its numbers and what it makes counted."""

    @functools.wraps(function)  # keeps jinja_pass_arg (a filter given the context)
    def run(*args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is None:
            return function(*args, **kwargs)
        budget.tick()
        for value in (*args[1:], *kwargs.values()):
            budget.number(value)
        return budget.sized(function(*args, **kwargs))

    return run


@functools.cache
def _expression_env() -> SandboxedEnvironment:
    """The one environment, overlaid: the same filters, each spending from the budget, and a
    range() no longer than the budget's size."""
    env = jinja_env()
    overlay = env.overlay()
    overlay.filters = {name: _guarded(f) for name, f in env.filters.items()}
    bounded_range: Callable[..., Any] = env.globals["range"]  # type: ignore[assignment]
    overlay.globals = {**env.globals, "range": _guarded(bounded_range)}
    return overlay


def render_expression(
    source: str, context: Mapping[str, Any], where: Location, message: str
) -> str:
    """``source`` rendered with ``context``, as markup-escaped text (the environment
    autoescapes); a DataError (DATA-EXPRESSION) at ``where`` otherwise, whose text is
    ``message`` (``"the reason: {}"``) with the reason why."""
    limits = expression_limits()

    def refuse(reason: str) -> DataError:
        return DataError([Diagnostic(CODE, message.format(reason), where)])

    if len(source) > limits.source_chars:
        raise refuse(f"it is {len(source):,} characters long (at most {limits.source_chars:,})")
    env = _expression_env()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise refuse(f"{exc.message} (line {exc.lineno})") from None
    problem = _shape_problem(tree, limits)
    if problem is not None:
        raise refuse(problem)
    budget = Budget(limits.seconds, limits.output_chars, limits.exponent_max)
    token = BUDGET.set(budget)
    try:
        template = env.from_string(tree)
        made: list[str] = []
        size = 0
        for piece in template.generate(**context):
            size += len(piece)
            if size > limits.output_chars:
                raise OverBudget(f"it makes more than {limits.output_chars:,} characters")
            budget.tick()
            made.append(piece)
        return "".join(made)
    except OverBudget as exc:
        raise refuse(f"refused: {exc}") from None
    except SecurityError as exc:
        raise refuse(f"refused by the sandbox: {exc}") from None
    except UndefinedError as exc:
        raise refuse(f"{exc.message}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as exc:
        raise refuse(f"cannot be worked out ({type(exc).__name__}: {exc})") from None
    finally:
        BUDGET.reset(token)
