"""Who received what and when: the awards of the register's decisions and data/history/."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from docgen.data.bodies import body_key, check_body
from docgen.data.body_alias import body_alias
from docgen.data.loader import KeyPath, Source
from docgen.data.models import Collective, Identifier, Individual, Name, Record, Text
from docgen.errors import Problems, RegisterError
from docgen.vn.dates import short_date

if TYPE_CHECKING:
    from docgen.data.models import Issuer
    from docgen.data.workspace import Workspace
    from docgen.register import Entry

Recipient = Literal["individual", "collective"]
HISTORY_DIR = "data/history"

# -- data/history/*.yaml: awards and titles made before docgen ------------------------------


class HistoryDecision(Record):
    """The decision that gave an award or a title, as the "đã được khen thưởng" tables cite it."""

    number: Text  # "215/QĐ-TCT"
    date: dt.date
    issuer: Text  # who signed it, in running text: "Hiệu trưởng Trường Chính trị tỉnh Nghệ An"


class HistoryAward(Record):
    """An award (hình thức khen thưởng) or a title (danh hiệu thi đua) received."""

    year: int  # the year of the achievement it rewards ("năm 2023")
    award: Identifier  # a row of data/law/awards.yaml (forms and titles)
    decision: HistoryDecision


class HistoryRating(Record):
    """A yearly rating (đánh giá, xếp loại: "Hoàn thành xuất sắc nhiệm vụ"), which some
    eligibility rules count ("02 năm liên tục hoàn thành xuất sắc nhiệm vụ")."""

    year: int
    rating: Identifier  # a rating of data/law/eligibility.yaml (ratings:)
    decision: HistoryDecision | None = None  # without one, known from 31 December of the year


class HistoryEntry(Record):
    name: Name
    school: Identifier | None = None  # default: the file's body (``body:`` or ``school:``)
    awards: list[HistoryAward] = Field(default_factory=list)
    ratings: list[HistoryRating] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _body(cls, data: Any) -> Any:
        return body_alias(data)


class HistoryCollective(HistoryEntry):
    pass


class HistoryIndividual(HistoryEntry):
    # the unit at the time (leave it out for someone who has changed units: the name and the
    # birth date then identify them), and the birth date when known (it tells namesakes apart)
    unit: Text | None = None
    birth_date: dt.date | None = None


class HistoryFile(Record):
    """data/history/<name>.yaml: the awards and titles of a school's collectives and people
    made before docgen (those of the register's decisions are known already)."""

    school: Identifier | None = None  # the body of every entry that names none (or ``body:``)
    collectives: list[HistoryCollective] = Field(default_factory=list)
    individuals: list[HistoryIndividual] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _body(cls, data: Any) -> Any:
        return body_alias(data)


# -- what is known ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PastAward:
    """An award or title a nominee received: a line of "Các hình thức đã được khen thưởng"."""

    year: int
    award: str  # the catalogue id
    name: str  # as the catalogue names it: "Chiến sĩ thi đua cơ sở"
    kind: Literal["form", "title"]
    number: str  # the decision's number and symbol: "1300-QĐ/HVCTQG"
    date: dt.date  # the decision's date
    issuer: str  # "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh"
    source: str  # where it is known from: "data/history/nghe-an.yaml:14:7", or the decision spec
    spec: str | None = None  # the decision's spec id, for a decision of this workspace
    book: int | None = None  # its số sổ vàng, when the certificates were numbered

    @property
    def decision(self) -> str:
        """``Quyết định số 215/QĐ-TCT ngày 28/12/2023 của Hiệu trưởng Trường …``."""
        return f"Quyết định số {self.number} ngày {short_date(self.date)} của {self.issuer}"


@dataclass(frozen=True)
class PastRating:
    year: int
    rating: str  # the rating's id (data/law/eligibility.yaml)
    known_from: dt.date  # the date of its decision, else 31 December of its year
    decision: str | None  # as PastAward.decision, when given
    source: str


@dataclass(frozen=True)
class Identity:
    """Who a record is about. Two records are one nominee when their kind, school and name are
    the same and, for people, their birth dates (when both are known) or else their units
    (when both are known) are the same."""

    recipient: Recipient
    school: str
    name: str  # compared as nominee_key: case and spacing do not count
    unit: str | None = None
    birth_date: dt.date | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.recipient, self.school, self.name)

    def matches(self, unit: str | None, birth_date: dt.date | None) -> bool:
        if self.birth_date is not None and birth_date is not None:
            return self.birth_date == birth_date
        return self.unit is None or unit is None or self.unit == unit


@dataclass
class _Record:
    identity: Identity
    awards: list[PastAward] = field(default_factory=list)
    ratings: list[PastRating] = field(default_factory=list)


@dataclass
class History:
    """Every award, title and rating known, by nominee."""

    records: dict[tuple[str, str, str], list[_Record]] = field(default_factory=dict)
    # (recipient, school) of every record: a nominee of a school nothing is recorded for is
    # answered without normalising their name (most nominees of a long list)
    schools: set[tuple[str, str]] = field(default_factory=set)

    def add(self, identity: Identity) -> _Record:
        record = _Record(identity)
        self.records.setdefault(identity.key, []).append(record)
        self.schools.add(identity.key[:2])
        return record

    def find(
        self,
        recipient: Recipient,
        school: str,
        name: str,
        unit: str | None = None,
        birth_date: dt.date | None = None,
    ) -> list[_Record]:
        from docgen.awards.nominees import nominee_key

        if (recipient, school) not in self.schools:
            return []
        records = self.records.get((recipient, school, nominee_key(name)))
        if not records:
            return []
        unit_key = nominee_key(unit) if unit else None
        return [r for r in records if r.identity.matches(unit_key, birth_date)]


def nominee_identity(school: str, nominee: Collective | Individual) -> Identity:
    from docgen.awards.nominees import nominee_key

    if isinstance(nominee, Individual):
        unit = nominee_key(nominee.unit) if nominee.unit else None
        return Identity("individual", school, nominee_key(nominee.name), unit, nominee.birth_date)
    return Identity("collective", school, nominee_key(nominee.name))


def known(
    ws: Workspace, school: str, nominee: Collective | Individual
) -> tuple[list[PastAward], list[PastRating], bool]:
    """Every award and rating recorded for ``nominee`` of ``school`` (each decision once), and
    whether any record names them at all."""
    history = ws.history
    if history is None or not history.records:
        return [], [], False
    if isinstance(nominee, Individual):
        if ("individual", school) not in history.schools:
            return [], [], False  # most schools of a long list: nothing recorded
        found = history.find("individual", school, nominee.name, nominee.unit, nominee.birth_date)
    else:
        found = history.find("collective", school, nominee.name)
    awards: dict[tuple[str, int, str], PastAward] = {}
    ratings: dict[tuple[str, int], PastRating] = {}
    for record in found:
        for award in record.awards:
            # the same decision known twice (the register and a history file): once
            awards.setdefault((award.award, award.year, award.number), award)
        for rating in record.ratings:
            ratings.setdefault((rating.rating, rating.year), rating)
    return list(awards.values()), list(ratings.values()), bool(found)


def past_awards(
    ws: Workspace,
    school: str,
    nominee: Collective | Individual,
    *,
    before: dt.date | None = None,
    exclude: str | None = None,
) -> list[PastAward]:
    """The awards and titles ``nominee`` of ``school`` received, by year: those of the register's
    decisions (with their số sổ vàng) and those of data/history/. With ``before``, only those
    decided on or before that day; ``exclude`` leaves out the decision of that spec id (a
    decision's own awards do not count for itself)."""
    awards, _ratings, _known_at_all = known(ws, school, nominee)
    kept = [
        a
        for a in awards
        if (before is None or a.date <= before) and (exclude is None or a.spec != exclude)
    ]
    return sorted(kept, key=lambda a: (a.year, a.date, a.name))


def history_file_for(school: str) -> str:
    """Where a clerk enters the past awards of a school's nominees."""
    return f"{HISTORY_DIR}/{school}.yaml"


# -- loading ---------------------------------------------------------------------------------


def load_history(ws: Workspace, problems: Problems, register: str | None = None) -> History:
    """Every history file (validated, its references checked) and the awards of the workspace's
    decisions that the register holds as issued."""
    history = History()
    _load_files(ws, history, problems)
    _load_register(ws, history, problems, register)
    return history


def _load_files(ws: Workspace, history: History, problems: Problems) -> None:
    """Every data/history/*.yaml. A school whose history file has a problem is marked broken
    (``history:<school>``): the verdicts on its nominees would rest on a history half read."""
    from docgen.data.workspace import validate

    for path in sorted((ws.data_dir / "history").glob("*.yaml")):
        before = len(problems)
        src, found = ws.load_file(path)
        problems.extend(found)
        record = None
        if not found and src.data is not None:
            record, found = validate(HistoryFile, src, src.data)
            problems.extend(found)
        if record is not None:
            _add_file(ws, history, src, record, problems)
        if len(problems) > before:
            named = _schools_named(src.data)
            if any(ws.body(school) is None for school in named):
                named = {"*"}  # a school misspelt: whose history this is cannot be told
            ws.broken.update(f"history:{school}" for school in named)


def _schools_named(data: object) -> set[str]:
    """The schools a history file's raw data names (at the top and on its entries)."""
    if not isinstance(data, dict):
        return {"*"}
    found = {str(data[k]) for k in ("body", "school") if k in data}
    for group in ("collectives", "individuals"):
        entries = data.get(group)
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict):
                found.update(str(entry[k]) for k in ("body", "school") if k in entry)
    return found or {"*"}


def _add_file(
    ws: Workspace, history: History, src: Source, record: HistoryFile, problems: Problems
) -> None:
    if record.school is not None:
        key = body_key(src)
        check_body(ws, record.school, src.locate((key,)), problems, key)
    groups: tuple[tuple[str, Recipient, list[HistoryEntry]], ...] = (
        ("collectives", "collective", list(record.collectives)),
        ("individuals", "individual", list(record.individuals)),
    )
    schoolless = False
    for field_name, recipient, entries in groups:
        for i, entry in enumerate(entries):
            if entry.school is None and record.school is None:
                if not schoolless:  # once a file: the same fix serves every entry
                    problems.add(
                        "DATA-MISSING",
                        "no school for this entry: give 'school' at the top of the file or "
                        "on the entry",
                        src.locate((field_name, i, "name")),
                    )
                schoolless = True
                continue
            _add_entry(ws, history, src, (field_name, i), recipient, entry, record, problems)


def _add_entry(
    ws: Workspace,
    history: History,
    src: Source,
    at: KeyPath,
    recipient: Recipient,
    entry: HistoryEntry,
    file: HistoryFile,
    problems: Problems,
) -> None:
    from docgen.awards.nominees import nominee_key

    school = entry.school or file.school
    assert school is not None  # _add_file reports entries without one
    if entry.school is not None:
        check_body(ws, school, src.locate((*at, "school")), problems, "school")
    unit = getattr(entry, "unit", None)
    identity = Identity(
        recipient,
        school,
        nominee_key(entry.name),
        nominee_key(unit) if unit else None,
        getattr(entry, "birth_date", None),
    )
    record = history.add(identity)
    for j, award in enumerate(entry.awards):
        where = (*at, "awards", j)
        rule = ws.catalogue.get(award.award) if ws.catalogue is not None else None
        if ws.catalogue is not None and rule is None:
            if ws.catalogue.unknown(award.award):
                problems.add(
                    "DATA-REF", f"unknown award '{award.award}'", src.locate((*where, "award"))
                )
            continue
        if rule is not None and not rule.allows(recipient):
            whom = "individuals" if rule.recipients == "individual" else "collectives"
            problems.add(
                "DATA-AWARD-RECIPIENT",
                f"'{rule.name}' goes to {whom} only, not to the {recipient} '{entry.name}'",
                src.locate((*where, "award")),
            )
        if award.decision.date.year < award.year:
            problems.add(
                "DATA-DATE-ORDER",
                f"the decision is dated {short_date(award.decision.date)}, before the year "
                f"{award.year} whose achievements it rewards",
                src.locate((*where, "decision", "date")),
            )
        record.awards.append(
            PastAward(
                year=award.year,
                award=award.award,
                name=rule.name if rule else award.award,
                kind=rule.kind if rule else "form",
                number=award.decision.number,
                date=award.decision.date,
                issuer=award.decision.issuer,
                source=str(src.locate(where)),
            )
        )
    ratings = ws.eligibility.data.ratings if ws.eligibility is not None else {}
    rules_broken = "eligibility:*" in ws.broken  # reported: its ratings are not known
    for j, rating in enumerate(entry.ratings):
        where = (*at, "ratings", j)
        if rating.rating not in ratings and not rules_broken:
            known = ", ".join(sorted(ratings)) or "none"
            problems.add(
                "DATA-REF",
                f"unknown rating '{rating.rating}' (data/law/eligibility.yaml lists: {known})",
                src.locate((*where, "rating")),
            )
        decision = rating.decision
        record.ratings.append(
            PastRating(
                year=rating.year,
                rating=rating.rating,
                known_from=decision.date if decision else dt.date(rating.year, 12, 31),
                decision=(
                    f"Quyết định số {decision.number} ngày {short_date(decision.date)} của "
                    f"{decision.issuer}"
                    if decision
                    else None
                ),
                source=str(src.locate(where)),
            )
        )


def register_in_use(ws: Workspace, target: str | None = None) -> str:
    """The register named on the command line, in DOCGEN_REGISTER, in data/settings.yaml, or
    register.sqlite in the workspace — in that order."""
    from docgen.data.places import chosen_register, settings_register

    return chosen_register(ws.root, target) or settings_register(ws)


def book_key(recipient: str, school: str, name: str) -> str:
    """Who an awardee is in the số sổ vàng book: kind, school and name (as certificates key
    them, docgen.awards.certificates)."""
    folded = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    return f"{recipient}|{school}|{folded}"


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def awardee_key(
    kind: str, school: str, name: str, unit: str | None = None, birth: dt.date | None = None
) -> str:
    """Who an awardee is in the register's ``awards``: kind, school, unit (empty: the school
    itself), name, and the birth date when known — what tells namesakes of one school apart
    (docgen.awards.nominees). Case and spacing do not count."""
    parts = [kind, school, _fold(unit) if unit else "", _fold(name)]
    if birth is not None:
        parts.append(birth.isoformat())
    return _KEY_SEPARATOR.join(parts)


# Between the parts of an awardee key: a control character, which no data file may hold (a
# name or a unit may hold "|": "=cmd|' /C calc'!A0" is a name as far as the data goes)
_KEY_SEPARATOR = "\x1f"


def parse_awardee_key(
    key: str,
) -> tuple[Literal["collective", "individual"], str, str, str, dt.date | None]:
    """(kind, school, unit, name, birth date) of an ``awardee_key``, folded."""
    # keys written before the separator was a control character used "|"
    separator = _KEY_SEPARATOR if _KEY_SEPARATOR in key else "|"
    kind, school, unit, name, *birth = key.split(separator)
    born = dt.date.fromisoformat(birth[0]) if birth else None
    return ("individual" if kind == "individual" else "collective"), school, unit, name, born


def _load_register(
    ws: Workspace, history: History, problems: Problems, register: str | None
) -> None:
    """The awards of the workspace's award decisions that have an issued number, with the số
    sổ vàng their certificates were given: as the register recorded them on issue (not as
    today's proposals would make them), and, for a decision issued before the register kept
    its awards, from its proposals."""
    from docgen.awards.nominees import nominee_key
    from docgen.awards.specs import AwardDecisionSpec
    from docgen.register import IssuedAward, open_register, register_exists

    decisions = {
        ws.spec_display(spec_id): spec_id
        for spec_id, spec in ws.specs.items()
        if isinstance(spec, AwardDecisionSpec)
    }
    target = register_in_use(ws, register)
    try:
        if not register_exists(target):
            return  # no decision has a number yet
        book = open_register(target, workspace=ws.identity)
        recorded: dict[str, list[IssuedAward]] = {}
        for award in book.issued_awards():
            recorded.setdefault(award.spec, []).append(award)
        if not decisions and not recorded:
            return
        issued = {e.spec: e for e in book.entries() if e.state == "issued"}
        numbers = {
            shown: book.book(shown) for shown in issued if shown in decisions or shown in recorded
        }
    except RegisterError as exc:
        if exc.code == "REGISTER-MISSING":
            return  # no register yet: no decision has a number (numbering asks for one)
        problems.add(
            exc.code,
            f"the register could not be read, so the awards of the decisions it holds are not "
            f"known and eligibility cannot be checked: {exc.message}",
            hint=exc.hint,
        )
        return
    for shown, given in numbers.items():
        entry = issued[shown]
        spec_id = decisions.get(shown)
        issuer = ws.issuers.get(entry.issuer)
        by_key = {key: (number, name) for number, key, name in given}
        rows = recorded.get(shown)
        if rows is None:  # issued before the register kept the awards: from the proposals
            assert spec_id is not None
            spec = ws.specs[spec_id]
            assert isinstance(spec, AwardDecisionSpec)
            for award_id in spec.award_ids:
                given_by = _given_by(ws, award_id, spec.year, entry, issuer, spec_id)
                for school, nominee in _decided(ws, spec.for_award(award_id)):
                    identity = nominee_identity(school, nominee)
                    key = book_key(identity.recipient, school, nominee.name)
                    number = by_key.pop(key, (None, ""))[0]
                    history.add(identity).awards.append(replace(given_by, book=number))
        else:
            for row in rows:
                kind, school, unit, name, born = parse_awardee_key(row.awardee)
                identity = Identity(kind, school, nominee_key(name), unit or None, born)
                # a decision whose spec is gone still counts: its spec is its file then
                given_by = _given_by(ws, row.award, row.year, entry, issuer, spec_id or shown)
                number = by_key.pop(book_key(kind, school, name), (None, ""))[0]
                history.add(identity).awards.append(replace(given_by, book=number))
        if spec_id is None:
            continue
        spec = ws.specs[spec_id]
        assert isinstance(spec, AwardDecisionSpec)
        # awardees whose certificates were numbered but who are no longer in the proposals
        for key, (number, name) in by_key.items():
            book_kind, school, _name = key.split("|", 2)
            recipient: Recipient = "individual" if book_kind == "individual" else "collective"
            identity = Identity(recipient, school, nominee_key(name))
            # (a decision of several awards: its first, the certificate's book does not say)
            given_by = _given_by(ws, spec.award_ids[0], spec.year, entry, issuer, spec_id)
            history.add(identity).awards.append(replace(given_by, book=number))


def _given_by(
    ws: Workspace, award: str, year: int, entry: Entry, issuer: Issuer | None, spec: str
) -> PastAward:
    """An award of the register's decision ``entry``, as a line of the history."""
    from docgen.documents.context import issuer_title

    rule = ws.catalogue.get(award) if ws.catalogue is not None else None
    return PastAward(
        year=int(year),  # a period's award counts as of its last year
        award=award,
        name=rule.name if rule else award,
        kind=rule.kind if rule else "form",
        number=entry.symbol,
        date=entry.date,
        issuer=issuer_title(issuer) if issuer is not None else entry.issuer,
        source=entry.spec,
        spec=spec,
    )


def _decided(ws: Workspace, spec: object) -> Iterable[tuple[str, Collective | Individual]]:
    """(school, nominee) of everyone an award decision awards, from its proposals."""
    from docgen.awards.nominees import decided_proposals
    from docgen.awards.specs import AwardDecisionSpec

    assert isinstance(spec, AwardDecisionSpec)
    for proposal in decided_proposals(ws, spec).values():
        members: list[Collective | Individual] = [*proposal.collectives, *proposal.individuals]
        for nominee in members:
            if (nominee.award or proposal.award) == spec.award:
                yield proposal.school, nominee
