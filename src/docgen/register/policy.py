"""Numbering policy of an issuer: which series a document's number belongs to."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from docgen.errors import RegisterError


class Term(BaseModel):
    """A committee term (nhiệm kỳ): Party committees number per term (format.md)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    name: str = Field(min_length=1)
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.end < self.start:
            raise ValueError(f"term {self.name} ends before it starts")
        return self


class NumberingPolicy(BaseModel):
    """Scope (``year``: from 01 each 1 January; ``term``: from 01 each committee term) ×
    series (``shared``: one sequence for all types; ``per_type``: one per type abbreviation)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    scope: Literal["year", "term"] = "year"
    series: Literal["shared", "per_type"] = "shared"
    terms: list[Term] = Field(default_factory=list)
    width: int = Field(default=2, ge=1, le=6)  # numbers below 10 are written 01, 02 …

    @model_validator(mode="after")
    def _terms_for_term_scope(self) -> NumberingPolicy:
        if self.scope == "term" and not self.terms:
            raise ValueError("scope 'term' needs the list of terms (name, start, end)")
        ordered = sorted(self.terms, key=lambda t: t.start)
        for before, after in itertools.pairwise(ordered):
            if after.start <= before.end:
                raise ValueError(f"terms {before.name} and {after.name} overlap")
        if len({t.name for t in self.terms}) != len(self.terms):
            raise ValueError("two terms have the same name")
        return self

    def period(self, day: dt.date) -> str:
        """The scope period a date falls in: ``2024`` or ``term:2020-2025``."""
        if self.scope == "year":
            return str(day.year)
        for term in self.terms:
            if term.start <= day <= term.end:
                return f"term:{term.name}"
        known = ", ".join(f"{t.name} ({t.start}–{t.end})" for t in self.terms)
        raise RegisterError(
            f"{day.isoformat()} falls in no term of the numbering policy (terms: {known})",
            code="REGISTER-TERM",
            hint="add the current term to the issuer's numbering.terms",
        )

    def series_key(self, issuer: str, day: dt.date, type_abbr: str | None) -> str:
        """``hvctqg/2024/*`` (shared) or ``snv/2026/KH`` (per type; ``-`` for a công văn)."""
        kind = "*" if self.series == "shared" else (type_abbr or "-")
        return f"{issuer}/{self.period(day)}/{kind}"
