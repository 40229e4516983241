"""Số sổ vàng given back (issue 23, case 7): a batch that could not write its certificates
keeps none of the numbers it took, and only those."""

from __future__ import annotations

from docgen.register import Register, open_register

DECISION = "data/documents/quyet-dinh-khen-thuong-2024.yaml"


def test_release_gives_back_only_the_keys_named(register_url: str) -> None:
    register = open_register(register_url, workspace="office-a")
    assert register.book_numbers(DECISION, [("a", "An"), ("b", "Bình")], 1) == {"a": 1, "b": 2}
    # a later batch takes numbers for newcomers, then cannot write them
    taken = register.book_numbers(DECISION, [("a", "An"), ("c", "Cường"), ("d", "Dũng")], 1)
    assert taken == {"a": 1, "c": 3, "d": 4}
    assert register.release_book_numbers(DECISION, ["c", "d"]) == 2
    assert [(n, k) for n, k, _ in register.book(DECISION)] == [(1, "a"), (2, "b")]
    # printed again, the same awardees get the same numbers
    again = register.book_numbers(DECISION, [("a", "An"), ("c", "Cường"), ("d", "Dũng")], 1)
    assert again == taken
    assert register.release_book_numbers(DECISION, []) == 0


def test_release_never_touches_another_workspace(register_url: str) -> None:
    mine: Register = open_register(register_url, workspace="office-a")
    theirs: Register = open_register(register_url, workspace="office-b")
    assert theirs.book_numbers(DECISION, [("a", "An")], 1) == {"a": 1}
    assert mine.release_book_numbers(DECISION, ["a"]) == 0
    assert [(n, k) for n, k, _ in theirs.book(DECISION)] == [(1, "a")]
