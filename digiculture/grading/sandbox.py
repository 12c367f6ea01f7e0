"""The sandbox a learner's notebook runs in while it is graded (Linux only).

Every submission runs in its own kernel process that:

- runs as an unprivileged system user of its own worker slot (`kitgrader1`, `kitgrader2`,
  ... created on demand, see `slots.py`), never as the facilitator and never as the user of
  a kernel that runs beside it;
- starts from a fresh `exec` of Python whose environment is built from an allow-list
  (`worker_environment`): nothing of the facilitator's environment (a database password in
  DIGICULTURE_STORE_URL, tokens) is in its memory, its `/proc/self/environ` or its arguments;
- sees a file system made for grading: the operating system, Python, the kit's packages and
  the course data, all read-only; a private, size-limited home (its working copy of the unit,
  the only place it can write besides a private /tmp). The course folder (source/ with the
  solutions, the gradebook, other learners' submissions) is simply not there;
- has no network (a Linux network namespace with no interfaces up);
- sees only its own processes (a private PID namespace: when the kernel stops, everything it
  started stops with it);
- is held to limits: address space (RLIMIT_AS), processor time (RLIMIT_CPU), file size,
  number of processes, and a wall-clock limit enforced from outside (the kill takes the whole
  PID namespace).

How: each grading worker is started by `unshare` (util-linux) in new mount, network, PID,
IPC and UTS namespaces, builds that read-only view of the file system and `pivot_root`s into
it. Per submission it forks a prepared Python (see `worker.py`); the fork enters a new mount
and PID namespace, mounts its private home and /tmp, sets the limits and drops to
its slot's user before any learner code runs. The worker (and so the prepared interpreter
the kernels are forked from) is itself a fresh `exec` with only the allow-listed
environment: a kernel's memory is a copy of a process that never saw anything else.

When the kit cannot do this (not Linux, not root, no `unshare`, namespaces forbidden by a
container), `sandbox_problem` says why in a sentence; grading then refuses unless the
facilitator passes `--no-sandbox`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

GRADER_USER = "kitgrader"

#: Variables of the facilitator's environment that reach a worker, besides the kernel's own
#: (`run.kernel_env`); nothing else does.
PASSED_VARIABLES = ("TZ", "PYTHONPATH", "DIGICULTURE_LANG", "DIGICULTURE_GRADING_TIMINGS")

#: nbgrader's own time limit per cell (`Execute.timeout`) when a course's config sets none.
NBGRADER_TIMEOUT = 30.0
#: A cell's limit when the course's config sets `Execute.timeout = None` (nbgrader then
#: waits for ever; the kit stops the cell after an hour).
NO_TIMEOUT_SECONDS = 3600.0

#: Where, inside the sandbox, a worker finds its jobs and a kernel its home.
JOBS_MOUNT = "/grading"
LEARNER_HOME = "/home/learner"

# Linux constants (linux/sched.h, linux/mount.h, linux/prctl.h).
CLONE_NEWNS = 0x00020000
CLONE_NEWPID = 0x20000000
CLONE_NEWIPC = 0x08000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
_SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "arm64": 41}

_libc = None


def _lib():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(
        _lib().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
        f"mount {source} on {target}",
    )


def umount(target: str, flags: int = MNT_DETACH) -> None:
    _check(_lib().umount2(target.encode(), flags), f"umount {target}")


def unshare(flags: int) -> None:
    _check(_lib().unshare(flags), "unshare")


def pivot_root(new_root: str, put_old: str) -> None:
    number = _SYS_PIVOT_ROOT.get(platform.machine())
    if number is None:
        raise OSError(f"pivot_root: unknown system call number on {platform.machine()}")
    _check(_lib().syscall(number, new_root.encode(), put_old.encode()), "pivot_root")


def prctl(option: int, value: int) -> None:
    _check(_lib().prctl(option, ctypes.c_ulong(value), 0, 0, 0), "prctl")


@dataclass(frozen=True)
class Limits:
    """What one submission may use. `timeout` is per cell, as nbgrader's Execute.timeout;
    None: the course's `Execute.timeout` (nbgrader's 30 s when its config sets none), which a
    grading run fills in before any notebook runs."""

    timeout: float | None = None
    memory_mb: int = 1024
    #: A whole submission is stopped after this many times `timeout` (wall clock).
    total_factor: float = 3.0
    #: Output kept per notebook; more is cut (error outputs are always kept).
    output_mb: float = 5.0
    home_mb: int = 256
    tmp_mb: int = 64
    max_processes: int = 512
    max_file_mb: int = 64

    @property
    def cell_seconds(self) -> float:
        return float(self.timeout) if self.timeout is not None else NBGRADER_TIMEOUT

    @property
    def total_seconds(self) -> float:
        return self.cell_seconds * self.total_factor + 10


@dataclass(frozen=True)
class View:
    """The file system a worker and its kernels see (paths are the same as on the host)."""

    read_only: tuple[str, ...]
    symlinks: tuple[tuple[str, str], ...]
    files: tuple[str, ...] = ()
    devices: tuple[str, ...] = ("null", "zero", "full", "random", "urandom")
    env: dict[str, str] = field(default_factory=dict)


def sandbox_problem() -> str | None:
    """Why learner code cannot be sandboxed here, as a sentence; None when it can."""
    fix = "pass --no-sandbox to run learner code with your own rights (only for trusted work)"
    if sys.platform != "linux":
        return f"Sandboxed grading works only on Linux (this is {platform.system()}); {fix}."
    if os.geteuid() != 0:
        return (
            "Sandboxed grading needs root: it runs learner code as the users "
            f"'{GRADER_USER}1', '{GRADER_USER}2', ... in Linux namespaces. Run the command as "
            "root (for example with "
            f"sudo), or {fix}."
        )
    if shutil.which("unshare") is None:
        return (
            "Sandboxed grading needs the command 'unshare' (Debian package util-linux), which "
            f"is not installed; install it, or {fix}."
        )
    if _SYS_PIVOT_ROOT.get(platform.machine()) is None:
        return f"Sandboxed grading does not know this processor ({platform.machine()}); {fix}."
    probe = subprocess.run(
        ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return (
            "Linux namespaces are not allowed here (unshare says: "
            f"{probe.stderr.strip() or probe.returncode}); in a container, start it with the "
            f"capability SYS_ADMIN, or {fix}."
        )
    return None


def worker_environment(kernel_env: dict[str, str]) -> dict[str, str]:
    """The whole environment of a worker: the kernel's allow-listed variables and a few more.

    Built, never filtered: a variable the kit does not know (a password, a token) cannot
    reach learner code by being forgotten in a deny-list.
    """
    env = dict(kernel_env)
    for key in PASSED_VARIABLES:
        if os.environ.get(key) and key not in env:
            env[key] = os.environ[key]
    # Workers start in /: the kit's packages must be importable from there (a clone run
    # without installing it).
    roots = [str(Path(d).parent) for d in kit_package_dirs()]
    paths = [*dict.fromkeys(roots), *filter(None, env.get("PYTHONPATH", "").split(":"))]
    env["PYTHONPATH"] = ":".join(dict.fromkeys(paths))
    return env


def kit_package_dirs() -> list[str]:
    """Folders of the kit's packages that unit notebooks import (read-only in the sandbox)."""
    import importlib.util

    dirs = []
    for name in ("digiculture", "competence_profile", "assessment"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            dirs.extend(str(Path(p).resolve()) for p in spec.submodule_search_locations)
    return dirs


def build_view(read_paths: list[Path], files: list[Path], hidden: list[Path]) -> View:
    """The worker's view: the system, Python, the kit and the given data, read-only.

    `hidden` are folders that must not be visible (the course folder, the kit's source
    units); a read-only path that contains one of them is refused.
    """
    ro: list[str] = []
    links: list[tuple[str, str]] = []
    for top in ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            links.append((top, os.readlink(top)))
        elif os.path.isdir(top):
            ro.append(top)
    python_dirs = {sys.base_prefix, sys.prefix, os.path.realpath(sys.base_prefix)}
    for extra in [*python_dirs, *kit_package_dirs(), *map(str, read_paths)]:
        path = str(Path(extra).resolve())
        if os.path.isdir(path):
            ro.append(path)
    for path in ro:
        for secret in hidden:
            secret_s = str(Path(secret).resolve())
            if secret_s == path or secret_s.startswith(path.rstrip("/") + "/"):
                raise ValueError(
                    f"The folder {path} would be visible to learner code while grading, but it "
                    f"holds {secret_s}; move the course folder or the data elsewhere."
                )
    # Drop paths already inside another one (one bind mount is enough).
    ro = sorted(set(ro))
    kept = [p for p in ro if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in ro)]
    return View(
        read_only=tuple(kept),
        symlinks=tuple(links),
        files=tuple(str(Path(f).resolve()) for f in files if Path(f).is_file()),
    )


def _bind(src: str, dst: str, read_only: bool, devices: bool = False) -> None:
    mount(src, dst, None, MS_BIND | MS_REC)
    flags = MS_BIND | MS_REMOUNT | MS_NOSUID | (0 if devices else MS_NODEV)
    if read_only:
        flags |= MS_RDONLY
    mount(None, dst, None, flags)


def enter_worker_view(view: View, area: Path) -> None:
    """In a fresh mount namespace (as root): make `view` the whole file system.

    `area/jobs` becomes /grading (the worker's jobs, writable by root only); everything else
    is read-only. Called once by a worker started with `unshare --mount --pid --net --fork`.
    """
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    root = area / "root"
    root.mkdir(exist_ok=True)
    mount("tmpfs", str(root), "tmpfs", MS_NOSUID, "size=8m,mode=755")
    # The private /tmp comes first, so that kit or Python folders that live under /tmp on the
    # host (a clone in /tmp) are bound on top of it rather than hidden by it.
    (root / "tmp").mkdir()
    mount("tmpfs", str(root / "tmp"), "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777")
    for path in view.read_only:
        target = root / path.lstrip("/")
        target.mkdir(parents=True, exist_ok=True)
        _bind(path, str(target), read_only=True)
    for path in view.files:
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
        _bind(path, str(target), read_only=True)
    for link, dest in view.symlinks:
        os.symlink(dest, root / link.lstrip("/"))
    (root / "dev").mkdir(exist_ok=True)
    for dev in view.devices:
        if os.path.exists(f"/dev/{dev}"):
            (root / "dev" / dev).touch()
            _bind(f"/dev/{dev}", str(root / "dev" / dev), read_only=False, devices=True)
    os.symlink("/proc/self/fd", root / "dev" / "fd")
    for folder in ("proc", "tmp", "dev/shm", LEARNER_HOME.lstrip("/"), JOBS_MOUNT.lstrip("/")):
        (root / folder).mkdir(parents=True, exist_ok=True)
    _bind(str(area / "jobs"), str(root / JOBS_MOUNT.lstrip("/")), read_only=False)
    (root / ".old").mkdir()
    os.chdir(root)
    pivot_root(".", ".old")
    os.chdir("/")
    umount("/.old")
    os.rmdir("/.old")
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID)


def enter_kernel_namespaces() -> None:
    """In the forked child of a worker (as root): new mount, PID and IPC namespaces.

    The IPC namespace goes with the kernel: System V shared memory, semaphores and message
    queues a learner's code leaves behind are gone before the next learner's kernel starts.

    The caller forks once more: that child is PID 1 of the new namespace, so killing it ends
    every process the learner's code started.
    """
    unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC)
    mount(None, "/", None, MS_REC | MS_PRIVATE)


def mount_private_tmpfs(target: str, options: str, keep: tuple[str, ...]) -> None:
    """Mount a fresh tmpfs on `target`; the read-only paths of `keep` under it stay visible.

    A kit cloned under /tmp has its packages and virtual environment there: a plain tmpfs
    on /tmp would hide them from the kernel. They are held open first and bound again, read
    only, at the same place inside the new tmpfs.
    """
    prefix = target.rstrip("/") + "/"
    held = [(path, os.open(path, os.O_PATH)) for path in keep if path.startswith(prefix)]
    try:
        mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, options)
        for path, fd in sorted(held):
            if os.path.isdir(f"/proc/self/fd/{fd}"):
                os.makedirs(path, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                Path(path).touch()
            _bind(f"/proc/self/fd/{fd}", path, read_only=True)
    finally:
        for _, fd in held:
            os.close(fd)


def prepare_kernel_filesystem(limits: Limits, uid: int, gid: int, view: View) -> None:
    """In the kernel process (PID 1 of its namespace, still root): private home, /tmp, /proc."""
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount_private_tmpfs("/tmp", f"size={limits.tmp_mb}m,mode=1777", view.read_only + view.files)
    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777")
    mount(
        "tmpfs",
        LEARNER_HOME,
        "tmpfs",
        MS_NOSUID | MS_NODEV,
        f"size={limits.home_mb}m,mode=700,uid={uid},gid={gid}",
    )


def vm_size_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def set_limits(limits: Limits) -> None:
    """Resource limits for the kernel process (and everything it starts)."""
    # Each thread's malloc arena reserves 64 MB of address space: with the kernel's threads
    # that would eat the memory limit before the learner's code uses any. Two arenas suffice.
    _lib().mallopt(-8, 2)  # M_ARENA_MAX
    memory = vm_size_bytes() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.total_seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    size = limits.max_file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    nproc = limits.max_processes
    resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))


def drop_privileges(uid: int, gid: int) -> None:
    """Become the slot's user for good (no way back, no new privileges)."""
    prctl(PR_SET_PDEATHSIG, 9)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    if os.getuid() == 0 or os.geteuid() == 0:
        raise OSError("could not drop root rights")


def worker_command(python: str, args: list[str], sandboxed: bool) -> list[str]:
    """How the coordinator starts one worker."""
    base = [python, "-m", "digiculture.grading.worker", *args]
    if not sandboxed:
        return base
    return [
        "unshare",
        "--mount",
        "--net",
        "--pid",
        "--ipc",
        "--uts",
        "--fork",
        "--kill-child=SIGKILL",
        "--propagation",
        "private",
        "--",
        *base,
    ]
