"""`digiculture grade` as a drop-in for `nbgrader autograde`, on nbgrader's own scenarios.

Each course below is a plain nbgrader course (its own `nbgrader_config.py`, no kit settings)
built from the notebooks that ship inside the installed nbgrader package
(`nbgrader/tests/apps/files`) the way nbgrader's `tests/apps/test_nbgrader_autograde.py`
builds its scenarios. The course is made once (real `nbgrader generate_assignment`), copied,
and graded twice: by plain `nbgrader autograde ps1` in one copy and by `digiculture grade
ps1` (sandboxed when the machine allows it) in the other. The tests then compare, per
learner, the gradebooks (assignment, notebook and cell scores, late penalties, comments) and
`autograded/` (the same files with the same content and modes).

One course holds several scenarios that share a config (a course per config), and all
courses are built and graded at once (a few at a time) by one module fixture, so that the
expensive work (starting nbgrader, starting the kit's workers) is done once per course.

The scenarios (nbgrader's test that builds each in brackets):

- `submitted`: answers unchanged / changed (test_grade), the showtraceback exploit with
  `Execute.timeout = None` (test_showtraceback_exploit), on time / late without a penalty
  (test_late_submission_penalty_none), an empty and an unreadable timestamp
  (test_grade_empty_timestamp), a changed kernelspec (test_incorrect_submitted_kernelspec);
- `autotests`: five notebooks in one assignment: autotests simple, hashed and complex
  (test_grade_*autotest), hidden autotests (test_hidden_tests_autotest) and hidden tests
  (test_hidden_tests_single_notebook) with `ClearSolutions.code_stub`; a learner who hands in
  one notebook of five (test_grade_missing_notebook); late with `penalty_method = 'zero'`
  (test_late_submission_penalty_zero);
- `files`: files of the submission and of the source, `exclude_overwriting` at the top and in
  a sub-folder (test_grade_overwrite_files*), files nbgrader ignores (test_force), a copy of a
  notebook that is not graded (test_skip_extra_notebooks), a notebook that writes a file
  (test_side_effects), one that reads a file beside it, the default time limit of 30 s with a
  cell that sleeps 5 s (test_autograde_timeout), a late-penalty plugin from the course
  folder with a setting of its own (test_late_submission_penalty_plugin);
- `limits`: `Execute.timeout = 2` with an endless loop and a 5 s cell (test_infinite_loop,
  test_autograde_timeout), notebooks without graded cells, NBGRADER_EXECUTION
  (test_grade_with_validating_envvar), `student_id_exclude` (test_student_id_exclude), a
  `course_id` and a `submitted_directory` of the course's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from digiculture.grading import sandbox

pytestmark = [
    pytest.mark.slow,  # runs nbgrader and the kit's grader
    # The module's first test waits for every course to be graded twice: generous, for a
    # busy machine (nothing here measures speed).
    pytest.mark.timeout(2400),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own
]

BIN = Path(sys.executable).parent
FILES = Path(__import__("nbgrader").__file__).parent / "tests" / "apps" / "files"
DUE = "2015-02-02 14:58:23.948203 America/Los_Angeles"
SANDBOX = sandbox.sandbox_problem() is None


#: Plain nbgrader gives up on a notebook when its kernel takes over 60 s to start or a cell's
#: last output comes over 4 s after the cell ended (nbclient's defaults): on a busy machine
#: that happens, and the reference grades would depend on the machine's speed. Every scenario
#: course waits longer (the kit honours both settings too).
BUSY_MACHINE = "c.Execute.startup_timeout = 600\nc.Execute.iopub_timeout = 120\n"


def at(hours_late: int) -> str:
    return f"2015-02-02 {14 + hours_late}:58:23.948203 America/Los_Angeles"


@dataclass
class Scenario:
    name: str
    config: str
    #: notebook name -> file in nbgrader's test files (the source notebook)
    notebooks: dict[str, str]
    #: learner -> {path in the submission folder: file in FILES, or text (str) to write}
    submissions: dict[str, dict[str, object]]
    source_files: dict[str, str] = field(default_factory=dict)
    #: file in the course folder -> file in FILES (a Path) or its text
    course_files: dict[str, Path | str] = field(default_factory=dict)


def released(name: str) -> tuple[str, str]:
    """A submission file that is the course's own released notebook `name`."""
    return ("release", name)


SCENARIOS = [
    Scenario(
        "submitted",
        "c.Execute.timeout = None\n",
        {"p1": "submitted-unchanged.ipynb"},
        {
            "foo": {"p1.ipynb": FILES / "submitted-unchanged.ipynb", "timestamp.txt": at(0)},
            "bar": {"p1.ipynb": FILES / "submitted-changed.ipynb", "timestamp.txt": at(1)},
            "spam": {"p1.ipynb": FILES / "submitted-cheat-attempt.ipynb"},
            "eggs": {"p1.ipynb": FILES / "submitted-cheat-attempt-alternative.ipynb"},
            "quux": {"p1.ipynb": FILES / "submitted-changed.ipynb", "timestamp.txt": ""},
            "qux": {
                "p1.ipynb": FILES / "submitted-changed.ipynb",
                "timestamp.txt": "But I want to be a timestamp string :(",
            },
            "kern": {"p1.ipynb": ("kernelspec", FILES / "submitted-changed.ipynb")},
        },
    ),
    Scenario(
        "autotests",
        'c.ClearSolutions.code_stub = dict(python="# YOUR CODE HERE")\n'
        "c.LateSubmissionPlugin.penalty_method = 'zero'\n",
        {
            "p1": "autotest-simple.ipynb",
            "p2": "autotest-hashed.ipynb",
            "p3": "autotest-multi.ipynb",
            "p4": "autotest-hidden.ipynb",
            "p5": "test-hidden-tests.ipynb",
        },
        {
            "foo": {
                "p1.ipynb": FILES / "autotest-simple-unchanged.ipynb",
                "p2.ipynb": FILES / "autotest-hashed-unchanged.ipynb",
                "p3.ipynb": FILES / "autotest-multi-unchanged.ipynb",
                "p4.ipynb": FILES / "autotest-hidden-unchanged.ipynb",
                "p5.ipynb": released("p5"),
                "timestamp.txt": at(0),
            },
            "bar": {
                "p1.ipynb": FILES / "autotest-simple-changed.ipynb",
                "p2.ipynb": FILES / "autotest-hashed-changed.ipynb",
                "p3.ipynb": FILES / "autotest-multi-changed.ipynb",
                "p4.ipynb": FILES / "autotest-hidden-changed-wrong.ipynb",
                "timestamp.txt": at(1),
            },
            "baz": {"p4.ipynb": FILES / "autotest-hidden-changed-right.ipynb"},
        },
        course_files={"autotests.yml": FILES / "autotests.yml"},
    ),
    Scenario(
        "files",
        'c.Autograde.exclude_overwriting = {"ps1": ["helper.py", "subdir/helper.py"]}\n'
        "c.AssignLatePenalties.plugin_class = 'late_plugin.SubtractPenalty'\n"
        "c.SubtractPenalty.points_per_hour = 0.5\n",
        {
            "p1": "submitted-unchanged.ipynb",
            "p2": "side-effects.ipynb",
            "p3": "timeout.ipynb",
            "p4": "open_relative_file.ipynb",
        },
        {
            "foo": {
                "p1.ipynb": FILES / "submitted-unchanged.ipynb",
                "p1 copy.ipynb": FILES / "submitted-changed.ipynb",
                "p2.ipynb": FILES / "side-effects.ipynb",
                "p3.ipynb": FILES / "timeout.ipynb",
                "p4.ipynb": FILES / "open_relative_file.ipynb",
                "timestamp.txt": at(4),
                "data.csv": "some,other,data\n",
                "helper.py": "print('this is different!')\n",
                "subdir/data.csv": "some,other,data\n",
                "subdir/helper.py": "print('this is different!')\n",
                "foo.txt": "foo",
                "data/bar.txt": "bar",
                "blah.pyc": "asdf",
            },
            "bar": {
                "p1.ipynb": FILES / "submitted-changed.ipynb",
                "p2.ipynb": FILES / "side-effects.ipynb",
                "p3.ipynb": FILES / "timeout.ipynb",
                "timestamp.txt": at(1),
            },
        },
        source_files={
            "data.csv": "some,data\n",
            "helper.py": "print('hello!')\n",
            "subdir/data.csv": "some,data\n",
            "subdir/helper.py": "print('hello!')\n",
            "data.txt": (FILES / "data.txt").read_text(encoding="utf-8"),
        },
        course_files={
            "late_plugin.py": textwrap.dedent(
                """\
                from nbgrader.plugins import BasePlugin
                from traitlets import Float


                class SubtractPenalty(BasePlugin):
                    points_per_hour = Float(1.0).tag(config=True)

                    def late_submission_penalty(self, student_id, score, total_seconds_late):
                        return min(score, self.points_per_hour * int(total_seconds_late / 3600))
                """
            )
        },
    ),
    Scenario(
        "limits",
        "c.Execute.timeout = 2\n"
        "c.CourseDirectory.student_id_exclude = 'skipme'\n"
        "c.CourseDirectory.course_id = 'drop-in-course'\n"
        "c.CourseDirectory.submitted_directory = 'handed_in'\n",
        {
            "p1": "infinite-loop.ipynb",
            "p2": "timeout.ipynb",
            "p3": "validating-environment-variable.ipynb",
            "p4": "no-graded-cells",
        },
        {
            "foo": {
                "p1.ipynb": FILES / "infinite-loop.ipynb",
                "p2.ipynb": FILES / "timeout.ipynb",
                "p3.ipynb": FILES / "validating-environment-variable.ipynb",
                "p4.ipynb": released("p4"),
            },
            "skipme": {"p2.ipynb": FILES / "timeout.ipynb"},
        },
    ),
]


def no_graded_cells() -> nbformat.NotebookNode:
    """A notebook with no graded cells that writes a file and a folder beside itself."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Notes\nNothing here is graded."),
        nbformat.v4.new_code_cell(
            "import os\nos.makedirs('out', exist_ok=True)\n"
            "open('out/notes.txt', 'w').write('written while grading')\nprint('done')"
        ),
    ]
    return nb


def environment(state: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[var] = str(state / var.lower())
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)


def build(scenario: Scenario, root: Path, env: dict[str, str]) -> Path:
    """A plain nbgrader course for the scenario, with ps1 released and the submissions in."""
    from nbgrader.api import Gradebook

    from digiculture.course.nbgrader_ops import tools_on_path

    tools_on_path()  # a new gradebook asks `alembic` for its version
    course = root / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n" + BUSY_MACHINE + scenario.config, encoding="utf-8"
    )
    for name, what in scenario.course_files.items():
        if isinstance(what, Path):
            shutil.copyfile(what, course / name)
        else:
            (course / name).write_text(what, encoding="utf-8")
    for name, origin in scenario.notebooks.items():
        target = course / "source" / "ps1" / f"{name}.ipynb"
        if origin == "no-graded-cells":
            nbformat.write(no_graded_cells(), target)
        else:
            shutil.copyfile(FILES / origin, target)
    for rel, text in scenario.source_files.items():
        (course / "source" / "ps1" / rel).parent.mkdir(parents=True, exist_ok=True)
        (course / "source" / "ps1" / rel).write_text(text, encoding="utf-8")
    course_id = "drop-in-course" if "course_id" in scenario.config else ""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id) as gb:
        gb.add_assignment("ps1", duedate=DUE)
        for learner in scenario.submissions:
            gb.add_student(learner)
    done = run([str(BIN / "nbgrader"), "generate_assignment", "ps1"], course, env)
    assert done.returncode == 0, done.stdout + done.stderr
    handed_in = "handed_in" if "submitted_directory" in scenario.config else "submitted"
    for learner, files in scenario.submissions.items():
        folder = course / handed_in / learner / "ps1"
        folder.mkdir(parents=True)
        for rel, what in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(what, Path):
                shutil.copyfile(what, target)
            elif isinstance(what, tuple) and what[0] == "release":
                shutil.copyfile(course / "release" / "ps1" / f"{what[1]}.ipynb", target)
            elif isinstance(what, tuple) and what[0] == "kernelspec":
                nb = nbformat.read(what[1], as_version=4)
                nb.metadata["kernelspec"] = {"name": "blah", "display_name": "blah"}
                nbformat.write(nb, target)
            else:
                target.write_text(str(what), encoding="utf-8")
    return course


@dataclass
class Graded:
    plain: Path
    kit: Path
    plain_run: subprocess.CompletedProcess
    kit_run: subprocess.CompletedProcess


def grade_both(scenario: Scenario, root: Path) -> Graded:
    env = environment(root / "jupyter-state")
    course = build(scenario, root / "template", env)
    plain, kit = root / "plain", root / "kit"
    shutil.copytree(course, plain)
    shutil.copytree(course, kit)
    with ThreadPoolExecutor(2) as pool:
        plain_job = pool.submit(run, [str(BIN / "nbgrader"), "autograde", "ps1"], plain, env)
        # One worker: a scenario has one to seven submissions, and its twin runs beside it.
        kit_cmd = [str(BIN / "digiculture"), "grade", "ps1", "--course-dir", str(kit)]
        kit_cmd += ["--workers", "1"]
        kit_job = pool.submit(run, kit_cmd + ([] if SANDBOX else ["--no-sandbox"]), root, env)
        return Graded(plain, kit, plain_job.result(), kit_job.result())


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, Graded]:
    """Every scenario's course, graded by plain nbgrader and by the kit (two at a time)."""
    roots = {s.name: tmp_path_factory.mktemp(s.name) for s in SCENARIOS}
    with ThreadPoolExecutor(2) as pool:
        futures = {s.name: pool.submit(grade_both, s, roots[s.name]) for s in SCENARIOS}
        return {name: future.result() for name, future in futures.items()}


def gradebook(course: Path, course_id: str) -> dict[str, dict]:
    """learner -> what nbgrader's gradebook holds about their submission of ps1."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, dict] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id) as gb:
        assignment = gb.find_assignment("ps1")
        out["assignment"] = {
            "course": assignment.course_id,
            "notebooks": sorted(n.name for n in assignment.notebooks),
            "max_score": assignment.max_score,
        }
        for student in sorted(s.id for s in gb.students):
            try:
                sub = gb.find_submission("ps1", student)
            except MissingEntry:
                out[student] = None
                continue
            out[student] = {
                "score": sub.score,
                "max_score": sub.max_score,
                "late": sub.total_seconds_late,
                "needs_manual_grade": sub.needs_manual_grade,
                "notebooks": {
                    nb.name: {
                        "score": nb.score,
                        "max_score": nb.max_score,
                        "needs_manual_grade": nb.needs_manual_grade,
                        "late_submission_penalty": nb.late_submission_penalty,
                        "grades": sorted(
                            (g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                            for g in nb.grades
                        ),
                        "comments": sorted((c.name, c.auto_comment or "") for c in nb.comments),
                    }
                    for nb in sub.notebooks
                },
            }
    return out


def autograded(course: Path) -> dict[str, tuple]:
    """Every file in autograded/: its content (notebooks: their existence) and its mode."""
    root = course / "autograded"
    files = {}
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_dir():
            continue
        rel = str(path.relative_to(root))
        content = "notebook" if path.suffix == ".ipynb" else path.read_bytes()
        files[rel] = (content, oct(path.stat().st_mode & 0o777))
    return files


@pytest.mark.parametrize("name", [s.name for s in SCENARIOS])
def test_same_grades_as_nbgrader(graded, name):
    result = graded[name]
    assert result.kit_run.returncode == 0, result.kit_run.stdout + result.kit_run.stderr
    # nbgrader exits 1 when a submission failed (the unreadable timestamp); the others count.
    assert result.plain_run.returncode in (0, 1), result.plain_run.stderr[-3000:]
    plain_log = result.plain_run.stderr[-3000:]
    course_id = "drop-in-course" if name == "limits" else ""
    plain = gradebook(result.plain, course_id)
    kit = gradebook(result.kit, course_id)
    assert len(plain) > 2
    for learner in plain:
        assert kit[learner] == plain[learner], (learner, result.kit_run.stdout, plain_log)
    assert kit == plain


@pytest.mark.parametrize("name", [s.name for s in SCENARIOS])
def test_same_files_in_autograded(graded, name):
    result = graded[name]
    plain, kit = autograded(result.plain), autograded(result.kit)
    assert plain, result.plain_run.stderr[-3000:]
    assert sorted(kit) == sorted(plain)
    for rel in plain:
        assert kit[rel] == plain[rel], rel


def test_what_the_scenarios_prove(graded):
    """The scenarios exercise what they claim (so that equality above is not about nothing)."""
    files = gradebook(graded["files"].plain, "")
    limits = gradebook(graded["limits"].kit, "drop-in-course")
    autotests = gradebook(graded["autotests"].kit, "")
    submitted = gradebook(graded["submitted"].kit, "")
    # late penalties: the course's plugin with its own setting, and 'zero'
    assert files["foo"]["notebooks"]["p1"]["late_submission_penalty"] == 1.0  # 4 h x 0.5, max 1
    assert autotests["bar"]["late"] > 0
    assert autotests["bar"]["notebooks"]["p1"]["late_submission_penalty"] == 1
    assert submitted["bar"]["late"] > 0
    assert submitted["bar"]["notebooks"]["p1"]["late_submission_penalty"] is None
    assert submitted["qux"] is None  # an unreadable timestamp: not graded, as with nbgrader
    # the course's time limit: 30 s by default (a 5 s cell passes), 2 s in `limits`
    assert files["foo"]["notebooks"]["p3"]["score"] == 1
    assert limits["foo"]["notebooks"]["p2"]["score"] == 0
    assert limits["assignment"]["course"] == "drop-in-course"
    assert limits["skipme"] is None  # student_id_exclude
    assert limits["foo"]["notebooks"]["p4"]["max_score"] == 0  # no graded cells
    # several notebooks, one of five handed in
    assert sorted(autotests["baz"]["notebooks"]) == ["p1", "p2", "p3", "p4", "p5"]
    assert autotests["baz"]["notebooks"]["p4"]["score"] == 1
    # the kit's gradebook export knows a unit of several notebooks as graded
    from digiculture.grading.gradebook import gradebook_rows

    rows = {r.learner: r for r in gradebook_rows(graded["autotests"].kit)}
    assert {rows[x].status for x in ("foo", "bar", "baz")} == {"graded"}, rows
    assert rows["baz"].score == autotests["baz"]["score"]
    # files: written by a notebook, kept from the submission, from the source, ignored
    kit = graded["files"].kit / "autograded" / "foo" / "ps1"
    assert (kit / "side-effect.txt").read_text(encoding="utf-8") == "a side effect"
    assert (kit / "helper.py").read_text(encoding="utf-8") == "print('this is different!')\n"
    assert (kit / "data.csv").read_text(encoding="utf-8") == "some,data\n"
    assert not (kit / "blah.pyc").exists()
    assert not (kit / "p1 copy.ipynb").exists()
    assert not (graded["files"].kit / "submitted" / "foo" / "ps1" / "side-effect.txt").exists()
    limits_kit = graded["limits"].kit / "autograded" / "foo" / "ps1"
    assert (limits_kit / "out" / "notes.txt").read_text() == "written while grading"
