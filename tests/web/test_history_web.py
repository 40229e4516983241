"""History and undo in the browser (issue 26): an import shows its difference and waits for
the clerk's confirmation, the file it replaces stays restorable; an issued document's data is
not put back to an older version."""

from __future__ import annotations

import re
from pathlib import Path

from docgen.api import build
from docgen.data.history import History
from tests.support.lists import exported_list
from tests.web.conftest import ClientFactory, csrf_of, post_form, void_number

PROPOSAL = "data/proposals/2024/lao-cai.yaml"
LOCAL_TIME = re.compile(r"\d\d:\d\d ngày \d\d/\d\d/20\d\d")


def _edited_list(root: Path) -> tuple[Path, str, str]:
    """The school's list exported, one person's position changed and another row removed:
    (the workbook, the name changed, the name removed)."""
    listed = exported_list(root, root / "lao-cai.xlsx")
    changed_row, removed_row = listed.people[0], listed.people[1]
    changed = str(listed.cell(changed_row, "Họ và tên / Tên tập thể").value)
    removed = str(listed.cell(removed_row, "Họ và tên / Tên tập thể").value)
    listed.cell(changed_row, "Chức vụ").value = "Phó Giám đốc Trung tâm mới"
    listed.sheet.delete_rows(removed_row)
    edited = root / "lao-cai-sua.xlsx"
    listed.book.save(edited)
    return edited, changed, removed


def _upload(client, workbook: Path):  # type: ignore[no-untyped-def]
    return post_form(
        client,
        "/import",
        "/import",
        {"year": "2024", "school": "lao-cai"},
        files={"file": ("Danh sách Lào Cai.xlsx", workbook.read_bytes())},
    )


def test_an_import_shows_its_difference_then_is_confirmed_then_undone(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """Before: the upload replaced the school's file at once (force=True), with no difference
    shown and no copy of the file it replaced."""
    proposal = fresh_root / PROPOSAL
    before = proposal.read_text(encoding="utf-8")
    workbook, changed, removed = _edited_list(fresh_root)
    client = client_for(fresh_root, "lan")

    shown = _upload(client, workbook)
    assert shown.status_code == 200, shown.text
    page = shown.text
    assert "Xác nhận nhập danh sách" in page and "chưa được nhập" in page
    assert "Bỏ 1 dòng" in page and removed in page
    assert "Sửa 1 dòng" in page and f"{changed}" in page and "sửa Chức vụ" in page
    assert "Phó Giám đốc Trung tâm mới" in page  # the line diff
    assert proposal.read_text(encoding="utf-8") == before  # nothing written yet

    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    done = client.post(
        "/import/confirm",
        data={"csrf_token": csrf_of(page), "token": token.group(1), "confirm": "1"},
    )
    assert done.status_code == 200, done.text
    assert "Đã nhập Danh sách Lào Cai.xlsx" in done.text
    assert f'href="/history/{PROPOSAL}"' in done.text
    after = proposal.read_text(encoding="utf-8")
    assert after != before and "Phó Giám đốc Trung tâm mới" in after and removed not in after
    # the token is spent: confirming again imports nothing more
    again = client.post(
        "/import/confirm", data={"csrf_token": csrf_of(page), "token": token.group(1)}
    )
    assert again.status_code == 404 and "Hãy tải tệp danh sách lên lại" in again.text

    history = client.get(f"/history/{PROPOSAL}").text
    assert "Nhập danh sách" in history and "lan" in history
    assert "Danh sách đề nghị khen thưởng của Trường Chính trị tỉnh Lào Cai năm 2024" in history
    assert "Bản đầu tiên được lưu lại" in history  # the file as it was before the import
    assert LOCAL_TIME.search(history)
    assert "T" not in "".join(re.findall(r"\d{4}-\d\d-\d\dT", history))
    old = History(fresh_root).versions(PROPOSAL)[-1]
    assert old.action == "edit-outside"

    confirm = client.get(f"/history/{PROPOSAL}?restore={old.id}")
    assert confirm.status_code == 200 and "Xác nhận khôi phục" in confirm.text
    assert proposal.read_text(encoding="utf-8") == after  # a confirmation page only
    current_sha = re.search(r'name="current_sha" value="([^"]+)"', confirm.text)
    assert current_sha is not None
    restored = client.post(
        f"/history/{PROPOSAL}",
        data={
            "csrf_token": csrf_of(confirm.text),
            "version": str(old.id),
            "current_sha": current_sha.group(1),
        },
    )
    assert restored.status_code == 200 and "Đã khôi phục" in restored.text
    assert proposal.read_text(encoding="utf-8") == before
    assert [v.action for v in History(fresh_root).versions(PROPOSAL)] == [
        "restore",
        "import",
        "edit-outside",
    ]
    # a version compared names what each side was, the first one as found (not an edit)
    compare = client.get(
        f"/history/{PROPOSAL}?old={old.id}&new={History(fresh_root).versions(PROPOSAL)[1].id}"
    ).text
    assert "Phó Giám đốc Trung tâm mới" in compare and 'class="added"' in compare
    assert "Bản đầu tiên được lưu lại" in compare and "ngoài docgen" not in compare


def test_an_import_the_clerk_cancels_or_that_went_stale_writes_nothing(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    proposal = fresh_root / PROPOSAL
    before = proposal.read_text(encoding="utf-8")
    workbook, _, _ = _edited_list(fresh_root)
    client = client_for(fresh_root, "lan")

    page = _upload(client, workbook).text
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    cancelled = client.post(
        "/import/confirm",
        data={"csrf_token": csrf_of(page), "token": token.group(1), "cancel": "1"},
    )
    assert "Đã hủy: danh sách hiện có" in cancelled.text
    assert proposal.read_text(encoding="utf-8") == before

    page = _upload(client, workbook).text
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    proposal.write_text(before + "# sửa tay\n", encoding="utf-8")  # someone edits meanwhile
    stale = client.post(
        "/import/confirm",
        data={"csrf_token": csrf_of(page), "token": token.group(1), "confirm": "1"},
    )
    assert stale.status_code == 409
    assert "đã bị thay đổi sau khi anh/chị xem phần khác biệt" in stale.text
    assert proposal.read_text(encoding="utf-8") == before + "# sửa tay\n"


SPEC = "thong-bao-snv-ket-luan"


def test_an_issued_documents_data_is_not_restored_to_an_older_version(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    (issued,) = build(fresh_root, only=[SPEC]).documents
    relpath = f"data/documents/{SPEC}.yaml"
    spec_file = fresh_root / relpath
    original = spec_file.read_text(encoding="utf-8")
    history = History(fresh_root)
    history.write(relpath, original + "# sửa sau khi ban hành\n", who="web:lan", action="save")
    first = history.versions(relpath)[-1]
    client = client_for(fresh_root, "lan")

    document = client.get(f"/documents/{SPEC}").text
    assert f'href="/history/{relpath}"' in document
    page = client.get(f"/history/{relpath}").text
    assert "Sổ đăng ký của văn bản" in page and issued.symbol in page and "Đã cấp số" in page
    assert "Cấp số" in page  # the register's act, on the same page

    refused = client.get(f"/history/{relpath}?restore={first.id}")
    assert refused.status_code == 409
    assert f"Văn bản số {issued.symbol} đã được cấp số và ban hành" in refused.text
    assert "văn bản đính chính, sửa đổi hoặc thay thế" in refused.text
    assert "Xác nhận khôi phục" not in refused.text
    posted = client.post(
        f"/history/{relpath}",
        data={"csrf_token": csrf_of(page), "version": str(first.id), "current_sha": ""},
    )
    assert posted.status_code == 409 and "đã được cấp số và ban hành" in posted.text
    assert spec_file.read_text(encoding="utf-8") == original + "# sửa sau khi ban hành\n"

    # voided, the number no longer freezes the data; the void shows on the same page
    voided = void_number(
        client, {"issuer": "snv-nghe-an", "number": issued.symbol, "reason": "Ký nhầm người ký"}
    )
    assert voided.status_code == 200
    page = client.get(f"/history/{relpath}").text
    assert "Đã hủy số" in page and "Ký nhầm người ký" in page
    assert client.get(f"/history/{relpath}?restore={first.id}").status_code == 200


def test_a_reader_sees_the_history_but_may_not_restore(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    history = History(fresh_root)
    first = history.write(PROPOSAL, "a: 1\n", who="web:lan", action="save")
    history.write(PROPOSAL, "a: 2\n", who="web:lan", action="save")
    reader = client_for(fresh_root, "minh")
    page = reader.get(f"/history/{PROPOSAL}").text
    assert "Lưu" in page and "Khôi phục" not in page
    refused = reader.post(
        f"/history/{PROPOSAL}",
        data={"csrf_token": csrf_of(page), "version": str(first.id)},
    )
    assert refused.status_code == 403
    assert (fresh_root / PROPOSAL).read_text(encoding="utf-8") == "a: 2\n"
    assert reader.get("/history/../etc/passwd").status_code == 404
    for elsewhere in ("register.sqlite", "output/x.docx", ".docgen/users.yaml"):
        assert reader.get(f"/history/{elsewhere}").status_code == 404, elsewhere
    assert "Lịch sử thay đổi các tệp dữ liệu" in reader.get("/data").text
