"""The document types table: names, abbreviations per system, symbols in each system's form."""

from __future__ import annotations

import pytest

from docgen.register.symbols import format_symbol, number_line
from docgen.rules import load_rules

TYPES = load_rules().document_types


@pytest.mark.parametrize(
    ("system", "type_id", "number", "issuer", "expected"),
    [
        ("party", "cong_van", 125, "HVCTQG", "Số 125-CV/HVCTQG"),  # HD 36: công văn is CV
        ("state", "cong_van", 125, "SNV-VP", "Số: 125/SNV-VP"),  # ND 30: no type, the unit
        ("party", "huong_dan", 568, "HVCTQG", "Số 568-HD/HVCTQG"),
        ("state", "huong_dan", 4, "SNV", "Số: 04/HD-SNV"),
        ("state", "thong_bao", 12, "SNV", "Số: 12/TB-SNV"),
        ("state", "giay_moi", 7, "UBND", "Số: 07/GM-UBND"),
        ("party", "quy_dinh", 3, "HVCTQG", "Số 03-QĐ/HVCTQG"),  # Party quy định: QĐ
        ("state", "quy_dinh", 3, "SNV", "Số: 03/QyĐ-SNV"),  # State quy định: QyĐ
        ("party", "ket_luan", 15, "TU", "Số 15-KL/TU"),
        ("party", "chuong_trinh", 9, "HVCTQG", "Số 09-CTr/HVCTQG"),
        ("state", "to_trinh", 21, "SNV", "Số: 21/TTr-SNV"),
        ("state", "thu_cong", 5, "UBND", "Số: 05/UBND"),
    ],
)
def test_symbols_in_each_systems_form(
    system: str, type_id: str, number: int, issuer: str, expected: str
) -> None:
    abbr = TYPES[type_id].abbr_for(system)  # type: ignore[arg-type]
    symbol = format_symbol(system, number, abbr, issuer)  # type: ignore[arg-type]
    assert number_line(system, symbol) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("system", "type_id"), [("state", "ket_luan"), ("party", "hop_dong")])
def test_a_type_of_one_system_only(system: str, type_id: str) -> None:
    with pytest.raises(ValueError, match="is not a document type of the"):
        TYPES[type_id].abbr_for(system)  # type: ignore[arg-type]


def test_the_table_holds_every_type_of_nd30_and_the_party_types() -> None:
    state = {t.abbr_for("state") for t in TYPES.values() if t.exists_in("state")}
    # ND 30/2020 Phụ lục III mục I: the 27 abbreviations (công văn and thư công have none)
    nd30 = "NQ QĐ CT QC QyĐ TC TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ BGN BTT GUQ GM GGT GNP PG PC"
    assert state - {None} == {*nd30.split(" "), "PB"}
    party = {t.abbr_for("party") for t in TYPES.values() if t.exists_in("party")}
    issue = "HD TB BC CV TTr KH CTr QĐ QC NQ CT KL BB TT"  # the Party types named in the issue
    assert set(issue.split(" ")) <= party


def test_required_components_follow_the_type() -> None:
    assert TYPES["cong_van"].layout == "letter"
    assert set(TYPES["cong_van"].requires) >= {"letter_subject", "addressee", "recipients"}
    assert "type_name" not in TYPES["cong_van"].requires
    assert "addressee" in TYPES["to_trinh"].requires
    assert "recipients" in TYPES["bien_ban"].requires  # ND 30 Phụ lục III mẫu 1.9
    assert TYPES["ke_hoach"].requires == ("type_name", "subject", "recipients", "page_numbers")


def test_names_in_running_text() -> None:
    assert TYPES["huong_dan"].text_name == "Hướng dẫn"
    assert load_rules().document_type("decision_award").text_name == "Quyết định"  # recorded
