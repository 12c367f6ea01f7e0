"""Workshop groups: sizes, a shared working language, mixing, pairs kept together, agendas."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from digiculture.mentoring.matching import match_mentors
from digiculture.mentoring.sample import synthetic_roster
from digiculture.mentoring.timezones import Window
from digiculture.mentoring.workshops import PlanOptions, form_groups, plan_workshops
from tests.digiculture.mentoring.conftest import AREAS, START, learner


def check_groups(grouped, learners, size):
    seen = Counter(m.id for _, members in grouped for m in members)
    assert seen == Counter(m.id for m in learners)  # everyone exactly once
    for language, members in grouped:
        assert 1 <= len(members) <= size
        assert all(language in m.languages for m in members)
    by_language: dict[str, list[int]] = {}
    for language, members in grouped:
        by_language.setdefault(language, []).append(len(members))
    for sizes in by_language.values():
        assert max(sizes) - min(sizes) <= 1  # as even as possible


def test_example_groups(example):
    roster, matching, plan = example
    grouped = [(g.language, list(g.members)) for g in plan.groups]
    check_groups(grouped, roster.learners, 12)
    assert [(g.id, g.language, len(g.members)) for g in plan.groups] == [
        ("ws01", "en", 12),
        ("ws02", "en", 11),
        ("ws03", "el", 2),
    ]
    for g in plan.groups[:2]:  # the English groups mix all six countries and four types
        assert len({m.country for m in g.members}) == 6
        assert len({m.institution_type for m in g.members}) == 4
    # The Greek-only learner and her Cypriot mentor meet in Greek, with a note saying why.
    greek = plan.groups[2]
    assert {m.id for m in greek.members} == {"gr-04", "cy-03"}
    assert greek.notes and greek.notes[0].startswith("small group (2 learner(s))")


def test_example_pairs_stay_together(example):
    _, matching, plan = example
    inside = [p for g in plan.groups for p in g.pairs]
    assert sorted(inside + list(plan.pairs_across_groups), key=str) == sorted(
        matching.pairs, key=str
    )
    assert plan.pairs_across_groups == ()
    for g in plan.groups:
        ids = {m.id for m in g.members}
        assert all(p.mentor in ids and p.mentee in ids for p in g.pairs)


def test_example_agenda_ranks_the_group_needs(example, profile, targets):
    roster, _, plan = example
    for g in plan.groups:
        need = Counter()
        for m in g.members:
            for a in AREAS:
                gap = int(targets[m.role][a][1]) - int(roster.levels[m.id][a][1])
                need[a] += max(gap, 0)
        assert [a.gap_levels for a in g.agenda] == [need[a.area] for a in g.agenda]
        assert [a.gap_levels for a in g.agenda] == sorted(need.values(), reverse=True)[:3]
    first = plan.groups[0].agenda[0]
    assert first.title == profile.area(first.area).title
    assert (
        plan.groups[2].agenda[0].title
        == profile.in_language("el").area(plan.groups[2].agenda[0].area).title
    )  # a Greek group reads Greek titles


def test_example_units_links_and_space(example, manifest):
    _, _, plan = example
    for g in plan.groups:
        assert g.space == f"space-{g.id}-{g.language}"
        for item in g.agenda:
            expected = [
                u.id
                for u in manifest.in_learning_order()
                if any(c.split(".")[0] == item.area for c in u.competences)
            ]
            assert [u.id for u in item.units] == expected and expected
            for u in item.units:
                assert u.link == f"notebooks/release/{u.id}/{u.id}.ipynb"


def test_example_sessions_fit_every_member(example):
    _, _, plan = example
    for g in plan.groups:
        assert [s.start.date() for s in g.sessions] == [
            date(2026, 3, 23),
            date(2026, 3, 30),
            date(2026, 4, 6),
        ]
        assert [s.area for s in g.sessions] == [a.area for a in g.agenda]
        for s in g.sessions:
            assert s.fits and not s.outside
            for m in g.members:
                start = s.start.astimezone(ZoneInfo(m.zone))
                end = s.end.astimezone(start.tzinfo)
                assert time(9) <= start.time() and end.time() <= time(18)


def test_json_markdown_and_calendars(example):
    _, _, plan = example
    data = json.loads(json.dumps(plan.to_dict()))
    assert [g["id"] for g in data["groups"]] == ["ws01", "ws02", "ws03"]
    group = data["groups"][0]
    assert set(group) >= {
        "id",
        "language",
        "space",
        "members",
        "agenda",
        "sessions",
        "pairs",
        "calendar",
        "notes",
    }
    assert group["sessions"][0]["start"] == "2026-03-23T10:00:00Z"
    assert len(data["unmatched"]) == 3
    md = plan.to_markdown()
    assert md.startswith("# Workshop plan")
    assert md.count("\n## ws") == 3
    assert "(notebooks/release/u10_data_protection/u10_data_protection.ipynb)" in md
    calendars = plan.calendars(datetime(2026, 3, 1, tzinfo=UTC))
    assert sorted(calendars) == ["ws01.ics", "ws02.ics", "ws03.ics"]
    assert calendars["ws01.ics"].count("BEGIN:VEVENT") == 3


def test_groups_mix_a_roster_sorted_by_country():
    countries = ["DE", "IT", "HR", "GR", "PT", "CY"]
    types = ["museum", "library", "archive", "gallery"]
    people = [
        learner(f"{c.lower()}-{k}", c, "en", institution_type=types[k % 4])
        for c in countries
        for k in range(4)
    ]
    grouped = form_groups(people, [], 12)
    check_groups(grouped, people, 12)
    for _, members in grouped:
        assert Counter(m.country for m in members) == {c: 2 for c in countries}
        assert len({m.institution_type for m in members}) == 4


@pytest.mark.parametrize("seed, size", [(1, 12), (2, 8), (3, 5), (4, 30)])
def test_random_rosters_group_properties(profile, targets, seed, size):
    people, lv = synthetic_roster(150, profile, seed=seed)
    matching = match_mentors(people, lv, targets, AREAS)
    grouped = form_groups(people, matching.pairs, size)
    check_groups(grouped, people, size)
    group_of = {m.id: k for k, (_, members) in enumerate(grouped) for m in members}
    together = sum(group_of[p.mentor] == group_of[p.mentee] for p in matching.pairs)
    assert together >= 0.8 * len(matching.pairs)


def test_more_sessions_than_areas_cycle_through_the_agenda(profile, manifest, targets):
    people, lv = synthetic_roster(20, profile, seed=5)
    matching = match_mentors(people, lv, targets, AREAS)
    options = PlanOptions(
        start=START,
        size=20,
        sessions=8,
        every_days=14,
        minutes=60,
        window=Window(time(10), time(16)),
    )
    plan = plan_workshops(people, lv, profile, manifest, matching, options)
    for g in plan.groups:
        assert len(g.agenda) == 6 and len(g.sessions) == 8
        assert [s.area for s in g.sessions][6:] == [g.agenda[0].area, g.agenda[1].area]
        assert (g.sessions[1].start.date() - g.sessions[0].start.date()).days == 14


def test_a_group_from_one_country_gets_a_note(plan_with_a_german_pair):
    plan = plan_with_a_german_pair
    german = next(g for g in plan.groups if g.language == "de")
    assert any(n.startswith("all members come from Germany") for n in german.notes)
