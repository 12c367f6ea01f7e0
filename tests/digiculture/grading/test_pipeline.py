"""The whole corpus graded in one run: every case gets its row and reason, none stops the rest,
and normal submissions get exactly the scores of plain `nbgrader autograde`."""

from __future__ import annotations

import csv
import io
import json
import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from digiculture.course import nbgrader_ops as ops
from digiculture.course.folder import course_api
from digiculture.grading import capped_stream, sandbox, slots
from digiculture.grading.gradebook import gradebook_rows, render
from digiculture.grading.run import GradingOptions, SandboxUnavailable, grade_unit
from digiculture.grading.sandbox import Limits
from tests.digiculture.grading.conftest import (
    CORPUS,
    SANDBOX_PROBLEM,
    UNIT,
    enrol,
    needs_sandbox,
    outcome,
    submit,
)

pytestmark = [
    pytest.mark.slow,  # runs nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own
]

SANDBOXED = SANDBOX_PROBLEM is None
# Generous time: no case here is about speed (the endless loop is stopped after 30 s, the
# memory bomb by its memory limit long before that, even on a busy machine).
LIMITS = Limits(timeout=30, memory_mb=1024)
NORMAL = ("correct", "partly", "blank")

PROBE = """\
import json, os, resource, socket
report = {"uid": os.getuid(), "cwd": os.getcwd(), "home": os.environ.get("HOME")}
report["course_visible"] = os.path.exists(COURSE)
report["kit_source_visible"] = os.path.exists(KIT_SOURCE)
for name, path in (("gradebook", COURSE + "/gradebook.db"), ("jobs", "/grading")):
    try:
        os.listdir(path) if name == "jobs" else open(path, "rb").read(1)
        report[name] = "open"
    except OSError as exc:
        report[name] = type(exc).__name__
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    report["network"] = "open"
except OSError as exc:
    report["network"] = type(exc).__name__
try:
    open(KIT + "/digiculture/probe.txt", "w")
    report["kit_writable"] = True
except OSError:
    report["kit_writable"] = False
with open(os.path.join(os.environ["HOME"], "note.txt"), "w") as fh:
    fh.write("mine")
report["home_writable"] = True
report["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
report["memory_limit"] = resource.getrlimit(resource.RLIMIT_AS)[0]
from digiculture.learn import load_data
report["data_rows"] = len(load_data("library_loans.csv"))
print("PROBE" + json.dumps(report))
total = 48 * 7
"""


def _saved_output_case(course: Path) -> None:
    """A submission that carries 100 MB of saved output in the file itself."""
    nb = nbformat.read(CORPUS / "correct.ipynb", as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 100_000_000)]
    enrol(course, "saved_output")
    folder = course / "submitted" / "saved_output" / UNIT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{UNIT}.ipynb")


def _probe_case(course: Path) -> None:
    nb = nbformat.read(CORPUS / "correct.ipynb", as_version=4)
    kit = str(Path(__file__).resolve().parents[3])
    header = f"COURSE = {str(course)!r}\nKIT = {kit!r}\nKIT_SOURCE = KIT + '/notebooks/source'\n"
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "u98_total":
            cell.source = header + PROBE
    enrol(course, "probe")
    folder = course / "submitted" / "probe" / UNIT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{UNIT}.ipynb")


@pytest.fixture(scope="module")
def graded(course_template, tmp_path_factory):
    """The corpus (one learner per case) graded in one run."""
    course = tmp_path_factory.mktemp("graded") / "course"
    shutil.copytree(course_template, course)
    for path in sorted(CORPUS.glob("*.ipynb")):
        submit(course, path.stem, path.stem)
    _saved_output_case(course)
    _probe_case(course)
    gradebook_before = (course / "gradebook.db").stat().st_size
    seen = []
    summary = grade_unit(
        course, UNIT, GradingOptions(limits=LIMITS, sandbox=SANDBOXED), progress=seen.append
    )
    return course, summary, seen, gradebook_before


def test_every_submission_gets_a_row_and_progress(graded):
    course, summary, seen, _ = graded
    learners = sorted(p.name for p in (course / "submitted").iterdir())
    assert sorted(o.learner for o in summary.results) == learners and not summary.refused
    assert sorted(o.learner for o in seen) == learners
    rows = {r.learner: r for r in gradebook_rows(course)}
    assert sorted(rows) == learners
    for o in summary.results:
        assert rows[o.learner].status == o.status
        if o.status == "failed":
            assert rows[o.learner].reason == o.reason and o.reason


@pytest.mark.parametrize(
    ("case", "status", "score", "words"),
    [
        ("correct", "graded", 3, None),
        ("partly", "graded", 2, None),
        ("blank", "graded", 0, None),
        ("infinite_loop", "graded", 3, "cell 4 ran longer than 30 s and was stopped"),
        ("memory_bomb", "graded", 3, "cell 4 tried to use more than 1024 MB of memory"),
        ("kernel_exit", "failed", None, "Python stopped while running cell 4"),
        ("deleted_test", "graded", 3, "the test cell u98_total_check had been deleted"),
        ("edited_test", "graded", 1, "the test cell u98_total_check had been edited"),
        ("changed_metadata", "graded", 3, "the test cell u98_total_check had been changed"),
        ("invalid_json", "failed", None, "the notebook file is damaged (broken JSON"),
        ("other_unit", "failed", None, "this is the notebook of another unit"),
        ("empty", "failed", None, "the notebook file is empty (0 bytes)"),
        ("big_output", "graded", 3, "MB more output than the 5 MB kept"),
        ("saved_output", "graded", 3, "the notebook carried 95 MB of saved output"),
    ],
)
def test_case(graded, case, status, score, words):
    _, summary, _, _ = graded
    o = outcome(summary, case)
    assert o.status == status, (o.reason, o.notes)
    if status == "graded":
        assert o.score == score and o.max_score == 4  # 3 autograded + 1 reflection
    text = " ".join([o.reason, *o.notes])
    if words:
        assert words in text, text
    else:
        assert text.strip() == ""


def test_the_kernel_itself_stops_sending_what_is_too_much(graded):
    """100 MB printed: the kernel sends the first 5 MB and says it cut the rest, so the
    grade cannot depend on how fast the machine moves 100 MB (capped_stream)."""
    course, summary, _, _ = graded
    nb = nbformat.read(course / "autograded" / "big_output" / UNIT / f"{UNIT}.ipynb", 4)
    streams = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    printed = "".join(o.get("text", "") for o in streams if o.get("output_type") == "stream")
    # The kernel's own line, in what print() sent (the worker's cap adds a separate stderr one).
    assert capped_stream.MARKER in "".join(
        o.get("text", "") for o in streams if o.get("name") == "stdout"
    )
    assert len(printed) <= 5 * 2**20 + len(capped_stream.MARKER)
    # 100 MB printed, 5 MiB kept: about 91 MiB more (the kernel's count is to the megabyte).
    note = " ".join(outcome(summary, "big_output").notes)
    assert 89 <= int(note.split("about ", 1)[1].split(" MB more output")[0]) <= 96, note


def test_hostile_code_cannot_reach_solutions_or_gradebook(graded):
    course, summary, _, gradebook_before = graded
    o = outcome(summary, "reads_solutions")
    assert o.status == "graded" and o.score == 3
    graded_nb = nbformat.read(
        course / "autograded" / "reads_solutions" / UNIT / f"{UNIT}.ipynb", as_version=4
    )
    printed = "".join(
        o.get("text", "") for c in graded_nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "no network" in printed
    if SANDBOXED:
        assert str(course) not in printed and "WROTE" not in printed
        assert " True\n" not in printed  # no file with a solution in it was read
    db = course / "gradebook.db"
    assert not db.read_bytes().endswith(b"hacked")
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert db.stat().st_size >= gradebook_before


@needs_sandbox
def test_sandbox_isolates_the_learner_code(graded):
    course, summary, _, _ = graded
    assert outcome(summary, "probe").status == "graded"
    graded_nb = nbformat.read(course / "autograded" / "probe" / UNIT / f"{UNIT}.ipynb", 4)
    printed = "".join(
        o.get("text", "") for c in graded_nb.cells if c.cell_type == "code" for o in c.outputs
    )
    report = json.loads(printed.split("PROBE", 1)[1].splitlines()[0])
    assert pwd.getpwuid(report["uid"]).pw_name.startswith(slots.USER_PREFIX)
    assert report["uid"] != 0
    assert report["course_visible"] is False and report["kit_source_visible"] is False
    assert report["gradebook"] == "FileNotFoundError"
    assert report["jobs"] == "PermissionError"
    assert (
        report["network"] in ("OSError", "ConnectionRefusedError") or "Error" in report["network"]
    )
    assert report["network"] != "open"
    assert report["kit_writable"] is False and report["home_writable"] is True
    assert report["home"] == sandbox.LEARNER_HOME and report["cwd"].startswith(report["home"])
    assert report["processes"][0] == 1 and len(report["processes"]) < 5
    assert 0 < report["memory_limit"] < 4 * 1024**3
    assert report["data_rows"] > 0


def test_results_are_nbgraders_own(graded):
    """autograded/ notebooks, gradebook rows, `nbgrader export` and feedback as usual."""
    course, summary, _, _ = graded
    for o in summary.graded:
        assert (course / "autograded" / o.learner / UNIT / f"{UNIT}.ipynb").is_file()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    out = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), "export", "--to", "grades.csv"],
        cwd=course,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    exported = (course / "grades.csv").read_text(encoding="utf-8")
    assert "correct" in exported and "partly" in exported


def _grades(course: Path, learner: str) -> list[tuple]:
    api = course_api(course)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        sub = gb.find_submission(UNIT, learner)
        return sorted(
            (g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
            for nb in sub.notebooks
            for g in nb.grades
        )


def test_scores_equal_plain_nbgrader_autograde(graded, course_template, tmp_path):
    course, _, _, _ = graded
    plain = tmp_path / "plain"
    shutil.copytree(course_template, plain)
    api = course_api(plain)
    for case in NORMAL:
        submit(plain, case, case)
        ops.autograde(api, UNIT, case)
    for case in NORMAL:
        assert _grades(course, case) == _grades(plain, case), case


def test_gradebook_export_formats(graded):
    course, _, _, _ = graded
    rows = gradebook_rows(course)
    csv_text = render(rows, "csv")
    assert csv_text.splitlines()[0] == "learner,unit,score,max_score,status,reason"
    table = {r["learner"]: r for r in csv.DictReader(io.StringIO(csv_text))}
    assert table["correct"] == {
        "learner": "correct",
        "unit": UNIT,
        "score": "3",
        "max_score": "4",
        "status": "graded",
        "reason": "answers still to grade by hand in formgrader",
    }
    assert table["empty"]["score"] == "" and table["empty"]["status"] == "failed"
    assert table["empty"]["reason"].startswith("the notebook file is empty (0 bytes)")
    data = json.loads(render(rows, "json"))
    assert {d["status"] for d in data} == {"graded", "failed"}


def test_resubmission_while_grading(course, tmp_path):
    submit(course, "anna", "blank")
    submit(course, "ben", "correct")
    first = []

    def handed_in_again(outcome):
        if not first:
            first.append(outcome)
            submit(course, "anna", "correct")

    summary = grade_unit(
        course, UNIT, GradingOptions(limits=LIMITS, sandbox=SANDBOXED), progress=handed_in_again
    )
    anna = outcome(summary, "anna")
    assert anna.status == "graded" and anna.score == 0
    assert any("handed in again while grading ran" in n for n in anna.notes)
    row = next(r for r in gradebook_rows(course) if r.learner == "anna")
    assert "a newer submission is waiting to be graded" in row.reason
    assert outcome(summary, "ben").score == 3

    again = grade_unit(course, UNIT, GradingOptions(limits=LIMITS, sandbox=SANDBOXED))
    assert outcome(again, "anna").score == 3 and not outcome(again, "anna").notes
    row = next(r for r in gradebook_rows(course) if r.learner == "anna")
    assert "waiting" not in row.reason


def test_no_sandbox_without_root_refuses_unless_asked(course, monkeypatch):
    submit(course, "anna", "correct")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    problem = sandbox.sandbox_problem()
    assert problem.startswith("Sandboxed grading needs root") and "--no-sandbox" in problem
    with pytest.raises(SandboxUnavailable) as info:
        grade_unit(course, UNIT, GradingOptions(limits=LIMITS))
    assert info.value.exit_code == 2
    assert not (course / "autograded" / "anna").exists()
    monkeypatch.undo()
    summary = grade_unit(course, UNIT, GradingOptions(limits=LIMITS, sandbox=False, workers=1))
    assert outcome(summary, "anna").score == 3 and not summary.sandboxed


def test_a_worker_that_dies_is_replaced_and_its_work_redone(course, monkeypatch):
    from digiculture.grading import worker_process

    learners = ("anna", "ben", "carla", "dora", "emil", "fritz")
    for learner in learners:
        submit(course, learner, "correct")
    started = []
    original = worker_process.WorkerProcess.__init__

    def remember(self, *args, **kwargs):
        original(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(worker_process.WorkerProcess, "__init__", remember)

    killed = []

    def kill_first_worker(outcome):
        first = started[0]
        if not killed and first.in_flight and first.process.poll() is None:
            killed.append(first.in_flight[0].learner)
            first.process.kill()

    summary = grade_unit(
        course,
        UNIT,
        GradingOptions(limits=LIMITS, sandbox=SANDBOXED, workers=2),
        progress=kill_first_worker,
    )
    assert killed, "the first worker had work when it was stopped"
    assert [o.status for o in summary.results] == ["graded"] * len(learners)
    assert all(o.score == 3 for o in summary.results)
    assert len(started) == 3, "a new worker took the place of the one that stopped"
    assert "worker 0 stopped" in summary.log_file.read_text(encoding="utf-8")
