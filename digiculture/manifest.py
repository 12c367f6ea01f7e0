"""The units manifest of the kit's course, loaded from the settings' course folder."""

from __future__ import annotations

from competence_profile import load_profile
from competence_profile.units import UnitManifest, load_units
from digiculture.settings import Settings


def manifest_path(settings: Settings | None = None):
    return (settings or Settings.load()).course_dir / "units.yaml"


def load_manifest(settings: Settings | None = None) -> UnitManifest:
    settings = settings or Settings.load()
    return load_units(manifest_path(settings), load_profile(settings.profile_dir))
