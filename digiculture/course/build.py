"""Build the learner versions of the course's units and its start page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from competence_profile import load_profile
from competence_profile.units import load_units
from digiculture.course import nbgrader_ops as ops
from digiculture.course.checks import source_notebook
from digiculture.course.start_page import write_start_page
from digiculture.settings import Settings


def stale_units(settings: Settings, unit_ids: list[str]) -> list[str]:
    """Units whose learner version is missing or older than the source."""
    stale = []
    for unit_id in unit_ids:
        release = settings.course_dir / "release" / unit_id / f"{unit_id}.ipynb"
        source = source_notebook(settings.course_dir, unit_id)
        if not release.is_file() or release.stat().st_mtime < source.stat().st_mtime:
            stale.append(unit_id)
    return stale


def build_course(
    settings: Settings,
    lang: str = "en",
    only_stale: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Release every unit (nbgrader generate_assignment) and write the start page."""
    profile = load_profile(settings.profile_dir)
    manifest = load_units(settings.course_dir / "units.yaml", profile)
    unit_ids = [u.id for u in manifest.in_learning_order()]
    todo = stale_units(settings, unit_ids) if only_stale else unit_ids
    built = []
    if todo:
        # The learner versions need no gradebook: without it nbgrader skips its database
        # checks (an `alembic` program per unit), which were most of a build's time.
        api = ops.make_api(
            settings.course_dir,
            GenerateAssignment={"no_database": True},
            SaveCells={"enabled": False},
        )
        for unit_id in todo:
            if progress:
                progress(unit_id)
            built.append(ops.generate_release(api, unit_id))
    write_start_page(settings.course_dir, profile, manifest, lang)
    return built
