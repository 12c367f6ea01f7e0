"""The kit's one `Learner` and one roster reader; the cohort's roster file.

Every roster of the kit is a spreadsheet saved as CSV with one learner a line: the cohort's
(`digiculture roster import`, the hub's `add-learners`) and the mentoring one (`digiculture
mentor`, `digiculture workshop`). They share one `Learner` type (the fields a roster does not
have stay empty), one id rule (`is_learner_id`), one way to check a country and a language,
and one reader (`parse_learners`): UTF-8 with or without a byte-order mark, every problem on
its own line with the line number and the column, nothing read when there is one. Cells the
kit wrote neutralised against formulas (competence_profile.spreadsheet) read back as given.

The cohort's roster has these columns (named in the first line, in any order; other columns
are ignored):

| column        | what it holds                                                          |
|---------------|------------------------------------------------------------------------|
| `id`          | the learner's id on the course's JupyterHub: letters, digits, `.`, `_`, `-` |
| `name`        | the learner's name                                                     |
| `email`       | an e-mail address (may be empty)                                       |
| `country`     | ISO 3166 two-letter code of an EU/EEA country (DE, IT, HR, GR, PT, CY)  |
| `language`    | the learner's language, an ISO 639-1 code (en, de, it, hr, el, pt, ...) |
| `institution` | the museum, library, archive or gallery they work for                  |

The course keeps the whole line of each imported learner in its `roster.csv`
(`load_course_roster`); the mentoring roster's own columns are in `digiculture.mentoring.roster`.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from competence_profile.problems import Problem
from competence_profile.spreadsheet import csv_dict_writer
from digiculture import csv_rows
from digiculture.course.codes import COUNTRIES, COUNTRY_HINTS, LANGUAGE_HINTS, LANGUAGES

Wants = Literal["mentor", "mentee", "both"]

COLUMNS: tuple[str, ...] = ("id", "name", "email", "country", "language", "institution")
ROSTER_FILE = "roster.csv"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Learner:
    """One learner of a roster, checked and normalised (codes in their usual case).

    `languages`: most preferred first. The mentoring fields (`role`, `institution_type`,
    `wants`, `capacity`, `timezone`) are empty in a cohort's roster, `email` and
    `institution` in a mentoring one. `line`: where the learner is in the roster file.
    """

    id: str
    name: str
    country: str
    languages: tuple[str, ...]
    email: str = ""
    institution: str = ""
    role: str = ""
    institution_type: str = ""
    wants: Wants | Literal[""] = ""
    capacity: int = 1
    timezone: str = ""
    line: int = 0

    @property
    def language(self) -> str:
        """The language the learner prefers."""
        return self.languages[0] if self.languages else ""

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def last_name(self) -> str:
        parts = self.name.split(" ", 1)
        return parts[1] if len(parts) > 1 else ""

    @property
    def offers_mentoring(self) -> bool:
        return self.wants in ("mentor", "both")

    @property
    def seeks_mentoring(self) -> bool:
        return self.wants in ("mentee", "both")

    @property
    def zone(self) -> str:
        """The learner's IANA time zone: their own if given, else their country's."""
        return self.timezone or COUNTRIES[self.country][1]


#: Reports one problem of the line being checked: bad(column, message).
Bad = Callable[[str, str], None]


def is_learner_id(name: str) -> bool:
    """Whether `name` has the form of a learner's id: letters, digits, '.', '_' and '-', at
    most 64, starting with a letter or digit (it becomes a folder and a user name)."""
    return bool(_ID.match(name))


def check_id(value: str, column: str, bad: Bad) -> None:
    if not value:
        bad(column, "is empty: give the learner the id they log in with (for example de-001)")
    elif not is_learner_id(value):
        what = "contains a space" if any(c.isspace() for c in value) else "is not a usable id"
        bad(
            column,
            f"'{value}' {what}: use letters, digits, '.', '_' and '-' only (no spaces), at "
            "most 64, starting with a letter or digit",
        )


def check_name(value: str, column: str, bad: Bad) -> str:
    if not value:
        bad(column, "is empty: write the learner's name")
    return " ".join(value.split())


def check_country(value: str, column: str, bad: Bad) -> str:
    """The country code in upper case; a problem when it is empty or not an EU/EEA code."""
    country = value.upper()
    if not country:
        bad(column, "is empty: write the learner's country code (DE, IT, HR, GR, PT, CY, ...)")
    elif country not in COUNTRIES:
        _unknown_code(
            bad,
            column,
            f"country code '{value}'",
            COUNTRY_HINTS.get(country, ""),
            "use the ISO 3166 two-letter code of an EU/EEA country (DE, IT, HR, GR, PT, CY, ...)",
        )
    return country


def _unknown_code(bad: Bad, column: str, what: str, hint: str, advice: str) -> None:
    bad(column, f"unknown {what}{f' ({hint})' if hint else ''}: {advice}")


def check_languages(value: str, column: str, bad: Bad, *, several: bool) -> tuple[str, ...]:
    """The language codes in a cell, in lower case and in their order, without repeats.

    `several`: the cell lists codes separated by ';' (the mentoring roster); else it holds one.
    """
    if several:
        empty = "list the languages the learner works in, separated by ';' (for example en;de)"
        mixed = "separate the codes with ';' (for example en;de)"
    else:
        empty = "write the learner's language (en, de, it, hr, el, pt, ...)"
        mixed = "write one, the language the learner prefers (for example de)"
    if not value.replace(";", "").strip():
        bad(column, f"is empty: {empty}")
        return ()
    codes: list[str] = []
    for part in value.split(";") if several else [value]:
        code, shown = part.strip().lower(), part.strip()
        if not code:
            continue
        if any(sep in code for sep in ";, /"):
            bad(column, f"'{shown}' holds several codes: {mixed}")
        elif code not in LANGUAGES:
            _unknown_code(
                bad,
                column,
                f"language code '{shown}'",
                LANGUAGE_HINTS.get(code, ""),
                "use ISO 639-1 two-letter codes such as en, de, it, hr, el, pt, fr, es",
            )
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def parse_learners(
    text: str,
    label: str,
    *,
    columns: Iterable[str],
    required: Sequence[str],
    listing: str,
    id_column: str,
    empty_hint: str,
    semicolon_hint: str,
    check_row: Callable[[dict[str, str], int, Bad], Learner | None],
    check_header: Callable[[csv_rows.CsvRows], list[Problem]] | None = None,
) -> tuple[list[Learner], list[Problem]]:
    """The learners of a roster's text, or none and one problem per mistake.

    `columns` are the ones read (matched without regard to case), `required` the ones it must
    have (`listing` names them in the problem); `check_header` adds problems of the first
    line. `check_row(cells, line, bad)` makes one line's Learner, or calls `bad` and returns
    None. An id given twice, a line that is not CSV and a roster without learners are problems.
    """
    table, problems = csv_rows.parse_rows(
        text, label, columns, empty_hint=empty_hint, semicolon_hint=semicolon_hint
    )
    if table is None:
        return [], problems
    problems = csv_rows.missing_columns(table, required, label, listing)
    if check_header is not None:
        problems += check_header(table)
    if problems:
        return [], problems
    learners: list[Learner] = []
    ids = csv_rows.UniqueIds(label, id_column)
    for row in table.rows:
        if row.problem:
            problems.append(row.problem)
            continue
        before = len(problems)

        def bad(column: str, message: str, line: int = row.line) -> None:
            problems.append(Problem(label, f"line {line}, column {column}", message))

        learner = check_row(row.cells, row.line, bad)
        if learner is None or len(problems) > before:
            continue
        duplicate = ids.seen(learner.id, row.line)
        if duplicate:
            problems.append(duplicate)
            continue
        learners.append(learner)
    if not problems and not learners:
        problems.append(Problem(label, "", "has no learners: add one line per learner"))
    return ([], problems) if problems else (learners, [])


# --------------------------------------------------------------------------------------
# The cohort's roster


def read_roster(path: Path, label: str | None = None) -> tuple[list[Learner], list[Problem]]:
    """The learners of a cohort's roster in `path`, or no learners and one problem per
    mistake."""
    label = label or str(path)
    text, problems = csv_rows.read_text(path, label)
    if text is None:
        return [], problems
    return parse_roster(text, label)


def parse_roster(text: str, label: str = "roster.csv") -> tuple[list[Learner], list[Problem]]:
    """Like `read_roster`, from the text of the CSV file."""
    return parse_learners(
        text,
        label,
        columns=COLUMNS,
        required=COLUMNS,
        listing=",".join(COLUMNS),
        id_column="id",
        empty_hint=f"the first line must name the columns {','.join(COLUMNS)}",
        semicolon_hint="save the file as CSV with commas between the columns (in Excel: CSV "
        "UTF-8 (comma delimited))",
        check_row=_cohort_learner,
    )


def _cohort_learner(cells: dict[str, str], line: int, bad: Bad) -> Learner | None:
    check_id(cells["id"], "id", bad)
    name = check_name(cells["name"], "name", bad)
    email = cells["email"]
    if email and not _EMAIL.match(email):
        bad("email", f"'{email}' is not an e-mail address: write it like name@museum.eu")
    country = check_country(cells["country"], "country", bad)
    languages = check_languages(cells["language"], "language", bad, several=False)
    if not cells["institution"]:
        bad("institution", "is empty: write the institution the learner works for")
    return Learner(
        id=cells["id"],
        name=name,
        country=country,
        languages=languages,
        email=email,
        institution=" ".join(cells["institution"].split()),
        line=line,
    )


def load_course_roster(course_dir: Path) -> dict[str, Learner]:
    """The learners imported into a course so far (from its roster.csv)."""
    path = Path(course_dir) / ROSTER_FILE
    if not path.is_file():
        return {}
    learners, _ = read_roster(path)
    return {learner.id: learner for learner in learners}


def write_course_roster(course_dir: Path, learners: Iterable[Learner]) -> None:
    """The course's roster.csv with these learners (by id), neutralised against formulas,
    replaced in one step."""
    path = Path(course_dir) / ROSTER_FILE
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".roster.", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = csv_dict_writer(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        for learner in sorted(learners, key=lambda x: x.id):
            writer.writerow({column: getattr(learner, column) for column in COLUMNS})
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
