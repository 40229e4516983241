"""The names of the data files: docgen reads ``*.yaml`` only, so a ``.yml`` or ``.YAML`` file
under data/ is an error naming it, never a file silently left out.

Why an error rather than reading ``.yml`` too: the data files are found in many places (the
workspace loader, the award parts, the Excel lists, the web pages, the JSON Schemas' file
patterns given to editors, the file names docgen writes), and a workspace with one spelling is
one that every one of them, and the clerk's colleagues, read the same way. The error says the
one rename that fixes it, and names the other file when both spellings of an id are there."""

from __future__ import annotations

import os
from pathlib import Path

from docgen.errors import Location, Problems

SUFFIX = ".yaml"


def check_file_names(root: Path, problems: Problems) -> None:
    """Report every YAML file under ``root``/data/ whose name does not end in ``.yaml``
    (``x.yml``, ``x.YAML``): it would not be read. Hidden files (an editor's) are left alone."""
    data = root / "data"
    for folder, dirs, files in os.walk(data):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = set(files)
        for name in sorted(files):
            stem, suffix = os.path.splitext(name)
            if name.startswith(".") or suffix == SUFFIX or suffix.lower() not in (".yml", SUFFIX):
                continue
            path = Path(folder) / name
            where = Location(path.relative_to(root).as_posix())
            same = sorted(
                other
                for other in names
                if other != name
                and os.path.splitext(other)[0] == stem
                and os.path.splitext(other)[1].lower() in (".yml", SUFFIX)
            )
            if same:
                shown = ", ".join(
                    (Path(folder) / other).relative_to(root).as_posix() for other in same
                )
                problems.add(
                    "DATA-FILE-NAME",
                    f"'{name}' and {shown} are two files for the same '{stem}': docgen reads "
                    f"only files ending in {SUFFIX}",
                    where,
                    hint=f"keep one of them, named {stem}{SUFFIX}, and delete the other",
                )
            else:
                problems.add(
                    "DATA-FILE-NAME",
                    f"'{name}' is not read: docgen reads only files ending in {SUFFIX}",
                    where,
                    hint=f"rename it {stem}{SUFFIX}",
                )
