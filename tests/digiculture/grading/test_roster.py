"""Roster import: a good CSV goes into the gradebook; a wrong one imports nothing."""

from __future__ import annotations

import pytest
from nbgrader.api import Gradebook

from digiculture.course.folder import course_api
from digiculture.course.roster import load_course_roster, read_roster
from digiculture.course.roster_import import import_roster
from tests.digiculture.grading.conftest import FIXTURES

pytestmark = [
    pytest.mark.slow,  # runs nbgrader
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),  # nbgrader's own
]


ROSTERS = FIXTURES / "rosters"


def lines(name: str) -> list[str]:
    learners, problems = read_roster(ROSTERS / name, label=name)
    assert learners == []
    return [str(p) for p in problems]


def test_good_roster_is_read_and_normalised():
    learners, problems = read_roster(ROSTERS / "good.csv")
    assert problems == []
    assert [x.id for x in learners] == ["de-001", "it-002", "pt-003", "hr-004"]
    horvat = learners[3]
    assert (horvat.country, horvat.language) == ("HR", "hr")
    assert (learners[2].first_name, learners[2].last_name) == ("Maria", "da Silva")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("missing_column.csv", ["missing_column.csv: line 1: column 'institution' is missing"]),
        (
            "duplicate_id.csv",
            ["duplicate_id.csv: line 3, column id: duplicate id 'de-001' (also on line 2)"],
        ),
        ("empty.csv", ["empty.csv: is empty: the first line must name the columns"]),
    ],
)
def test_wrong_roster_gives_one_clear_line_per_problem(name, expected):
    got = lines(name)
    assert len(got) == len(expected), got
    for line, start in zip(got, expected, strict=True):
        assert line.startswith(start), line


@pytest.mark.parametrize(
    ("name", "first"), [("latin1.csv", "Jürgen Müller"), ("semicolons.csv", "Anna")]
)
def test_european_excel_rosters_are_read(name, first):
    """';' between the columns and a Windows code page, as European Excel saves (issue 20)."""
    learners, problems = read_roster(ROSTERS / name)
    assert problems == []
    assert learners[0].name == first


def test_bad_values_name_line_column_and_fix():
    got = lines("bad_values.csv")
    where = [line.split(": ", 2)[1] for line in got]
    assert where == [
        "line 2, column id",
        "line 2, column email",
        "line 2, column country",
        "line 2, column language",
        "line 3, column country",
        "line 3, column language",
        "line 4, column name",
        "line 4, column institution",
    ]
    assert "use the two-letter code DE" in got[2]
    assert "ISO 3166 uses GR" in got[4]
    assert "Greek is 'el'" in got[5]
    assert all(":" in line.split(": ", 2)[2] for line in got), "each line says what to do"


def test_import_puts_learners_in_the_gradebook_and_a_bad_file_imports_nothing(course):
    result = import_roster(course, ROSTERS / "good.csv")
    learners, problems = result.imported, result.problems
    assert problems == [] and len(learners) == 4
    api = course_api(course)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        students = {s.id: s for s in gb.students}
        assert set(students) == {"de-001", "it-002", "pt-003", "hr-004"}
        assert students["pt-003"].last_name == "da Silva"
        assert students["de-001"].email == "anna.becker@stadtmuseum.de"
    assert load_course_roster(course)["it-002"].language == "it"

    before = (course / "gradebook.db").read_bytes()
    result = import_roster(course, ROSTERS / "duplicate_id.csv")
    learners, problems = result.imported, result.problems
    assert learners == [] and problems
    assert (course / "gradebook.db").read_bytes() == before
    assert set(load_course_roster(course)) == {"de-001", "it-002", "pt-003", "hr-004"}
