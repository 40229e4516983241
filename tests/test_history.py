"""The history of the workspace's files (issue 26, "History and undo"): docgen.data.history."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from docgen.data.history import (
    ABSENT,
    ConflictError,
    History,
    HistoryError,
    HistoryLimits,
    diff_lines,
    sha_of,
)

REL = "data/documents/cv-01.yaml"


def _history(root: Path, **limits: int) -> History:
    values = {"max_versions_per_file": 200, "max_bytes_per_file": 1 << 20, "context_lines": 3}
    values.update(limits)
    ticks = iter(range(10_000))
    start = datetime(2026, 12, 7, 1, 30, tzinfo=UTC)
    return History(
        root, limits=HistoryLimits(**values), clock=lambda: start + timedelta(minutes=next(ticks))
    )


def _actions(h: History, rel: str = REL) -> list[tuple[str, str]]:
    return [(v.action, v.who) for v in h.versions(rel)]


# (steps, expected versions newest first, expected file content or None)
# a step: ("write", text, who, action) | ("outside", text) | ("remove",) | ("delete", who)
CASES = {
    "a new file is a create": (
        [("write", "a: 1\n", "lan", "save")],
        [("create", "lan")],
        "a: 1\n",
    ),
    "a file found is recorded before it is replaced": (
        [("outside", "a: 1\n"), ("write", "a: 2\n", "lan", "save")],
        [("save", "lan"), ("edit-outside", "")],
        "a: 2\n",
    ),
    "an edit by hand between two saves is kept": (
        [
            ("write", "a: 1\n", "lan", "save"),
            ("outside", "a: 9\n"),
            ("write", "a: 2\n", "mai", "save"),
        ],
        [("save", "mai"), ("edit-outside", ""), ("create", "lan")],
        "a: 2\n",
    ),
    "the same content twice is one version": (
        [("write", "a: 1\n", "lan", "save"), ("write", "a: 1\n", "mai", "save")],
        [("create", "lan")],
        "a: 1\n",
    ),
    "an import": (
        [("outside", "a: 1\n"), ("write", "a: 2\n", "lan", "import")],
        [("import", "lan"), ("edit-outside", "")],
        "a: 2\n",
    ),
    "a delete keeps the content": (
        [("write", "a: 1\n", "lan", "save"), ("delete", "mai")],
        [("delete", "mai"), ("create", "lan")],
        None,
    ),
    "a file removed by hand is noticed": (
        [("write", "a: 1\n", "lan", "save"), ("remove",)],
        [("delete", ""), ("create", "lan")],
        None,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_store(tmp_path: Path, name: str) -> None:
    steps, expected, content = CASES[name]
    h = _history(tmp_path)
    path = tmp_path / REL
    path.parent.mkdir(parents=True)
    for step in steps:
        if step[0] == "write":
            h.write(REL, step[1], who=step[2], action=step[3])
        elif step[0] == "outside":
            path.write_text(step[1], encoding="utf-8")
        elif step[0] == "remove":
            path.unlink()
        elif step[0] == "delete":
            h.delete(REL, who=step[1])
    assert _actions(h) == expected
    if content is None:
        assert not path.exists()
    else:
        assert path.read_text(encoding="utf-8") == content


def test_versions_keep_content_who_and_time(tmp_path: Path) -> None:
    h = _history(tmp_path)
    first = h.write(REL, "a: 1\n", who="lan", action="save")
    second = h.write(REL, "a: 2\n", who="mai", action="save")
    assert [v.id for v in h.versions(REL)] == [second.id, first.id]
    assert h.read(first.id) == "a: 1\n" and h.read(second.id) == "a: 2\n"
    assert second.sha == sha_of("a: 2\n") and second.size == 5
    assert first.at == datetime(2026, 12, 7, 1, 30, tzinfo=UTC)
    assert second.at.tzinfo is not None and second.at > first.at


@pytest.mark.parametrize(
    ("expected", "refused"),
    [
        ("the content opened", False),
        ("changed meanwhile", True),
        ("absent", True),  # the clerk made a new file, but one exists by now
    ],
)
def test_expected_sha(tmp_path: Path, expected: str, refused: bool) -> None:
    h = _history(tmp_path)
    opened = h.write(REL, "a: 1\n", who="lan", action="save")
    sha = {"the content opened": opened.sha, "absent": ABSENT}.get(expected, opened.sha)
    if expected == "changed meanwhile":
        h.write(REL, "a: 2\n", who="mai", action="save")
    if refused:
        with pytest.raises(ConflictError, match="changed by someone else"):
            h.write(REL, "a: 3\n", who="lan", action="save", expected_sha=sha)
        assert (tmp_path / REL).read_text(encoding="utf-8") != "a: 3\n"
    else:
        h.write(REL, "a: 3\n", who="lan", action="save", expected_sha=sha)
        assert (tmp_path / REL).read_text(encoding="utf-8") == "a: 3\n"


def test_concurrent_saves_from_the_same_version_one_wins(tmp_path: Path) -> None:
    """Two clerks opened the same content and save at once: one save is written, the other is
    refused, and the history holds exactly the winner."""
    h = _history(tmp_path)
    opened = h.write(REL, "a: 0\n", who="lan", action="save")
    outcomes: dict[str, str] = {}
    barrier = threading.Barrier(8)

    def save(who: str) -> None:
        barrier.wait()
        try:
            History(tmp_path).write(
                REL, f"a: {who}\n", who=who, action="save", expected_sha=opened.sha
            )
            outcomes[who] = "saved"
        except ConflictError:
            outcomes[who] = "refused"

    threads = [threading.Thread(target=save, args=(f"u{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [w for w, o in outcomes.items() if o == "saved"]
    assert len(winners) == 1 and len(outcomes) == 8
    assert (tmp_path / REL).read_text(encoding="utf-8") == f"a: {winners[0]}\n"
    assert _actions(h) == [("save", winners[0]), ("create", "lan")]


def test_delete_then_restore(tmp_path: Path) -> None:
    h = _history(tmp_path)
    first = h.write(REL, "a: 1\n", who="lan", action="save")
    h.write(REL, "a: 2\n", who="lan", action="save")
    gone = h.delete(REL, who="mai")
    assert h.read(gone.id) == "a: 2\n"
    h.restore(REL, gone.id, who="mai")
    assert (tmp_path / REL).read_text(encoding="utf-8") == "a: 2\n"
    h.restore(REL, first.id, who="lan")
    assert (tmp_path / REL).read_text(encoding="utf-8") == "a: 1\n"
    assert [a for a, _ in _actions(h)] == ["restore", "restore", "delete", "save", "create"]


def test_restore_refuses_another_files_version(tmp_path: Path) -> None:
    h = _history(tmp_path)
    other = h.write("data/x.yaml", "x: 1\n", who="lan", action="save")
    with pytest.raises(HistoryError, match=r"is a version of data/x\.yaml"):
        h.restore(REL, other.id, who="lan")


@pytest.mark.parametrize(
    "relpath", ["../outside.yaml", "/etc/passwd", "data/../../x", ".docgen/users.yaml", ""]
)
def test_paths_outside_the_workspace_are_refused(tmp_path: Path, relpath: str) -> None:
    with pytest.raises(HistoryError) as caught:
        _history(tmp_path).write(relpath, "x", who="lan", action="save")
    assert caught.value.code == "HISTORY-PATH"


@pytest.mark.parametrize(
    ("limits", "saves", "kept"),
    [
        ({"max_versions_per_file": 3}, 10, 3),
        ({"max_bytes_per_file": 20}, 10, 4),  # 5 bytes each: four fit in 20
        ({"max_bytes_per_file": 1}, 3, 1),  # the newest is always kept
    ],
)
def test_bounds(tmp_path: Path, limits: dict[str, int], saves: int, kept: int) -> None:
    h = _history(tmp_path, **limits)
    made = [h.write(REL, f"a: {i}\n", who="lan", action="save") for i in range(saves)]
    versions = h.versions(REL)
    assert [v.id for v in versions] == [v.id for v in made[::-1][:kept]]
    with pytest.raises(HistoryError, match="no version"):
        h.read(made[0].id)
    with sqlite3.connect(h.path) as con:
        assert con.execute("SELECT count(*) FROM blobs").fetchone()[0] == kept


@pytest.mark.parametrize(
    ("old", "new", "context", "expected"),
    [
        ("a\nb\nc", "a\nB\nc", None, ["  a", "- b", "+ B", "  c"]),
        ("", "a\nb", None, ["+ a", "+ b"]),
        (
            "1\n2\n3\n4\n5\n6\n7\n8\n9",
            "1\n2\n3\n4\nX\n6\n7\n8\n9",
            1,
            ["…3", "  4", "- 5", "+ X", "  6", "…3"],
        ),
        ("1\n2\n3\n4", "1\n2\n3\n4", 1, ["…4"]),
    ],
)
def test_diff_lines(old: str, new: str, context: int | None, expected: list[str]) -> None:
    shown = [
        f"…{d.count}"
        if d.kind == "skip"
        else {"same": " ", "added": "+", "removed": "-"}[d.kind] + " " + d.text
        for d in diff_lines(old.splitlines(), new.splitlines(), context=context)
    ]
    assert shown == expected


def test_diff_of_versions_numbers_lines(tmp_path: Path) -> None:
    h = _history(tmp_path)
    a = h.write(REL, "x: 1\ny: 2\n", who="lan", action="save")
    b = h.write(REL, "x: 1\ny: 3\n", who="lan", action="save")
    lines = h.diff(a.id, b.id)
    assert [(d.kind, d.old_no, d.new_no) for d in lines] == [
        ("same", 1, 1),
        ("removed", 2, None),
        ("added", None, 2),
    ]
    assert [d.kind for d in h.diff(None, a.id)] == ["added", "added"]


def test_the_cli_import_keeps_the_file_it_replaces(tmp_path: Path) -> None:
    """Before: `docgen import nominees --force` replaced the school's file and kept no copy."""
    import openpyxl

    from docgen.excel.nominees import export_nominees
    from tests.conftest import make_workspace
    from tests.support.cli_run import run

    ws = make_workspace(tmp_path)
    rel = "data/proposals/2024/lao-cai.yaml"
    before = (ws / rel).read_text(encoding="utf-8")
    book = ws / "lc.xlsx"
    export_nominees(ws, 2024, "lao-cai", book)
    wb = openpyxl.load_workbook(book)
    wb["Danh sách"]["H5"] = "Thành tích mới của khoa."
    wb.save(book)
    code, out, err = run(ws, "import", "nominees", str(book), "--year", "2024", "--school",
                         "lao-cai", "--force")  # fmt: skip
    assert code == 0, err
    assert out.startswith(f"wrote {rel}")
    imported, found = History(ws).versions(rel)
    assert (found.action, found.who) == ("edit-outside", "")
    assert imported.action == "import" and "@" in imported.who  # user@host, as the register
    assert History(ws).read(found.id) == before
    assert "Thành tích mới của khoa." in (ws / rel).read_text(encoding="utf-8")


def test_a_link_leading_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("mật", encoding="utf-8")
    root = tmp_path / "ws"
    (root / "data").mkdir(parents=True)
    (root / "data" / "link.yaml").symlink_to(secret)
    with pytest.raises(HistoryError, match="leads outside the workspace"):
        _history(root).versions("data/link.yaml")
