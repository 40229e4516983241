"""The wording rules (checker/text_rules.py): a .docx with each fault, and one without."""

from __future__ import annotations

import itertools
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


def repeat_unit(doc: DocxDocument) -> None:
    """The collective's name printed again as its unit, as the list did before."""
    for table in doc.tables:
        for row in table.rows:
            cells = row.cells
            for name, unit in itertools.pairwise(cells):
                # names are kept whole with no-break spaces in the list's cells
                if name.text.replace("\u00a0", " ").startswith("Trường Chính trị tỉnh"):
                    unit.paragraphs[0].text = name.text
                    return
    raise AssertionError("no collective's row")


def via_three_times(doc: DocxDocument) -> None:
    p = para(doc, "Điều 1.")
    set_text(
        p,
        "Điều 1. Gửi Ban Tổ chức (qua Văn phòng), Ban Tuyên giáo (qua Văn phòng), Ban Dân vận "
        "(qua Văn phòng) để phối hợp thực hiện.",
    )


STATE_DECISION = "quyet-dinh-khen-thuong-UBND-nghe-an-2024.docx"


@pytest.mark.parametrize(
    ("code", "change"),
    [
        ("DOC-DECISION-EFFECT", drop_effect),
        ("DOC-TEXT-PUNCTUATION", double_stop),
        ("DOC-ARTICLE-CASE", lower_article),
        ("DOC-TABLE-REPEAT", repeat_unit),
        ("DOC-VIA-REPEAT", via_three_times),
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


def test_checker_finds_a_past_deadline_in_a_plan(mutate: Callable[..., Path]) -> None:
    """The 2024 plan with the 2022 campaign's deadline put back (issue 22, fault 4)."""
    plan = "ke-hoach-2024-KH-HVCTQG.docx"
    assert "DOC-PLAN-PAST-DATE" not in check_docx(mutate(plan, lambda d: None)).codes

    def carry_over(doc: DocxDocument) -> None:
        p = para(doc, "- ")
        set_text(p, p.text.rstrip(".;") + ", hoàn thành trước ngày 30/9/2022;")

    broken = check_docx(mutate(plan, carry_over))
    assert "DOC-PLAN-PAST-DATE" in broken.codes, broken.lines()

    # a cited document's date is not a deadline
    def cite(doc: DocxDocument) -> None:
        p = para(doc, "- ")
        set_text(p, p.text.rstrip(".;") + " theo Kế hoạch số 1247-KH/HVCTQG ngày 09/9/2022;")

    assert "DOC-PLAN-PAST-DATE" not in check_docx(mutate(plan, cite)).codes
