"""Start and stop the kit's local servers (JupyterLab now; Voilà and the hub later).

Used by `digiculture run` and by the tests, so both start servers the same way: on
127.0.0.1, on a free port, with a random token, and stopped cleanly.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


def free_port(preferred: int | None = None) -> int:
    """`preferred` if nothing listens there, else a free port chosen by the system."""
    for candidate in ([preferred] if preferred else []) + [0]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, candidate))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError("no free port on 127.0.0.1")


def tool_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for child processes: the kit's own Python tools first on PATH."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    env.update(extra or {})
    return env


def _start_time(pid: int) -> int | None:
    """When process `pid` started (clock ticks since boot): tells a reused pid apart."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def descendants(pid: int) -> dict[int, int]:
    """The processes below `pid` (children, their children ...) with their start times.

    Linux only (reads /proc); empty elsewhere.
    """
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    found: dict[int, int] = {}
    todo = list(parents.get(pid, []))
    while todo:
        child = todo.pop()
        started = _start_time(child)
        if started is not None and child not in found:
            found[child] = started
            todo.extend(parents.get(child, []))
    return found


def answers(url: str) -> bool:
    """Whether `url` answers 200 now (not when nothing listens there yet, or it answers
    otherwise)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class LocalServer:
    """A server process on 127.0.0.1 that is ready when `ready_url` answers 200."""

    name: str
    argv: list[str]
    port: int
    ready_path: str
    env: dict[str, str] = field(default_factory=tool_env)
    cwd: Path | None = None
    log_path: Path | None = None
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 90.0) -> LocalServer:
        out = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} stopped while starting (exit code {self.process.returncode})"
                    + (f"; see {self.log_path}" if self.log_path else "")
                )
            if answers(self.base_url + self.ready_path):
                return self
            time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"{self.name} did not answer within {timeout:.0f} s")

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server, and the kernels it started if it did not stop them itself.

        Jupyter starts each kernel in a session of its own; a server killed before it has shut
        its kernels down (a pool of 60 preheated kernels takes a while) would leave them
        running, waiting for a visitor that never comes.
        """
        if self.process is None or self.process.poll() is not None:
            return
        children = descendants(self.process.pid)
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid, started in children.items():
            if _start_time(pid) == started:  # the same process, still there
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def failed(self) -> bool:
        """Stopped by itself with an error (not by `stop` or Ctrl-C)."""
        return self.process is not None and self.process.returncode not in (0, None, -15)

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process else []

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def stop_on_signals() -> None:
    """Ctrl-C (SIGINT) and `kill` (SIGTERM) raise KeyboardInterrupt in the main thread.

    A command started in the background by a shell inherits SIGINT *ignored*, and Python
    then keeps ignoring it: the kit's foreground commands would not stop on Ctrl-C.
    """

    def _interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)


def stop_all(servers, timeout: float = 15.0) -> None:
    """Stop several servers at once: each has `timeout` seconds to stop politely."""
    servers = list(servers)
    with ThreadPoolExecutor(max(1, len(servers))) as pool:
        list(pool.map(lambda server: server.stop(timeout), servers))


@dataclass
class ProxiedServer:
    """An app server and the caching proxy before it (digiculture/voila_proxy.py), started and
    stopped together; visitors open the proxy's address."""

    app: LocalServer
    proxy: LocalServer

    @property
    def name(self) -> str:
        return self.app.name

    @property
    def process(self) -> subprocess.Popen | None:
        """The app server's process (its kernels are its children)."""
        return self.app.process

    def start(self, timeout: float = 90.0) -> ProxiedServer:
        self.app.start(timeout)
        try:
            self.proxy.start(timeout)
        except BaseException:
            self.app.stop()
            raise
        return self

    def stop(self, timeout: float = 15.0) -> None:
        stop_all((self.proxy, self.app), timeout)

    def running(self) -> bool:
        return self.app.running() and self.proxy.running()

    def failed(self) -> bool:
        return self.app.failed() or self.proxy.failed()

    def pids(self) -> list[int]:
        return self.app.pids() + self.proxy.pids()

    def __enter__(self) -> ProxiedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


#: JupyterLab as a learner sees it: nbgrader's authoring panels and the news pop-up off, the
#: course's internal files (solutions, gradebook, config) hidden from the file browser.
LEARNER_VIEW = Path(__file__).resolve().parent / "jupyter_config" / "learner_view"


def jupyter_lab(
    root_dir: Path,
    port: int,
    token: str | None = None,
    default_path: str | None = None,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
    learner_view: bool = True,
    lang: str | None = None,
) -> tuple[LocalServer, str]:
    """A JupyterLab server on `root_dir`; returns it and the URL a person opens.

    `lang`: a course language the server speaks (its menus, its kernels' DIGICULTURE_LANG:
    digiculture.lab_language); None leaves both as the environment has them."""
    token = token or secrets.token_hex(16)
    env = dict(env or {})
    if lang is not None:
        from digiculture.lab_language import lab_environment

        known = env.get("JUPYTER_CONFIG_PATH", os.environ.get("JUPYTER_CONFIG_PATH", ""))
        env.update(lab_environment(lang, known))
    if learner_view:
        known = env.get("JUPYTER_CONFIG_PATH", os.environ.get("JUPYTER_CONFIG_PATH", ""))
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(LEARNER_VIEW), known) if p)
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
        f"--IdentityProvider.token={token}",
    ]
    if default_path:
        argv.append(f"--LabApp.default_url=/lab/tree/{default_path}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    server = LocalServer(
        "JupyterLab", argv, port, f"/api/status?token={token}", env=tool_env(env), log_path=log_path
    )
    page = f"lab/tree/{default_path}" if default_path else "lab"
    return server, f"{server.base_url}/{page}?token={token}"


#: The Voilà settings of the kit's tuned configuration: kernels are started and the app's
#: imports and data loaded before a visitor arrives (the visitor only waits for the page).
#: A used kernel is replaced after 15 s, not at once: when a group arrives together (a
#: workshop, a cohort's first session), starting their replacements does not take the
#: processor from the visitors being served; size the pool for the group. A visitor's kernel
#: stops when the visitor leaves the page; one whose visitor vanished without a word (a
#: closed laptop, a lost connection) stops after 15 minutes without a connection or any work.
#: Kernels talk to Voilà over Unix sockets, not TCP ports: when 60 kernels start at once, a
#: port picked for one can be taken by another connection before the kernel binds it, and
#: that kernel never starts (seen in the load benchmark: a visitor got an error page).
TUNED_VOILA = [
    "--preheat_kernel=True",
    "--KernelManager.transport=ipc",
    "--VoilaKernelManager.fill_delay=15",
    "--MappingKernelManager.cull_idle_timeout=900",
    "--MappingKernelManager.cull_interval=60",
]


def voila_app(
    notebook: Path,
    port: int,
    tuned: bool = False,
    pool_size: int = 4,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
    kit_config: bool = True,
    template: str | None = None,
    resources: dict[str, str] | None = None,
) -> tuple[LocalServer | ProxiedServer, str]:
    """A Voilà server for one app notebook; returns it and the URL a visitor opens.

    `tuned=True` keeps `pool_size` preheated kernels ready (see TUNED_VOILA) and puts the
    kit's proxy (digiculture/voila_proxy.py) before Voilà: visitors open the proxy's `port`, Voilà
    listens on another free port, and its files are served from the proxy's memory.
    `kit_config=False` is plain `voila NOTEBOOK` started from the repository (Voilà's own
    defaults, for comparison in the benchmark). `template` names another of the kit's
    templates than voila.json's; `resources` are texts its pages read
    (`resources.NAME` in the template).
    """
    argv = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
    ]
    if tuned:
        argv += [*TUNED_VOILA, f"--pool_size={pool_size}"]
    apps = Path(notebook).resolve().parent
    extra = dict(env or {})
    if not kit_config:
        server = LocalServer(
            "Voilà (plain)",
            argv,
            port,
            "/voila/static/voila.js",
            env=tool_env(extra),
            cwd=apps.parent,
            log_path=log_path,
        )
        return server, f"{server.base_url}/"
    argv.append("--show_tracebacks=False")
    if template:
        argv.append(f"--template={template}")
    for name, text in (resources or {}).items():
        argv += ["--VoilaConfiguration.resources", f"{name}={text}"]
    # voila.json and the kit's template (jupyter/voila/templates/kit) live beside the notebook.
    extra["JUPYTER_PATH"] = os.pathsep.join(
        p
        for p in (
            str(apps / "jupyter"),
            extra.get("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", "")),
        )
        if p
    )
    app_port = free_port() if tuned else port
    if tuned:
        argv[argv.index(f"--port={port}")] = f"--port={app_port}"
    server = LocalServer(
        "Voilà",
        argv,
        app_port,
        "/voila/static/voila.js",
        env=tool_env(extra),
        cwd=apps,
        log_path=log_path,
    )
    if tuned:
        proxy = LocalServer(
            "Voilà's proxy",
            [
                sys.executable,
                "-m",
                "digiculture.voila_proxy",
                f"--port={port}",
                f"--upstream={server.base_url}",
            ],
            port,
            "/voila/static/voila.js",
            env=tool_env(),
            log_path=log_path,
        )
        server = ProxiedServer(server, proxy)
        return server, f"{proxy.base_url}/"
    return server, f"{server.base_url}/"
