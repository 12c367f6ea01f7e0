"""The coordinator's handle on one grading worker process (`worker.py` is the worker itself):
it starts the worker, sends it jobs and reads its results (`protocol.py`)."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

from digiculture.grading import protocol, sandbox
from digiculture.grading.jobs import Job
from digiculture.grading.slots import Slot

log = logging.getLogger("digiculture.grading")

#: Seconds a worker may take to start (its interpreters import IPython, pandas, nbgrader).
WORKER_START_LIMIT = 300


class WorkerProcess:
    """One running worker (`python -m digiculture.grading.worker`), its pipes and its jobs."""

    def __init__(
        self,
        index: int,
        run_dir: Path,
        spec_file: Path,
        sandboxed: bool,
        env: dict[str, str],
        slot: Slot | None = None,
        cgroups: list[Path] | None = None,
    ):
        self.index = index
        self.slot = slot
        self.area = run_dir / f"w{index}"
        self.jobs = self.area / "jobs"
        self.jobs.mkdir(parents=True, exist_ok=True)
        os.chmod(self.area, 0o700)
        os.chmod(self.jobs, 0o711)
        self.log_file = run_dir / f"worker{index}.log"
        commands_r, commands_w = os.pipe()
        results_r, results_w = os.pipe()
        args = [
            "--spec",
            str(spec_file),
            "--area",
            str(self.area),
            "--commands-fd",
            str(commands_r),
            "--results-fd",
            str(results_w),
        ]
        keep = [commands_r, results_w]
        if slot is not None:
            args += ["--uid", str(slot.uid), "--gid", str(slot.gid)]
            args += [f"--cgroup={folder}" for folder in cgroups or []]
            # The worker and its prepared interpreter hold the slot's lock while they live.
            keep.append(slot.lock_fd)
        with open(self.log_file, "ab") as err:
            # A fresh exec with an environment built from an allow-list: nothing of this
            # process's environment (the facilitator's secrets) reaches the worker's memory.
            self.process = subprocess.Popen(
                sandbox.worker_command(sys.executable, args, sandboxed),
                pass_fds=keep,
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                start_new_session=True,
                env=env,
                cwd="/",
                close_fds=True,
            )
        os.close(commands_r)
        os.close(results_w)
        self.commands = os.fdopen(commands_w, "w", buffering=1, encoding="utf-8")
        self.results_fd = results_r
        os.set_blocking(results_r, False)
        self.buffer = b""
        self.ready = False
        #: Jobs sent and not answered yet, oldest first (the worker runs them in order).
        self.in_flight: deque[Job] = deque()
        self.dead = False
        self.started = time.monotonic()
        #: When the worker last answered (or got work while idle).
        self.last_seen = self.started

    def age(self) -> float:
        return time.monotonic() - self.started

    def send(self, job: Job, execute: dict) -> None:
        if not self.in_flight:
            self.last_seen = time.monotonic()
        self.in_flight.append(job)
        # A worker that has stopped is noticed when its results pipe closes.
        with contextlib.suppress(OSError):
            self.commands.write(protocol.encode(job.request(execute)))

    def read_messages(self) -> list[protocol.Ready | protocol.JobResult]:
        """The messages that have arrived; a line that is not one stops the worker (it is
        then replaced, and its jobs run again)."""
        try:
            chunk = os.read(self.results_fd, 1 << 20)
        except BlockingIOError:
            return []
        if not chunk:
            self.dead = True
            return []
        self.last_seen = time.monotonic()
        self.buffer += chunk
        messages = []
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            try:
                messages.append(protocol.decode_reply(line))
            except protocol.ProtocolError as exc:
                log.error("worker %d: %s; stopping it", self.index, exc)
                self.process.kill()
                self.buffer = b""
                break
        return messages

    def ask_to_stop(self) -> None:
        """Close the commands pipe: the worker ends after the job it runs."""
        with contextlib.suppress(OSError):
            self.commands.close()

    def stop(self) -> None:
        self.ask_to_stop()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        with contextlib.suppress(OSError):
            os.close(self.results_fd)
        if self.slot is not None:
            self.slot.release()
