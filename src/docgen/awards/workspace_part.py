"""The award domain's share of a workspace: its law by date, its data and its cross-checks."""

from __future__ import annotations

import datetime as dt

from docgen.awards.achievement_data import load_achievement_data
from docgen.awards.eligibility import check_eligibility, load_rules
from docgen.awards.given import check_awards_twice
from docgen.awards.history import load_history
from docgen.awards.law import DecreeTable, Law, Table, check_catalogue, check_dates, check_tables
from docgen.awards.nominees import check_proposals
from docgen.awards.received import load_received
from docgen.awards.upward import check_upward, load_dossiers
from docgen.awards.votes import VotesLaw, check_votes_law
from docgen.awards.wording import unconfirmed_wordings
from docgen.data.extensions import Load, WorkspacePart
from docgen.data.models import AwardCatalogue, BaseSalaryTable, Record
from docgen.data.rows import validate_rows
from docgen.data.workspace import Workspace, display_path, validate
from docgen.errors import Diagnostic, Problems


def load_law(ws: Workspace, load: Load, problems: Problems) -> None:
    """The award catalogue, the base salaries and the decree tables of award money
    (docgen.awards.law), the eligibility rules and what a council's vote needs, by date."""
    root, data = ws.root, ws.data_dir
    # Law data: the award catalogue and the base-salary table (optional until money is needed).
    for name, model, attr in (
        ("awards.yaml", AwardCatalogue, "catalogue"),
        ("base_salary.yaml", BaseSalaryTable, "salaries"),
    ):
        path = data / "law" / name
        if path.exists():
            src = load(path)
            record: Record | None = None
            if src is not None:
                if model is AwardCatalogue:  # a bad award is reported once, the others kept
                    catalogue, found, bad = validate_rows(AwardCatalogue, src, src.data, "awards")
                    if catalogue is not None:
                        catalogue.left_out(_row_ids(src.data, "awards", bad))
                    record = catalogue
                else:
                    record, found = validate(model, src, src.data)
                problems.extend(found)
                setattr(ws, attr, record)
            if record is None:  # reported: what needs it is not reported again
                ws.broken.add(f"law:{name}")
    # The decree tables of award money, one file a decree (docgen.awards.law).
    # A bad row is reported once and left out; the rest of its table is used (issue 25).
    tables: list[Table] = []
    unread: list[tuple[dt.date | None, dt.date | None]] = []
    for path in sorted((data / "law" / "decrees").glob("*.yaml")):
        src = load(path)
        if src is None:
            unread.append((None, None))
            continue
        table, found, bad = validate_rows(DecreeTable, src, src.data, "categories")
        problems.extend(found)
        if table is not None:
            tables.append(Table(table, src, frozenset(str(k) for k in bad)))
        else:
            unread.append(_raw_period(src.data))
    if ws.salaries is not None:
        ws.law = Law(check_tables(tables, problems), ws.salaries, tuple(unread))
        if ws.catalogue is not None:
            awards_src = ws.sources[display_path(root, data / "law" / "awards.yaml")]
            check_catalogue(ws.catalogue, awards_src, ws.law, problems)
    # What a higher level asks an upward proposal's dossier to hold (docgen.awards.upward).
    load_dossiers(ws, load, problems)
    # Who may receive what: the eligibility rules by date (docgen.awards.eligibility).
    ws.eligibility = load_rules(ws, problems)

    # What a council's vote needs, by award and date: data/law/votes.yaml.
    votes_file = data / "law" / "votes.yaml"
    if votes_file.exists():
        src = load(votes_file)
        if src is not None:
            votes, found = validate(VotesLaw, src, src.data)
            problems.extend(found)
            if votes is not None:
                check_votes_law(votes, src, ws.catalogue, problems)
                ws.votes = votes


def _row_ids(data: object, rows: str, bad: set[object]) -> set[str]:
    """The ids of the rows left out of a record, as far as they read (what names them is then
    not reported again as unknown)."""
    table = data.get(rows) if isinstance(data, dict) else None
    if not isinstance(table, list):
        return set()
    return {
        str(row["id"])
        for i, row in enumerate(table)
        if i in bad and isinstance(row, dict) and isinstance(row.get("id"), str)
    }


def _raw_period(data: object) -> tuple[dt.date | None, dt.date | None]:
    """The days a table in error says it is in force, as far as they read as dates (an
    unreadable start: any day; no end: still in force)."""
    raw = data if isinstance(data, dict) else {}
    start, end = raw.get("from"), raw.get("to")
    return (
        start if isinstance(start, dt.date) else None,
        end if isinstance(end, dt.date) else None,
    )


def load_data(ws: Workspace, load: Load, problems: Problems) -> list[Diagnostic]:
    """The nominees' details for achievement reports, and the forms by date."""
    return load_achievement_data(ws, load, problems)


def cross_check(ws: Workspace, problems: Problems) -> list[Diagnostic]:
    """Proposals against the catalogue and each other; every document's date against the law."""
    check_proposals(ws, problems)
    return [*check_dates(ws, problems), *unconfirmed_wordings(ws), *check_upward(ws, problems)]


def finish(ws: Workspace, problems: Problems, register: str | None) -> list[Diagnostic]:
    """Who received what (data/history/ and the register's decisions), then every nominee
    against the eligibility rules in force on each proposal's and each decision's date."""
    ws.history = load_history(ws, problems, register)
    load_received(ws, ws.history, problems)  # the higher levels' decisions (data/received/)
    check_awards_twice(ws, problems, register)  # one award per person, award and year
    return check_eligibility(ws, problems)


PART = WorkspacePart(load_law=load_law, load_data=load_data, cross_check=cross_check, finish=finish)
