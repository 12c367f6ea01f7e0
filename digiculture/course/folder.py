"""A cohort's nbgrader course folder as one `Course` value: make it, open it, pass it on.

`init_course` makes a ready course for one cohort: nbgrader's config (the kit's shared
settings), the chosen units' source notebooks, their learner versions in `release/`, the
gradebook (with the units as nbgrader assignments), a start page in the cohort's language,
and `cohort.json` (course id, units, language) that the other commands read.

`open_course` checks a folder once and gives a `Course` (folder, id, units, language): the
commands that work on a course (grading, feedback, the gradebook, credentials, outcomes, the
hub) take that value and ask it for nbgrader's API (`Course.api`) or a unit
(`Course.require_unit`) instead of reading the folder again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.nbgrader_settings import COURSE_ID, load_course_config
from digiculture.errors import UserError
from digiculture.settings import Settings

COHORT_FILE = "cohort.json"


class CourseError(UserError):
    """A facilitator's mistake about the course (no course, unknown unit); the message says
    what to do. `exit_code` is what the CLI exits with."""


@dataclass(frozen=True)
class Course:
    """One cohort's course: its folder, what `cohort.json` says about it, and its nbgrader
    settings (`nbgrader_config.py`, read once when the course is opened)."""

    folder: Path
    id: str
    units: tuple[str, ...]
    language: str
    #: The course's nbgrader config (a traitlets Config); None: read when first needed.
    config: Any = field(default=None, compare=False, repr=False)

    def api(self, **extra: dict):
        """An NbGraderAPI on the course with its own nbgrader settings and id; `extra` sets
        more nbgrader options, {section: {name: value}}."""
        from digiculture.course import nbgrader_ops as ops

        return ops.make_api(
            self.folder, course_id=self.id, config=self.config, language=self.language, **extra
        )

    def unit_notebooks(self, unit_id: str) -> list[str]:
        """The names of the unit's notebooks (without .ipynb) as nbgrader's gradebook has
        them, sorted; CourseError when the unit is not an assignment of the course."""
        from digiculture.course.gradebook import open_gradebook

        self.require_unit(unit_id)
        with open_gradebook(self) as gb:
            names = gb.unit_notebooks(unit_id)
        if not names:
            raise CourseError(
                f"The unit '{unit_id}' is not in the gradebook of {self.folder} yet: release "
                f"it first (`nbgrader generate_assignment {unit_id}`, or `digiculture course "
                f"init {self.folder} --units {unit_id}` for a unit of the kit).",
                2,
            )
        return names

    def require_unit(self, unit_id: str) -> Path:
        """The unit's folder of released notebooks; CourseError when the unit is not in the
        course or not released."""
        folder = self.folder
        source = folder / "source" / unit_id
        if not unit_id or unit_id != Path(unit_id).name or not any(source.glob("*.ipynb")):
            source_dir = folder / "source"
            known = (
                sorted(p.name for p in source_dir.iterdir() if p.is_dir())
                if source_dir.is_dir()
                else []
            )
            raise CourseError(
                f"Unknown unit '{unit_id}' in {folder}: the course has "
                f"{', '.join(known) if known else 'no units'}. Check the spelling, or add the "
                f"unit with `digiculture course init {folder} --units {unit_id}`.",
                2,
            )
        release = folder / "release" / unit_id
        if not any(release.glob("*.ipynb")) or not (folder / "gradebook.db").is_file():
            raise CourseError(
                f"The unit '{unit_id}' has not been released in {folder} yet: run "
                f"`digiculture course init {folder} --units {unit_id}` (it makes the learner "
                "version and adds the unit to the gradebook), or `nbgrader generate_assignment "
                f"{unit_id}` in a course of your own.",
                2,
            )
        return release

    def step_folder(self, step: str) -> Path:
        """The folder of one of nbgrader's steps (`submitted`, `autograded`, ...), as the
        course's config names it (`CourseDirectory.submitted_directory`, ...)."""
        name = step
        config = self.config
        if config is not None and "CourseDirectory" in config:
            name = str(config.CourseDirectory.get(f"{step}_directory", step) or step)
        return self.folder / name

    def cohort_data(self) -> dict:
        """What `cohort.json` holds (its keys are part of the course folder's format)."""
        return {"course_id": self.id, "units": list(self.units), "lang": self.language}


def course_id_for(folder: Path) -> str:
    """A course id from a folder name: lower case letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")
    return slug or COURSE_ID


def read_course(course_dir: Path, config=None) -> Course:
    """The course in `course_dir` as its nbgrader config and cohort.json say, without checking
    the folder; a plain nbgrader course (the kit's own notebooks/) works too.

    The course id is nbgrader's: `CourseDirectory.course_id` of the course's config when it
    sets one, else cohort.json's, else nbgrader's default.
    """
    folder = Path(course_dir)
    if config is None:
        config = load_course_config(folder)
    configured_id = None
    if "CourseDirectory" in config and "course_id" in config.CourseDirectory:
        configured_id = str(config.CourseDirectory.course_id).strip()
    try:
        data = json.loads((folder / COHORT_FILE).read_text(encoding="utf-8"))
        return Course(
            folder=folder,
            id=configured_id if configured_id is not None else str(data.get("course_id") or ""),
            units=tuple(data.get("units") or []),
            language=str(data.get("lang") or "en"),
            config=config,
        )
    except (OSError, ValueError, AttributeError):
        source = folder / "source"
        units = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
        return Course(
            folder=folder,
            id=configured_id if configured_id is not None else "",
            units=tuple(units),
            language="en",
            config=config,
        )


def open_course(course: Course | Path) -> Course:
    """The course in a folder, checked once and resolved; CourseError when the folder is not
    an nbgrader course. A Course is returned as it is."""
    if isinstance(course, Course):
        return course
    folder = Path(course).expanduser().resolve()
    if not folder.is_dir():
        raise CourseError(
            f"There is no course folder {folder}: make one with `digiculture course init "
            f"{folder}`, or check the --course-dir path.",
            2,
        )
    if not (folder / "nbgrader_config.py").is_file() or not (folder / "source").is_dir():
        raise CourseError(
            f"{folder} is not a course folder (it has no nbgrader_config.py and source/): "
            f"make one with `digiculture course init {folder}`, or check the --course-dir path.",
            2,
        )
    return read_course(folder)


def course_api(course: Course | Path, **extra: dict):
    """An NbGraderAPI on the course (a Course, or a folder that is opened first)."""
    return open_course(course).api(**extra)


def choose_units(settings: Settings, units: str) -> list[str]:
    """Unit ids in learning order from 'all' or 'u01_x,u03_y'; CourseError for unknown ids."""
    from digiculture.manifest import load_manifest

    manifest = load_manifest(settings)
    if units.strip().lower() == "all":
        return [u.id for u in manifest.in_learning_order()]
    wanted = [u.strip() for u in units.split(",") if u.strip()]
    unknown = [u for u in wanted if u not in manifest.ids]
    if unknown or not wanted:
        raise CourseError(
            f"Unknown unit{'s' if len(unknown) > 1 else ''} {', '.join(unknown) or '(none given)'}"
            f": use 'all' or ids from `digiculture units list` ({', '.join(manifest.ids[:3])}, "
            "...).",
            2,
        )
    return [u.id for u in manifest.in_learning_order(wanted)]


def init_course(
    course_dir: Path,
    settings: Settings,
    unit_ids: list[str],
    lang: str = "en",
    progress: Callable[[str], None] | None = None,
) -> Course:
    """Make (or extend) a cohort's course folder with the given units released.

    Units already released in the folder are left as they are (their gradebook entries may
    have submissions); only new ones are copied and released. In another language than
    English the copied sources are translated into it (prose, comments, the checks'
    docstrings, the kernel's language; grade ids, points and test code stay): the course is
    one nbgrader course in that language, graded like the English one.
    """
    from competence_profile import load_profile
    from competence_profile.units import UnitManifest
    from digiculture.course import nbgrader_ops as ops
    from digiculture.course.start_page import write_start_page
    from digiculture.manifest import load_manifest

    if lang not in COURSE_LANGUAGES:
        raise CourseError(
            f"Unknown language '{lang}': use one of {', '.join(COURSE_LANGUAGES)}.", 2
        )
    folder = Path(course_dir).expanduser().resolve()
    is_course = (folder / "nbgrader_config.py").is_file()
    if folder.exists() and not folder.is_dir():
        raise CourseError(f"{folder} is a file: choose a folder name for the course.", 2)
    if folder.is_dir() and any(folder.iterdir()) and not is_course:
        raise CourseError(
            f"{folder} already holds other files: choose a new or empty folder for the course.",
            2,
        )
    before = read_course(folder) if is_course else None
    course_id = before.id if before else course_id_for(folder)
    units = list(dict.fromkeys([*(before.units if before else []), *unit_ids]))
    new = [u for u in unit_ids if not (folder / "release" / u / f"{u}.ipynb").is_file()]
    ops.new_course(folder, settings.course_dir / "source", new, course_id=course_id)
    if lang != "en":  # a language section: the course's sources, and so its release, in lang
        from digiculture.translations.learner_versions import translate_course_sources

        translate_course_sources(folder, new, lang)
    course = Course(folder=folder, id=course_id, units=tuple(units), language=lang)
    api = course.api()
    for unit_id in unit_ids:
        if progress:
            progress(unit_id)
        if unit_id in new:
            ops.generate_release(api, unit_id)
    manifest = load_manifest(settings)
    chosen = UnitManifest(
        version=manifest.version, units=[u for u in manifest.units if u.id in units]
    )
    write_start_page(folder, load_profile(settings.profile_dir), chosen, lang)
    (folder / COHORT_FILE).write_text(
        json.dumps(course.cohort_data(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    for name in ("submitted", "autograded", "feedback"):
        (folder / name).mkdir(exist_ok=True)
    return course
