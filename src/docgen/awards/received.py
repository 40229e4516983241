"""The higher level's decisions received back: data/received/*.yaml, into the award history.

An upward proposal (a Tờ trình to the Prime Minister, say) is answered by a decision docgen
never numbers: the clerk records its number and date as printed, who signed it, the award and
the proposal it answers, and whom it awards (every nominee, a list, or all "except" some).
``docgen validate`` checks it against the proposal; the history (docgen.awards.history) then
holds its awards, so that later achievement reports list them and eligibility counts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from docgen.awards.history import History, PastAward, nominee_identity
from docgen.data.loader import Source
from docgen.data.models import Collective, Identifier, Individual, Name, Record, Text
from docgen.errors import Problems
from docgen.vn.dates import short_date

if TYPE_CHECKING:
    from docgen.awards.specs import ProposalSpec
    from docgen.data.workspace import Workspace

RECEIVED_DIR = "data/received"


class ReceivedDecision(Record):
    """data/received/<id>.yaml: a decision of a higher level answering a proposal."""

    number: Text  # as printed: "1234/QĐ-TTg" (from outside the register)
    date: dt.date  # as printed
    issuer: Text  # who decided, in running text: "Thủ tướng Chính phủ"
    award: Identifier  # data/law/awards.yaml
    answers: Identifier  # the proposal spec (kind: proposal) it answers
    awarded: Literal["all"] | list[Name] = "all"  # every nominee, or these names
    except_: list[Name] = Field(default_factory=list, alias="except")  # not awarded


def load_received(ws: Workspace, history: History, problems: Problems) -> None:
    """Every data/received/*.yaml, validated against the proposal it answers; the awards of
    a valid one join ``history``."""
    from docgen.data.workspace import validate

    for path in sorted((ws.data_dir / "received").glob("*.yaml")):
        src, found = ws.load_file(path)
        problems.extend(found)
        if found or src.data is None:
            continue
        record, found = validate(ReceivedDecision, src, src.data)
        problems.extend(found)
        if record is not None:
            _add(ws, history, src, record, problems)


def _add(
    ws: Workspace, history: History, src: Source, record: ReceivedDecision, problems: Problems
) -> None:
    from docgen.awards.nominees import nominee_key
    from docgen.awards.specs import ProposalSpec

    spec = ws.specs.get(record.answers)
    if spec is None and any(
        p.stem == record.answers for p in (ws.data_dir / "documents").rglob("*.yaml")
    ):
        return  # the proposal's spec is in error, reported where it is written
    if not isinstance(spec, ProposalSpec):
        known = sorted(i for i, s in ws.specs.items() if isinstance(s, ProposalSpec))
        problems.add(
            "DATA-REF",
            f"unknown proposal '{record.answers}' (the proposals of data/documents/: "
            f"{', '.join(known) or 'none'})",
            src.locate(("answers",)),
        )
        return
    rule = ws.catalogue.get(record.award) if ws.catalogue is not None else None
    if rule is None:
        if ws.catalogue is not None and ws.catalogue.unknown(record.award):
            problems.add("DATA-REF", f"unknown award '{record.award}'", src.locate(("award",)))
        return
    if record.award != spec.award:
        problems.add(
            "DATA-REF",
            f"'{record.answers}' proposes '{spec.award}', not '{record.award}'",
            src.locate(("award",)),
        )
        return
    if record.date < spec.date:
        problems.add(
            "DATA-DATE-ORDER",
            f"the decision is dated {short_date(record.date)}, before the Tờ trình it answers "
            f"({record.answers}, {short_date(spec.date)})",
            src.locate(("date",)),
        )
    nominees = _nominees(ws, spec)
    by_name: dict[str, list[tuple[str, Collective | Individual]]] = {}
    for school, nominee in nominees:
        by_name.setdefault(nominee_key(nominee.name), []).append((school, nominee))
    names = [] if record.awarded == "all" else record.awarded
    lists: tuple[tuple[str, list[str]], ...] = (("awarded", names), ("except", record.except_))
    if ws.is_broken("proposal", f"{spec.school}:{spec.year}"):
        lists = ()  # its nominees are not all known: reported in data/proposals/
    for field_name, listed in lists:
        for i, name in enumerate(listed):
            if nominee_key(name) not in by_name:
                problems.add(
                    "DATA-REF",
                    f"'{name}' is not a nominee of {record.answers} (its nominees: "
                    f"{', '.join(n.name for _, n in nominees) or 'none'})",
                    src.locate((field_name, i)),
                )
    chosen = (
        nominees
        if record.awarded == "all"
        else [m for n in record.awarded for m in by_name.get(nominee_key(n), [])]
    )
    left_out = {nominee_key(n) for n in record.except_}
    for school, nominee in chosen:
        if nominee_key(nominee.name) in left_out:
            continue
        history.add(nominee_identity(school, nominee)).awards.append(
            PastAward(
                year=spec.year,
                award=record.award,
                name=rule.name,
                kind=rule.kind,
                number=record.number,
                date=record.date,
                issuer=record.issuer,
                source=str(src.locate(("number",))),
            )
        )


def _nominees(ws: Workspace, spec: ProposalSpec) -> list[tuple[str, Collective | Individual]]:
    """(school, nominee) of everyone the proposal proposes for its award, in its order."""
    from docgen.awards.nominees import decided_proposals

    found: list[tuple[str, Collective | Individual]] = []
    for proposal in decided_proposals(ws, spec).values():
        members: list[Collective | Individual] = [*proposal.collectives, *proposal.individuals]
        found += [
            (proposal.school, n) for n in members if (n.award or proposal.award) == spec.award
        ]
    return found


HEADER = """\
# A decision of a higher level answering a proposal of this workspace (docgen received add):
# its number and date as printed (docgen never numbers it), who decided, the award, the
# proposal spec it answers, and whom it awards (all, a list of names, or all except some).
# docgen validate checks it against the proposal; its awards then count in the history.
"""


def received_file_name(number: str) -> str:
    """``1234/QĐ-TTg`` → ``1234-qd-ttg.yaml``: the decision's number in plain letters."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFD", number.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return (re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "quyet-dinh") + ".yaml"


def record_received(
    root: Path,
    *,
    answers: str,
    number: str,
    date: dt.date,
    issuer: str,
    award: str | None = None,
    only: Sequence[str] = (),
    leave_out: Sequence[str] = (),
    register: str | None = None,
) -> Path:
    """Write data/received/<number>.yaml for the decision answering the proposal ``answers``
    and check it with the whole workspace; a file that does not validate is removed again and
    its errors raised (DataError)."""
    import yaml

    from docgen.awards.specs import ProposalSpec
    from docgen.data.workspace import load_workspace
    from docgen.errors import DataError, DocgenError
    from docgen.output import write_atomic

    ws = load_workspace(root, register)
    spec = ws.specs.get(answers)
    if not isinstance(spec, ProposalSpec):
        raise DocgenError(
            f"unknown proposal '{answers}' (the proposals of data/documents/: "
            f"{', '.join(sorted(i for i, s in ws.specs.items() if isinstance(s, ProposalSpec)))})",
            code="DATA-REF",
        )
    path = ws.data_dir / "received" / received_file_name(number)
    if path.exists():
        raise DocgenError(
            f"{RECEIVED_DIR}/{path.name} exists already: the decision {number} is recorded",
            code="RECEIVED-EXISTS",
            hint="correct that file, or remove it first",
        )
    record: dict[str, object] = {
        "number": number,
        "date": date,
        "issuer": issuer,
        "award": award or spec.award,
        "answers": answers,
        "awarded": list(only) if only else "all",
    }
    if leave_out:
        record["except"] = list(leave_out)
    text = HEADER + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
    write_atomic(path, text.encode("utf-8"))
    try:
        load_workspace(root, register)
    except DataError:
        path.unlink(missing_ok=True)
        raise
    return path
