"""The document-number register: numbers never reused, never skipped, stable across rebuilds."""

from docgen.register.policy import NumberingPolicy, Term
from docgen.register.store import Entry, IssueRequest, Register, Slot, open_register

__all__ = ["Entry", "IssueRequest", "NumberingPolicy", "Register", "Slot", "Term", "open_register"]
