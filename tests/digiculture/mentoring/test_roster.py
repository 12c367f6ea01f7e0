"""Reading the roster: the example reads cleanly, every kind of mistake gets one clear line."""

from __future__ import annotations

import pytest

from digiculture.mentoring.roster import parse_roster, read_roster
from tests.digiculture.mentoring.conftest import EXAMPLE, FIXTURES

HEADER = "learner_id,name,country,languages,role,institution_type,wants,capacity,P1,P2,P3,P4,P5,P6"

# fixture file in bad/ -> the problems it must report, in order: (where, words in the message)
BAD = {
    "missing_column.csv": [("line 1", "column 'role' is missing")],
    "bad_codes.csv": [
        ("line 2, column country", "unknown country code 'XX'"),
        ("line 3, column country", "EL is the EU's own code for Greece; ISO 3166 uses GR"),
        ("line 4, column languages", "unknown language code 'gr' (Greek is 'el' in ISO 639-1)"),
        ("line 5, column languages", "'el, en' holds several codes: separate the codes with ';'"),
        ("line 6, column languages", "is empty"),
    ],
    "bad_levels.csv": [
        ("line 2, column P1", "'L5' is not a level: write L1, L2, L3 or L4"),
        ("line 3, column P2", "'2' is not a level"),
        ("line 4, column P3", "is empty: write L1, L2, L3 or L4"),
    ],
    "duplicate_id.csv": [
        ("line 4, column learner_id", "duplicate learner_id 'de-1' (also on line 2)"),
    ],
    "capacity_not_number.csv": [
        ("line 2, column capacity", "'two' is not a whole number"),
        ("line 3, column capacity", "'-1' is below 0"),
        ("line 4, column capacity", "'1.5' is not a whole number"),
    ],
    "unknown_role.csv": [
        (
            "line 2, column role",
            "unknown role 'curator': use one of the profile's roles: "
            "front_of_house, collections_documentation",
        ),
        ("line 3, column wants", "'teacher' is not a choice: write mentor, mentee or both"),
    ],
    "no_levels.csv": [("line 1", "the level columns P1..P6 are missing")],
    "empty_cells.csv": [
        ("line 2, column learner_id", "'de 1' contains a space"),
        ("line 2, column name", "is empty"),
        ("line 2, column institution_type", "is empty"),
        ("line 3", "has 15 cells but the first line names 14 columns"),
    ],
    "header_only.csv": [("", "has no learners")],
    "empty.csv": [("", "is empty: the first line must name the columns")],
}


def test_example_roster_reads_cleanly(profile):
    roster, problems = read_roster(EXAMPLE, profile)
    assert problems == []
    assert roster is not None and len(roster.learners) == 25
    assert {learner.country for learner in roster.learners} == {"DE", "IT", "HR", "GR", "PT", "CY"}
    assert roster.levels is not None and roster.levels["de-01"]["P1"] == "L4"
    first = roster.learner("de-01")
    assert (first.languages, first.capacity, first.line, first.zone) == (
        ("de", "en"),
        2,
        2,
        "Europe/Berlin",
    )
    assert roster.learner("de-02").capacity == 1  # empty capacity means 1
    assert roster.learner("cy-01").zone == "Asia/Nicosia"


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_roster_gives_one_line_per_problem(profile, name):
    path = FIXTURES / "bad" / name
    roster, problems = read_roster(path, profile)
    assert roster is None
    expected = BAD[name]
    assert len(problems) == len(expected), [str(p) for p in problems]
    for problem, (where, words) in zip(problems, expected, strict=True):
        assert problem.file == str(path)
        assert problem.where == where
        assert words in problem.message
        assert "\n" not in str(problem)


@pytest.mark.parametrize(
    ("name", "first_name"), [("latin1.csv", "Jürgen"), ("semicolons.csv", "Anna")]
)
def test_european_excel_files_are_read_as_saved(profile, name, first_name):
    """What Excel saves with European settings (';' between the columns, a Windows code page)
    is read, not refused (issue 20)."""
    roster, problems = read_roster(FIXTURES / "european" / name, profile)
    assert problems == []
    assert roster is not None and roster.learners[0].name == first_name
    assert roster.levels == {roster.learners[0].id: dict.fromkeys(profile.area_ids, "L3")}


def test_every_bad_fixture_is_listed():
    assert sorted(p.name for p in (FIXTURES / "bad").glob("*.csv")) == sorted(BAD)


def test_codes_are_normalised_and_extra_columns_ignored(profile):
    text = (
        "\ufeffLearner_ID,Name,Country,Languages,Role,Institution_Type,Wants,e-mail,p1,p2,p3,p4,"
        "p5,p6,timezone\n"
        "pt-1,Rui,pt, PT ; EN ;pt,Director,Museum ,Mentor,rui@example.org,l1,L2,l3,L4,L1,L2,"
        "Atlantic/Azores\n"
        "\n"
    )
    roster, problems = parse_roster(text, profile)
    assert problems == []
    rui = roster.learners[0]
    assert (rui.country, rui.languages, rui.role, rui.institution_type, rui.wants) == (
        "PT",
        ("pt", "en"),
        "director",
        "museum",
        "mentor",
    )
    assert rui.zone == "Atlantic/Azores"
    assert roster.levels == {
        "pt-1": {"P1": "L1", "P2": "L2", "P3": "L3", "P4": "L4", "P5": "L1", "P6": "L2"}
    }


def test_unknown_time_zone_and_partial_level_columns(profile):
    text = (
        HEADER + ",timezone\nde-1,Anna,DE,de,director,museum,mentor,1,L1,L1,L1,L1,L1,L1,Mars/Base\n"
    )
    _, problems = parse_roster(text, profile)
    assert [p.where for p in problems] == ["line 2, column timezone"]
    assert "unknown time zone 'Mars/Base'" in problems[0].message
    text = "learner_id,name,country,languages,role,institution_type,wants,P1,P2\n"
    _, problems = parse_roster(text, profile)
    assert [p.message.split(":")[0] for p in problems] == [
        f"level column '{a}' is missing" for a in ("P3", "P4", "P5", "P6")
    ]


def test_levels_optional_when_they_come_from_elsewhere(profile):
    text = (
        "learner_id,name,country,languages,role,institution_type,wants\n"
        "de-1,A,DE,de,director,museum,mentee\n"
    )
    roster, problems = parse_roster(text, profile, levels_required=False)
    assert problems == [] and roster.levels is None


def test_line_numbers_follow_quoted_line_breaks(profile):
    text = (
        HEADER + '\nde-1,"Anna\nBecker",DE,de,director,museum,mentor,1,L1,L1,L1,L1,L1,L1\n'
        "it-1,Giulia,IT,xx,director,museum,mentee,,L1,L1,L1,L1,L1,L1\n"
    )
    _, problems = parse_roster(text, profile)
    assert [p.where for p in problems] == ["line 4, column languages"]


def test_duplicate_column(profile):
    _, problems = parse_roster(HEADER + ",country\n", profile)
    assert [str(p) for p in problems] == [
        "roster.csv: line 1: column 'country' appears twice: keep one of them"
    ]
