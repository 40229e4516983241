"""The users of the web app: a YAML file of names, roles, issuers and argon2 password hashes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, cast

import yaml

from docgen.output import write_atomic
from docgen.web.config import sessions_file
from docgen.web.errors import UsersError
from docgen.web.sessions import SessionStore

Role = Literal["admin", "van_thu", "reader"]
ROLES: dict[str, str] = {"admin": "Quản trị", "van_thu": "Văn thư", "reader": "Người xem"}
ALL_ISSUERS = "all"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
_ISSUER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# a clerk's password: long enough not to be guessed on the LAN in a working day
MIN_PASSWORD = 8

_HEADER = (
    "# Users of `docgen serve`, written by `docgen user` and the Người dùng page. Passwords are\n"
    "# argon2 hashes: the file never holds a password. Roles: admin (manages users, acts for\n"
    "# every issuer), van_thu (builds, voids, imports, prints for the issuers granted to it),\n"
    "# reader. issuers: the issuer ids of data/issuers.yaml the user acts for, or all; a user\n"
    "# written before issuers existed (no issuers key) acts for all, as it always did.\n"
)


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    password_hash: str
    # the issuers this user acts for (builds, voids, imports, prints); None: every issuer
    issuers: frozenset[str] | None = None
    disabled: bool = False

    @property
    def role_label(self) -> str:
        return ROLES[self.role]

    @property
    def all_issuers(self) -> bool:
        return self.role == "admin" or self.issuers is None

    def acts_for(self, issuer: str) -> bool:
        """True when this user may build, void, import or print for ``issuer``."""
        return self.all_issuers or issuer in (self.issuers or ())

    @property
    def issuers_label(self) -> str:
        if self.all_issuers:
            return "tất cả"
        return ", ".join(sorted(self.issuers or ())) or "không cơ quan nào"


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


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsersError(
            f"the password must have at least {MIN_PASSWORD} characters", code="USERS-PASSWORD"
        )
    return password


def check_issuers(issuers: Iterable[str] | None) -> frozenset[str] | None:
    """The issuers granted, as stored: None for all (``all`` among them, or none given)."""
    if issuers is None:
        return None
    found = {str(i).strip() for i in issuers if str(i).strip()}
    if ALL_ISSUERS in found:
        return None
    for issuer in sorted(found):
        if not _ISSUER.match(issuer):
            raise UsersError(f"'{issuer}' is not an issuer id", code="USERS-ISSUER")
    return frozenset(found)


def _read_issuers(path: Path, name: str, value: object) -> frozenset[str] | None:
    if value is None or value == ALL_ISSUERS:
        return None
    if isinstance(value, list) and all(isinstance(i, str) for i in value):
        return check_issuers(value) if value else frozenset()
    raise UsersError(
        f"{path}: user '{name}': issuers is a list of issuer ids, or all", code="USERS-READ"
    )


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
        users[str(name)] = User(
            str(name),
            cast(Role, entry["role"]),
            entry["password"],
            _read_issuers(path, str(name), entry.get("issuers")),
            entry.get("disabled") is True,
        )
    return users


def save_users(path: Path, users: dict[str, User]) -> None:
    """Write the file atomically, readable by its owner only (it holds password hashes)."""
    body: dict[str, dict[str, object]] = {}
    for u in sorted(users.values(), key=lambda u: u.name):
        entry: dict[str, object] = {"role": u.role, "password": u.password_hash}
        entry["issuers"] = ALL_ISSUERS if u.issuers is None else sorted(u.issuers)
        if u.disabled:
            entry["disabled"] = True
        body[u.name] = entry
    text = _HEADER + yaml.safe_dump({"users": body}, allow_unicode=True, sort_keys=False)
    write_atomic(path, text.encode("utf-8"))
    os.chmod(path, 0o600)


def add_user(
    path: Path,
    name: str,
    role: str,
    password: str,
    issuers: Iterable[str] | None = None,
) -> User:
    """Add a user, or set an existing user's role and password (and issuers, when given;
    a user added without them acts for every issuer)."""
    check_name(name)
    if role not in ROLES:
        raise UsersError(f"unknown role '{role}' (one of: {', '.join(ROLES)})", code="USERS-ROLE")
    check_password(password)
    users = load_users(path)
    known = users.get(name)
    granted = check_issuers(issuers) if issuers is not None else (known.issuers if known else None)
    user = User(name, cast(Role, role), hash_password(password), granted)
    users[name] = user
    save_users(path, users)
    end_sessions(path, name)  # a new password: whoever held the old one is signed out
    return user


def end_sessions(path: Path, name: str) -> int:
    """End every open session of ``name`` (of the users file ``path``): how many ended."""
    return SessionStore(sessions_file(path)).end_user(name)


def change_user(
    path: Path,
    name: str,
    *,
    password: str | None = None,
    issuers: Iterable[str] | None = None,
    disabled: bool | None = None,
    role: str | None = None,
) -> User:
    """Change one thing or more of an existing user: password, issuers, disabled, role."""
    users = load_users(path)
    user = users.get(name)
    if user is None:
        raise UsersError(f"no user '{name}' in {path}", code="USERS-UNKNOWN")
    if role is not None:
        if role not in ROLES:
            raise UsersError(
                f"unknown role '{role}' (one of: {', '.join(ROLES)})", code="USERS-ROLE"
            )
        user = replace(user, role=cast(Role, role))
    if password is not None:
        user = replace(user, password_hash=hash_password(check_password(password)))
    if issuers is not None:
        user = replace(user, issuers=check_issuers(issuers))
    if disabled is not None:
        user = replace(user, disabled=disabled)
    users[name] = user
    save_users(path, users)
    if password is not None or disabled or role is not None:
        end_sessions(path, name)
    return user


def remove_user(path: Path, name: str) -> None:
    users = load_users(path)
    if name not in users:
        raise UsersError(f"no user '{name}' in {path}", code="USERS-UNKNOWN")
    del users[name]
    save_users(path, users)
    end_sessions(path, name)
