"""Số sổ vàng in the register: consecutive per decision, stable across reprints, never reused."""

from __future__ import annotations

from docgen.register import Register

DECISION = "data/documents/quyet-dinh-khen-thuong-2024.yaml"


def test_book_numbers(register: Register) -> None:
    first = register.book_numbers(DECISION, [("a", "An"), ("b", "Bình"), ("c", "Cường")], 1)
    assert first == {"a": 1, "b": 2, "c": 3}
    # a reprint gives everyone the same number; a newcomer takes the next one
    again = register.book_numbers(DECISION, [("c", "Cường"), ("d", "Dũng"), ("a", "An")], 1)
    assert again == {"c": 3, "d": 4, "a": 1}
    # a later start applies to newcomers only; numbers already given never move
    later = register.book_numbers(DECISION, [("e", "Em"), ("b", "Bình")], 100)
    assert later == {"e": 100, "b": 2}
    # another decision has its own book
    assert register.book_numbers("other.yaml", [("a", "An")], 1) == {"a": 1}
