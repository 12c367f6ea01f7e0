"""nbgrader operations on a course folder, through nbgrader's Python API."""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
import sys
from pathlib import Path

import nbformat

from digiculture.course.checks import cell_text
from digiculture.course.nbgrader_settings import (
    COURSE_ID,
    load_course_config,
    set_placeholders,
    write_config,
)
from digiculture.errors import UserError


class NbgraderFailed(UserError, RuntimeError):
    """nbgrader reported an error; the message carries its log."""


def tools_on_path() -> None:
    """Before nbgrader runs in this process: a new gradebook's schema version comes from the
    kit (`alembic_head`, the same value) instead of an `alembic heads` subprocess, and the
    programs nbgrader starts by name are this environment's."""
    import nbgrader.api

    from digiculture.course.gradebook import alembic_head

    nbgrader.api.get_alembic_version = alembic_head
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def make_api(
    course_dir: Path,
    course_id: str | None = None,
    config=None,
    language: str | None = None,
    **extra: dict,
):
    """An NbGraderAPI for `course_dir` with the course's own `nbgrader_config.py` (read once:
    pass `config`, a loaded one, to reuse it), its gradebook and quiet logging.

    `course_id` overrides the config's course id; `language` gives the answer cells'
    placeholders in that language (a kit course's config takes its cohort.json's); `extra`
    sets more nbgrader options, {section: {name: value}}.
    """
    from nbgrader.apps import NbGraderAPI

    tools_on_path()
    folder = Path(course_dir).resolve()
    config = copy.deepcopy(config if config is not None else load_course_config(folder))
    config.CourseDirectory.root = str(folder)
    if course_id is not None:
        config.CourseDirectory.course_id = course_id
    if language is not None:
        set_placeholders(config, language)
    config.CourseDirectory.db_url = f"sqlite:///{folder / 'gradebook.db'}"
    for section, values in extra.items():
        for key, value in values.items():
            setattr(getattr(config, section), key, value)
    return NbGraderAPI(config=config)


def _ok(result: dict, what: str) -> dict:
    if not result.get("success"):
        raise NbgraderFailed(f"{what} failed: {result.get('error') or ''}\n{result.get('log')}")
    return result


def new_course(
    course_dir: Path, source_dir: Path, unit_ids: list[str], course_id: str = COURSE_ID
) -> Path:
    """A course folder with the kit's config and the source of the given units."""
    course_dir = Path(course_dir)
    (course_dir / "source").mkdir(parents=True, exist_ok=True)
    write_config(course_dir, course_id)
    for unit_id in unit_ids:
        target = course_dir / "source" / unit_id
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            Path(source_dir) / unit_id, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
    return course_dir


def generate_release(api, unit_id: str) -> Path:
    """`nbgrader generate_assignment`: the learner version in release/<unit>/."""
    with contextlib.redirect_stdout(sys.stderr):
        _ok(
            api.generate_assignment(unit_id, force=True, create=True),
            f"Making the learner version of {unit_id}",
        )
    return Path(api.coursedir.root) / "release" / unit_id / f"{unit_id}.ipynb"


def autograde(api, unit_id: str, learner_id: str) -> dict:
    with contextlib.redirect_stdout(sys.stderr):
        return _ok(
            api.autograde(unit_id, learner_id, force=True, create=True),
            f"Grading {unit_id} of {learner_id}",
        )


def with_solutions(
    release_nb: nbformat.NotebookNode, source_nb: nbformat.NotebookNode
) -> nbformat.NotebookNode:
    """The learner version with every answer cell filled in from the source's solution.

    This is what a learner who did everything right hands in (used by tests and benchmarks).
    """
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: _strip_markers(cell_text(c))
        for c in source_nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in solutions:
            cell.source = solutions[meta["grade_id"]]
    return nb


def _strip_markers(text: str) -> str:
    return "\n".join(
        line
        for line in text.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )


def submit(course_dir: Path, learner_id: str, unit_id: str, nb: nbformat.NotebookNode) -> Path:
    """Place a notebook where nbgrader expects a collected submission."""
    folder = Path(course_dir) / "submitted" / learner_id / unit_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{unit_id}.ipynb"
    nbformat.write(nb, path)
    return path


def code_scores(api, unit_id: str, learner_id: str) -> tuple[float, float]:
    """(autograded points, autogradable maximum) of one submission, from the gradebook."""
    from digiculture.course.gradebook import open_gradebook_at

    with open_gradebook_at(api.coursedir.db_url, api.coursedir.course_id) as gb:
        score = gb.score(unit_id, learner_id)
    if score is None:
        raise NbgraderFailed(f"The gradebook has no submission of {unit_id} by {learner_id}.")
    return score.code_score, score.max_code_score
