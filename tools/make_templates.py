"""Build-time: (re)build the .docx templates in templates/ from the format rules and the body
sources (``make templates``). Runtime code never imports the builder; see docs/architecture.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen_build.templates import build_templates


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "templates"
    for path in build_templates(root):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
