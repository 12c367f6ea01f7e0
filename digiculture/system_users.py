"""System users the kit runs things as (Linux, needs root to create them)."""

from __future__ import annotations

import pwd
import subprocess


def system_user(name: str, comment: str) -> tuple[int, int]:
    """uid and gid of the system user `name`; created, without a home or a shell, if missing."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        made = subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                "--comment",
                comment,
                name,
            ],
            capture_output=True,
            text=True,
        )
        try:
            entry = pwd.getpwnam(name)  # another process may have made it at the same moment
        except KeyError:
            made.check_returncode()
            raise
    return entry.pw_uid, entry.pw_gid
