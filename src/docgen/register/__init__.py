"""The document-number register: numbers never reused, never skipped, stable across rebuilds."""

from docgen.register.export import export_csv, export_docx
from docgen.register.policy import NumberingPolicy, Term
from docgen.register.schema import SCHEMA_VERSION
from docgen.register.store import Entry, IssueRequest, Register, Slot, open_register

__all__ = [
    "SCHEMA_VERSION",
    "Entry",
    "IssueRequest",
    "NumberingPolicy",
    "Register",
    "Slot",
    "Term",
    "export_csv",
    "export_docx",
    "open_register",
]
