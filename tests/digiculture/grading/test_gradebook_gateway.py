"""The one gateway to nbgrader's gradebook (`digiculture.course.gradebook`), on a real
nbgrader SQLite gradebook."""

from __future__ import annotations

import pytest

from digiculture.course.gradebook import (
    StudentRow,
    gradebook_url,
    one_engine_for_nbgrader,
    open_gradebook_at,
)


def test_learners_are_added_and_updated_all_at_once(tmp_path):
    url = gradebook_url(tmp_path)
    with open_gradebook_at(url, "spring") as gb:
        gb.add_students([StudentRow("anna", "Anna", "Becker", "a@m.de"), StudentRow("ben")])
        gb.add_students([StudentRow("anna", "Anna", "Becker-Roth", "")])
    with open_gradebook_at(url, "spring") as gb:
        assert gb.student_ids() == {"anna", "ben"}
        anna = next(s for s in gb.students() if s.id == "anna")
        assert (anna.name, anna.email) == ("Anna Becker-Roth", "")
        assert gb.unit_ids() == [] and gb.awaiting_hand_grading() == set()
        assert gb.score("u01", "anna") is None


def test_a_failed_transaction_writes_nothing(tmp_path):
    from nbgrader.api import Student

    url = gradebook_url(tmp_path)
    with open_gradebook_at(url, "spring") as gb:
        with pytest.raises(RuntimeError), gb.transaction() as db:
            db.add(Student(id="carla"))
            db.flush()
            raise RuntimeError("stop half-way")
        assert gb.student_ids() == set()


def test_nbgrader_gradebooks_share_one_engine_while_a_run_lasts(tmp_path):
    from nbgrader.api import Gradebook

    url = gradebook_url(tmp_path)
    with open_gradebook_at(url, "spring") as gb:
        gb.add_students([StudentRow("anna")])
    with one_engine_for_nbgrader(url):
        first, second = Gradebook(url, "spring"), Gradebook(url, "spring")
        assert first.engine is second.engine
        assert {s.id for s in second.students} == {"anna"}
        first.close()
        second.close()
    again = Gradebook(url, "spring")
    assert again.engine is not first.engine
    again.close()


def test_a_run_transaction_keeps_nbgraders_commits_together_or_drops_them_all(tmp_path):
    """Inside `RunGradebook.transaction()` nbgrader's own commits are savepoints: what a
    learner's save wrote is committed once at the end, or not at all when it fails."""
    from nbgrader.api import Gradebook

    url = gradebook_url(tmp_path)
    with open_gradebook_at(url, "spring") as gb:
        gb.add_students([StudentRow("anna")])
    with one_engine_for_nbgrader(url) as run:
        with pytest.raises(RuntimeError), run.transaction():
            first = Gradebook(url, "spring")
            first.add_student("ben")  # nbgrader commits here
            first.close()
            second = Gradebook(url, "spring")
            assert second.engine is first.engine  # the run's one connection
            assert {s.id for s in second.students} == {"anna", "ben"}
            second.close()
            raise RuntimeError("the save failed half-way")
        with run.transaction():
            third = Gradebook(url, "spring")
            third.add_student("carla")
            third.close()
    with open_gradebook_at(url, "spring") as gb:
        assert gb.student_ids() == {"anna", "carla"}
