"""The nbgrader settings every course of the kit shares (the repo's and each cohort's).

A course folder's `nbgrader_config.py` is two lines that call `configure`, so a change here
reaches every cohort.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# What a learner sees in an answer cell instead of the solution (English; each language's
# from the catalogs, `digiculture.translations.nbgrader_words`).
from digiculture.translations.nbgrader_words import CODE_STUB, TEXT_STUB

__all__ = ["CODE_STUB", "COURSE_ID", "TEXT_STUB", "configure", "write_config"]

COURSE_ID = "boostdigiculture"

#: The kit's feedback page: nbgrader's, with its words in the graded notebook's language. It
#: has nbgrader's template name, `feedback` (nbgrader's API asks for that name), and its folder
#: replaces nbgrader's in the template search.
FEEDBACK_TEMPLATES = Path(__file__).resolve().parent / "feedback_template"

CONFIG_TEMPLATE = '''\
"""nbgrader settings of this course; the shared part is in digiculture.course.nbgrader_settings."""

from pathlib import Path

from digiculture.course.nbgrader_settings import configure

configure(get_config(), root=Path(__file__).resolve().parent, course_id={course_id!r})
'''


def configure(c: Any, root: Path, course_id: str = COURSE_ID, language: str | None = None) -> Any:
    """The kit's nbgrader settings; the placeholders in the course's language (`language`,
    else the one its cohort.json names, else English)."""
    from digiculture.translations import nbgrader_words as words

    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = course_id
    for name, value in words.stubs(language or _course_language(Path(root))).items():
        setattr(c.ClearSolutions, name, value)
    # The feedback page with its headings in the graded notebook's language (nbgrader's own
    # template is English only); it extends nbconvert's classic template as nbgrader's does.
    c.HTMLExporter.extra_template_basedirs = [str(FEEDBACK_TEMPLATES)]
    c.HTMLExporter.filters = {"kit_word": "digiculture.translations.nbgrader_words.word"}
    # The learner version: check cells collapsed (digiculture.course.learner_version).
    from digiculture.course.learner_version import release_preprocessors

    c.GenerateAssignment.preprocessors = release_preprocessors()
    # A unit's cells are small: a cell that runs this long is stuck (for example a loop).
    c.ExecutePreprocessor.timeout = 60
    c.Execute.timeout = 60
    return c


def _course_language(root: Path) -> str:
    import json

    try:
        return str(json.loads((root / "cohort.json").read_text(encoding="utf-8"))["lang"])
    except (OSError, ValueError, KeyError, TypeError):
        return "en"


def write_config(course_dir: Path, course_id: str = COURSE_ID) -> Path:
    path = Path(course_dir) / "nbgrader_config.py"
    path.write_text(CONFIG_TEMPLATE.format(course_id=course_id), encoding="utf-8")
    return path
