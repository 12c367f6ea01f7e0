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

A roster with mistakes is never half-read: `read_roster` returns every problem, one per
line, with the line number and the column, and no roster. The learners are the kit's one
`Learner` (`digiculture.course.roster`), read by its one roster reader with the same id rule
and country and language checks as the cohort's roster; the mentoring columns are checked
here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from competence_profile import LEVEL_IDS, Problem, Profile
from digiculture import csv_rows
from digiculture.course.roster import (
    Bad,
    Learner,
    check_country,
    check_id,
    check_languages,
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
WANTS: tuple[str, ...] = ("mentor", "mentee", "both")

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
    text, problems = csv_rows.read_text(path, label)
    if text is None:
        return None, problems
    return parse_roster(text, profile, label=label, levels_required=levels_required)


def parse_roster(
    text: str, profile: Profile, *, label: str = "roster.csv", levels_required: bool = True
) -> tuple[Roster | None, list[Problem]]:
    """Like `read_roster`, from the text of the CSV file."""
    area_ids = profile.area_ids
    role_ids = [r.id for r in profile.roles]
    levels: dict[str, dict[str, str]] = {}
    has_levels = False

    def check_header(table: csv_rows.CsvRows) -> list[Problem]:
        nonlocal has_levels
        has_levels = any(a in table.columns for a in area_ids)
        if levels_required and not has_levels:
            return [
                Problem(
                    label,
                    "line 1",
                    f"the level columns {area_ids[0]}..{area_ids[-1]} are missing: add one "
                    "column per area with each learner's level (L1..L4)",
                )
            ]
        return [
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
        columns=(*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *area_ids),
        required=REQUIRED_COLUMNS,
        listing=f"{', '.join(REQUIRED_COLUMNS)}, optional capacity and timezone, and "
        f"{area_ids[0]}..{area_ids[-1]}",
        id_column="learner_id",
        empty_hint="the first line must name the columns",
        semicolon_hint="save the file as CSV with commas between columns (the languages "
        "inside one cell are the ones separated by ';')",
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
    """One roster line as a Learner and its levels; `bad` hears of each mistake."""
    check_id(cells["learner_id"], "learner_id", bad)
    name = check_name(cells["name"], "name", bad)
    country = check_country(cells["country"], "country", bad)
    languages = check_languages(cells["languages"], "languages", bad, several=True)

    role = cells["role"].lower()
    if role not in role_ids:
        shown = f"unknown role '{cells['role']}'" if role else "is empty"
        bad("role", f"{shown}: use one of the profile's roles: {', '.join(role_ids)}")

    institution_type = " ".join(cells["institution_type"].lower().split())
    if not institution_type:
        bad("institution_type", "is empty: write museum, library, archive, gallery, ...")

    wants = cells["wants"].lower()
    if wants not in WANTS:
        shown = f"'{cells['wants']}' is not a choice" if wants else "is empty"
        bad("wants", f"{shown}: write mentor, mentee or both")

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

    levels: dict[str, str] = {}
    for area in area_ids:
        level = cells[area].upper()
        if level not in LEVEL_IDS:
            shown = f"'{cells[area]}' is not a level" if level else "is empty"
            bad(area, f"{shown}: write L1, L2, L3 or L4")
        levels[area] = level

    learner = Learner(
        id=cells["learner_id"],
        name=name,
        country=country,
        languages=tuple(languages),
        role=role,
        institution_type=institution_type,
        wants=wants,  # type: ignore[arg-type]  (checked against WANTS above)
        capacity=capacity,
        timezone=timezone,
        line=line,
    )
    return learner, levels
