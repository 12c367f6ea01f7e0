"""Which units close a learner's gaps: ordered by gap and prerequisites, within a budget.

A gap is the number of levels an area is below the role's target. A unit helps with an area
when it trains one of the area's competences and its level lies between the learner's level
and the target. Units are taken largest gap first (then weakest competence score), each after
its prerequisites, until the time budget is used.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.scoring import Result
from competence_profile import LEVEL_IDS, Profile, level_number
from competence_profile.units import Unit, UnitManifest

NEXT_STEPS_WHEN_NO_GAP = 2


@dataclass(frozen=True)
class Recommendation:
    unit: str
    minutes: int
    reason: str
    area: str | None

    def to_dict(self) -> dict:
        return {"unit": self.unit, "reason": self.reason, "minutes": self.minutes}


def recommend(
    result: Result,
    profile: Profile,
    manifest: UnitManifest,
    ui: dict[str, str],
    lang: str = "en",
    budget_minutes: int | None = None,
) -> list[Recommendation]:
    """Units for this result, in the order to take them.

    `profile` and `ui` are in the learner's language `lang` (the reasons are written from
    the ui's templates).
    """
    level_title = {lv.id: f"{lv.id} {lv.title}" for lv in profile.levels}
    area_of = {c.id: c.area for c in profile.competences}
    candidates: list[tuple[tuple, Unit, str, str]] = []  # (priority, unit, area, reason)
    for area_id, area in result.areas.items():
        if area.gap <= 0:
            continue
        low, high = level_number(area.level), level_number(area.target)
        for unit in manifest.units:
            trained = [c for c in unit.competences if area_of.get(c) == area_id]
            if not trained or not low <= level_number(unit.level) <= high:
                continue
            weakest = min(result.competences[c].score for c in trained)
            reason = ui["recommendation_reason"].format(
                competences=", ".join(trained),
                area=profile.area(area_id).title,
                level=level_title[area.level],
                target=level_title[area.target],
            )
            candidates.append(((-area.gap, weakest, unit.id), unit, area_id, reason))
    if not candidates:
        candidates = _next_steps(result, profile, manifest, ui, level_title, area_of)
    candidates.sort(key=lambda c: c[0])
    own_reason: dict[str, tuple[str, str]] = {}
    for _, unit, area_id, reason in candidates:
        own_reason.setdefault(unit.id, (area_id, reason))

    chosen: dict[str, Recommendation] = {}
    used = 0
    for _, unit, _area, _reason in candidates:
        if unit.id in chosen:
            continue
        needed = [u for u in _with_prerequisites(unit, manifest) if u.id not in chosen]
        minutes = sum(u.minutes for u in needed)
        if budget_minutes is not None and used + minutes > budget_minutes:
            continue
        for u in needed:  # prerequisites first, so the insertion order is a learning order
            if u.id in own_reason:  # the unit closes a gap itself: say which
                area, why = own_reason[u.id]
                chosen[u.id] = Recommendation(u.id, u.minutes, why, area)
            else:
                why = ui["prerequisite_reason"].format(unit=unit.title_in(lang))
                chosen[u.id] = Recommendation(u.id, u.minutes, why, None)
        used += minutes
    return list(chosen.values())


def _next_steps(result, profile, manifest, ui, level_title, area_of):
    """No gap: up to two next steps, from the weakest area upwards: units at or above the
    learner's level in an area not yet at the top level (none when no unit is that advanced)."""
    out: list = []
    chosen: set[str] = set()
    weakest_first = sorted(
        (a for a in result.areas.items() if a[1].level != LEVEL_IDS[-1]), key=lambda a: a[1].score
    )
    for area_id, area in weakest_first:
        if len(out) == NEXT_STEPS_WHEN_NO_GAP:
            break
        for unit in manifest.units:
            trained = [c for c in unit.competences if area_of.get(c) == area_id]
            if (
                trained
                and unit.id not in chosen
                and level_number(unit.level) >= level_number(area.level)
            ):
                chosen.add(unit.id)
                reason = ui["recommendation_next_step"].format(
                    competences=", ".join(trained),
                    area=profile.area(area_id).title,
                    level=level_title[area.level],
                )
                out.append(((area.score, unit.level, unit.id), unit, area_id, reason))
                break
    return out


def _with_prerequisites(unit: Unit, manifest: UnitManifest) -> list[Unit]:
    ids: list[str] = []

    def visit(u: Unit) -> None:
        for pre in u.prerequisites:
            if pre not in ids:
                visit(manifest.unit(pre))
        if u.id not in ids:
            ids.append(u.id)

    visit(unit)
    return [manifest.unit(i) for i in ids]
