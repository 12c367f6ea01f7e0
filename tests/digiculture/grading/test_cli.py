"""The grading commands as a facilitator types them (registered here in a stand-in app; the
kit's `digiculture` command registers the same functions)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from digiculture.cli import grading
from digiculture.errors import KitCommands
from tests.digiculture.grading.conftest import FIXTURES, SANDBOX_PROBLEM, UNIT, submit

pytestmark = [
    pytest.mark.slow,  # runs nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own
]


app = typer.Typer(add_completion=False, cls=KitCommands)
course_app = typer.Typer()
course_app.command("init")(grading.init)
app.add_typer(course_app, name="course")
app.add_typer(grading.roster_app, name="roster")
app.command("grade")(grading.grade)
app.command("feedback")(grading.feedback)
app.command("gradebook")(grading.gradebook)

SANDBOX_ARGS = [] if SANDBOX_PROBLEM is None else ["--no-sandbox"]


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_course_init_makes_a_ready_course(tmp_path):
    folder = tmp_path / "cohort-2027"
    out = run("course", "init", folder, "--units", "u01_jupyter_first_steps", "--lang", "de")
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("The course 'cohort-2027' is ready in")
    for path in (
        "nbgrader_config.py",
        "gradebook.db",
        "start_here.ipynb",
        "source/u01_jupyter_first_steps/u01_jupyter_first_steps.ipynb",
        "release/u01_jupyter_first_steps/u01_jupyter_first_steps.ipynb",
    ):
        assert (folder / path).is_file(), path
    cohort = json.loads((folder / "cohort.json").read_text(encoding="utf-8"))
    assert cohort == {
        "course_id": "cohort-2027",
        "units": ["u01_jupyter_first_steps"],
        "lang": "de",
    }
    assert "Willkommen" in (folder / "start_here.ipynb").read_text(encoding="utf-8")
    release = folder / "release" / "u01_jupyter_first_steps" / "u01_jupyter_first_steps.ipynb"
    before = release.stat().st_mtime_ns
    again = run("course", "init", folder, "--units", "u01_jupyter_first_steps")
    assert again.exit_code == 0, again.output
    assert release.stat().st_mtime_ns == before, "a released unit stays as it is"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--units", "u77_nothing"], "Unknown unit u77_nothing: use 'all' or ids from"),
        (["--lang", "fr"], "Unknown language 'fr': use one of en, de, it, hr, el, pt."),
    ],
)
def test_course_init_mistakes_exit_2_with_one_line(tmp_path, args, words):
    out = run("course", "init", tmp_path / "c", *args)
    assert out.exit_code == 2
    assert out.stderr.startswith(words) and out.stderr.count("\n") == 1


def test_roster_import(course):
    out = run("roster", "import", FIXTURES / "rosters" / "good.csv", "--course-dir", course)
    assert out.exit_code == 0 and "Imported 4 learner(s) into" in out.stdout
    out = run("roster", "import", FIXTURES / "rosters" / "bad_values.csv", "--course-dir", course)
    assert out.exit_code == 1
    lines = out.stderr.splitlines()
    assert lines[0] == "  line 2, column id: 'de 001' contains a space"
    assert "  line 2, column email: 'anna(at)x.de' is not an e-mail address" in lines
    assert lines[-1] == (
        "Nothing was imported. Fix the lines above in your spreadsheet and import the file again."
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["u77_nothing"], "Unknown unit 'u77_nothing' in"),
        ([UNIT, "--course-dir", "/nonexistent/course"], "There is no course folder"),
    ],
)
def test_grade_facilitator_mistakes_exit_2(course, args, words):
    if "--course-dir" not in args:
        args = [*args, "--course-dir", course]
    out = run("grade", *args)
    assert out.exit_code == 2
    assert out.stderr.startswith(words) and out.stderr.count("\n") == 1


def test_grade_feedback_gradebook(course, tmp_path):
    run("roster", "import", FIXTURES / "rosters" / "good.csv", "--course-dir", course)
    submit(course, "de-001", "correct")
    submit(course, "it-002", "empty")
    out = run("grade", UNIT, "--course-dir", course, "--timeout", "120", *SANDBOX_ARGS)
    assert out.exit_code == 0, out.output
    assert f"Graded 1 of 2 submissions of {UNIT} in" in out.stdout
    assert "  it-002: the notebook file is empty (0 bytes)" in out.stdout
    assert "1 graded submission(s) have answers to grade by hand in formgrader." in out.stdout

    out = run("feedback", UNIT, "--course-dir", course)
    assert out.exit_code == 0, out.output
    assert (course / "feedback" / "de-001" / UNIT / f"{UNIT}.html").is_file()
    assert "1 learner(s) prefer German; their feedback is in the course's language" in out.stdout
    assert "no page for it-002: not graded: the notebook file is empty" in out.stdout

    target = tmp_path / "export" / "grades.json"
    out = run("gradebook", "--course-dir", course, "--format", "json", "--output", target)
    assert out.exit_code == 0 and "(1 graded, 1 failed, 2 missing)" in out.stdout
    rows = {r["learner"]: r for r in json.loads(target.read_text(encoding="utf-8"))}
    assert rows["de-001"]["score"] == 3 and rows["pt-003"]["reason"] == "nothing handed in"
    out = run("gradebook", "--course-dir", course, "--format", "xml")
    assert out.exit_code == 2 and out.stderr == "Unknown format 'xml': use csv, json or xlsx.\n"
