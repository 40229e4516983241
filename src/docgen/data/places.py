"""Where a workspace's register is and where its documents may be written, both confined to
the workspace: a workspace may come from elsewhere with its links (output/ linked to another
office's folder, register.sqlite to another register), and docgen follows none of them out.
What is written outside the workspace is the choice of whoever typed it on the command line."""

from __future__ import annotations

import os
from pathlib import Path

from docgen.data.loader import load_yaml
from docgen.data.models import Settings
from docgen.data.workspace import Workspace, display_path, validate
from docgen.errors import DataError, DocgenError, Location, OutputError
from docgen.output import link_outside


def settings_register(ws: Workspace) -> str:
    """Where data/settings.yaml says the register is: a PostgreSQL URL, or a SQLite file of
    the workspace. A file outside it, written so or reached through a link, is refused:
    a workspace from elsewhere must not number into another office's register (one
    outside the workspace is chosen by whoever runs docgen: --register, DOCGEN_REGISTER)."""
    target = ws.settings.register_at
    if "://" in target:
        return target
    path = ws.root / target
    try:
        real = path.resolve()
        inside = real.is_relative_to(ws.root.resolve())
    except (OSError, RuntimeError):
        real, inside = path, False
    if not inside:
        source = ws.sources.get("data/settings.yaml")
        linked = path.absolute().is_relative_to(ws.root.absolute())
        raise DocgenError(
            f"the register {target} of data/settings.yaml is a link to {real}, outside the "
            "workspace"
            if linked and ".." not in Path(target).parts
            else f"the register {target} of data/settings.yaml is outside the workspace ({real})",
            code="REGISTER-OUTSIDE",
            location=source.locate(("register",)) if source else Location("data/settings.yaml"),
            hint="name a register file of the workspace there; one outside it is given "
            "with --register or DOCGEN_REGISTER",
        )
    return str(path)


def workspace_settings(root: Path) -> Workspace:
    """A workspace holding only data/settings.yaml (the defaults when it is absent or empty):
    enough to find the register and the workspace's identity. Only settings.yaml is read, so
    that a broken data file elsewhere never stops a clerk from listing or voiding numbers."""
    settings_file = root / "data" / "settings.yaml"
    if not settings_file.exists():
        return Workspace(root=root)
    source, problems = load_yaml(settings_file, display_path(root, settings_file))
    if problems:
        raise DataError(problems)
    if source.data is None:  # an empty settings file: the defaults
        return Workspace(root=root)
    settings, problems = validate(Settings, source, source.data)
    if problems or settings is None:
        raise DataError(problems)
    return Workspace(root=root, settings=settings)


def workspace_register(root: Path) -> str:
    """The register ``docgen build`` uses in this workspace: data/settings.yaml's ``register``,
    else register.sqlite in the workspace."""
    return settings_register(workspace_settings(root))


def chosen_register(root: Path, chosen: str | None) -> str | None:
    """The register given on the command line or in DOCGEN_REGISTER (``chosen``), or None when
    none is. A file written inside the workspace ``root`` that a link takes outside it is
    refused (REGISTER-OUTSIDE); one written outside it is the choice of whoever gave it."""
    chosen = chosen or os.environ.get("DOCGEN_REGISTER") or None
    if chosen is None or "://" in chosen:
        return chosen
    real = link_outside(Path(chosen), root)
    if real is not None:
        raise DocgenError(
            f"the register {chosen} is a link to {real}, outside the workspace",
            code="REGISTER-OUTSIDE",
            location=Location(chosen),
            hint="give the register's own path, or replace the link with the file",
        )
    return chosen


def guard_output_dir(ws: Workspace, out_dir: Path, target: Path | None = None) -> None:
    """docgen writes documents only into output folders, never into data/ or templates/, nor
    through a link of the workspace to a folder outside it (``target``: the file, whose own
    folders under ``out_dir`` are looked at too)."""
    for written in (out_dir, target.parent) if target is not None else (out_dir,):
        real = link_outside(written, ws.root)
        if real is not None:
            shown = Path(os.path.relpath(os.path.abspath(written), os.path.abspath(ws.root)))
            raise OutputError(
                f"refusing to write into {shown.as_posix()}: it is a link to {real}, outside "
                "the workspace",
                code="OUTPUT-OUTSIDE",
                location=Location(shown.as_posix()),
                hint="replace the link with a folder of the workspace, or give the folder "
                "outside it with --out",
            )
    resolved = out_dir.resolve()
    for protected in (ws.data_dir, ws.templates_dir):
        p = protected.resolve()
        if resolved == p or p in resolved.parents:
            raise OutputError(
                f"refusing to write documents into {display_path(ws.root, protected)}/",
                code="OUTPUT-PROTECTED",
                hint="choose another --out folder (the default is output/)",
            )
