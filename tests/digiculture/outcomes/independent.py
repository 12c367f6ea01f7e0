"""The programme's figures computed independently: straight from the SQLite files, the
roster CSVs and workshop.csv, without the kit's readers."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from digiculture.settings import Settings

#: The pass mark (per cent of a unit's points): the setting's default.
PASS = 100 * Settings().unit_pass_mark


def attempts(store_file: Path) -> dict[str, list[dict]]:
    """Per learner code: the results of their attempts, oldest first, with cohort, institution."""
    db = sqlite3.connect(store_file)
    out: dict[str, list[dict]] = {}
    for learner, cohort, institution, role, result, answers in db.execute(
        "SELECT learner, cohort, institution, role, result, answers FROM attempts "
        "ORDER BY learner, taken_at, id"
    ):
        out.setdefault(learner, []).append(
            {
                "cohort": cohort,
                "institution": institution,
                "role": role,
                "result": json.loads(result),
                "answers": json.loads(answers),
            }
        )
    db.close()
    return out


def gradebook(course: Path) -> dict[str, dict[str, float | None]]:
    """Per learner: unit -> percent of the unit's points (None: submitted but not graded)."""
    db = sqlite3.connect(course / "gradebook.db")
    maxima = dict(
        db.execute(
            "SELECT a.name, SUM(g.max_score) FROM assignment a JOIN notebook n ON "
            "n.assignment_id = a.id JOIN base_cell b ON b.notebook_id = n.id JOIN grade_cells "
            "g ON g.id = b.id GROUP BY a.name"
        )
    )
    out: dict[str, dict[str, float | None]] = {}
    for student, unit, score in db.execute(
        "SELECT sa.student_id, a.name, SUM(COALESCE(gr.manual_score, gr.auto_score, 0)) FROM "
        "submitted_assignment sa JOIN assignment a ON a.id = sa.assignment_id JOIN "
        "submitted_notebook sn ON sn.assignment_id = sa.id JOIN grade gr ON gr.notebook_id = "
        "sn.id GROUP BY sa.id"
    ):
        graded = (course / "autograded" / student / unit / f"{unit}.ipynb").is_file()
        out.setdefault(student, {})[unit] = 100.0 * score / maxima[unit] if graded else None
    for student in (s for (s,) in db.execute("SELECT id FROM student")):
        out.setdefault(student, {})
    db.close()
    return out, sorted(maxima)


def roster(course: Path) -> dict[str, dict[str, str]]:
    with (course / "roster.csv").open(encoding="utf-8") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def workshop(cohorts_dir: Path) -> set[str]:
    with (cohorts_dir / "workshop.csv").open(encoding="utf-8") as fh:
        return {row["learner"] for row in csv.DictReader(fh)}


def completed(grades: dict[str, float | None], units: list[str]) -> bool:
    return all(grades.get(u) is not None and grades[u] >= PASS for u in units)
