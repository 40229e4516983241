"""Signers checked against who may sign how (issue 25, item 5): rules/signing.yaml as a table
(position × authority × system × document → allowed or the error), and the faults as a clerk
met them. Before: "KT. GIÁM ĐỐC / CHÁNH VĂN PHÒNG", the head under KT. and TL. on an award
decision all passed `docgen validate` and were built; `authority: authorized` on a Party issuer
passed validate and ended in a ValueError traceback at build (exit 1); a dangling `cite:` passed
validate and failed at build. Now each is a located error of `docgen validate`, exit 2, and
`docgen build` stops on it before anything is numbered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.data.models import Issuer
from docgen.data.signing import signature_problem
from docgen.documents.skeleton import skeleton
from docgen.register import open_register
from docgen.rules import load_rules, signing_rules
from tests.conftest import make_workspace
from tests.support.cli_run import edit, run

DEPUTY = "is signed by cấp phó của người đứng đầu (Phó Giám đốc)"
UNIT_HEAD = "is signed by người đứng đầu một đơn vị thuộc cơ quan"
NO_TUQ_IN_PARTY = "authority 'authorized' (thừa ủy quyền (TUQ.)) has no form in Đảng documents"
NOT_AN_AWARD = "may not sign this document: quyết định khen thưởng"


@pytest.mark.parametrize(
    ("authority", "title", "system", "kind", "expected"),
    [
        # the head signs as the head; a deputy or a unit's head may not
        ("head", "Giám đốc", "state", "document", None),
        ("head", "giám  đốc", "party", "plan", None),  # case and spaces do not matter
        ("head", "Phó Giám đốc", "state", "document", "'Phó Giám đốc' is cấp phó"),
        ("head", "Chánh Văn phòng", "state", "document", "'Chánh Văn phòng' is người đứng đầu một"),
        # KT. / K/T: a deputy of the head only
        ("deputy", "Phó Giám đốc", "state", "document", None),
        ("deputy", "Phó Giám đốc", "party", "plan", None),
        ("deputy", "Phó Giám đốc thường trực", "state", "document", None),
        ("deputy", "Phó Giám đốc", "state", "decision_award", None),
        ("deputy", "Thứ trưởng", "state", "document", None),  # head_title Bộ trưởng, below
        ("deputy", "Giám đốc", "state", "document", DEPUTY),
        ("deputy", "Chánh Văn phòng", "state", "document", DEPUTY),
        ("deputy", "Phó Chánh Văn phòng", "state", "document", DEPUTY),
        # TM. / T/M: the head or a deputy, on behalf of the collective
        ("on_behalf", "Giám đốc", "state", "document", None),
        ("on_behalf", "Phó Giám đốc", "party", "document", None),
        ("on_behalf", "Chánh Văn phòng", "state", "document", "is signed by người đứng đầu (Giám"),
        # TL. / T/L: a unit's head, never on an award decision
        ("by_order", "Chánh Văn phòng", "state", "document", None),
        ("by_order", "Chánh Văn phòng", "party", "document", None),
        ("by_order", "Giám đốc", "state", "document", UNIT_HEAD),
        ("by_order", "Phó Giám đốc", "state", "document", UNIT_HEAD),
        ("by_order", "Phó Chánh Văn phòng", "state", "document", UNIT_HEAD),
        ("by_order", "Chánh Văn phòng", "state", "decision_award", NOT_AN_AWARD),
        # TUQ.: State only, a unit's head, never on an award decision
        ("authorized", "Chánh Văn phòng", "state", "document", None),
        ("authorized", "Chánh Văn phòng", "party", "document", NO_TUQ_IN_PARTY),
        ("authorized", "Phó Giám đốc", "state", "document", UNIT_HEAD),
        ("authorized", "Chánh Văn phòng", "state", "decision_award", NOT_AN_AWARD),
        # Q.: the acting head, or a deputy made acting head
        ("acting", "Quyền Giám đốc", "state", "document", None),
        ("acting", "Phó Giám đốc", "party", "document", None),
        ("acting", "Chánh Văn phòng", "state", "document", "is signed by quyền người đứng đầu"),
    ],
)
def test_who_may_sign_how(
    authority: str, title: str, system: str, kind: str, expected: str | None
) -> None:
    found = signature_problem(
        signing_rules(),
        authority=authority,
        title=title,
        head_title="Bộ trưởng" if title == "Thứ trưởng" else "Giám đốc",
        system=system,  # type: ignore[arg-type]
        kind=kind,
        type_id="quyet_dinh",
    )
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert expected in found[0]
        assert found[1].source  # every refusal names its source


def test_every_rule_names_its_source_and_the_systems_agree_with_the_prefixes() -> None:
    """Each form and document of rules/signing.yaml says where it comes from and whether it
    was read there; the systems of a form are those rules/format.yaml has a prefix for."""
    rules = signing_rules()
    assert set(rules.forms) == {"head", "deputy", "on_behalf", "by_order", "authorized", "acting"}
    for key, form in rules.forms.items():
        assert form.source and isinstance(form.confirmed, bool)
        for system in ("party", "state"):
            has_prefix = key == "head" or key in load_rules().system(system).authority_prefixes
            assert (system in form.systems) == has_prefix
    for document in rules.documents.values():
        assert document.source and isinstance(document.confirmed, bool)


def _numbered(ws: Path) -> int:
    return len(open_register(ws / "register.sqlite").entries())


def _refused(ws: Path, where: str, message: str) -> None:
    """``docgen validate`` reports it at ``where`` (exit 2), and ``docgen build`` stops on it
    before numbering anything or writing a file."""
    code, _, err = run(ws, "validate")
    assert code == 2, err
    assert f"{where}: error[" in err and message in err, err
    code, _, err = run(ws, "build")
    assert code == 2, err
    assert message in err and "Traceback" not in err
    assert _numbered(ws) == 0
    assert not list(ws.glob("output/*.docx"))


def test_a_head_of_office_signing_kt_is_refused(tmp_path: Path) -> None:
    """Before: "KT. GIÁM ĐỐC / CHÁNH VĂN PHÒNG" was validated and built."""
    ws = make_workspace(tmp_path)
    spec = "data/documents/thong-bao-snv-ket-luan.yaml"
    edit(ws, spec, "authority: by_order", "authority: deputy")
    _refused(
        ws,
        f"{spec}:36:14",
        "error[DATA-SIGNER]: 'Chánh Văn phòng' is người đứng đầu một đơn vị thuộc cơ quan "
        "(Chánh Văn phòng, Trưởng phòng…): authority 'deputy' (ký thay (KT. / K/T)) " + DEPUTY,
    )


def test_the_head_signing_under_kt_is_refused(tmp_path: Path) -> None:
    """Before: the Giám đốc herself under "KT. GIÁM ĐỐC" was validated and built."""
    ws = make_workspace(tmp_path)
    spec = "data/documents/giay-moi-snv-hoi-nghi.yaml"
    edit(ws, spec, "authority: head", "authority: deputy")
    _refused(ws, f"{spec}:18:14", "'Giám đốc' is người đứng đầu (Giám đốc): authority 'deputy'")


def test_tl_on_an_award_decision_is_refused(tmp_path: Path) -> None:
    """Before: an award decision signed "TL. CHỦ TỊCH" by the Chánh Văn phòng was built."""
    ws = make_workspace(tmp_path)
    edit(
        ws,
        "data/issuers.yaml",
        "      title: Chủ tịch\n",
        "      title: Chủ tịch\n    cvp:\n      name: Hồ Văn Ba\n      title: Chánh Văn phòng\n",
    )
    spec = "data/documents/quyet-dinh-khen-thuong-ubnd-nghe-an-2024.yaml"
    edit(ws, spec, "signer: nguyen-van-de\n  authority: head", "signer: cvp\n  authority: by_order")
    _refused(ws, f"{spec}:26:14", "authority 'by_order' (thừa lệnh (TL. / T/L)) " + NOT_AN_AWARD)
    _, _, err = run(ws, "validate")
    assert "Luật Thi đua, khen thưởng 2022, Điều 80" in err  # the hint names the source


def test_tuq_on_a_party_document_is_a_validate_error(tmp_path: Path) -> None:
    """Before: validate passed, build ended in "ValueError: authority 'authorized' has no form
    in this system" (a traceback, exit 1) after numbering other documents."""
    ws = make_workspace(tmp_path)
    spec = "data/documents/ke-hoach-2024.yaml"
    edit(ws, spec, "authority: deputy", "authority: authorized")
    _refused(ws, f"{spec}:16:14", NO_TUQ_IN_PARTY)


def test_a_dangling_citation_is_a_validate_error(tmp_path: Path) -> None:
    """Before: validate passed, build numbered the other documents and failed this one."""
    ws = make_workspace(tmp_path)
    spec = "data/documents/ke-hoach-2024.yaml"
    edit(ws, spec, "signature:", "bases:\n  - cite: no-such-spec\nsignature:")
    _refused(
        ws,
        f"{spec}:15:11",
        "error[DATA-REF]: 'no-such-spec' is not a document spec of this workspace",
    )


def test_a_citation_of_a_broken_spec_is_not_reported_twice(tmp_path: Path) -> None:
    """A cited spec whose own file fails validation is reported there, not as unknown."""
    ws = make_workspace(tmp_path)
    edit(
        ws,
        "data/documents/ke-hoach-2024.yaml",
        "signature:",
        "bases:\n  - cite: ke-hoach-1247-phat-dong\nsignature:",
    )
    edit(ws, "data/documents/ke-hoach-1247-phat-dong.yaml", "number:", "numbre:")
    code, _, err = run(ws, "validate")
    assert code == 2
    assert "ke-hoach-1247-phat-dong.yaml" in err
    assert "'ke-hoach-1247-phat-dong' is not a document spec" not in err


def test_the_examples_sign_as_the_rules_allow(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    code, _, err = run(ws, "validate")
    assert code == 0, err
    assert "DATA-SIGNER" not in err


@pytest.mark.parametrize(
    ("edits", "where", "message"),
    [
        (  # before: validate passed, build failed "cites ke-hoach-2024, which has no number"
            [("ke-hoach-2024", "signature:", "bases:\n  - cite: ke-hoach-2024\nsignature:")],
            "data/documents/ke-hoach-2024.yaml:15:11",
            "error[DATA-CITE]: a document cannot cite itself",
        ),
        (  # a plan of January 2024 citing the Tờ trình of a later date
            [
                (
                    "ke-hoach-2024",
                    "signature:",
                    "bases:\n  - cite: to-trinh-can-tho-2024\nsignature:",
                )
            ],
            "data/documents/ke-hoach-2024.yaml:15:11",
            "error[DATA-CITE]: 'to-trinh-can-tho-2024' is dated ",
        ),
        (  # two documents of one day citing each other: neither can be numbered first
            [
                (
                    "ke-hoach-2024",
                    "signature:",
                    "bases:\n  - cite: ke-hoach-snv-tap-huan\nsignature:",
                ),
                ("ke-hoach-snv-tap-huan", "date: 2025-03-25", "date: 2024-01-05"),
                (
                    "ke-hoach-snv-tap-huan",
                    "signature:",
                    "bases:\n  - cite: ke-hoach-2024\nsignature:",
                ),
            ],
            "data/documents/ke-hoach-2024.yaml:15:11",
            "error[DATA-CITE]: 'ke-hoach-snv-tap-huan' cites this document in turn",
        ),
    ],
)
def test_citations_that_cannot_be_numbered_are_validate_errors(
    tmp_path: Path, edits: list[tuple[str, str, str]], where: str, message: str
) -> None:
    ws = make_workspace(tmp_path)
    for spec, old, new in edits:
        edit(ws, f"data/documents/{spec}.yaml", old, new)
    _refused(ws, where, message)
    _, _, err = run(ws, "validate")
    assert err.count("error[DATA-CITE]") == 1  # one error a cause: a circle is told once


@pytest.mark.parametrize(
    ("signers", "expected"),
    [
        ({"pho": "Phó Giám đốc", "gd": "Giám đốc"}, ("gd", "head")),
        ({"cvp": "Chánh Văn phòng", "pho": "Phó Giám đốc"}, ("pho", "deputy")),
    ],
)
def test_a_new_spec_is_signed_as_the_rules_allow(
    signers: dict[str, str], expected: tuple[str, str]
) -> None:
    """`docgen new` names the head (else a deputy signing KT.), not merely the first signer:
    before, an issuer listing its deputy first got a skeleton signed "GIÁM ĐỐC" by the deputy."""
    issuer = Issuer.model_validate(
        {
            "id": "so",
            "name": "Sở Nội vụ",
            "header": ["Sở Nội vụ"],
            "abbr": "SNV",
            "system": "state",
            "place": "Nghệ An",
            "head_title": "Giám đốc",
            "signers": {k: {"name": "Người Ký", "title": v} for k, v in signers.items()},
        }
    )
    rules = load_rules()
    text = skeleton(rules.document_types["cong_van"], issuer, "cv", dt.date(2025, 1, 2), rules)
    signer, authority = expected
    assert f"  signer: {signer}  #" in text
    assert f"  authority: {authority}  #" in text
