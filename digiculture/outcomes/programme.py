"""The facilitator's figures: reach against targets, enrolment, units, scores, change.

Definitions (also in docs/dashboard.md):

- **reached**: every person the programme reached: each personal code in the results store
  and each learner of a cohort's roster or gradebook (a learner id that is a personal code
  counts once);
- **enrolled**: learners of the selected cohorts (roster and gradebook);
- **completed**: learners who passed every unit of their cohort's course; a unit is passed
  when it is graded with at least `unit_pass_mark` of its points;
- **workshop**: the people listed in the cohorts folder's `workshop.csv`;
- **handed in**: a unit graded or tried by the grader (status graded or failed);
- **change**: per area, the latest attempt's score minus the first attempt's, over the
  learners who took the self-assessment at least twice.

Every count from 1 to 4 is shown as "fewer than 5" (None here), every mean over fewer than
5 learners and every share of fewer than 5 (or over fewer than 5) learners is left out, and
breakdowns combine small groups (see `privacy`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from competence_profile import Profile, level_number
from competence_profile.units import UnitManifest
from digiculture.outcomes.privacy import (
    MIN_GROUP,
    cell,
    combine_small_groups,
    mean_or_none,
    share,
    shown,
    small,
)
from digiculture.outcomes.sources import Assessed, Enrolled, ProgrammeData, person_id
from digiculture.outcomes.words import Words
from digiculture.settings import Settings


def count_shown(n: int) -> int | None:
    """A count as shown: 0 or at least MIN_GROUP; None means 'fewer than 5'."""
    return n if n == 0 or n >= MIN_GROUP else None


@dataclass
class Target:
    key: str
    label: str
    value: int | None
    target: int

    @property
    def percent(self) -> float | None:
        return None if self.value is None else 100.0 * self.value / self.target


@dataclass
class FunnelStep:
    unit: str
    title: str
    enrolled: int | None
    handed_in: int | None
    passed: int | None


@dataclass
class UnitScores:
    unit: str
    title: str
    graded: int | None
    mean_percent: float | None
    passed_percent: float | None


@dataclass
class AreaChange:
    area: str
    title: str
    learners: int | None
    pre: float | None
    post: float | None
    change: float | None
    level_up_percent: float | None


@dataclass
class GroupRow:
    group: str
    people: int | None
    enrolled: int | None
    completed: int | None
    completed_percent: float | None
    assessed: int | None
    assessed_twice: int | None
    mean_change: float | None


@dataclass
class ProgrammeReport:
    generated: str
    pass_percent: float
    cohort: list[str]
    country: str | None
    cohorts_available: list[str]
    countries_available: list[str]
    targets: list[Target]
    selection: dict[str, int | None]
    funnel: list[FunnelStep]
    unit_scores: list[UnitScores]
    changes: list[AreaChange]
    by_country: list[GroupRow]
    by_language: list[GroupRow]
    notes: list[str] = field(default_factory=list)
    lang: str = "en"

    @property
    def too_small(self) -> bool:
        """The selection has fewer than MIN_GROUP learners: nothing but the targets shown."""
        return self.selection.get("people") is None

    def to_dict(self) -> dict:
        data = asdict(self)
        for t, d in zip(self.targets, data["targets"], strict=True):
            d["percent"] = t.percent
        data["min_group"] = MIN_GROUP
        return data


def completed(enrolled: Enrolled, pass_percent: float) -> bool:
    """Every unit of the learner's course graded with at least `pass_percent`."""
    return bool(enrolled.units) and all(
        status == "graded" and percent is not None and percent >= pass_percent
        for percent, status in enrolled.units.values()
    )


def passed(entry: tuple[float | None, str], pass_percent: float) -> bool:
    percent, status = entry
    return status == "graded" and percent is not None and percent >= pass_percent


def _mean_change(learners: Iterable[Assessed]) -> float | None:
    per_learner = []
    for a in learners:
        if a.post is None:
            continue
        pre, post = a.pre.result["areas"], a.post.result["areas"]
        diffs = [post[k]["score"] - pre[k]["score"] for k in pre if k in post]
        if diffs:
            per_learner.append(sum(diffs) / len(diffs))
    return mean_or_none(per_learner)


@dataclass
class _Person:
    id: str
    country: str
    language: str
    enrolled: list[Enrolled]
    assessed: Assessed | None


def _people(enrolled: list[Enrolled], assessed: list[Assessed], codes: set[str]) -> list[_Person]:
    people: dict[str, _Person] = {}
    for a in assessed:
        people[a.code] = _Person(a.code, a.country, a.language, [], a)
    for e in enrolled:
        pid = person_id(e.learner, codes)
        person = people.setdefault(pid, _Person(pid, e.country, e.language, [], None))
        person.enrolled.append(e)
        # The roster says where an enrolled learner works and learns.
        if e.country != "unknown":
            person.country = e.country
        if e.language != "unknown":
            person.language = e.language
    return list(people.values())


def _nested(people: int, enrolled: int, done: int, assessed: int, twice: int) -> dict:
    """A group's counts under the small-cell rule: each of the nested counts (enrolled and
    assessed among the people, completed among the enrolled, twice among the assessed) is
    hidden (None) when it, or what it leaves of the people or of its own group, is 1-4."""

    def nested(part: int, whole: int) -> int | None:
        if cell(part, whole) is None or small(people - part):
            return None
        return part

    return {
        "people": count_shown(people),
        "enrolled": nested(enrolled, people),
        "completed": nested(done, enrolled),
        "assessed": nested(assessed, people),
        "assessed_twice": nested(twice, assessed),
    }


def _group_rows(people: list[_Person], key: str, pass_percent: float) -> list[GroupRow]:
    groups: dict[str, list[_Person]] = {}
    for p in people:
        groups.setdefault(getattr(p, key), []).append(p)
    rows = []
    for name, members in combine_small_groups(groups).items():
        enrolled = [p for p in members if p.enrolled]
        done = [p for p in enrolled if any(completed(e, pass_percent) for e in p.enrolled)]
        assessed = [p.assessed for p in members if p.assessed is not None]
        twice = [a for a in assessed if a.post is not None]
        counts = _nested(len(members), len(enrolled), len(done), len(assessed), len(twice))
        rows.append(
            GroupRow(
                group=name,
                people=counts["people"],
                enrolled=counts["enrolled"],
                completed=counts["completed"],
                completed_percent=None
                if counts["completed"] is None
                else share(len(done), len(enrolled)),
                assessed=counts["assessed"],
                assessed_twice=counts["assessed_twice"],
                mean_change=_mean_change(twice),
            )
        )
    return rows


def programme_report(
    data: ProgrammeData,
    profile: Profile,
    manifest: UnitManifest,
    settings: Settings,
    cohorts: list[str] | None = None,
    country: str | None = None,
    today: date | None = None,
    lang: str = "en",
) -> ProgrammeReport:
    """The figures for the selected cohorts (all when None or empty) and country, with the
    labels, notes and titles in `lang`."""
    _ = Words(lang)
    if _.lang in profile.languages and _.lang != profile.source_language:
        profile = profile.in_language(_.lang)
    pass_percent = data.pass_percent
    codes = {a.code for a in data.assessed}
    all_enrolled = data.enrolled
    cohorts_available = sorted(
        {c.course_id for c in data.cohorts} | {a.cohort for a in data.assessed if a.cohort}
    )
    people_all = _people(all_enrolled, data.assessed, codes)
    countries_available = sorted({p.country for p in people_all})

    # Programme-wide reach against the targets (not filtered).
    completers = {person_id(e.learner, codes) for e in all_enrolled if completed(e, pass_percent)}
    workshop = {person_id(i, codes) for i in data.workshop}
    targets = [
        Target(
            "reached",
            _("Professionals reached"),
            count_shown(len(people_all)),
            settings.target_reached,
        ),
        Target(
            "completed",
            _("Completed the course"),
            count_shown(len(completers)),
            settings.target_completed,
        ),
        Target(
            "workshop",
            _("Took part in the learning-activity workshop"),
            count_shown(len(workshop)),
            settings.target_workshop,
        ),
    ]

    chosen = set(cohorts or [])
    enrolled = [
        e
        for e in all_enrolled
        if (not chosen or e.cohort in chosen) and (country is None or e.country == country)
    ]
    assessed = [
        a
        for a in data.assessed
        if (not chosen or a.cohort in chosen) and (country is None or a.country == country)
    ]
    people = [
        p for p in _people(enrolled, assessed, codes) if country is None or p.country == country
    ]
    twice = [a for a in assessed if a.post is not None]
    selection = _nested(
        len(people),
        len({person_id(e.learner, codes) for e in enrolled}),
        len({person_id(e.learner, codes) for e in enrolled if completed(e, pass_percent)}),
        len(assessed),
        len(twice),
    )
    report = ProgrammeReport(
        generated=(today or date.today()).isoformat(),
        pass_percent=pass_percent,
        cohort=sorted(chosen),
        country=country,
        cohorts_available=cohorts_available,
        countries_available=countries_available,
        targets=targets,
        selection=selection,
        funnel=[],
        unit_scores=[],
        changes=[],
        by_country=[],
        by_language=[],
        notes=list(data.problems),
        lang=_.lang,
    )
    if not shown(len(people)):
        report.notes.append(
            _(
                "Fewer than {n} learners match this selection: choose more cohorts or "
                "all countries to see the figures.",
                n=MIN_GROUP,
            )
        )
        return report

    order = {u.id: i for i, u in enumerate(manifest.in_learning_order())}
    units = sorted({u for e in enrolled for u in e.units}, key=lambda u: (order.get(u, 99), u))
    for unit in units:
        taking = [e for e in enrolled if unit in e.units]
        entries = [e.units[unit] for e in taking]
        graded = [p for p, status in entries if status == "graded" and p is not None]
        title = manifest.unit(unit).title_in(_.lang) if unit in order else unit
        # Small cells: "57 of 60 handed in" tells of the 3 who did not, so a count that
        # leaves 1-4 learners of the unit (or of those who handed in) on the other side is
        # hidden as well (privacy.cell).
        n = len(taking)
        n_handed = sum(1 for _, s in entries if s in ("graded", "failed"))
        n_passed = sum(1 for x in entries if passed(x, pass_percent))
        handed = cell(n_handed, n)
        passers = cell(n_passed, n)
        if handed is not None and passers is not None and small(n_handed - n_passed):
            passers = None
        report.funnel.append(FunnelStep(unit, title, count_shown(n), handed, passers))
        report.unit_scores.append(
            UnitScores(
                unit,
                title,
                cell(len(graded), n),
                mean_or_none(graded),
                share(sum(1 for p in graded if p >= pass_percent), len(graded)),
            )
        )
    for area in profile.areas:
        pre = [a.pre.result["areas"][area.id] for a in twice]
        post = [a.post.result["areas"][area.id] for a in twice]
        ups = [
            level_number(b["level"]) > level_number(a["level"])
            for a, b in zip(pre, post, strict=True)
        ]
        n = len(twice)
        report.changes.append(
            AreaChange(
                area.id,
                area.title,
                count_shown(n),
                mean_or_none([x["score"] for x in pre]),
                mean_or_none([x["score"] for x in post]),
                mean_or_none([b["score"] - a["score"] for a, b in zip(pre, post, strict=True)]),
                share(sum(ups), n),
            )
        )
    report.by_country = _group_rows(people, "country", pass_percent)
    report.by_language = _group_rows(people, "language", pass_percent)
    return report
