"""The course's gradebook as one row per learner and unit, for a spreadsheet or a report.

Columns: `learner, unit, score, max_score, status, reason`.

- `graded`: nbgrader has a graded submission (score is autograded plus hand-graded points so
  far); the reason lists what a facilitator should know (reflection answers still to grade
  in formgrader, repairs and limits from the grading run, a newer submission waiting);
- `failed`: the last grading run could not grade the submission; the reason says why and
  what to do;
- `missing`: nothing graded: nothing handed in, or handed in and not graded yet.

Learners come from the gradebook and the course's roster (a folder under `submitted/` with
another name is not a learner: `digiculture grade` lists it as refused); units
from the gradebook's assignments (the units released in the course).
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from pathlib import Path

from competence_profile.spreadsheet import csv_writer
from digiculture.course.folder import open_course
from digiculture.course.gradebook import open_gradebook
from digiculture.course.gradebook_export import NOTHING_HANDED_IN
from digiculture.course.gradebook_export import LongRow as Row
from digiculture.course.roster import course_learner_ids, load_course_roster
from digiculture.grading.records import fingerprint, load_records
from digiculture.grading.runs import run_is_active

FIELDS = ("learner", "unit", "score", "max_score", "status", "reason")
FORMATS = ("csv", "json")


def gradebook_rows(course_dir: Path) -> list[Row]:
    """Every learner with every unit of the course, in unit order then learner order."""
    course = open_course(course_dir)
    course_dir = course.folder
    order = course.units
    rows: list[Row] = []
    with open_gradebook(course_dir) as gb:
        units = sorted(
            gb.unit_ids(), key=lambda u: (order.index(u) if u in order else len(order), u)
        )
        # Only the course's learners: a folder under submitted/ is not a learner by its name.
        learners = course_learner_ids(course_dir)
        submitted = course.step_folder("submitted")
        autograded = course.step_folder("autograded")
        active = run_is_active(course_dir)
        for unit in units:
            records = load_records(course_dir, unit)
            maximum = gb.unit_max_score(unit)
            scores = gb.scores(unit)  # one query for the unit, not one per learner
            for learner in sorted(learners):
                live = submitted / learner / unit
                record = records.get(learner)
                sub = scores.get(learner)
                # nbgrader's graded notebooks (a unit of the kit has one, named like it; an
                # assignment of another course may have several).
                graded_folder = autograded / learner / unit
                graded = (graded_folder / f"{unit}.ipynb").is_file() or (
                    graded_folder.is_dir() and any(graded_folder.glob("*.ipynb"))
                )
                waiting = (
                    live.is_dir()
                    and record is not None
                    and record.fingerprint
                    and fingerprint(live) != record.fingerprint
                )
                newer = ["a newer submission is waiting to be graded"] if waiting else []
                if record is not None and record.status == "grading":
                    # Marked when a run collected it; a run that was stopped leaves it so.
                    if active:
                        newer = ["being graded now"]
                    else:
                        newer = [
                            "a grading run was stopped before it finished this submission: "
                            f"run `digiculture grade {unit}` again"
                        ]
                    record = None
                if record is not None and record.status == "failed":
                    earlier = []
                    if sub is not None and graded:
                        earlier = [
                            f"nbgrader still holds the grade of an earlier submission "
                            f"({float(sub.score):g} of {float(sub.max_score):g})"
                        ]
                    reason = _join([record.reason, *earlier, *newer])
                    rows.append(Row(learner, unit, None, maximum, "failed", reason))
                elif sub is not None and graded:
                    notes = list(record.notes) if record else []
                    if sub.needs_manual_grade:
                        notes.insert(0, "answers still to grade by hand in formgrader")
                    rows.append(
                        Row(
                            learner,
                            unit,
                            float(sub.score),
                            float(sub.max_score),
                            "graded",
                            _join([*notes, *newer]),
                        )
                    )
                elif sub is not None:
                    reason = "nbgrader could not grade this submission: run `digiculture grade`"
                    rows.append(Row(learner, unit, None, maximum, "failed", reason))
                elif live.is_dir():
                    reason = (
                        newer[0]
                        if newer
                        else (f"handed in, not graded yet: run `digiculture grade {unit}`")
                    )
                    rows.append(Row(learner, unit, None, maximum, "missing", reason))
                else:
                    rows.append(Row(learner, unit, None, maximum, "missing", NOTHING_HANDED_IN))
    return rows


def _join(parts: list[str]) -> str:
    return "; ".join(p for p in parts if p)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def render(rows: list[Row], fmt: str) -> str:
    """The rows as CSV (a header line, then one line per row) or as a JSON list."""
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in rows:
        writer.writerow(
            [r.learner, r.unit, _number(r.score), _number(r.max_score), r.status, r.reason]
        )
    return out.getvalue()


def course_wide_gradebook(course_dir: Path, pass_mark: float, lang: str | None = None):
    """The course's wide gradebook (`course.gradebook_export.WideGradebook`): one row per
    learner (name, country, language), one column per unit, texts in `lang` (default: the
    course's). What `digiculture gradebook --wide` and the facilitator's console show."""
    from digiculture.course.gradebook_export import wide_gradebook

    course = open_course(course_dir)
    rows = gradebook_rows(course.folder)
    with open_gradebook(course.folder) as gb:
        names = {s.id: s.name for s in gb.students()}
    return wide_gradebook(
        rows,
        load_course_roster(course.folder),
        names,
        pass_mark=pass_mark,
        lang=lang or course.language,
        unit_order=course.units,
    )
