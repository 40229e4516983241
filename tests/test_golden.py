"""Golden files: normalised document.xml, a readable dump and the parts around the body (headers,
footers, settings, docgen's styles, the images' sizes) of each example document.

Regenerate after an intended change with ``DOCGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff before committing (README.md, "Golden files").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.docx_inspect import normalised_document_xml, parts_dump, text_dump
from tests.support.golden import update_golden, write_if_updating

GOLDEN = Path(__file__).parent / "golden"
NAMES = [
    "ke-hoach-1247-KH-HVCTQG",
    "ke-hoach-2024-KH-HVCTQG",
    "ke-hoach-van-hoa-cong-so-SNV",
    "quyet-dinh-khen-thuong-2024-HVCTQG",
    "quyet-dinh-khen-thuong-UBND-nghe-an-2024",
    "quyet-dinh-khen-thuong-UBND-nghe-an-2025",
    "quyet-dinh-1248-QD-HVCTQG-phat-dong",
    "to-trinh-87-TTr-TCT-lao-cai",
    "to-trinh-64-TTr-TCT-can-tho",
    "to-trinh-112-TTr-TCT-da-nang",
    "to-trinh-95-TTr-TCT-nghe-an",
    "bien-ban-hoi-dong-tdkt-2024-HVCTQG",
    "bao-cao-tong-ket-2022-2025-HVCTQG",
    # issue 25: a decision of a period and two awards (a title of the office's own, the Giám
    # đốc's Bằng khen) over bodies of the Học viện; a province's upward Tờ trình and the minutes
    "quyet-dinh-tong-ket-2022-2025-HVCTQG",
    "to-trinh-ubnd-nghe-an-ttg-2025",
    "bien-ban-hd-tdkt-nghe-an-ttg-2025",
    # kind: document, each type in both systems
    "huong-dan-568-HD-HVCTQG",
    "huong-dan-luu-tru-HD-SNV",
    "cong-van-125-CV-HVCTQG",
    "cong-van-125-SNV-VP",
    "thong-bao-1310-TB-HVCTQG",
    "thong-bao-ket-luan-TB-SNV",
    "giay-moi-1302-GM-HVCTQG",
    "giay-moi-hoi-nghi-GM-SNV",
    "bao-cao-112-BC-TCT-lao-cai",
    "bao-cao-6-thang-BC-SNV",
    "quyet-dinh-120-QD-TCT-quy-che",
    "quyet-dinh-12-QD-SNV-quy-che",
    "ke-hoach-118-KH-TCT-hoi-thi",
    "ke-hoach-tap-huan-KH-SNV",
]


# kind of golden file → (its file's ending, what it holds)
KINDS = {
    "xml": ("xml", normalised_document_xml),
    "txt": ("txt", text_dump),
    "parts": ("parts.txt", parts_dump),
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_matches_golden(outputs: dict[str, Path], name: str, kind: str) -> None:
    path = outputs[f"{name}.docx"]
    ending, dump = KINDS[kind]
    actual = dump(path)
    golden = GOLDEN / f"{name}.{ending}"
    write_if_updating(golden, actual)
    assert actual == golden.read_text(encoding="utf-8")


def test_every_example_has_its_golden_files(outputs: dict[str, Path]) -> None:
    """Each document of data/documents/ is compared: a new example needs its golden files."""
    assert sorted(NAMES) == sorted(Path(name).stem for name in outputs)


@pytest.mark.parametrize("value", ["0", "false", "no", "yes", "2", " 1"])
def test_only_1_rewrites_the_golden_files(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """Any value but 1 is an error: "0" once rewrote every golden file, and passed."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("DOCGEN_UPDATE_GOLDEN", value)
    with pytest.raises(
        pytest.fail.Exception, match=re.escape(f"DOCGEN_UPDATE_GOLDEN={value!r}: only")
    ):
        update_golden()
    monkeypatch.setenv("DOCGEN_UPDATE_GOLDEN", "1")
    assert update_golden()
    monkeypatch.setenv("DOCGEN_UPDATE_GOLDEN", "")
    assert not update_golden()
    monkeypatch.delenv("DOCGEN_UPDATE_GOLDEN")
    assert not update_golden()


def test_ci_never_rewrites_the_golden_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("DOCGEN_UPDATE_GOLDEN", "1")
    with pytest.raises(pytest.fail.Exception, match="under CI=true"):
        update_golden()
