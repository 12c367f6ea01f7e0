"""Attacks on the grader by a learner's submission; each must fail to get through.

Every test hands in hostile code (as a learner would, in an otherwise right notebook), grades
it with the real pipeline (real nbgrader, the real sandbox) and checks what the learner could
reach. Tests that need the sandbox (Linux, root, namespaces) are skipped where it is missing.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from pathlib import Path

import nbformat
import pytest

from digiculture.grading import sandbox
from digiculture.grading.feedback import generate_feedback
from digiculture.grading.run import GradingOptions, grade_unit
from digiculture.grading.sandbox import Limits
from tests.digiculture.grading import conftest as grading
from tests.digiculture.grading.conftest import UNIT, needs_sandbox, outcome, submit, submit_code

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

#: Generous: no attack here is about time, and the machine may be busy.
LIMITS = Limits(timeout=120, memory_mb=1024)


#: The grading tests' course with the fixture unit (made once per session, copied per test).
course_template, course = grading.course_template, grading.course


def printed(folder: Path, learner: str) -> str:
    nb = nbformat.read(folder / "autograded" / learner / UNIT / f"{UNIT}.ipynb", as_version=4)
    return "".join(
        str(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )


def report_of(folder: Path, learner: str, mark: str) -> dict:
    text = printed(folder, learner)
    assert mark in text, text[-2000:]
    return json.loads(text.split(mark, 1)[1].splitlines()[0])


LEAK = r"""
import ctypes, json, os
ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: make /proc/self/mem readable
canary = ("CAN" + "ARY-" + "7f3a").encode()
# What the kit's code shows a secret would look like (names are public, values are not).
MARKERS = (b"STORE_URL=", b"_TOKEN=", b"PASSWORD=", b"SECRET", b"postgresql://", b"API_TOKEN")
def find(chunk, hits):
    for marker in MARKERS:
        at = chunk.find(marker)
        while at >= 0 and len(hits) < 5000:
            hits.add(chunk[max(0, at - 40):at + 160])
            at = chunk.find(marker, at + 1)
def grab(path):
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        return ("ERR " + type(exc).__name__).encode()
texts = {}
pids = [p for p in os.listdir("/proc") if p.isdigit()]
for pid in ["self", str(os.getppid()), "1", str(COORDINATOR), *pids]:
    for part in ("environ", "cmdline"):
        texts[f"/proc/{pid}/{part}"] = grab(f"/proc/{pid}/{part}")
try:
    texts["coordinator mem"] = open(f"/proc/{COORDINATOR}/mem", "rb").read(64)
except (OSError, ValueError) as exc:
    texts["coordinator mem"] = ("ERR " + type(exc).__name__).encode()
hits, scanned, seen_canary = set(), 0, False
with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
    for line in maps:
        where, perms = line.split()[:2]
        start, end = (int(x, 16) for x in where.split("-"))
        if "r" not in perms or end - start > 512 * 2**20:
            continue
        try:
            mem.seek(start)
            chunk = mem.read(end - start)
        except (OSError, OverflowError, ValueError):
            continue
        scanned += len(chunk or b"")
        seen_canary = seen_canary or canary in chunk
        find(chunk, hits)
for text in texts.values():
    find(text, hits)
with open(os.path.join(os.environ["HOME"], "loot.txt"), "wb") as fh:
    fh.write(b"\n".join(sorted(hits)))
print("LEAK" + json.dumps({
    "scanned": scanned, "canary": seen_canary, "environ": dict(os.environ),
    "hits": sorted(h.decode("latin-1") for h in hits)[:3000],
    "texts": {k: v.decode("latin-1")[:3000] for k, v in texts.items()},
}))
"""


@needs_sandbox
def test_facilitators_environment_never_reaches_learner_code(course, monkeypatch):
    """Attack: a submission makes itself dumpable and reads /proc/self/environ, cmdline, its
    parent's and every visible process's environ, the coordinator's /proc entries, and scans
    its whole memory for the facilitator's secrets (a database password in
    DIGICULTURE_STORE_URL, a token). The secrets must appear nowhere: not in the graded
    notebook, the feedback page, any file of the course, or the grading log."""
    password = "pw-" + secrets.token_hex(12)
    token = "tok-" + secrets.token_hex(12)
    monkeypatch.setenv("DIGICULTURE_STORE_URL", f"postgresql://kit:{password}@db.example/kit")
    monkeypatch.setenv("KIT_API_TOKEN", token)
    submit_code(course, "mallory", f"COORDINATOR = {os.getpid()}\n" + LEAK)
    submit(course, "anna", "correct")
    summary = grade_unit(course, UNIT, GradingOptions(limits=LIMITS, workers=2))
    assert outcome(summary, "mallory").status == "graded", outcome(summary, "mallory").reason
    assert outcome(summary, "mallory").score == 3 and outcome(summary, "anna").score == 3
    report = report_of(course, "mallory", "LEAK")
    # The attack really ran: it read its memory (the canary it made is found there) and
    # the /proc files of the processes it can see.
    assert report["canary"] is True and report["scanned"] > 10 * 2**20
    assert "DIGICULTURE_STORE_URL" not in report["environ"]
    assert not report["texts"]["/proc/self/environ"].startswith("ERR")
    assert report["texts"]["coordinator mem"].startswith("ERR")
    generate_feedback(course, UNIT)
    assert (course / "feedback" / "mallory" / UNIT / f"{UNIT}.html").is_file()
    files = [p for p in course.rglob("*") if p.is_file() and not p.is_symlink()]
    assert summary.log_file in files
    for path in files:
        data = path.read_bytes()
        assert password.encode() not in data and token.encode() not in data, path


@needs_sandbox
def test_learner_code_reaches_nothing_outside_its_folder(course, tmp_path):
    """Attack: a submission looks for the other learners' submissions, the gradebook, the
    source notebooks with the solutions, the roster and the grading records; writes outside
    its home (the course, the kit, the jobs area); connects to a server on 127.0.0.1 and to
    the internet; signals every process; tries to become root. All must fail, and the
    course must be unchanged apart from the grading results."""
    kit = Path(__file__).resolve().parents[2]
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    port = server.getsockname()[1]
    code = f"""
import json, os, signal, socket
COURSE, KIT, PORT = {str(course)!r}, {str(kit)!r}, {port}
report = {{}}
def attempt(name, action):
    try:
        action()
        report[name] = "open"
    except Exception as exc:
        report[name] = type(exc).__name__
for name, path in [
    ("other_submission", COURSE + "/submitted/anna/{UNIT}/{UNIT}.ipynb"),
    ("gradebook", COURSE + "/gradebook.db"),
    ("course_source", COURSE + "/source/{UNIT}/{UNIT}.ipynb"),
    ("kit_source", KIT + "/notebooks/source"),
    ("roster", COURSE + "/roster.csv"),
    ("records", COURSE + "/grading/{UNIT}.json"),
    ("autograded", COURSE + "/autograded"),
    ("shadow", "/etc/shadow"),
]:
    read = lambda p=path: os.listdir(p) if os.path.isdir(p) else open(p, "rb").read(1)
    attempt("read_" + name, read)
for name, path in [
    ("course", COURSE + "/evil.txt"),
    ("kit", KIT + "/digiculture/evil.py"),
    ("jobs", "/grading/evil.txt"),
    ("etc", "/etc/evil.txt"),
]:
    attempt("write_" + name, lambda p=path: open(p, "w").write("x"))
attempt("list_jobs", lambda: os.listdir("/grading"))
attempt("loopback", lambda: socket.create_connection(("127.0.0.1", PORT), timeout=5))
attempt("internet", lambda: socket.create_connection(("1.1.1.1", 443), timeout=5))
attempt("dns", lambda: socket.getaddrinfo("example.org", 443))
attempt("setuid", lambda: os.setuid(0))
report["uid"] = os.getuid()
report["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
report["tmp"] = os.listdir("/tmp")
print("PROBE" + json.dumps(report))
"""
    submit(course, "anna", "correct")
    submit_code(course, "mallory", code)
    before = {p: p.read_bytes() for p in (course / "source").rglob("*") if p.is_file()}
    summary = grade_unit(course, UNIT, GradingOptions(limits=LIMITS, workers=2))
    server.close()
    assert outcome(summary, "mallory").score == 3 and outcome(summary, "anna").score == 3
    report = report_of(course, "mallory", "PROBE")
    for key, value in report.items():
        if key.startswith(("read_", "write_", "list_", "loopback", "internet", "dns", "setuid")):
            assert value != "open", (key, report)
    assert report["uid"] != 0 and report["processes"][0] == 1 and len(report["processes"]) < 5
    # The kernel's /tmp is its own and empty, but for the way to the kit itself when the kit
    # lives under /tmp (a clone there: its environment is bound in, read-only).
    kit_in_tmp = kit.parts[2:3] if kit.parts[1:2] == ("tmp",) else ()
    assert report["tmp"] == list(kit_in_tmp)
    assert not (course / "evil.txt").exists() and not (kit / "digiculture" / "evil.py").exists()
    assert before == {p: p.read_bytes() for p in (course / "source").rglob("*") if p.is_file()}
    assert "anna" not in json.dumps(report)


FORK_BOMB = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""

KILL_ALL = """
import os, signal
try:
    os.kill(-1, signal.SIGKILL)  # every process this user may signal
except ProcessLookupError:
    print("KILL: nothing to kill")
"""


@needs_sandbox
def test_a_fork_bomb_does_not_fail_honest_submissions_beside_it(course):
    """Attack: one submission forks without end (and another kills every process it can)
    while honest submissions are graded beside it on the other worker. Each running kernel
    has its own Unix user (its own process limit) and cgroup where the machine has them:
    the honest ones are graded in full."""
    honest = ("anna", "ben", "carla")
    submit_code(course, "mallory", FORK_BOMB)
    submit_code(course, "oscar", KILL_ALL)
    for learner in honest:
        submit(course, learner, "correct")
    limits = Limits(timeout=60, memory_mb=1024)
    summary = grade_unit(course, UNIT, GradingOptions(limits=limits, workers=2))
    for learner in honest:
        o = outcome(summary, learner)
        assert (o.status, o.score) == ("graded", 3), (learner, o.reason, o.notes)
    # kill(-1) reaches only its own processes (its kernel is PID 1 of its namespace).
    assert outcome(summary, "oscar").score == 3
    bomb = outcome(summary, "mallory")
    # Its cell never ends: graded without that answer, or failed with what happened.
    assert (bomb.status == "graded" and bomb.score < 3) or (
        bomb.status == "failed" and "did not answer afterwards" in bomb.reason
    ), bomb
    log = summary.log_file.read_text(encoding="utf-8")
    assert "runs learner code as kitgrader" in log
    assert sandbox.sandbox_problem() is None


LEAVE_BEHIND = """
import ctypes, glob, os
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
shmid = libc.shmget(0x4B495431, 4096, 0o1666)  # IPC_CREAT: System V shared memory
ctypes.memmove(libc.shmat(shmid, None, 0), b"LEFT-BEHIND", 11)
folder = os.path.dirname(get_ipython().kernel.parent.connection_file)
written = 0
try:
    for i in range(64):  # 640 MB into the one folder of the jobs area it owns
        with open(os.path.join(folder, f"fill{i}"), "wb") as fh:
            fh.write(b"x" * 10 * 2**20)
        written += 10
except OSError as exc:
    print("FILL stopped:", type(exc).__name__)
print("FILL wrote", written, "MB in", folder)
"""

PICK_UP = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
shmid = libc.shmget(0x4B495431, 0, 0)
found = ctypes.string_at(libc.shmat(shmid, None, 0), 11) if shmid >= 0 else b""
print("PICKUP", shmid, found)
"""


@needs_sandbox
def test_nothing_a_kernel_leaves_behind_reaches_the_next_one(course):
    """Attack: one submission leaves System V shared memory behind for the next kernel of
    the same worker (the same Unix user) to pick up, and fills the folder of the jobs area
    where its kernel's sockets live (the machine's /tmp). The next kernel finds nothing, and
    the folder holds at most a megabyte."""
    submit_code(course, "anna", LEAVE_BEHIND)
    submit_code(course, "ben", PICK_UP)
    summary = grade_unit(course, UNIT, GradingOptions(limits=LIMITS, workers=1))
    assert outcome(summary, "anna").score == 3 and outcome(summary, "ben").score == 3
    filled = printed(course, "anna")
    assert "FILL stopped: OSError" in filled and "FILL wrote 0 MB" in filled, filled
    picked = printed(course, "ben")
    assert "PICKUP -1 b''" in picked, picked
