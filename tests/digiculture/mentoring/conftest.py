"""Shared helpers for the mentoring tests: the profile, fixtures folder, learners by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from competence_profile import load_profile
from digiculture.course.roster import Learner
from digiculture.manifest import load_manifest
from digiculture.mentoring.matching import match_mentors
from digiculture.mentoring.roster import read_roster
from digiculture.mentoring.workshops import PlanOptions, plan_workshops

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mentoring"
EXAMPLE = FIXTURES / "example_roster.csv"
AREAS = ("P1", "P2", "P3", "P4", "P5", "P6")
#: The Monday the example's workshops start.
START = date(2026, 3, 23)


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


@pytest.fixture(scope="module")
def example(profile, manifest, targets):
    """The example roster, its mentoring pairs and its workshop plan (as the commands make them)."""
    roster, _ = read_roster(EXAMPLE, profile)
    matching = match_mentors(roster.learners, roster.levels, targets, AREAS)
    plan = plan_workshops(
        roster.learners,
        roster.levels,
        profile,
        manifest,
        matching,
        PlanOptions(start=START),
        source="example_roster.csv",
    )
    return roster, matching, plan


@pytest.fixture
def plan_with_a_german_pair(profile, manifest, targets):
    """The workshop plan of two German-speaking colleagues from Germany and two English
    speakers from Italy and Greece: the German group comes from one country."""
    people = [
        learner("de-1", "DE", "de"),
        learner("de-2", "DE", "de", institution_type="archive"),
        learner("it-1", "IT", "en"),
        learner("gr-1", "GR", "en"),
    ]
    lv = {m.id: dict.fromkeys(AREAS, "L1") for m in people}
    matching = match_mentors(people, lv, targets, AREAS)
    plan = plan_workshops(people, lv, profile, manifest, matching, PlanOptions(start=START))
    return plan
