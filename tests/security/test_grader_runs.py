"""Attacks on and accidents of grading runs: strangers' and linked folders under submitted/,
two runs at once, a run killed with kill -9, and files made to look like something else.
Each must fail to get through (or leave nothing wrong behind)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from typer.testing import CliRunner

from digiculture.cli import app
from digiculture.course.folder import course_api
from digiculture.grading import runs
from digiculture.grading.failures import failure_reason
from digiculture.grading.gradebook import gradebook_rows, render
from digiculture.grading.protocol import JobResult
from digiculture.grading.run import GradingOptions, grade_unit
from digiculture.grading.sandbox import Limits
from tests.digiculture.grading import conftest as grading
from tests.digiculture.grading.conftest import CORPUS, SANDBOX_PROBLEM, UNIT, enrol, submit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

SANDBOXED = SANDBOX_PROBLEM is None
LIMITS = Limits(timeout=120, memory_mb=1024)
SANDBOX_ARGS = [] if SANDBOXED else ["--no-sandbox"]

#: The grading tests' course with the fixture unit (made once per session, copied per test).
course_template, course = grading.course_template, grading.course


def test_only_the_courses_learners_are_graded_and_links_are_refused(course, tmp_path):
    """Attack: folders under submitted/ that are not a learner's own submission: a folder
    named like a spreadsheet formula, a stranger not on the roster, a learner folder that is
    a link to another learner's, a notebook that is a link to the solutions, a unit folder
    that is a link. None is graded, none becomes a learner in the gradebook or its CSV, and
    the summary lists each with its reason."""
    submit(course, "de-001", "correct")
    formula = '=HYPERLINK("evil.example";"x")'
    for name in (formula, "stranger"):
        folder = course / "submitted" / name / UNIT
        folder.mkdir(parents=True)
        (folder / f"{UNIT}.ipynb").write_bytes((CORPUS / "correct.ipynb").read_bytes())
    enrol(course, "de-002")
    os.symlink(course / "submitted" / "de-001", course / "submitted" / "de-002")
    enrol(course, "it-003")
    (course / "submitted" / "it-003" / UNIT).mkdir(parents=True)
    os.symlink(
        course / "source" / UNIT / f"{UNIT}.ipynb",
        course / "submitted" / "it-003" / UNIT / f"{UNIT}.ipynb",
    )
    enrol(course, "pt-004")
    (course / "submitted" / "pt-004").mkdir()
    os.symlink(course / "submitted" / "de-001" / UNIT, course / "submitted" / "pt-004" / UNIT)

    summary = grade_unit(course, UNIT, GradingOptions(limits=LIMITS, sandbox=SANDBOXED))
    assert [o.learner for o in summary.results] == ["de-001"]
    refused = {r.folder: r.reason for r in summary.refused}
    assert sorted(refused) == sorted([formula, "stranger", "de-002", "it-003", "pt-004"])
    assert "not a learner id" in refused[formula]
    assert "no learner of the course has this id" in refused["stranger"]
    assert "is a link" in refused["de-002"] and "links under submitted/" in refused["de-002"]
    assert "notebook" in refused["it-003"] and "link" in refused["it-003"]
    assert "link" in refused["pt-004"]

    text = render(gradebook_rows(course), "csv") + render(gradebook_rows(course), "json")
    assert "HYPERLINK" not in text and "stranger" not in text
    api = course_api(course)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        ids = {s.id for s in gb.students}
    assert formula not in ids and "stranger" not in ids
    for learner in ("it-003", "pt-004", "de-002"):
        assert not (course / "autograded" / learner).exists()

    out = CliRunner().invoke(
        app, ["grade", UNIT, "--course-dir", str(course), "--timeout", "120", *SANDBOX_ARGS]
    )
    assert out.exit_code == 0, out.output
    assert "Not graded: 5 folder(s) in submitted/" in out.stdout
    assert repr(formula) in out.stdout


def _start_cli_grade(course: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "digiculture"),
            "grade",
            UNIT,
            "--course-dir",
            str(course),
            "--timeout",
            "120",
            *SANDBOX_ARGS,
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, what: str, process: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the run ended before {what}: {out}{err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.2)


def test_two_runs_at_once_do_not_fail_learners(course):
    """Accident: a facilitator starts `digiculture grade` twice on one course. The second
    waits for the first (and says so); `--no-wait` stops with a sentence; every learner
    ends graded, none marked failed.

    The first run is held under way by the test itself (the course's lock, taken exactly as a
    run takes it) until the others have shown what they do, so nothing depends on how fast
    the machine starts them."""
    import threading

    learners = ("anna", "ben", "carla")
    for learner in learners:
        submit(course, learner, "correct")
    second = None
    with runs.course_lock(course, UNIT, wait=False):
        assert runs.run_is_active(course)
        refused = _start_cli_grade(course, "--no-wait")
        r_out, r_err = refused.communicate(timeout=300)
        assert refused.returncode == 2, r_out + r_err
        assert r_err.startswith("Another grading run of this course is under way")
        assert "Wait until it has finished" in r_err and "Traceback" not in r_err
        second = _start_cli_grade(course)
        said: list[str] = []
        reader = threading.Thread(target=lambda: said.extend(second.stderr), daemon=True)
        reader.start()
        _wait_for(lambda: any("waits until" in line for line in said), "it said it waits", second)
        assert second.poll() is None  # still waiting while the first run holds the course
    out2 = second.stdout.read()
    second.wait(timeout=900)
    reader.join(timeout=60)
    err2 = "".join(said)
    assert second.returncode == 0, err2
    assert "this run waits until it has finished" in err2
    assert "Graded 3 of 3 submissions" in out2, out2
    rows = {r.learner: r for r in gradebook_rows(course)}
    assert all(rows[x].status == "graded" and rows[x].score == 3 for x in learners)


def test_a_killed_run_leaves_nothing_stale(course):
    """Accident: a grading run is killed with kill -9 half-way. At once the course is free
    and the gradebook says the run stopped (not "being graded now"); the next run removes
    the killed run's folder from /tmp and grades everyone."""
    submit(course, "anna", "correct")
    submit(course, "ben", "correct")
    before = set(Path("/tmp").glob(runs.RUN_PREFIX + "*"))
    first = _start_cli_grade(course, "--workers", "1")
    try:
        records = course / "grading" / f"{UNIT}.json"

        def collected() -> bool:
            try:
                data = json.loads(records.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return False
            return any(r["status"] == "grading" for r in data["learners"].values())

        _wait_for(collected, "it collected the submissions", first)
        assert {r.reason for r in gradebook_rows(course)} >= {"being graded now"}
        os.kill(first.pid, signal.SIGKILL)
        first.wait(60)
    finally:
        if first.poll() is None:
            first.kill()
    left = set(Path("/tmp").glob(runs.RUN_PREFIX + "*")) - before
    owned = [f for f in left if f'"pid": {first.pid},' in _owner(f)]
    assert owned, "the killed run left its folder (the next run must remove it)"
    assert not runs.run_is_active(course)
    reasons = " ".join(r.reason for r in gradebook_rows(course))
    assert "being graded now" not in reasons
    assert "a grading run was stopped before it finished" in reasons

    summary = grade_unit(course, UNIT, GradingOptions(limits=LIMITS, sandbox=SANDBOXED))
    assert [o.score for o in summary.results] == [3, 3]
    assert not any(f.exists() for f in owned)
    assert "a grading run was stopped" not in " ".join(r.reason for r in gradebook_rows(course))


def _owner(folder: Path) -> str:
    try:
        return (folder / runs.OWNER_FILE).read_text(encoding="utf-8")
    except OSError:
        return ""


def test_huge_output_and_cells_are_reported_as_what_happened():
    """Accident or attack: a notebook that prints 200 MB, or has 100 000 cells, and is
    stopped at the time limit is reported as that, not as an endless loop."""
    limits = Limits(timeout=60)
    output = JobResult(
        id="j1",
        ok=False,
        problem="timeout",
        cell=3,
        cells=9,
        cut_bytes=195 * 2**20,
        output_bytes=200 * 2**20,
    )
    reason = failure_reason(output, limits, released_cells=9)
    assert reason.startswith("the notebook printed 200 MB of output and had not finished")
    assert "endless loop" not in reason
    cells = JobResult(id="j2", ok=False, problem="timeout", cell=41234, cells=100_000)
    reason = failure_reason(cells, limits, released_cells=9)
    assert reason.startswith("the notebook has 100000 cells where the unit has 9")
    assert "endless loop" not in reason
    loop = JobResult(id="j3", ok=False, problem="timeout", cell=3, cells=9)
    assert "endless loop" in failure_reason(loop, limits, released_cells=9)


@pytest.mark.parametrize("kind", ["lists", "objects"])
def test_assess_score_on_deeply_nested_json_says_it_is_not_a_responses_file(tmp_path, kind):
    """Attack: a responses file nested 100 000 levels deep (a parser's stack) gets a sentence,
    not "something went wrong inside the kit"."""
    path = tmp_path / "responses.json"
    depth = 100_000
    path.write_text(
        "[" * depth + "]" * depth if kind == "lists" else '{"a":' * depth + "1" + "}" * depth
    )
    out = CliRunner().invoke(app, ["assess", "score", str(path)])
    assert out.exit_code == 2, out.output
    assert "is not a responses file" in out.stderr and "inside the kit" not in out.output


def test_assess_score_with_a_list_for_a_role(tmp_path):
    """Attack: a role or language that is not text (a list) gets a sentence, not a crash."""
    path = tmp_path / "responses.json"
    path.write_text(json.dumps({"language": ["en"], "role": ["x"], "answers": {}}))
    out = CliRunner().invoke(app, ["assess", "score", str(path)])
    assert out.exit_code == 2, out.output
    assert "unknown role" in out.stderr and "inside the kit" not in out.output
