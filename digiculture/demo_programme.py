"""A synthetic programme to try the dashboard and the reports on: `generate(folder)`.

Seeded, so the same seed gives the same programme. 400 made-up professionals from six
countries: 392 took the self-assessment (through the real scoring and recommendations),
some of them twice; institutions of different sizes (one with only 3 staff, below the
minimum group size of a report) registered with their codes and checks (see
`digiculture.institutions.demo`); two cohorts whose nbgrader gradebooks are filled through
nbgrader's own gradebook classes (no notebooks are run, so it takes seconds), 8 enrolled
learners without a self-assessment; and the list of 12 workshop participants.

The folder gets `results.sqlite` (the results store), `cohorts/<cohort>/` (nbgrader course
folders with roster, gradebook and graded-notebook placeholders) and `cohorts/workshop.csv`.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assessment.store import CODE_ALPHABET, ResultStore
from competence_profile.spreadsheet import csv_writer
from digiculture.course.codes import PROGRAMME_COUNTRIES
from digiculture.course.gradebook import new_gradebook
from digiculture.settings import Settings

SEED = 2026
LANGUAGE_OF = {"DE": "de", "IT": "it", "HR": "hr", "GR": "el", "PT": "pt", "CY": "el"}
COHORTS = (("2026-spring", 70), ("2026-autumn", 62))
GUESTS = 8  # enrolled learners without a self-assessment (learner ids, not personal codes)
POST_SHARE_ENROLLED = 0.85
POST_SHARE_OTHERS = 0.12

#: (name, country, type, staff who took the self-assessment)
INSTITUTIONS = (
    ("Stadtmuseum Lindenau", "DE", "museum", 40),
    ("Landesarchiv Nordheim", "DE", "archive", 12),
    ("Heimatmuseum Kleinbach", "DE", "museum", 3),
    ("Biblioteca Civica di Montalto", "IT", "library", 30),
    ("Archivio Regionale di Valdoro", "IT", "archive", 16),
    ("Museo Diocesano di San Vito", "IT", "museum", 7),
    ("Gradska knjižnica Rivac", "HR", "library", 24),
    ("Muzej grada Lovrinca", "HR", "museum", 9),
    ("Μουσείο Νεότερης Ιστορίας Ζαγοράς", "GR", "museum", 18),
    ("Δημοτική Πινακοθήκη Καλαμού", "GR", "gallery", 5),
    ("Museu da Ciência de Vilar", "PT", "museum", 26),
    ("Biblioteca Municipal de Alcaria", "PT", "library", 14),
    ("Arquivo Distrital de Serrana", "PT", "archive", 8),
    ("Λαογραφικό Μουσείο Λευκάρων", "CY", "museum", 10),
    ("Δημοτική Βιβλιοθήκη Πάφου", "CY", "library", 6),
)
SMALL_PLACES = {
    "DE": ("Stadtbibliothek", "Talheim", "Bergstedt", "Rosenau", "Wiesloch", "Auental"),
    "IT": ("Museo civico di", "Castelvetro", "Roccalta", "Pietrafonte", "Borgomare", "Lucarno"),
    "HR": ("Zavičajni muzej", "Brnaze", "Slatinec", "Orahovo", "Kravica", "Lipnik"),
    "GR": ("Λαογραφικό Μουσείο", "Άμφισσας", "Νάουσας", "Λιβαδειάς", "Σιάτιστας", "Καρύστου"),
    "PT": ("Museu Municipal de", "Ourém", "Lousada", "Alvito", "Mértola", "Sabrosa"),
    "CY": ("Πολιτιστικό Κέντρο", "Ομοδούς", "Πάχνας", "Αγρού", "Κακοπετριάς", "Λύσης"),
}
SIZES = ("1-5", "6-20", "21-50", "51+")


@dataclass
class Person:
    code: str
    country: str
    language: str
    institution: str
    institution_type: str
    institution_size: str
    role: str
    ability: dict[str, float]
    cohort: str | None = None
    learner_id: str = ""
    units_passed: int = 0
    attempts: list[dict] = field(default_factory=list)


def _fast_tmp() -> str | None:
    """/dev/shm when there is one (memory, no disk syncs), else the usual temporary folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _size(n: int) -> str:
    return "1-5" if n <= 5 else "6-20" if n <= 20 else "21-50" if n <= 50 else "51+"


def _people(rng: random.Random, roles: list[str], areas: list[str], total: int) -> list[Person]:
    places: list[tuple[str, str, str, int]] = list(INSTITUTIONS)
    taken = sum(p[3] for p in places)
    k = 0
    while taken < total:  # small institutions of 1-4 assessed staff for everyone else
        country = PROGRAMME_COUNTRIES[k % len(PROGRAMME_COUNTRIES)]
        word, *towns = SMALL_PLACES[country]
        town = towns[(k // len(PROGRAMME_COUNTRIES)) % len(towns)]
        suffix = "" if k < 6 * len(towns) else f" {k // (6 * len(towns)) + 1}"
        n = min(rng.randint(1, 4), total - taken)
        places.append((f"{word} {town}{suffix}", country, rng.choice(("museum", "library")), n))
        taken += n
        k += 1
    codes: set[str] = set()
    people = []
    for name, country, kind, staff in places:
        maturity = rng.uniform(0.25, 0.8)
        for i in range(staff):
            code = _code(rng)
            while code in codes:
                code = _code(rng)
            codes.add(code)
            role = "director" if i == 0 else rng.choice([r for r in roles if r != "director"])
            base = min(0.95, max(0.05, rng.gauss(0.42 + 0.2 * (maturity - 0.5), 0.14)))
            ability = {a: min(1.0, max(0.0, base + rng.gauss(0, 0.1))) for a in areas}
            language = LANGUAGE_OF[country] if rng.random() < 0.8 else "en"
            people.append(
                Person(
                    code,
                    country,
                    language,
                    name,
                    kind,
                    _size(max(staff * 2, staff + rng.randint(0, 6))),
                    role,
                    ability,
                )
            )
            people[-1].attempts.append({"maturity": maturity})
    return people


def _answers(
    rng: random.Random,
    bank,
    person: Person,
    ability: dict[str, float],
    area_of: dict[str, str],
    maturity: float,
) -> dict:
    answers: dict = {
        "role": person.role,
        "institution_type": person.institution_type,
        "institution_size": person.institution_size,
        "country": person.country,
        "language": person.language,
        "consent": "yes",
    }
    for item in bank.items:
        if item.kind == "self_rating":
            a = ability[area_of[item.competence]] + 0.08 + rng.gauss(0, 0.15)
            answers[item.id] = min(4, max(1, round(1 + 3 * a)))
        elif item.kind == "knowledge":
            a = ability[area_of[item.competence]]
            wrong = [o.id for o in item.options if o.id != item.answer]
            answers[item.id] = item.answer if rng.random() < a else rng.choice(wrong)
        elif item.kind == "institution":
            # Institutions differ per statement: some have a plan but no training time, ...
            lean = random.Random(f"{person.institution}/{item.id}").gauss(0, 0.18)
            value = 1 + 3 * (maturity + lean + rng.gauss(0, 0.12))
            answers[item.id] = min(4, max(1, round(value)))
    return answers


def _course(folder: Path, course_id: str, units: list, empty_gradebook: Path) -> None:
    from digiculture.course import nbgrader_ops as ops

    ops.new_course(folder, folder / "source", [], course_id=course_id)
    if not empty_gradebook.is_file():
        new_gradebook(empty_gradebook)
    shutil.copyfile(empty_gradebook, folder / "gradebook.db")
    for unit in units:
        (folder / "source" / unit.id).mkdir(parents=True, exist_ok=True)
    for name in ("submitted", "autograded", "feedback", "release"):
        (folder / name).mkdir(exist_ok=True)
    import json

    (folder / "cohort.json").write_text(
        json.dumps({"course_id": course_id, "units": [u.id for u in units], "lang": "en"}, indent=1)
        + "\n",
        encoding="utf-8",
    )


def _fill_gradebook(
    rng: random.Random,
    folder: Path,
    course_id: str,
    units: list,
    learners: list[Person],
    pass_percent: float,
) -> None:
    """Units as nbgrader assignments with grade cells, and graded submissions, in one
    transaction through nbgrader's gradebook classes."""
    from nbgrader.api import (
        Assignment,
        Grade,
        GradeCell,
        Notebook,
        Student,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    start = (
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        if "spring" in course_id
        else datetime(2026, 9, 7, 9, 0, tzinfo=UTC)
    )
    from digiculture.course.gradebook import gradebook_url, open_gradebook_at

    with open_gradebook_at(gradebook_url(folder), course_id) as gb, gb.transaction() as db:
        students = {s.id: s for s in db.query(Student)}
        for p in learners:
            if p.learner_id not in students:
                students[p.learner_id] = Student(id=p.learner_id)
                db.add(students[p.learner_id])
        cells: dict[str, list[GradeCell]] = {}
        notebooks: dict[str, Notebook] = {}
        for week, unit in enumerate(units):
            assignment = Assignment(
                name=unit.id,
                course_id=course_id,
                duedate=(start + timedelta(weeks=week + 1)).replace(tzinfo=None),
            )
            nb = Notebook(name=unit.id, assignment=assignment)
            points = [1.0, 2.0, 2.0] if week % 2 else [2.0, 2.0, 1.0, 1.0]
            cells[unit.id] = [
                GradeCell(
                    name=f"{unit.id.split('_')[0]}_check_{i + 1}",
                    max_score=pts,
                    cell_type="code",
                    notebook=nb,
                )
                for i, pts in enumerate(points)
            ]
            notebooks[unit.id] = nb
            db.add(assignment)
        for p in learners:
            drop_at = len(units) if rng.random() < 0.6 else rng.randint(1, len(units) - 1)
            skill = min(0.99, max(0.35, rng.gauss(0.86, 0.1)))
            for week, unit in enumerate(units[:drop_at]):
                sub = SubmittedAssignment(
                    assignment=notebooks[unit.id].assignment,
                    student=students[p.learner_id],
                    timestamp=(start + timedelta(weeks=week, days=rng.randint(1, 6))).replace(
                        tzinfo=None
                    ),
                )
                snb = SubmittedNotebook(notebook=notebooks[unit.id], assignment=sub)
                broken = rng.random() < 0.01  # nbgrader could not grade it: no graded notebook
                share = min(1.0, max(0.0, rng.gauss(skill, 0.1)))
                total = 0.0
                for cell in cells[unit.id]:
                    score = round(cell.max_score * share * 2) / 2
                    total += score
                    Grade(cell=cell, notebook=snb, auto_score=score, needs_manual_grade=False)
                db.add(sub)
                if not broken:
                    graded = folder / "autograded" / p.learner_id / unit.id
                    graded.mkdir(parents=True, exist_ok=True)
                    (graded / f"{unit.id}.ipynb").write_text("{}", encoding="utf-8")
                    maximum = sum(c.max_score for c in cells[unit.id])
                    if 100 * total / maximum >= pass_percent:
                        p.units_passed += 1


def generate(
    output: Path, seed: int = SEED, total: int = 400, settings: Settings | None = None
) -> dict[str, int | str]:
    """Write the synthetic programme into `output` (replacing an earlier one there)."""
    from competence_profile import load_profile
    from digiculture.assessment_setup import load_assessment
    from digiculture.course.roster_import import import_roster

    settings = settings or Settings.load()
    rng = random.Random(seed)
    output = Path(output).expanduser().resolve()
    store_file = output / "results.sqlite"
    cohorts_dir = output / "cohorts"
    for old in (store_file, output / "results.sqlite-wal", output / "results.sqlite-shm"):
        old.unlink(missing_ok=True)
    if cohorts_dir.exists():
        shutil.rmtree(cohorts_dir)
    output.mkdir(parents=True, exist_ok=True)

    assessment = load_assessment(settings, with_store=False)
    profile = load_profile(settings.profile_dir)
    bank = assessment.bank
    area_of = {c.id: c.area for c in profile.competences}
    roles = [r.id for r in profile.roles]
    assessed = total - GUESTS
    people = _people(rng, roles, profile.area_ids, assessed)
    units = assessment.manifest.in_learning_order()

    # Cohorts: learners of the bigger institutions and some others, by seed.
    pool = list(people)
    rng.shuffle(pool)
    cursor = 0
    cohort_members: dict[str, list[Person]] = {}
    for course_id, size in COHORTS:
        members = pool[cursor : cursor + size]
        cursor += size
        for p in members:
            p.cohort, p.learner_id = course_id, p.code
        cohort_members[course_id] = members
    guests = []
    for i in range(GUESTS):
        country = PROGRAMME_COUNTRIES[i % len(PROGRAMME_COUNTRIES)]
        guest = Person(
            "",
            country,
            LANGUAGE_OF[country],
            f"{SMALL_PLACES[country][0]} {SMALL_PLACES[country][1]}",
            "museum",
            "1-5",
            roles[0],
            {},
        )
        guest.cohort, guest.learner_id = COHORTS[0][0], f"guest-{i + 1:02d}"
        guests.append(guest)
    cohort_members[COHORTS[0][0]] += guests

    scratch = Path(tempfile.mkdtemp(prefix="kit-demo-", dir=_fast_tmp()))
    for course_id, members in cohort_members.items():
        folder = cohorts_dir / course_id
        _course(folder, course_id, units, scratch / "empty-gradebook.db")
        roster = folder.parent / f".{course_id}-roster.csv"
        with roster.open("w", encoding="utf-8", newline="") as fh:
            w = csv_writer(fh)
            w.writerow(["id", "name", "email", "country", "language", "institution"])
            for p in members:
                w.writerow(
                    [
                        p.learner_id,
                        f"Learner {p.learner_id[:4]}",
                        "",
                        p.country,
                        p.language,
                        p.institution,
                    ]
                )
        problems = import_roster(folder, roster).problems
        roster.unlink()
        if problems:
            raise RuntimeError("; ".join(map(str, problems)))
        _fill_gradebook(rng, folder, course_id, units, members, settings.unit_pass_mark * 100)

    # Written in memory-backed scratch space (one fsync per attempt is slow on a busy disk),
    # then copied into place with SQLite's backup.
    store = ResultStore(f"sqlite:///{scratch / 'results.sqlite'}")
    pre_day = datetime(2026, 1, 12, 10, 0, tzinfo=UTC)
    post_day = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    posts = 0
    for p in people:
        maturity = p.attempts[0]["maturity"]
        stamps = [pre_day + timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600))]
        abilities = [p.ability]
        share = POST_SHARE_ENROLLED if p.cohort else POST_SHARE_OTHERS
        if rng.random() < share:
            gain = 0.02 + 0.015 * p.units_passed
            abilities.append(
                {a: min(1.0, v + gain + rng.gauss(0, 0.05)) for a, v in p.ability.items()}
            )
            stamps.append(post_day + timedelta(days=rng.randint(0, 20)))
            posts += 1
        for stamp, ability in zip(stamps, abilities, strict=True):
            answers = _answers(rng, bank, p, ability, area_of, maturity)
            result, recs = assessment.evaluate(answers, p.role, p.language)
            store.save_attempt(
                code=p.code,
                language=p.language,
                role=p.role,
                answers=answers,
                result=result.to_dict(),
                recommendations=[r.to_dict() for r in recs],
                cohort=p.cohort,
                institution=p.institution,
                profile_version=profile.version,
                bank_version=bank.version,
                taken_at=stamp,
            )

    from digiculture.institutions import demo as institutions

    keys = institutions.register(store.description, _places(people), seed)
    institutions.share_kleinbach(
        store, [p.code for p in people if p.institution == institutions.SMALL]
    )

    with (
        closing(sqlite3.connect(scratch / "results.sqlite")) as source,
        closing(sqlite3.connect(store_file)) as target,
    ):
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    shutil.rmtree(scratch, ignore_errors=True)

    completers = [p for p in people + guests if p.cohort and p.units_passed == len(units)]
    by_country: dict[str, list[Person]] = {}
    for p in completers:
        by_country.setdefault(p.country, []).append(p)
    workshop: list[str] = []
    while len(workshop) < 12 and any(by_country.values()):
        for country in PROGRAMME_COUNTRIES:
            if by_country.get(country) and len(workshop) < 12:
                workshop.append(by_country[country].pop(0).learner_id)
    with (cohorts_dir / "workshop.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("learner\n" + "".join(f"{w}\n" for w in workshop))
    return {
        "folder": str(output),
        "store_url": f"sqlite:///{store_file}",
        "cohorts_dir": str(cohorts_dir),
        "people": total,
        "assessed": len(people),
        "assessed_twice": posts,
        "enrolled": sum(len(m) for m in cohort_members.values()),
        "workshop": len(workshop),
        "director_keys": keys,
    }


def _places(people: list[Person]) -> list[tuple[str, str, str, int]]:
    """(name, country, type, staff assessed) of every institution, named ones first."""
    staff: dict[str, list[Person]] = {}
    for p in people:
        staff.setdefault(p.institution, []).append(p)
    return [(n, v[0].country, v[0].institution_type, len(v)) for n, v in staff.items()]
