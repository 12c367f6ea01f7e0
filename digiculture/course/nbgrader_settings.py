"""The nbgrader settings every course of the kit shares, and the one reader of a course's
`nbgrader_config.py`.

A course folder the kit made has a `nbgrader_config.py` of two lines that call `configure`,
so a change here reaches every cohort. Any other nbgrader course keeps its own file: the kit
reads it as nbgrader does (`load_course_config`, traitlets' own loader, once per command) and
so honours what it sets (time limits, late-submission penalties, files not to overwrite, the
course id, ...); what it does not set has nbgrader's defaults.
"""

from __future__ import annotations

import copy
import sys
import traceback
from pathlib import Path
from typing import Any

from digiculture.errors import UserError

CONFIG_FILE = "nbgrader_config.py"
#: Configs read in this process: (path, modified, size) -> Config.
_LOADED: dict[tuple[str, int, int], Any] = {}

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


class CourseConfigError(UserError):
    """The course's nbgrader_config.py cannot be read; the message says where and what to do."""

    exit_code = 2


def load_course_config(course_dir: Path):
    """The settings of `course_dir/nbgrader_config.py` as nbgrader reads them: a traitlets
    `Config` (empty when the course has no such file).

    Like nbgrader, which runs in the course folder with that folder on `sys.path`, the folder
    is put on `sys.path` first: the file, and classes it names (a late-submission plugin
    `late_plugin.Penalty`, a preprocessor), may come from modules beside it.
    CourseConfigError (a sentence with the line) when the file has a mistake.
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    folder = Path(course_dir).expanduser().resolve()
    path = folder / CONFIG_FILE
    try:
        info = path.stat()
    except OSError:
        return Config()
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key in _LOADED:
        return copy.deepcopy(_LOADED[key])
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
    except Exception as exc:
        line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else None
        for frame in traceback.extract_tb(exc.__traceback__):
            if Path(frame.filename).name == CONFIG_FILE:
                line = frame.lineno
        where = f"{path}, line {line}" if line else str(path)
        raise CourseConfigError(
            f"The course's nbgrader settings ({where}) cannot be read: "
            f"{type(exc).__name__}: {str(exc).strip() or 'no details'}. Fix that line (nbgrader "
            "itself cannot read the file either) and run the command again.",
        ) from None
    # The file is run once per process (and again only when it changes).
    _LOADED[key] = config
    return copy.deepcopy(config)
