"""An institution's development framework: its staff's competence picture, priorities,
the units that close the gaps and a 12-month development plan.

Staff are the learners whose self-assessment link named the institution (`?institution=`);
each counts with their latest attempt. The report is made only for at least `MIN_GROUP`
staff, and every figure in it is about a group of at least `MIN_GROUP` of them (roles with
fewer staff are combined). Within that group, counts and shares follow the small-cell rule of
`privacy.cell`: a count of 1-4 people (or one that leaves 1-4 people on the other side) is
not shown, so a report of 6 staff never says "below target: 1". Targets are each person's
role target (competence_profile/data/roles.yaml).

The plan follows the shape of a digital-maturity compass: for each priority area, where the
staff are now, where they should be in 12 months, the actions (units, mentoring, what the
institution itself does), the indicators that show progress, and a review date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from statistics import median

from assessment.bank import ItemBank
from assessment.recommend import recommend
from assessment.scoring import AreaScore, Result, Scored
from competence_profile import LEVEL_IDS, Profile, level_number, level_of_number, levels_below
from competence_profile.units import UnitManifest
from digiculture.outcomes.privacy import MIN_GROUP, cell, cell_share, combine_small_groups, shown
from digiculture.outcomes.sources import Assessed
from digiculture.outcomes.words import N_, Words

MAX_PRIORITIES = 3
PRIORITY_SHARE = 25.0  # an area is a priority when at least this % of staff are below target
GOAL_SHARE = 80  # the plan's aim: this % of staff at their role's target after 12 months
ALL_STAFF = N_("All staff")
OTHER_ROLES = N_("Other roles (combined)")

#: What the institution itself can do when its staff disagree with a statement.
INSTITUTION_ACTIONS = {
    "inst_strategy": N_(
        "Write a one-page digital plan with the team (unit u12 shows how) and agree it with "
        "the board."
    ),
    "inst_leadership": N_(
        "Name one person in the management team who leads digital work and reports on this "
        "plan at every team meeting."
    ),
    "inst_equipment": N_(
        "Ask staff which devices and software they miss for their digital work and put the "
        "most needed into next year's budget."
    ),
    "inst_training_time": N_(
        "Agree a fixed training time (for example one hour a week) for the units of this "
        "plan, inside working hours."
    ),
    "inst_online_presence": N_(
        "Name who updates the website and listings, and check them every month (opening "
        "hours, collection highlights, events)."
    ),
}
AGREEMENT = (N_("Not at all"), N_("A little"), N_("Mostly"), N_("Fully"))


SMALL_CELL_TEMPLATE = N_(
    "A count of 1 to {n} staff, or one that would let such a count be worked out (for "
    "example 5 of 6, which leaves 1), is not shown ('–'); nor is the share."
)
SMALL_CELL_RULE = SMALL_CELL_TEMPLATE.format(n=MIN_GROUP - 1)  # as an English report says it


class InstitutionReportRefused(Exception):
    """No report: too few staff, or no such institution. The message says what to do."""


@dataclass
class AreaPicture:
    area: str
    title: str
    mean_score: float
    median_level: str
    at_target_percent: float | None  # None: hidden by the small-cell rule
    below_target: int | None
    levels: dict[str, int | None]


@dataclass
class HeatCell:
    group: str
    area: str
    staff: int
    at_target_percent: float | None
    mean_gap: float


@dataclass
class UnitStep:
    unit: str
    title: str
    minutes: int
    area: str | None
    staff: int | None


@dataclass
class Priority:
    area: str
    title: str
    below_target_percent: float | None
    below_target: int | None
    current_level: str
    target_level: str
    units: list[UnitStep]
    hours_per_person: float
    staff_hours: float | None


@dataclass
class Statement:
    item: str
    text: str
    mean: float
    answer: str


@dataclass
class PlanRow:
    area: str
    title: str
    period: str
    current: str
    target: str
    actions: list[str]
    indicators: list[str]
    review: str


@dataclass
class InstitutionReport:
    institution: str
    generated: str
    staff: int
    groups: dict[str, int]
    areas: list[AreaPicture]
    heatmap: list[HeatCell]
    priorities: list[Priority]
    statements: list[Statement]
    plan: list[PlanRow]
    notes: list[str] = field(default_factory=list)
    lang: str = "en"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["min_group"] = MIN_GROUP
        data["small_cells"] = Words(self.lang)(SMALL_CELL_TEMPLATE, n=MIN_GROUP - 1)
        return data


def _staff_rows(staff: list[Assessed], profile: Profile) -> list[dict]:
    rows = []
    for a in staff:
        result = a.latest.result
        areas = {}
        for area in profile.areas:
            got = result["areas"][area.id]
            target = profile.target(a.role, area.id)
            gap = levels_below(target, got["level"])
            areas[area.id] = {
                "score": got["score"],
                "level": got["level"],
                "target": target,
                "gap": gap,
            }
        rows.append(
            {
                "role": a.role or "unknown",
                "areas": areas,
                "result": result,
                "answers": a.latest.answers,
            }
        )
    return rows


def find_staff(
    assessed: list[Assessed], institution: str, _: Words | None = None
) -> tuple[str, list[Assessed]]:
    """The institution's name as stored and its staff; refused when unknown."""
    _ = _ or Words()
    wanted = " ".join(institution.split()).casefold()
    staff = [
        a
        for a in assessed
        if a.institution and " ".join(a.institution.split()).casefold() == wanted
    ]
    if not staff:
        # No list of other institutions here: this message may reach a director's page.
        raise InstitutionReportRefused(
            _(
                "No one from '{institution}' has taken the self-assessment, so there is no "
                "report for it. Check the spelling (`digiculture institution list` shows the "
                "institutions), and send staff the self-assessment link with the institution's "
                "code (…/?institution=CODE).",
                institution=institution,
            )
        )
    return staff[0].institution or institution, staff


def institution_report(
    assessed: list[Assessed],
    institution: str,
    profile: Profile,
    manifest: UnitManifest,
    bank: ItemBank,
    today: date | None = None,
    lang: str = "en",
) -> InstitutionReport:
    """The development framework of `institution` in `lang`; InstitutionReportRefused below
    5 staff."""
    _ = Words(lang)
    name, staff = find_staff(assessed, institution, _)
    if not shown(len(staff)):
        raise InstitutionReportRefused(
            _(
                "Fewer than {n} staff of '{name}' have taken the self-assessment. The report "
                "needs at least {n}, so that no one's answers can be recognised in it. Ask more "
                "colleagues to take the self-assessment with the institution's link, then make "
                "the report again.",
                n=MIN_GROUP,
                name=name,
            )
        )
    if _.lang in profile.languages and _.lang != profile.source_language:
        profile = profile.in_language(_.lang)
        bank = bank.in_language(_.lang, profile)
    today = today or date.today()
    rows = _staff_rows(staff, profile)
    n = len(rows)
    areas: list[AreaPicture] = []
    for area in profile.areas:
        cells = [r["areas"][area.id] for r in rows]
        levels = Counter(c["level"] for c in cells)
        areas.append(
            AreaPicture(
                area.id,
                area.title,
                sum(c["score"] for c in cells) / n,
                level_of_number(median(level_number(c["level"]) for c in cells)),
                cell_share(sum(1 for c in cells if c["gap"] == 0), n),
                cell(sum(1 for c in cells if c["gap"] > 0), n),
                {lv: cell(levels.get(lv, 0), n) for lv in LEVEL_IDS},
            )
        )

    titles = {r.id: r.title for r in profile.roles}
    by_role: dict[str, list[dict]] = {}
    for r in rows:
        by_role.setdefault(titles.get(r["role"], r["role"]), []).append(r)
    all_staff, other_roles = _(ALL_STAFF), _(OTHER_ROLES)
    groups = {all_staff: rows, **combine_small_groups(by_role, other=other_roles)}
    if len(groups) == 2 and other_roles in groups:  # 'other' would just repeat all staff
        groups = {all_staff: rows}
    heatmap = [
        HeatCell(
            group,
            area.id,
            len(members),
            cell_share(sum(1 for m in members if m["areas"][area.id]["gap"] == 0), len(members)),
            sum(m["areas"][area.id]["gap"] for m in members) / len(members),
        )
        for group, members in groups.items()
        for area in profile.areas
    ]

    # Priorities are chosen on the true shares (a threshold, not a figure); what is shown of
    # them follows the small-cell rule.
    at_target = {
        area.id: sum(1 for r in rows if r["areas"][area.id]["gap"] == 0) / n
        for area in profile.areas
    }
    ranked = sorted(areas, key=lambda a: (at_target[a.area], a.mean_score))
    chosen = [a for a in ranked if 100 * (1 - at_target[a.area]) >= PRIORITY_SHARE]
    chosen = chosen[:MAX_PRIORITIES]
    notes = []
    if not chosen:
        chosen = ranked[:1]
        notes.append(
            _(
                "Fewer than {share} % of staff are below their role's target in every area: "
                "the plan keeps developing the weakest area.",
                share=f"{PRIORITY_SHARE:.0f}",
            )
        )
    priorities = _priorities(rows, chosen, profile, manifest, bank, _)
    statements = _statements(rows, bank, _)
    plan = _plan(priorities, statements, areas, today, _)
    return InstitutionReport(
        institution=name,
        generated=today.isoformat(),
        staff=n,
        groups={g: len(m) for g, m in groups.items()},
        areas=areas,
        heatmap=heatmap,
        priorities=priorities,
        statements=statements,
        plan=plan,
        notes=notes,
        lang=_.lang,
    )


def _priorities(rows, chosen, profile, manifest, bank, _: Words) -> list[Priority]:
    """Units for the priority areas, chosen by the self-assessment's own recommendation rules
    applied to the typical staff member below target in each area."""
    out = []
    for picture in chosen:
        below = [r for r in rows if r["areas"][picture.area]["gap"] > 0] or rows
        level = level_of_number(
            median(level_number(r["areas"][picture.area]["level"]) for r in below)
        )
        target = Counter(r["areas"][picture.area]["target"] for r in below).most_common(1)[0][0]
        if level_number(target) <= level_number(level):
            target = level_of_number(level_number(level) + 1)
        competences = {
            c.id: Scored(
                sum(r["result"]["competences"][c.id]["score"] for r in below) / len(below),
                level if c.area == picture.area else LEVEL_IDS[-1],
            )
            for c in profile.competences
        }
        areas = {
            a.id: AreaScore(0.0, level, target)
            if a.id == picture.area
            else AreaScore(100.0, LEVEL_IDS[-1], LEVEL_IDS[-1])
            for a in profile.areas
        }
        typical = Result(None, competences, areas, None, [])
        recs = recommend(typical, profile, manifest, bank.ui, _.lang, None)
        n_below = cell(len([r for r in rows if r["areas"][picture.area]["gap"] > 0]), len(rows))
        steps = [
            UnitStep(
                r.unit,
                manifest.unit(r.unit).title_in(_.lang),
                r.minutes,
                r.area,
                n_below,
            )
            for r in recs
        ]
        minutes = sum(s.minutes for s in steps)
        out.append(
            Priority(
                picture.area,
                picture.title,
                None if picture.at_target_percent is None else 100.0 - picture.at_target_percent,
                n_below,
                level,
                target,
                steps,
                minutes / 60,
                None if n_below is None else minutes * n_below / 60,
            )
        )
    return out


def _statements(rows, bank: ItemBank, _: Words) -> list[Statement]:
    out = []
    for item in bank.of_kind("institution"):
        values = [r["answers"].get(item.id) for r in rows]
        values = [v for v in values if isinstance(v, int)]
        if not shown(len(values)):
            continue
        mean = sum(values) / len(values)
        out.append(Statement(item.id, item.text, mean, _(AGREEMENT[round(mean) - 1])))
    return out


def _plan(priorities, statements, areas, today: date, _: Words) -> list[PlanRow]:
    plan = []
    months = 12 // max(1, len(priorities))
    weakest = sorted(statements, key=lambda s: s.mean)[:2]
    for k, p in enumerate(priorities):
        start, end = k * months, (k + 1) * months
        review = today + timedelta(days=round(end * 30.4))
        picture = next(a for a in areas if a.area == p.area)
        hours = _.decimal(p.hours_per_person)
        if p.below_target and len(p.units) == 1:
            take = _(
                "The {n} staff below target take the unit listed for {area} above ({hours} h "
                "each), one a week.",
                n=p.below_target,
                area=p.area,
                hours=hours,
            )
        elif p.below_target:
            take = _(
                "The {n} staff below target take the {units} units listed for {area} above "
                "({hours} h each), one a week.",
                n=p.below_target,
                units=len(p.units),
                area=p.area,
                hours=hours,
            )
        else:
            take = _(
                "The staff below target take the units listed for {area} above ({hours} h "
                "each), one a week.",
                area=p.area,
                hours=hours,
            )
        actions = [
            take,
            _(
                "Pair each of them with a colleague or programme mentor who is at target in "
                "{area} (the programme's facilitators can propose mentors from other "
                "countries).",
                area=p.area,
            ),
        ]
        if k < len(weakest):
            action = INSTITUTION_ACTIONS.get(weakest[k].item)
            actions.append(_(action) if action else weakest[k].text)
        if p.below_target_percent is not None:
            now = _(
                "{share} % of staff below their role's target, typically at {level}; mean "
                "score {score}",
                share=f"{p.below_target_percent:.0f}",
                level=p.current_level,
                score=f"{picture.mean_score:.0f}",
            )
        else:
            now = _(
                "Some staff below their role's target, typically at {level}; mean score {score}",
                level=p.current_level,
                score=f"{picture.mean_score:.0f}",
            )
        if picture.at_target_percent is not None:
            at_target = _(
                "Staff at target in {area}: {now} % now, {goal} % at the review "
                "(self-assessment taken again).",
                area=p.area,
                now=f"{picture.at_target_percent:.0f}",
                goal=GOAL_SHARE,
            )
        else:
            at_target = _(
                "Staff at target in {area}: {goal} % at the review (self-assessment taken again).",
                area=p.area,
                goal=GOAL_SHARE,
            )
        plan.append(
            PlanRow(
                p.area,
                p.title,
                _("months {first}-{last}", first=start + 1, last=end),
                now,
                _(
                    "{level} for the staff below target; at least {goal} % of staff at their "
                    "role's target",
                    level=p.target_level,
                    goal=GOAL_SHARE,
                ),
                actions,
                [
                    at_target,
                    _("The staff below target have completed these units by the review."),
                ],
                review.isoformat(),
            )
        )
    return plan
