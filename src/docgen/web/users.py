"""The users of the web app: a YAML file of names, roles and argon2 password hashes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import yaml

from docgen.output import write_atomic
from docgen.web.errors import UsersError

Role = Literal["van_thu", "reader"]
ROLES: dict[str, str] = {"van_thu": "Văn thư", "reader": "Người xem"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
# a clerk's password: long enough not to be guessed on the LAN in a working day
MIN_PASSWORD = 8

_HEADER = (
    "# Users of `docgen serve`, written by `docgen user add`. Passwords are argon2 hashes:\n"
    "# the file never holds a password. Roles: van_thu (build, void, certificates), reader.\n"
)


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    password_hash: str

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(user: User | None, password: str) -> bool:
    """True when ``password`` is the user's. An unknown user costs the same time as a known
    one (a dummy hash is checked), so a wrong name cannot be told from a wrong password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    target = user.password_hash if user is not None else _dummy_hash()
    try:
        hasher.verify(target, password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password("docgen-dummy-password"))
    return _DUMMY[0]


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise UsersError(
            f"'{name}' is not a valid user name: use lowercase letters, digits, '.', '-' or '_' "
            "(at most 40), starting with a letter or digit",
            code="USERS-NAME",
        )
    return name


def load_users(path: Path) -> dict[str, User]:
    """Every user of the file; an absent file has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsersError(f"cannot read {path}: {exc.strerror}", code="USERS-READ") from exc
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise UsersError(f"{path}{where}: not valid YAML", code="USERS-READ") from exc
    raw = data.get("users") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        raise UsersError(f"{path}: expected a 'users:' mapping", code="USERS-READ")
    users: dict[str, User] = {}
    for name, entry in raw.items():
        if (
            not isinstance(entry, dict)
            or entry.get("role") not in ROLES
            or not isinstance(entry.get("password"), str)
        ):
            raise UsersError(
                f"{path}: user '{name}' needs a role ({', '.join(ROLES)}) and a password hash",
                code="USERS-READ",
            )
        users[str(name)] = User(str(name), cast(Role, entry["role"]), entry["password"])
    return users


def save_users(path: Path, users: dict[str, User]) -> None:
    """Write the file atomically, readable by its owner only (it holds password hashes)."""
    body = {
        "users": {
            u.name: {"role": u.role, "password": u.password_hash}
            for u in sorted(users.values(), key=lambda u: u.name)
        }
    }
    text = _HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
    write_atomic(path, text.encode("utf-8"))
    os.chmod(path, 0o600)


def add_user(path: Path, name: str, role: str, password: str) -> User:
    """Add a user, or set an existing user's role and password."""
    check_name(name)
    if role not in ROLES:
        raise UsersError(f"unknown role '{role}' (one of: {', '.join(ROLES)})", code="USERS-ROLE")
    if len(password) < MIN_PASSWORD:
        raise UsersError(
            f"the password must have at least {MIN_PASSWORD} characters", code="USERS-PASSWORD"
        )
    users = load_users(path)
    user = User(name, cast(Role, role), hash_password(password))
    users[name] = user
    save_users(path, users)
    return user


def remove_user(path: Path, name: str) -> None:
    users = load_users(path)
    if name not in users:
        raise UsersError(f"no user '{name}' in {path}", code="USERS-UNKNOWN")
    del users[name]
    save_users(path, users)
