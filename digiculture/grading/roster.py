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
    from digiculture.course.gradebook import open_gradebook

    ids = set(load_course_roster(course_dir))
    with open_gradebook(course_dir) as gb:
        ids |= gb.student_ids()
    return {i for i in ids if is_learner_id(i)}


def import_roster(course_dir: Path, roster: Path) -> tuple[list[Learner], list[Problem]]:
    """Add or update the roster's learners in the course; nothing at all if it has problems.

    Returns (learners imported, problems). Learners already in the course and not in this
    roster stay.
    """
    from digiculture.course.folder import open_course
    from digiculture.course.gradebook import StudentRow, open_gradebook

    open_course(course_dir)  # checks that it is a course first
    learners, problems = read_roster(Path(roster))
    if problems:
        return [], problems
    with open_gradebook(course_dir) as gb:
        gb.add_students(
            StudentRow(learner.id, learner.first_name, learner.last_name, learner.email)
            for learner in learners
        )
    kept = load_course_roster(course_dir)
    kept.update({learner.id: learner for learner in learners})
    write_course_roster(course_dir, kept.values())
    return learners, []
