"""HTML feedback for each graded learner of a unit, with nbgrader's generate_feedback.

The feedback page is the learner's graded notebook with their score per exercise and the
facilitator's comments: `feedback/<learner>/<unit>/<unit>.html`. Generate it after the
hand grading of the reflection answers in formgrader (it shows the scores at that moment;
run it again after more grading).

Language: the page is in the language of the learner's notebook, which is the course's (a
language section is one course in its language, `digiculture course init --lang`): the
checks' messages (written by the learner's kernel while grading) and the page's own headings
(the kit's feedback template, `digiculture.course.nbgrader_settings`).
`FeedbackReport.not_in_language` lists learners whose roster asks for another language than
their course's.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from digiculture.course.folder import open_course
from digiculture.course.roster import load_course_roster
from digiculture.grading.records import load_records


@dataclass
class FeedbackReport:
    unit: str
    pages: dict[str, Path] = field(default_factory=dict)
    #: learner -> why there is no page (not graded, failed, nbgrader error)
    skipped: dict[str, str] = field(default_factory=dict)
    #: learner -> the language they asked for, where the page is in English instead
    not_in_language: dict[str, str] = field(default_factory=dict)


def unit_languages(course_dir: Path, unit_id: str) -> list[str]:
    """The language the unit's learner version is in, in this course (a language section's
    course is in its language: `digiculture course init --lang`)."""
    import json

    from digiculture.translations.nbgrader_words import notebook_language

    release = Path(course_dir) / "release" / unit_id / f"{unit_id}.ipynb"
    try:
        return [notebook_language(json.loads(release.read_text(encoding="utf-8")))]
    except (OSError, ValueError):
        return ["en"]


def generate_feedback(
    course_dir: Path, unit_id: str, progress: Callable[[str], None] | None = None
) -> FeedbackReport:
    """nbgrader generate_feedback for every learner with a graded submission of the unit."""
    course = open_course(course_dir)
    course.require_unit(unit_id)
    api = course.api()
    folder = course.folder
    report = FeedbackReport(unit_id)
    graded_root = folder / "autograded"
    roster = load_course_roster(folder)
    default_lang = course.language
    available = unit_languages(folder, unit_id)
    records = load_records(folder, unit_id)
    learners = (
        sorted(
            p.name for p in graded_root.iterdir() if (p / unit_id / f"{unit_id}.ipynb").is_file()
        )
        if graded_root.is_dir()
        else []
    )
    for learner, record in records.items():
        if record.status == "failed" and learner not in learners:
            report.skipped[learner] = f"not graded: {record.reason}"
    for learner in learners:
        if progress:
            progress(learner)
        with contextlib.redirect_stdout(sys.stderr):
            result = api.generate_feedback(unit_id, learner, force=True)
        page = folder / "feedback" / learner / unit_id / f"{unit_id}.html"
        if not result.get("success") or not page.is_file():
            text = str(result.get("error") or result.get("log") or "").strip().splitlines()
            report.skipped[learner] = (
                f"nbgrader could not make the page ({text[-1] if text else 'no details'})"
            )
            continue
        report.pages[learner] = page
        wanted = roster[learner].language if learner in roster else default_lang
        if wanted not in available:
            report.not_in_language[learner] = wanted
    return report
