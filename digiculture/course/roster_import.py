"""Importing a cohort's roster into its course: a preview of every problem first, then all
the learners, or (when the facilitator chooses so) only those of the good lines.

    preview = preview_roster(Path("roster.xlsx"))   # nothing is written
    preview.problem_rows()                           # line, column, what is wrong, how to fix
    result = import_roster(course_dir, Path("roster.xlsx"), good_rows=True)

The file is read by `digiculture.course.roster.check_roster` (CSV with `,` or `;`, any common
encoding, or .xlsx). A roster with a problem imports nothing, unless `good_rows` is asked for
and the file itself is readable (its first line names the columns): then the learners of the
good lines are imported and the others are listed, so that nothing is lost. Learners go into
nbgrader's gradebook (id, first and last name, e-mail) in one transaction through the one
gradebook gateway; the whole line, with country, language, institution and the mentoring
columns, is kept in the course's `roster.csv`. Learners already in the course and not in the
file stay. This is what `digiculture roster import` and a web console call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from competence_profile.problems import Problem
from digiculture.course.roster import (
    Learner,
    LearnerCheck,
    check_roster,
    load_course_roster,
    write_course_roster,
)

_WHERE = re.compile(r"^line (\d+)(?:, column (.+))?$")


@dataclass(frozen=True)
class ProblemRow:
    """One problem of a roster, split for a table: line (0: the whole file), column, what is
    wrong, and how to fix it (empty when the sentence does not say it separately)."""

    line: int
    column: str
    what: str
    fix: str


def split_fix(message: str) -> tuple[str, str]:
    """'what is wrong: how to fix it' split at its first ': ' outside quotes and brackets."""
    depth, quoted = 0, False
    for i, char in enumerate(message):
        if char == "'" and (i == 0 or not message[i - 1].isalnum()) or (char == "'" and quoted):
            quoted = not quoted
        elif char in "([" and not quoted:
            depth += 1
        elif char in ")]" and not quoted:
            depth = max(0, depth - 1)
        elif message.startswith(": ", i) and depth == 0 and not quoted:
            return message[:i], message[i + 2 :]
    return message, ""


def problem_row(problem: Problem, lang: str | None = None) -> ProblemRow:
    """One problem for a table, said in `lang` where the kit has its translation."""
    from digiculture.course.facilitator_texts import translate_problem

    match = _WHERE.match(problem.where)
    line = int(match.group(1)) if match else 0
    column = (match.group(2) or "") if match else ""
    what, fix = split_fix(translate_problem(problem.message, lang))
    return ProblemRow(line, column, what, fix)


@dataclass
class RosterPreview:
    """What importing a roster file would do; nothing is written to make it."""

    source: Path
    check: LearnerCheck

    @property
    def learners(self) -> list[Learner]:
        """The learners of the good lines."""
        return self.check.learners

    @property
    def problems(self) -> list[Problem]:
        return self.check.problems

    @property
    def how(self) -> str:
        """How the file was read ('CSV, Windows-1252 (Western European), ';' between ...')."""
        return self.check.how

    @property
    def can_import_good_rows(self) -> bool:
        """Whether the good lines can be imported alone (the file itself is readable)."""
        return self.check.readable and bool(self.check.learners)

    def problem_rows(self, lang: str | None = None) -> list[ProblemRow]:
        """Every problem as line, column, what is wrong and how to fix it, in `lang`."""
        return [problem_row(p, lang) for p in self.problems]

    def names_to_check(self, most: int = 8) -> list[str]:
        """Names with letters beyond ASCII, for the facilitator to see they read right."""
        return [x.name for x in self.learners if not x.name.isascii()][:most]


@dataclass
class ImportResult:
    preview: RosterPreview
    imported: list[Learner] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)  # lines with a problem, not imported

    @property
    def done(self) -> bool:
        return bool(self.imported)

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the file (nothing was imported when there are, unless only the
        good lines were asked for)."""
        return self.preview.problems


def preview_roster(path: Path, encoding: str | None = None) -> RosterPreview:
    """Every problem of a roster file, and the learners it holds; nothing is written."""
    path = Path(path)
    return RosterPreview(path, check_roster(path, path.name, encoding))


def add_learners(course_dir: Path, learners: Iterable[Learner]) -> None:
    """Add or update these learners in the course's gradebook and its roster.csv."""
    from digiculture.course.gradebook import StudentRow, open_gradebook

    learners = list(learners)
    with open_gradebook(course_dir) as gb:
        gb.add_students(StudentRow(x.id, x.first_name, x.last_name, x.email) for x in learners)
    kept = load_course_roster(course_dir)
    kept.update({x.id: x for x in learners})
    write_course_roster(course_dir, kept.values())


def import_roster(
    course_dir: Path, path: Path, *, good_rows: bool = False, encoding: str | None = None
) -> ImportResult:
    """Import a roster file into the course (see the module doc); `result.done` says whether
    anything was imported."""
    from digiculture.course.folder import open_course

    course = open_course(course_dir)  # checks that it is a course first
    preview = preview_roster(path, encoding)
    result = ImportResult(preview)
    if preview.problems and not (good_rows and preview.can_import_good_rows):
        return result
    add_learners(course.folder, preview.learners)
    result.imported = list(preview.learners)
    result.left_out = sorted(preview.check.bad_lines)
    return result
