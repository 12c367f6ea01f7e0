"""The self-assessment wired to the kit's settings (used by the CLI and the Voilà app)."""

from __future__ import annotations

from assessment.service import Assessment
from digiculture.settings import Settings


def load_assessment(settings: Settings | None = None, with_store: bool = True) -> Assessment:
    settings = settings or Settings.load()
    return Assessment.load(
        settings.profile_dir,
        settings.bank_dir,
        settings.course_dir / "units.yaml",
        settings.results_store if with_store else None,
    )
