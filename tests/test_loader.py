"""The YAML loader: values with their lines, and every PyYAML trap reported with its place."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from docgen.data.loader import load_yaml


def load_text(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    source, problems = load_yaml(path, "data/x.yaml")
    return source.data, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nb: 2\na: 3\n",
            "data/x.yaml:3:1: error[DATA-DUPLICATE-KEY]: key 'a' appears twice in the same mapping"
            " (first at line 1); YAML would silently keep only the last one\n"
            "    hint: remove or rename one of them",
        ),
        (
            "country: no\n",
            "data/x.yaml:1:10: error[DATA-YAML-BOOL]: 'no' is read by YAML as a yes/no value, not"
            " as text\n    hint: write true or false for a yes/no setting, or quote the text:"
            ' "no"',
        ),
        (
            "flag: On\n",
            "data/x.yaml:1:7: error[DATA-YAML-BOOL]: 'On' is read by YAML as a yes/no value, not"
            ' as text\n    hint: write true or false for a yes/no setting, or quote the text: "On"',
        ),
        (
            "code: 001203\n",
            "data/x.yaml:1:7: error[DATA-YAML-NUMBER]: '001203' would be read as the number 643,"
            " losing its leading zeros or changing its value\n"
            '    hint: quote it to keep it as written: "001203"',
        ),
        (
            "time: 8:30\n",
            "data/x.yaml:1:7: error[DATA-YAML-NUMBER]: '8:30' would be read as the number 510,"
            " losing its leading zeros or changing its value\n"
            '    hint: quote it to keep it as written: "8:30"',
        ),
        (
            "date: 2025-02-30\n",
            "data/x.yaml:1:7: error[DATA-DATE]: '2025-02-30' is not a real date: February 2025 has"
            " 28 days",
        ),
        (
            "a: [1, 2\n",
            "data/x.yaml:2:1: error[DATA-YAML]: YAML syntax error: while parsing a flow sequence:"
            " did not find expected ',' or ']'",
        ),
        ("", "data/x.yaml:1: error[DATA-EMPTY]: the file is empty"),
        (
            "place: Hµ Néi\n",
            "data/x.yaml:1:8: error[DATA-LEGACY-TEXT]: the text looks typed with a legacy TCVN3 "
            "font, not Unicode: 'Hµ Néi'\n    hint: convert it to Unicode (for example with "
            "UniKey's converter) or retype it",
        ),
        (
            "place: Haø Noäi\n",
            "data/x.yaml:1:8: error[DATA-LEGACY-TEXT]: the text looks typed with a legacy VNI "
            "font, not Unicode: 'Haø Noäi'\n    hint: convert it to Unicode (for example with "
            "UniKey's converter) or retype it",
        ),
        (
            'name: "A\\x01B"\n',
            "data/x.yaml:1:7: error[DATA-CHAR]: the text contains the control character U+0001 at"
            " position 2, which a Word document cannot hold\n"
            "    hint: delete it (it usually comes from copying out of a PDF or an old program)",
        ),
    ],
)
def test_traps_are_reported_with_their_place(tmp_path: Path, text: str, expected: str) -> None:
    _, problems = load_text(tmp_path, text)
    assert problems == [expected]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    _, problems = load_text(tmp_path, "a: no\nb: 0755\nc: 2024-13-01\na: 1\n")
    codes = [p.split("error[")[1].split("]")[0] for p in problems]
    assert codes == ["DATA-YAML-BOOL", "DATA-YAML-NUMBER", "DATA-DATE", "DATA-DUPLICATE-KEY"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("v: true\n", True),
        ("v: false\n", False),
        ("v: 12\n", 12),
        ("v: 1.5\n", 1.5),
        ("v: '001203'\n", "001203"),
        ('v: "no"\n', "no"),
        ("v: 2022-09-09\n", dt.date(2022, 9, 9)),
        ("v: ~\n", None),
        ("v: Hà Nội\n", "Hà Nội"),
    ],
)
def test_plain_values(tmp_path: Path, text: str, value: object) -> None:
    data, problems = load_text(tmp_path, text)
    assert problems == []
    assert data == {"v": value}


def test_nfd_text_is_stored_as_nfc(tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    data, problems = load_text(tmp_path, f"name: {nfd}\n{nfd}: 1\n")
    assert problems == []
    assert data == {"name": "Nguyễn Thị Ánh", "Nguyễn Thị Ánh": 1}


def test_marks_point_at_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("top:\n  items:\n    - a\n    - name: b\n", encoding="utf-8")
    source, problems = load_yaml(path, "x.yaml")
    assert problems == []
    assert str(source.locate(("top", "items", 1, "name"))) == "x.yaml:4:13"
    assert str(source.locate(("top", "items", 1, "name"), key=True)) == "x.yaml:4:7"
    # a path that does not exist falls back to its nearest ancestor
    assert str(source.locate(("top", "items", 1, "missing"))) == "x.yaml:4:7"


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 10) + "]")
    started = time.perf_counter()
    _, problems = load_text(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5
    assert len(problems) == 1 and "error[DATA-ALIAS-BOMB]" in problems[0]


def test_merge_keys_work(tmp_path: Path) -> None:
    data, problems = load_text(tmp_path, "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n")
    assert problems == []
    assert data["use"] == {"x": 1, "y": 3}  # type: ignore[index]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("a: 1\nb: H\xe0 N\xf4i\n".encode("latin-1"))
    _, problems = load_yaml(path, "x.yaml")
    assert [p.format() for p in problems] == [
        "x.yaml:2: error[DATA-ENCODING]: the file is not UTF-8 text (byte 0xE0)\n"
        "    hint: save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8)"
    ]


MARKS_YAML = """\
base: &b
  x: 1
  y: 2
use:
  <<: *b
  y: 3
dup:
  a: first
  a: second
list:
  - plain
  - name: item
    deep: [10, 20]
Ánh: nfc key
years:
  "2022": 5
"""


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        ((), False, "x.yaml:1:1"),
        ((), True, "x.yaml:1:1"),
        (("use", "y"), False, "x.yaml:6:6"),  # its own value, not the merged one
        (("use", "y"), True, "x.yaml:6:3"),
        (("use", "x"), False, "x.yaml:2:6"),  # merged: where the anchor wrote it
        (("use", "x"), True, "x.yaml:2:3"),
        (("dup", "a"), False, "x.yaml:8:6"),  # a duplicate key: the first one is kept
        (("list", 1, "deep", 1), False, "x.yaml:13:16"),
        (("list", 1, "deep", 1), True, "x.yaml:13:16"),  # a list item has no key
        (("list", 1, "deep", 2), False, "x.yaml:13:11"),  # past the end: the list
        (("list", 1, "deep", 2), True, "x.yaml:13:5"),  # … or the key that holds it
        (("list", -1), False, "x.yaml:11:3"),
        (("list", "0"), False, "x.yaml:11:3"),  # a list has no keys
        (("list", 0, "more"), False, "x.yaml:11:5"),  # a text has no children
        (("Ánh",), True, "x.yaml:14:1"),  # NFC path, whatever the file's normalisation
        (("years", "2022"), False, "x.yaml:16:11"),
        (("years", 2022), False, "x.yaml:16:3"),  # a number is not the text key "2022"
        (("missing", "deeper"), True, "x.yaml:1:1"),
    ],
)
def test_locate_follows_the_data(
    tmp_path: Path, path: tuple[str | int, ...], key: bool, expected: str
) -> None:
    import unicodedata

    path_ = tmp_path / "x.yaml"
    nfd = MARKS_YAML.replace("Ánh", unicodedata.normalize("NFD", "Ánh"))
    path_.write_text(nfd, encoding="utf-8")
    source, problems = load_yaml(path_, "x.yaml")
    assert [p.code for p in problems] == ["DATA-DUPLICATE-KEY"]
    assert str(source.locate(path, key=key)) == expected


def test_locate_in_a_file_that_did_not_load(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    source, _ = load_yaml(path, "x.yaml")
    assert str(source.locate(("a", 0))) == "x.yaml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: &x [1, *x]\n",
            "data/x.yaml:1:4: error[DATA-ALIAS-LOOP]: this list or mapping contains an alias "
            "(*name) of itself, so it would never end\n"
            "    hint: write the values out instead of the alias",
        ),
        (
            "a:\n  b: &x\n    c: *x\n",
            "data/x.yaml:2:6: error[DATA-ALIAS-LOOP]: this list or mapping contains an alias "
            "(*name) of itself, so it would never end\n"
            "    hint: write the values out instead of the alias",
        ),
        (
            "[" * 990 + "]" * 990 + "\n",
            "data/x.yaml:1: error[DATA-NESTING]: lists and mappings are nested too deeply to "
            "read\n    hint: a docgen data file needs only a few levels: flatten the data",
        ),
    ],
)
def test_endless_or_too_deep_data_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    data, problems = load_text(tmp_path, text)
    assert data is None
    assert problems == [expected]


@pytest.mark.parametrize(
    "value",
    [
        "no",
        "No",
        "n",
        "nam",
        "name",
        "null",
        "",
        "~",
        "1",
        "0755",
        "1_000",
        "0x1F",
        "1.5",
        ".inf",
        "8:30",
        "2024-11-05",
        "2024-11-05 10:00:00",
        "<<",
        "=",
        "-",
        "-1",
        "+",
        "Nguyễn",
        "nữ",
        "Ñ",
        "١٢",
        "yes please",
    ],
)
def test_the_tag_resolver_agrees_with_pyyaml(value: str) -> None:
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    from docgen.data.loader import _Loader

    expected = Resolver().resolve(ScalarNode, value, (True, False))
    ours = _Loader("")
    try:
        # twice: the second answer comes from the memo of plain scalars
        assert ours.resolve(ScalarNode, value, (True, False)) == expected
        assert ours.resolve(ScalarNode, value, (True, False)) == expected
        assert ours.resolve(ScalarNode, value, (False, True)) == "tag:yaml.org,2002:str"
    finally:
        ours.dispose()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("subject: Sửa lần một: Kết luận\n", "có dấu ':' ở chỗ không được phép"),
        ("members: - Nguyễn Văn An\n", "dòng '- ' của danh sách ở chỗ không được phép"),
    ],
)
def test_libyamls_words_for_a_misplaced_colon_or_dash_are_vietnamese(
    text: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.data.loader import load_text

    monkeypatch.setenv("DOCGEN_LANG", "vi")
    _, problems = load_text(text, "data/x.yaml")
    shown = "\n".join(p.format() for p in problems)
    assert said in shown, shown
    assert "allowed" not in shown and "context" not in shown
