"""One grading run per course at a time, and what a run that was killed leaves behind.

- `course_lock`: a lock file in the course's `grading/` folder (`flock`). A second
  `digiculture grade` on the same course waits for the first (and says so), or stops with a
  sentence when asked not to wait. The lock goes with the process: a run killed with
  `kill -9` never leaves the course locked.
- Run folders (`/tmp/digiculture-grading-*`) carry an `owner.json` (process id and its start
  time). `clean_dead_runs` removes the folders whose process is gone: a run that was killed
  leaves nothing behind once the next one starts.
- `run_is_active` tells the gradebook whether the learners marked `grading` are being graded
  now or were left so by a run that was killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from digiculture.course.folder import CourseError
from digiculture.grading.records import RECORDS_DIR

LOCK_FILE = ".run.lock"
RUN_PREFIX = "digiculture-grading-"
OWNER_FILE = "owner.json"


class CourseBusy(CourseError):
    """Another grading run holds the course (and the caller asked not to wait)."""


def _process_start(pid: int) -> str:
    """The start time of process `pid` (field 22 of /proc/<pid>/stat), '' if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _alive(owner: dict) -> bool:
    pid = owner.get("pid")
    return isinstance(pid, int) and pid > 0 and _process_start(pid) == owner.get("start")


def owner_info(**extra: str) -> dict:
    return {"pid": os.getpid(), "start": _process_start(os.getpid()), **extra}


def _lock_path(course_dir: Path) -> Path:
    folder = Path(course_dir) / RECORDS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder / LOCK_FILE


@contextlib.contextmanager
def course_lock(
    course_dir: Path,
    unit_id: str,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the course's grading lock for the block; wait for another run, or raise CourseBusy."""
    path = _lock_path(course_dir)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_owner(fd)
            what = (
                f"Another grading run of this course is under way (unit {holder.get('unit', '?')}"
                f", process {holder.get('pid', '?')}, started {holder.get('started', '?')})"
            )
            if not wait:
                raise CourseBusy(
                    f"{what}; grading again now would mix the two runs' results. Wait until it "
                    "has finished and run the command again.",
                    2,
                ) from None
            if on_wait:
                on_wait(f"{what}; this run waits until it has finished.")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            json.dumps(owner_info(unit=unit_id, started=time.strftime("%H:%M:%S"))).encode(),
            0,
        )
        yield
    finally:
        os.close(fd)


def _read_owner(fd: int) -> dict:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8", "replace") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def run_is_active(course_dir: Path) -> bool:
    """Whether a grading run holds the course's lock right now."""
    path = Path(course_dir) / RECORDS_DIR / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def new_run_folder() -> Path:
    """A private folder for one run, marked with its owner (for `clean_dead_runs`)."""
    folder = Path(tempfile.mkdtemp(prefix=RUN_PREFIX))
    (folder / OWNER_FILE).write_text(json.dumps(owner_info()), encoding="utf-8")
    return folder


def clean_dead_runs(base: Path | None = None) -> list[Path]:
    """Remove the run folders of runs whose process has gone (killed); the folders removed."""
    base = Path(base or tempfile.gettempdir())
    removed = []
    uid = os.geteuid()
    for folder in base.glob(RUN_PREFIX + "*"):
        try:
            st = folder.lstat()
            if not folder.is_dir() or folder.is_symlink() or st.st_uid != uid:
                continue
            owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # A folder without an owner: a run of an older kit, or one killed while it was
            # being made. Leave it unless it is old (a day).
            with contextlib.suppress(OSError):
                if time.time() - folder.lstat().st_mtime > 86400:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder)
            continue
        if not _alive(owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
