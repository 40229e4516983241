"""A school's nominee list edited in the browser: pasted from Excel, checked, saved as YAML."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from docgen.api import build, validate_workspace
from docgen.web.grid import pasted_rows
from tests.conftest import make_workspace
from tests.support.docx_inspect import read_texts
from tests.support.tools import CHROMIUM, require
from tests.web.conftest import ClientFactory, add_users
from tests.web.live import live_server

URL = "/proposals/2024/lao-cai/edit"
FILE = "data/proposals/2024/lao-cai.yaml"

TEN = [
    ("Nguyễn Thị Mai Anh", "Nữ", "Giảng viên chính", "Khoa Dân vận"),
    ("Trần Văn Bảo", "Nam", "Giảng viên", "Khoa Dân vận"),
    ("Lê Hoàng Cường", "Nam", "Trưởng phòng", "Phòng Đào tạo"),
    ("Phạm Thu Dung", "Nữ", "Chuyên viên", "Phòng Đào tạo"),
    ("Hoàng Minh Đức", "Nam", "Phó Trưởng khoa", "Khoa Lý luận cơ sở"),
    ("Vũ Thị Giang", "Nữ", "Giảng viên", "Khoa Lý luận cơ sở"),
    ("Đặng Quốc Hưng", "Nam", "Giảng viên chính", "Khoa Xây dựng Đảng"),
    ("Bùi Thị Khánh Linh", "Nữ", "Giảng viên", "Khoa Xây dựng Đảng"),
    ("Ngô Văn Nam", "Nam", "Chuyên viên", "Phòng Tổ chức - Hành chính"),
    ("Đỗ Thị Phương", "Nữ", "Kế toán viên", "Phòng Tổ chức - Hành chính"),
]
ACHIEVEMENT = "Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024; có sáng kiến được công nhận."


def tsv(header: bool) -> str:
    lines = []
    if header:
        lines.append("STT\tĐối tượng\tHọ và tên\tGiới tính\tChức vụ\tĐơn vị\tTóm tắt thành tích")
    for i, (name, gender, position, unit) in enumerate(TEN, 1):
        if header:
            cells = [str(i), "Cá nhân", name, gender, position, unit, ACHIEVEMENT]
        else:  # the grid's own columns, in its order: the award left empty (the list's own)
            cells = ["Cá nhân", name, gender, position, unit, "", ACHIEVEMENT]
        lines.append("\t".join(cells))
    return "\r\n".join(lines) + "\r\n"


def paste_into(cell: Any, text: str) -> None:
    """A real paste event on a grid's cell (playwright locator), the clipboard holding ``text``
    as text/plain, as a spreadsheet puts copied cells there."""
    cell.evaluate(
        """(el, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            el.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )


class _Form(HTMLParser):
    """The fields a browser would send for the page's editing form (its first POST form
    with rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.textarea: str | None = None
        self.select: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") in ("list-form", "campaign-form"):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, html.unescape(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_of(page: str) -> list[tuple[str, str]]:
    parser = _Form()
    parser.feed(page)
    return parser.fields


def submit(client, page: str, url: str, changes: dict[str, str], drop=()):  # type: ignore[no-untyped-def]
    fields = [(k, v) for k, v in form_of(page) if k not in changes and k not in drop]
    fields += list(changes.items())
    return post_fields(client, url, fields)


def post_fields(client, url: str, fields: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """A form posted as a browser posts it: every field in the page's order."""
    return client.post(
        url,
        content=urlencode(fields).encode("ascii"),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )


def _add_by_paste(client, header: bool):  # type: ignore[no-untyped-def]
    page = client.get(URL)
    assert page.status_code == 200
    assert "Đỗ Bích Hoa" in page.text
    # the school's own 14 stay (the council's minutes vote on them); the 10 come after them
    pasted = submit(client, page.text, URL, {"paste": tsv(header), "action": "paste"})
    assert pasted.status_code == 200, pasted.text
    assert "Đã dán 10 dòng" in pasted.text
    saved = submit(client, pasted.text, URL, {"action": "save"})
    assert saved.status_code == 200, saved.text
    assert 'id="saved"' in saved.text
    return saved


def _check_saved(root: Path) -> None:
    text = (root / FILE).read_text(encoding="utf-8")
    # the clerk's comments at the top stay, and every pasted name is in the file
    assert text.startswith("# Tờ trình đề nghị khen thưởng of lao-cai")
    assert "Đỗ Bích Hoa" in text
    for name, *_ in TEN:
        assert f"name: {name}" in text
    assert "gender: nữ" in text
    ws = validate_workspace(root)  # docgen validate: no error
    proposal = ws.proposals[FILE]
    assert [i.name for i in proposal.individuals][-10:] == [n for n, *_ in TEN]
    assert len(proposal.collectives) == 3
    report = build(root, only=["ke-hoach-1247-phat-dong", "to-trinh-lao-cai-2024"])
    assert not report.failed, [d.error for d in report.documents if d.error]
    built = next(d for d in report.documents if "to-trinh" in d.spec)
    texts = "\n".join(read_texts(built.output))
    for name, *_ in TEN:
        assert name in texts


def test_ten_nominees_pasted_with_a_header_row(fresh_root: Path, client_for: ClientFactory):
    client = client_for(fresh_root, "lan")
    _add_by_paste(client, header=True)
    _check_saved(fresh_root)


def test_ten_nominees_pasted_without_a_header_row(fresh_root: Path, client_for: ClientFactory):
    client = client_for(fresh_root, "lan")
    _add_by_paste(client, header=False)
    _check_saved(fresh_root)


def test_an_invalid_row_shows_its_message_and_nothing_is_written(
    fresh_root: Path, client_for: ClientFactory
):
    client = client_for(fresh_root, "lan")
    before = (fresh_root / FILE).read_bytes()
    page = client.get(URL)
    fields = dict(form_of(page.text))
    first = [v for k, v in form_of(page.text) if k == "row"][3]  # the first individual
    assert fields[f"r{first}.name"] == "Đỗ Bích Hoa"
    second, third = [v for k, v in form_of(page.text) if k == "row"][4:6]
    response = submit(
        client,
        page.text,
        URL,
        {
            f"r{first}.gender": "Không rõ",
            f"r{third}.name": fields[f"r{second}.name"],  # the same person twice
            f"r{third}.unit": fields[f"r{second}.unit"],
            "action": "save",
        },
    )
    assert response.status_code == 422
    assert 'id="not-saved"' in response.text
    # the importer's message, in Vietnamese, beside the cell
    assert "Giới tính" in response.text and "Không rõ" in response.text
    assert "DATA-VALUE" in response.text
    assert "DATA-DUPLICATE-NOMINEE" in response.text
    assert (fresh_root / FILE).read_bytes() == before


def test_comments_and_untouched_nominees_keep_their_text(
    fresh_root: Path, client_for: ClientFactory
):
    path = fresh_root / FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "individuals:\n", "individuals:  # cá nhân, xếp theo đơn vị\n"
        ),
        encoding="utf-8",
    )
    before = path.read_text(encoding="utf-8")
    client = client_for(fresh_root, "lan")
    page = client.get(URL)
    rows = [v for k, v in form_of(page.text) if k == "row"]
    saved = submit(client, page.text, URL, {f"r{rows[-1]}.position": "Giảng viên cao cấp"})
    assert saved.status_code == 200
    saved = submit(
        client, page.text, URL, {f"r{rows[-1]}.position": "Giảng viên cao cấp", "action": "save"}
    )
    assert 'id="saved"' in saved.text, saved.text
    after = path.read_text(encoding="utf-8")
    assert "individuals:  # cá nhân, xếp theo đơn vị" in after
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["    position: Giảng viên cao cấp"]


def test_a_change_made_meanwhile_is_not_overwritten(fresh_root: Path, client_for: ClientFactory):
    client = client_for(fresh_root, "lan")
    page = client.get(URL)
    path = fresh_root / FILE
    path.write_text(path.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    response = submit(client, page.text, URL, {"action": "save"})
    assert response.status_code == 409
    assert "vừa được người khác thay đổi" in response.text
    assert path.read_text(encoding="utf-8").endswith("# sửa tay\n")


def test_a_reader_cannot_edit_and_a_post_needs_its_token(
    fresh_root: Path, client_for: ClientFactory
):
    reader = client_for(fresh_root, "minh")
    assert reader.get(URL).status_code == 403
    clerk = client_for(fresh_root, "lan")
    page = clerk.get(URL)
    fields = [(k, v) for k, v in form_of(page.text) if k != "csrf_token"]
    assert post_fields(clerk, URL, [*fields, ("action", "save")]).status_code == 403


def test_a_new_list_for_a_body_and_year(fresh_root: Path, client_for: ClientFactory):
    client = client_for(fresh_root, "lan")
    opened = client.get("/proposals/new?year=2025&school=lao-cai", follow_redirects=True)
    assert opened.status_code == 200
    assert "danh sách mới" in opened.text
    page = submit(
        client, opened.text, "/proposals/2025/lao-cai/edit", {"paste": tsv(True), "action": "paste"}
    )
    saved = submit(
        client,
        page.text,
        "/proposals/2025/lao-cai/edit",
        {
            "campaign": "xd-truong-chuan",
            "date": "2025-10-20",
            "award": "bang-khen-giam-doc-hv",
            "action": "save",
        },
    )
    assert 'id="saved"' in saved.text, saved.text
    text = (fresh_root / "data/proposals/2025/lao-cai.yaml").read_text(encoding="utf-8")
    assert "school: lao-cai" in text and "Nguyễn Thị Mai Anh" in text


def test_pasted_text_is_split_as_a_spreadsheet_copies_it():
    rows, refused = pasted_rows(
        'Họ và tên\tChức danh\tThành tích\n"Lê Văn A"\tGiảng viên\t"dòng 1\ndòng ""2"""\n',
        10,
    )
    assert refused is None
    assert [(r.cells["name"], r.cells["position"], r.cells["achievement"]) for r in rows] == [
        ("Lê Văn A", "Giảng viên", 'dòng 1\ndòng "2"')
    ]
    rows, refused = pasted_rows("a\tb\n" * 5, 3)
    assert len(rows) == 3 and refused


def test_a_name_too_long_is_reported_never_cut(fresh_root: Path, client_for: ClientFactory):
    client = client_for(fresh_root, "lan")
    page = client.get(URL)
    long_name = "Nguyễn " * 30 + "An"
    response = submit(
        client,
        page.text,
        URL,
        {
            "paste": f"Cá nhân\t{long_name}\tNam\tGiảng viên\tKhoa Dân vận\t\t{ACHIEVEMENT}",
            "action": "paste",
        },
    )
    assert long_name in response.text  # the whole name, in its cell
    saved = submit(client, response.text, URL, {"action": "save"})
    assert saved.status_code == 422
    assert "at most 120" in saved.text


@pytest.mark.browser
def test_ten_rows_pasted_into_the_grid_in_chromium(tmp_path: Path) -> None:
    """A clerk copies ten rows (with their titles) in a spreadsheet, clicks the grid's first
    cell and pastes: a real paste event with the clipboard's text/plain, split by grid.js."""
    require("chromium")
    from playwright.sync_api import sync_playwright

    from docgen.web.app import create_app
    from tests.web.test_browser import ARGS, signed_in

    root = make_workspace(tmp_path / "ws")
    add_users(root)
    shots = tmp_path / "shots"
    shots.mkdir()
    with live_server(create_app(root)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = signed_in(browser, base, "lan")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base}/proposals/new")
        page.fill("input[name=year]", "2025")
        page.select_option("select[name=school]", "lao-cai")
        page.click("button:text-is('Mở danh sách')")
        page.wait_for_url(f"{base}/proposals/2025/lao-cai/edit")
        page.select_option("select[name=campaign]", "xd-truong-chuan")
        page.fill("input[name=date]", "2025-10-20")
        page.select_option("select[name=award]", "bang-khen-giam-doc-hv")
        first = page.locator("tr.grid-row").first.locator("td.c-kind input")
        first.click()
        paste_into(first, tsv(True))
        assert page.locator("tr.grid-row").count() == 10
        assert "Đã dán 10 dòng" in page.inner_text("#paste-note")
        names = page.locator("td.c-name input")
        assert [names.nth(i).input_value() for i in range(10)] == [n for n, *_ in TEN]
        assert page.locator("td.c-gender input").nth(0).input_value() == "Nữ"
        page.screenshot(path=str(shots / "list-pasted-1280.png"), full_page=False)
        page.set_viewport_size({"width": 375, "height": 800})
        page.screenshot(path=str(shots / "list-pasted-375.png"), full_page=False)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.click("button[value=save]")
        page.wait_for_selector("#saved")
        page.screenshot(path=str(shots / "list-saved-1280.png"), full_page=False)
        # a wrong cell: its message beside it, nothing written
        page.locator("td.c-gender input").nth(1).fill("Không rõ")
        page.click("button[value=check]")
        page.wait_for_selector("td.c-gender .cell-error")
        assert "Giới tính" in page.inner_text("td.c-gender .cell-error")
        page.locator("tr.grid-row").nth(1).scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "list-error-1280.png"), full_page=False)
        page.goto(f"{base}/campaigns/xd-truong-chuan/edit")
        page.click("button[value=next_year]")
        page.wait_for_selector("text=Đã thêm năm 2026")
        page.locator("textarea[name=tactivities]").last.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "campaign-next-year-1280.png"), full_page=False)
        page.set_viewport_size({"width": 375, "height": 800})
        page.screenshot(path=str(shots / "campaign-next-year-375.png"), full_page=False)
        browser.close()
    text = (root / "data/proposals/2025/lao-cai.yaml").read_text(encoding="utf-8")
    for name, *_ in TEN:
        assert f"name: {name}" in text
    ws = validate_workspace(root)
    assert len(ws.proposals["data/proposals/2025/lao-cai.yaml"].individuals) == 10


def test_a_nominee_taken_out_whom_the_minutes_vote_on_is_shown_after_the_save(
    fresh_root: Path, client_for: ClientFactory
):
    client = client_for(fresh_root, "lan")
    page = client.get(URL)
    fields = form_of(page.text)
    rows = [v for k, v in fields if k == "row"]
    named = {v: k.split(".")[0] for k, v in fields if k.endswith(".name")}
    voted = named["Bùi Công Long"]  # data/documents/bien-ban-hoi-dong-2024.yaml votes on him
    assert voted[1:] in rows
    saved = submit(client, page.text, URL, {f"{voted}.delete": "1", "action": "save"})
    assert 'id="saved"' in saved.text
    assert 'id="saved-problems"' in saved.text
    assert "DATA-MINUTES-NOMINEE" in saved.text
    assert "data/documents/bien-ban-hoi-dong-2024.yaml" in saved.text


def test_a_clerk_edits_only_the_lists_and_campaigns_of_her_issuers(
    fresh_root: Path, client_for: ClientFactory
):
    from docgen.web.config import users_file
    from docgen.web.users import change_user

    change_user(users_file(fresh_root), "lan", issuers=["snv-nghe-an"])
    client = client_for(fresh_root, "lan")
    refused = client.get(URL)  # Lào Cai's list goes to the Học viện's documents
    assert refused.status_code == 403
    assert "hvctqg" in refused.text
    assert client.get("/campaigns/xd-truong-chuan/edit").status_code == 403
    assert client.get("/campaigns/van-hoa-cong-so/edit").status_code == 200
