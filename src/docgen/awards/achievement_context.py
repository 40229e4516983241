"""What one achievement report shows: the nominees of a spec, their details, the values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docgen.awards.achievement_data import (
    AchievementsFile,
    CollectiveDetails,
    Head,
    IndividualDetails,
    ReceivedRow,
    Recipient,
    ReportForm,
    details_for,
    match_entries,
    received_rows,
)
from docgen.awards.commendation import Awardee, position_in_unit
from docgen.awards.kinds.decision_award import awarded, awarded_parts
from docgen.awards.nominees import decided_proposals, nominee_key
from docgen.awards.specs import AwardDecisionSpec, ProposalSpec
from docgen.awards.wording import award_wording
from docgen.data.bodies import Body, head_signer, issuer_body
from docgen.data.models import Collective, Individual, Issuer, PointItem, Proposal, SpecBase
from docgen.data.workspace import Workspace
from docgen.documents.context import workspace_names
from docgen.documents.sections import Blocks, Run, SectionNumbering, paragraph_xml, parse_inline
from docgen.documents.text_width import balance
from docgen.errors import Problems
from docgen.rules import FormatRules, SystemName, load_rules
from docgen.vn.dates import date_line, short_date

BLANK = "……"  # a detail the data does not give: the clerk fills it in by hand


@dataclass(frozen=True)
class UnitHeader:
    """The header of a unit that is not an issuer of the workspace: its name, one line."""

    parent: list[str]
    header: list[str]
    system: SystemName
    place: str
    pad_dates: bool = True


@dataclass(frozen=True)
class Person:
    """Section I of an individual's report (Sơ lược lý lịch)."""

    name: str = ""
    birth: str = ""
    gender: str = ""
    hometown: str = ""
    residence: str = ""
    workplace: str = ""
    positions: str = ""
    qualification: str = ""
    political_theory: str = ""
    honours: str = ""


@dataclass(frozen=True)
class Unit:
    """Section I of a collective's report (Sơ lược đặc điểm, tình hình)."""

    name: str = ""
    address: str = ""
    phone: str = ""
    staff: str = ""
    history: str = ""


@dataclass(frozen=True)
class Signature:
    heading: str
    titles: list[str]
    name: str


@dataclass(frozen=True)
class Nominated:
    """One nominee of the batch: who, from which proposal, and their details (if any)."""

    awardee: Awardee
    proposal_shown: str
    proposal: Proposal
    recipient: Recipient
    index: int  # in the proposal's collectives / individuals
    nominee: Collective | Individual
    details: CollectiveDetails | IndividualDetails | None


# -- who, in which order ------------------------------------------------------------------------


def nominees_of(ws: Workspace, spec: ProposalSpec | AwardDecisionSpec) -> list[Nominated]:
    """Everyone the spec proposes or awards, in its order (``awarded``: collectives, then
    individuals), each with the proposal record they come from and their details."""
    lists = awarded_parts(ws, spec) if isinstance(spec, AwardDecisionSpec) else [awarded(ws, spec)]
    proposals = list(decided_proposals(ws, spec).items())
    # decision_list numbers every member of the proposals, in this order, from 1: its
    # written_order leads back to the record
    members: list[tuple[str, Proposal, Recipient, int, Collective | Individual]] = []
    for shown, proposal in proposals:
        members.extend(
            (shown, proposal, "collective", i, c) for i, c in enumerate(proposal.collectives)
        )
        members.extend(
            (shown, proposal, "individual", i, p) for i, p in enumerate(proposal.individuals)
        )
    matches: dict[str, dict[tuple[Recipient, int], int]] = {}
    out: list[Nominated] = []
    for awardee in [a for data in lists for a in [*data.collectives, *data.individuals]]:
        shown, proposal, recipient, index, nominee = members[awardee.written_order - 1]
        if nominee.name != awardee.name or recipient != awardee.kind:  # pragma: no cover
            raise AssertionError(f"{awardee.name}: not the nominee {nominee.name}")
        found = details_for(ws, proposal)
        details: CollectiveDetails | IndividualDetails | None = None
        if found is not None:
            details_shown, file = found
            if details_shown not in matches:
                # validated when the workspace was loaded: no problem is left to report
                matches[details_shown] = match_entries(
                    proposal, shown, file, ws.sources[details_shown], Problems()
                )
            entry = matches[details_shown].get((recipient, index))
            if entry is not None:
                group: Sequence[CollectiveDetails | IndividualDetails] = (
                    file.collectives if recipient == "collective" else file.individuals
                )
                details = group[entry]
        out.append(Nominated(awardee, shown, proposal, recipient, index, nominee, details))
    return out


# -- the values a report shows ------------------------------------------------------------------


def unit_header(
    ws: Workspace, spec: SpecBase, proposal: Proposal, file: AchievementsFile | None
) -> Issuer | UnitHeader:
    """Whose header the report carries: the issuer the details file names, else the issuer of
    the body's own proposal document (this one first), else the body itself when it is an
    issuer, else its name under its parent issuer's (data/bodies.yaml ``parent``), in the system
    of the parent, else of the spec's issuer."""
    if file is not None and file.issuer is not None:
        return ws.issuers[file.issuer]
    proposals = [
        s
        for s in ws.specs.values()
        if isinstance(s, ProposalSpec) and s.school == proposal.school and s.issuer in ws.issuers
    ]
    proposals.sort(key=lambda s: (s is not spec, s.year != proposal.year))
    if proposals:
        return ws.issuers[proposals[0].issuer]
    issuer = issuer_body(ws, proposal.school)
    if issuer is not None:
        return issuer
    body = ws.body(proposal.school)
    assert body is not None  # validated
    parent = ws.issuers.get(body.parent) if body.parent is not None else None
    above = parent or ws.issuers[spec.issuer]
    place = body.place or body.province or (parent.place if parent is not None else "")
    return UnitHeader(
        list(parent.header) if parent is not None else [],
        header_lines(body.name),
        above.system,
        place,
        parent.pad_dates if parent is not None else True,
    )


def header_lines(name: str) -> list[str]:
    """A unit's name on the header's lines: "Trường Chính trị" / "tỉnh Nghệ An", split before
    its province or city, so that neither line overruns the header's column."""
    for word in (" thành phố ", " tỉnh "):
        at = name.rfind(word)
        if at > 0:
            return [name[:at], name[at + 1 :]]
    return [name]


def head_of(
    header: Issuer | UnitHeader, file: AchievementsFile | None, body: Body | None = None
) -> Head | None:
    """Who confirms for the nominee's body (Thủ trưởng đơn vị): the details file's head (the
    most specific), else the body's own head (data/bodies.yaml, or the head signer of an issuer
    that is the body), else the head signer of the issuer whose header the report carries."""
    if file is not None and file.head is not None:
        return file.head
    found = body.head if body is not None else None
    if found is None and isinstance(header, Issuer):
        found = head_signer(header)
    return Head(name=found.name, title=found.title) if found is not None else None


def _text(value: str | None) -> str:
    return value if value else BLANK


def person_of(nominated: Nominated, school_name: str) -> Person:
    nominee = nominated.nominee
    assert isinstance(nominee, Individual)
    details = nominated.details
    assert details is None or isinstance(details, IndividualDetails)
    birth = (details.birth_date if details is not None else None) or nominee.birth_date
    unit = nominee.unit
    positions = [nominee.position, *(details.positions if details is not None else [])]
    return Person(
        name=nominee.name,
        birth=short_date(birth) if birth is not None else BLANK,
        gender="Nam" if nominee.gender == "nam" else "Nữ",
        hometown=_text(details.hometown if details else None),
        residence=_text(details.residence if details else None),
        workplace=f"{unit}, {school_name}" if unit else school_name,
        positions="; ".join(positions),
        qualification=_text(details.qualification if details else None),
        political_theory=_text(details.political_theory if details else None),
        honours=details.honours if details is not None and details.honours else "",
    )


def unit_of(nominated: Nominated) -> Unit:
    details = nominated.details
    assert details is None or isinstance(details, CollectiveDetails)
    return Unit(
        name=nominated.nominee.name,
        address=_text(details.address if details else None),
        phone=_text(details.phone if details else None),
        staff=_text(details.staff if details else None),
        history=details.history if details is not None and details.history else "",
    )


def _points(rules: FormatRules, items: Sequence[PointItem]) -> Blocks:
    """``-`` points (a lone one as a paragraph); the clerk's placeholder when there is none."""
    return SectionNumbering(rules).points(list(items) or [BLANK], plain_single=True)


def _sub_points(rules: FormatRules, items: Sequence[PointItem]) -> Blocks:
    """``+`` points under a ``-`` line of the template ("- Cơ cấu tổ chức:")."""
    plus = SectionNumbering(rules).plus
    texts = [item if isinstance(item, str) else item.text for item in items]
    return Blocks(
        "".join(
            paragraph_xml(plus.style, [Run(plus.symbol + " "), *parse_inline(text)])
            for text in texts
        )
    )


def received_table(
    rules: FormatRules,
    headings: Sequence[str],
    rows: list[ReceivedRow],
    *,
    keep_with_next: bool = False,
) -> Blocks:
    """A table of section III: Năm | title or form | its decision; a row "Không" when empty.
    Real Word table rows, the header repeated on every page, no row split across pages. The
    last table is kept with the signatures (``keep_with_next``), so that they never stand
    alone on a page (ND 30 Phụ lục I mục II.7): all of it when it is short, else its last rows."""
    from docgen.awards.tables import _Table

    text_width = sum(rules.list_table.columns_mm)
    table = _Table(rules, (18, 55, text_width - 73))
    table.header(tuple(headings))
    w = table.widths
    for row in rows:
        table.row(
            table._cell(str(row.year), w[0], align="center")
            + table._cell(row.name, w[1])
            + table._cell(row.decision, w[2])
        )
    if not rows:
        table.row(table._cell("Không", sum(w), span=len(w), align="center"))
    style = b'<w:pStyle w:val="DGTableText"/>'
    if keep_with_next:
        kept = len(table.rows) if len(table.rows) <= _KEPT_ROWS else 2
        for i in range(len(table.rows) - kept, len(table.rows)):
            table.rows[i] = table.rows[i].replace(style, style + b"<w:keepNext/>")
    # a little room before what follows the table
    keep = b"<w:keepNext/>" if keep_with_next else b""
    spacer = b'<w:p><w:pPr><w:pStyle w:val="DGRule"/>' + keep + b"</w:pPr></w:p>"
    return Blocks([*table.parts(), spacer])


_KEPT_ROWS = 8  # a table of up to this many rows moves whole with the signatures


def _with_history(
    ws: Workspace,
    spec: ProposalSpec | AwardDecisionSpec,
    nominated: Nominated,
    day: dt.date,
    declared: list[ReceivedRow],
) -> list[ReceivedRow]:
    """The rows the nominee declared, and every award the register and data/history/ know of
    up to the report's day (docgen.awards.history): a row both hold is shown once, as declared."""
    from docgen.awards.history import past_awards

    own = next((sid for sid, other in ws.specs.items() if other is spec), None)
    seen = {(row.year, nominee_key(row.name)) for row in declared}
    known = [
        ReceivedRow(a.year, a.kind, a.name, a.decision)
        for a in past_awards(
            ws, nominated.proposal.school, nominated.nominee, before=day, exclude=own
        )
        if (a.year, nominee_key(a.name)) not in seen
    ]
    return sorted([*declared, *known], key=lambda row: row.year)


def report_context(
    ws: Workspace,
    spec: ProposalSpec | AwardDecisionSpec,
    nominated: Nominated,
    header: Issuer | UnitHeader,
    head: Head | None,
    day: dt.date,
    form: ReportForm,
    columns: tuple[Sequence[str], Sequence[str]],
) -> dict[str, Any]:
    """The values of one report; the same keys for a collective and an individual (the
    template's branches are both checked before rendering)."""
    assert ws.catalogue is not None
    rules = load_rules()
    # the award the nominee was proposed for: the spec's, or in a decision of several awards
    # the one of the nominee's article
    proposed = nominated.nominee.award or nominated.proposal.award
    award = ws.catalogue.get(proposed)
    body = ws.body(nominated.proposal.school)
    assert award is not None and body is not None  # validated
    school = body.name
    nominee = nominated.nominee
    details = nominated.details
    collective = nominated.recipient == "collective"
    if isinstance(nominee, Individual):
        line = f"{nominee.name}, {position_in_unit(nominee.position, nominee.unit)}, {school}"
    elif " ".join(nominee.name.casefold().split()) == " ".join(school.casefold().split()):
        line = nominee.name  # the school itself
    else:
        line = f"{nominee.name}, {school}"
    duties = details.duties if details is not None else []
    achievements = details.achievements if details is not None else [nominee.achievement]
    measures = details.measures if isinstance(details, CollectiveDetails) else []
    organisation = details.organisation if isinstance(details, CollectiveDetails) else []
    rows = _with_history(
        ws,
        spec,
        nominated,
        day,
        received_rows(details.received if details is not None else [], ws.catalogue),
    )
    confirm = Signature(
        form.confirm,
        [head.title.upper()] if head is not None else [],
        head.name if head is not None else "",
    )
    if isinstance(nominee, Individual):
        own = Signature(form.sign, [], nominee.name)
    else:
        lead = details.head if isinstance(details, CollectiveDetails) else None
        own = Signature(
            form.sign,
            [lead.title.upper()] if lead is not None else [],
            lead.name if lead is not None else "",
        )
    # no title or header line breaks inside a name: the workspace's, the unit's, the school's
    names = (
        *workspace_names(ws),
        *header.parent,
        " ".join(header.parent),
        *header.header,
        " ".join(header.header),
        school,
        nominee.name,
    )
    title = f"ĐỀ NGHỊ {award_wording(award).phrase.upper()}\n{line}"
    return {
        "issuer": header,
        "known_names": names,
        "date_line": date_line(header.place, day, header.pad_dates),
        # the award on the first line, who on the next ones, each balanced
        "subject": balance(title, "subject", header.system, names=names),
        "collective": collective,
        "person": person_of(nominated, school) if not collective else Person(),
        "unit": unit_of(nominated) if collective else Unit(),
        "organisation": _sub_points(rules, organisation) if organisation else "",
        "duties": _points(rules, duties),
        "achievements": _points(rules, achievements),
        "measures": _points(rules, measures),
        "titles_table": received_table(rules, columns[0], [r for r in rows if r.kind == "title"]),
        "awards_table": received_table(
            rules, columns[1], [r for r in rows if r.kind == "form"], keep_with_next=True
        ),
        "signatures": {"left": confirm, "right": own},
    }
