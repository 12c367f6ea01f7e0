"""Who earned a credential: pure decisions from gradebook rows and thresholds."""

from __future__ import annotations

from digiculture.credentials.criteria import (
    PROGRAMME,
    programme_decision,
    programme_units_needed,
    unit_decision,
)
from digiculture.grading.gradebook import Row


def row(score, max_score=10.0, status="graded", unit="u01_x", learner="a"):
    return Row(learner, unit, score, max_score, status, "")


def test_the_pass_mark_is_a_share_of_the_points():
    assert unit_decision(row(7), set(), 0.7).met
    assert unit_decision(row(6.99), set(), 0.7).reason == (
        "6.99 of 10 points, below the pass mark of 70 %"
    )
    assert unit_decision(row(10), set(), 1.0).met


def test_ungraded_and_waiting_submissions_get_none():
    missing = Row("a", "u01_x", None, 10.0, "missing", "nothing handed in")
    assert unit_decision(missing, set(), 0.7).reason == "not graded (missing: nothing handed in)"
    waiting = unit_decision(row(10), {("a", "u01_x")}, 0.7)
    assert not waiting.met and "to grade by hand" in waiting.reason
    assert unit_decision(row(0, max_score=0), set(), 0.7).reason == "the unit has no points to earn"


def test_the_programme_needs_its_share_of_units():
    units = ["u01_x", "u02_y", "u03_z"]
    decisions = {
        "u01_x": unit_decision(row(9, unit="u01_x"), set(), 0.7),
        "u02_y": unit_decision(row(8, unit="u02_y"), set(), 0.7),
        "u03_z": unit_decision(row(1, unit="u03_z"), set(), 0.7),
    }
    all_units = programme_decision("a", units, decisions, 1.0)
    assert not all_units.met
    assert all_units.reason == "passed 2 of 3 units; the programme needs 3"
    two_thirds = programme_decision("a", units, decisions, 0.6)
    assert two_thirds.met and two_thirds.award == PROGRAMME
    assert two_thirds.units == ["u01_x", "u02_y"]
    assert (two_thirds.score, two_thirds.max_score, two_thirds.percent) == (17, 20, 85)
    assert [programme_units_needed(10, s) for s in (1.0, 0.8, 0.75, 0.0)] == [10, 8, 8, 1]
