"""A clerk's first day, continued (issue 26), in chromium through the real server, without
touching a file: she writes a Quyết định ban hành Quy chế, building its Chương and Điều by
clicking in the outline editor (a name forgotten, told beside its field, given), sees its pages
before a number is given and issues it; then a new Tờ trình đề nghị khen thưởng, whose list of
ten nominees she pastes from a spreadsheet, and issues it. With DOCGEN_SCREENSHOTS=DIR each
step's page is kept there as PNG (the README's pictures come from this run). The proposal's
path is also walked through the server's forms alone, without chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from docgen.register import open_register
from tests.web.conftest import ClientFactory
from tests.web.edit_support import form_fields
from tests.web.test_lists_edit import TEN, paste_into, submit, tsv
from tests.web.test_new_clerk_flow import _build_here, _shot, _texts, clerk_in_chromium


def _add_row(page: Any, outline: str, kind: str) -> None:
    """The outline editor's "Thêm dòng" with the kind of the new row chosen first."""
    page.select_option(f'select[name="{outline}@new"]', kind)
    page.click(f'button[name=op][value="{outline}@-1@add"]')
    page.wait_for_selector("#doc-form")


def _row_button(page: Any, outline: str, index: int, op: str) -> None:
    """One of a row's own buttons (→ indent, + add after, …)."""
    page.click(f'button[name=op][value^="{outline}@{index}@{op}"]')
    page.wait_for_selector("#doc-form")


def _fill_row(page: Any, outline: str, index: int, text: str, extra: str | None = None) -> None:
    page.fill(f'textarea[name="{outline}@{index}@text"]', text)
    if extra is not None:
        page.fill(f'input[name="{outline}@{index}@extra"]', extra)


def _new_form(page: Any, type_name: str, issuer: str) -> None:
    page.click("text=Soạn văn bản mới")
    page.click(f"a:text-is('{type_name}')")
    page.click(f"a:text-is('{issuer}')")
    page.wait_for_selector("#doc-form")


def _preview(page: Any) -> None:
    page.click("#preview-button")
    page.locator("#preview-pages img").first.wait_for(timeout=90_000)
    assert "chưa có số" in page.inner_text("#preview h2")
    page.locator("#preview").scroll_into_view_if_needed()


def _save_and_issue(page: Any, base: str) -> str:
    """Lưu, then the document's page and "Tạo văn bản này": the spec's id."""
    page.click("button[value=save]")
    page.wait_for_url("**/edit?saved=1")
    spec_id = str(page.url.split("/documents/")[1].split("/")[0])
    page.goto(f"{base}/documents/{spec_id}")
    assert "Xong" in _build_here(page)
    return spec_id


def _issued_text(root: Path, spec_id: str) -> str:
    book = open_register(root / "register.sqlite")
    entry = next(e for e in book.entries() if e.spec == f"data/documents/{spec_id}.yaml")
    assert entry.state == "issued" and entry.output is not None
    return _texts(root / entry.output)


QUY_CHE = [  # (Chương, [(Điều, its text, its khoản)])
    (
        "Quy định chung",
        [
            ("Phạm vi điều chỉnh", "Quy chế này quy định việc tiếp công dân tại Sở Nội vụ.", []),
            ("Đối tượng áp dụng", "Công chức, viên chức và người lao động của Sở.", []),
        ],
    ),
    (
        "Tổ chức tiếp công dân",
        [
            (
                "Lịch tiếp công dân",
                "",
                [
                    "Giám đốc Sở tiếp công dân định kỳ vào ngày 15 hằng tháng.",
                    "Văn phòng Sở tiếp công dân thường xuyên vào các ngày làm việc.",
                ],
            ),
        ],
    ),
]


@pytest.mark.browser
def test_a_decision_issuing_a_quy_che_built_by_clicking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "vi")  # the server speaks to her as to any clerk
    with clerk_in_chromium(tmp_path) as (root, base, page):
        _new_form(page, "Quyết định", "Sở Nội vụ tỉnh Nghệ An")
        page.fill("#f-subject", "Về việc ban hành Quy chế tiếp công dân của Sở Nội vụ")
        page.fill("#f-date", "2025-06-02")
        page.fill('input[name="bases@0@text"]', "Luật Tiếp công dân ngày 25 tháng 11 năm 2013")
        _fill_row(page, "body", 0, "", "Ban hành kèm theo Quyết định này Quy chế tiếp công dân.")
        _fill_row(page, "body", 1, "", "Quyết định này có hiệu lực kể từ ngày ký.")
        page.select_option("#f-attachment\\.type", "quy_che")
        # the Quy chế's body, row by row: a Chương, then each Điều moved into it (→)
        n = 0
        for chapter, articles in QUY_CHE:
            _add_row(page, "attachment.body", "chapter")
            _fill_row(page, "attachment.body", n, chapter)
            n += 1
            for title, text, clauses in articles:
                _add_row(page, "attachment.body", "article")
                _row_button(page, "attachment.body", n, "indent")
                _fill_row(page, "attachment.body", n, title, text)
                article = n
                n += 1
                for clause in clauses:  # "+" on the Điều adds a khoản inside it
                    _row_button(page, "attachment.body", article, "add")
                    _fill_row(page, "attachment.body", n, clause)
                    n += 1
        assert page.locator(".orow.k-chapter").count() == 2
        assert page.locator(".orow.k-article.lv-1").count() == 3
        assert page.locator(".orow.k-clause.lv-2").count() == 2
        page.locator('.orow[data-path="attachment.body@0"]').scroll_into_view_if_needed()
        _shot(page, "8-quy-che-outline")

        # she forgot the Quy chế's name: told beside its field, given
        page.click("#preview-button")
        beside = page.locator('ul.msg[data-for="attachment.subject"] li')
        beside.wait_for(timeout=30_000)
        assert beside.inner_text() == "“Tên văn bản kèm theo” không được để trống"
        page.locator('[data-path="attachment.subject"]').scroll_into_view_if_needed()
        _shot(page, "9-quy-che-error-beside-field")
        page.fill("#f-attachment\\.subject", "Tiếp công dân của Sở Nội vụ tỉnh Nghệ An")
        beside.wait_for(state="detached", timeout=15_000)

        _preview(page)
        assert page.locator("#preview-pages img").count() == 2  # the decision, the Quy chế
        page.locator("#preview-pages img").nth(1).scroll_into_view_if_needed()
        _shot(page, "10-quy-che-preview")
        spec_id = _save_and_issue(page, base)
        _shot(page, "11-quy-che-issued")

    text = _issued_text(root, spec_id)
    assert "QUY CHẾ" in text and "Tiếp công dân của Sở Nội vụ tỉnh Nghệ An" in text
    lines = [line.strip() for line in text.splitlines()]
    chapters = [line for line in lines if re.match(r"^Chương [IVX]+\b", line)]
    assert [c.split()[1] for c in chapters] == ["I", "II"], chapters
    # the Quy chế's articles numbered 1, 2, 3 without a gap (the decision's own come first)
    numbers = [int(m.group(1)) for line in lines if (m := re.match(r"^Điều (\d+)\.", line))]
    quy_che = numbers[numbers.index(1, 1) :]
    assert quy_che == [1, 2, 3], numbers
    for _, articles in QUY_CHE:
        for title, body, clauses in articles:
            assert title in text and body in text
            for i, clause in enumerate(clauses, 1):
                assert any(line.startswith(f"{i}. {clause}") for line in lines)


@pytest.mark.browser
def test_a_new_to_trinh_with_ten_nominees_pasted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    with clerk_in_chromium(tmp_path) as (root, base, page):
        page.click("text=Soạn văn bản mới")
        _shot(page, "12-to-trinh-type")
        page.click("a:text-is('Tờ trình đề nghị khen thưởng')")
        page.click("a:text-is('Trường Chính trị tỉnh Lào Cai')")
        page.wait_for_selector("#doc-form")
        page.fill("#f-date", "2025-10-20")
        page.fill("#f-year", "2025")
        page.select_option("#f-campaign", "xd-truong-chuan")
        page.select_option("#f-award", "bang-khen-giam-doc-hv")
        page.fill(
            "#f-subject",
            "về việc đề nghị tặng Bằng khen của Giám đốc Học viện Chính trị quốc gia "
            "Hồ Chí Minh năm 2025",
        )
        page.fill("#f-addressee", "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh")
        page.fill(
            "#f-intro",
            "Năm 2025, Trường Chính trị tỉnh Lào Cai tiếp tục thực hiện phong trào thi đua "
            "“Xây dựng trường chính trị chuẩn”; Hội đồng Thi đua - Khen thưởng nhà trường đã "
            "bình xét các cá nhân có thành tích tiêu biểu.",
        )
        # no list yet: said beside the school, with the button that makes it
        beside = page.locator('ul.msg[data-for="school"] li')
        beside.wait_for(timeout=30_000)
        assert beside.inner_text().startswith(
            "Đơn vị chưa có danh sách đề nghị khen thưởng năm 2025."
        )
        state = page.locator("#nominee-state")
        assert "chưa có danh sách" in state.inner_text()
        page.locator("#nominee-list").scroll_into_view_if_needed()
        _shot(page, "13-to-trinh-no-list-yet")

        # the list opens in a new tab, with the Tờ trình's campaign, award and date
        with page.context.expect_page() as opened:
            page.click("#nominee-link")
        grid = opened.value
        grid.set_viewport_size({"width": 1280, "height": 900})
        grid.wait_for_selector("#list-form")
        assert grid.locator("select[name=award]").input_value() == "bang-khen-giam-doc-hv"
        assert grid.locator("select[name=campaign]").input_value() == "xd-truong-chuan"
        first = grid.locator("tr.grid-row").first.locator("td.c-kind input")
        first.click()
        paste_into(first, tsv(True))
        assert grid.locator("tr.grid-row").count() == len(TEN)
        _shot(grid, "14-to-trinh-list-pasted")
        grid.click("button[value=save]")
        grid.wait_for_selector("#saved")
        assert f"Đã lưu {len(TEN)} dòng" in grid.inner_text("#saved")
        grid.close()

        # back on the Tờ trình: checked again, the list is there
        page.bring_to_front()
        page.evaluate("window.dispatchEvent(new Event('focus'))")
        page.locator("#nominee-state", has_text="0 tập thể, 10 cá nhân").wait_for(timeout=15_000)
        beside.wait_for(state="detached", timeout=15_000)
        _preview(page)
        _shot(page, "15-to-trinh-preview")
        spec_id = _save_and_issue(page, base)
        _shot(page, "16-to-trinh-issued")

    assert spec_id.startswith("to-trinh-")
    text = _issued_text(root, spec_id)
    for name, *_ in TEN:
        assert name in text


def test_a_new_proposal_opens_its_list_without_a_browser(
    fresh_root: Path, client_for: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path through the server's forms alone: the type offered, the proposal's form
    for the issuer's own school, the missing list said beside it with the grid's address (the
    form's campaign, award and date carried), the list saved there, the form then valid."""
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    client = client_for(fresh_root, "lan")
    assert "?type=to_trinh&amp;kind=proposal" in client.get("/documents/new").text
    page = client.get("/documents/new?type=to_trinh&kind=proposal&issuer=tct-lao-cai").text
    assert "<h1>Tờ trình đề nghị khen thưởng mới — Trường Chính trị tỉnh Lào Cai</h1>" in page
    fields = form_fields(page)
    assert (fields["kind"], fields["school"]) == ("proposal", "lao-cai")
    fields.update(
        {
            "date": "2025-10-20",
            "year": "2025",
            "campaign": "xd-truong-chuan",
            "award": "bang-khen-giam-doc-hv",
            "subject": "về việc đề nghị tặng Bằng khen năm 2025",
            "addressee": "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh",
            "intro": "Năm 2025, nhà trường đã bình xét các cá nhân có thành tích tiêu biểu.",
        }
    )
    answer = client.post("/documents/validate", data=fields).json()
    assert [(p["path"], p["message"]) for p in answer["problems"]] == [
        ("school", "Đơn vị chưa có danh sách đề nghị khen thưởng năm 2025.")
    ]
    listed = answer["nominees"]
    assert listed["exists"] is False
    assert listed["url"] == (
        "/proposals/2025/lao-cai/edit?campaign=xd-truong-chuan"
        "&award=bang-khen-giam-doc-hv&date=2025-10-20"
    )
    grid = client.get(listed["url"]).text
    assert '<option value="bang-khen-giam-doc-hv" selected>' in grid
    assert 'name="date" value="2025-10-20"' in grid
    assert "quay lại thẻ Tờ trình" in grid
    url = "/proposals/2025/lao-cai/edit"
    pasted = submit(client, grid, url, {"paste": tsv(True), "action": "paste"})
    saved = submit(client, pasted.text, url, {"action": "save"})
    assert 'id="saved"' in saved.text, saved.text
    answer = client.post("/documents/validate", data=fields).json()
    assert answer["problems"] == []
    assert (answer["nominees"]["exists"], answer["nominees"]["individuals"]) == (True, 10)
    fields["op"] = "save"
    done = client.post("/documents/new", data=fields, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith("/documents/to-trinh-")
