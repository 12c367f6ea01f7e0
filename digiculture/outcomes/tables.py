"""The reports as tables of text (for the PDF, the HTML page and the dashboard) and CSV.

A count of 1 to 4 learners and a mean or share over fewer than 5 learners arrive here as
None and are written as "fewer than 5" or "–" (see `privacy`). The words are in the report's
language (`words`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from competence_profile import LEVEL_IDS
from competence_profile.spreadsheet import csv_writer
from digiculture.course.codes import COUNTRIES, COURSE_LANGUAGES, LANGUAGES, PROGRAMME_COUNTRIES
from digiculture.outcomes.privacy import MIN_GROUP
from digiculture.outcomes.programme import GroupRow, ProgrammeReport
from digiculture.outcomes.words import N_, Words

FEWER_THAN = N_("fewer than {n}")
FEWER = FEWER_THAN.format(n=MIN_GROUP)  # as an English report writes it
HIDDEN = "–"
#: The groups' names in English (the dashboard's language list reads them: language_check).
COUNTRY_NAMES = {
    **{code: COUNTRIES[code][0] for code in PROGRAMME_COUNTRIES},
    "other": N_("Other countries (combined)"),
    "unknown": N_("Not given"),
}
LANGUAGE_NAMES = {
    **{code: LANGUAGES[code] for code in COURSE_LANGUAGES},
    "other": N_("Other languages (combined)"),
    "unknown": N_("Not given"),
}


def country_name(code: str, _: Words) -> str:
    """A country (or a combined group) as the reader says it."""
    if code in ("other", "unknown"):
        return _(COUNTRY_NAMES[code])
    return _.country(code)


def language_name(code: str, _: Words) -> str:
    if code in ("other", "unknown"):
        return _(LANGUAGE_NAMES[code])
    return _.language(code)


def count(n: int | None, _: Words | None = None) -> str:
    return (_ or Words())(FEWER_THAN, n=MIN_GROUP) if n is None else str(n)


def cell(n: int | None) -> str:
    """A count under the small-cell rule (privacy.cell): '–' when hidden."""
    return HIDDEN if n is None else str(n)


def percent(x: float | None) -> str:
    return HIDDEN if x is None else f"{x:.0f} %"


def number(x: float | None, signed: bool = False, _: Words | None = None) -> str:
    if x is None:
        return HIDDEN
    return (_ or Words()).decimal(x, 1, signed=True) if signed else f"{x:.0f}"


@dataclass
class Table:
    key: str
    title: str
    explanation: str
    header: list[str]
    rows: list[list[str]]


def _groups(rows: list[GroupRow], name, _: Words) -> list[list[str]]:
    return [
        [
            name(r.group, _),
            count(r.people, _),
            cell(r.enrolled),
            cell(r.completed),
            percent(r.completed_percent),
            cell(r.assessed),
            cell(r.assessed_twice),
            number(r.mean_change, signed=True, _=_),
        ]
        for r in rows
    ]


GROUP_HEADER = [
    "",
    N_("people"),
    N_("enrolled"),
    N_("completed"),
    N_("completed %"),
    N_("assessed"),
    N_("twice"),
    N_("change"),
]


def programme_tables(report: ProgrammeReport) -> list[Table]:
    """Targets, selection, funnel, unit scores, change per area, by country, by language."""
    _ = Words(report.lang)
    pass_text = f"{report.pass_percent:g} %"
    group_header = [_(h) if h else h for h in GROUP_HEADER[1:]]
    tables = [
        Table(
            "targets",
            _("Reach against the programme's targets (all cohorts)"),
            _(
                "Reached: everyone who took the self-assessment or enrolled in a cohort, each "
                "person once. Completed: passed every unit of their course (at least {share} "
                "of a unit's points). Workshop: the participants listed in workshop.csv.",
                share=pass_text,
            ),
            ["", _("now"), _("target"), _("of target")],
            [
                [t.label, count(t.value, _), str(t.target), percent(t.percent)]
                for t in report.targets
            ],
        ),
        Table(
            "selection",
            _("This selection"),
            _(
                "Learners of the chosen cohorts and country. '–': not shown, because it is "
                "fewer than {n} or would give away a number of fewer than {n}.",
                n=MIN_GROUP,
            ),
            ["", _("learners")],
            [
                [_("People (self-assessed or enrolled)"), count(report.selection["people"], _)],
                [_("Enrolled in a cohort"), cell(report.selection["enrolled"])],
                [_("Completed the course"), cell(report.selection["completed"])],
                [_("Took the self-assessment"), cell(report.selection["assessed"])],
                [
                    _("Took it twice (first and latest compared)"),
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
            _("Unit completion funnel"),
            _(
                "Per unit, in learning order: learners enrolled, learners who handed it in, "
                "and learners who passed it (at least {share} of its points). '–': not shown, "
                "because it is fewer than {n} or would give away a number of fewer than {n} "
                "(57 of 60 handed in tells of 3 who did not).",
                share=pass_text,
                n=MIN_GROUP,
            ),
            [_("unit"), _("title"), _("enrolled"), _("handed in"), _("passed")],
            [
                [
                    s.unit.split("_", 1)[0],
                    s.title,
                    count(s.enrolled, _),
                    cell(s.handed_in),
                    cell(s.passed),
                ]
                for s in report.funnel
            ],
        ),
        Table(
            "unit_scores",
            _("Scores per unit"),
            _(
                "Over the graded submissions: the mean score as a share of the unit's points, "
                "and the share of graded learners who passed."
            ),
            [_("unit"), _("title"), _("graded"), _("mean score"), _("share passed")],
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
            _("Self-assessment: change per area"),
            _(
                "Learners who took the self-assessment at least twice: mean area score (0-100) "
                "at the first and the latest attempt, the change, and the share who rose at "
                "least one level."
            ),
            [_("area"), _("learners"), _("first"), _("latest"), _("change"), _("rose a level")],
            [
                [
                    f"{c.area} {c.title}",
                    count(c.learners, _),
                    number(c.pre),
                    number(c.post),
                    number(c.change, signed=True, _=_),
                    percent(c.level_up_percent),
                ]
                for c in report.changes
            ],
        ),
        Table(
            "by_country",
            _("By country"),
            _(
                "Countries with fewer than {n} people are combined (and the next smallest with "
                "them, until the combined group has at least {n}); '–' as in the funnel. "
                "Assessed: took the self-assessment; twice: at least twice; change: mean change "
                "in points over all areas, first to latest self-assessment.",
                n=MIN_GROUP,
            ),
            [_("country"), *group_header],
            _groups(report.by_country, country_name, _),
        ),
        Table(
            "by_language",
            _("By language"),
            _(
                "The language a learner wants to learn in (roster, or the self-assessment's "
                "'about you' page). Small groups are combined as for countries."
            ),
            [_("language"), *group_header],
            _groups(report.by_language, language_name, _),
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
    _ = Words(report.lang)
    levels = list(LEVEL_IDS)
    # In a small institution every count per level is hidden: leave those columns out.
    if not any(a.levels[lv] for a in report.areas for lv in levels):
        levels = []
    hidden = _("'–': not shown, so that no one can be recognised (see the note on privacy).")
    explanation = _(
        "{staff} staff took the self-assessment (their latest attempt counts). Target: each "
        "person's role target.",
        staff=report.staff,
    )
    if levels:
        explanation += " " + _("L1-L4: how many staff are at each level.")
    tables = [
        Table(
            "areas",
            _("Where the staff stand, area by area"),
            explanation + " " + hidden,
            [
                _("area"),
                _("mean score"),
                _("typical level"),
                _("at target"),
                _("below target"),
                *levels,
            ],
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
            _("Priority areas and the units that close them"),
            _(
                "Areas where at least a quarter of the staff are below their role's target, "
                "largest share first (at most three). Units in the order to take them, with "
                "the units they build on."
            ),
            [
                _("area"),
                _("below target"),
                _("from → to"),
                _("units"),
                _("hours per person"),
                _("staff hours"),
            ],
            [
                [
                    f"{p.area} {p.title}",
                    percent(p.below_target_percent),
                    f"{p.current_level} → {p.target_level}",
                    "; ".join(
                        _(
                            "{unit} {title} ({minutes} min)",
                            unit=s.unit.split("_", 1)[0],
                            title=s.title,
                            minutes=s.minutes,
                        )
                        for s in p.units
                    ),
                    _.decimal(p.hours_per_person),
                    HIDDEN if p.staff_hours is None else _.decimal(p.staff_hours),
                ]
                for p in report.priorities
            ],
        ),
        Table(
            "statements",
            _("The institution, as its staff see it"),
            _(
                "Mean agreement of the staff with each statement (1 Not at all, 2 A little, "
                "3 Mostly, 4 Fully)."
            ),
            [_("statement"), _("mean"), _("typical answer")],
            [[s.text, _.decimal(s.mean), s.answer] for s in report.statements],
        ),
        Table(
            "plan",
            _("12-month development plan"),
            _(
                "One priority area at a time; review each step on its date with a new round of "
                "the self-assessment."
            ),
            [
                _("area"),
                _("when"),
                _("now"),
                _("target"),
                _("actions"),
                _("indicators"),
                _("review"),
            ],
            [
                [
                    f"{p.area} {p.title}",
                    p.period,
                    p.current,
                    p.target,
                    "\n".join(f"• {a}" for a in p.actions),
                    "\n".join(f"• {i}" for i in p.indicators),
                    _.date(p.review),
                ]
                for p in report.plan
            ],
        ),
    ]
    return tables
