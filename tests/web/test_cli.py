"""``docgen user`` and ``docgen serve``: users are added with a prompted password, stored as
argon2 hashes; the server binds to 127.0.0.1 unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli.main import cli
from docgen.cli.serve import serve_command
from docgen.web.config import users_file
from docgen.web.users import load_users, verify_password


def run(root: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(root), *args], input=input)
    return result.exit_code, result.output


def test_user_add_prompts_for_the_password_and_stores_a_hash(tmp_path: Path) -> None:
    code, out = run(
        tmp_path, "user", "add", "lan", "--role", "van_thu", input="mat-khau-dai\nmat-khau-dai\n"
    )
    assert code == 0, out
    assert "user lan (van_thu) saved" in out
    user = load_users(users_file(tmp_path))["lan"]
    assert user.role == "van_thu"
    assert "mat-khau-dai" not in users_file(tmp_path).read_text(encoding="utf-8")
    assert verify_password(user, "mat-khau-dai") and not verify_password(user, "other-pass")
    code, out = run(tmp_path, "user", "list")
    assert "lan  van_thu" in out and "1 user in" in out


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["Lan Anh", "--role", "van_thu"], "mat-khau-dai", "error[USERS-NAME]"),
        (["lan", "--role", "reader"], "ngan", "error[USERS-PASSWORD]: the password must have"),
        (["lan", "--role", "boss"], "mat-khau-dai", "Invalid value for '--role'"),
    ],
)
def test_user_add_refuses(tmp_path: Path, args: list[str], password: str, message: str) -> None:
    code, out = run(tmp_path, "user", "add", *args, "--password-stdin", input=password + "\n")
    assert code != 0
    assert message in out
    assert "Traceback" not in out
    assert not users_file(tmp_path).exists()


def test_user_remove(tmp_path: Path) -> None:
    run(
        tmp_path,
        "user",
        "add",
        "minh",
        "--role",
        "reader",
        "--password-stdin",
        input="mat-khau-dai\n",
    )
    code, out = run(tmp_path, "user", "remove", "minh")
    assert code == 0 and load_users(users_file(tmp_path)) == {}
    code, out = run(tmp_path, "user", "remove", "minh")
    assert code == 2 and "error[USERS-UNKNOWN]" in out


def test_serve_binds_to_localhost_by_default() -> None:
    options = {p.name: p for p in serve_command.params}
    assert options["host"].default == "127.0.0.1"
    assert options["port"].default == 8000


def test_help_lists_serve_and_user() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    assert "serve" in out and "user" in out


def test_user_issuers_disable_and_enable(tmp_path: Path) -> None:
    code, out = run(
        tmp_path,
        *("user", "add", "lan", "--role", "van_thu", "--issuer", "hvctqg", "--password-stdin"),
        input="mat-khau-dai\n",
    )
    assert code == 0, out
    assert "lan  van_thu  hvctqg" in run(tmp_path, "user", "list")[1]
    code, out = run(tmp_path, "user", "grant", "lan", "hvctqg", "snv-nghe-an")
    assert code == 0 and "acts for the issuers: hvctqg, snv-nghe-an" in out
    assert run(tmp_path, "user", "disable", "lan")[0] == 0
    assert "lan  van_thu  hvctqg, snv-nghe-an  disabled" in run(tmp_path, "user", "list")[1]
    assert run(tmp_path, "user", "enable", "lan")[0] == 0
    assert not load_users(users_file(tmp_path))["lan"].disabled
    code, out = run(tmp_path, "user", "grant", "lan", "all")
    assert load_users(users_file(tmp_path))["lan"].issuers is None
    code, out = run(tmp_path, "user", "grant", "nobody", "hvctqg")
    assert code == 2 and "error[USERS-UNKNOWN]" in out


def test_serve_refuses_every_address_without_allowed_hosts(tmp_path: Path) -> None:
    code, out = run(tmp_path, "serve", "--host", "0.0.0.0")
    assert code == 2
    assert "error[WEB-ALLOWED-HOSTS]" in out and "--allowed-host" in out
