"""Expressions a clerk writes in data (a certificate's reason), issue 24 case 6: rendered by the
one environment within limits of time, size and loop depth; whatever goes wrong is a located
DATA-EXPRESSION error, never a traceback, a hang or gigabytes of memory."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from docgen.documents import expressions
from docgen.documents.expressions import render_expression
from docgen.errors import DataError, Location
from docgen.rules import expression_limits
from tests.conftest import make_workspace
from tests.support.cli_run import run


@dataclass
class Campaign:
    name: str


CONTEXT = {"campaign": Campaign('Thi đua "Dân vận khéo" & đổi mới'), "year": 2024}
WHERE = Location("data/certificates/x.yaml", 7, 9)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        # before: ran to a MemoryError at 3 GB
        (
            "{{ 'x' * 1500000000 }}",
            "refused: it makes a text or list of more than 10,000 characters",
        ),
        (
            "{{ [1] * 1500000000 }}",
            "refused: it makes a text or list of more than 10,000 characters",
        ),
        ("{{ 'x' | center(1500000000) }}", "refused: it asks for 1,500,000,000, more than 10,000"),
        ("{{ 'x'.ljust(1500000000) }}", "refused: it asks for 1,500,000,000, more than 10,000"),
        ("{{ lipsum(1000000) }}", "refused: it asks for 1,000,000, more than 10,000"),
        ("{{ 2 ** 100000000 }}", "refused: it raises a number to the power 100000000"),
        (
            "{% for i in range(5000) %}{{ 'x' * 5000 }}{% endfor %}",
            "refused: it makes more than 10,000 characters",
        ),
        # before: never ended
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
            "its loops are nested 2 deep (at most 1)",
        ),
        (
            "{% for a in 'abc' recursive %}{{ loop('ab') }}{% endfor %}",
            "it uses a recursive loop, which an expression in data may not",
        ),
        (
            "{% set a = 'x' * 9000 %}{% set a = a ~ a %}{{ a }}",
            "it uses {% set %}, which an expression in data may not",
        ),
        (
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            "it uses {% macro %}, which an expression in data may not",
        ),
        ("{% include 'x' %}", "it uses {% include %}, which an expression in data may not"),
        # before: a traceback (SecurityError)
        (
            "{{ campaign.__class__.__mro__ }}",
            "refused by the sandbox: access to attribute "
            "'__class__' of 'Campaign' object is unsafe.",
        ),
        ("{{ ''.__class__.__subclasses__() }}", "refused by the sandbox: "),
        (
            "{{ campaign.nam }}",
            "'tests.hostile.test_expressions.Campaign object' has no attribute 'nam'",
        ),
        ("{{ year / 0 }}", "cannot be worked out (ZeroDivisionError: "),
        ("{{ 'x' * 1.5e9 }}", "cannot be worked out (TypeError: "),
        ("{{ campaign.name ", "unexpected end of template"),
        ("x" * 2001, "it is 2,001 characters long (at most 2,000)"),
    ],
)
def test_an_expression_past_its_limits_is_a_located_error(source: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        render_expression(source, CONTEXT, WHERE, "the reason: {}")
    assert time.monotonic() - started < 2
    (problem,) = caught.value.problems
    assert problem.code == "DATA-EXPRESSION"
    assert problem.location == WHERE
    assert problem.message.startswith(f"the reason: {reason}"), problem.message


def test_a_long_computation_stops_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = expression_limits().model_copy(update={"seconds": 0.05})
    monkeypatch.setattr(expressions, "expression_limits", lambda: quick)
    source = (
        "{% for i in range(10000) %}{% if ('x' * 9000) | upper | lower %}{% endif %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        render_expression(source, CONTEXT, WHERE, "the reason: {}")
    assert time.monotonic() - started < 1
    assert caught.value.problems[0].message == (
        "the reason: refused: it takes longer than 0.05 s to work out"
    )


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (
            "Đã có thành tích xuất sắc trong phong trào “{{ campaign.name }}” năm {{ year }}",
            "Đã có thành tích xuất sắc trong phong trào “Thi đua &#34;Dân vận khéo&#34; &amp; đổi "
            "mới” năm 2024",
        ),
        ("{{ campaign.name | upper }}", "THI ĐUA &#34;DÂN VẬN KHÉO&#34; &amp; ĐỔI MỚI"),
        ("{% if year > 2020 %}gần đây{% else %}trước{% endif %}", "gần đây"),
        (
            "{% for n in [1, 2, 3] %}{{ n }}{% if not loop.last %}, {% endif %}{% endfor %}",
            "1, 2, 3",
        ),
        ("{{ ('x' * 10000) | length }}", "10000"),
    ],
)
def test_a_reasonable_expression_renders(source: str, text: str) -> None:
    """Escaped for markup, as the one environment does (the certificate unescapes it once)."""
    assert render_expression(source, CONTEXT, WHERE, "the reason: {}") == text


def test_templates_are_not_limited_outside_an_expression() -> None:
    """The budget applies to expressions in data only: a template's own arithmetic is free."""
    from docgen.documents.templates import jinja_env

    assert len(jinja_env().from_string("{{ 'x' * 20000 }}").render()) == 20000


def test_the_certificates_command_names_the_line_and_writes_nothing(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    assert run(ws, "build")[0] == 0
    spec = ws / "data" / "certificates" / "bang-khen-2024.yaml"
    text = spec.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("reason:"))
    spec.write_text(
        re.sub(r"^reason:.*$", "reason: \"{{ 'x' * 1500000000 }}\"", text, flags=re.M),
        encoding="utf-8",
    )
    code, _, err = run(ws, "certificates", str(spec), "--out", str(ws / "output" / "bk"))
    assert code == 2
    assert err.startswith(
        f"data/certificates/bang-khen-2024.yaml:{line}:9: error[DATA-EXPRESSION]: the reason: "
        "refused: it makes a text or list of more than 10,000 characters"
    )
    assert "Traceback" not in err
    assert not (ws / "output" / "bk").exists()
