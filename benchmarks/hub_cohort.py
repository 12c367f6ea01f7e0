"""Benchmark: a cohort's morning on the one-machine hub (log in, start, fetch a unit).

Run it as root: `.venv/bin/python benchmarks/hub_cohort.py --learners 60` (the hub makes a
Unix account per learner; they are removed at the end). It sets a hub up in a temporary
folder with the `digiculture hub` CLI (one cohort, one unit, N learners on the roster), has
the facilitator release the unit, lets every learner sign up (not timed), and then, timed,
all N learners at once: log in through the hub's form, get a token, start their server,
wait until it answers, fetch the unit through nbgrader's handler. With `--kernels`, each
learner also opens a Python kernel and runs the unit's first cell (what they do next).

It prints, for servers ready and for the unit fetched, the median, the 95th percentile and
the time until all learners were there (all-ready), the machine's load average before and
after (other work beside the run slows it), the failures (with their reason), the processor
time (user + system seconds, which does not depend on how busy the machine is) of each
server's start until it answered and of the hub with its proxy per learner, the memory per
learner (PSS of all the learner's processes: their own share of memory, shared libraries split
between users; RSS for comparison), which docs/scaling.md uses for its sizing, and the time
the hub takes to stop with every server (SIGTERM, what Ctrl-C on `make hub` sends).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


from digiculture.devtools.hub_driver import Person, TestHub, kit_name  # noqa: E402
from digiculture.server import stop_on_signals  # noqa: E402

UNIT = "u01_jupyter_first_steps"
FIRST_CELL = (
    "from digiculture.learn import check, load_data, start_unit\n"
    f"start_unit('{UNIT}')\nimport pandas\n"
)


def memory_of(uid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB of all processes of `uid`."""
    pss = rss = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss, rss


def cpu_seconds(entry: Path) -> float:
    """Processor time (user + system, of the process and its waited-for children) of one
    process, in seconds; 0 when it is gone."""
    try:
        fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def processes() -> list[Path]:
    return [e for e in Path("/proc").iterdir() if e.name.isdigit()]


def cpu_of_uid(uid: int) -> float:
    """Processor seconds of all processes of `uid` (a learner's server and what it started)."""
    return sum(cpu_seconds(e) for e in processes() if _uid(e) == uid)


def cpu_of_hub(hub_pid: int, learner_uids: set[int]) -> float:
    """Processor seconds of the hub and its helpers (proxy, culler; children it waited for,
    such as the account commands): the hub's process tree, without the learners' servers."""
    children: dict[int, list[int]] = {}
    for entry in processes():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [hub_pid]
    while todo:
        pid = todo.pop()
        entry = Path(f"/proc/{pid}")
        if _uid(entry) in learner_uids:
            continue
        total += cpu_seconds(entry)
        todo += children.get(pid, [])
    return total


def mem_available_kb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1])
    return 0


def spread(seconds: list[float]) -> tuple[float, float, float]:
    """Median, 95th percentile (nearest rank) and maximum of `seconds`."""
    ordered = sorted(seconds)
    rank = max(0, math.ceil(0.95 * len(ordered)) - 1)
    return statistics.median(ordered), ordered[rank], ordered[-1]


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes): how busy it was beside the run."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--kernels", action="store_true", help="also open a kernel each")
    parser.add_argument(
        "--profile-hub",
        metavar="FILE",
        help="run JupyterHub under cProfile and write its profile to FILE (for pstats; it "
        "slows the hub, so the times of such a run are not the hub's)",
    )
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("Run it as root: the hub makes a Unix account per learner.", file=sys.stderr)
        return 2
    import pwd

    # Ctrl-C reaches this run and the hub as it does from a terminal, also when the run was
    # started in the background (which would leave SIGINT ignored for every process below).
    stop_on_signals()
    course = "bench-" + os.urandom(2).hex()
    names = [kit_name(f"b{i:02d}") for i in range(args.learners)]
    with TestHub(admin=kit_name("fac")) as hub:
        if args.profile_hub:
            profile = str(Path(args.profile_hub).resolve())
            hub.hub_python = [sys.executable, "-m", "cProfile", "-o", profile]
        t0 = time.monotonic()
        hub.init()
        hub.cli("hub", "add-cohort", course, "--units", UNIT)
        hub.cli("hub", "add-learners", course, str(hub.roster(names)))
        hub.start()
        fac = hub.person(hub.admin_name)
        fac.signup()
        fac.login()
        hub.start_servers([(fac, fac.name)])
        released = fac.server("POST", f"/formgrader/api/assignment/{UNIT}/release").json()
        assert released["success"], released
        learners = [hub.person(n) for n in names]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda p: p.signup(), learners))
        print(f"Set-up ({args.learners} learners, not timed): {time.monotonic() - t0:.0f} s")
        idle_hub_kb = mem_available_kb()
        uids = {p.name: pwd.getpwnam(p.name).pw_uid for p in learners}
        hub_cpu_before = cpu_of_hub(hub.process.pid, set(uids.values()))
        start_cpu: dict[str, float] = {}

        load_before = load()
        start = time.monotonic()
        ready_at: dict[str, float] = {}
        fetched_at: dict[str, float] = {}
        failures: dict[str, str] = {}

        def morning(person: Person) -> None:
            try:
                if person.login().status_code != 302:
                    raise RuntimeError("log-in refused")
                person.start_server()
                # Every 3 s, as a browser's spawn page would not hammer the hub either.
                person.wait_ready(timeout=600, poll=3.0)
                ready_at[person.name] = time.monotonic() - start
                # What the server's start cost in processor time (independent of the load).
                start_cpu[person.name] = cpu_of_uid(uids[person.name])
                body = {"course_id": course, "assignment_id": UNIT}
                result = person.server("POST", "/assignments/fetch", json=body).json()
                if not result.get("success"):
                    raise RuntimeError(f"fetch failed: {result.get('value')}")
                fetched_at[person.name] = time.monotonic() - start
                if args.kernels:
                    _, error = person.execute(FIRST_CELL, keep_kernel=True, timeout=300)
                    if error:
                        raise RuntimeError(f"first cell: {error}")
            except Exception as exc:  # a failure is a result here: count it, say why
                failures[person.name] = f"{type(exc).__name__}: {exc}"

        with ThreadPoolExecutor(args.learners) as pool:
            list(pool.map(morning, learners))
        total = time.monotonic() - start
        hub_cpu = cpu_of_hub(hub.process.pid, set(uids.values())) - hub_cpu_before
        time.sleep(5)  # let the servers settle after start-up
        per = [memory_of(pwd.getpwnam(p.name).pw_uid) for p in learners if p.name in fetched_at]
        pss = [p / 1024 for p, _ in per]
        rss = [r / 1024 for _, r in per]
        used = (idle_hub_kb - mem_available_kb()) / 1024

        print(f"Learners: {args.learners} at once (kernels: {'yes' if args.kernels else 'no'})")
        print(f"Machine: {os.cpu_count()} cores; load average before {load_before}, after {load()}")
        for what, times in (("Servers ready", ready_at), ("Unit fetched", fetched_at)):
            if times:
                median, p95, last = spread(list(times.values()))
                print(
                    f"{what}: median {median:.1f} s, p95 {p95:.1f} s, "
                    f"all {len(times)} after {last:.1f} s"
                )
        print(f"Whole morning: {total:.1f} s")
        if start_cpu:
            cpu = sorted(start_cpu.values())
            print(
                f"Processor time per server start (until ready): median "
                f"{statistics.median(cpu):.2f} s, max {cpu[-1]:.2f} s; the hub and its proxy: "
                f"{hub_cpu / args.learners:.2f} s per learner (log-in, spawn, the requests "
                f"of the morning), {hub_cpu:.1f} s in all"
            )
        print(f"Failures: {len(failures)}")
        for name, why in sorted(failures.items()):
            print(f"  {name}: {why}")
        if pss:
            print(
                f"Memory per learner: PSS mean {statistics.mean(pss):.0f} MB (max "
                f"{max(pss):.0f} MB), RSS mean {statistics.mean(rss):.0f} MB; the machine's "
                f"available memory fell by {used:.0f} MB ({used / len(pss):.0f} MB per learner)"
            )
        # Stopping: what Ctrl-C on `make hub` does (SIGTERM to JupyterHub: it stops every
        # server at once), until JupyterHub has exited; then the learners' processes left.
        began = time.monotonic()
        hub.process.terminate()
        hub.process.wait(300)
        stopped = time.monotonic() - began
        left = [e for e in processes() if _uid(e) in set(uids.values())]
        print(
            f"Hub stopped with {len(ready_at)} servers in {stopped:.1f} s; learner processes "
            f"left: {len(left)}"
        )
    return 0 if not failures else 1


def _uid(entry: Path) -> int | None:
    try:
        return entry.stat().st_uid
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
