"""A private PostgreSQL server for the tests: Debian's own binaries (installed by `make test`
when missing), a data folder in a temporary directory, 127.0.0.1 on a free port, a random
password. As root, the server runs as the unprivileged system user `kitpg` (created when
missing: PostgreSQL refuses to run as root). Stopped and removed at the end of the session.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from digiculture.server import free_port
from digiculture.system_users import system_user

SERVER_USER = "kitpg"
DB_USER = "kit"


def postgres_bin() -> Path | None:
    """The folder of `initdb` and `postgres`: KIT_PG_BIN, Debian's newest, or the PATH."""
    if os.environ.get("KIT_PG_BIN"):
        return Path(os.environ["KIT_PG_BIN"])
    debian = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    if debian:
        return max(debian, key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0))
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _server_ids() -> tuple[int, int] | None:
    """uid/gid to run the server as: `kitpg` when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    return system_user(SERVER_USER, "BoostDigiCulture kit tests - runs a private PostgreSQL server")


@dataclass
class PostgresServer:
    bin_dir: Path
    folder: Path
    port: int = 0
    password: str = field(default_factory=lambda: secrets.token_hex(12))
    process: subprocess.Popen | None = None
    _databases: int = 0

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        pw = self.password if password is None else password
        return f"postgresql://{DB_USER}:{pw}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new, empty database; returns its URL."""
        import psycopg

        self._databases += 1
        name = f"results_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _run_as(ids: tuple[int, int] | None) -> dict:
    if ids is None:
        return {}
    return {"user": ids[0], "group": ids[1], "extra_groups": []}


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    if bin_dir is None or not (bin_dir / "postgres").exists():
        pytest.fail(
            "PostgreSQL is not installed: `make test` installs Debian's package 'postgresql' "
            "(or set KIT_PG_BIN to the folder of initdb and postgres)."
        )
    ids = _server_ids()
    # Not under pytest's tmp_path: its folders are private to root, the server user needs in.
    folder = Path(tempfile.mkdtemp(prefix="kit-postgres-"))
    server = PostgresServer(bin_dir, folder)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
    try:
        pwfile = folder / "password"
        pwfile.write_text(server.password + "\n")
        if ids:
            for path in (folder, pwfile):
                os.chown(path, *ids)
        subprocess.run(
            [
                str(bin_dir / "initdb"),
                "--pgdata",
                str(folder / "data"),
                "--username",
                DB_USER,
                "--pwfile",
                str(pwfile),
                "--auth",
                "scram-sha-256",
                "--encoding",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            cwd=folder,
            env=env,
            **_run_as(ids),
        )
        for _attempt in range(3):  # another process may take the free port first
            server.port = free_port()
            log = (folder / "server.log").open("ab")
            server.process = subprocess.Popen(
                [
                    str(bin_dir / "postgres"),
                    "-D",
                    str(folder / "data"),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    f"port={server.port}",
                    "-c",
                    f"unix_socket_directories={folder}",
                    "-c",
                    "max_connections=150",
                    "-c",
                    "fsync=off",  # a throw-away test server: speed over durability
                    "-c",
                    "full_page_writes=off",
                ],
                cwd=folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **_run_as(ids),
            )
            if _wait_ready(server):
                break
            _stop(server)
        else:
            pytest.fail(f"PostgreSQL did not start; see {folder / 'server.log'}")
        yield server
    finally:
        _stop(server)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(server: PostgresServer, timeout: float = 30) -> bool:
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            with psycopg.connect(server.url(), connect_timeout=2):
                return True
        except psycopg.OperationalError:
            time.sleep(0.1)
    return False


def _stop(server: PostgresServer) -> None:
    proc = server.process
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
