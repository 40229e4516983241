"""The register's records: a document's request, a row of the book, a gap, a held number."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from docgen.register.symbols import format_number

State = Literal["reserved", "issued", "voided"]
# The kind of an entry that records a skipped number as voided: no document, no spec.
GAP_KIND = "gap"


@dataclass(frozen=True)
class AwardGiven:
    """One award an award decision gives, as the register keeps it from its issue on: who
    (a stable key, docgen.awards.given), what (the catalogue id), for which year, the money
    computed on issue, and the reason when the law allows a second award that year."""

    awardee: str
    award: str
    year: int
    name: str
    money: int | None = None  # đồng
    override: str | None = None  # "dot-xuat: <reason>" (docgen.awards.given)


@dataclass(frozen=True)
class IssueRequest:
    """What a document asks of the register."""

    issuer: str  # the issuer's id
    issuer_abbr: str  # as printed in the symbol: HVCTQG, UBND…
    system: Literal["party", "state"]
    kind: str  # plan, report…
    type_abbr: str | None  # KH, QĐ…; None for a State công văn
    date: dt.date
    subject: str
    signer: str
    recipients: list[str]
    spec: str  # the spec's path relative to the workspace: its identity
    number: int | None = None  # None: the next number; an int: given by hand
    corrects: str | None = None  # the spec of the issued document this one corrects
    correction: str | None = None  # how: dinh_chinh, sua_doi, thay_the
    reason: str | None = None  # why it is corrected (the log)
    awards: tuple[AwardGiven, ...] = ()  # what an award decision gives (register/awards.py)


@dataclass(frozen=True)
class Entry:
    """One row of the register book."""

    id: int
    issuer: str
    series: str
    number: int
    symbol: str
    date: dt.date
    kind: str
    type_abbr: str | None
    subject: str
    signer: str
    recipients: list[str]
    spec: str
    output: str | None  # the written file, relative to the workspace
    sha256: str | None  # of the written file
    state: State
    created_at: str
    updated_at: str | None  # last refreshed by a rebuild
    voided_at: str | None
    void_reason: str | None
    workspace: str = ""  # the workspace whose spec this is ('' before workspaces had one)
    corrects: int | None = None  # the id of the entry this document corrects
    correction: str | None = None  # how: dinh_chinh, thay_the, sua_doi
    withdrawn: str | None = None  # a voided document's file, moved out of the outputs

    @classmethod
    def from_row(cls, row: Any) -> Entry:
        values = list(row)
        values[5] = dt.date.fromisoformat(values[5])
        values[10] = json.loads(values[10])
        return cls(*values)


@dataclass(frozen=True)
class Gap:
    """Numbers of a series that no entry accounts for ("bỏ trống"), skipped by a number given
    by hand: between the entries ``before`` and ``after`` (where the gap sits in the book),
    and between the documents ``below`` and ``above`` (the same, unless a number next to the
    gap was itself a skipped one since voided)."""

    series: str
    first: int
    last: int
    before: Entry
    after: Entry
    below: Entry  # the nearest document under the gap
    above: Entry  # the nearest document over it: the number given by hand that skipped it

    @property
    def issuer(self) -> str:
        return self.above.issuer

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def numbers_text(self, width: int = 2) -> str:
        """``03`` or ``02–04``."""
        first, last = format_number(self.first, width), format_number(self.last, width)
        return first if self.first == self.last else f"{first}–{last}"


@dataclass
class Slot:
    """A number held for one document while it is being written."""

    number: int
    symbol: str  # "1247-KH/HVCTQG" / "05/KH-UBND"
    line: str  # "Số 1247-KH/HVCTQG" / "Số: 05/KH-UBND"
    rebuilt: bool  # the spec already had this number
    entry_id: int
    output: str | None = None
    sha256: str | None = None
    completed: bool = field(default=False)
    claimed: bool = False  # a rebuild claiming an entry made before entries had a workspace
    issued_sha256: str | None = None  # on a rebuild: the SHA-256 of the issued file
    issued_output: str | None = None  # on a rebuild: where the issued file was written
    corrected: Entry | None = None  # the issued entry a new correcting document corrects
    document: bytes | None = None  # the issued .docx

    def complete(
        self,
        output_path: str | Path,
        sha256: str,
        *,
        document: bytes | None = None,
    ) -> None:
        """The document is ready under a temporary name: keep the number (and, for a new
        number, what is issued) when the ``with`` block ends."""
        self.output = Path(output_path).as_posix()
        self.sha256 = sha256
        self.document = document
        self.completed = True


def find_gaps(entries: Sequence[Entry]) -> list[Gap]:
    """The numbers no entry accounts for inside each series: between its lowest and highest
    numbers (voided ones included, since they are accounted for). Numbers below a series'
    lowest number are not gaps: they were given before the register was kept."""
    gaps: list[Gap] = []
    ordered = sorted(entries, key=lambda e: (e.series, e.number))
    for series, group in itertools.groupby(ordered, key=lambda e: e.series):
        rows = list(group)
        documents = [i for i, e in enumerate(rows) if e.kind != GAP_KIND]
        for i, (before, after) in enumerate(itertools.pairwise(rows)):
            if after.number == before.number + 1:
                continue
            # a series' lowest and highest entries are documents: gap rows only fill gaps
            below = rows[max(d for d in documents if d <= i)]
            above = rows[min(d for d in documents if d > i)]
            gaps.append(
                Gap(series, before.number + 1, after.number - 1, before, after, below, above)
            )
    return gaps


def symbol_width(symbol: str) -> int:
    """How many digits a symbol writes its number with: ``05-KH/X`` → 2, ``001/UBND`` → 3."""
    match = re.match(r"\d+", symbol)
    return len(match.group()) if match and match.group().startswith("0") else 2
