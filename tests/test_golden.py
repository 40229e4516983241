"""Golden files: normalised document.xml and a readable dump of each example document.

Regenerate after an intended change with ``DOCGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.docx_inspect import normalised_document_xml, text_dump

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
    "bien-ban-hoi-dong-tdkt-2024-HVCTQG",
    "bao-cao-tong-ket-2022-2025-HVCTQG",
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


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["xml", "txt"])
def test_matches_golden(outputs: dict[str, Path], name: str, kind: str) -> None:
    path = outputs[f"{name}.docx"]
    actual = normalised_document_xml(path) if kind == "xml" else text_dump(path)
    golden = GOLDEN / f"{name}.{kind}"
    if os.environ.get("DOCGEN_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with DOCGEN_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8")
