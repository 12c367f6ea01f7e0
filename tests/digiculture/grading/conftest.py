"""A course with the grading fixture unit, and the corpus of hostile and broken submissions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digiculture.course import nbgrader_ops as ops
from digiculture.grading import sandbox

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "submissions"
UNIT = "u98_grading_fixture"
CORPUS = FIXTURES / UNIT
SANDBOX_PROBLEM = sandbox.sandbox_problem()

needs_sandbox = pytest.mark.skipif(
    SANDBOX_PROBLEM is not None, reason=f"no sandbox here: {SANDBOX_PROBLEM}"
)


@pytest.fixture(scope="session")
def course_template(tmp_path_factory) -> Path:
    """A course folder with the fixture unit released (made once, copied per test)."""
    course = ops.new_course(
        tmp_path_factory.mktemp("template") / "course", FIXTURES / "source", [UNIT]
    )
    ops.generate_release(ops.make_api(course), UNIT)
    for name in ("submitted", "autograded", "feedback"):
        (course / name).mkdir(exist_ok=True)
    return course


@pytest.fixture
def course(course_template, tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(course_template, target)
    return target


def outcome(summary, learner):
    """The learner's outcome in a grading run's summary."""
    return next(o for o in summary.results if o.learner == learner)


def enrol(course: Path, learner: str) -> None:
    """Make `learner` one of the course's learners (a student of its gradebook)."""
    from nbgrader.api import Gradebook

    from digiculture.course.folder import course_api

    api = course_api(course)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        gb.update_or_create_student(learner)


def submit(course: Path, learner: str, case: str, unit: str = UNIT) -> Path:
    """Hand in a corpus file as `learner`'s submission of `unit` (enrolling the learner)."""
    enrol(course, learner)
    folder = course / "submitted" / learner / unit
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{unit}.ipynb"
    shutil.copyfile(CORPUS / f"{case}.ipynb", target)
    return target


def submit_code(course: Path, learner: str, code: str, answer: str = "total = 48 * 7") -> Path:
    """Hand in the correct notebook with `code` run in the first answer cell (enrolling the
    learner): hostile code in an otherwise right submission."""
    import nbformat

    nb = nbformat.read(CORPUS / "correct.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "u98_total":
            cell.source = code + "\n" + answer + "\n"
    enrol(course, learner)
    folder = course / "submitted" / learner / UNIT
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{UNIT}.ipynb"
    nbformat.write(nb, target)
    return target
