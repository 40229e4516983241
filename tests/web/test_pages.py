"""The pages a clerk uses, driven in-process: what they show, and what building, voiding,
checking and downloading do."""

from __future__ import annotations

import csv
import io
import threading
import zipfile
from pathlib import Path

import pytest
from docx import Document

from docgen.register import open_register
from tests.web.conftest import ClientFactory, csrf_of, post_form, void_number, wait_for_job

PLAN = "ke-hoach-2024-KH-HVCTQG.docx"


def text_of(docx: bytes) -> str:
    """All the text of the document body, tables included, paragraph by paragraph."""
    body = Document(io.BytesIO(docx)).element.body
    return "\n".join(
        "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
        for p in body.iter()
        if p.tag.endswith("}p")
    )


def test_documents_show_number_date_and_status(built_root: Path, client_for: ClientFactory) -> None:
    page = client_for(built_root, "minh").get("/documents").text
    assert "1568-KH/HVCTQG" in page and "05/01/2024" in page
    assert "1247-KH/HVCTQG" in page and "09/09/2022" in page
    examples = len(list((built_root / "data" / "documents").glob("*.yaml")))
    assert page.count(">Đã tạo<") == examples
    assert f'href="/files/{PLAN}"' in page


def test_a_document_edited_by_hand_is_shown_so(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    location = post_form(
        client,
        "/documents/ke-hoach-2024",
        "/documents/ke-hoach-2024/build",
        follow_redirects=False,
    ).headers["location"]
    assert wait_for_job(client, location)["errors"] == []
    target = fresh_root / "output" / PLAN
    # what Word does: the same document saved again (new zip times, other bytes)
    doc = Document(str(target))
    doc.paragraphs[-1].add_run(" (sửa tay)")
    doc.save(str(target))
    page = client.get("/documents").text
    assert ">Đã sửa tay<" in page
    assert "đã được sửa sau khi docgen tạo" in page
    # building again keeps the clerk's edit and says why
    location = post_form(
        client,
        "/documents/ke-hoach-2024",
        "/documents/ke-hoach-2024/build",
        follow_redirects=False,
    ).headers["location"]
    status = wait_for_job(client, location)
    assert any("OUTPUT-EDITED" in e for e in status["errors"])
    assert "(sửa tay)" in text_of(target.read_bytes())
    assert ">Lỗi<" in client.get("/documents").text


def test_a_failed_build_is_shown_with_its_location(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    # two documents asking for the same number: the second is refused by the register
    spec = fresh_root / "data" / "documents" / "ke-hoach-2024.yaml"
    copy = spec.with_name("ke-hoach-2024-ban-sao.yaml")
    copy.write_text(
        spec.read_text(encoding="utf-8").replace(PLAN, "ban-sao.docx"), encoding="utf-8"
    )
    client = client_for(fresh_root, "lan")
    location = post_form(client, "/documents", "/build", follow_redirects=False).headers["location"]
    status = wait_for_job(client, location)
    clash = [e for e in status["errors"] if "REGISTER-CLASH" in e]
    assert len(clash) == 1
    assert clash[0].startswith("data/documents/ke-hoach-2024")
    assert ":5:" in clash[0]  # the line of `number:`
    # a later-dated document of the same series waits for the refused one (REGISTER-HELD)
    others = [e for e in status["errors"] if "REGISTER-CLASH" not in e]
    assert all("REGISTER-HELD" in e for e in others)
    failed = 1 + len(others)
    page = client.get("/documents").text
    assert page.count(">Lỗi<") == failed
    assert "REGISTER-CLASH" in page
    build_page = client.get(location).text
    assert f"Xong, có {failed} lỗi" in build_page


def test_data_errors_are_shown_beside_their_line(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    spec = fresh_root / "data" / "documents" / "ke-hoach-2024.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("date: 2024-01-05", "date: 2024-02-30"), encoding="utf-8")
    client = client_for(fresh_root, "lan")
    documents = client.get("/documents").text
    # the other documents stay listed; this one (and those citing it) shows its error
    # (tests/web/test_one_bad_file.py)
    assert "văn bản có dữ liệu lỗi nên chưa tạo được; các văn bản khác vẫn tạo" in documents
    page = client.get("/data").text
    row = page.split('<tr class="bad">')[1].split("</tr>")[0]
    assert ">6<" in row  # the line number
    assert "date: 2024-02-30" in row  # the line itself
    assert "data/documents/ke-hoach-2024.yaml:6:7" in row  # file:line:col, beside it
    assert "is not a real date" in row
    with pytest.MonkeyPatch.context() as env:  # a clerk's server speaks Vietnamese by default
        env.delenv("DOCGEN_LANG")
        row = client.get("/data").text.split('<tr class="bad">')[1].split("</tr>")[0]
        assert (
            "&#39;2024-02-30&#39; không phải là ngày có thật: tháng 2 năm 2024 chỉ có 29 ngày"
            in row
        )


def test_build_one_document_and_download_it(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    response = post_form(
        client,
        "/documents/ke-hoach-2024",
        "/documents/ke-hoach-2024/build",
        follow_redirects=False,
    )
    assert response.status_code == 303
    status = wait_for_job(client, response.headers["location"])
    assert status["done"] == status["total"] == 1
    assert status["lines"] == [f"output/{PLAN} (1568-KH/HVCTQG)"]
    download = client.get(f"/files/{PLAN}")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert "Số 1568-KH/HVCTQG" in text_of(download.content)
    entries = open_register(str(fresh_root / "register.sqlite")).entries()
    assert [(e.symbol, e.spec) for e in entries] == [
        ("1568-KH/HVCTQG", "data/documents/ke-hoach-2024.yaml")
    ]


def test_a_build_already_running_is_shown_not_started_twice(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    from docgen.web import app as web_app
    from docgen.web.views import documents as web_documents

    gate = threading.Event()
    real = web_documents.build

    def slow_build(*args: object, **kwargs: object) -> object:
        gate.wait(30)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    web_documents.build = slow_build  # type: ignore[assignment]
    try:
        app = web_app.create_app(fresh_root)
        lan = client_for(fresh_root, "lan", app=app)
        other = client_for(fresh_root, "minh", app=app)
        first = post_form(lan, "/documents", "/build", follow_redirects=False)
        assert first.status_code == 303
        second = post_form(lan, "/documents/ke-hoach-2024", "/documents/ke-hoach-2024/build")
        assert second.status_code == 409
        assert "Đang có một lần tạo văn bản chạy" in second.text
        assert "Tạo tất cả văn bản của lan" in second.text
        banner = other.get("/documents").text
        assert "Đang chạy:" in banner and "bắt đầu bởi lan" in banner
        assert "disabled" in lan.get("/documents").text
        # a second server started on the same workspace sees it too (the lock file)
        elsewhere = client_for(fresh_root, "lan")
        assert "Đang chạy:" in elsewhere.get("/documents").text
        assert post_form(elsewhere, "/documents", "/build").status_code == 409
    finally:
        gate.set()
        web_documents.build = real  # type: ignore[assignment]
    assert wait_for_job(lan, first.headers["location"])["errors"] == []
    again = post_form(lan, "/documents", "/build", follow_redirects=False)
    assert again.status_code == 303  # free again once finished
    wait_for_job(lan, again.headers["location"])


def test_register_list_void_and_export(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    location = post_form(client, "/documents", "/build", follow_redirects=False).headers["location"]
    assert wait_for_job(client, location)["errors"] == []
    page = client.get("/register?issuer=hvctqg").text
    assert "1568-KH/HVCTQG" in page and "1569-QĐ/HVCTQG" in page
    assert "01/KH-SNV" not in page  # another issuer, filtered out
    response = void_number(
        client,
        {"issuer": "hvctqg", "number": "1569", "reason": "Ký nhầm ngày"},
    )
    assert response.status_code == 200
    assert "Đã hủy số 1569-QĐ/HVCTQG" in response.text
    assert "Ký nhầm ngày (hủy bởi lan)" in response.text
    again = void_number(
        client,
        {"issuer": "hvctqg", "number": "1569", "reason": "lần nữa"},
    )
    assert again.status_code == 409 and "already voided" in again.text
    exported = client.get("/register/export.csv?issuer=hvctqg&year=2024")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Số", "Ký hiệu"]
    assert {r[1] for r in rows[1:]} == {"1568-KH/HVCTQG", "1569-QĐ/HVCTQG", "87-TTr/TCT"} - {
        "87-TTr/TCT"
    }
    assert any(r[1] == "1569-QĐ/HVCTQG" and r[-1].startswith("Đã hủy") for r in rows)
    book = client.get("/register/export.docx?issuer=hvctqg")
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text_of(book.content)
    assert client.get("/register/export.exe").status_code == 404


def test_check_an_uploaded_docx(built_root: Path, client_for: ClientFactory) -> None:
    client = client_for(built_root, "minh")
    token = csrf_of(client.get("/check").text)
    good = (built_root / "output" / PLAN).read_bytes()
    response = client.post(
        "/check", data={"csrf_token": token, "system": "auto"}, files={"file": ("kh.docx", good)}
    )
    assert response.status_code == 200
    assert "kh.docx: 0 errors" in response.text
    doc = Document(io.BytesIO(good))
    for run in doc.paragraphs[-3].runs:
        run.font.name = "Arial"
    buffer = io.BytesIO()
    doc.save(buffer)
    response = client.post(
        "/check", data={"csrf_token": token}, files={"file": ("sai.docx", buffer.getvalue())}
    )
    assert "sai.docx:¶" in response.text and "error[" in response.text
    for name, content, status, message in (
        ("rac.docx", b"not a zip at all", 422, "CHECK-READ"),
        ("bang.xlsx", b"PK", 415, "không phải tệp .docx"),
        ("rong.docx", zip_without_document(), 422, "CHECK-READ"),
    ):
        response = client.post(
            "/check", data={"csrf_token": token}, files={"file": (name, content)}
        )
        assert response.status_code == status, name
        assert message in response.text
        assert "Traceback" not in response.text
        assert str(built_root) not in response.text  # the server's own paths stay private
    assert not any((built_root / ".docgen-cache" / "uploads").iterdir())  # nothing kept


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def test_a_schools_list_uploaded_is_read_in_with_located_errors(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """The import page calls the importer of ``docgen import nominees``: a good workbook
    replaces the school's proposal file; a bad one is refused with each cell named."""
    import openpyxl

    from docgen.excel.nominees import export_nominees

    sheet = fresh_root / "lao-cai.xlsx"
    export_nominees(fresh_root, 2024, "lao-cai", sheet)
    client = client_for(fresh_root, "lan")
    page = client.get("/import").text
    assert 'type="file"' in page and 'value="lao-cai"' in page
    token = csrf_of(page)
    proposal = fresh_root / "data/proposals/2024/lao-cai.yaml"
    before = proposal.read_text(encoding="utf-8")

    book = openpyxl.load_workbook(sheet)
    ws = book["Danh sách"]
    header = next(r for r in ws.iter_rows() if any(c.value == "Giới tính" for c in r))
    gender = next(c for c in header if c.value == "Giới tính")
    bad = ws.cell(row=gender.row + 5, column=gender.column)
    bad.value = "không rõ"
    broken = fresh_root / "sai.xlsx"
    book.save(broken)
    response = client.post(
        "/import",
        data={"csrf_token": token, "year": "2024", "school": "lao-cai"},
        files={"file": ("lao-cai.xlsx", broken.read_bytes())},
    )
    assert response.status_code == 422
    assert f"lao-cai.xlsx:Danh sách!{bad.coordinate}" in response.text
    assert proposal.read_text(encoding="utf-8") == before  # nothing written

    response = client.post(
        "/import",
        data={"csrf_token": token, "year": "2024", "school": "lao-cai"},
        files={"file": ("lao-cai.xlsx", sheet.read_bytes())},
    )
    assert response.status_code == 200 and "Đã nhập lao-cai.xlsx" in response.text
    reader = client_for(fresh_root, "minh")  # a reader may not import
    assert post_form(reader, "/documents", "/import").status_code == 403


def test_campaign_and_decision_pages(built_root: Path, client_for: ClientFactory) -> None:
    client = client_for(built_root, "lan")
    campaigns = client.get("/campaigns").text
    assert "Xây dựng trường chính trị chuẩn" in campaigns
    campaign = client.get("/campaigns/xd-truong-chuan").text
    assert "1247-KH/HVCTQG" in campaign and "01/KH-SNV" not in campaign
    assert "Trường Chính trị tỉnh Lào Cai" in campaign
    decision = client.get("/decisions/quyet-dinh-khen-thuong-2024").text
    assert "1569-QĐ/HVCTQG" in decision
    assert "Tập thể" in decision and "Cá nhân" in decision
    assert "bang-khen-2024" in decision and "In bằng" in decision
    assert client.get("/decisions/ke-hoach-2024").status_code == 404
    assert client.get("/campaigns/khong-co").status_code == 404
    assert client.get("/documents/khong-co").status_code == 404


def test_certificates_of_a_decision_as_a_zip(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    decision = "/decisions/quyet-dinh-khen-thuong-2024"
    location = post_form(client, "/documents", "/build", follow_redirects=False).headers["location"]
    assert wait_for_job(client, location)["errors"] == []
    location = post_form(
        client, decision, "/certificates/bang-khen-2024/make", follow_redirects=False
    ).headers["location"]
    status = wait_for_job(client, location)
    assert status["errors"] == [] and status["done"] == status["total"] > 1
    archive = zipfile.ZipFile(io.BytesIO(client.get("/certificates/bang-khen-2024/zip").content))
    names = archive.namelist()
    assert len([n for n in names if n.endswith(".docx")]) == status["total"]
    assert "bang-khen-2024-so-vang.csv" in names
    first = sorted(n for n in names if n.endswith(".docx"))[0]
    assert first.startswith("0001 ")
    assert "1569-QĐ/HVCTQG" in "".join(
        t.text
        for t in Document(io.BytesIO(archive.read(first))).element.iter()
        if t.tag.endswith("}t") and t.text
    )
    assert "Bản in gộp (PDF)" in client.get(decision).text


def test_any_document_is_listed_by_its_type(built_root: Path, client_for: ClientFactory) -> None:
    page = client_for(built_root, "minh").get("/documents").text
    row = page.split("125-CV/HVCTQG")[0].rsplit("<tr>", 1)[1]
    assert ">Công văn</a>" in row  # not the kind's code name ("document")
    assert ">document<" not in page


def test_an_issued_document_is_kept_and_the_build_page_says_what_would_change(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    first = post_form(client, "/documents", "/build", follow_redirects=False)
    assert wait_for_job(client, first.headers["location"])["errors"] == []
    path = "/documents/quyet-dinh-khen-thuong-2024"
    decision = fresh_root / "output" / "quyet-dinh-khen-thuong-2024-HVCTQG.docx"
    issued = decision.read_bytes()
    salary = fresh_root / "data" / "law" / "base_salary.yaml"
    salary.write_text(
        salary.read_text(encoding="utf-8").replace("amount: 2340000", "amount: 2990000"),
        encoding="utf-8",
    )
    again = post_form(client, path, f"{path}/build", follow_redirects=False)
    status = wait_for_job(client, again.headers["location"])
    assert status["errors"] == []
    (note,) = status["notes"]  # this document's only
    assert "warning[ISSUED-KEPT]: 1569-QĐ/HVCTQG is issued" in note
    assert "figures: 4.680.000 → 5.980.000" in note
    assert decision.read_bytes() == issued
    page = client.get(again.headers["location"]).text
    assert "Lưu ý" in page and "1569-QĐ/HVCTQG is issued" in page
