"""Entry point for ``python -m docgen``."""

from docgen.cli.main import main

main()
