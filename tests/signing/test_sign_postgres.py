"""docgen sign and verify with the office's register on PostgreSQL: the signatures are recorded
in it, and verify finds the signed file there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.api import build
from docgen.register import open_register
from tests.register.conftest import fresh_pg_url, pg_url  # noqa: F401 (fixtures)
from tests.signing.conftest import SIGNED, SPEC, SYMBOL, Keys, docgen
from tests.support.tools import require


@pytest.mark.postgres
def test_signatures_recorded_in_a_postgresql_register(
    fresh_pg_url: str,  # noqa: F811
    keys: Keys,
    tmp_path: Path,
    issued_workspace: Path,
) -> None:
    require("soffice")
    ws = tmp_path / "ws"
    shutil.copytree(issued_workspace / "data", ws / "data")
    shutil.copytree(issued_workspace / "templates", ws / "templates")
    shutil.copytree(issued_workspace / ".docgen" / "esign", ws / ".docgen" / "esign")
    open_register(fresh_pg_url, create=True)
    report = build(ws, ws / "output", register=fresh_pg_url)
    assert not report.failed
    for role in ("signer", "office"):
        code, _, err = docgen(
            ws,
            "--register",
            fresh_pg_url,
            "sign",
            SPEC,
            "--as",
            role,
            "--p12",
            str(keys.p12(role)),
            "--password-stdin",
        )
        assert code == 0, err
    register = open_register(fresh_pg_url, workspace="hvctqg-vi-du-2024")
    entry = register.entry_by_symbol(SYMBOL)
    assert entry is not None
    assert [r.role for r in register.signatures(entry.id)] == ["signer", "office"]
    code, out, _ = docgen(
        ws,
        "--register",
        fresh_pg_url,
        "verify",
        str(ws / SIGNED),
        "--trust",
        str(keys.root),
        password=None,
    )
    assert code == 0, out
    assert f"register: the document issued as {SYMBOL}" in out
