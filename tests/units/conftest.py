from __future__ import annotations

import pytest

from competence_profile import load_profile
from competence_profile.units import load_units
from digiculture.settings import Settings

SETTINGS = Settings.load()
MANIFEST = load_units(SETTINGS.course_dir / "units.yaml", load_profile(SETTINGS.profile_dir))
UNIT_IDS = MANIFEST.ids


@pytest.fixture(scope="session")
def manifest():
    return MANIFEST


@pytest.fixture(scope="session")
def settings():
    return SETTINGS
