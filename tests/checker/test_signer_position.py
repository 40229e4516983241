"""`docgen check` on a .docx made elsewhere: who signs against how they sign (rules/signing.yaml,
issue 25 item 5): "KT. GIÁM ĐỐC / CHÁNH VĂN PHÒNG", a head under KT., TL. on an award
decision are refused; what the rules allow passes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from docgen.checker import check_docx
from tests.support.docx_inspect import iter_paragraphs

Change = Callable[[DocxDocument], None]
STATE_LETTER = "cong-van-125-SNV-VP.docx"  # KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC
PARTY_LETTER = "cong-van-125-CV-HVCTQG.docx"  # K/T GIÁM ĐỐC / PHÓ GIÁM ĐỐC
STATE_AWARD = "quyet-dinh-khen-thuong-UBND-nghe-an-2025.docx"  # CHỦ TỊCH, signed by the head


def _line(doc: DocxDocument, text: str) -> Paragraph:
    return next(p for p in iter_paragraphs(doc) if p.text == text)


def _retitle(old: str, new: str) -> Change:
    def change(doc: DocxDocument) -> None:
        p = _line(doc, old)
        for run in p.runs[1:]:
            run.text = ""
        p.runs[0].text = new

    return change


def _both(*changes: Change) -> Change:
    def change(doc: DocxDocument) -> None:
        for c in changes:
            c(doc)

    return change


def _by_order_on_award(doc: DocxDocument) -> None:
    """The head's block "CHỦ TỊCH / … / Nguyễn Văn Đệ" made "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG"."""
    head = _line(doc, "CHỦ TỊCH")
    head.runs[0].text = "TL. CHỦ TỊCH"
    below = head._p.getnext()
    assert below is not None
    title = Paragraph(below, head._parent)
    title.add_run("CHÁNH VĂN PHÒNG").bold = True


CASES: list[tuple[str, str, Change]] = [
    # a unit's head signing for the head under KT.
    (STATE_LETTER, "ND30-SIGN-POSITION", _retitle("PHÓ GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),
    (PARTY_LETTER, "HD36-SIGN-POSITION", _retitle("PHÓ GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),
    # the head signing "for" themself
    (STATE_LETTER, "ND30-SIGN-POSITION", _retitle("PHÓ GIÁM ĐỐC", "GIÁM ĐỐC")),
    # a deputy signing by order (TL. is the unit heads')
    (STATE_LETTER, "ND30-SIGN-POSITION", _retitle("KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC")),
    # by order on an award decision: the head's own
    (STATE_AWARD, "ND30-SIGN-POSITION", _by_order_on_award),
]


@pytest.mark.parametrize(("name", "code", "change"), CASES)
def test_signer_against_authority(
    mutate: Callable[..., Path], name: str, code: str, change: Change
) -> None:
    report = check_docx(mutate(name, change))
    assert report.codes == [code], report.lines()


ALLOWED: list[tuple[str, Change]] = [
    # a unit's head by order on a công văn
    (
        STATE_LETTER,
        _both(
            _retitle("KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC"),
            _retitle("PHÓ GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"),
        ),
    ),
    # a first deputy's longer title is still a deputy's
    (PARTY_LETTER, _retitle("PHÓ GIÁM ĐỐC", "PHÓ GIÁM ĐỐC THƯỜNG TRỰC")),
]


@pytest.mark.parametrize(("name", "change"), ALLOWED)
def test_what_the_rules_allow_passes(
    mutate: Callable[..., Path], name: str, change: Change
) -> None:
    report = check_docx(mutate(name, change))
    assert report.errors == [], report.lines()
