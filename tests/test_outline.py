"""The outline of kind ``document``: inline marks, numbering by construction, structure errors
reported with file:line, what a reader sees in the rendered paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from docgen.cli.main import cli
from docgen.documents.outline import Item, end_content, parse_marks, render_outline
from docgen.documents.sections import Run
from docgen.rules import load_rules
from tests.conftest import make_workspace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("plain", [Run("plain")]),
        ("a **b** c", [Run("a "), Run("b", bold=True), Run(" c")]),
        ("*Tập thể kiểu mẫu*", [Run("Tập thể kiểu mẫu", italic=True)]),
        ("x *y* **z**", [Run("x "), Run("y", italic=True), Run(" "), Run("z", bold=True)]),
        ("5 * 3 = 15", [Run("5 * 3 = 15")]),  # a lone star is text
    ],
)
def test_parse_marks(text: str, runs: list[Run]) -> None:
    assert parse_marks(text) == runs


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("thực hiện", "./.", "thực hiện./."),
        ("thực hiện.", "./.", "thực hiện./."),
        ("thực hiện./.", "./.", "thực hiện./."),
        ("thực hiện", ".", "thực hiện."),
        ("thực hiện.", ".", "thực hiện."),
        ("có đúng không?", ".", "có đúng không?"),
    ],
)
def test_end_content(text: str, end: str, expected: str) -> None:
    assert end_content(text, end) == expected


def _paragraphs(xml: str) -> list[tuple[str, str]]:
    """(style, text) of each paragraph of a Blocks fragment, tables' cells included."""
    root = etree.fromstring(
        f'<w:body xmlns:w="{W[1:-1]}">{xml}</w:body>'.encode()  # a fragment → one root
    )
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        out.append((style.get(f"{W}val") if style is not None else "", text))
    return out


def _outline(data: list[object]) -> list[Item | str]:
    from pydantic import TypeAdapter

    from docgen.documents.outline import Outline

    return TypeAdapter(Outline).validate_python(data)


def test_headings_number_gaplessly_at_every_depth() -> None:
    items = _outline(
        [
            "Mở đầu.",
            {
                "heading": "Mục đích",
                "body": [
                    {"heading": "Một", "body": [{"heading": "Sâu", "text": "nội dung"}]},
                    {"heading": "Hai", "body": [{"points": ["x", {"text": "y", "points": ["z"]}]}]},
                ],
            },
            {"heading": "Tổ chức", "body": [{"heading": "Ba"}]},
        ]
    )
    shown = _paragraphs(render_outline(items, load_rules(), "./.").xml)
    assert shown == [
        ("DGBody", "Mở đầu."),
        ("DGSection1", "I. MỤC ĐÍCH"),  # level 1 in capitals (format.yaml sections)
        ("DGSection2", "1. Một"),
        ("DGSection3", "1.1. Sâu: nội dung"),
        ("DGSection2", "2. Hai"),
        ("DGDash", "- x"),
        ("DGDash", "- y"),
        ("DGPlus", "+ z"),
        ("DGSection1", "II. TỔ CHỨC"),
        ("DGSection2", "1. Ba./."),  # numbering restarts under II.; the content ends ./.
    ]


def test_regulation_numbers_articles_through_chapters() -> None:
    items = _outline(
        [
            {
                "chapter": "Quy định chung",
                "body": [
                    {"article": "Phạm vi", "text": "Quy chế này…"},
                    {
                        "article": "Nguyên tắc",
                        "clauses": ["Một.", {"text": "Hai:", "points": ["a", "b"]}],
                    },
                ],
            },
            {
                "chapter": "Tổ chức",
                "body": [
                    {"section": "Ban Giám đốc", "body": [{"article": "Giám đốc", "text": "…"}]},
                    {"section": "Các phòng", "body": [{"article": None, "text": "Các phòng"}]},
                ],
            },
        ]
    )
    shown = [text for _style, text in _paragraphs(render_outline(items, load_rules(), ".").xml)]
    assert shown == [
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi",
        "Quy chế này…",
        "Điều 2. Nguyên tắc",
        "1. Một.",
        "2. Hai:",
        "a) a",
        "b) b",
        "Chương II",
        "TỔ CHỨC",
        "Mục 1",
        "BAN GIÁM ĐỐC",
        "Điều 3. Giám đốc",  # articles run on through the chapters
        "…",
        "Mục 2",  # a chapter's sections restart at 1
        "CÁC PHÒNG",
        "Điều 4. Các phòng.",  # an untitled article: label and text on one line
    ]


def test_a_table_has_its_header_and_cells() -> None:
    items = _outline(
        [{"table": {"columns": ["STT", "Nội dung"], "rows": [[1, "Đăng ký"], [2, "**Nộp**"]]}}]
    )
    xml = render_outline(items, load_rules(), None).xml
    assert "<w:tblHeader/>" in xml and xml.count("<w:tr>") == 3
    assert [t for _s, t in _paragraphs(xml)] == ["STT", "Nội dung", "1", "Đăng ký", "2", "Nộp"]


# -- data errors, each with its file and line ---------------------------------------------------

SPEC = {
    "kind": "document",
    "type": "huong_dan",
    "issuer": "snv-nghe-an",
    "number": 3,
    "date": "2025-03-18",
    "subject": "Thử",
    "signature": {"signer": "le-van-hung", "authority": "deputy"},
    "recipients": ["Các phòng"],
    "archive": "VT, VP",
    "output": "thu.docx",
}


def _validate(tmp_path: Path, **fields: object) -> str:
    ws = make_workspace(tmp_path)
    spec = {**SPEC, **fields}
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False).replace(
        "date: '2025-03-18'", "date: 2025-03-18"
    )
    (ws / "data" / "documents" / "thu.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(ws), "validate"])
    return result.stderr + result.stdout


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("body", "needle", "message"),
    [
        (
            [{"heading": "A", "body": [{"headng": "B"}]}],
            "headng",
            "error[DATA-UNKNOWN-FIELD]: unknown field 'headng' (check its spelling)",
        ),
        (
            [{"heading": "A", "points": ["x"]}],
            "heading: A",
            "error[DATA-VALUE]: an outline item is one thing; this one has heading and points",
        ),
        (
            [{"heading": "A", "clauses": ["x"]}],
            "heading: A",
            "error[DATA-VALUE]: 'clauses' does not go with 'heading'",
        ),
        (
            # an error deep in nested headings is reported, not lost among the union's members
            [
                {
                    "heading": "A",
                    "body": [
                        {
                            "heading": "B",
                            "body": [{"table": {"columns": ["x"], "rows": [["1", "2"]]}}],
                        }
                    ],
                }
            ],
            "columns",
            "error[DATA-VALUE]: row 1 has 2 cells; the table has 1 columns",
        ),
        (
            [{"heading": "A"}, {"article": "B", "text": "c"}],
            "article: B",
            "error[DATA-OUTLINE]: headings (I., 1. …) and a regulation's chapters or articles do "
            "not mix in one body",
        ),
        (
            [
                {
                    "heading": "1",
                    "body": [
                        {
                            "heading": "2",
                            "body": [
                                {
                                    "heading": "3",
                                    "body": [{"heading": "4", "body": [{"heading": "5"}]}],
                                }
                            ],
                        }
                    ],
                }
            ],
            "heading: '5'",
            "error[DATA-OUTLINE]: headings go 4 levels deep (I., 1., 1.1., a)); write what is "
            "deeper as 'points' (-, +)",
        ),
        (
            [{"section": "Mục", "body": [{"article": "x", "text": "y"}]}],
            "section: Mục",
            "error[DATA-OUTLINE]: a section (Mục) stands inside a chapter (Chương)",
        ),
    ],
)
def test_outline_errors_point_at_their_line(
    tmp_path: Path, body: list[object], needle: str, message: str
) -> None:
    out = _validate(tmp_path, body=body)
    text = (tmp_path / "data" / "documents" / "thu.yaml").read_text(encoding="utf-8")
    line = _line_of(text, needle)
    assert f"data/documents/thu.yaml:{line}:" in out and message in out, out


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"type": "huong_dann", "body": ["x"]},
            "error[DATA-TYPE-UNKNOWN]: unknown document type 'huong_dann' (known: ban_ghi_nho,",
        ),
        (
            {"type": "ket_luan", "body": ["x"]},
            "error[DATA-TYPE-SYSTEM]: Kết luận is a party document type; snv-nghe-an issues state "
            "documents",
        ),
        (
            {"type": "cong_van", "body": ["x"]},
            "error[DATA-MISSING]: a công văn is addressed: add 'addressee' (Kính gửi: …)",
        ),
        (
            {"unit": "VP", "body": ["x"]},
            "error[DATA-VALUE]: 'unit' goes in the symbol of a công văn only",
        ),
        (
            {"template": "../secret.docx", "body": ["x"]},
            "error[DATA-VALUE]: '../secret.docx' must be a path inside templates/",
        ),
        (
            {"template": "my-office/none.docx", "body": ["x"]},
            "error[DATA-REF]: no template templates/my-office/none.docx in this workspace",
        ),
    ],
)
def test_what_the_type_needs_is_checked(
    tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    out = _validate(tmp_path, **fields)
    assert "data/documents/thu.yaml:" in out and message in out, out


def test_a_valid_outline_passes(tmp_path: Path) -> None:
    out = _validate(tmp_path, body=["Một đoạn.", {"heading": "A", "body": [{"points": ["x"]}]}])
    assert "error[" not in out and out.splitlines()[-1].startswith("data OK:"), out


def test_a_paragraph_ending_with_a_colon_is_a_yaml_trap_named_as_such(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    text = yaml.safe_dump({**SPEC, "body": ["x"]}, allow_unicode=True, sort_keys=False)
    text = text.replace("date: '2025-03-18'", "date: 2025-03-18")
    text = text.replace("body:\n- x\n", "body:\n- Nội dung như sau:\n- points: [một, hai]\n")
    (ws / "data" / "documents" / "thu.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(ws), "validate"])
    line = _line_of(text, "Nội dung như sau:")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"data/documents/thu.yaml:{line}:3: error[DATA-COLON]: 'Nội dung như sau:' was read as a "
        "key and a value because of its ':'"
    ), result.stderr
