"""The kit's one `Learner` and one roster reader; the cohort's roster file.

Every roster of the kit is a spreadsheet with one learner a line, saved as CSV (`,` or `;`
between the columns, any common encoding) or as an Excel workbook (.xlsx): the cohort's
(`digiculture roster import`, the hub's `add-learners`) and the mentoring one (`digiculture
mentoring`, `digiculture workshop`). They share one `Learner` type (the fields a roster does
not have stay empty), one id rule (`is_learner_id`), one way to check a country, a language
and the mentoring columns, and one reader (`parse_learners`, files read by
`digiculture.csv_rows`): every problem on its own line with the line number and the column,
nothing read when there is one (`check_learners` also gives the good lines, for a preview
and for importing only those). Cells the kit wrote neutralised against formulas
(competence_profile.spreadsheet) read back as given.

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

It may also carry the mentoring roster's columns (one roster for the course, mentoring and the
workshop), each optional and checked when given: `languages` (other languages the learner
works in, separated by `;`), `role`, `institution_type`, `wants`, `capacity`, `timezone` and
the levels `P1` .. `P6` (see `digiculture.mentoring.roster`). The course keeps these in its
`roster.csv` too (`load_course_roster`), so that `digiculture mentoring match
<course>/roster.csv` works on the course's own roster.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from competence_profile.model import LEVEL_IDS
from competence_profile.problems import Problem
from competence_profile.spreadsheet import csv_dict_writer
from digiculture import csv_rows
from digiculture.course.codes import COUNTRIES, COUNTRY_HINTS, LANGUAGE_HINTS, LANGUAGES

Wants = Literal["mentor", "mentee", "both"]

COLUMNS: tuple[str, ...] = ("id", "name", "email", "country", "language", "institution")
#: The mentoring columns a cohort's roster may carry (the levels P1..P6 come after them).
MENTORING_COLUMNS: tuple[str, ...] = (
    "languages",
    "role",
    "institution_type",
    "wants",
    "capacity",
    "timezone",
)
WANTS: tuple[str, ...] = ("mentor", "mentee", "both")
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
    #: (area id, level id) pairs the roster gives, e.g. (("P1", "L2"), ...); empty if none.
    levels: tuple[tuple[str, str], ...] = ()

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


def check_mentoring(
    cells: dict[str, str],
    bad: Bad,
    role_ids: Sequence[str],
    area_ids: Sequence[str],
    *,
    required: bool,
) -> dict[str, object]:
    """The mentoring fields of one roster line (`role`, `institution_type`, `wants`,
    `capacity`, `timezone`, `levels`), checked; `bad` hears of each mistake.

    `required`: the mentoring roster needs role, institution type and wants on every line; in
    a cohort's roster an empty cell (or a missing column) just means "not given".
    """
    out: dict[str, object] = {}
    raw_role = cells.get("role", "")
    role = raw_role.lower()
    if (required or role) and role not in role_ids:
        shown = f"unknown role '{raw_role}'" if role else "is empty"
        bad("role", f"{shown}: use one of the profile's roles: {', '.join(role_ids)}")
    out["role"] = role

    institution_type = " ".join(cells.get("institution_type", "").lower().split())
    if required and not institution_type:
        bad("institution_type", "is empty: write museum, library, archive, gallery, ...")
    out["institution_type"] = institution_type

    raw_wants = cells.get("wants", "")
    wants = raw_wants.lower()
    if (required or wants) and wants not in WANTS:
        shown = f"'{raw_wants}' is not a choice" if wants else "is empty"
        bad("wants", f"{shown}: write mentor, mentee or both")
    out["wants"] = wants

    capacity = 1
    raw_capacity = cells.get("capacity", "")
    if raw_capacity:
        if re.fullmatch(r"\d+", raw_capacity):
            capacity = int(raw_capacity)
        elif re.fullmatch(r"-\d+", raw_capacity):
            bad(
                "capacity",
                f"'{raw_capacity}' is below 0: write how many mentees this mentor "
                "takes (0 or more), or leave it empty for 1",
            )
        else:
            bad(
                "capacity",
                f"'{raw_capacity}' is not a whole number: write how many mentees "
                "this mentor takes (for example 1 or 2), or leave it empty for 1",
            )
    out["capacity"] = capacity

    timezone = cells.get("timezone", "")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            bad(
                "timezone",
                f"unknown time zone '{timezone}': use an IANA name such as "
                "Atlantic/Azores, or leave it empty for the country's time zone",
            )
    out["timezone"] = timezone

    levels: list[tuple[str, str]] = []
    for area in area_ids:
        if area not in cells:
            continue
        level = cells[area].upper()
        if level not in LEVEL_IDS and (required or level):
            shown = f"'{cells[area]}' is not a level" if level else "is empty"
            bad(area, f"{shown}: write L1, L2, L3 or L4")
        if level:
            levels.append((area, level))
    out["levels"] = tuple(levels)
    return out


@dataclass
class LearnerCheck:
    """What reading a roster found: the learners of the good lines, a problem per mistake,
    and whether the file as a whole could be read (`readable`: False when the header or the
    file itself is wrong, so that no line can be trusted)."""

    learners: list[Learner] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    how: str = ""
    #: The lines with a problem (the ones a partial import leaves out).
    bad_lines: set[int] = field(default_factory=set)


def check_learners(
    source: str | csv_rows.Sheet,
    label: str,
    *,
    columns: Iterable[str],
    required: Sequence[str],
    listing: str,
    id_column: str,
    empty_hint: str,
    check_row: Callable[[dict[str, str], int, Bad], Learner | None],
    check_header: Callable[[csv_rows.CsvRows], list[Problem]] | None = None,
    semicolon_hint: str = "",
) -> LearnerCheck:
    """Every learner of the good lines of a roster and one problem per mistake.

    `columns` are the ones read (matched without regard to case), `required` the ones it must
    have (`listing` names them in the problem); `check_header` adds problems of the first
    line. `check_row(cells, line, bad)` makes one line's Learner, or calls `bad` and returns
    None. An id given twice, a line that cannot be read and a roster without learners are
    problems.
    """
    table, problems = csv_rows.parse_rows(source, label, columns, empty_hint=empty_hint)
    if table is None:
        return LearnerCheck(problems=problems, readable=False)
    problems = csv_rows.missing_columns(table, required, label, listing)
    if check_header is not None:
        problems += check_header(table)
    if problems:
        return LearnerCheck(problems=problems, readable=False, how=table.how)
    result = LearnerCheck(how=table.how)
    ids = csv_rows.UniqueIds(label, id_column)
    for row in table.rows:
        if row.problem:
            result.problems.append(row.problem)
            result.bad_lines.add(row.line)
            continue
        before = len(result.problems)

        def bad(column: str, message: str, line: int = row.line) -> None:
            result.problems.append(Problem(label, f"line {line}, column {column}", message))

        learner = check_row(row.cells, row.line, bad)
        if learner is None or len(result.problems) > before:
            result.bad_lines.add(row.line)
            continue
        duplicate = ids.seen(learner.id, row.line)
        if duplicate:
            result.problems.append(duplicate)
            result.bad_lines.add(row.line)
            continue
        result.learners.append(learner)
    if not result.problems and not result.learners:
        result.problems.append(Problem(label, "", "has no learners: add one line per learner"))
        result.readable = False
    return result


def parse_learners(
    source: str | csv_rows.Sheet, label: str, **kwargs
) -> tuple[list[Learner], list[Problem]]:
    """The learners of a roster (`check_learners`), or none and one problem per mistake."""
    found = check_learners(source, label, **kwargs)
    return ([], found.problems) if found.problems else (found.learners, [])


# --------------------------------------------------------------------------------------
# The cohort's roster


@cache
def _profile_ids() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(role ids, area ids) of the competence profile, for the mentoring columns."""
    from competence_profile import load_profile

    profile = load_profile()
    return tuple(r.id for r in profile.roles), tuple(profile.area_ids)


def roster_columns() -> tuple[str, ...]:
    """Every column a cohort's roster may have: the required ones, then the optional ones."""
    return (*COLUMNS, *MENTORING_COLUMNS, *_profile_ids()[1])


def check_roster(path: Path, label: str | None = None, encoding: str | None = None) -> LearnerCheck:
    """Everything `read_roster` finds in a cohort's roster file, the good lines included."""
    label = label or str(path)
    sheet, problems = csv_rows.read_sheet(Path(path), label, roster_columns(), encoding)
    if sheet is None:
        return LearnerCheck(problems=problems, readable=False)
    return _check_cohort(sheet, label)


def read_roster(
    path: Path, label: str | None = None, encoding: str | None = None
) -> tuple[list[Learner], list[Problem]]:
    """The learners of a cohort's roster in `path` (CSV or .xlsx), or no learners and one
    problem per mistake."""
    found = check_roster(path, label, encoding)
    return ([], found.problems) if found.problems else (found.learners, [])


def parse_roster(text: str, label: str = "roster.csv") -> tuple[list[Learner], list[Problem]]:
    """Like `read_roster`, from the text of the CSV file."""
    found = _check_cohort(text, label)
    return ([], found.problems) if found.problems else (found.learners, [])


def _check_cohort(source: str | csv_rows.Sheet, label: str) -> LearnerCheck:
    role_ids, area_ids = _profile_ids()
    return check_learners(
        source,
        label,
        columns=roster_columns(),
        required=COLUMNS,
        listing=",".join(COLUMNS),
        id_column="id",
        empty_hint=f"the first line must name the columns {','.join(COLUMNS)}",
        check_row=lambda cells, line, bad: _cohort_learner(cells, line, bad, role_ids, area_ids),
    )


def _cohort_learner(
    cells: dict[str, str],
    line: int,
    bad: Bad,
    role_ids: Sequence[str] = (),
    area_ids: Sequence[str] = (),
) -> Learner | None:
    check_id(cells["id"], "id", bad)
    name = check_name(cells["name"], "name", bad)
    email = cells["email"]
    if email and not _EMAIL.match(email):
        bad("email", f"'{email}' is not an e-mail address: write it like name@museum.eu")
    country = check_country(cells["country"], "country", bad)
    languages = check_languages(cells["language"], "language", bad, several=False)
    if cells.get("languages", "").replace(";", "").strip():
        spoken = check_languages(cells["languages"], "languages", bad, several=True)
        languages = tuple(dict.fromkeys((*languages, *spoken)))
    if not cells["institution"]:
        bad("institution", "is empty: write the institution the learner works for")
    mentoring = check_mentoring(cells, bad, role_ids, area_ids, required=False)
    return Learner(
        id=cells["id"],
        name=name,
        country=country,
        languages=languages,
        email=email,
        institution=" ".join(cells["institution"].split()),
        line=line,
        **mentoring,  # type: ignore[arg-type]  (checked in check_mentoring)
    )


def load_course_roster(course_dir: Path) -> dict[str, Learner]:
    """The learners imported into a course so far (from its roster.csv)."""
    path = Path(course_dir) / ROSTER_FILE
    if not path.is_file():
        return {}
    learners, _ = read_roster(path)
    return {learner.id: learner for learner in learners}


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


def roster_row(learner: Learner, columns: Sequence[str]) -> dict[str, object]:
    """The cells of one learner's line in a cohort's roster, for these columns."""
    levels = dict(learner.levels)
    row: dict[str, object] = {}
    for column in columns:
        if column == "languages":
            row[column] = ";".join(learner.languages[1:])
        elif column == "capacity":
            row[column] = learner.capacity if learner.wants else ""
        elif column in COLUMNS or column in MENTORING_COLUMNS:
            row[column] = getattr(learner, column)
        else:
            row[column] = levels.get(column, "")
    return row


def write_course_roster(course_dir: Path, learners: Iterable[Learner]) -> None:
    """The course's roster.csv with these learners (by id), neutralised against formulas,
    replaced in one step. The mentoring columns are written when a learner has them."""
    learners = sorted(learners, key=lambda x: x.id)
    area_ids = _profile_ids()[1]
    columns = list(COLUMNS)
    for column in (*MENTORING_COLUMNS, *area_ids):
        probe = {"languages": lambda x: len(x.languages) > 1, "capacity": lambda x: x.wants}
        has = probe.get(column, lambda x, c=column: roster_row(x, [c])[c])
        if any(has(learner) for learner in learners):
            columns.append(column)
    path = Path(course_dir) / ROSTER_FILE
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".roster.", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        writer = csv_dict_writer(fh, fieldnames=columns)
        writer.writeheader()
        for learner in learners:
            writer.writerow(roster_row(learner, columns))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
