"""Worker slots: each grading worker that runs at the same time has its own Unix user and limits.

A learner's kernel runs as the slot's user (`kitgrader1`, `kitgrader2`, ...), never as a user
shared with a kernel that runs beside it. What one kernel does to the limits that count per
user (RLIMIT_NPROC: a fork bomb) or to the processes of its user (signals, /proc, ptrace)
touches no other kernel. Where the machine has cgroups (v2, or v1's `cpu` and `pids`
controllers), each slot also gets its own group: an equal share of the processors however
many processes a kernel starts, and a cap on their number.

A slot is held with a lock file (`flock`) for as long as a worker and its prepared
interpreter live: two grading runs at once (two courses) never use the same slot, and a run
killed with `kill -9` frees its slots when its workers end.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from digiculture.grading.sandbox import GRADER_USER
from digiculture.system_users import system_user

log = logging.getLogger("digiculture.grading")

#: The slots' users are this name followed by the slot's number (kitgrader1, kitgrader2 ...).
USER_PREFIX = GRADER_USER
#: More slots than this at once is a mistake (a facilitator asking for 500 workers).
MAX_SLOTS = 64
CGROUP_NAME = "digiculture-grading"


@dataclass
class Slot:
    number: int
    uid: int
    gid: int
    lock_fd: int

    @property
    def user(self) -> str:
        return f"{USER_PREFIX}{self.number}"

    def release(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.lock_fd)


def slot_user_ids(number: int) -> tuple[int, int]:
    """uid and gid of slot `number`'s user; created when missing (needs root)."""
    return system_user(
        f"{USER_PREFIX}{number}",
        f"BoostDigiCulture kit - runs learner notebooks while grading (slot {number})",
    )


def locks_dir() -> Path:
    """Where the slots' lock files live (root's only)."""
    base = Path("/run") if os.access("/run", os.W_OK) else Path(tempfile.gettempdir())
    folder = base / "digiculture-grading-slots"
    folder.mkdir(mode=0o700, exist_ok=True)
    st = folder.lstat()
    if st.st_uid != os.geteuid() or not os.path.isdir(folder) or os.path.islink(folder):
        raise OSError(f"{folder} is not a folder of the user who grades")
    os.chmod(folder, 0o700)
    return folder


def claim_slot() -> Slot:
    """The first free slot (its user made if needed), held until `release`."""
    folder = locks_dir()
    for number in range(1, MAX_SLOTS + 1):
        fd = os.open(folder / f"slot{number}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            uid, gid = slot_user_ids(number)
        except BaseException:
            os.close(fd)
            raise
        return Slot(number, uid, gid, fd)
    raise OSError(f"all {MAX_SLOTS} grading slots of this machine are in use")


# --------------------------------------------------------------------------------------
# cgroups: a processor share and a process cap per slot, where the machine has them


def _v1_controller(name: str) -> Path | None:
    path = Path("/sys/fs/cgroup") / name
    return path if (path / "cgroup.procs").is_file() and os.access(path, os.W_OK) else None


def _v2_root() -> Path | None:
    for path in (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified")):
        controllers = path / "cgroup.controllers"
        if controllers.is_file() and os.access(path, os.W_OK):
            names = controllers.read_text().split()
            if "cpu" in names and "pids" in names:
                return path
    return None


def cgroup_folders(number: int, max_processes: int) -> list[Path]:
    """The slot's cgroup folders (made, with their limits), or [] where there are none.

    A process written into each folder's `cgroup.procs` (and all it starts) shares one
    processor weight and at most `max_processes` processes. The slot's group sits at the top
    of the hierarchy, beside the machine's other processes: on a busy machine each worker
    then gets the processor share of one process (under a common parent group, all the
    workers together got the share of one process).
    """
    folders: list[Path] = []
    try:
        root = _v2_root()
        if root is not None:
            with contextlib.suppress(OSError):  # often enabled already
                (root / "cgroup.subtree_control").write_text("+cpu +pids")
            group = root / f"{CGROUP_NAME}-slot{number}"
            group.mkdir(exist_ok=True)
            (group / "pids.max").write_text(str(max_processes))
            return [group]
        for name in ("cpu", "pids"):
            controller = _v1_controller(name)
            if controller is None:
                continue
            group = controller / f"{CGROUP_NAME}-slot{number}"
            group.mkdir(exist_ok=True)
            if name == "pids":
                (group / "pids.max").write_text(str(max_processes))
            folders.append(group)
    except OSError as exc:
        log.warning("no cgroup for grading slot %d (%s); per-user limits only", number, exc)
        return []
    return folders


def enter_cgroups(folders: list[str]) -> None:
    """Put the calling process (and what it will start) into the slot's cgroups."""
    for folder in folders:
        try:
            with open(os.path.join(folder, "cgroup.procs"), "w", encoding="ascii") as fh:
                fh.write(str(os.getpid()))
        except OSError as exc:
            # The per-user limits still hold; the worker's log says what was missed.
            print(f"could not enter the cgroup {folder}: {exc}", file=sys.stderr)
