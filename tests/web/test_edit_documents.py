"""Creating and editing documents in the browser (issue 26, case 1): the form generated from the
kind's schema, saved as the YAML the CLI reads, checked with the CLI's messages, previewed with
the number left blank, and an issued document frozen."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from docgen.cli.main import cli
from docgen.web.config import users_file
from docgen.web.users import add_user
from tests.support.tools import require
from tests.web.conftest import ClientFactory, csrf_of
from tests.web.edit_support import form_fields, set_rows

DOCS = Path("data/documents")


def _validate(root: Path) -> str:
    result = CliRunner().invoke(cli, ["-C", str(root), "validate"])
    assert result.exit_code == 0, result.output
    return result.output


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pick_a_type_then_an_issuer(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    types = client.get("/documents/new").text
    assert 'href="/documents/new?type=cong_van"' in types
    assert 'href="/documents/new?type=quyet_dinh"' in types
    issuers = client.get("/documents/new?type=cong_van").text
    assert "Sở Nội vụ tỉnh Nghệ An" in issuers
    form = client.get("/documents/new?type=cong_van&issuer=snv-nghe-an").text
    # every field with its Vietnamese label, help and example; names, never ids, in choices
    for label in ("Trích yếu", "Kính gửi", "Người ký", "Nơi nhận", "Ngày ban hành", "Nội dung"):
        assert f">{label}" in form
    assert "Ví dụ: VT, VP" in form
    assert "Trần Thị Mai (Giám đốc)" in form
    assert ">snv-nghe-an<" not in form and ">tran-thi-mai<" not in form


def test_create_a_state_cong_van(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    page = client.get("/documents/new?type=cong_van&issuer=snv-nghe-an").text
    fields = form_fields(page)
    fields.update(
        {
            "date": "2025-05-12",
            "unit": "VP",
            "subject": "đề nghị báo cáo kết quả thực hiện Quy chế văn hóa công sở",
            "addressee": "Các phòng chuyên môn thuộc Sở\nCác đơn vị sự nghiệp trực thuộc Sở",
            "recipients": "Như trên\nLưu trữ điện tử",
            "op": "save",
        }
    )
    set_rows(
        fields,
        "body",
        [
            ("text", 0, "Sở Nội vụ đề nghị các đơn vị báo cáo các nội dung sau:", ""),
            ("point", 0, "kết quả thực hiện;", ""),
            ("point", 0, "khó khăn, vướng mắc:", ""),
            ("point", 1, "về trang phục;", ""),
            ("point", 0, "kiến nghị.", ""),
            ("table", 0, "STT | Nội dung | Kết quả\n1 | Trang phục | Đạt", "Bảng tổng hợp"),
            ("text", 0, "Báo cáo gửi về Sở **trước ngày 30/5/2025**.", ""),
        ],
    )
    response = client.post("/documents/new", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    spec_id = "cong-van-de-nghi-bao-cao-ket-qua-thuc-hien-quy-2025"
    assert response.headers["location"] == f"/documents/{spec_id}/edit?saved=1"
    saved = fresh_root / DOCS / f"{spec_id}.yaml"
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["kind"] == "document" and data["type"] == "cong_van"
    assert data["issuer"] == "snv-nghe-an" and data["number"] == "auto"
    assert data["output"] == f"{spec_id}.docx"
    assert data["body"][1] == {
        "points": [
            "kết quả thực hiện;",
            {"text": "khó khăn, vướng mắc:", "points": ["về trang phục;"]},
            "kiến nghị.",
        ]
    }
    assert data["body"][2]["table"]["rows"] == [["1", "Trang phục", "Đạt"]]
    assert "data OK" in _validate(fresh_root)
    # the saved page says so, and opens the same form again
    again = client.get(response.headers["location"]).text
    assert "Đã lưu." in again
    assert form_fields(again)["subject"] == fields["subject"]


def test_create_a_decision_issuing_a_quy_che(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    fields = form_fields(client.get("/documents/new?type=quyet_dinh&issuer=snv-nghe-an").text)
    fields.update(
        {
            "date": "2025-06-02",
            "subject": "Về việc ban hành Quy chế tiếp công dân của Sở Nội vụ",
            "bases": "Luật Tiếp công dân ngày 25 tháng 11 năm 2013",
            "attachment.type": "quy_che",
            "attachment.subject": "Tiếp công dân của Sở Nội vụ",
        }
    )
    set_rows(
        fields,
        "body",
        [
            ("article", 0, "", "Ban hành kèm theo Quyết định này Quy chế tiếp công dân."),
            ("article", 0, "", "Chánh Văn phòng Sở chịu trách nhiệm thi hành Quyết định này."),
        ],
    )
    set_rows(
        fields,
        "attachment.body",
        [
            ("chapter", 0, "Quy định chung", ""),
            ("article", 1, "Phạm vi điều chỉnh", "Quy chế này quy định việc tiếp công dân."),
            ("chapter", 0, "Tổ chức tiếp công dân", ""),
            ("article", 1, "Lịch tiếp công dân", ""),
            ("clause", 2, "Giám đốc Sở tiếp công dân mỗi tháng một ngày.", ""),
        ],
    )
    # the editor's buttons work without a script: a clause added under the last article
    fields["op"] = "attachment.body@3@add:clause"
    added = client.post("/documents/new", data=fields)
    assert added.status_code == 200
    fields = form_fields(added.text)
    assert fields["attachment.body@count"] == "6"
    assert fields["attachment.body@5@kind"] == "clause"
    assert fields["attachment.body@5@level"] == "2"
    fields["attachment.body@5@text"] = "Trường hợp cần thiết, Giám đốc Sở tiếp công dân đột xuất:"
    fields["op"] = "attachment.body@5@add:point"
    fields = form_fields(client.post("/documents/new", data=fields).text)
    fields["attachment.body@6@text"] = "khi vụ việc phức tạp;"
    fields["op"] = "save"
    response = client.post("/documents/new", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    spec_id = response.headers["location"].split("/")[2]
    data = yaml.safe_load((fresh_root / DOCS / f"{spec_id}.yaml").read_text(encoding="utf-8"))
    assert data["body"][0] == {
        "article": "",
        "text": "Ban hành kèm theo Quyết định này Quy chế tiếp công dân.",
    }
    chapters = data["attachment"]["body"]
    assert [c["chapter"] for c in chapters] == ["Quy định chung", "Tổ chức tiếp công dân"]
    assert chapters[1]["body"][0] == {
        "article": "Lịch tiếp công dân",
        "clauses": [
            "Giám đốc Sở tiếp công dân mỗi tháng một ngày.",
            {
                "text": "Trường hợp cần thiết, Giám đốc Sở tiếp công dân đột xuất:",
                "points": ["khi vụ việc phức tạp;"],
            },
        ],
    }
    assert "data OK" in _validate(fresh_root)


def test_edit_keeps_the_clerks_comments_and_order(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    path = fresh_root / DOCS / "cong-van-snv-125.yaml"
    before = path.read_text(encoding="utf-8")
    page = client.get("/documents/cong-van-snv-125/edit").text
    fields = form_fields(page)
    assert fields["_opened"] == hashlib.sha256(before.encode()).hexdigest()
    fields["subject"] = "triển khai lấy ý kiến lần hai về dự thảo Quy chế văn hóa công sở"
    fields["op"] = "save"
    response = client.post("/documents/cong-van-snv-125/edit", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    after = path.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        (
            "subject: triển khai lấy ý kiến về dự thảo Quy chế văn hóa công sở",
            "subject: triển khai lấy ý kiến lần hai về dự thảo Quy chế văn hóa công sở",
        )
    ]
    assert "# A State công văn of the Sở Nội vụ" in after
    _validate(fresh_root)
    # a form opened before someone else saved is refused, not written over their change
    response = client.post("/documents/cong-van-snv-125/edit", data=fields)
    assert response.status_code == 409
    assert "vừa được người khác thay đổi" in response.text
    assert path.read_text(encoding="utf-8") == after


def test_a_bad_date_is_shown_beside_its_field_with_the_clis_message(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    with pytest.MonkeyPatch.context() as env:  # a clerk's server speaks Vietnamese
        env.delenv("DOCGEN_LANG")
        fields = form_fields(client.get("/documents/cong-van-snv-125/edit").text)
        fields["date"] = "2025-02-30"
        answer = client.post("/documents/validate", data=fields)
        assert answer.status_code == 200
        problems = answer.json()["problems"]
        assert [p["path"] for p in problems] == ["date"]
        message = problems[0]["message"]
        assert "'2025-02-30' không phải là ngày có thật" in message
        # the very words of `docgen validate` on the file holding that date
        path = fresh_root / DOCS / "cong-van-snv-125.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("2025-04-07", "2025-02-30"),
            encoding="utf-8",
        )
        result = CliRunner().invoke(cli, ["-C", str(fresh_root), "validate"])
        assert message in result.output
        # without the script: saving is refused and the message stands beside the field
        fields["op"] = "save"
        refused = client.post("/documents/cong-van-snv-125/edit", data=fields)
    assert refused.status_code == 422
    beside = refused.text.split('data-path="date"')[1].split("</div>")[0]
    assert "không phải là ngày có thật" in beside
    assert 'value="2025-02-30"' in beside  # what the clerk typed is kept


def test_a_problem_in_the_outline_is_shown_beside_its_row(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    fields = form_fields(client.get("/documents/cong-van-snv-125/edit").text)
    fields["body@2@kind"] = "table"
    fields["body@2@text"] = "A | B\n1 | 2 | 3"
    fields["signature.signer"] = "tran-thi-mai"
    problems = client.post("/documents/validate", data=fields).json()["problems"]
    assert problems == [
        {
            "path": "body@2",
            "message": "row 1 has 3 cells; the table has 2 columns (in [a, b] a comma starts "
            "a new cell: put a cell holding a comma in quotes)",
            "hint": "",
        }
    ]


def test_a_cross_check_of_the_workspace_is_reported(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    fields = form_fields(client.get("/documents/cong-van-snv-125/edit").text)
    fields["signature.signer"] = "nguyen-xuan-thang"  # the Học viện's, not the Sở's
    problems = client.post("/documents/validate", data=fields).json()["problems"]
    assert problems[0]["path"] == "signature.signer"
    assert "'nguyen-xuan-thang' is not a signer of snv-nghe-an" in problems[0]["message"]


def test_only_a_clerk_of_the_issuer_creates_and_edits(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    reader = client_for(fresh_root, "minh")
    assert reader.get("/documents/new").status_code == 403
    assert reader.get("/documents/cong-van-snv-125/edit").status_code == 403
    add_user(users_file(fresh_root), "hoa", "van_thu", "van-thu-hoc-vien", issuers=["hvctqg"])
    client = client_for(fresh_root, None)
    page = client.get("/login")
    client.post(
        "/login",
        data={"username": "hoa", "password": "van-thu-hoc-vien", "csrf_token": csrf_of(page.text)},
    )
    assert client.get("/documents/cong-van-snv-125/edit").status_code == 403
    assert client.get("/documents/new?type=cong_van&issuer=snv-nghe-an").status_code == 403
    issuers = client.get("/documents/new?type=cong_van").text
    mine = issuers.split("Cơ quan khác")[0]
    assert "Học viện Chính trị quốc gia Hồ Chí Minh" in mine and "Sở Nội vụ" not in mine
    # and no form is taken without its CSRF token
    lan = client_for(fresh_root, "lan")
    fields = form_fields(lan.get("/documents/cong-van-snv-125/edit").text)
    del fields["csrf_token"]
    fields["op"] = "save"
    assert lan.post("/documents/cong-van-snv-125/edit", data=fields).status_code == 403
    assert lan.post("/documents/validate", data=fields).status_code == 403


def test_preview_before_a_number_leaves_the_register_alone(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    require("soffice", "pdftoppm")
    client = client_for(fresh_root, "lan")
    register = fresh_root / "register.sqlite"
    before = _sha(register)
    fields = form_fields(client.get("/documents/new?type=cong_van&issuer=snv-nghe-an").text)
    fields["subject"] = "xem trước một công văn"
    answer = client.post("/documents/preview", data=fields).json()
    assert answer["problems"] == []
    assert len(answer["pages"]) == 1
    image = client.get(answer["pages"][0])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert _sha(register) == before
    assert not list((fresh_root / DOCS).glob("cong-van-xem-truoc*"))
    assert not (fresh_root / "output").exists() or not list((fresh_root / "output").iterdir())
    # the draft's number is left blank, as the records desk fills it when issuing
    from docgen.api import validate_workspace
    from docgen.data.loader import load_text
    from docgen.web.forms import fields_of, from_form
    from docgen.web.forms.draft import blank_symbol, check_draft

    ws = validate_workspace(fresh_root)
    draft = from_form(fields_of("document"), fields)
    draft.data["output"] = "x.docx"
    checked = check_draft(ws, "x", "data/documents/x.yaml", draft.data, None, {})
    assert checked.spec is not None
    assert blank_symbol(ws, checked.spec).strip() == "/SNV"
    del load_text


def test_an_issued_document_is_read_only(built_root: Path, client_for: ClientFactory) -> None:
    client = client_for(built_root, "lan")
    page = client.get("/documents/cong-van-snv-125/edit").text
    assert "đã được cấp số 125/SNV-VP" in page
    assert "văn bản đính chính, sửa đổi hoặc thay thế" in page
    assert 'value="save"' not in page
    fields = form_fields(page)
    fields["op"] = "save"
    path = built_root / DOCS / "cong-van-snv-125.yaml"
    before = path.read_bytes()
    refused = client.post("/documents/cong-van-snv-125/edit", data=fields)
    assert refused.status_code == 409
    assert path.read_bytes() == before
    # the way forward: a correcting document, its form filled with what it corrects
    link = "/documents/new?type=cong_van&amp;issuer=snv-nghe-an&amp;corrects=cong-van-snv-125"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).text
    assert form_fields(form)["corrects.document"] == "cong-van-snv-125"


def test_every_example_opens_in_the_form(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    for path in sorted((fresh_root / DOCS).glob("*.yaml")):
        page = client.get(f"/documents/{path.stem}/edit")
        assert page.status_code == 200, path.name
        assert 'class="msg" data-for="">' in page.text, path.name  # the form has no problem
        assert "lỗi cần sửa" in page.text and " hidden>" in page.text.split('id="summary"')[1][:40]


def test_a_document_that_breaks_the_workspace_opens_in_the_form_to_be_fixed(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    path = fresh_root / DOCS / "ke-hoach-2024.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("date: 2024-01-05", "date: 2024-02-30"),
        encoding="utf-8",
    )
    client = client_for(fresh_root, "lan")
    assert "văn bản có dữ liệu lỗi nên chưa tạo được" in client.get("/documents").text
    page = client.get("/documents/ke-hoach-2024/edit")
    assert page.status_code == 200
    beside = page.text.split('data-path="date"')[1].split("</div>")[0]
    assert "&#39;2024-02-30&#39; is not a real date" in beside
    fields = form_fields(page.text)
    fields["date"] = "2024-01-05"
    fields["op"] = "save"
    saved = client.post("/documents/ke-hoach-2024/edit", data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert "date: 2024-01-05" in path.read_text(encoding="utf-8")
    assert "Dữ liệu có" not in client.get("/documents").text


def test_a_long_body_is_checked_whole(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    fields = form_fields(client.get("/documents/cong-van-snv-125/edit").text)
    set_rows(fields, "body", [("text", 0, f"Đoạn thứ {i}.", "") for i in range(1, 401)])
    answer = client.post("/documents/validate", data=fields)  # 2,000 fields and more
    assert answer.status_code == 200, answer.text
    assert answer.json()["problems"] == []


def test_an_award_decision_chooses_its_schools_by_name(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    page = client.get("/documents/quyet-dinh-khen-thuong-2024/edit").text
    ticks = page.split('class="ticks" id="f-schools"')[1].split("</div>")[0]
    assert "Trường Chính trị tỉnh Nghệ An" in ticks and "tct-nghe-an<" not in ticks
    fields = form_fields(page)
    fields["schools"] = ["tct-nghe-an", "tct-lao-cai"]
    fields["op"] = "save"
    saved = client.post("/documents/quyet-dinh-khen-thuong-2024/edit", data=fields)
    assert saved.status_code == 200, saved.text  # followed to the form, saved
    text = (fresh_root / DOCS / "quyet-dinh-khen-thuong-2024.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["schools"] == ["tct-nghe-an", "tct-lao-cai"]
    assert "#   schools     (optional) only these schools' proposals" in text
    _validate(fresh_root)


def test_validate_answers_json_too(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    fields = form_fields(client.get("/documents/cong-van-snv-125/edit").text)
    fields["date"] = "2025-02-30"
    answer = client.post("/documents/validate", json=fields)
    assert answer.status_code == 200, answer.text
    assert [p["path"] for p in answer.json()["problems"]] == ["date"]
    del fields["csrf_token"]
    assert client.post("/documents/validate", json=fields).status_code == 403
    assert client.post("/documents/validate", json=["not", "a", "form"]).status_code == 400


def test_without_a_script_the_buttons_keep_what_was_ticked(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    fields = form_fields(client.get("/documents/quyet-dinh-khen-thuong-2024/edit").text)
    fields["schools"] = ["tct-nghe-an", "tct-lao-cai"]
    fields["op"] = "check"  # Enter in a field
    again = form_fields(
        client.post("/documents/quyet-dinh-khen-thuong-2024/edit", data=fields).text
    )
    assert sorted(again["schools"]) == ["tct-lao-cai", "tct-nghe-an"]


def test_every_save_from_the_form_is_a_version_in_the_history(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """A save from the document form is recorded (who, what) and can be seen on the history
    page: the document's file before and after, the clerk named."""
    from docgen.data.history import History

    client = client_for(fresh_root, "lan")
    relpath = (DOCS / "cong-van-snv-125.yaml").as_posix()
    fields = form_fields(client.get("/documents/cong-van-snv-125/edit").text)
    fields["subject"] = "triển khai lấy ý kiến lần ba về dự thảo Quy chế văn hóa công sở"
    fields["op"] = "save"
    saved = client.post("/documents/cong-van-snv-125/edit", data=fields, follow_redirects=False)
    assert saved.status_code == 303
    versions = History(fresh_root).versions(relpath)
    assert [v.action for v in versions][:2] == ["save", "edit-outside"]
    assert versions[0].who == "web:lan"
    assert "lần ba" in History(fresh_root).read(versions[0].id)
    page = client.get(f"/history/{relpath}").text
    assert "lan" in page
