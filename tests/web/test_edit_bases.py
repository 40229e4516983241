"""The document form's structured lists (issue 26): a document's bases (Căn cứ) as rows naming
the law and the workspace's documents, and the minutes' absent members and vote exceptions as
tables naming members and schools: names shown, never ids or YAML keys, and the same YAML saved."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.test_no_english import problems, visible_text
from tests.web.conftest import ClientFactory
from tests.web.edit_support import form_fields, set_rows

DOCS = Path("data/documents")


def _save(client: object, spec_id: str, fields: dict[str, str]) -> None:
    response = client.post(  # type: ignore[attr-defined]
        f"/documents/{spec_id}/edit", data={**fields, "op": "save"}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def test_the_bases_show_the_law_and_the_documents_by_name(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    path = fresh_root / DOCS / "quyet-dinh-khen-thuong-2024.yaml"
    before = path.read_bytes()
    page = client.get("/documents/quyet-dinh-khen-thuong-2024/edit").text
    shown = visible_text(page)
    assert problems(shown) == []
    assert "ke-hoach-1247-phat-dong" not in shown and "cite" not in shown
    assert "Do ai ban hành" in shown
    assert "Hội đồng Thi đua - Khen thưởng Học viện" in page  # the citation's "by"
    law = re.search(r'<select name="bases@0@text"[^>]*>(.*?)</select>', page, re.S)
    assert law is not None
    assert re.search(r'<option value="decree" selected>Nghị định[^<]*</option>', law.group(1))
    fields = form_fields(page)
    assert fields["bases@3@kind"] == "cite" and fields["bases@3@text"] == "ke-hoach-2024"
    # saved unchanged: the same file, byte for byte
    _save(client, "quyet-dinh-khen-thuong-2024", fields)
    assert path.read_bytes() == before


def test_a_citation_is_added_by_choosing_a_document(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    spec_id = "quyet-dinh-snv-quy-che"
    path = fresh_root / DOCS / f"{spec_id}.yaml"
    fields = form_fields(client.get(f"/documents/{spec_id}/edit").text)
    count = int(fields["bases@count"])
    # "Thêm căn cứ" with "Văn bản trong hồ sơ" chosen: a new row, a select of the documents
    added = client.post(
        f"/documents/{spec_id}/edit",
        data={**fields, "bases@new": "cite", "op": "bases@-1@add"},
    )
    assert added.status_code == 200, added.text
    row = re.search(rf'<select name="bases@{count}@text"[^>]*>(.*?)</select>', added.text, re.S)
    assert row is not None
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', row.group(1)))
    assert options["cong-van-snv-125"].startswith("Công văn")  # by its type and subject
    assert "Do ai ban hành" in visible_text(added.text)
    fields = form_fields(added.text)
    # a document dated after this one: refused, with the CLI's message beside the row
    fields[f"bases@{count}@text"] = "cong-van-snv-125"
    answer = client.post("/documents/validate", json=fields).json()
    assert [p["path"] for p in answer["problems"]] == [f"bases@{count}"]
    fields[f"bases@{count}@text"] = "ke-hoach-2024"
    fields[f"bases@{count}@extra"] = "Giám đốc Học viện"
    _save(client, spec_id, fields)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["bases"][-1] == {"cite": "ke-hoach-2024", "by": "Giám đốc Học viện"}
    assert len(data["bases"]) == count + 1
    # and removed again with its ✕ button: the bases as they were
    fields = form_fields(client.get(f"/documents/{spec_id}/edit").text)
    removed = client.post(
        f"/documents/{spec_id}/edit", data={**fields, "op": f"bases@{count}@remove"}
    )
    _save(client, spec_id, form_fields(removed.text))
    assert len(yaml.safe_load(path.read_text(encoding="utf-8"))["bases"]) == count


def test_a_problem_in_a_basis_is_shown_beside_its_row(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    fields = form_fields(client.get("/documents/quyet-dinh-khen-thuong-2024/edit").text)
    fields["bases@3@text"] = "khong-co-van-ban-nay"
    answer = client.post("/documents/validate", json=fields)
    assert answer.status_code == 200, answer.text
    assert "bases@3" in [p["path"] for p in answer.json()["problems"]]


def test_the_minutes_name_members_and_schools(fresh_root: Path, client_for: ClientFactory) -> None:
    client = client_for(fresh_root, "lan")
    spec_id = "bien-ban-hoi-dong-2024"
    path = fresh_root / DOCS / f"{spec_id}.yaml"
    before = path.read_bytes()
    page = client.get(f"/documents/{spec_id}/edit").text
    shown = visible_text(page)
    assert problems(shown) == []
    for label in ("Thành viên vắng mặt", "Lý do", "Tên tập thể, cá nhân", "Số phiếu tán thành"):
        assert label in shown
    assert 'class="code"' not in page  # no field left to the advanced YAML editor
    fields = form_fields(page)
    assert fields["votes.exceptions@1@school"] == "can-tho"
    assert fields["absent@1@member"] == "ngo-thanh-binh"
    _save(client, spec_id, fields)
    assert path.read_bytes() == before
    # a vote count that is not a number: beside its row
    fields["votes.exceptions@2@for"] = "tám"
    answer = client.post("/documents/validate", json=fields)
    assert "votes.exceptions@2" in [p["path"] for p in answer.json()["problems"]]
    # a member no longer absent: removed with the row's button
    removed = client.post(f"/documents/{spec_id}/edit", data={**fields, "op": "absent@0@remove"})
    fields = form_fields(removed.text)
    fields["votes.exceptions@2@for"] = "8"
    _save(client, spec_id, fields)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["absent"] == [{"member": "ngo-thanh-binh", "reason": "ốm"}]


def test_a_reports_lists_are_points_with_sub_points(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    client = client_for(fresh_root, "lan")
    spec_id = "bao-cao-tong-ket-2022-2025"
    path = fresh_root / DOCS / f"{spec_id}.yaml"
    before = path.read_bytes()
    page = client.get(f"/documents/{spec_id}/edit").text
    assert 'class="code"' not in page and problems(visible_text(page)) == []
    fields = form_fields(page)
    assert fields["directions@0@kind"] == "point"
    _save(client, spec_id, fields)
    assert path.read_bytes() == before
    first = fields["directions@0@text"]
    set_rows(
        fields,
        "directions",
        [("point", 0, first, ""), ("point", 1, "ở cấp tỉnh;", ""), ("point", 0, "Khác.", "")],
    )
    _save(client, spec_id, fields)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["directions"] == [{"text": first, "points": ["ở cấp tỉnh;"]}, "Khác."]
    # an empty sub-point: the CLI's message beside its row
    fields["directions@1@text"] = ""
    answer = client.post("/documents/validate", json=fields).json()
    assert "directions@1" in [p["path"] for p in answer["problems"]]


def test_every_example_saved_from_its_page_unchanged_is_the_same_file(
    fresh_root: Path, client_for: ClientFactory
) -> None:
    """The round trip through the page's HTML, as a browser sends it: the selects, tables and
    rows of every example give back the file, byte for byte."""
    client = client_for(fresh_root, "lan")
    changed = []
    for path in sorted((fresh_root / DOCS).glob("*.yaml")):
        before = path.read_bytes()
        _save(client, path.stem, form_fields(client.get(f"/documents/{path.stem}/edit").text))
        if path.read_bytes() != before:
            changed.append(path.name)
    assert changed == []
