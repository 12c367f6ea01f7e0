"""The cohort's roster: learners from a CSV file into the course's nbgrader gradebook.

The CSV file has one learner a line and these columns (named in the first line, in any
order; other columns are ignored):

| column        | what it holds                                                          |
|---------------|------------------------------------------------------------------------|
| `id`          | the learner's id on the course's JupyterHub: letters, digits, `.`, `_`, `-` |
| `name`        | the learner's name                                                     |
| `email`       | an e-mail address (may be empty)                                       |
| `country`     | ISO 3166 two-letter code of an EU/EEA country (DE, IT, HR, GR, PT, CY)  |
| `language`    | the learner's language, an ISO 639-1 code (en, de, it, hr, el, pt, ...) |
| `institution` | the museum, library, archive or gallery they work for                  |

A roster with a mistake is never half-imported: `read_roster` returns every problem, one per
line (file, line, column, what to do), and `import_roster` then imports nothing. Learners
go into nbgrader's gradebook (id, first and last name, e-mail) in one transaction; the whole
line, with country, language and institution, is kept in the course's `roster.csv`.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from competence_profile.problems import Problem
from competence_profile.spreadsheet import csv_dict_writer
from digiculture import csv_rows
from digiculture.mentoring.codes import COUNTRIES, COUNTRY_HINTS, LANGUAGE_HINTS, LANGUAGES

COLUMNS: tuple[str, ...] = ("id", "name", "email", "country", "language", "institution")
ROSTER_FILE = "roster.csv"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Learner:
    id: str
    name: str
    email: str
    country: str
    language: str
    institution: str

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def last_name(self) -> str:
        parts = self.name.split(" ", 1)
        return parts[1] if len(parts) > 1 else ""


def read_roster(path: Path, label: str | None = None) -> tuple[list[Learner], list[Problem]]:
    """The learners in `path`, or no learners and one problem per mistake."""
    label = label or str(path)
    text, problems = csv_rows.read_text(path, label)
    if text is None:
        return [], problems
    return parse_roster(text, label)


def parse_roster(text: str, label: str = "roster.csv") -> tuple[list[Learner], list[Problem]]:
    """Like `read_roster`, from the text of the CSV file."""
    table, problems = csv_rows.parse_rows(
        text,
        label,
        COLUMNS,
        empty_hint=f"the first line must name the columns {','.join(COLUMNS)}",
        semicolon_hint="save the file as CSV with commas between the columns (in Excel: CSV "
        "UTF-8 (comma delimited))",
    )
    if table is None:
        return [], problems
    problems = csv_rows.missing_columns(table, COLUMNS, label, ",".join(COLUMNS))
    if problems:
        return [], problems
    learners: list[Learner] = []
    ids = csv_rows.UniqueIds(label, "id")
    for row in table.rows:
        if row.problem:
            problems.append(row.problem)
            continue
        learner = _check_row(row.cells, row.line, label, problems)
        if learner is None:
            continue
        duplicate = ids.seen(learner.id, row.line)
        if duplicate:
            problems.append(duplicate)
            continue
        learners.append(learner)
    if not problems and not learners:
        problems.append(Problem(label, "", "has no learners: add one line per learner"))
    return ([], problems) if problems else (learners, [])


def _check_row(cells: dict[str, str], line: int, label: str, problems: list[Problem]):
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(label, f"line {line}, column {column}", message))

    learner_id = cells["id"]
    if not learner_id:
        bad("id", "is empty: give the learner the id they log in with (for example de-001)")
    elif not _ID.match(learner_id):
        bad(
            "id",
            f"'{learner_id}' is not a usable id: use letters, digits, '.', '_' and '-' only "
            "(no spaces), at most 64, starting with a letter or digit",
        )
    if not cells["name"]:
        bad("name", "is empty: write the learner's name")
    email = cells["email"]
    if email and not _EMAIL.match(email):
        bad("email", f"'{email}' is not an e-mail address: write it like name@museum.eu")
    country = cells["country"].upper()
    if not country:
        bad("country", "is empty: write the country code (DE, IT, HR, GR, PT, CY, ...)")
    elif country not in COUNTRIES:
        hint = COUNTRY_HINTS.get(country, "")
        bad(
            "country",
            f"unknown country code '{cells['country']}'{f' ({hint})' if hint else ''}: use the "
            "ISO 3166 two-letter code of an EU/EEA country (DE, IT, HR, GR, PT, CY, ...)",
        )
    language = cells["language"].lower()
    if not language:
        bad("language", "is empty: write the learner's language (en, de, it, hr, el, pt, ...)")
    elif any(sep in language for sep in ";, /"):
        bad(
            "language",
            f"'{cells['language']}' holds several codes: write one, the language the learner "
            "prefers (for example de)",
        )
    elif language not in LANGUAGES:
        hint = LANGUAGE_HINTS.get(language, "")
        bad(
            "language",
            f"unknown language code '{cells['language']}'{f' ({hint})' if hint else ''}: use "
            "an ISO 639-1 two-letter code such as en, de, it, hr, el, pt",
        )
    if not cells["institution"]:
        bad("institution", "is empty: write the institution the learner works for")
    if len(problems) > before:
        return None
    return Learner(
        id=learner_id,
        name=" ".join(cells["name"].split()),
        email=email,
        country=country,
        language=language,
        institution=" ".join(cells["institution"].split()),
    )


def load_course_roster(course_dir: Path) -> dict[str, Learner]:
    """The learners imported into a course so far (from its roster.csv)."""
    path = Path(course_dir) / ROSTER_FILE
    if not path.is_file():
        return {}
    learners, _ = read_roster(path)
    return {learner.id: learner for learner in learners}


def is_learner_id(name: str) -> bool:
    """Whether `name` has the form of a learner's id (what a roster's `id` column allows)."""
    return bool(_ID.match(name))


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
    from digiculture.course.gradebook import StudentRow, open_gradebook
    from digiculture.grading.cohort import require_course

    require_course(course_dir)  # checks that it is a course first
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
    _write_roster(Path(course_dir) / ROSTER_FILE, list(kept.values()))
    return learners, []


def _write_roster(path: Path, learners: list[Learner]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".roster.", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = csv_dict_writer(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        for learner in sorted(learners, key=lambda x: x.id):
            writer.writerow(asdict(learner))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
