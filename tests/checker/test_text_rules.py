"""The wording rules (checker/text_rules.py): a .docx with each fault, and one without."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument

from docgen.checker import check_docx
from tests.checker.test_rules import para, set_text
from tests.test_text_outputs import DECISIONS

# -- the checker's rules: a .docx with the fault, and one without --------------------------


def drop_effect(doc: DocxDocument) -> None:
    p = para(doc, "Điều 3.")
    set_text(p, p.text.replace("Quyết định này có hiệu lực kể từ ngày ký. ", ""))


def double_stop(doc: DocxDocument) -> None:
    p = para(doc, "Điều 1.")
    set_text(p, p.text.rstrip(".") + "..")


def lower_article(doc: DocxDocument) -> None:
    p = para(doc, "Điều 3.")
    set_text(p, "Điều 3. chịu trách nhiệm thi hành Quyết định này./.")


STATE_DECISION = "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx"


@pytest.mark.parametrize(
    ("code", "change"),
    [
        ("DOC-DECISION-EFFECT", drop_effect),
        ("DOC-TEXT-PUNCTUATION", double_stop),
        ("DOC-ARTICLE-CASE", lower_article),
    ],
)
def test_checker_finds_each_text_fault(
    mutate: Callable[..., Path], code: str, change: Callable[[DocxDocument], None]
) -> None:
    assert check_docx(mutate(STATE_DECISION, lambda d: None), "state").codes == []
    broken = check_docx(mutate(STATE_DECISION, change), "state")
    assert code in broken.codes, broken.lines()


def test_checker_passes_the_decisions(outputs: dict[str, Path]) -> None:
    for name in DECISIONS:
        report = check_docx(outputs[name])
        wording = [c for c in report.codes if c.startswith(("DOC-DECISION", "DOC-TEXT", "DOC-ART"))]
        assert wording == [], report.lines()
