"""The cohort's roster into the course's nbgrader gradebook (`digiculture roster import`).

The roster file, its `Learner` and its checks are the kit's core
(`digiculture.course.roster`). Learners go into nbgrader's gradebook (id, first and last
name, e-mail) in one transaction; the whole line, with country, language and institution,
is kept in the course's `roster.csv`.
"""

from __future__ import annotations

from pathlib import Path

from competence_profile.problems import Problem
from digiculture.course.roster import (
    Learner,
    is_learner_id,
    load_course_roster,
    read_roster,
    write_course_roster,
)


def course_learner_ids(course_dir: Path) -> set[str]:
    """The ids of the course's learners: its roster.csv and the students of its gradebook.

    Only these are graded: a folder under `submitted/` with another name (a stranger, a
    typing mistake, `=HYPERLINK(...)`) never becomes a learner.
    """
    from nbgrader.api import Gradebook

    from digiculture.course.folder import course_api

    ids = set(load_course_roster(course_dir))
    api = course_api(course_dir)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        ids |= {student.id for student in gb.students}
    return {i for i in ids if is_learner_id(i)}


def import_roster(course_dir: Path, roster: Path) -> tuple[list[Learner], list[Problem]]:
    """Add or update the roster's learners in the course; nothing at all if it has problems.

    Returns (learners imported, problems). Learners already in the course and not in this
    roster stay.
    """
    from nbgrader.api import Gradebook, Student

    from digiculture.course.folder import course_api

    api = course_api(course_dir)  # checks that it is a course first
    learners, problems = read_roster(Path(roster))
    if problems:
        return [], problems
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        try:
            for learner in learners:
                student = gb.db.get(Student, learner.id)
                if student is None:
                    student = Student(id=learner.id)
                    gb.db.add(student)
                student.first_name = learner.first_name
                student.last_name = learner.last_name
                student.email = learner.email or None
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise
    kept = load_course_roster(course_dir)
    kept.update({learner.id: learner for learner in learners})
    write_course_roster(course_dir, kept.values())
    return learners, []
