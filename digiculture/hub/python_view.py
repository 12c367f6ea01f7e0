"""Let learners run the kit's Python when it was built from a Python in a private folder.

The kit's `.venv` points at the Python it was made from. When that Python lives where other
users cannot go (pyenv in /root, mode 0700, is the common case), a learner's server cannot
start. Rather than opening root's home, each learner's server gets its own view of the file
system (a Linux mount namespace, made just before it becomes the learner): an empty,
read-only folder over the private one (for example /root), with only the Python
installation put back inside. Nothing else of that folder is visible.

`private_ancestor()` says which folder hides the Python (None when others can reach it, then
nothing is done).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import stat
import sys
from pathlib import Path

CLONE_NEWNS = 0x00020000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_REMOUNT = 32
MS_BIND = 4096
MS_MOVE = 8192
MS_REC = 16384
MS_PRIVATE = 1 << 18


def python_home() -> Path:
    """The Python installation the kit's venv was made from."""
    return Path(sys.base_prefix).resolve()


def private_ancestor(target: Path | None = None) -> Path | None:
    """The highest folder above `target` that other users cannot pass through, or None."""
    target = target or python_home()
    for folder in reversed([target, *target.parents]):
        if folder == Path("/"):
            continue
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    return None


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _mount(libc, source: str, target: str, fstype: str | None, flags: int, data: str | None):
    result = libc.mount(
        source.encode(),
        target.encode(),
        fstype.encode() if fstype else None,
        ctypes.c_ulong(flags),
        data.encode() if data else None,
    )
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def show_python_only(staging: Path, hidden: Path, python: Path) -> None:
    """In a new mount namespace (of this process only): cover `hidden` with an empty,
    read-only tmpfs and put `python` back at its place. Called as root, before the switch
    to the learner. `staging` is an empty folder to pass the Python through."""
    libc = _libc()
    if libc.unshare(CLONE_NEWNS) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare: {os.strerror(err)}")
    _mount(libc, "none", "/", None, MS_REC | MS_PRIVATE, None)
    _mount(libc, str(python), str(staging), None, MS_BIND | MS_REC, None)
    _mount(libc, "tmpfs", str(hidden), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k")
    inside = hidden / python.relative_to(hidden)
    inside.mkdir(parents=True, exist_ok=True)
    for folder in [inside, *inside.parents]:
        if folder == hidden.parent:
            break
        os.chmod(folder, 0o755)
    _mount(libc, str(staging), str(inside), None, MS_MOVE, None)
    _mount(libc, "tmpfs", str(hidden), None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
