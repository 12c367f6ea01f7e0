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

# What a learner sees in an answer cell instead of the solution (English; each language's
# from the catalogs, `digiculture.translations.nbgrader_words`).
from digiculture.translations.nbgrader_words import CODE_STUB, TEXT_STUB

__all__ = [
    "CODE_STUB",
    "COURSE_ID",
    "TEXT_STUB",
    "configure",
    "load_course_config",
    "set_placeholders",
    "write_config",
]

CONFIG_FILE = "nbgrader_config.py"
#: Configs read in this process: (path, modified, size) -> Config.
_LOADED: dict[tuple[str, int, int], Any] = {}

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
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = course_id
    set_placeholders(c, language or _course_language(Path(root)))
    # The feedback page with its headings in the graded notebook's language (nbgrader's own
    # template is English only); it extends nbconvert's classic template as nbgrader's does.
    # Formgrader (in the facilitator's server) renders with the same exporter settings and
    # finds its own `formgrade` template only in its folder: keep that folder on the path.
    c.HTMLExporter.extra_template_basedirs = [str(FEEDBACK_TEMPLATES), _formgrader_templates()]
    c.HTMLExporter.filters = {"kit_word": "digiculture.translations.nbgrader_words.word"}
    # The learner version: check cells collapsed (digiculture.course.learner_version).
    from digiculture.course.learner_version import release_preprocessors

    c.GenerateAssignment.preprocessors = release_preprocessors()
    # A unit's cells are small: a cell that runs this long is stuck (for example a loop).
    c.ExecutePreprocessor.timeout = 60
    c.Execute.timeout = 60
    return c


def _formgrader_templates() -> str:
    """The folder of nbgrader's formgrader templates (without importing the server extension)."""
    import importlib.util

    spec = importlib.util.find_spec("nbgrader")
    root = Path(spec.origin).parent if spec and spec.origin else Path()
    return str(root / "server_extensions" / "formgrader" / "templates")


def set_placeholders(c: Any, language: str) -> Any:
    """The answer cells' placeholders (nbgrader's ClearSolutions stubs) in `language`."""
    from digiculture.translations import nbgrader_words as words

    for name, value in words.stubs(language).items():
        setattr(c.ClearSolutions, name, value)
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
