"""Issue 23 case 8: the register's audit log — who, when, what, which document, why — read
with filters (library, ``docgen register log`` as text and as CSV), and append-only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli.register import register_group
from docgen.output import csv_cell as excel_safe
from docgen.register import Register, open_register
from docgen.register.audit import acting_as, current_actor
from docgen.register.log import VIETNAM
from tests.register.conftest import issue, make_request


@pytest.fixture(autouse=True)
def _no_register_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No DOCGEN_REGISTER, and a current folder that is no workspace: the CLI reads the whole
    register, as a head of office outside any workspace."""
    monkeypatch.delenv("DOCGEN_REGISTER", raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))


def run(*args: str) -> Result:
    return CliRunner().invoke(register_group, list(args))


def _acts(register_url: str) -> Register:
    """A workspace's register where lan (on the web) built, issued and voided, and the OS user
    imported a list."""
    register = open_register(register_url, workspace="ws-a")
    with acting_as("web:lan"):
        issue(register, make_request("data/documents/a.yaml", dt.date(2024, 9, 3)))
        issue(register, make_request("data/documents/b.yaml", dt.date(2024, 9, 5)))
        register.record("build", detail="2 written, 0 failed in output")
        register.void("hvctqg", "01-KH/HVCTQG", "Ghi sai ngày họp")
    register.record("import", spec="data/proposals/2024/lao-cai.yaml", detail="=1+1 from list")
    return register


def _raw(url: str, statement: str) -> None:
    """A statement on the raw database, as another program (or a clerk with a SQL tool)."""
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as pg:
            pg.execute(statement)
        return
    conn = sqlite3.connect(url)
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_every_act_is_logged_with_who_what_which_document_and_why(register_url: str) -> None:
    register = _acts(register_url)
    rows = register.log()
    assert [r.action for r in rows] == ["issue", "issue", "build", "void", "import"]
    assert [r.actor for r in rows[:4]] == ["web:lan"] * 4
    assert rows[4].actor == current_actor() and "@" in rows[4].actor  # the OS user at a host
    void = rows[3]
    assert void.symbol == "01-KH/HVCTQG" and void.reason == "Ghi sai ngày họp"
    assert void.document == "01-KH/HVCTQG (data/documents/a.yaml)"
    # the time is shown in Vietnam (UTC+7), stored in UTC
    assert void.when.utcoffset() == dt.timedelta(hours=7)
    assert abs(void.when - dt.datetime.now(VIETNAM)) < dt.timedelta(minutes=5)


def test_filters(register_url: str) -> None:
    register = _acts(register_url)
    assert [r.action for r in register.log(action="void")] == ["void"]
    assert {r.action for r in register.log(actor="LAN")} == {"issue", "build", "void"}
    assert [r.action for r in register.log(symbol="01-KH/HVCTQG")] == ["issue", "void"]
    assert [r.action for r in register.log(symbol="data/documents/b.yaml")] == ["issue"]
    today = dt.datetime.now(VIETNAM).date()
    assert len(register.log(since=today, until=today)) == 5
    assert register.log(since=today + dt.timedelta(days=1)) == []
    assert register.log(until=today - dt.timedelta(days=1)) == []
    newest = register.log(limit=2)
    assert [r.action for r in newest] == ["void", "import"]  # the newest, newest last
    assert [r.action for r in register.log(limit=2, before=newest[0].id)] == ["issue", "build"]
    assert register.log(actor="%") == []  # the text is a text, not a pattern


def test_a_workspace_reads_its_own_acts_and_the_registers(register_url: str) -> None:
    _acts(register_url)
    other = open_register(register_url, workspace="ws-b")
    other.record("build", detail="0 written, 0 failed in output")
    assert [r.action for r in other.log()] == ["build"]  # not ws-a's acts
    whole = open_register(register_url)  # outside any workspace: everything
    assert len(whole.log()) == 6
    whole.record("backup", detail="copied")  # the register's own act: every workspace sees it
    assert [r.action for r in other.log()] == ["build", "backup"]


@pytest.mark.parametrize("statement", ["UPDATE log SET actor = 'someone else'", "DELETE FROM log"])
def test_the_log_is_append_only(register_url: str, statement: str) -> None:
    _acts(register_url)
    with pytest.raises(Exception, match="append-only"):
        _raw(register_url, statement)
    assert len(open_register(register_url).log()) == 5


def test_cli_text(register_url: str) -> None:
    _acts(register_url)
    result = run("--register", register_url, "log", "--document", "01-KH/HVCTQG")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert "web:lan" in lines[1] and "void" in lines[1]
    assert "01-KH/HVCTQG (data/documents/a.yaml)" in lines[1]
    assert lines[1].endswith("reason: Ghi sai ngày họp")
    assert lines[2] == f"2 acts in the log of {open_register(register_url).target}"
    today = dt.datetime.now(VIETNAM).strftime("%d/%m/%Y")
    assert lines[0].startswith(today)
    # filters: by act, by user, by day (dd/mm/yyyy or yyyy-mm-dd)
    builds = run("--register", register_url, "log", "--action", "build").stdout.splitlines()
    assert len(builds) == 2 and "2 written, 0 failed in output" in builds[0]
    mine = run("--register", register_url, "log", "--actor", "web:").stdout
    assert mine.splitlines()[-1].startswith("4 acts")
    tomorrow = (dt.datetime.now(VIETNAM) + dt.timedelta(days=1)).date()
    later = run("--register", register_url, "log", "--since", tomorrow.strftime("%d/%m/%Y"))
    assert later.stdout.splitlines() == [
        f"0 acts in the log of {open_register(register_url).target}"
    ]
    iso = run("--register", register_url, "log", "--until", tomorrow.isoformat())
    assert iso.stdout.splitlines()[-1].startswith("5 acts")
    bad = run("--register", register_url, "log", "--since", "31/02/2024")
    assert bad.exit_code == 2 and "'31/02/2024' is not a day" in bad.output


def test_cli_csv_is_safe_to_open_in_excel(register_url: str) -> None:
    _acts(register_url)
    result = run("--register", register_url, "log", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["time", "who", "what", "document", "detail", "why"]
    assert len(rows) == 6
    assert rows[4][1:4] == ["web:lan", "void", "01-KH/HVCTQG (data/documents/a.yaml)"]
    assert rows[4][5] == "Ghi sai ngày họp"
    # a cell that Excel would run as a formula is text
    assert rows[5][4] == "'=1+1 from list"
    assert [excel_safe(c) for c in ("=A1", "+1", "-1", "@SUM(A1)", "ok")] == [
        "'=A1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "ok",
    ]


def test_a_register_that_does_not_exist_has_no_log(tmp_path: Path) -> None:
    result = run("--register", f"{tmp_path}/nope.sqlite", "log")
    assert result.exit_code != 0 and "REGISTER-MISSING" in result.output


def test_builds_certificates_and_user_changes_are_logged(tmp_path: Path, register_url: str) -> None:
    """Before: builds, certificate runs and user changes were logged nowhere."""
    from docgen.cli.main import cli
    from tests.conftest import make_workspace
    from tests.support.cli_run import run as run_in

    ws = make_workspace(tmp_path / "ws")
    documents = len(list((ws / "data" / "documents").glob("*.yaml")))
    code, _, err = run_in(ws, "--register", register_url, "build")
    assert code == 0, err
    certificates = "data/certificates/bang-khen-2024.yaml"
    code, _, err = run_in(
        ws, "--register", register_url, "certificates", str(ws / certificates), "--out", "c"
    )
    assert code == 0, err
    user = ["user", "add", "thu", "--role", "reader", "--password-stdin"]
    added = CliRunner().invoke(
        cli, ["-C", str(ws), "--register", register_url, *user], input="mat-khau-dai-du\n"
    )
    assert added.exit_code == 0, added.output
    code, out, err = run_in(ws, "--register", register_url, "register", "log", "--action", "build")
    assert code == 0, err
    assert f"{documents} written, 0 failed in {ws / 'output'}" in out.splitlines()[0]
    code, out, err = run_in(ws, "--register", register_url, "register", "log", "--limit", "2")
    lines = out.splitlines()
    assert "certificates" in lines[0] and certificates in lines[0]
    assert "58 written, 0 failed in" in lines[0]
    assert "user" in lines[1] and "added the web user thu (reader, issuers: all)" in lines[1]
    assert lines[2].startswith("2 acts in the log of")
