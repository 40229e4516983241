"""docgen check on documents docgen did not write: the corpus of tests/checker/corpus.

Precision: of the findings, how many are right (a labelled fault, or labelled ``also_right``).
Recall: of the labelled faults a records desk sees, how many are found. Targets (issue 22):
at least 95 % and 90 %. Then one test per blind spot the issue lists, with the fault and without.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from docgen.checker import check_docx
from tests.checker.corpus.build import build, build_all, load_specs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("corpus"))


def test_the_corpus_is_broad() -> None:
    specs = {n: s for n, s in load_specs().items() if not n.startswith("_")}
    assert len(specs) >= 20
    kinds = {s["title"]["name"] if s.get("title") else "CÔNG VĂN" for s in specs.values()}
    assert len(kinds) >= 10, kinds
    assert {s["system"] for s in specs.values()} == {"party", "state"}
    assert sum(1 for s in specs.values() if not s["faults"]) >= 5  # clean ones too


def test_precision_and_recall(corpus: dict[str, Path]) -> None:
    specs = load_specs()
    right = wrong = found_faults = faults = 0
    misses = []
    for name, path in corpus.items():
        spec = specs[name]
        report = check_docx(path)
        labelled = set(spec["faults"])
        accepted = labelled | set(spec.get("also_right", []))
        codes = set(report.codes)
        right += len(codes & accepted)
        wrong += len(codes - accepted)
        faults += len(labelled)
        found_faults += len(labelled & codes)
        if codes - accepted or labelled - codes:
            misses.append((name, sorted(codes - accepted), sorted(labelled - codes)))
    precision = right / max(right + wrong, 1)
    recall = found_faults / max(faults, 1)
    print(
        f"\ncorpus of {len(corpus)} documents: precision {right}/{right + wrong} = "
        f"{precision:.1%}, recall {found_faults}/{faults} = {recall:.1%}"
    )
    assert precision >= 0.95, misses
    assert recall >= 0.90, misses


def _variant(tmp_path: Path, name: str, **changes: Any) -> list[str]:
    """The codes of corpus document ``name`` rebuilt with ``changes`` to its spec."""
    spec = copy.deepcopy(load_specs()[name])
    for key, value in changes.items():
        target = spec
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    return check_docx(build(spec, tmp_path / f"{name}.docx")).codes


# (clean document, change that puts the fault in, the code that must appear)
BLIND_SPOTS = [
    ("cv-clean", {"signature__layout": "paragraphs-right"}, "ND30-SIGN-BLOCK"),
    ("party-kh-clean", {"signature__layout": "paragraphs-indented"}, "HD36-SIGN-BLOCK"),
    ("qd-ubnd-clean", {"signature__layout": "grid"}, "ND30-SIGN-BORDERS"),
    ("qd-ubnd-clean", {"header__issuer_rule": "none"}, "ND30-HEADER-ISSUER-RULE"),
    ("qd-ubnd-clean", {"header__widths": [95, 70]}, "ND30-HEADER-WRAP"),
    ("qd-ubnd-clean", {"title__rule": "none"}, "ND30-SUBJECT-RULE"),
    (
        "qd-ubnd-clean",
        {"header__letter_subject": "V/v: ban hành Quy chế"},
        "ND30-LETTER-SUBJECT-TITLED",
    ),
    ("qd-ubnd-clean", {"decision__order": "verb-first"}, "ND30-DECISION-ORDER"),
    ("qd-ubnd-clean", {"header__number": "Số:      /QĐ-UBND"}, "ND30-NUMBER-PLACEHOLDER"),
    ("party-kh-clean", {"header__number": "Số   -KH/HU"}, "HD36-NUMBER-PLACEHOLDER"),
    (
        "tb-typed-rules-clean",
        {"body": [["short", "Các xã báo cáo trước ngày 30."]]},
        "ND30-BODY-INDENT",
    ),
    (
        "tb-typed-rules-clean",
        {"body": [["centred", "Các xã báo cáo trước ngày 30."]]},
        "ND30-BODY-ALIGN",
    ),
    ("qc-chapters-left", {}, "ND30-CHAPTER-FORMAT"),
]


@pytest.mark.parametrize(("name", "changes", "code"), BLIND_SPOTS, ids=[b[2] for b in BLIND_SPOTS])
def test_each_blind_spot_has_and_has_not(
    tmp_path: Path, name: str, changes: dict[str, Any], code: str
) -> None:
    clean = "qd-ubnd-clean" if name == "qc-chapters-left" else name
    if name == "qc-chapters-left":  # the same Quy chế with its chapters centred and bold
        spec_body = load_specs()[name]["body"]
        fixed = [["center", t] if k == "chapter-left" else [k, t] for k, t in spec_body]
        assert code not in _variant(tmp_path, name, body=fixed)
        assert code in _variant(tmp_path, name)
        return
    assert code not in _variant(tmp_path, clean)
    assert code in _variant(tmp_path, name, **changes)


def test_typed_rules_are_not_issuer_lines(corpus: dict[str, Path]) -> None:
    """A rule typed as ____ under the issuer is its rule, not a second (parent) line."""
    report = check_docx(corpus["tb-typed-rules-clean"])
    assert report.findings == [], report.lines()


def test_the_layout_exposes_the_rules(corpus: dict[str, Path]) -> None:
    from docgen.checker.docx_model import load_docx
    from docgen.checker.layout import find_layout
    from docgen.rules import load_rules

    lay = find_layout(load_docx(corpus["tb-typed-rules-clean"]), load_rules(), "state")
    assert lay.issuer_rule_line is not None and lay.issuer_rule_line.kind == "typed"
    # typed as underscores 0.4 of "ỦY BAN NHÂN DÂN" (the builder), measured with the glyph widths
    from docgen.checker.proportion_rules import line_mm

    assert lay.issuers and lay.issuer_rule_line.length_mm is not None
    assert lay.issuer_rule_line.length_mm / line_mm(lay.issuers) == pytest.approx(0.4, abs=0.06)
    assert lay.issuer_rule_paragraph is lay.issuer_rule_line.paragraph
    assert lay.motto_rule_line is not None and lay.motto_rule_line.kind == "typed"
    assert lay.subject_rule_line is not None and lay.subject_rule_line.kind == "typed"
    drawn = find_layout(load_docx(corpus["qd-grid-signature"]), load_rules(), "state")
    assert drawn.issuer_rule_line is not None and drawn.issuer_rule_line.kind == "drawn"
    assert drawn.issuers and drawn.issuer_rule_line.length_mm is not None
    assert drawn.issuer_rule_line.length_mm == pytest.approx(0.4 * line_mm(drawn.issuers), abs=0.5)


def test_a_signature_in_paragraphs_is_read(corpus: dict[str, Path]) -> None:
    """The Nơi nhận under a paragraph signature is read as the recipients, not body text."""
    report = check_docx(corpus["cv-sign-indented-wrong-recipients"])
    assert sorted(report.codes) == ["ND30-RECIPIENTS-FORM", "ND30-SIGN-BLOCK"], report.lines()
