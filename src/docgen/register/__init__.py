"""The document-number register: numbers never reused, in date order, stable across rebuilds."""

from docgen.register.awards import IssuedAward
from docgen.register.entries import (
    GAP_KIND,
    AwardGiven,
    Entry,
    Gap,
    IssueRequest,
    Slot,
    find_gaps,
    symbol_width,
)
from docgen.register.export import export_csv, export_docx
from docgen.register.policy import NumberingPolicy, Term
from docgen.register.schema import SCHEMA_VERSION
from docgen.register.store import Register, open_register, register_exists

__all__ = [
    "GAP_KIND",
    "SCHEMA_VERSION",
    "AwardGiven",
    "Entry",
    "Gap",
    "IssueRequest",
    "IssuedAward",
    "NumberingPolicy",
    "Register",
    "Slot",
    "Term",
    "export_csv",
    "export_docx",
    "find_gaps",
    "open_register",
    "register_exists",
    "symbol_width",
]
