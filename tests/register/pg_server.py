"""A throwaway PostgreSQL server for the tests: its own data folder in a temporary directory,
listening on 127.0.0.1 (a free port) and a unix socket in that directory, trust
authentication, stopped and deleted at the end.

``DOCGEN_TEST_PG_URL=postgresql://user@host/db`` points the tests at an existing server
instead (the tests create and drop their own databases on it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_USER = "postgres"  # the Debian package's system user; initdb refuses to run as root
DATABASE = "docgen_test"


class ServerUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def find_binary(name: str) -> str:
    """``initdb``/``pg_ctl`` on PATH, else the newest /usr/lib/postgresql/*/bin (Debian keeps
    the server binaries off PATH)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise ServerUnavailable(f"{name} not found on PATH or in /usr/lib/postgresql/*/bin")
    return candidates[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """As root, run a server command as the postgres system user (runuser, else su)."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--", *command]
    if shutil.which("su"):
        return ["su", SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(command)]
    raise ServerUnavailable("running as root, and neither runuser nor su is available")


def _run(command: list[str], what: str, timeout: float = 120) -> None:
    try:
        done = subprocess.run(
            _as_server_user(command),
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ServerUnavailable(f"{what}: {exc}") from exc
    if done.returncode != 0:
        output = (done.stderr.strip() or done.stdout.strip())[-400:]
        raise ServerUnavailable(f"{what} failed: {output}")


def _create_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of an empty database on a new local server (or on DOCGEN_TEST_PG_URL)."""
    try:
        import psycopg
    except ImportError as exc:
        raise ServerUnavailable("the psycopg package is not installed") from exc
    url = os.environ.get("DOCGEN_TEST_PG_URL")
    if url:
        try:
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise ServerUnavailable(f"DOCGEN_TEST_PG_URL does not answer: {exc}") from exc
        yield url
        return
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SERVER_USER)
        except KeyError as exc:
            raise ServerUnavailable(f"running as root and no '{SERVER_USER}' user") from exc
    root = Path(tempfile.mkdtemp(prefix="docgen-pg-"))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    sock.mkdir()
    if owner is not None:
        for path in (root, sock):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    started = False
    try:
        _run(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        error: ServerUnavailable | None = None
        for _attempt in range(3):  # the free port may be taken between the check and the start
            port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c max_connections=60 "
                # a test server: durability is not what is tested here
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                _run(
                    [pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
                    "starting the server",
                )
            except ServerUnavailable as exc:
                tail = log.read_text(errors="replace")[-400:] if log.exists() else ""
                error = ServerUnavailable(f"{exc} {tail}".strip())
                continue
            started = True
            break
        if not started:
            assert error is not None
            raise error
        admin = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        _create_database(admin, DATABASE)
        yield f"postgresql://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        if started:
            try:
                _run([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], "stopping", 60)
            except ServerUnavailable:
                _run([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], "stopping", 60)
        shutil.rmtree(root, ignore_errors=True)
