"""`digiculture hub start` (what `make hub` runs) as a facilitator sees it, and closing a cohort.

- The hub starts with its address and next steps on the screen (no raw logs: they go to the
  log file it names) and stops on Ctrl-C (SIGINT), saying so, with every server stopped. How
  long that takes is measured, not asserted (docs/hub.md gives the figure).
- `hub close-cohort --files keep --yes` removes the cohort's learners and the cohort, and keeps
  each learner's folder where it says (root only).
"""

from __future__ import annotations

import json
import os
import pwd
import signal
import subprocess
import time

import pytest

pytest.importorskip("jupyterhub", reason="the hub's packages are not installed (make setup)")

from digiculture.devtools.hub_driver import DIGICULTURE, TestHub, kit_name  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the hub needs root (useradd)"
    ),
]


def read_until(process: subprocess.Popen, marker: str, timeout: float) -> str:
    """The command's output up to the line holding `marker` (generous time-out)."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"no '{marker}' in the output:\n{''.join(seen)}")


def test_hub_start_prints_the_address_and_stops_on_ctrl_c():
    fac, learner = kit_name("fac"), kit_name("la")
    course = "kit-s-" + os.urandom(2).hex()
    with TestHub(admin=fac) as hub:
        hub.init()
        hub.cli("hub", "add-cohort", course, "--units", "none")
        hub.cli("hub", "add-learners", course, str(hub.roster([learner])))
        process = subprocess.Popen(
            [DIGICULTURE, "hub", "start"],
            env=hub.env,
            cwd=hub.tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            shown = read_until(process, "Press Ctrl-C", timeout=300)
            person = hub.person(learner)
            assert person.signup().status_code == 200
            assert person.login().status_code == 302
            person.start_server()
            person.wait_ready(timeout=300)
            server_pid = hub.admin_api("GET", f"/users/{learner}").json()
            process.send_signal(signal.SIGINT)
            rest = process.communicate(timeout=120)[0]
        finally:
            if process.poll() is None:  # a failure above: Ctrl-C stops the hub it started too
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        assert f"http://127.0.0.1:{hub.port}/hub/" in shown
        assert f"Sign up as {fac}" in shown  # the facilitator has not signed up yet
        assert f"Cohort '{course}': 1 learner(s), 0 signed up" in shown
        assert str(hub.hub_dir / "logs" / "jupyterhub.log") in shown
        assert "[I " not in shown and "ServerApp" not in shown  # the log is in the file
        assert "Stopping the hub" in rest and "The hub has stopped" in rest, rest
        assert process.returncode == 0
        assert server_pid["servers"][""]["ready"]
        # Every process of the learner (their server, its kernels) is gone.
        uid = pwd.getpwnam(learner).pw_uid
        left = [p for p in os.listdir("/proc") if p.isdigit() and _owner(p) == uid]
        assert left == [], left
        assert "Spawning" in (hub.hub_dir / "logs" / "jupyterhub.log").read_text()


def _owner(pid: str) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def test_close_cohort_keeps_the_files_where_it_says():
    fac, a, b = kit_name("fac"), kit_name("la"), kit_name("lb")
    course = "kit-k-" + os.urandom(2).hex()
    with TestHub(admin=fac) as hub:
        hub.init()
        hub.cli("hub", "add-cohort", course, "--units", "none")
        hub.cli("hub", "add-learners", course, str(hub.roster([a, b])))
        work = hub.home_base / a / "my_notes.txt"
        work.write_text("a learner's own work\n")
        asked = subprocess.run(
            [DIGICULTURE, "hub", "close-cohort", course],
            env=hub.env,
            cwd=hub.tmp,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        assert asked.returncode == 2  # not a terminal and no --yes: it asks, changes nothing
        assert "personal data" in asked.stdout and "--yes" in asked.stderr + asked.stdout
        assert json.loads((hub.hub_dir / "hub.json").read_text())["cohorts"][course]
        closed = hub.cli("hub", "close-cohort", course, "--files", "keep", "--yes").stdout
        state = json.loads((hub.hub_dir / "hub.json").read_text())
        assert course not in state["cohorts"]
        kept = sorted((hub.hub_dir / "kept" / course).iterdir())
        kept_a = next(p for p in kept if p.name.startswith(a))
        assert (kept_a / "my_notes.txt").read_text() == "a learner's own work\n"
        assert oct(kept_a.stat().st_mode & 0o777) == "0o700" and kept_a.stat().st_uid == 0
        assert any(p.name.startswith("course") for p in kept)  # the course folder, kept
        assert str(hub.hub_dir / "kept") in closed
        assert not (hub.hub_dir / "exchange" / course).exists()
        for name in (a, b):
            with pytest.raises(KeyError):
                pwd.getpwnam(name)
