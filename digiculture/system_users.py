"""System users the kit runs things as (Linux, needs root to create them)."""

from __future__ import annotations

import pwd
import subprocess


def system_user(name: str, comment: str) -> tuple[int, int]:
    """uid and gid of the system user `name`; created, without a home or a shell, if missing."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
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
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(name)
    return entry.pw_uid, entry.pw_gid
