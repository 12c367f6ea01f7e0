"""`digiculture hub start` (what `make hub` runs): the hub in the foreground, its messages in a
log file, the address and the next steps on the screen, and Ctrl-C that stops it quickly.

JupyterHub runs as a child process in a session of its own (Ctrl-C reaches only this
command, which then stops the hub in order): its output and that of every server go to
`<hub>/logs/jupyterhub.log`. On Ctrl-C (or SIGTERM), the hub is asked to stop, which stops
every learner's server (`config.STOP_TIMEOUTS`: at most a few seconds each, all at once); what
is still running after `STOP_SECONDS` is killed (files are never touched).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from digiculture.hub import setup
from digiculture.hub.layout import HubLayout
from digiculture.hub.state import HubState
from digiculture.server import LocalServer, answers, stop_on_signals
from digiculture.settings import Settings

#: Seconds the hub has to stop politely after Ctrl-C before it and its servers are killed.
STOP_SECONDS = 8.0
#: Seconds the hub has to answer after it was started (its database, the proxy, the culler).
START_SECONDS = 120.0
KIT = ".venv/bin/digiculture"


def log_path(settings: Settings) -> Path:
    return HubLayout(settings.hub_dir).logs / "jupyterhub.log"


def first_steps(settings: Settings, state: HubState) -> list[str]:
    """What the facilitator does next, from the hub's record (only what is still to do)."""
    taken = setup.signed_up(settings)
    steps = []
    for name in state.admins:
        if name not in taken:
            steps.append(
                f"Sign up as {name} with the invitation link `hub init` printed (lost it? "
                f"`sudo {KIT} hub invite {name}` makes a new one)."
            )
    if not state.cohorts:
        steps.append(
            f"Make a cohort: `sudo {KIT} hub add-cohort spring-2027 --units all --lang de` "
            "(also while the hub runs)."
        )
    for cohort in state.cohorts.values():
        if not cohort.learners:
            steps.append(
                f"Add the learners of '{cohort.course}': `sudo {KIT} hub add-learners "
                f"{cohort.course} roster.csv`, then send each their link from "
                f"invitations-{cohort.course}.csv."
            )
        else:
            joined = len(set(cohort.learners) & taken)
            steps.append(
                f"Cohort '{cohort.course}': {len(cohort.learners)} learner(s), {joined} signed "
                "up. Release a unit: log in, Nbgrader > Formgrader > Manage Assignments."
            )
    return steps


def run(settings: Settings, echo: Callable[[str], None] = print) -> int:
    """Run the hub until Ctrl-C; 0 when stopped by Ctrl-C, 1 when it stopped by itself."""
    state = setup.require_state(settings)
    argv = setup.start_argv(settings)
    log = log_path(settings)
    log.parent.mkdir(parents=True, exist_ok=True)
    hub = LocalServer(
        name="JupyterHub",
        argv=argv,
        port=state.hub_port,  # the hub's own API, always on 127.0.0.1
        ready_path="/hub/api/",
        env=setup.start_env(settings),
        cwd=Path(settings.hub_dir),
        log_path=log,
    )
    echo(f"Starting the course hub (its messages go to {log}) ...")
    stop_on_signals()
    try:
        began = time.monotonic()
        hub.start(timeout=START_SECONDS)
        wait_for_the_proxy(state, START_SECONDS - (time.monotonic() - began))
        echo("")
        echo(f"The course hub is running. Open it in your browser: {state.base_url}/hub/")
        steps = first_steps(settings, state)
        if steps:
            echo("Next steps:")
            for step in steps:
                echo(f"  - {step}")
        echo("Step by step: docs/hub.md.")
        echo(
            f"Server messages go to {log}. Press Ctrl-C here to stop the hub and every "
            "learner's server (their files stay)."
        )
        while hub.running():
            time.sleep(0.5)
    except KeyboardInterrupt:
        echo("\nStopping the hub and every learner's server ...")
        began = time.monotonic()
        hub.stop(timeout=STOP_SECONDS)
        echo(f"The hub has stopped ({time.monotonic() - began:.0f} s). Files are kept.")
        return 0
    except (RuntimeError, TimeoutError) as exc:
        hub.stop(timeout=STOP_SECONDS)
        echo(f"The hub could not start: {exc}. The last lines of {log}:")
        echo(tail(log))
        return 1
    echo(f"The hub stopped by itself. The last lines of {log}:")
    echo(tail(log))
    return 1


def wait_for_the_proxy(state: HubState, timeout: float) -> None:
    """Until the hub answers at the address people open (its proxy has the hub's route: the
    hub's own API answers a moment before), so the address printed next works at once."""
    host = state.ip if state.ip not in ("", "0.0.0.0") else "127.0.0.1"
    url = f"http://{host}:{state.port}/hub/api/"
    deadline = time.monotonic() + max(timeout, 10.0)
    while time.monotonic() < deadline:
        if answers(url):
            return
        time.sleep(0.3)
    raise TimeoutError(f"the hub did not answer at {url}")


def tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
