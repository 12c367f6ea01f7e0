"""Everything the outcome reports read, in one object: `load_programme(settings)`.

- **Self-assessment** (the results store): per personal code, the attempts oldest first: the
  first is *pre*, the latest (when there are two or more) is *post*. Country and language come
  from the attempt's "about you" answers (the language the learner wants to learn in, else the
  language the assessment was taken in); cohort and institution from the attempt's link
  (`?cohort=...&institution=...`).
- **Cohorts**: every nbgrader course folder in `settings.cohorts_dir` (a folder with
  `nbgrader_config.py` and `source/`), with its roster (country, language, institution) and
  its gradebook (`gradebook_rows`).
- **Workshop**: who took part in the learning-activity workshop: `workshop.csv` in the
  cohorts folder, one learner a line under the header `learner` (a personal code or a
  learner id of a roster).

A person is one id: a personal code, or the learner id of a roster. When a cohort uses the
learners' personal codes as their learner ids (as the mentoring roster does), a person who
took the self-assessment and enrolled counts once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from assessment.store import Attempt, ResultStore, normalise_code
from digiculture.course.folder import Course, open_course
from digiculture.settings import Settings

WORKSHOP_FILE = "workshop.csv"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Assessed:
    """One learner's self-assessment: first and (when taken again) latest attempt."""

    code: str
    pre: Attempt
    post: Attempt | None
    country: str
    language: str
    cohort: str | None
    institution: str | None
    role: str | None

    @property
    def latest(self) -> Attempt:
        return self.post or self.pre


@dataclass(frozen=True)
class Enrolled:
    """One learner of a cohort, with their gradebook: unit -> (percent or None, status)."""

    learner: str
    cohort: str
    country: str
    language: str
    institution: str
    units: dict[str, tuple[float | None, str]]


@dataclass
class CohortData:
    course_id: str
    folder: Path
    units: list[str]
    learners: list[Enrolled]


@dataclass
class ProgrammeData:
    assessed: list[Assessed]
    cohorts: list[CohortData]
    workshop: list[str]
    pass_percent: float
    problems: list[str] = field(default_factory=list)

    @property
    def enrolled(self) -> list[Enrolled]:
        return [e for c in self.cohorts for e in c.learners]


def _context(attempt: Attempt, key: str) -> str | None:
    value = (attempt.result.get("context") or {}).get(key) or attempt.answers.get(key)
    return str(value) if value else None


def assessed_learners(attempts: list[Attempt]) -> list[Assessed]:
    """Group a store's attempts (ordered by learner, then time) per learner."""
    by_code: dict[str, list[Attempt]] = {}
    for a in attempts:
        by_code.setdefault(a.learner, []).append(a)
    out = []
    for code, items in sorted(by_code.items()):
        items.sort(key=lambda a: (a.taken_at, a.id))
        latest = items[-1]
        out.append(
            Assessed(
                code=code,
                pre=items[0],
                post=latest if len(items) > 1 else None,
                country=_context(latest, "country") or UNKNOWN,
                language=_context(latest, "language") or latest.language or UNKNOWN,
                cohort=next((a.cohort for a in reversed(items) if a.cohort), None),
                institution=next((a.institution for a in reversed(items) if a.institution), None),
                role=latest.role or _context(latest, "role"),
            )
        )
    return out


def is_course(folder: Path) -> bool:
    return (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir()


def course_folders(cohorts_dir: Path) -> list[Path]:
    """The course folders in `cohorts_dir` (or `cohorts_dir` itself when it is one)."""
    cohorts_dir = Path(cohorts_dir)
    if is_course(cohorts_dir):
        return [cohorts_dir]
    if not cohorts_dir.is_dir():
        return []
    return sorted(p for p in cohorts_dir.iterdir() if p.is_dir() and is_course(p))


def gradebook_status(folder: Course | Path) -> dict[str, dict[str, tuple[float | None, str]]]:
    """learner -> unit -> (percent of the unit's points or None, status): the course's
    gradebook as `digiculture.grading.gradebook.gradebook_rows` reads it (graded, failed,
    missing)."""
    from digiculture.grading.gradebook import gradebook_rows

    out: dict[str, dict[str, tuple[float | None, str]]] = {}
    for row in gradebook_rows(folder):
        percent = (
            100.0 * row.score / row.max_score
            if row.status == "graded" and row.score is not None and row.max_score
            else None
        )
        out.setdefault(row.learner, {})[row.unit] = (percent, row.status)
    return out


def read_cohort_data(folder: Path) -> CohortData:
    """A course folder's learners with their roster details and gradebook."""
    from digiculture.course.roster import load_course_roster

    course = open_course(folder)
    roster = load_course_roster(course.folder)
    grades = gradebook_status(course)
    units = list(next(iter(grades.values()), {}))
    learners = []
    for learner_id in sorted(set(grades) | set(roster)):
        person = roster.get(learner_id)
        learners.append(
            Enrolled(
                learner=learner_id,
                cohort=course.id,
                country=(person.country if person else "") or UNKNOWN,
                language=(person.language if person else "") or UNKNOWN,
                institution=(person.institution if person else "") or UNKNOWN,
                units={u: grades.get(learner_id, {}).get(u, (None, "missing")) for u in units},
            )
        )
    return CohortData(course.id, Path(folder), units or list(course.units), learners)


def read_workshop(cohorts_dir: Path) -> tuple[list[str], list[str]]:
    """Workshop participants' ids from `workshop.csv`, and problems (one sentence each)."""
    path = Path(cohorts_dir) / WORKSHOP_FILE
    if not path.is_file():
        return [], []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if "learner" not in (reader.fieldnames or []):
                return [], [
                    f"{path}: the first line must be the column name 'learner'; the workshop "
                    "participants are not counted until it is."
                ]
            ids = [(row.get("learner") or "").strip() for row in reader]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path} cannot be read ({exc}): save it again as CSV UTF-8."]
    return sorted({i for i in ids if i}), []


def person_id(learner_id: str, codes: set[str]) -> str:
    """The id a person is counted under: their personal code when the id is one."""
    code = normalise_code(learner_id)
    return code if code in codes else learner_id


def load_programme(settings: Settings, store: ResultStore | None = None) -> ProgrammeData:
    """The results store and every cohort in `settings.cohorts_dir`."""
    store = store or ResultStore(settings.results_store)
    assessed = assessed_learners(store.all_attempts())
    cohorts = [read_cohort_data(folder) for folder in course_folders(settings.cohorts_dir)]
    workshop, problems = read_workshop(settings.cohorts_dir)
    return ProgrammeData(assessed, cohorts, workshop, settings.unit_pass_mark * 100, problems)
