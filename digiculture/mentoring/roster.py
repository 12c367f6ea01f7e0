"""The mentoring roster: a CSV file with one learner a line, read and checked.

Columns (the header names the columns; their order does not matter, other columns are ignored):

| column             | what it holds                                                       |
|--------------------|---------------------------------------------------------------------|
| `learner_id`       | a short id without spaces, unique in the roster                     |
| `name`             | the learner's name as the facilitator writes it                     |
| `country`          | ISO 3166 two-letter code of an EU/EEA country (DE, IT, HR, GR, ...) |
| `languages`        | ISO 639-1 codes separated by `;`, most preferred first (`en;de`)    |
| `role`             | a role id of the competence profile (`front_of_house`, `director`)  |
| `institution_type` | museum, library, archive, gallery, ... (free text)                  |
| `wants`            | `mentor`, `mentee` or `both`                                        |
| `capacity`         | optional: how many mentees a mentor takes (empty means 1)           |
| `timezone`         | optional: an IANA time zone when not the country's (`Atlantic/Azores`) |
| `P1` .. `P6`       | the learner's level in each area of the profile, `L1` .. `L4`       |

The course's own roster (`<course>/roster.csv`, columns `id`, `name`, `email`, `country`,
`language`, `institution`) is a mentoring roster too when it carries these columns: `id` is
read as `learner_id`, `language` (then `languages`) as the languages. One roster serves the
course, mentoring and the workshop.

A roster with mistakes is never half-read: `read_roster` returns every problem, one per
line, with the line number and the column, and no roster. The learners are the kit's one
`Learner` (`digiculture.course.roster`), read by its one roster reader with the same id rule
and country and language checks as the cohort's roster; the mentoring columns are checked
here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from competence_profile import Problem, Profile
from digiculture import csv_rows
from digiculture.course.roster import (
    WANTS,
    Bad,
    Learner,
    check_country,
    check_id,
    check_languages,
    check_mentoring,
    check_name,
    parse_learners,
)

#: Columns every roster needs, in the order the docs list them.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "learner_id",
    "name",
    "country",
    "languages",
    "role",
    "institution_type",
    "wants",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("capacity", "timezone")
#: A cohort's roster (`digiculture.course.roster`) names the id and the language so; its
#: e-mail and institution are kept.
COHORT_NAMES: dict[str, str] = {"learner_id": "id", "languages": "language"}
COHORT_EXTRA: tuple[str, ...] = ("id", "language", "email", "institution")
__all__ = ["WANTS", "Roster", "read_roster", "parse_roster"]

#: Levels of one learner: area id -> level id, e.g. {"P1": "L2", "P2": "L1", ...}.
AreaLevels = Mapping[str, str]


@dataclass(frozen=True)
class Roster:
    """The learners of a roster and, when it has the P1..P6 columns, their levels."""

    source: str
    learners: tuple[Learner, ...]
    levels: dict[str, dict[str, str]] | None = None

    def learner(self, learner_id: str) -> Learner:
        for learner in self.learners:
            if learner.id == learner_id:
                return learner
        raise KeyError(learner_id)

    def by_id(self) -> dict[str, Learner]:
        return {learner.id: learner for learner in self.learners}


def read_roster(
    path: Path, profile: Profile, *, levels_required: bool = True, label: str | None = None
) -> tuple[Roster | None, list[Problem]]:
    """The checked roster in `path`, or None and one problem per mistake.

    `levels_required`: the P1..P6 columns must be there (True until levels can come from the
    self-assessment results store). `label` names the file in problems (default: the path).
    """
    label = label or str(path)
    known = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *COHORT_EXTRA, *profile.area_ids)
    sheet, problems = csv_rows.read_sheet(path, label, known)
    if sheet is None:
        return None, problems
    return parse_roster(sheet, profile, label=label, levels_required=levels_required)


def parse_roster(
    text: str | csv_rows.Sheet,
    profile: Profile,
    *,
    label: str = "roster.csv",
    levels_required: bool = True,
) -> tuple[Roster | None, list[Problem]]:
    """Like `read_roster`, from the text of the CSV file."""
    area_ids = profile.area_ids
    role_ids = [r.id for r in profile.roles]
    levels: dict[str, dict[str, str]] = {}
    has_levels = False

    def check_header(table: csv_rows.CsvRows) -> list[Problem]:
        nonlocal has_levels
        missing = [
            Problem(
                label,
                "line 1",
                f"column '{name}' is missing: add it to the first line (a cohort's roster may "
                f"call it '{COHORT_NAMES[name]}')",
            )
            for name in ("learner_id", "languages")
            if name not in table.columns and COHORT_NAMES[name] not in table.columns
        ]
        has_levels = any(a in table.columns for a in area_ids)
        if levels_required and not has_levels:
            return missing + [
                Problem(
                    label,
                    "line 1",
                    f"the level columns {area_ids[0]}..{area_ids[-1]} are missing: add one "
                    "column per area with each learner's level (L1..L4), or take the levels "
                    "from the self-assessment with --results",
                )
            ]
        return missing + [
            Problem(
                label,
                "line 1",
                f"level column '{area}' is missing: add it (every area "
                f"{area_ids[0]}..{area_ids[-1]} needs a column)",
            )
            for area in (area_ids if has_levels else [])
            if area not in table.columns
        ]

    def check_row(cells: dict[str, str], line: int, bad: Bad) -> Learner | None:
        learner, learner_levels = _check_row(
            cells, line, role_ids, area_ids if has_levels else [], bad
        )
        if learner is not None and has_levels:
            levels[learner.id] = learner_levels
        return learner

    learners, problems = parse_learners(
        text,
        label,
        columns=(*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *COHORT_EXTRA, *area_ids),
        required=[c for c in REQUIRED_COLUMNS if c not in COHORT_NAMES],
        listing=f"{', '.join(REQUIRED_COLUMNS)}, optional capacity and timezone, and "
        f"{area_ids[0]}..{area_ids[-1]}",
        id_column="learner_id",
        empty_hint="the first line must name the columns",
        check_row=check_row,
        check_header=check_header,
    )
    if problems:
        return None, problems
    return Roster(label, tuple(learners), levels if has_levels else None), []


def _check_row(
    cells: dict[str, str],
    line: int,
    role_ids: list[str],
    area_ids: Iterable[str],
    bad: Bad,
) -> tuple[Learner, dict[str, str]]:
    """One roster line as a Learner and its levels; `bad` hears of each mistake.

    A cohort's roster names the id `id` and the preferred language `language` (its other
    languages in `languages`); the mentoring roster names them `learner_id` and `languages`.
    """
    id_column = "learner_id" if "learner_id" in cells else "id"
    check_id(cells[id_column], id_column, bad)
    name = check_name(cells["name"], "name", bad)
    country = check_country(cells["country"], "country", bad)
    languages: tuple[str, ...] = ()
    if "language" in cells:
        languages = check_languages(cells["language"], "language", bad, several=False)
    if "languages" in cells and (not languages or cells["languages"].replace(";", "").strip()):
        spoken = check_languages(cells["languages"], "languages", bad, several=True)
        languages = tuple(dict.fromkeys((*languages, *spoken)))
    mentoring = check_mentoring(cells, bad, role_ids, list(area_ids), required=True)
    learner = Learner(
        id=cells[id_column],
        name=name,
        country=country,
        languages=languages,
        email=cells.get("email", ""),
        institution=" ".join(cells.get("institution", "").split()),
        line=line,
        **mentoring,  # type: ignore[arg-type]  (checked in check_mentoring)
    )
    return learner, dict(learner.levels)
