"""The CLI as the tests drive it: a command run in a workspace, and a data file edited in
place to break it on purpose."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from docgen.cli.main import cli


def run(ws: Path, *args: str) -> tuple[int, str, str]:
    """``docgen -C ws ARGS…``: its exit code, standard output and standard error."""
    result = CliRunner().invoke(cli, ["-C", str(ws), *args])
    return result.exit_code, result.stdout, result.stderr


def edit(ws: Path, rel: str, old: str, new: str) -> None:
    """Replace the first ``old`` in the workspace file ``rel`` (which must hold it)."""
    path = ws / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def render_to(ws: Path, spec: str, out: Path) -> Path:
    """``docgen render`` of the workspace file ``spec`` into ``out``, which it returns."""
    code, _, err = run(ws, "render", "-q", str(ws / spec), "-o", str(out))
    assert code == 0, err
    return out
