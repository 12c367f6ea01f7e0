"""Build the learner versions of the course's units and its start page."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import nbformat

from competence_profile import load_profile
from competence_profile.units import load_units
from digiculture.course import nbgrader_ops as ops
from digiculture.course.checks import source_notebook
from digiculture.course.start_page import write_start_page
from digiculture.settings import Settings


def stale_units(settings: Settings, unit_ids: list[str], lang: str = "en") -> list[str]:
    """Units whose learner version is missing, older than the source or in another language."""
    stale = []
    for unit_id in unit_ids:
        release = settings.course_dir / "release" / unit_id / f"{unit_id}.ipynb"
        source = source_notebook(settings.course_dir, unit_id)
        if (
            not release.is_file()
            or release.stat().st_mtime < source.stat().st_mtime
            or release_language(release) != lang
        ):
            stale.append(unit_id)
    return stale


def release_language(release: Path) -> str:
    """The language of a learner version (English when it does not say)."""
    try:
        meta = nbformat.read(release, as_version=4).metadata
    except (OSError, ValueError):
        return "en"
    return str(meta.get("digiculture", {}).get("language") or "en")


def build_course(
    settings: Settings,
    lang: str = "en",
    only_stale: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Release every unit (nbgrader generate_assignment) and write the start page.

    In another language than English the learner versions are made from the sources
    translated into it (`digiculture.translations.learner_versions`), in a temporary copy of
    the units, so the course's sources stay English.
    """
    profile = load_profile(settings.profile_dir)
    manifest = load_units(settings.course_dir / "units.yaml", profile)
    unit_ids = [u.id for u in manifest.in_learning_order()]
    todo = stale_units(settings, unit_ids, lang) if only_stale else unit_ids
    built = []
    if todo and lang == "en":
        api = _release_api(settings.course_dir)
        for unit_id in todo:
            if progress:
                progress(unit_id)
            built.append(ops.generate_release(api, unit_id))
    elif todo:
        built = _build_translated(settings, todo, lang, progress)
    write_start_page(settings.course_dir, profile, manifest, lang)
    return built


def _release_api(course_dir: Path, lang: str = "en"):
    # The learner versions need no gradebook: without it nbgrader skips its database
    # checks (an `alembic` program per unit), which were most of a build's time.
    return ops.make_api(
        course_dir,
        language=lang,
        GenerateAssignment={"no_database": True},
        SaveCells={"enabled": False},
    )


def _build_translated(
    settings: Settings, unit_ids: list[str], lang: str, progress: Callable[[str], None] | None
) -> list[Path]:
    from digiculture.translations.learner_versions import translate_course_sources

    built = []
    with tempfile.TemporaryDirectory(prefix=f"digiculture-build-{lang}-") as tmp:
        work = ops.new_course(Path(tmp) / "course", settings.course_dir / "source", unit_ids)
        translate_course_sources(work, unit_ids, lang)
        api = _release_api(work, lang)
        for unit_id in unit_ids:
            if progress:
                progress(unit_id)
            made = ops.generate_release(api, unit_id).parent
            target = settings.course_dir / "release" / unit_id
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(made, target)
            built.append(target / f"{unit_id}.ipynb")
    return built
