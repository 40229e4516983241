"""The global options after the command too (``docgen build -C DIR``), and what ``docgen
--help`` says after its options: where they may stand, and the exit statuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from docgen.i18n import translate as _t


def adjust_verbosity(ctx: click.Context, param: click.Parameter, value: int) -> int:
    """-q/-v work after the command too (``docgen build -q``) and add to the global ones."""
    if value:
        reporter = ctx.ensure_object(dict)["reporter"]
        reporter.verbosity += value if param.name == "verbose" else -value
    return value


def _set_global(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A global option given after the command: the same meaning as before it; given in both
    places, the one after the command wins."""
    if value is None or value is False:
        return value
    obj = ctx.ensure_object(dict)
    if param.name == "workspace":
        obj["workspace"] = value
    elif param.name == "register_url":
        obj["register_url"] = value
    elif param.name == "debug":
        obj["debug"] = True
        if "reporter" in obj:
            obj["reporter"].debug = True
    elif param.name == "lang":
        from docgen.i18n import set_language

        set_language(value)
    return value


def _global_options() -> list[click.Option]:
    """The options of ``docgen`` itself, as each command takes them after its name (hidden
    from its help: ``docgen --help`` lists them once, and says so)."""
    shared: dict[str, Any] = {"expose_value": False, "hidden": True}
    return [
        click.Option(
            ["-C", "--workspace"],
            type=click.Path(file_okay=False, path_type=Path),
            callback=_set_global,
            **shared,
        ),
        click.Option(["--debug"], is_flag=True, callback=_set_global, **shared),
        click.Option(["--lang"], type=click.Choice(["vi", "en"]), callback=_set_global, **shared),
        click.Option(
            ["--register", "register_url"], metavar="PATH|URL", callback=_set_global, **shared
        ),
        click.Option(["-q", "--quiet"], count=True, callback=adjust_verbosity, **shared),
        click.Option(["-v", "--verbose"], count=True, callback=adjust_verbosity, **shared),
    ]


def accept_global_options(command: click.Command) -> None:
    """Add to ``command`` the global options it lacks; a command's own option of the same name
    (``docgen register --register``) keeps its own meaning. Adding twice adds nothing."""
    taken = {opt for param in command.params for opt in param.opts + param.secondary_opts}
    names = {param.name for param in command.params}
    for option in _global_options():
        if option.name not in names and not taken & set(option.opts):
            command.params.append(option)


def format_epilog(formatter: click.HelpFormatter) -> None:
    """The end of ``docgen --help``: the global options anywhere, then every exit status.
    Written already translated (the formatter's own methods, not the translating ones)."""
    write_text, write_heading = click.HelpFormatter.write_text, click.HelpFormatter.write_heading
    formatter.write_paragraph()
    write_text(
        formatter,
        _t(
            "The options above may also follow the command, with the same meaning: "
            "docgen build -C DIR, docgen register list --register URL."
        ),
    )
    formatter.write_paragraph()
    write_heading(formatter, _t("Exit status"))
    formatter.indent()
    click.HelpFormatter.write_dl(
        formatter,
        [
            ("0", _t("done; warnings do not change it")),
            (
                "1",
                _t(
                    "a format error found (docgen check, build --check); a signature that "
                    "does not hold (docgen verify); some of a batch failed (certificates, "
                    "achievements); interrupted (Ctrl-C); or a fault of docgen itself (its "
                    "traceback is shown)"
                ),
            ),
            (
                "2",
                _t(
                    "wrong data, or what was asked cannot be done as given (a wrong option "
                    "too); a .docx that cannot be read"
                ),
            ),
            ("3", _t("a template is broken or does not fit its data")),
            ("4", _t("the document-number register refused (or is missing)")),
            ("5", _t("a file could not be written safely")),
            ("6", _t("LibreOffice could not convert a document to PDF")),
            (
                "7",
                _t(
                    "signing refused (docgen sign: a number not issued, the certificate of "
                    "another person or office, an expired certificate, a wrong password or PIN, "
                    "a token or key not found)"
                ),
            ),
        ],
    )
    formatter.dedent()


def in_workspace(root: Path, given: Path) -> Path:
    """A file named on the command line, as the clerk means it: from the workspace (``-C``)
    when it is there (``docgen -C ~/van-thu certificates data/certificates/x.yaml`` run from
    anywhere), else from the current folder."""
    if given.is_absolute():
        return given
    inside = root / given
    return inside if inside.exists() else given
