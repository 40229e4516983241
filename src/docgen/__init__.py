"""docgen: Vietnamese official documents from YAML data and Word templates."""

__version__ = "0.1.0"
