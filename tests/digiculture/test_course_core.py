"""The kit's core: one Course value for a course folder, one Learner and roster rules, the
course languages from the profile's data."""

from __future__ import annotations

import json

import pytest

from competence_profile import load_profile
from digiculture.course.codes import COURSE_LANGUAGES
from digiculture.course.folder import COHORT_FILE, Course, CourseError, open_course, read_course
from digiculture.course.roster import Learner, is_learner_id, parse_roster
from digiculture.errors import UserError
from digiculture.mentoring.roster import parse_roster as parse_mentoring_roster


def test_course_languages_are_the_profiles():
    assert tuple(load_profile().languages) == COURSE_LANGUAGES
    assert COURSE_LANGUAGES[0] == "en"


def _course_folder(tmp_path, cohort: dict | None = None):
    folder = tmp_path / "spring-2027"
    (folder / "source" / "u01_x").mkdir(parents=True)
    (folder / "source" / "u01_x" / "u01_x.ipynb").write_text("{}", encoding="utf-8")
    (folder / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    if cohort is not None:
        (folder / COHORT_FILE).write_text(json.dumps(cohort), encoding="utf-8")
    return folder


def test_open_course_reads_the_folder_once_into_a_value(tmp_path):
    folder = _course_folder(tmp_path, {"course_id": "spring", "units": ["u01_x"], "lang": "de"})
    course = open_course(folder)
    assert course == Course(folder=folder.resolve(), id="spring", units=("u01_x",), language="de")
    assert open_course(course) is course  # a Course is passed on, not read again
    assert course.cohort_data() == {"course_id": "spring", "units": ["u01_x"], "lang": "de"}


def test_a_plain_nbgrader_course_has_the_defaults(tmp_path):
    course = read_course(_course_folder(tmp_path))
    assert (course.units, course.language) == (("u01_x",), "en")


def test_course_mistakes_are_user_errors_with_a_sentence(tmp_path):
    with pytest.raises(CourseError) as missing:
        open_course(tmp_path / "nowhere")
    assert isinstance(missing.value, UserError) and missing.value.exit_code == 2
    assert "digiculture course init" in str(missing.value)
    course = open_course(_course_folder(tmp_path))
    with pytest.raises(CourseError, match="Unknown unit 'u09_y'.*the course has u01_x"):
        course.require_unit("u09_y")
    with pytest.raises(CourseError, match="has not been released"):
        course.require_unit("u01_x")


def test_one_learner_and_one_id_rule_for_both_rosters():
    learners, problems = parse_roster(
        "id,name,email,country,language,institution\nde-001,Anna  Becker,,de,DE,Stadtmuseum\n"
    )
    assert problems == []
    anna = learners[0]
    assert isinstance(anna, Learner)
    assert (anna.id, anna.name, anna.country, anna.languages, anna.language) == (
        "de-001",
        "Anna Becker",
        "DE",
        ("de",),
        "de",
    )
    assert (anna.first_name, anna.last_name, anna.zone) == ("Anna", "Becker", "Europe/Berlin")
    # The same id is refused the same way by the cohort's and the mentoring roster.
    assert not is_learner_id("=cmd|x") and not is_learner_id("de 1") and is_learner_id("de-1")
    _, cohort = parse_roster("id,name,email,country,language,institution\n=cmd|x,A,,DE,de,Museum\n")
    _, mentoring = parse_mentoring_roster(
        "learner_id,name,country,languages,role,institution_type,wants\n"
        "=cmd|x,A,DE,de,director,museum,mentee\n",
        load_profile(),
        levels_required=False,
    )
    assert [p.where for p in cohort] == ["line 2, column id"]
    assert [p.where for p in mentoring] == ["line 2, column learner_id"]
    assert cohort[0].message == mentoring[0].message
