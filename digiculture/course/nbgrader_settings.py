"""The nbgrader settings every course of the kit shares (the repo's and each cohort's).

A course folder's `nbgrader_config.py` is two lines that call `configure`, so a change here
reaches every cohort.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

COURSE_ID = "boostdigiculture"

#: What a learner sees in an answer cell instead of the solution: no error when run.
CODE_STUB = "# ✏️ Write your answer here, then run the cell (Shift + Enter)."
TEXT_STUB = (
    "✏️ Double-click this cell, click into the text that opens, and write your answer there "
    "(a few sentences are enough). Shift + Enter shows it as text again."
)

CONFIG_TEMPLATE = '''\
"""nbgrader settings of this course; the shared part is in digiculture.course.nbgrader_settings."""

from pathlib import Path

from digiculture.course.nbgrader_settings import configure

configure(get_config(), root=Path(__file__).resolve().parent, course_id={course_id!r})
'''


def configure(c: Any, root: Path, course_id: str = COURSE_ID) -> Any:
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = course_id
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.text_stub = TEXT_STUB
    # The learner version: check cells collapsed (digiculture.course.learner_version).
    from digiculture.course.learner_version import release_preprocessors

    c.GenerateAssignment.preprocessors = release_preprocessors()
    # A unit's cells are small: a cell that runs this long is stuck (for example a loop).
    c.ExecutePreprocessor.timeout = 60
    c.Execute.timeout = 60
    return c


def write_config(course_dir: Path, course_id: str = COURSE_ID) -> Path:
    path = Path(course_dir) / "nbgrader_config.py"
    path.write_text(CONFIG_TEMPLATE.format(course_id=course_id), encoding="utf-8")
    return path
