"""Unix accounts for the hub's people: one user per learner and facilitator, made by the kit.

Every account the kit makes is in the group `digiculture-hub`; the spawner refuses to start a
server for a name that belongs to any other Unix user (so signing up as `root` or `www-data`
gets nobody's rights). Home folders are private (mode 0700). Linux only, as root.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

from digiculture.errors import UserError

KIT_GROUP = "digiculture-hub"


class AccountError(UserError):
    """A Unix account could not be made or used; the message says what to do."""


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        raise AccountError(
            f"`{' '.join(argv)}` failed: {result.stderr.strip() or result.stdout.strip()}. "
            "The hub must run as root on Linux to make accounts."
        )


def ensure_group(name: str) -> int:
    """The group's id; the group is made when missing."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        try:
            _run(["groupadd", "--system", name])
        except AccountError:
            if not group_exists(name):  # not made by another process at the same moment
                raise
        return grp.getgrnam(name).gr_gid


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def is_kit_user(name: str) -> bool:
    """True when `name` is a Unix user the kit made (member of `digiculture-hub`)."""
    try:
        pwd.getpwnam(name)
        return name in grp.getgrnam(KIT_GROUP).gr_mem
    except KeyError:
        return False


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def ensure_user(name: str, home_base: Path) -> pwd.struct_passwd:
    """The kit's Unix user `name`, made (with a private home in home_base) when missing."""
    ensure_group(KIT_GROUP)
    if user_exists(name):
        if not is_kit_user(name):
            raise AccountError(
                f"There is already a Unix account '{name}' on this machine that the kit did not "
                "make, so the hub will not start a server as it: give this person another name."
            )
    else:
        home = Path(home_base) / name
        home.parent.mkdir(parents=True, exist_ok=True)
        _run(
            [
                "useradd",
                "--create-home",
                "--home-dir",
                str(home),
                "--shell",
                "/bin/bash",
                "--user-group",
                "--groups",
                KIT_GROUP,
                "--comment",
                "BoostDigiCulture hub",
                name,
            ]
        )
    entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    if not home.is_dir():
        home.mkdir(parents=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return entry


def add_to_group(user: str, group: str) -> None:
    ensure_group(group)
    if user not in grp.getgrnam(group).gr_mem:
        _run(["gpasswd", "--add", user, group])


def remove_from_group(user: str, group: str) -> None:
    try:
        members = grp.getgrnam(group).gr_mem
    except KeyError:
        return
    if user in members:
        _run(["gpasswd", "--delete", user, group])


def remove_user(name: str, remove_home: bool = True) -> None:
    """Remove one of the kit's users (and its home); other accounts are never touched."""
    if not is_kit_user(name):
        return
    home = Path(pwd.getpwnam(name).pw_dir)
    uid = pwd.getpwnam(name).pw_uid
    for _ in range(50):  # killed processes take a moment to go away
        if not stop_processes_of(uid):
            break
        time.sleep(0.2)
    _run(["userdel", name])
    if remove_home and home.is_dir():
        shutil.rmtree(home, ignore_errors=True)


def stop_processes_of(uid: int) -> list[int]:
    """Kill, by process id, every process running as `uid` (one of the kit's users)."""
    if uid == 0:
        raise ValueError("refusing to stop root's processes")
    killed = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                os.kill(int(entry.name), 9)
                killed.append(int(entry.name))
        except (OSError, ProcessLookupError):
            continue
    return killed


def remove_group(name: str) -> None:
    if not group_exists(name):
        return
    subprocess.run(["groupdel", name], capture_output=True)
