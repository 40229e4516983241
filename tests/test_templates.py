"""The templates are held against the format rules, and stay what the builder makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.shared import Mm, Pt

from docgen.documents.kinds import registry
from docgen.rules import load_rules
from docgen_build.templates import build_templates, style_id
from tests.support.docx_inspect import normalised_document_xml, open_docx

ROOT = Path(__file__).resolve().parent.parent
SYSTEMS = ["party", "state"]


def _effective(style: object, attr: str) -> object:
    while style is not None:
        value = getattr(style.font, attr)  # type: ignore[attr-defined]
        if value is not None:
            return value
        style = style.base_style  # type: ignore[attr-defined]
    return None


@pytest.mark.parametrize("system", SYSTEMS)
def test_template_styles_follow_the_rules(system: str) -> None:
    rules = load_rules()
    sys_rules = rules.system(system)
    doc = open_docx(ROOT / "templates" / system / "plan.docx")
    styles = {s.style_id: s for s in doc.styles}
    for element, rule in sys_rules.elements.items():
        style = styles[style_id(element)]
        assert _effective(style, "name") == rules.page.font
        assert _effective(style, "size") == Pt(rule.default), element
        assert rule.allows_size(rule.default), element
        for flag in ("bold", "italic", "underline"):
            wanted = getattr(rule, flag)
            if wanted is not None:
                assert bool(_effective(style, flag)) == wanted, (element, flag)
    body = styles["DGBody"].paragraph_format
    assert body.first_line_indent == Mm(rules.body.first_line_indent_cm.default * 10)
    assert body.space_after == Pt(rules.body.space_after_pt.default)
    assert body.line_spacing == Pt(rules.body.line_spacing.default_exact_pt)
    for level in rules.sections:
        style = styles[level.style]
        assert bool(_effective(style, "bold")) == level.bold, level.style
        assert bool(_effective(style, "italic")) == level.italic, level.style


def test_committed_templates_are_what_the_builder_makes(tmp_path: Path) -> None:
    """Run `make templates` after changing format.yaml, certificates.yaml or the sources."""
    (tmp_path / "source").mkdir()
    for src in (ROOT / "templates" / "source").iterdir():
        (tmp_path / "source" / src.name).write_bytes(src.read_bytes())
    built = build_templates(tmp_path)
    templates = [t for kind in registry().values() for t in kind.templates]
    assert len(templates) == 8  # six campaign kinds, the document and letter layouts
    # in two systems with the achievement report's (not a kind's), and the certificates:
    # Bằng khen, Giấy khen, Bằng chứng nhận and Giấy chứng nhận, each on A3 and A4
    assert len(built) == 2 * (len(templates) + 1) + 4 * 2
    for fresh in built:
        committed = ROOT / "templates" / fresh.relative_to(tmp_path)
        assert normalised_document_xml(fresh) == normalised_document_xml(committed), committed


@pytest.mark.parametrize("system", SYSTEMS)
def test_no_jinja_tag_is_split_across_runs(system: str) -> None:
    doc = open_docx(ROOT / "templates" / system / "plan.docx")
    from tests.support.docx_inspect import iter_paragraphs

    paragraphs = list(iter_paragraphs(doc))
    for section in doc.sections:
        paragraphs += section.header.paragraphs
    for p in paragraphs:
        for run in p.runs:
            for opener, closer in (("{{", "}}"), ("{%", "%}")):
                assert run.text.count(opener) == run.text.count(closer), (p.text, run.text)
