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
line, with the line number and the column, and no roster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from competence_profile import LEVEL_IDS, Problem, Profile
from digiculture import csv_rows
from digiculture.course.codes import COUNTRIES, COUNTRY_HINTS, LANGUAGE_HINTS, LANGUAGES

Wants = Literal["mentor", "mentee", "both"]

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
_ID = re.compile(r"^\S+$")

#: Levels of one learner: area id -> level id, e.g. {"P1": "L2", "P2": "L1", ...}.
AreaLevels = Mapping[str, str]


@dataclass(frozen=True)
class Learner:
    """One line of the roster, checked and normalised (codes in their usual case)."""

    learner_id: str
    name: str
    country: str
    languages: tuple[str, ...]
    role: str
    institution_type: str
    wants: Wants
    capacity: int = 1
    timezone: str = ""
    line: int = 0

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


@dataclass(frozen=True)
class Roster:
    """The learners of a roster and, when it has the P1..P6 columns, their levels."""

    source: str
    learners: tuple[Learner, ...]
    levels: dict[str, dict[str, str]] | None = None

    def learner(self, learner_id: str) -> Learner:
        for learner in self.learners:
            if learner.learner_id == learner_id:
                return learner
        raise KeyError(learner_id)

    def by_id(self) -> dict[str, Learner]:
        return {learner.learner_id: learner for learner in self.learners}


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
    table, problems = csv_rows.parse_rows(
        text,
        label,
        (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *area_ids),
        empty_hint="the first line must name the columns",
        semicolon_hint="save the file as CSV with commas between columns (the languages "
        "inside one cell are the ones separated by ';')",
    )
    if table is None:
        return None, problems
    position = table.columns
    problems = csv_rows.missing_columns(
        table,
        REQUIRED_COLUMNS,
        label,
        f"{', '.join(REQUIRED_COLUMNS)}, optional capacity and timezone, and "
        f"{area_ids[0]}..{area_ids[-1]}",
    )
    present_areas = [a for a in area_ids if a in position]
    has_levels = bool(present_areas)
    if levels_required and not has_levels:
        problems.append(
            Problem(
                label,
                "line 1",
                f"the level columns {area_ids[0]}..{area_ids[-1]} are missing: add one column "
                "per area with each learner's level (L1..L4)",
            )
        )
    elif has_levels:
        for area in area_ids:
            if area not in position:
                problems.append(
                    Problem(
                        label,
                        "line 1",
                        f"level column '{area}' is missing: add it (every area "
                        f"{area_ids[0]}..{area_ids[-1]} needs a column)",
                    )
                )
    if problems:
        return None, problems

    role_ids = [r.id for r in profile.roles]
    learners: list[Learner] = []
    levels: dict[str, dict[str, str]] = {}
    ids = csv_rows.UniqueIds(label, "learner_id")
    for row in table.rows:
        if row.problem:
            problems.append(row.problem)
            continue
        learner, learner_levels = _check_row(
            row.cells, row.line, label, role_ids, area_ids if has_levels else [], problems
        )
        if learner is None:
            continue
        duplicate = ids.seen(learner.learner_id, row.line)
        if duplicate:
            problems.append(duplicate)
            continue
        learners.append(learner)
        if has_levels:
            levels[learner.learner_id] = learner_levels
    if not problems and not learners:
        problems.append(Problem(label, "", "has no learners: add one line per learner"))
    if problems:
        return None, problems
    return Roster(label, tuple(learners), levels if has_levels else None), []


def _check_row(
    cells: dict[str, str],
    line: int,
    label: str,
    role_ids: list[str],
    area_ids: Iterable[str],
    problems: list[Problem],
) -> tuple[Learner | None, dict[str, str]]:
    """One roster line as a Learner, or None after adding its problems."""
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(label, f"line {line}, column {column}", message))

    learner_id = cells["learner_id"]
    if not learner_id:
        bad("learner_id", "is empty: give the learner a short id (for example de-001)")
    elif not _ID.match(learner_id):
        bad("learner_id", f"'{learner_id}' contains a space: use an id without spaces")
    name = cells["name"]
    if not name:
        bad("name", "is empty: write the learner's name")

    country = cells["country"].upper()
    if not country:
        bad("country", "is empty: write the learner's country code (DE, IT, HR, GR, PT, CY, ...)")
    elif country not in COUNTRIES:
        hint = COUNTRY_HINTS.get(country, "")
        hint = f" ({hint})" if hint else ""
        bad(
            "country",
            f"unknown country code '{cells['country']}'{hint}: use the ISO 3166 two-letter code "
            "of an EU/EEA country (DE, IT, HR, GR, PT, CY, ...)",
        )

    languages: list[str] = []
    raw_languages = cells["languages"]
    if not raw_languages.replace(";", "").strip():
        bad(
            "languages",
            "is empty: list the languages the learner works in, separated by ';' "
            "(for example en;de)",
        )
    for part in raw_languages.split(";"):
        code = part.strip().lower()
        if not code:
            continue
        if "," in code or " " in code or "/" in code:
            bad(
                "languages",
                f"'{part.strip()}' holds several codes: separate the codes with ';' "
                "(for example en;de)",
            )
        elif code not in LANGUAGES:
            hint = LANGUAGE_HINTS.get(code, "")
            hint = f" ({hint})" if hint else ""
            bad(
                "languages",
                f"unknown language code '{part.strip()}'{hint}: use ISO 639-1 "
                "two-letter codes such as en, de, it, hr, el, pt, fr, es",
            )
        elif code not in languages:
            languages.append(code)

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

    if len(problems) > before:
        return None, levels
    learner = Learner(
        learner_id=learner_id,
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
