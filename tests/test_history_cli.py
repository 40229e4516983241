"""`docgen history` (issue 26): the versions the web app's saves, the imports and the restores
recorded, seen, compared and restored from the command line — and an issued document's data
never put back to an older version."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from docgen.api import build
from docgen.cli.main import cli
from docgen.data.history import History, sha_of
from docgen.register.audit import acting_as, current_actor
from docgen.vn.times import moment_text
from docgen.web.saving import save_data
from tests.conftest import make_workspace
from tests.register.conftest import blank_url, fresh_pg_url, pg_url, register_url
from tests.support.lists import exported_list
from tests.test_no_english import problems

__all__ = ["blank_url", "fresh_pg_url", "pg_url", "register_url"]  # the register's fixtures

SPEC = "data/documents/thong-bao-snv-ket-luan.yaml"
PROPOSAL = "data/proposals/2024/lao-cai.yaml"
LOCAL_TIME = r"\d\d:\d\d ngày \d\d/\d\d/20\d\d"


def docgen(root: Path, *args: str, vietnamese: bool = False, stdin: str | None = None):  # type: ignore[no-untyped-def]
    """``docgen -C root ARGS…`` through click's runner: English (the tests' language), or
    Vietnamese as under LANG=vi_VN.UTF-8 with no DOCGEN_LANG (the clerk's default)."""
    env = {"DOCGEN_LANG": None, "LANG": "vi_VN.UTF-8"} if vietnamese else {"DOCGEN_LANG": "en"}
    return CliRunner().invoke(cli, ["-C", str(root), *args], env=env, input=stdin)


def _save(root: Path, relpath: str, text: str) -> None:
    """A clerk's save in the web app's form (web:lan), through the web's one way of saving."""
    with acting_as("web:lan"):
        opened = root / relpath
        save_data(root, relpath, text, action="save", opened_sha=sha_of(opened.read_text("utf-8")))


def _import_edited_list(root: Path) -> None:
    """`docgen import nominees` of the school's list, one person's position changed."""
    sheet = root / "lao-cai.xlsx"
    listed = exported_list(root, sheet)
    listed.cell(listed.people[0], "Chức vụ").value = "Phó Giám đốc Trung tâm mới"
    listed.book.save(sheet)
    result = docgen(
        root, "import", "nominees", str(sheet), "--year", "2024", "--body", "lao-cai", "--force"
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The example workspace with a form's save of a document's data, then an import."""
    root = make_workspace(tmp_path)
    spec = (root / SPEC).read_text(encoding="utf-8")
    assert "\nsubject: " in spec
    _save(root, SPEC, spec.replace("\nsubject: ", "\nsubject: Sửa lần một, ", 1))
    _import_edited_list(root)
    return root


def _ids(root: Path, relpath: str) -> list[int]:
    return [v.id for v in History(root).versions(relpath)]


def test_the_files_with_versions_are_listed_newest_first(root: Path) -> None:
    history = History(root)
    imported, saved = history.recorded()
    english = docgen(root, "history")
    assert english.exit_code == 0, english.output
    lines = english.stdout.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(
        rf"{PROPOSAL} +2 versions +{moment_text(imported.at)}  {re.escape(current_actor())}"
        r"  \(import\)",
        lines[0],
    ), lines
    assert re.fullmatch(
        rf"{SPEC}  2 versions +{moment_text(saved.at)}  web:lan  \(save\)", lines[1]
    ), lines

    vietnamese = docgen(root, "history", vietnamese=True)
    assert vietnamese.exit_code == 0
    lines = vietnamese.stdout.splitlines()
    assert re.match(rf"{PROPOSAL} +2 phiên bản  {LOCAL_TIME}  ", lines[0]), lines
    assert lines[0].endswith("  (Nhập danh sách)")
    assert re.search(rf"2 phiên bản +{LOCAL_TIME}  lan  \(Lưu\)$", lines[1]), lines
    assert problems(vietnamese.output, ids=False) == []


def test_a_files_versions_say_when_who_what_and_how_many_lines(root: Path) -> None:
    saved, found = _ids(root, SPEC)
    english = docgen(root, "history", SPEC)
    assert english.exit_code == 0, english.output
    lines = english.stdout.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(rf"{saved}  \S+ ngày \S+  web:lan +save +\+1 -1", lines[0]), lines
    count = len((root / SPEC).read_text(encoding="utf-8").splitlines())
    assert re.fullmatch(
        rf"{found}  \S+ ngày \S+  \(outside docgen\) +edit-outside +\+{count} -0", lines[1]
    ), lines

    vietnamese = docgen(root, "history", PROPOSAL, vietnamese=True).stdout.splitlines()
    assert re.search(
        rf"{LOCAL_TIME}  {re.escape(current_actor())} +Nhập danh sách +\+\d+ -\d+$", vietnamese[0]
    ), vietnamese
    # the school's file as docgen first found it, as the web page names it
    assert re.search(
        r"tệp có sẵn trước khi ghi lịch sử +Bản đầu tiên được lưu lại +\+\d+ -0$", vietnamese[1]
    ), vietnamese
    assert problems("\n".join(vietnamese), ids=False) == []


def test_show_prints_the_stored_version(root: Path) -> None:
    saved, found = _ids(root, SPEC)
    history = History(root)
    shown = docgen(root, "history", SPEC, "--show", str(found))
    assert shown.exit_code == 0
    assert shown.stdout == history.read(found)
    assert "\nsubject: Sửa lần một, " not in shown.stdout
    current = docgen(root, "history", SPEC, "--show", str(saved)).stdout
    assert current == (root / SPEC).read_text(encoding="utf-8")


def test_diff_shows_the_lines_changed(root: Path) -> None:
    saved, found = _ids(root, SPEC)
    subject = next(
        line for line in History(root).read(found).splitlines() if line.startswith("subject: ")
    )
    changed = subject.replace("subject: ", "subject: Sửa lần một, ", 1)
    against_now = docgen(root, "history", SPEC, "--diff", str(found))
    assert against_now.exit_code == 0, against_now.output
    lines = against_now.stdout.splitlines()
    assert re.fullmatch(rf"--- {SPEC}  version {found} of {LOCAL_TIME}", lines[0]), lines
    assert lines[1] == f"+++ {SPEC}  the file as it is now"
    assert [line for line in lines[2:] if line[:1] in "+-"] == [f"-{subject}", f"+{changed}"]
    assert any(re.fullmatch(r"@@ \d+ unchanged lines @@", line) for line in lines)
    # the current file is the form's save: against it by number, the same lines
    between = docgen(root, "history", SPEC, "--diff", str(found), str(saved)).stdout
    when = moment_text(History(root).version(saved).at)
    assert between.splitlines()[1] == f"+++ {SPEC}  version {saved} of {when}"
    assert between.splitlines()[2:] == lines[2:]
    same = docgen(root, "history", SPEC, "--diff", str(saved))
    assert same.stdout.splitlines()[-1] == "no difference between the two"

    vietnamese = docgen(root, "history", SPEC, "--diff", str(found), vietnamese=True).stdout
    assert f"+++ {SPEC}  tệp hiện tại" in vietnamese
    assert re.search(rf"--- {SPEC}  phiên bản {found} lúc {LOCAL_TIME}", vietnamese)
    assert re.search(r"@@ \d+ dòng không đổi @@", vietnamese)


def test_restore_asks_then_writes_the_old_version_as_a_new_one(root: Path) -> None:
    saved, found = _ids(root, SPEC)
    spec = root / SPEC
    edited = spec.read_text(encoding="utf-8")
    original = History(root).read(found)

    declined = docgen(root, "history", SPEC, "--restore", str(found), vietnamese=True, stdin="n\n")
    assert declined.exit_code == 1
    assert f"Khôi phục {SPEC} về phiên bản {found} (" in declined.stdout
    assert "Tệp hiện tại vẫn được giữ trong lịch sử" in declined.stdout
    assert "Đã dừng." in declined.stderr
    assert spec.read_text(encoding="utf-8") == edited
    assert _ids(root, SPEC) == [saved, found]

    done = docgen(root, "history", SPEC, "--restore", str(found), vietnamese=True, stdin="y\n")
    assert done.exit_code == 0, done.output
    restored = _ids(root, SPEC)[0]
    assert done.stdout.splitlines()[-1] == (
        f"đã khôi phục {SPEC} về phiên bản {found}: tệp nay là phiên bản {restored}"
    )
    assert spec.read_text(encoding="utf-8") == original
    assert problems(done.output, ids=False) == []
    latest = History(root).versions(SPEC)[0]
    assert (latest.action, latest.who) == ("restore", current_actor())
    listed = docgen(root, "history", SPEC, vietnamese=True).stdout.splitlines()
    assert re.search(r"Khôi phục +\+1 -1$", listed[0]), listed

    again = docgen(root, "history", SPEC, "--restore", str(found), "--yes")
    assert again.exit_code == 0
    assert again.stdout == f"{SPEC} already holds version {found}: nothing to restore\n"
    # --yes: no question asked; back to the form's save
    back = docgen(root, "history", SPEC, "--restore", str(saved), "--yes")
    assert back.exit_code == 0 and "Restore" not in back.output
    assert spec.read_text(encoding="utf-8") == edited


def test_restore_is_refused_when_the_file_changed_meanwhile(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved, found = _ids(root, SPEC)
    spec = root / SPEC
    theirs = spec.read_text(encoding="utf-8") + "# sửa trong lúc chờ xác nhận\n"

    def a_colleague_saves_while_asked(*args: object, **kwargs: object) -> bool:
        _save(root, SPEC, theirs)  # the other clerk's save, through the web's own path
        return True

    monkeypatch.setattr(click, "confirm", a_colleague_saves_while_asked)
    refused = docgen(root, "history", SPEC, "--restore", str(found), vietnamese=True)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"{SPEC}: lỗi[HISTORY-CONFLICT]: tệp {SPEC} đã bị thay đổi trong lúc chờ xác nhận "
        "khôi phục: chưa khôi phục gì\n"
        f"    gợi ý: hãy xem lại lịch sử của tệp (docgen history {SPEC}) rồi khôi phục lại nếu "
        "vẫn cần\n"
    )
    assert spec.read_text(encoding="utf-8") == theirs
    assert History(root).versions(SPEC)[0].action == "save"  # theirs, and no restore after
    assert _ids(root, SPEC)[1:] == [saved, found]


def test_an_issued_documents_data_is_not_restored(tmp_path: Path, register_url: str) -> None:
    """The same refusal as the web's (docgen.data.history.frozen_refusal), on both registers;
    once the number is voided, the data may go back."""
    root = make_workspace(tmp_path / "ws")
    (issued,) = build(
        root, tmp_path / "out", register=register_url, only=["thong-bao-snv-ket-luan"]
    ).documents
    assert issued.symbol == "01/TB-SNV"
    spec = root / SPEC
    _save(root, SPEC, spec.read_text(encoding="utf-8") + "# sửa sau khi ban hành\n")
    edited = spec.read_text(encoding="utf-8")
    saved, found = _ids(root, SPEC)

    english = docgen(
        root, "--register", register_url, "history", SPEC, "--restore", str(found), "--yes"
    )
    assert english.exit_code == 2
    assert english.stderr.startswith(
        f"{SPEC}: error[HISTORY-FROZEN]: document 01/TB-SNV has been issued: an issued document "
        "stays as it was"
    )
    vietnamese = docgen(
        root,
        "history",
        SPEC,
        "--restore",
        str(found),
        "--yes",
        "--register",
        register_url,
        vietnamese=True,
    )
    assert vietnamese.exit_code == 2
    assert (
        "lỗi[HISTORY-FROZEN]: Văn bản số 01/TB-SNV đã được cấp số và ban hành: văn bản đã ban "
        "hành được giữ nguyên" in vietnamese.stderr
    )
    assert "hãy làm một văn bản đính chính, sửa đổi hoặc thay thế" in vietnamese.stderr
    assert problems(vietnamese.output, ids=False) == []
    assert spec.read_text(encoding="utf-8") == edited
    assert _ids(root, SPEC) == [saved, found]

    voided = docgen(
        root,
        "--register",
        register_url,
        "register",
        "void",
        "snv-nghe-an",
        "01/TB-SNV",
        "--reason",
        "Ký nhầm người ký",
    )
    assert voided.exit_code == 0, voided.output
    allowed = docgen(
        root, "--register", register_url, "history", SPEC, "--restore", str(found), "-y"
    )
    assert allowed.exit_code == 0, allowed.output
    assert spec.read_text(encoding="utf-8") == History(root).read(found)


def test_what_cannot_be_done_is_said_with_the_file_named(tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    none_yet = docgen(root, "history", vietnamese=True)
    assert none_yet.exit_code == 2
    assert none_yet.stderr.startswith(
        "lỗi[HISTORY-NONE]: thư mục làm việc này chưa ghi lại phiên bản nào "
        "(chưa có .docgen/history.sqlite)\n"
    )
    assert docgen(root, "history", SPEC).exit_code == 2
    assert not (root / ".docgen").exists()  # looking writes nothing

    _save(root, SPEC, (root / SPEC).read_text(encoding="utf-8") + "# một dòng\n")
    unknown = docgen(root, "history", "data/documents/khong-co.yaml", vietnamese=True)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        "data/documents/khong-co.yaml: lỗi[HISTORY-NOT-FOUND]: tệp data/documents/khong-co.yaml "
        "chưa có phiên bản nào được ghi lại"
    )
    no_version = docgen(root, "history", SPEC, "--show", "999")
    assert no_version.exit_code == 2
    assert no_version.stderr.startswith(
        f"{SPEC}: error[HISTORY-NOT-FOUND]: {SPEC} has no version 999 "
    )
    assert "Traceback" not in no_version.output
    outside = docgen(root, "history", "../../etc/passwd", vietnamese=True)
    assert outside.exit_code == 2 and "lỗi[HISTORY-PATH]" in outside.stderr
    # the clerk's data files only, as the web's pages: never the register copied in
    register = docgen(root, "history", "register.sqlite", vietnamese=True)
    assert register.exit_code == 2
    assert register.stderr.startswith(
        "register.sqlite: lỗi[HISTORY-PATH]: register.sqlite không phải là tệp dữ liệu"
    )
    assert [v.relpath for v in History(root).recorded()] == [SPEC]
    both = docgen(root, "history", SPEC, "--show", "1", "--diff", "1", vietnamese=True)
    assert both.exit_code == 2
    assert "chỉ dùng một trong các tùy chọn --show, --diff và --restore" in both.stderr
    # a path as given from the current folder, and the global options after the command
    given = CliRunner().invoke(cli, ["history", str(root / SPEC), "-C", str(root)])
    assert given.exit_code == 0, given.output
    assert len(given.stdout.splitlines()) == 2
    for result in (none_yet, unknown, outside, register, both):
        assert problems(result.output, ids=False) == [], result.output
