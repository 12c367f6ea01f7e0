"""Shared helpers for the mentoring tests: the profile, fixtures folder, learners by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from competence_profile import load_profile
from digiculture.course.roster import Learner
from digiculture.manifest import load_manifest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mentoring"
EXAMPLE = FIXTURES / "example_roster.csv"
AREAS = ("P1", "P2", "P3", "P4", "P5", "P6")


@pytest.fixture(scope="session")
def profile():
    return load_profile()


@pytest.fixture(scope="session")
def manifest():
    return load_manifest()


@pytest.fixture(scope="session")
def targets(profile):
    return profile.role_targets()


def learner(
    learner_id: str,
    country: str = "DE",
    languages: str = "en",
    wants: str = "mentee",
    capacity: int = 1,
    role: str = "front_of_house",
    institution_type: str = "museum",
    timezone: str = "",
) -> Learner:
    """A learner written in one line, for hand-made rosters."""
    return Learner(
        id=learner_id,
        name=learner_id.title(),
        country=country,
        languages=tuple(languages.split(";")),
        role=role,
        institution_type=institution_type,
        wants=wants,  # type: ignore[arg-type]
        capacity=capacity,
        timezone=timezone,
    )


def levels(text: str) -> dict[str, str]:
    """'1 1 2 1 3 1' -> {"P1": "L1", "P2": "L1", "P3": "L2", ...}."""
    return {a: f"L{n}" for a, n in zip(AREAS, text.split(), strict=True)}
