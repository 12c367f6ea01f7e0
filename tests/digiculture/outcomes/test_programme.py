"""The facilitator's figures on the generated programme of 400 learners, checked against an
independent computation from the raw files, and the privacy rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from digiculture.outcomes.privacy import MIN_GROUP, combine_small_groups
from digiculture.outcomes.tables import FEWER, programme_tables, to_csv
from tests.digiculture.outcomes import independent


@pytest.fixture(scope="module")
def raw(programme):
    settings, summary = programme
    cohorts_dir = Path(summary["cohorts_dir"])
    courses = sorted(p for p in cohorts_dir.iterdir() if (p / "gradebook.db").is_file())
    grades, rosters, units = {}, {}, {}
    for course in courses:
        grades[course.name], units[course.name] = independent.gradebook(course)
        rosters[course.name] = independent.roster(course)
    return {
        "attempts": independent.attempts(Path(summary["store_url"].removeprefix("sqlite:///"))),
        "grades": grades,
        "rosters": rosters,
        "units": units,
        "workshop": independent.workshop(cohorts_dir),
    }


@pytest.fixture(scope="module")
def report(outcomes, data):
    return outcomes.programme(data=data)


def test_reach_completion_and_workshop_equal_an_independent_count(report, raw, programme):
    settings, summary = programme
    enrolled = {learner for r in raw["rosters"].values() for learner in r}
    reached = set(raw["attempts"]) | enrolled
    done = {
        learner
        for cohort, people in raw["grades"].items()
        for learner, grades in people.items()
        if independent.completed(grades, raw["units"][cohort])
    }
    figures = {t.key: (t.value, t.target) for t in report.targets}
    assert figures["reached"] == (len(reached), 400) and len(reached) == summary["people"]
    assert figures["completed"] == (len(done), 60)
    assert figures["workshop"] == (len(raw["workshop"]), 12) == (12, 12)
    assert report.selection["enrolled"] == len(enrolled) == summary["enrolled"]
    assert report.selection["assessed"] == len(raw["attempts"])
    assert report.selection["assessed_twice"] == sum(len(a) > 1 for a in raw["attempts"].values())
    # Learners without a self-assessment are reached too (the 8 guests of the spring cohort).
    assert len(enrolled - set(raw["attempts"])) == 8


def test_funnel_scores_and_change_equal_an_independent_computation(report, raw):
    people = [g for cohort in raw["grades"].values() for g in cohort.values()]
    for step, scores in zip(report.funnel, report.unit_scores, strict=True):
        percents = [g[step.unit] for g in people if g.get(step.unit) is not None]
        assert step.enrolled == len(people)
        n_passed = sum(p >= independent.PASS for p in percents)
        if step.passed is None:  # a small cell, or one that leaves a small cell (privacy.cell)
            others = len(people) - n_passed
            assert 0 < n_passed < 5 or 0 < others < 5 or step.handed_in is not None
        else:
            assert step.passed == n_passed
        if scores.graded is not None:
            assert scores.graded == len(percents)
        assert scores.mean_percent == pytest.approx(sum(percents) / len(percents))
    assert [s.unit for s in report.funnel][:2] == [
        "u01_jupyter_first_steps",
        "u02_finding_open_collections",
    ]
    twice = [a for a in raw["attempts"].values() if len(a) > 1]
    for change in report.changes:
        diffs = [
            a[-1]["result"]["areas"][change.area]["score"]
            - a[0]["result"]["areas"][change.area]["score"]
            for a in twice
        ]
        assert change.learners == len(twice)
        assert change.change == pytest.approx(sum(diffs) / len(diffs))
        assert change.change > 0  # the generated learners improve


def test_a_cohort_and_a_country_filter_the_figures(outcomes, data, raw):
    spring = outcomes.programme(["2026-spring"], data=data)
    assert spring.selection["enrolled"] == len(raw["rosters"]["2026-spring"])
    assert {t.value for t in spring.targets} == {
        t.value for t in outcomes.programme(data=data).targets
    }  # the targets stay programme-wide
    greek = [i for i, r in raw["rosters"]["2026-spring"].items() if r["country"] == "GR"]
    one = outcomes.programme(["2026-spring"], "GR", data=data)
    assert one.selection["enrolled"] == (len(greek) if len(greek) >= MIN_GROUP else None)
    assert [r.group for r in one.by_country] == ["GR"]


def _counts_shown(report) -> list[str]:
    columns = {
        "enrolled",
        "handed in",
        "passed",
        "graded",
        "learners",
        "people",
        "assessed",
        "twice",
        "completed",
        "now",
        "below target",
        "L1",
        "L2",
        "L3",
        "L4",
    }
    out = []
    for table in programme_tables(report):
        for row in table.rows:
            out += [v for h, v in zip(table.header, row, strict=True) if h in columns]
    return out


def test_no_figure_is_about_fewer_than_five_learners(outcomes, data):
    for cohorts, country in (
        (None, None),
        (["2026-spring"], None),
        (["2026-autumn"], "CY"),
        (None, "HR"),
    ):
        report = outcomes.programme(cohorts, country, data=data)
        for value in _counts_shown(report):
            assert value in (FEWER, "–") or int(value) == 0 or int(value) >= MIN_GROUP, value
        for row in report.by_country + report.by_language:
            assert row.people is not None and row.people >= MIN_GROUP
            if row.enrolled is None or row.completed is None:
                assert row.completed_percent is None  # a share would give the count away
        for s in report.unit_scores:
            if s.graded is not None:  # hidden when it leaves 1-4 of the unit's learners
                assert (s.mean_percent is None) == (s.graded < MIN_GROUP)
        for c in report.changes:
            if c.level_up_percent is not None:
                rose = round(c.level_up_percent * c.learners / 100)
                assert rose == 0 or rose >= MIN_GROUP
    text = to_csv(programme_tables(outcomes.programme(data=data)))
    assert text.startswith("section,row,column,value\n") and "Professionals reached" in text


def test_a_selection_of_fewer_than_five_learners_shows_only_the_targets(outcomes, data):
    from digiculture.outcomes.sources import ProgrammeData

    few = ProgrammeData(data.assessed[:3], [], [], data.pass_percent)
    report = outcomes.programme(data=few)
    assert report.too_small and report.funnel == [] and report.by_country == []
    assert report.selection["people"] is None
    assert "Fewer than 5 learners" in report.notes[-1]


def test_small_groups_are_combined_until_the_combined_group_is_big_enough():
    groups = {"DE": list(range(40)), "IT": list(range(6)), "CY": [1, 2], "HR": [3]}
    out = combine_small_groups(groups)
    # CY (2) + HR (1) = 3 < 5: IT, the smallest big group, joins them.
    assert list(out) == ["DE", "other"] and len(out["other"]) == 9
    assert combine_small_groups({"a": [1, 2], "b": [3]}) == {}
    assert list(combine_small_groups({"a": list(range(5)), "b": list(range(7))})) == ["b", "a"]


def test_the_programme_reads_each_cohort_gradebook_as_percent_and_status(tmp_path, outcomes):
    """On a small course made like the generated ones, with one failed grading run recorded
    by the grading pipeline and one submission waiting to be graded."""
    import random

    from digiculture import demo_programme as demo
    from digiculture.grading.gradebook import gradebook_rows
    from digiculture.grading.records import Record, save_records
    from digiculture.outcomes.sources import gradebook_status

    units = outcomes.assessment.manifest.in_learning_order()[:3]
    course = tmp_path / "small"
    demo._course(course, "small", units, tmp_path / "empty.db")
    learners = [
        demo.Person(f"L{i}", "DE", "de", "X", "museum", "1-5", "director", {}) for i in range(9)
    ]
    for person in learners:
        person.learner_id = f"learner-{person.code}"
    demo._fill_gradebook(random.Random(7), course, "small", units, learners, 50.0)
    save_records(course, units[0].id, {"learner-L1": Record("learner-L1", "failed", "timeout")})
    (course / "submitted" / "learner-L8" / units[2].id).mkdir(parents=True)
    fast = gradebook_status(course)
    rows = gradebook_rows(course)
    assert len(rows) == sum(len(u) for u in fast.values()) == 9 * 3
    for row in rows:
        percent, status = fast[row.learner][row.unit]
        assert status == row.status
        if row.score is None:
            assert percent is None
        else:
            assert percent == pytest.approx(100 * row.score / row.max_score)
    assert fast["learner-L1"][units[0].id] == (None, "failed")
    assert {r.status for r in rows} >= {"graded", "failed"}
