"""The web app's limits (limits.yaml beside this module) and where it keeps its files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_LIMITS_FILE = Path(__file__).with_name("limits.yaml")

# Inside the workspace: the users file and the session secret (git-ignored, like the default
# register of a folder that is not a workspace), and the cache of previews and checks.
STATE_DIR = ".docgen"
CACHE_DIR = ".docgen-cache"


@dataclass(frozen=True)
class Limits:
    upload_max_bytes: int
    session_max_age_s: int
    login_max_failures: int
    login_address_max_failures: int
    login_window_s: int
    login_name_delay_step_ms: int
    login_name_delay_max_ms: int
    preview_dpi: int
    convert_timeout_s: int
    progress_poll_ms: int
    log_page_rows: int
    list_page_rows: int
    confirm_max_age_s: int
    award_page_rows: int


@cache
def load_limits() -> Limits:
    data = yaml.safe_load(_LIMITS_FILE.read_text(encoding="utf-8"))
    return Limits(**{name: int(data[name]) for name in Limits.__dataclass_fields__})


def users_file(root: Path) -> Path:
    return root / STATE_DIR / "users.yaml"


def secret_file(root: Path) -> Path:
    return root / STATE_DIR / "web-secret"


def sessions_file(users: Path) -> Path:
    """The open sessions of the users of ``users`` (a users file): in the same folder, so that
    `docgen user` and every server on the workspace see the same sessions."""
    return users.with_name("sessions.sqlite")


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR
