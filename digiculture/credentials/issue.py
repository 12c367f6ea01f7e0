"""Issue the credentials of a course: who earned which, then one signed JSON file and one PDF
certificate per learner and award, in `<course>/credentials/<learner>/` (or another folder).

A credential already issued (its JSON file exists) is left as it is: issuing again after more
grading only adds the new ones. For sending them (`digiculture.credentials.sending`): one zip
per learner with all their files, a mail-merge CSV (name, e-mail, files, and a subject and a
message in the learner's language) and the list of who did not get which credential and why,
in `<output>/_send/`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from competence_profile import load_profile
from digiculture.course.folder import CourseError, open_course, read_course
from digiculture.credentials import keys
from digiculture.credentials.build import Recipient, build_credential
from digiculture.credentials.certificate import render_certificate
from digiculture.credentials.criteria import (
    PROGRAMME,
    Decision,
    awaiting_hand_grading,
    programme_decision,
    unit_decision,
)
from digiculture.credentials.proof import sign
from digiculture.credentials.texts import language_for
from digiculture.settings import Settings

OUTPUT_FOLDER = "credentials"


@dataclass
class Issued:
    learner: str
    award: str
    json_path: Path
    pdf_path: Path


@dataclass
class IssueReport:
    output: Path
    issuer_did: str
    key_made: bool
    issued: list[Issued] = field(default_factory=list)
    already: list[Issued] = field(default_factory=list)
    not_met: list[Decision] = field(default_factory=list)
    #: learner -> their zip of every credential they have (see `sending`).
    zips: dict[str, Path] = field(default_factory=dict)
    mail_merge: Path | None = None
    not_issued_file: Path | None = None
    #: learners with credentials and no e-mail address in the roster.
    no_email: list[str] = field(default_factory=list)
    #: The course's units in order (for the summary).
    units: list[str] = field(default_factory=list)


def recipients(course_dir: Path, default_lang: str) -> dict[str, Recipient]:
    """Learners by id: the course's roster, else the names in nbgrader's gradebook."""
    from digiculture.course.gradebook import open_gradebook
    from digiculture.course.roster import load_course_roster

    found: dict[str, Recipient] = {}
    with open_gradebook(course_dir) as gb:
        for student in gb.students():
            found[student.id] = Recipient(
                student.id, student.name, student.email, language_for(default_lang)
            )
    for learner in load_course_roster(course_dir).values():
        found[learner.id] = Recipient(
            learner.id, learner.name, learner.email, language_for(learner.language, default_lang)
        )
    return found


def decide(
    course_dir: Path, settings: Settings, unit: str | None, programme: bool
) -> tuple[list[Decision], list[str]]:
    """Every (learner, award) decision asked for, and the course's units in order."""
    from digiculture.grading.gradebook import gradebook_rows

    rows = gradebook_rows(course_dir)
    course = read_course(course_dir)
    course_units = [u for u in course.units if any(r.unit == u for r in rows)] or sorted(
        {r.unit for r in rows}
    )
    if unit is not None and unit not in course_units:
        raise CourseError(
            f"Unknown unit '{unit}' in {course_dir}: the course has "
            f"{', '.join(course_units) or 'no units'}. Check the spelling.",
            2,
        )
    pending = awaiting_hand_grading(course_dir)
    threshold = settings.unit_pass_mark
    by_learner: dict[str, dict[str, Decision]] = {}
    for row in rows:
        by_learner.setdefault(row.learner, {})[row.unit] = unit_decision(row, pending, threshold)
    decisions: list[Decision] = []
    for learner, units in sorted(by_learner.items()):
        if programme:
            decisions.append(
                programme_decision(
                    learner, course_units, units, settings.credential_programme_threshold
                )
            )
        else:
            for unit_id in course_units:
                if unit is None or unit_id == unit:
                    decisions.append(units[unit_id])
    return decisions, course_units


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def issue_credentials(
    course_dir: Path,
    settings: Settings,
    unit: str | None = None,
    programme: bool = False,
    output: Path | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IssueReport:
    """Sign and write the credentials and certificates of every learner who met the
    criteria; `progress(done, total)` after each learner and award."""
    from digiculture.manifest import load_manifest

    course = open_course(course_dir)
    folder = course.folder
    for name in ("unit_pass_mark", "credential_programme_threshold"):
        value = getattr(settings, name)
        if not 0 < value <= 1:
            raise CourseError(
                f"The setting {name} (DIGICULTURE_{name.upper()}) is {value:g}: write a share "
                "between 0 and 1, for example 0.7 for 70 %.",
                2,
            )
    out = Path(output) if output is not None else folder / OUTPUT_FOLDER
    key, made = keys.load_or_create(settings.issuer_keys)
    report = IssueReport(out, key.did, made)
    decisions, course_units = decide(folder, settings, unit, programme)
    report.units = list(course_units)
    manifest = load_manifest(settings)
    missing = [u for u in course_units if u not in manifest.ids]
    wanted = course_units if (programme or unit is None) else [unit]
    if any(u in missing for u in wanted):
        raise CourseError(
            f"The unit(s) {', '.join(u for u in wanted if u in missing)} of the course are not "
            f"in the units manifest {settings.course_dir / 'units.yaml'}: the credential needs "
            "their title, competences, level and minutes. Add them there, or set "
            "DIGICULTURE_COURSE_DIR to the kit whose units the course uses.",
            2,
        )
    people = recipients(folder, course.language)
    base_profile = load_profile(settings.profile_dir)
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    until = (
        _add_years(now, settings.credential_valid_years)
        if settings.credential_valid_years
        else None
    )
    for done, decision in enumerate(decisions, 1):
        if progress:
            progress(done, len(decisions))
        target = out / decision.learner / f"{decision.award}.json"
        pdf_target = target.with_suffix(".pdf")
        if not decision.met:
            report.not_met.append(decision)
            continue
        if target.is_file():
            if not pdf_target.is_file():  # a lost certificate is made again from the file
                signed = json.loads(target.read_text(encoding="utf-8"))
                _write_atomic(pdf_target, render_certificate(signed, target.name))
            report.already.append(Issued(decision.learner, decision.award, target, pdf_target))
            continue
        person = people.get(decision.learner)
        if person is None or not person.name.strip():
            decision.met = False
            decision.kind = "no_name"
            decision.reason = (
                "no name for this learner: import the roster (`digiculture roster import`) so "
                "that the credential can name them"
            )
            report.not_met.append(decision)
            continue
        if decision.award == PROGRAMME:
            units = [manifest.unit(u) for u in decision.units]
        else:
            units = [manifest.unit(decision.award)]
        credential = build_credential(
            person,
            decision,
            units,
            base_profile.in_language(person.language),
            settings,
            key.did,
            now,
            until,
            total_units=len(course_units),
        )
        signed = sign(credential, key, now)
        text = json.dumps(signed, ensure_ascii=False, indent=2) + "\n"
        _write_atomic(target, text.encode("utf-8"))
        _write_atomic(pdf_target, render_certificate(signed, target.name))
        report.issued.append(Issued(decision.learner, decision.award, target, pdf_target))
    from digiculture.credentials.sending import prepare_sending

    prepare_sending(report, people)
    return report
