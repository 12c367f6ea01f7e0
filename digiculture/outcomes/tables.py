"""The reports as tables of text (for the PDF, the HTML page and the dashboard) and CSV.

A count of 1 to 4 learners and a mean or share over fewer than 5 learners arrive here as
None and are written as "fewer than 5" or "–" (see `privacy`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from competence_profile import LEVEL_IDS
from competence_profile.spreadsheet import csv_writer
from digiculture.course.codes import COUNTRIES, COURSE_LANGUAGES, LANGUAGES, PROGRAMME_COUNTRIES
from digiculture.outcomes.privacy import MIN_GROUP
from digiculture.outcomes.programme import GroupRow, ProgrammeReport

FEWER = f"fewer than {MIN_GROUP}"
HIDDEN = "–"
COUNTRY_NAMES = {
    **{code: COUNTRIES[code][0] for code in PROGRAMME_COUNTRIES},
    "other": "Other countries (combined)",
    "unknown": "Not given",
}
LANGUAGE_NAMES = {
    **{code: LANGUAGES[code] for code in COURSE_LANGUAGES},
    "other": "Other languages (combined)",
    "unknown": "Not given",
}


def count(n: int | None) -> str:
    return FEWER if n is None else str(n)


def cell(n: int | None) -> str:
    """A count under the small-cell rule (privacy.cell): '–' when hidden."""
    return HIDDEN if n is None else str(n)


def percent(x: float | None) -> str:
    return HIDDEN if x is None else f"{x:.0f} %"


def number(x: float | None, signed: bool = False) -> str:
    if x is None:
        return HIDDEN
    return f"{x:+.1f}" if signed else f"{x:.0f}"


@dataclass
class Table:
    key: str
    title: str
    explanation: str
    header: list[str]
    rows: list[list[str]]


def _groups(rows: list[GroupRow], names: dict[str, str]) -> list[list[str]]:
    return [
        [
            names.get(r.group, r.group),
            count(r.people),
            cell(r.enrolled),
            cell(r.completed),
            percent(r.completed_percent),
            cell(r.assessed),
            cell(r.assessed_twice),
            number(r.mean_change, signed=True),
        ]
        for r in rows
    ]


GROUP_HEADER = [
    "",
    "people",
    "enrolled",
    "completed",
    "completed %",
    "assessed",
    "twice",
    "change",
]


def programme_tables(report: ProgrammeReport) -> list[Table]:
    """Targets, selection, funnel, unit scores, change per area, by country, by language."""
    pass_text = f"{report.pass_percent:g} %"
    tables = [
        Table(
            "targets",
            "Reach against the programme's targets (all cohorts)",
            "Reached: everyone who took the self-assessment or enrolled in a cohort, each "
            f"person once. Completed: passed every unit of their course (at least {pass_text} "
            "of a unit's points). Workshop: the participants listed in workshop.csv.",
            ["", "now", "target", "of target"],
            [[t.label, count(t.value), str(t.target), percent(t.percent)] for t in report.targets],
        ),
        Table(
            "selection",
            "This selection",
            f"Learners of the chosen cohorts and country. '–': not shown, because it is fewer "
            f"than {MIN_GROUP} or would give away a number of fewer than {MIN_GROUP}.",
            ["", "learners"],
            [
                ["People (self-assessed or enrolled)", count(report.selection["people"])],
                ["Enrolled in a cohort", cell(report.selection["enrolled"])],
                ["Completed the course", cell(report.selection["completed"])],
                ["Took the self-assessment", cell(report.selection["assessed"])],
                [
                    "Took it twice (first and latest compared)",
                    cell(report.selection["assessed_twice"]),
                ],
            ],
        ),
    ]
    if report.too_small:
        return tables
    tables += [
        Table(
            "funnel",
            "Unit completion funnel",
            f"Per unit, in learning order: learners enrolled, learners who handed it in, and "
            f"learners who passed it (at least {pass_text} of its points). '–': not shown, "
            f"because it is fewer than {MIN_GROUP} or would give away a number of fewer than "
            f"{MIN_GROUP} (57 of 60 handed in tells of 3 who did not).",
            ["unit", "title", "enrolled", "handed in", "passed"],
            [
                [
                    s.unit.split("_", 1)[0],
                    s.title,
                    count(s.enrolled),
                    cell(s.handed_in),
                    cell(s.passed),
                ]
                for s in report.funnel
            ],
        ),
        Table(
            "unit_scores",
            "Scores per unit",
            "Over the graded submissions: the mean score as a share of the unit's points, and "
            "the share of graded learners who passed.",
            ["unit", "title", "graded", "mean score", "share passed"],
            [
                [
                    s.unit.split("_", 1)[0],
                    s.title,
                    cell(s.graded),
                    percent(s.mean_percent),
                    percent(s.passed_percent),
                ]
                for s in report.unit_scores
            ],
        ),
        Table(
            "changes",
            "Self-assessment: change per area",
            "Learners who took the self-assessment at least twice: mean area score (0-100) at "
            "the first and the latest attempt, the change, and the share who rose at least one "
            "level.",
            ["area", "learners", "first", "latest", "change", "rose a level"],
            [
                [
                    f"{c.area} {c.title}",
                    count(c.learners),
                    number(c.pre),
                    number(c.post),
                    number(c.change, signed=True),
                    percent(c.level_up_percent),
                ]
                for c in report.changes
            ],
        ),
        Table(
            "by_country",
            "By country",
            f"Countries with fewer than {MIN_GROUP} people are combined (and the next smallest "
            f"with them, until the combined group has at least {MIN_GROUP}); '–' as in the "
            "funnel. Assessed: took "
            "the self-assessment; twice: at least twice; change: mean change in points over "
            "all areas, first to latest self-assessment.",
            ["country", *GROUP_HEADER[1:]],
            _groups(report.by_country, COUNTRY_NAMES),
        ),
        Table(
            "by_language",
            "By language",
            "The language a learner wants to learn in (roster, or the self-assessment's "
            "'about you' page). Small groups are combined as for countries.",
            ["language", *GROUP_HEADER[1:]],
            _groups(report.by_language, LANGUAGE_NAMES),
        ),
    ]
    return tables


def to_csv(tables: list[Table]) -> str:
    """All tables in one CSV file: section, row, column, value (one value a line)."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["section", "row", "column", "value"])
    for t in tables:
        for row in t.rows:
            for column, value in zip(t.header[1:], row[1:], strict=True):
                writer.writerow([t.title, row[0], column, value])
    return out.getvalue()


def institution_tables(report) -> list[Table]:
    """The institution report's tables: areas, priorities and units, statements, plan."""
    levels = list(LEVEL_IDS)
    # In a small institution every count per level is hidden: leave those columns out.
    if not any(a.levels[lv] for a in report.areas for lv in levels):
        levels = []
    hidden = " '–': not shown, so that no one can be recognised (see the note on privacy)."
    tables = [
        Table(
            "areas",
            "Where the staff stand, area by area",
            f"{report.staff} staff took the self-assessment (their latest attempt counts). "
            "Target: each person's role target."
            + (" L1-L4: how many staff are at each level." if levels else "")
            + hidden,
            ["area", "mean score", "typical level", "at target", "below target", *levels],
            [
                [
                    f"{a.area} {a.title}",
                    number(a.mean_score),
                    a.median_level,
                    percent(a.at_target_percent),
                    cell(a.below_target),
                    *[cell(a.levels[lv]) for lv in levels],
                ]
                for a in report.areas
            ],
        ),
        Table(
            "priorities",
            "Priority areas and the units that close them",
            "Areas where at least a quarter of the staff are below their role's target, "
            "largest share first (at most three). Units in the order to take them, with the "
            "units they build on.",
            ["area", "below target", "from → to", "units", "hours per person", "staff hours"],
            [
                [
                    f"{p.area} {p.title}",
                    percent(p.below_target_percent),
                    f"{p.current_level} → {p.target_level}",
                    "; ".join(
                        f"{s.unit.split('_', 1)[0]} {s.title} ({s.minutes} min)" for s in p.units
                    ),
                    f"{p.hours_per_person:.1f}",
                    HIDDEN if p.staff_hours is None else f"{p.staff_hours:.1f}",
                ]
                for p in report.priorities
            ],
        ),
        Table(
            "statements",
            "The institution, as its staff see it",
            "Mean agreement of the staff with each statement (1 Not at all, 2 A little, "
            "3 Mostly, 4 Fully).",
            ["statement", "mean", "typical answer"],
            [[s.text, f"{s.mean:.1f}", s.answer] for s in report.statements],
        ),
        Table(
            "plan",
            "12-month development plan",
            "One priority area at a time; review each step on its date with a new round of the "
            "self-assessment.",
            ["area", "when", "now", "target", "actions", "indicators", "review"],
            [
                [
                    f"{p.area} {p.title}",
                    p.period,
                    p.current,
                    p.target,
                    "\n".join(f"• {a}" for a in p.actions),
                    "\n".join(f"• {i}" for i in p.indicators),
                    p.review,
                ]
                for p in report.plan
            ],
        ),
    ]
    return tables
