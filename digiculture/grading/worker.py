"""One grading worker: runs submissions' notebooks, one after the other, in the sandbox.

Started by the coordinator (`run.py`, through its handle `worker_process.py`) as
`python -m digiculture.grading.worker`, inside `unshare` when sandboxed. It has two processes:

- the **prepared interpreter** (a fork server): it imports once what every kernel needs
  (IPython, ipykernel, numpy, pandas, the kit's `digiculture.learn`) and then, per
  submission, forks. The fork enters its own mount and PID namespace, mounts a private home,
  sets the resource limits, becomes the worker slot's user and starts an IPython kernel
  in-process: a fresh kernel in about a tenth of a second instead of one to two seconds;
- the **driver**: nbgrader's own `Execute` preprocessor (nbclient) runs the notebook against
  that kernel, with nbgrader's timeouts and error handling, plus a cap on output and a
  wall-clock limit. It writes the executed notebook for the coordinator; it never touches the
  gradebook (the coordinator writes the results with nbgrader's Autograde).

Protocol with the coordinator: `protocol.py` (JSON lines; a job names a folder in the jobs
area that holds `in.ipynb`, the notebook as nbgrader sanitised it, and `files/`, the unit's
other files; the result says how it went, and `out.ipynb` holds the executed notebook).

With DIGICULTURE_GRADING_TIMINGS=1 in the environment, each reply carries the times of the
kernel's start and of every cell (they go to the grading log).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import select
import shutil
import signal
import stat
import sys
import threading
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Any

from digiculture.grading import capped_stream, protocol, sandbox, slots
from digiculture.grading.protocol import JobRequest, JobResult
from digiculture.grading.sandbox import Limits

#: Modules the prepared interpreter imports once for every kernel it forks.
WARM_MODULES = (
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "ipykernel.comm",
    "ipykernel.inprocess.ipkernel",
    "IPython.core.completer",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.core.ultratb",
    "IPython.extensions.storemagic",
    "pdb",
    "sqlite3",
    "psutil",
    "faulthandler",
    "tornado.platform.asyncio",
    "stack_data",
    "pygments.lexers.python",
    "pygments.formatters.terminal256",
    "pygments.formatters.html",
    "numpy",
    "pandas",
    "digiculture.learn",
    "digiculture.manifest",
)

#: Seconds the prepared interpreter may take to import everything (a busy machine is slow;
#: the coordinator's own limit, worker_process.WORKER_START_LIMIT, is the same).
WORKER_START_SECONDS = 300


# --------------------------------------------------------------------------------------
# The prepared interpreter (fork server)


def _send(fd: int, message: dict) -> None:
    data = (json.dumps(message) + "\n").encode()
    os.write(fd, data)


def _warm_up(spec: dict) -> None:
    os.environ.update(spec["kernel_env"])
    os.environ["HOME"] = "/tmp"
    for name in WARM_MODULES:
        # A module missing here only makes kernels start slower.
        with contextlib.suppress(Exception):
            __import__(name)
    # IPython loads its traceback machinery (stack_data, pygments lexers) at the first error
    # a notebook raises: do that once here.
    with contextlib.suppress(Exception):
        from IPython.core import ultratb

        try:
            raise ValueError("warming up")
        except ValueError:
            ultratb.AutoFormattedTB(mode="Context").structured_traceback(*sys.exc_info())
    _share_manifest()


def _share_manifest() -> None:
    """Read the units manifest once for every kernel (`start_unit` reads it each time).

    The profile and manifest are read-only while grading, so the result of a fresh read is
    always the same: every forked kernel reuses the one read here (about half a second of
    YAML parsing per submission saved).
    """
    try:
        from digiculture import manifest as module

        original = module.load_manifest
        shared = original()
    except Exception:
        return

    def load_manifest(settings=None):
        return shared if settings is None else original(settings)

    module.load_manifest = load_manifest


def fork_server(requests_fd: int, replies_fd: int, spec: dict) -> None:
    """Serve fork requests until the driver closes the pipe (or dies)."""
    sandbox.prctl(sandbox.PR_SET_PDEATHSIG, signal.SIGKILL)
    _warm_up(spec)
    _send(replies_fd, {"ready": True})
    monitors: dict[int, str] = {}
    buffer = b""
    while True:
        readable, _, _ = select.select([requests_fd], [], [], 0.2)
        while monitors:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            job = monitors.pop(pid, None)
            if job is not None:
                _send(replies_fd, {"job": job, "exited": os.waitstatus_to_exitcode(status)})
        if not readable:
            continue
        chunk = os.read(requests_fd, 65536)
        if not chunk:
            os._exit(0)
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                os.close(requests_fd)
                _monitor(request, replies_fd, spec)
            monitors[pid] = request["job"]


def _monitor(request: dict, replies_fd: int, spec: dict) -> None:
    """The forked child: new namespaces, then the kernel as its child; wait for it."""
    code = 1
    try:
        sandbox.prctl(sandbox.PR_SET_PDEATHSIG, signal.SIGKILL)
        if spec["sandboxed"]:
            sandbox.enter_kernel_namespaces()
        pid = os.fork()
        if pid == 0:
            _kernel(request, spec)
        _send(replies_fd, {"job": request["job"], "kernel": pid})
        _, status = os.waitpid(pid, 0)
        code = 0 if os.waitstatus_to_exitcode(status) == 0 else 2
        # Every process of the learner's code has ended (with its PID namespace, when
        # sandboxed): what the notebook left in its working folder, regular files only, goes
        # back to the job's files/ for the next notebook and for autograded/, as nbgrader
        # leaves it there.
        problem = _save_working_folder(request, spec)
        _send(replies_fd, {"job": request["job"], "saved": not problem, "why": problem})
        os.close(replies_fd)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            _send(replies_fd, {"job": request["job"], "error": f"{type(exc).__name__}: {exc}"})
    os._exit(code)


def _save_working_folder(request: dict, spec: dict) -> str:
    """Copy the kernel's working folder (its private home's copy of the unit) over the
    job's files/; links, devices and pipes are left out. "" when done, else what went wrong
    (files/ then stays as it was)."""
    home = sandbox.LEARNER_HOME if spec["sandboxed"] else request["home"]
    workdir = os.path.join(home, request["unit"])
    target = request["files"]
    fresh, old = target + ".new", target + ".old"
    try:
        if not os.path.isdir(workdir) or os.path.islink(workdir):
            return f"no working folder {workdir}"
        for folder in (fresh, old):
            shutil.rmtree(folder, ignore_errors=True)
        left_out = _copy_working_folder(workdir, fresh)
        os.chmod(fresh, 0o700)
        os.rename(target, old)
        os.rename(fresh, target)
        shutil.rmtree(old, ignore_errors=True)
        return f"left out {left_out} file(s) beyond {MAX_WRITTEN_FILES}" if left_out else ""
    except OSError as exc:
        if not os.path.isdir(target) and os.path.isdir(old):
            os.rename(old, target)
        shutil.rmtree(fresh, ignore_errors=True)
        return f"{type(exc).__name__}: {exc}"
    finally:
        if not spec["sandboxed"]:
            shutil.rmtree(workdir, ignore_errors=True)


#: At most this many files (and folders this deep) of a working folder are kept after a
#: notebook ran: a notebook that makes a million empty files fills no one's disk with them.
MAX_WRITTEN_FILES = 5000
MAX_WRITTEN_DEPTH = 32


def _copy_working_folder(src: str, dst: str) -> int:
    """Copy regular files and folders of `src` (never a link, device or pipe; at most
    MAX_WRITTEN_FILES files, MAX_WRITTEN_DEPTH folders deep). Returns how many were left out.
    Only called when every process of the learner's code has ended."""
    left_out = 0
    copied = 0
    todo = [(src, dst, 0)]
    while todo:
        here, there, depth = todo.pop()
        os.mkdir(there, 0o700)
        with os.scandir(here) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode) and depth < MAX_WRITTEN_DEPTH:
                    todo.append((entry.path, os.path.join(there, entry.name), depth + 1))
                elif stat.S_ISREG(mode) and copied < MAX_WRITTEN_FILES:
                    fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW)
                    with (
                        os.fdopen(fd, "rb") as source,
                        open(os.path.join(there, entry.name), "xb") as target,
                    ):
                        shutil.copyfileobj(source, target, 1 << 20)
                    copied += 1
                else:
                    left_out += 1
    return left_out


def view_of(spec: dict) -> sandbox.View:
    """The sandbox's file system view, as the coordinator wrote it into the worker's spec."""
    return sandbox.View(
        read_only=tuple(spec["view"]["read_only"]),
        symlinks=tuple(tuple(x) for x in spec["view"]["symlinks"]),
        files=tuple(spec["view"]["files"]),
    )


def _kernel(request: dict, spec: dict) -> None:
    """The kernel process: set up its sandbox, drop to the slot's user, run IPython's kernel."""
    status = 70
    try:
        limits = Limits(**request["limits"])
        uid, gid = spec["uid"], spec["gid"]
        log_fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        null_fd = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null_fd, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.closerange(3, 65536)
        os.setsid()
        if spec["sandboxed"]:
            os.chown(request["log"], uid, gid)
            sandbox.prepare_kernel_filesystem(limits, uid, gid, view_of(spec))
            home = sandbox.LEARNER_HOME
        else:
            home = request["home"]
        workdir = os.path.join(home, request["unit"])
        shutil.copytree(request["files"], workdir, dirs_exist_ok=True)
        if spec["sandboxed"]:
            for folder, _, names in os.walk(home):
                os.chown(folder, uid, gid)
                for name in names:
                    os.chown(os.path.join(folder, name), uid, gid)
        sandbox.set_limits(limits)
        if spec["sandboxed"]:
            sandbox.drop_privileges(uid, gid)
        else:
            sandbox.prctl(sandbox.PR_SET_PDEATHSIG, 9)
        os.chdir(workdir)
        env = dict(spec["kernel_env"])
        env.update(HOME=home, TMPDIR="/tmp" if spec["sandboxed"] else home, PWD=workdir)
        # The kernel stops sending print output a little before the worker's own cap
        # (capped_stream): 100 MB printed is not 100 MB sent, however busy the machine.
        env[capped_stream.LIMIT_VARIABLE] = str(max(0, int(limits.output_mb * 2**20) - 4096))
        os.environ.clear()
        os.environ.update(env)
        sys.argv = ["ipykernel_launcher"]
        sys.path[0] = ""
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()  # a fresh process would have its own seed
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=["-f", request["connection_file"], *request["args"]])
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(status)


# --------------------------------------------------------------------------------------
# The driver: nbgrader's Execute against a forked kernel


class ForkServer:
    """The driver's side of the fork server: start kernels, learn their process ids."""

    def __init__(self, requests_fd: int, replies_fd: int):
        self.requests_fd = requests_fd
        self.replies_fd = replies_fd
        self._buffer = b""
        self.kernels: dict[str, int] = {}
        self.errors: dict[str, str] = {}
        self.exited: set[str] = set()
        self.saved: dict[str, bool] = {}
        self.ready = False

    def read(self, timeout: float) -> bool:
        readable, _, _ = select.select([self.replies_fd], [], [], timeout)
        if not readable:
            return False
        chunk = os.read(self.replies_fd, 65536)
        if not chunk:
            raise RuntimeError("the prepared interpreter stopped")
        self._buffer += chunk
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            message = json.loads(line)
            job = message.get("job")
            if message.get("ready"):
                self.ready = True
            elif "kernel" in message:
                self.kernels[job] = message["kernel"]
            elif "error" in message:
                self.errors[job] = message["error"]
            elif "saved" in message:
                self.saved[job] = bool(message["saved"])
                if message.get("why"):
                    print(f"grading worker: {job}: {message['why']}", file=sys.stderr)
            elif "exited" in message:
                self.exited.add(job)
        return True

    def wait_saved(self, job: str, timeout: float = 60) -> bool:
        """Wait until the kernel of `job` has ended and its working folder is saved."""
        deadline = time.monotonic() + timeout
        while job not in self.saved:
            if job in self.errors or job in self.exited or time.monotonic() > deadline:
                return False
            self.read(0.2)
        return self.saved.pop(job)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready:
            if time.monotonic() > deadline:
                raise RuntimeError("the prepared interpreter did not start in time")
            self.read(0.5)

    def start(self, request: dict, timeout: float = 120) -> int:
        _send(self.requests_fd, request)
        job = request["job"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if job in self.kernels:
                return self.kernels[job]
            if job in self.errors:
                raise RuntimeError(f"the kernel could not be started: {self.errors[job]}")
            if job in self.exited:
                raise RuntimeError("the kernel stopped while starting")
            self.read(0.2)
        raise RuntimeError("the kernel did not start in time")


def _make_kernel_manager_class():
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner

    class KernelProcess:
        """Enough of a Popen for jupyter_client: the forked kernel by its process id."""

        def __init__(self, pid: int, group: bool):
            self.pid = pid
            self.group = group
            self.returncode: int | None = None
            self.stdin = self.stdout = self.stderr = None

        def poll(self) -> int | None:
            if self.returncode is not None:
                return self.returncode
            try:
                with open(f"/proc/{self.pid}/stat", encoding="ascii") as fh:
                    state = fh.read().rsplit(")", 1)[1].split()[0]
                if state in ("Z", "X"):
                    self.returncode = -1
            except (OSError, IndexError):
                self.returncode = -1
            return self.returncode

        def wait(self, timeout: float | None = None) -> int:
            deadline = None if timeout is None else time.monotonic() + timeout
            while self.poll() is None:
                if deadline is not None and time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            return self.returncode if self.returncode is not None else -1

        def send_signal(self, signum: int) -> None:
            if self.poll() is not None:
                return
            try:
                if self.group and signum != signal.SIGINT:
                    os.killpg(self.pid, signum)
                else:
                    os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

        def kill(self) -> None:
            self.send_signal(signal.SIGKILL)

        def terminate(self) -> None:
            self.send_signal(signal.SIGKILL)

    class ForkProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            km = self.parent
            if km.grader_uid is not None:
                os.chown(km.connection_file, km.grader_uid, km.grader_gid)
            request = dict(km.fork_request)
            request["connection_file"] = km.connection_file
            km.marks.append(("fork asked", time.monotonic()))
            pid = km.fork_server.start(request)
            km.marks.append(("kernel forked", time.monotonic()))
            self.process = KernelProcess(pid, group=not km.sandboxed)
            km.kernel_process = self.process
            self.pid = pid
            self.pgid = None
            # Connect once the kernel's sockets exist: a connect before that waits for ZeroMQ's
            # reconnect interval, and IOPub messages sent before the subscription are lost.
            sockets = [
                f"{km.ip}-{port}"
                for port in (
                    km.shell_port,
                    km.iopub_port,
                    km.stdin_port,
                    km.hb_port,
                    km.control_port,
                )
            ]
            deadline = time.monotonic() + 30
            while not all(os.path.exists(path) for path in sockets):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.005)
            km.marks.append(("kernel listening", time.monotonic()))
            return self.connection_info

        async def send_signal(self, signum: int) -> None:
            if self.process:
                self.process.send_signal(signum)

        async def kill(self, restart: bool = False) -> None:
            if self.process:
                self.process.kill()

        async def terminate(self, restart: bool = False) -> None:
            if self.process:
                self.process.kill()

    class KernelClient(AsyncKernelClient):
        """jupyter_client's client, with shorter waits while the kernel starts.

        Like jupyter_client, it asks for kernel_info until a reply comes and IOPub shows it is
        connected (a message arrives there), but it asks again after 0.03 s instead of 0.2 s,
        and then waits 0.01 s, not 0.2 s, for IOPub to fall silent: nbclient ignores
        messages that belong to no cell. About a quarter second saved per submission.
        """

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.time() + (timeout if timeout is not None else float("inf"))
            while True:
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    pass
                else:
                    if msg["msg_type"] == "kernel_info_reply":
                        try:
                            await self.iopub_channel.get_msg(timeout=0.03)
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(msg)
                            break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.time() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
            while True:
                try:
                    await self.iopub_channel.get_msg(timeout=0.01)
                except Empty:
                    break

    class ForkKernelManager(AsyncKernelManager):
        fork_server: ForkServer
        fork_request: dict
        sandboxed: bool = False
        grader_uid: int | None = None
        grader_gid: int | None = None
        kernel_process: KernelProcess | None = None
        marks: list

        async def _async_pre_start_kernel(self, **kw: Any):
            if self.provisioner is None:
                self.provisioner = ForkProvisioner(
                    kernel_id=self.kernel_id or "graded", kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kw)

    return ForkKernelManager, KernelClient


def _make_execute_class():
    from nbgrader.preprocessors import Execute

    class CappedExecute(Execute):
        """nbgrader's Execute, keeping at most `output_limit` bytes of output.

        Error outputs are always kept (they decide the grade), shortened if huge.
        """

        output_limit = 5 * 1024 * 1024
        kept = 0
        cut = 0
        current_cell = -1

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            if msg.get("msg_type") == "error":
                content["evalue"] = str(content.get("evalue", ""))[:20000]
                content["traceback"] = [str(t)[:20000] for t in content.get("traceback", [])[:200]]
                return super().output(outs, msg, display_id, cell_index)
            size = len(str(content.get("text", ""))) + sum(
                len(str(v)) for v in (content.get("data") or {}).values()
            )
            if self.kept + size > self.output_limit:
                first = self.cut == 0
                self.cut += size
                if first:
                    marker = {
                        "output_type": "stream",
                        "name": "stderr",
                        "text": "[The grading kit cut the output here: this notebook printed "
                        "too much.]\n",
                    }
                    import nbformat

                    outs.append(nbformat.from_dict(marker))
                return None
            self.kept += size
            return super().output(outs, msg, display_id, cell_index)

        def preprocess_cell(self, cell, resources, index):
            self.current_cell = index
            return super().preprocess_cell(cell, resources, index)

    return CappedExecute


class Driver:
    def __init__(self, spec: dict, jobs_root: Path, fork_server: ForkServer):
        self.spec = spec
        self.jobs_root = jobs_root
        self.fork_server = fork_server
        self.km_class, self.client_class = _make_kernel_manager_class()
        self.execute_class = _make_execute_class()
        import zmq.asyncio

        self.context = zmq.asyncio.Context()

    def run(self, job: JobRequest) -> JobResult:
        """Run the submission's notebooks one after the other, each in a fresh kernel, in
        one working folder (as nbgrader runs an assignment's notebooks); stop at the first
        that does not run to its end."""
        started = time.monotonic()
        folder = self.jobs_root / job.dir
        (folder / "out").mkdir(exist_ok=True)
        result = JobResult(id=job.id, ok=True)
        timings: list[tuple[str, float]] = []
        for index, name in enumerate(job.notebooks or [job.unit]):
            result = self.run_notebook(job, folder, name, f"{job.id}.{index}", started)
            timings.extend(result.timings)
            if not result.ok:
                break
        return dataclasses.replace(
            result, seconds=round(time.monotonic() - started, 3), timings=timings
        )

    def run_notebook(
        self, job: JobRequest, folder: Path, name: str, key: str, started: float
    ) -> JobResult:
        """Run one notebook of the job in a fresh kernel; its working folder is saved back
        into the job's files/ when the kernel has ended."""
        import nbformat
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        limits = job.limits
        nb = nbformat.read(folder / "in" / f"{name}.ipynb", as_version=4)
        ipc = folder / "ipc"
        ipc.mkdir(mode=0o700)
        uid, gid = (self.spec["uid"], self.spec["gid"]) if self.spec["sandboxed"] else (None, None)
        if uid is not None:
            # The kernel's sockets live on a tiny tmpfs of their own: the one folder of the
            # jobs area the learner's code may write to cannot fill the machine's disk.
            sandbox.mount(
                "tmpfs",
                str(ipc),
                "tmpfs",
                sandbox.MS_NOSUID | sandbox.MS_NODEV | sandbox.MS_NOEXEC,
                f"size=1m,nr_inodes=256,mode=700,uid={uid},gid={gid}",
            )
        km = self.km_class(
            transport="ipc",
            ip=str(ipc / "k"),
            connection_file=str(ipc / "kernel.json"),
            context=self.context,
        )
        km.client_factory = self.client_class
        km.marks = []
        km.fork_server = self.fork_server
        km.sandboxed = self.spec["sandboxed"]
        km.grader_uid, km.grader_gid = uid, gid
        home = folder / "home"
        if not self.spec["sandboxed"]:
            home.mkdir()
        km.fork_request = {
            "job": key,
            "unit": job.unit,
            "files": str(folder / "files"),
            "home": str(home),
            "log": str(folder / "kernel.log"),
            "limits": asdict(limits),
            "args": [
                "--HistoryManager.hist_file=:memory:",
                f"--IPKernelApp.outstream_class={capped_stream.__name__}.CappedOutStream",
            ],
        }
        from traitlets.config import Config

        config = Config()
        for key, value in job.execute.items():
            setattr(config.Execute, key, value)
        # In the config, not on the executor: nbclient reads its settings from the config
        # again when the notebook starts (attributes set before would be lost).
        config.Execute.timeout = int(limits.cell_seconds)
        # nbgrader gives up on a notebook whose output is still arriving 4 s after a cell
        # ended; with output cut here, waiting up to the cell's own limit is safe.
        config.Execute.iopub_timeout = max(
            int(job.execute.get("iopub_timeout") or 4), int(limits.cell_seconds)
        )
        executor = self.execute_class(config=config)
        executor.output_limit = int(limits.output_mb * 1024 * 1024)
        timings: list[tuple[str, float]] = []
        if os.environ.get("DIGICULTURE_GRADING_TIMINGS"):

            def mark(name: str):
                return lambda **_: timings.append((name, round(time.monotonic() - started, 3)))

            executor.on_notebook_start = mark("kernel ready")
            executor.on_cell_executed = lambda **kw: timings.append(
                (f"cell {kw['cell_index'] + 1}", round(time.monotonic() - started, 3))
            )
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            if km.kernel_process is not None:
                km.kernel_process.kill()

        watchdog = threading.Timer(limits.total_seconds, stop)
        watchdog.daemon = True
        watchdog.start()
        ok, problem, detail = False, "", ""
        try:
            resources = {"metadata": {"path": str(folder / "files")}}
            executor.preprocess(nb, resources, km=km)
            ok = True
        except DeadKernelError:
            problem = "timeout" if stopped.is_set() else "kernel_died"
        except CellTimeoutError as exc:
            problem = "timeout" if stopped.is_set() else "iopub_timeout"
            detail = str(exc).splitlines()[0] if str(exc) else ""
        except Exception as exc:
            problem = "timeout" if stopped.is_set() else "error"
            detail = f"{type(exc).__name__}: {exc}"[:500]
            print(traceback.format_exc(), file=sys.stderr)
        finally:
            watchdog.cancel()
            process = km.kernel_process
            if process is not None:
                process.kill()
                process.wait(5)
            if executor.kc is not None:
                with contextlib.suppress(Exception):
                    executor.kc.stop_channels()
            if key in self.fork_server.kernels:
                self.fork_server.kernels.pop(key)
                self.fork_server.wait_saved(key)
        kernel_log = ""
        log = folder / "kernel.log"
        if log.exists():
            with open(log, "rb") as fh:
                fh.seek(max(0, log.stat().st_size - 2000))
                kernel_log = fh.read().decode("utf-8", "replace")
            log.unlink()
        marks = [(name, round(at - started, 3)) for name, at in km.marks] if timings else []
        not_sent = capped_stream.not_sent_bytes(kernel_log)
        result = JobResult(
            id=job.id,
            ok=ok,
            problem=problem,
            detail=detail,
            notebook=name,
            cell=int(executor.current_cell if executor.current_cell is not None else -1),
            cells=len(nb.cells),
            cut_bytes=executor.cut + not_sent,
            output_bytes=executor.kept + executor.cut + not_sent,
            seconds=round(time.monotonic() - started, 3),
            kernel_log=kernel_log,
            timings=marks + timings,
        )
        if uid is not None:
            with contextlib.suppress(OSError):
                sandbox.umount(str(ipc))
        shutil.rmtree(ipc, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
        if result.ok:
            nbformat.write(nb, folder / "out" / f"{name}.ipynb")
        return result


def _reap_orphans(stop: threading.Event) -> None:
    """As PID 1 of the worker's namespace, collect processes whose parent has gone."""
    while not stop.wait(1.0):
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", required=True)
    parser.add_argument("--area", required=True)
    parser.add_argument("--commands-fd", type=int, required=True)
    parser.add_argument("--results-fd", type=int, required=True)
    parser.add_argument("--uid", type=int, help="the worker slot's user")
    parser.add_argument("--gid", type=int)
    parser.add_argument("--cgroup", action="append", default=[], help="the slot's cgroups")
    args = parser.parse_args(argv)
    spec = json.loads(Path(args.spec).read_text(encoding="utf-8"))
    if args.uid is not None:
        spec["uid"], spec["gid"] = args.uid, args.gid
    if spec["sandboxed"] and not spec["uid"]:
        raise SystemExit("a sandboxed worker needs its slot's user (--uid, --gid)")
    # Before anything starts: the worker, its prepared interpreter and every kernel share the
    # slot's processor weight and process cap.
    slots.enter_cgroups(args.cgroup)
    area = Path(args.area)
    if spec["sandboxed"]:
        sandbox.enter_worker_view(view_of(spec), area)
        jobs_root = Path(sandbox.JOBS_MOUNT)
    else:
        jobs_root = area / "jobs"
    os.environ["HOME"] = "/tmp" if spec["sandboxed"] else str(area)
    os.environ["JUPYTER_RUNTIME_DIR"] = os.environ["HOME"] + "/.jupyter-runtime"
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"

    to_server_r, to_server_w = os.pipe()
    from_server_r, from_server_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(to_server_w)
        os.close(from_server_r)
        os.close(args.commands_fd)
        os.close(args.results_fd)
        try:
            fork_server(to_server_r, from_server_w, spec)
        finally:
            os._exit(1)
    os.close(to_server_r)
    os.close(from_server_w)
    # jsonschema (under nbformat) loads the optional IRI format checker rfc3987_syntax,
    # which builds a grammar for 2 s of processor time at import. No notebook schema uses
    # IRI formats: the driver goes without it (the kernels are not affected).
    sys.modules.setdefault("rfc3987_syntax", None)
    stop_reaper = threading.Event()
    if spec["sandboxed"]:
        threading.Thread(target=_reap_orphans, args=(stop_reaper,), daemon=True).start()
    server = ForkServer(to_server_w, from_server_r)
    server.wait_ready(WORKER_START_SECONDS)
    driver = Driver(spec, jobs_root, server)
    results = os.fdopen(args.results_fd, "w", buffering=1)
    results.write(protocol.encode(protocol.Ready()))
    with os.fdopen(args.commands_fd, "r", encoding="utf-8") as commands:
        for line in commands:
            try:
                job = protocol.decode_job(line)
            except protocol.ProtocolError as exc:
                # The coordinator notices the closed pipe and hands the jobs to another worker.
                print(f"grading worker: {exc}", file=sys.stderr)
                return 2
            try:
                result = driver.run(job)
            except Exception as exc:
                print(traceback.format_exc(), file=sys.stderr)
                detail = f"{type(exc).__name__}: {exc}"[:500]
                result = protocol.JobResult(id=job.id, ok=False, problem="error", detail=detail)
            results.write(protocol.encode(result))
    stop_reaper.set()
    return 0


if __name__ == "__main__":
    code = main()
    # Every reply is written; the interpreter's own clean-up (the kernels' messaging library
    # waits for its sockets) would only keep the coordinator waiting at the end of a run.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
