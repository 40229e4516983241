"""Messages in Vietnamese by default: the catalogue covers every message, keeps its values,
and the command line speaks Vietnamese unless told otherwise."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.i18n import catalogue, translate
from tests.conftest import ROOT, make_workspace

sys.path.insert(0, str(ROOT / "tools"))
from messages import messages, template


def test_every_message_has_its_vietnamese() -> None:
    missing = sorted(set(messages()) - set(catalogue()))
    assert missing == [], "run: python tools/messages.py --missing"


def test_no_stale_entries() -> None:
    """Every entry is a message of the code, or a piece that messages carry as a value
    (such as 'a list' in "'x' must be text, not a list"): a string of the source, or of
    click's own help."""
    import ast

    import click

    strings: set[str] = set()
    for path in [
        *(ROOT / "src" / "docgen").rglob("*.py"),
        *Path(click.__file__).parent.glob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = template(node) if isinstance(node, ast.expr) else None
            if text:
                strings.add(text)
    known = set(messages())
    stale = [
        entry
        for entry in catalogue()
        if entry not in known and not any(entry.split("{}")[0] in text for text in strings)
    ]
    assert stale == []


def _names(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


# values a Vietnamese sentence leaves out on purpose: the law data's own note (English), to
# which the sentence points; the kind of certificate (an English id); a command line with
# English placeholders (the sentence writes its own); PyYAML's parser context and token names;
# click's number type (int, float)
_DROPPED = {"note", "kind", "command", "context", "found", "number_type"}


@pytest.mark.parametrize(("english", "vietnamese"), sorted(catalogue().items()))
def test_each_translation_keeps_the_values(english: str, vietnamese: str) -> None:
    named = _names(english)
    if named and all(n.isidentifier() for n in named) and "{}" not in english:
        # a message with named values (docgen.i18n.message): the same names, each kept
        assert _names(vietnamese) <= _names(english), (english, vietnamese)
        assert _names(english) - _names(vietnamese) <= _DROPPED, (english, vietnamese)
        return
    count = english.count("{}")
    fields = [f for _, f, _, _ in string.Formatter().parse(vietnamese) if f is not None]
    assert all(f.isdigit() and int(f) < count for f in fields), fields
    values = [f"<{i}>" for i in range(count)]
    shown = vietnamese.format(*values)
    # every value the English message carries is still shown (a plural ending may be dropped)
    kept = {int(f) for f in fields}
    assert kept >= set(range(count)) - _droppable(english), (english, vietnamese)
    assert "{" not in shown.replace("{{", "") or "{{" in english or "{%" in english


def _droppable(english: str) -> set[int]:
    """Values Vietnamese has no use for: an English plural ending ("entr{}", "document{}"),
    an English plural noun ("built 3 documents"), "is/are"."""
    pieces = english.split("{}")
    endings = {i for i in range(len(pieces) - 1) if pieces[i][-1:].isalpha()}
    if english.startswith("built {} {}"):
        endings.add(1)
    return endings


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("unknown school 'x'", "không có trường 'x'"),
        (
            "unknown issuer 'abc' (known: hvctqg, snv)",
            "không có cơ quan ban hành 'abc' (hiện có: hvctqg, snv)",
        ),
        (
            "'year' must be a whole number, not text 'hai'",
            "'year' phải là số nguyên, không phải văn bản 'hai'",
        ),
        ("required field 'date' is missing", "thiếu mục bắt buộc 'date'"),
        ("nothing of the kind", "nothing of the kind"),  # not a message: shown as it is
        # a list of choices inside a message is joined in Vietnamese; a whole message the
        # catalogue lacks is never half translated
        (
            "'x' must be text or a whole number, not nothing",
            "'x' phải là văn bản hoặc số nguyên, không phải để trống",
        ),
        ("keep this or that", "keep this or that"),
        ("", ""),
    ],
)
def test_translate(english: str, expected: str) -> None:
    assert translate(english, "vi") == expected
    assert translate(english, "en") == english


def test_the_command_line_speaks_vietnamese_by_default(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    spec = ws / "data/documents/ke-hoach-2024.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("issuer: hvctqg", "issuer: khong-co"),
        encoding="utf-8",
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "DOCGEN_LANG"}
    run = [sys.executable, "-m", "docgen", "-C", str(ws), "validate"]
    vi = subprocess.run(run, capture_output=True, text=True, env=env)
    en = subprocess.run(
        [*run[:-1], "--lang", "en", "validate"], capture_output=True, text=True, env=env
    )
    assert vi.returncode == en.returncode == 2
    location = re.search(r"data/documents/ke-hoach-2024.yaml:\d+:\d+: ", vi.stderr)
    assert location, vi.stderr
    assert location.group(0) + "lỗi[DATA-REF]: không có cơ quan ban hành 'khong-co'" in vi.stderr
    assert location.group(0) + "error[DATA-REF]: unknown issuer 'khong-co'" in en.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "docgen", "-C", str(ROOT), "validate"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert ok.stdout.startswith("dữ liệu hợp lệ: "), ok.stdout


def test_help_is_vietnamese_by_default_and_english_on_request() -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "DOCGEN_LANG"}
    run = [sys.executable, "-m", "docgen"]
    vi = subprocess.run(
        [*run, "register", "void", "--help"], capture_output=True, text=True, env=env
    )
    assert "Cách dùng:" in vi.stdout and "Tùy chọn:" in vi.stdout
    assert "Lý do hủy số (được lưu trong sổ đăng ký).  [bắt buộc]" in vi.stdout
    en = subprocess.run(
        [*run, "--lang", "en", "register", "void", "--help"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "Why the number is voided (kept in the register).  [required]" in en.stdout
    top = subprocess.run([*run, "--help"], capture_output=True, text=True, env=env)
    assert "Kiểm tra toàn bộ dữ liệu trong data/" in top.stdout  # the command list too


def test_the_catalogue_is_read_from_its_json_copy_and_a_bad_copy_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from docgen import i18n

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = Path(i18n.__file__).parent / "locale" / "vi.yaml"
    expected = {str(k): str(v) for k, v in yaml.safe_load(source.read_text("utf-8")).items()}
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue() == expected
        (copy,) = (tmp_path / "docgen").glob("vi-*.json")
        # the copy is what is read next time
        copy.write_text('{"yes": "COPY"}', encoding="utf-8")
        i18n.catalogue.cache_clear()
        assert i18n.catalogue() == {"yes": "COPY"}
        # a damaged copy is not used, and is made again
        copy.write_text("{not json", encoding="utf-8")
        i18n.catalogue.cache_clear()
        assert i18n.catalogue() == expected
        assert json.loads(copy.read_text(encoding="utf-8")) == expected
    finally:
        i18n.catalogue.cache_clear()
