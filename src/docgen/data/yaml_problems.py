"""PyYAML's syntax problems told as whole messages, so a clerk reads them in Vietnamese.

PyYAML says what its scanner expected ("could not find expected ':'"); each known problem is a
message of docgen's catalogue with the same English words, whose Vietnamese says what is wrong
in the clerk's terms (a missing ':', a tab, an unclosed quote, an indentation that does not
match). An unknown problem is shown as PyYAML words it."""

from __future__ import annotations

import re

from docgen.i18n import message

# PyYAML's problem (a pattern; the named parts are its values) → the same words as a template
KNOWN_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"could not find expected ':'", "could not find expected ':'"),
    (r"mapping values are not allowed here", "mapping values are not allowed here"),
    # libyaml's words for the same (docgen loads with the C loader when it is there)
    (
        r"mapping values are not allowed in this context",
        "mapping values are not allowed in this context",
    ),
    (
        r"block sequence entries are not allowed in this context",
        "block sequence entries are not allowed in this context",
    ),
    (
        r"found character '\\t' that cannot start any token",
        "found character '\\t' that cannot start any token",
    ),
    (
        r"found character (?P<char>.+) that cannot start any token",
        "found character {char} that cannot start any token",
    ),
    (r"found unexpected end of stream", "found unexpected end of stream"),
    (r"found unknown escape character (?P<char>.+)", "found unknown escape character {char}"),
    (r"expected <block end>, but found (?P<found>.+)", "expected <block end>, but found {found}"),
    (r"did not find expected key", "did not find expected key"),
    (r"did not find expected '-' indicator", "did not find expected '-' indicator"),
    (r"expected ',' or '\]', but got (?P<found>.+)", "expected ',' or ']', but got {found}"),
    (r"expected ',' or '\}', but got (?P<found>.+)", "expected ',' or '}}', but got {found}"),
    (r"block sequence entries are not allowed here", "block sequence entries are not allowed here"),
    (r"sequence entries are not allowed here", "sequence entries are not allowed here"),
    (
        r"expected the node content, but found (?P<found>.+)",
        "expected the node content, but found {found}",
    ),
    (
        r"expected alphabetic or numeric character, but found (?P<found>.+)",
        "expected alphabetic or numeric character, but found {found}",
    ),
    (r"found undefined alias (?P<name>.+)", "found undefined alias {name}"),
    (
        r"expected '<document start>', but found (?P<found>.+)",
        "expected '<document start>', but found {found}",
    ),
)


def problem_message(problem: str) -> str:
    """PyYAML's ``problem`` as a message of the catalogue (its English words unchanged)."""
    for pattern, template in KNOWN_PROBLEMS:
        found = re.fullmatch(pattern, problem)
        if found:
            return message(template, **found.groupdict())
    return problem


def syntax_message(problem: str | None, context: str | None) -> str:
    """``YAML syntax error: while scanning a simple key: could not find expected ':'``: in
    Vietnamese the problem in the clerk's words, without the parser's context."""
    what = problem_message(problem or "invalid YAML")
    if context:
        what = message("{context}: {problem}", context=context, problem=what)
    return message("YAML syntax error: {problem}", problem=what)
