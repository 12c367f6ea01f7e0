"""The one gateway to a course's nbgrader gradebook (`gradebook.db`).

Every part of the kit that reads or writes nbgrader's gradebook goes through here: grading
(learners to grade, scores after a run, the export), the roster import (students), the
credentials (scores, answers still to grade by hand) and the programme's outcome reports.
nbgrader's own `Gradebook` class is opened in this module only, so a change of nbgrader's
database (a new version, another query) is made once.

    with open_gradebook(course_dir) as gb:
        gb.student_ids()
        gb.scores("u01_jupyter_first_steps")   # learner -> Score, one query per unit

Operations are named for what the kit does with them; each reads with one query per unit (not
one per learner and unit: a cohort of 140 learners and 12 units is then a second, not tens of
seconds). Writes of several rows happen in one transaction (`add_students`, `transaction`).

nbgrader is imported when a gradebook is opened (it takes seconds to load).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from digiculture.course.folder import Course


@dataclass(frozen=True)
class Score:
    """One learner's graded submission of one unit, as nbgrader counts it."""

    learner: str
    unit: str
    #: Autograded plus hand-graded points so far, and the unit's maximum.
    score: float
    max_score: float
    #: Points of the autograded (code) cells only, and their maximum.
    code_score: float
    max_code_score: float
    #: Answers still to grade by hand in formgrader.
    needs_manual_grade: bool


@dataclass(frozen=True)
class HandGrade:
    """One answer graded by hand (an nbgrader "manually graded answer": a cell that is both a
    solution and a grade cell) in one learner's submission, with what nbgrader holds for it."""

    learner: str
    unit: str
    notebook: str
    #: The answer cell's grade id (nbgrader's cell name).
    grade_id: str
    max_score: float
    #: nbgrader's own score (0 for an answer left as handed out, else None).
    auto_score: float | None
    #: The facilitator's score and comment; None until given.
    manual_score: float | None
    manual_comment: str | None
    needs_manual_grade: bool


@dataclass(frozen=True)
class StudentRow:
    """A learner as nbgrader's gradebook knows them (id, name, e-mail)."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class CourseGradebook:
    """An open gradebook of one course; use `open_gradebook` or `open_gradebook_at`."""

    def __init__(self, db_url: str, course_id: str):
        from nbgrader.api import Gradebook

        from digiculture.course.nbgrader_ops import tools_on_path

        tools_on_path()  # a new gradebook asks `alembic` for its version
        self._gb = Gradebook(db_url, course_id)
        self.db_url = db_url
        self.course_id = course_id

    def close(self) -> None:
        self._gb.close()

    # -- learners ------------------------------------------------------------------------

    def students(self) -> list[StudentRow]:
        return [
            StudentRow(s.id, s.first_name or "", s.last_name or "", s.email or "")
            for s in self._gb.students
        ]

    def student_ids(self) -> set[str]:
        return {s.id for s in self._gb.students}

    def add_students(self, students: Iterable[StudentRow]) -> None:
        """Add the learners, or update their name and e-mail: all of them or none."""
        from nbgrader.api import Student

        with self.transaction() as db:
            for row in students:
                student = db.get(Student, row.id)
                if student is None:
                    student = Student(id=row.id)
                    db.add(student)
                student.first_name = row.first_name
                student.last_name = row.last_name
                student.email = row.email or None

    def remove_student(self, learner: str) -> bool:
        """Delete a learner and all their submissions and grades (False when not there)."""
        from nbgrader.api import MissingEntry

        try:
            self._gb.remove_student(learner)
        except MissingEntry:
            return False
        return True

    # -- units and scores ------------------------------------------------------------------

    def unit_ids(self) -> list[str]:
        """The course's units (nbgrader's assignments), in the gradebook's order."""
        return [a.name for a in self._gb.assignments]

    def unit_notebooks(self, unit: str) -> list[str] | None:
        """The names of the unit's notebooks, sorted; None when the unit is not in the
        gradebook (nbgrader grades only the notebooks it has there)."""
        from nbgrader.api import MissingEntry

        try:
            assignment = self._gb.find_assignment(unit)
        except MissingEntry:
            return None
        return sorted(n.name for n in assignment.notebooks)

    def unit_max_score(self, unit: str) -> float:
        return float(self._gb.find_assignment(unit).max_score)

    def scores(self, unit: str) -> dict[str, Score]:
        """learner -> Score of every graded submission of `unit` (one query)."""
        return {
            d["student"]: Score(
                learner=d["student"],
                unit=unit,
                score=float(d["score"]),
                max_score=float(d["max_score"]),
                code_score=float(d["code_score"]),
                max_code_score=float(d["max_code_score"]),
                needs_manual_grade=bool(d["needs_manual_grade"]),
            )
            for d in self._gb.submission_dicts(unit)
        }

    def score(self, unit: str, learner: str) -> Score | None:
        """One learner's Score of `unit`, or None when nbgrader has no submission."""
        from nbgrader.api import MissingEntry

        try:
            sub = self._gb.find_submission(unit, learner)
        except MissingEntry:
            return None
        return Score(
            learner=learner,
            unit=unit,
            score=float(sub.score),
            max_score=float(sub.max_score),
            code_score=float(sub.code_score),
            max_code_score=float(sub.max_code_score),
            needs_manual_grade=bool(sub.needs_manual_grade),
        )

    def awaiting_hand_grading(self) -> set[tuple[str, str]]:
        """(learner, unit) pairs whose submission still has answers to grade by hand."""
        return {
            (learner, unit)
            for unit in self.unit_ids()
            for learner, score in self.scores(unit).items()
            if score.needs_manual_grade
        }

    def cell_grades(self, unit: str) -> dict[str, list[tuple[str, float | None, bool]]]:
        """learner -> sorted (grade id, autograded points, needs a hand grade) of each graded
        cell of their submission of `unit`; an empty list for a student with none."""
        from nbgrader.api import MissingEntry

        out: dict[str, list[tuple[str, float | None, bool]]] = {}
        for student in self._gb.students:
            try:
                sub = self._gb.find_submission(unit, student.id)
            except MissingEntry:
                out[student.id] = []
                continue
            out[student.id] = sorted(
                (g.name, g.auto_score, g.needs_manual_grade)
                for nb in sub.notebooks
                for g in nb.grades
            )
        return out

    # -- answers graded by hand ------------------------------------------------------------

    def hand_grades(self, unit: str) -> list[HandGrade]:
        """Every answer graded by hand in the submissions of `unit` (three queries), sorted by
        learner, notebook and grade id."""
        from nbgrader.api import (
            Assignment,
            Comment,
            Grade,
            GradeCell,
            Notebook,
            SolutionCell,
            Student,
            SubmittedAssignment,
            SubmittedNotebook,
        )

        db = self._gb.db
        answers = {
            (notebook, name)
            for notebook, name in db.query(SolutionCell.notebook_id, SolutionCell.name)
            .join(Notebook, SolutionCell.notebook_id == Notebook.id)
            .join(Assignment, Notebook.assignment_id == Assignment.id)
            .filter(Assignment.name == unit)
        }
        comments = {
            (submitted, name): manual
            for submitted, name, manual in db.query(
                Comment.notebook_id, SolutionCell.name, Comment.manual_comment
            )
            .join(SolutionCell, Comment.cell_id == SolutionCell.id)
            .join(SubmittedNotebook, Comment.notebook_id == SubmittedNotebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .filter(Assignment.name == unit)
        }
        rows = (
            db.query(
                Student.id,
                Notebook.id,
                Notebook.name,
                SubmittedNotebook.id,
                GradeCell.name,
                GradeCell.max_score,
                Grade.auto_score,
                Grade.manual_score,
                Grade.needs_manual_grade,
            )
            .select_from(Grade)
            .join(GradeCell, Grade.cell_id == GradeCell.id)
            .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
            .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(Student, SubmittedAssignment.student_id == Student.id)
            .filter(Assignment.name == unit)
        )
        found = [
            HandGrade(
                learner=learner,
                unit=unit,
                notebook=notebook,
                grade_id=name,
                max_score=float(max_score),
                auto_score=None if auto is None else float(auto),
                manual_score=None if manual is None else float(manual),
                manual_comment=comments.get((submitted, name)),
                needs_manual_grade=bool(needs),
            )
            for learner, notebook_id, notebook, submitted, name, max_score, auto, manual, needs in (
                rows
            )
            if (notebook_id, name) in answers
        ]
        return sorted(found, key=lambda g: (g.learner, g.notebook, g.grade_id))

    def save_hand_grade(
        self,
        unit: str,
        notebook: str,
        learner: str,
        grade_id: str,
        score: float | None,
        comment: str | None,
    ) -> bool:
        """Save a facilitator's score (None: not graded yet) and comment of one answer, as
        formgrader saves them, in one transaction; False when there is no such answer."""
        from nbgrader.api import MissingEntry

        with self.transaction():
            try:
                grade = self._gb.find_grade(grade_id, notebook, unit, learner)
                remark = self._gb.find_comment(grade_id, notebook, unit, learner)
            except MissingEntry:
                return False
            grade.manual_score = score
            # What formgrader does: an answer without any score still needs a hand grade.
            grade.needs_manual_grade = score is None and grade.auto_score is None
            remark.manual_comment = comment
        return True

    # -- writing in bulk -------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """nbgrader's database session, committed at the end or rolled back on an error.

        For writers that make many rows at once (a synthetic cohort, a batch of grades): one
        commit instead of one per row. Use nbgrader's model classes (`nbgrader.api`).
        """
        db = self._gb.db
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise


@functools.cache
def alembic_head() -> str:
    """The newest schema version of nbgrader's gradebook: what nbgrader stamps a new gradebook
    with, read here from nbgrader's migrations instead of nbgrader's `alembic heads` subprocess
    (2 s of processor time for every new gradebook; nbgrader_ops.tools_on_path answers it)."""
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = AlembicConfig()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


def new_gradebook(db_file: Path) -> None:
    """An empty nbgrader gradebook at the newest schema, stamped as nbgrader stamps it, but
    without the `alembic` subprocess nbgrader starts for that (seconds on a busy machine)."""
    from nbgrader.api import Base
    from sqlalchemy import create_engine, text

    head = alembic_head()
    engine = create_engine(f"sqlite:///{db_file}")
    Base.metadata.create_all(bind=engine)
    with engine.begin() as db:
        db.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
    engine.dispose()


class RunGradebook:
    """The gradebook's one database connection for a grading run (`one_engine_for_nbgrader`).

    `transaction()` makes everything nbgrader's steps write inside it one transaction: one
    learner's save (its submission, every grade and comment, the late penalty) is committed
    at once, or not at all when a step fails. nbgrader's own commits inside it are savepoints.
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.begin():
            yield


@contextlib.contextmanager
def one_engine_for_nbgrader(db_url: str) -> Iterator[RunGradebook]:
    """While it lasts, every nbgrader `Gradebook` opened in this process on `db_url` shares one
    engine, and inside `RunGradebook.transaction()` one connection.

    nbgrader's Autograde opens the gradebook about eight times per submission, and each time
    made a new engine (its cache of compiled SQL empty), a new connection, and a commit (a
    write to disk) for almost every row: a save took most of a second. With one connection
    the SQL is compiled once per run, and inside `RunGradebook.transaction()` nbgrader's
    commits are savepoints of one transaction: one write to disk per learner. What is written
    does not change; each Gradebook still has its own session and closes it as before.
    Outside a transaction a Gradebook commits as nbgrader's always does.
    """
    import functools

    import nbgrader.api as nbgrader_api
    from sqlalchemy import create_engine, event, inspect

    engine = create_engine(db_url, echo=False, future=True)
    if engine.dialect.name == "sqlite":
        # Savepoints need SQLite's own transactions, not the sqlite3 module's guesses
        # (SQLAlchemy's documented recipe for pysqlite).
        @event.listens_for(engine, "connect")
        def _own_transactions(dbapi_connection, _record):
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN")

    connection = engine.connect()
    # nbgrader's Gradebook.close() disposes of "its engine": here the shared connection stays.
    connection.dispose = lambda *args, **kwargs: None
    original_engine, original_sessions = nbgrader_api.create_engine, nbgrader_api.sessionmaker

    def shared(url, *args, **kwargs):
        if str(url) != db_url:
            return original_engine(url, *args, **kwargs)
        # Inside a run's transaction: its connection; outside, the shared engine.
        return connection if connection.in_transaction() else engine

    def sessions(*args, bind=None, **kwargs):
        if bind is connection:  # nbgrader's commits are savepoints of the run's transaction
            kwargs["join_transaction_mode"] = "create_savepoint"
        return original_sessions(*args, bind=bind, **kwargs)

    metadata = nbgrader_api.Base.metadata
    # Each Gradebook checks every table of the schema when it opens; a gradebook that has
    # its tables keeps them while the run lasts (a new one is made as nbgrader makes it).
    tables_there = bool(inspect(engine).get_table_names())

    def create_all(*args, bind=None, **kwargs):
        if tables_there and (bind is connection or bind is engine):
            return None
        return type(metadata).create_all(metadata, *args, bind=bind, **kwargs)

    nbgrader_api.create_engine = shared
    nbgrader_api.sessionmaker = functools.wraps(original_sessions)(sessions)
    metadata.create_all = create_all
    try:
        yield RunGradebook(connection)
    finally:
        nbgrader_api.create_engine = original_engine
        nbgrader_api.sessionmaker = original_sessions
        del metadata.create_all
        if connection.in_transaction():
            connection.rollback()
        connection.close()
        engine.dispose()


@contextlib.contextmanager
def open_gradebook_at(db_url: str, course_id: str) -> Iterator[CourseGradebook]:
    """The gradebook at `db_url` (made when missing) for course `course_id`, closed after."""
    gb = CourseGradebook(db_url, course_id)
    try:
        yield gb
    finally:
        gb.close()


def gradebook_url(course_dir: Path) -> str:
    """Where a course folder keeps its gradebook (what the kit's nbgrader settings say)."""
    return f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"


@contextlib.contextmanager
def open_gradebook(course: Course | Path) -> Iterator[CourseGradebook]:
    """The gradebook of a course (a Course, or its folder: a clear error when it is not one)."""
    # The course folder's reader; imported here so that this module stays light.
    from digiculture.course.folder import open_course

    course = open_course(course)
    with open_gradebook_at(gradebook_url(course.folder), course.id) as gb:
        yield gb
