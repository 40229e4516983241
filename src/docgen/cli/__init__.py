"""The command line: a module per command group; the one place that prints and exits."""
