"""One award per person, award and year; số sổ vàng unique in their book; the figures and the
eligibility history read what was issued (issue 23, case 5). On SQLite and PostgreSQL."""

from __future__ import annotations

import re
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.errors import RegisterError
from docgen.register import AwardGiven, IssueRequest, Register, open_register
from tests.conftest import make_workspace
from tests.register.conftest import YEARLY, issue, make_request
from tests.support.cli_run import edit, run

DECISION = "data/documents/quyet-dinh-khen-thuong-2024.yaml"
COPY = "data/documents/quyet-dinh-khen-thuong-2024-ban-sao.yaml"
CAN_THO = "data/documents/quyet-dinh-khen-thuong-can-tho-2024.yaml"
AWARD = "Bằng khen của Giám đốc Học viện"
BOOK = "hvctqg:bang_khen"


def _build(ws: Path, url: str) -> tuple[int, str]:
    code, _out, err = run(ws, "--register", url, "build", "--out", str(ws / "output"))
    return code, err


def _copy_decision(ws: Path, target: str = COPY, output: str = "ban-sao.docx") -> None:
    text = (ws / DECISION).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^output: .*$", f"output: {output}", text)
    (ws / target).write_text(text, encoding="utf-8")


def _errors(err: str) -> list[str]:
    return re.findall(r"error\[([A-Z-]+)\]", err)


# -- through the register: the awards are recorded with the number ----------------------------


def _awarding(spec: str, *people: str, override: str | None = None) -> IssueRequest:
    request = make_request(spec, type_abbr="QĐ")
    awards = tuple(
        AwardGiven(f"individual|can-tho||{p.casefold()}", "bang-khen-giam-doc-hv", 2024, p, 3510000)
        for p in people
    )
    if override is not None:
        awards = tuple(replace(a, override=override) for a in awards)
    return replace(request, awards=awards)


def test_the_register_refuses_a_second_live_award(register: Register) -> None:
    """What protects two clerks numbering two decisions at once: the awards are recorded in the
    transaction that issues the number, and the same person, award and year of another live
    decision is refused; the refused decision takes no number."""
    first = issue(register, _awarding("a.yaml", "An", "Bình"))
    with pytest.raises(RegisterError) as caught:
        issue(register, _awarding("b.yaml", "Bình", "Cường"))
    assert caught.value.code == "REGISTER-AWARD-TWICE"
    assert "to 1 awardee(s) already given it by 01-QĐ/HVCTQG (a.yaml), among them 'Bình'" in (
        caught.value.message
    )
    assert register.get_by_spec("b.yaml") is None
    # the number was not consumed; the law's exception, with its reason, is allowed
    allowed = _awarding("b.yaml", "Bình", override="dot-xuat: thành tích đột xuất")
    assert issue(register, allowed) == "02-QĐ/HVCTQG"
    rows = {(a.spec, a.name, a.money, a.override) for a in register.issued_awards()}
    assert rows == {
        ("a.yaml", "An", 3510000, None),
        ("a.yaml", "Bình", 3510000, None),
        ("b.yaml", "Bình", 3510000, "dot-xuat: thành tích đột xuất"),
    }
    assert first == "01-QĐ/HVCTQG"
    # voiding a decision frees its awards
    register.void("hvctqg", "01-QĐ/HVCTQG", "nhầm danh sách")
    assert issue(register, _awarding("c.yaml", "An")) == "03-QĐ/HVCTQG"


def test_two_clerks_numbering_the_same_awards_at_once_give_them_once(register_url: str) -> None:
    """Clerk A holds the number of one decision while clerk B numbers another decision, of
    another issuer (another series, another lock), for the same people: one of them is
    refused, whichever records its awards second."""
    register = open_register(register_url)
    outcome: list[BaseException | str] = []
    other_issuer = replace(_awarding("b.yaml", "An"), issuer="ubnd", issuer_abbr="UBND")

    def clerk_b() -> None:
        try:
            outcome.append(issue(open_register(register_url), other_issuer))
        except BaseException as exc:
            outcome.append(exc)

    try:
        with register.issue(_awarding("a.yaml", "An"), YEARLY) as slot:
            other = threading.Thread(target=clerk_b)
            other.start()
            other.join(1.0)  # B waits on A's write lock (SQLite) or runs through (PostgreSQL)
            slot.complete("output/a.docx", "0" * 64)
        outcome.append(slot.symbol)
    except RegisterError as exc:
        outcome.append(exc)
    other.join(60)
    refused = [r for r in outcome if isinstance(r, RegisterError)]
    assert len(outcome) == 2 and len(refused) == 1, outcome
    assert refused[0].code == "REGISTER-AWARD-TWICE"
    assert len(register.issued_awards()) == 1
    assert len(register.entries()) == 1


def test_a_rebuild_keeps_the_awards_of_the_issue(register: Register) -> None:
    issue(register, _awarding("a.yaml", "An", "Bình"))
    rebuilt = _awarding("a.yaml", "An", "Bình")
    # the same people again: one row each, the money as on issue
    changed = replace(rebuilt, awards=tuple(replace(a, money=9) for a in rebuilt.awards))
    assert issue(register, changed) == "01-QĐ/HVCTQG"
    assert sorted((a.name, a.money) for a in register.issued_awards()) == [
        ("An", 3510000),
        ("Bình", 3510000),
    ]


# -- số sổ vàng: one book per issuer and form -------------------------------------------------


def test_book_numbers_are_unique_in_the_book_across_decisions(register: Register) -> None:
    people = [("a", "An"), ("b", "Bình"), ("c", "Cường")]
    assert register.book_numbers("d1.yaml", people, 1, BOOK) == {"a": 1, "b": 2, "c": 3}
    with pytest.raises(RegisterError) as caught:
        register.book_numbers("d2.yaml", [("x", "Xuân"), ("y", "Yến")], 2, BOOK)
    assert caught.value.code == "CERT-BOOK-OVERLAP"
    assert "the first, 2, to Bình (d1.yaml)" in caught.value.message
    assert caught.value.hint == (
        "the book's next free number is 4: set book_start: 4 in the certificates' file"
    )
    assert register.book("d2.yaml") == []  # nothing taken
    assert register.book_numbers("d2.yaml", [("x", "Xuân"), ("y", "Yến")], 4, BOOK) == {
        "x": 4,
        "y": 5,
    }
    # a reprint keeps the numbers; another book (another issuer or form) has its own
    assert register.book_numbers("d1.yaml", people, 1, BOOK) == {"a": 1, "b": 2, "c": 3}
    assert register.book_numbers("d3.yaml", [("z", "Zô")], 1, "ubnd-nghe-an:bang_khen") == {"z": 1}


# -- a workspace: copy a decision, build, stats ------------------------------------------------


def test_two_copies_of_a_decision_number_nothing(tmp_path: Path, register_url: str) -> None:
    """Before: a workspace holding the decision twice built both, 1569- and 1570-QĐ for the
    same 58 awards, exit 0."""
    ws = make_workspace(tmp_path / "ws")
    _copy_decision(ws)
    code, err = _build(ws, register_url)
    assert code == 2, err
    assert _errors(err) == ["DATA-AWARD-TWICE"] * 58, err
    assert (
        f"data/proposals/2024/can-tho.yaml:13:11: error[DATA-AWARD-TWICE]: 'Khoa Lý luận cơ sở' "
        f"would be given '{AWARD}' for 2024 by both {COPY} and {DECISION}: one award per person, "
        "award and year\n    hint: keep one decision for them"
    ) in err
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    assert register.entries() == []


def test_a_copied_award_decision_is_refused_before_numbering(
    tmp_path: Path, register_url: str
) -> None:
    """Before: copying the decision spec and building gave 1569- and 1570-QĐ to the same 58
    awards, exit 0; afterwards every build failed with DATA-INELIGIBLE errors."""
    ws = make_workspace(tmp_path / "ws")
    assert _build(ws, register_url)[0] == 0
    _copy_decision(ws)
    code, err = _build(ws, register_url)
    assert code == 2, err
    assert _errors(err) == ["DATA-AWARD-TWICE"] * 58, err
    assert (
        f"data/proposals/2024/nghe-an.yaml:108:11: error[DATA-AWARD-TWICE]: 'Tôn Nữ Thị Hà' would "
        f"be given '{AWARD}' for 2024 by {COPY}, but {DECISION} (1569-QĐ/HVCTQG) gives it "
        "already: one award per person, award and year"
    ) in err
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    assert register.get_by_spec(COPY) is None
    assert not (ws / "output" / "ban-sao.docx").exists()
    # the decision's own awards never count against it: build again, no DATA-INELIGIBLE
    (ws / COPY).unlink()
    code, err = _build(ws, register_url)
    assert code == 0 and "DATA-INELIGIBLE" not in err, err
    awards = [a for a in register.issued_awards() if a.spec == DECISION]
    assert len(awards) == 58 and {a.symbol for a in awards} == {"1569-QĐ/HVCTQG"}


def test_a_second_award_the_law_allows_is_built(tmp_path: Path, register_url: str) -> None:
    """khen thưởng đột xuất: a second decision for the can-tho nominees, each carrying the
    override and its reason, is numbered; the first decision's award does not make them
    ineligible for the second."""
    ws = make_workspace(tmp_path / "ws")
    assert _build(ws, register_url)[0] == 0
    _copy_decision(ws, CAN_THO, "dot-xuat.docx")
    edit(ws, CAN_THO, "year: 2024\n", "year: 2024\nschools: [can-tho]\n")
    proposal = ws / "data/proposals/2024/can-tho.yaml"
    text = proposal.read_text(encoding="utf-8")
    reason = "\n    award_again: {override: dot-xuat, reason: Thành tích đột xuất năm 2024}\n"
    proposal.write_text(re.sub(r"\n(  - name: [^\n]*)\n", rf"\n\1{reason}", text), "utf-8")
    code, err = _build(ws, register_url)
    assert code == 0, err
    register = open_register(register_url, workspace="hvctqg-vi-du-2024")
    second = [a for a in register.issued_awards() if a.spec == CAN_THO]
    assert len(second) == 15 and {a.override for a in second} == {
        "dot-xuat: Thành tích đột xuất năm 2024"
    }
    # an override the law does not know is refused, at the nominee
    edit(ws, "data/proposals/2024/can-tho.yaml", "override: dot-xuat", "override: thich-thi-tang")
    code, err = _build(ws, register_url)
    assert code == 2
    assert (
        "data/proposals/2024/can-tho.yaml:14:29: error[DATA-REF]: award_again names the grounds "
        "'thich-thi-tang', which rules/awards.yaml does not have (it has: dot-xuat)"
    ) in err


def test_two_decisions_never_share_a_so_so_vang(tmp_path: Path, register_url: str) -> None:
    """Before: two decisions of the Học viện whose certificates both had book_start: 1 gave
    0001–0015 twice (the book was per decision)."""
    ws = make_workspace(tmp_path / "ws")
    edit(ws, DECISION, "year: 2024\n", "year: 2024\nschools: [da-nang, lao-cai, nghe-an]\n")
    _copy_decision(ws, CAN_THO, "can-tho.docx")
    edit(ws, CAN_THO, "schools: [da-nang, lao-cai, nghe-an]", "schools: [can-tho]")
    certs = ws / "data/certificates"
    shutil.copy(certs / "bang-khen-2024.yaml", certs / "bang-khen-can-tho-2024.yaml")
    edit(
        ws,
        "data/certificates/bang-khen-can-tho-2024.yaml",
        "decision: quyet-dinh-khen-thuong-2024",
        "decision: quyet-dinh-khen-thuong-can-tho-2024",
    )
    assert _build(ws, register_url)[0] == 0
    first = [
        "--register", register_url, "certificates", str(certs / "bang-khen-2024.yaml"),
        "--out", str(tmp_path / "a"),
    ]  # fmt: skip
    assert run(ws, *first)[0] == 0
    second = [
        "--register", register_url, "certificates",
        str(certs / "bang-khen-can-tho-2024.yaml"), "--out", str(tmp_path / "b"),
    ]  # fmt: skip
    code, _out, err = run(ws, *second)
    assert code != 0
    assert "error[CERT-BOOK-OVERLAP]" in err
    assert "but 15 of them are given already, the first, 1, to Khoa Nhà nước và pháp luật" in err
    assert "set book_start: 44" in err
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())
    edit(ws, "data/certificates/bang-khen-can-tho-2024.yaml", "book_start: 1", "book_start: 44")
    assert run(ws, *second)[0] == 0
    numbers_a = {p.name[:4] for p in (tmp_path / "a").glob("*.docx")}
    numbers_b = {p.name[:4] for p in (tmp_path / "b").glob("*.docx")}
    assert len(numbers_a) == 43 and len(numbers_b) == 15
    assert not numbers_a & numbers_b
    assert min(numbers_b) == "0044"


def test_stats_read_what_was_issued(tmp_path: Path, register_url: str) -> None:
    """Before: `docgen stats` moved from 187,2 to 267,2 million after a base-salary row was
    edited: it computed the money again from today's law."""
    ws = make_workspace(tmp_path / "ws")
    assert _build(ws, register_url)[0] == 0
    code, before, err = run(ws, "--register", register_url, "stats")
    assert code == 0, err
    # the example's four decisions: 187.200.000 of the year's three + 10.530.000 of the term's
    assert "197.730.000" in before
    edit(ws, "data/law/base_salary.yaml", "amount: 2340000", "amount: 3340000")
    code, after, err = run(ws, "--register", register_url, "stats")
    assert code == 0, err
    assert after == before
